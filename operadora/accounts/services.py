"""Every write of access: sign-in (with lockout), Obter acesso, validation, recovery, password and e-mail change,
representatives and their security groups, the staff second factor. Each call is audited explicitly.

Services take plain values (the client address `ip`, the site `origem` such as "https://portal.exemplo" for
links in e-mails) so that the portal, the back office and the API can share them."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from operadora.core import documentos
from operadora.core.auditoria import registrar
from operadora.core.erros import ErroDeNegocio, SemPermissao
from operadora.registry.models import Credenciamento, Prestador

from . import bloqueio, segundo_fator, tokens
from .acesso import ContextoPortal, permissoes_operadora, permissoes_portal
from .emails import enviar_apos_commit
from .models import Usuario
from .permissoes import PermissaoOperadora, PermissaoPortal


class AcessoRecusado(ErroDeNegocio):
    mensagem_padrao = "Não foi possível concluir o acesso."


class SenhaAtualIncorreta(AcessoRecusado):
    mensagem_padrao = "Senha atual incorreta."


class LinkInvalido(ErroDeNegocio):
    mensagem_padrao = "Este link é inválido ou expirou."


ESCOPO_PORTAL = "portal"
ESCOPO_RETAGUARDA = "retaguarda"
ESCOPO_SEGUNDO_FATOR = "segundo_fator"
ESCOPO_VERIFICACAO = "verificacao"
ESCOPO_REGISTRO = "registro"
ESCOPO_RECUPERACAO = "recuperacao"
ESCOPO_SENHA_ATUAL = "senha_atual"  # Alterar senha / Alterar e-mail, signed in

MENSAGEM_CREDENCIAIS = "CPF/CNPJ ou senha incorretos."
MENSAGEM_ACESSO_DESATIVADO = "Este acesso está desativado. Procure o responsável pelo prestador."


def _validade_dias() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def normalizar_login(documento: str) -> str:
    """A CPF/CNPJ as typed (with or without the mask) → the compact login."""
    return "".join(c for c in str(documento).upper() if c.isalnum())


def _falhar(*, escopo: str, chaves: list[bloqueio.Chave], usuario: Usuario | None, acao: str, descricao: str,
            ip: str | None, detalhes: dict | None = None) -> None:
    """Counts a failure, audits it (and the lockout it may cause) and raises AcessoBloqueado when it locks."""
    bloqueadas = bloqueio.registrar_falha(escopo, chaves)
    registrar(acao=acao, usuario=usuario, objeto=usuario, descricao=descricao, ip=ip,
              detalhes={"escopo": escopo, **(detalhes or {})})
    if bloqueadas:
        registrar(acao="acesso.bloqueio", usuario=usuario, objeto=usuario, ip=ip,
                  descricao=f"Bloqueio temporário após tentativas sem sucesso ({escopo}).",
                  detalhes={"escopo": escopo, "chaves": [c.tipo for c in bloqueadas], **(detalhes or {})})
        bloqueio.verificar(escopo, chaves)


# --- sign-in ----------------------------------------------------------------------------------------------------

def autenticar_no_portal(*, documento: str, senha: str, ip: str | None) -> Usuario:
    """Provider or representative sign-in by CPF/CNPJ. Raises AcessoBloqueado or AcessoRecusado (pt-BR)."""
    login = normalizar_login(documento)
    chaves = bloqueio.chaves(conta=login, ip=ip)
    bloqueio.verificar(ESCOPO_PORTAL, chaves)
    usuario = authenticate(username=login, password=senha)
    if isinstance(usuario, Usuario) and usuario.tipo != Usuario.Tipo.OPERADORA:
        bloqueio.limpar(ESCOPO_PORTAL, chaves)
        registrar(acao="acesso.entrada", usuario=usuario, objeto=usuario, ip=ip, descricao="Entrada no portal.")
        return usuario
    existente = Usuario.objects.filter(username=login).exclude(tipo=Usuario.Tipo.OPERADORA).first()
    if existente is not None and not existente.is_active and existente.check_password(senha):
        if existente.acesso_validado_em is None and existente.tipo == Usuario.Tipo.PRESTADOR:
            raise AcessoRecusado("Seu acesso ainda não foi validado: abra o link que enviamos por e-mail. "
                                 "Se ele expirou, faça o “Obter acesso” de novo.")
        raise AcessoRecusado(MENSAGEM_ACESSO_DESATIVADO)
    _falhar(escopo=ESCOPO_PORTAL, chaves=chaves, usuario=existente, acao="acesso.falha", ip=ip,
            descricao="Tentativa de entrada no portal sem sucesso.", detalhes={"login": login})
    raise AcessoRecusado(MENSAGEM_CREDENCIAIS)


def autenticar_na_retaguarda(*, login: str, senha: str, ip: str | None) -> Usuario:
    """First step of the staff sign-in (password); the caller then asks for the TOTP code."""
    login = login.strip()
    chaves = bloqueio.chaves(conta=login, ip=ip)
    bloqueio.verificar(ESCOPO_RETAGUARDA, chaves)
    usuario = authenticate(username=login, password=senha)
    if isinstance(usuario, Usuario) and usuario.tipo == Usuario.Tipo.OPERADORA:
        return usuario
    existente = Usuario.objects.filter(username=login, tipo=Usuario.Tipo.OPERADORA).first()
    _falhar(escopo=ESCOPO_RETAGUARDA, chaves=chaves, usuario=existente, acao="acesso.falha", ip=ip,
            descricao="Tentativa de entrada na retaguarda sem sucesso.", detalhes={"login": login})
    raise AcessoRecusado("Login ou senha incorretos.")


def verificar_segundo_fator(*, usuario_id: int, codigo: str, ip: str | None, segredo_novo: str | None = None
                            ) -> Usuario:
    """Second step of the staff sign-in. With `segredo_novo`, enrols that secret (first sign-in) after checking
    a code of it. A code's time step is accepted once (replay protection). Failures are audited outside the
    transaction that records the accepted step, so they are never rolled back."""
    usuario = Usuario.objects.get(pk=usuario_id, tipo=Usuario.Tipo.OPERADORA, is_active=True)
    chaves = bloqueio.chaves(conta=usuario.username, ip=ip)
    bloqueio.verificar(ESCOPO_SEGUNDO_FATOR, chaves)
    segredo = segredo_novo or usuario.totp_secret
    if not segredo:
        raise AcessoRecusado("O segundo fator ainda não foi configurado para este login.")
    passo = segundo_fator.passo_do_codigo(segredo=segredo, codigo=codigo)
    if passo is None:
        _falhar(escopo=ESCOPO_SEGUNDO_FATOR, chaves=chaves, usuario=usuario, acao="acesso.falha", ip=ip,
                descricao="Código do segundo fator recusado.")
        raise AcessoRecusado("Código inválido. Confira o código de 6 dígitos do aplicativo autenticador.")
    with transaction.atomic():
        usuario = Usuario.objects.select_for_update().get(pk=usuario.pk)
        reutilizado = usuario.totp_ultimo_passo is not None and passo <= usuario.totp_ultimo_passo
        if not reutilizado:
            usuario.totp_ultimo_passo = passo
            campos = ["totp_ultimo_passo"]
            if segredo_novo:
                usuario.totp_secret = segredo_novo
                campos.append("totp_secret")
                registrar(acao="acesso.segundo_fator_ativado", usuario=usuario, objeto=usuario, ip=ip,
                          descricao="Segundo fator (TOTP) configurado.")
            usuario.save(update_fields=campos)
            registrar(acao="acesso.entrada", usuario=usuario, objeto=usuario, ip=ip,
                      descricao="Entrada na retaguarda (senha e segundo fator).")
    if reutilizado:
        _falhar(escopo=ESCOPO_SEGUNDO_FATOR, chaves=chaves, usuario=usuario, acao="acesso.falha", ip=ip,
                descricao="Código do segundo fator já usado (repetição).")
        raise AcessoRecusado("Este código já foi usado. Aguarde o próximo código do aplicativo.")
    bloqueio.limpar(ESCOPO_SEGUNDO_FATOR, chaves)
    bloqueio.limpar(ESCOPO_RETAGUARDA, chaves)
    return usuario


def redefinir_segundo_fator(*, por: Usuario, usuario_id: int, ip: str | None) -> Usuario:
    """A staff member who lost its authenticator: an administrator (the Administração permission, the Administrador
    role) clears the TOTP secret, and the member enrols a new one at its next sign-in (the QR code after the
    password, as on a first sign-in). The secret is never shown nor recorded; the reset is audited."""
    if PermissaoOperadora.ADMINISTRACAO not in permissoes_operadora(por):
        raise SemPermissao("Só quem tem o papel Administrador pode redefinir o segundo fator.")
    with transaction.atomic():
        usuario = Usuario.objects.select_for_update().filter(pk=usuario_id).first()
        if usuario is None or usuario.tipo != Usuario.Tipo.OPERADORA:
            raise AcessoRecusado("Este acesso não é da equipe: só a equipe da operadora tem segundo fator.")
        tinha = bool(usuario.totp_secret)
        usuario.totp_secret = ""  # totp_ultimo_passo stays: a code already used is never accepted again
        usuario.save(update_fields=["totp_secret"])
        registrar(acao="acesso.segundo_fator_redefinido", usuario=por, objeto=usuario, ip=ip,
                  descricao=f"Segundo fator (TOTP) de {usuario.username} redefinido: cadastra o aplicativo "
                            "autenticador de novo na próxima entrada.",
                  detalhes={"login": usuario.username, "estava_configurado": tinha})
    return usuario


def registrar_saida(*, usuario: Usuario, ip: str | None) -> None:
    registrar(acao="acesso.saida", usuario=usuario, objeto=usuario, ip=ip, descricao="Saída.")


# --- Obter acesso -----------------------------------------------------------------------------------------------

def verificar_prestador_para_acesso(*, tipo_pessoa: str, documento: str, ip: str | None) -> Prestador:
    """Step 1 of Obter acesso ("Verificar"): a credentialed provider that has no access yet."""
    chaves = bloqueio.chaves(conta=normalizar_login(documento), ip=ip)
    bloqueio.verificar(ESCOPO_VERIFICACAO, chaves)
    try:
        if tipo_pessoa == Prestador.TipoPessoa.FISICA:
            numero = documentos.validar_cpf(documento)
        else:
            numero = documentos.validar_cnpj(documento)
    except ValidationError as erro:
        raise AcessoRecusado(erro.messages[0]) from erro
    nome_doc = "CPF" if tipo_pessoa == Prestador.TipoPessoa.FISICA else "CNPJ"
    prestador = Prestador.objects.filter(cpf_cnpj=numero).first()
    if prestador is None or prestador.tipo_pessoa != tipo_pessoa:
        _falhar(escopo=ESCOPO_VERIFICACAO, chaves=chaves, usuario=None, acao="acesso.verificacao_recusada", ip=ip,
                descricao="Obter acesso: documento não encontrado.", detalhes={"documento": numero})
        raise AcessoRecusado(f"Não encontramos um prestador com este {nome_doc} no cadastro da operadora. "
                             "Confira o número e o tipo de pessoa, ou procure o setor de credenciamento.")
    if not Credenciamento.objects.filter(prestador=prestador, situacao=Credenciamento.Situacao.ATIVO,
                                         operadora__ativa=True).exists():
        _falhar(escopo=ESCOPO_VERIFICACAO, chaves=chaves, usuario=None, acao="acesso.verificacao_recusada", ip=ip,
                descricao="Obter acesso: prestador sem credenciamento ativo.", detalhes={"documento": numero})
        raise AcessoRecusado("Este prestador não tem credenciamento ativo com nenhuma operadora. "
                             "Procure o setor de credenciamento.")
    if Usuario.objects.filter(prestador=prestador, tipo=Usuario.Tipo.PRESTADOR, is_active=True).exists():
        raise AcessoRecusado(f"Este {nome_doc} já tem acesso ao portal. Se não lembra a senha, use "
                             "“Esqueci minha senha”.")
    return prestador


def _mesmo_numero(informado: str, cadastrado: str) -> bool:
    a, b = informado.strip().upper().lstrip("0"), cadastrado.strip().upper().lstrip("0")
    return bool(cadastrado.strip()) and a == b


def solicitar_acesso_prestador(*, prestador_id: int, agencia: str, agencia_dv: str, conta: str, conta_dv: str,
                               email: str, senha: str, ip: str | None, origem: str) -> Usuario:
    """Step 2 of Obter acesso ("Registrar"): the bank data must match the register (proof of identity); creates
    the provider's access, inactive until the e-mailed validation link is opened. A mismatch is audited and
    counted outside the transaction (never rolled back)."""
    prestador = Prestador.objects.get(pk=prestador_id)
    chaves = bloqueio.chaves(conta=prestador.cpf_cnpj, ip=ip)
    bloqueio.verificar(ESCOPO_REGISTRO, chaves)
    if not (_mesmo_numero(agencia, prestador.agencia) and _mesmo_numero(agencia_dv or "", prestador.agencia_dv or "0")
            and _mesmo_numero(conta, prestador.conta) and _mesmo_numero(conta_dv or "", prestador.conta_dv or "0")):
        _falhar(escopo=ESCOPO_REGISTRO, chaves=chaves, usuario=None, acao="acesso.registro_recusado", ip=ip,
                descricao="Obter acesso: dados bancários não conferem.", detalhes={"prestador_id": prestador.pk})
        raise AcessoRecusado("A agência e a conta corrente informadas não conferem com o cadastro do prestador "
                             "na operadora. Confira os números e os dígitos verificadores.")
    return _registrar_acesso_prestador(prestador_id=prestador.pk, email=email, senha=senha, ip=ip, origem=origem)


@transaction.atomic
def _registrar_acesso_prestador(*, prestador_id: int, email: str, senha: str, ip: str | None, origem: str) -> Usuario:
    prestador = Prestador.objects.select_for_update().get(pk=prestador_id)
    usuario = Usuario.objects.select_for_update().filter(prestador=prestador, tipo=Usuario.Tipo.PRESTADOR).first()
    if usuario is not None and usuario.is_active:
        raise AcessoRecusado("Este prestador já tem acesso ao portal. Se não lembra a senha, use "
                             "“Esqueci minha senha”.")
    if usuario is None:
        if Usuario.objects.filter(username=prestador.cpf_cnpj).exists():
            raise AcessoRecusado("Este CPF já é o login de um representante. Procure o prestador responsável.")
        usuario = Usuario(username=prestador.cpf_cnpj, tipo=Usuario.Tipo.PRESTADOR, prestador=prestador,
                          is_active=False)
    usuario.first_name = prestador.nome[:150]
    usuario.email = email
    usuario.set_password(senha)
    usuario.save()
    registrar(acao="acesso.solicitado", usuario=None, objeto=usuario, ip=ip,
              descricao="Obter acesso: cadastro registrado, aguardando validação por e-mail.",
              detalhes={"prestador_id": prestador.pk, "email": email})
    link = origem + reverse("portal:validar_acesso", args=[tokens.uid(usuario),
                                                           tokens.validacao_de_acesso.make_token(usuario)])
    enviar_apos_commit(para=email, assunto="Valide o seu acesso ao Portal do Prestador",
                       template="validacao_acesso",
                       contexto={"prestador": prestador, "link": link, "validade_dias": _validade_dias()})
    return usuario


@transaction.atomic
def validar_acesso_prestador(*, uidb64: str, token: str, ip: str | None) -> Usuario:
    usuario_id = tokens.id_do_uid(uidb64)
    usuario = (Usuario.objects.select_for_update().filter(pk=usuario_id, tipo=Usuario.Tipo.PRESTADOR).first()
               if usuario_id else None)
    if usuario is None or not tokens.validacao_de_acesso.check_token(usuario, token):
        raise LinkInvalido("Este link de validação é inválido, já foi usado ou expirou. Se o acesso ainda não "
                           "funciona, faça o “Obter acesso” de novo.")
    usuario.is_active = True
    usuario.acesso_validado_em = timezone.now()
    usuario.save(update_fields=["is_active", "acesso_validado_em"])
    registrar(acao="acesso.validado", usuario=usuario, objeto=usuario, ip=ip,
              descricao="Obter acesso: e-mail validado, acesso liberado.")
    return usuario


# --- passwords and e-mail ---------------------------------------------------------------------------------------

def solicitar_recuperacao_de_senha(*, documento: str, ip: str | None, origem: str) -> None:
    """Sends a link to create a new password to the registered e-mail, when the login has an active access.
    The answer does not tell whether it has (no enumeration); every request counts against the rate limit."""
    login = normalizar_login(documento)
    chaves = bloqueio.chaves(conta=login, ip=ip)
    bloqueio.verificar(ESCOPO_RECUPERACAO, chaves)
    bloqueio.registrar_falha(ESCOPO_RECUPERACAO, chaves)
    usuario = (Usuario.objects.filter(username=login, is_active=True)
               .exclude(tipo=Usuario.Tipo.OPERADORA).exclude(email="").first())
    registrar(acao="acesso.recuperacao_solicitada", usuario=None, objeto=usuario, ip=ip,
              descricao="Pedido de nova senha.", detalhes={"login": login, "encontrado": usuario is not None})
    if usuario is None:
        return
    link = origem + reverse("portal:definir_senha", args=[tokens.uid(usuario),
                                                          tokens.definicao_de_senha.make_token(usuario)])
    enviar_apos_commit(para=usuario.email, assunto="Nova senha do Portal do Prestador",
                       template="recuperacao_senha",
                       contexto={"usuario": usuario, "link": link, "validade_dias": _validade_dias()})


@transaction.atomic
def definir_senha(*, usuario: Usuario, senha: str, ip: str | None, motivo: str) -> Usuario:
    """Sets a new password (recovery, a representative's first password, change). The caller has validated it
    with Django's validators (the forms do). Set from the e-mailed link, it also lifts the portal sign-in lock of
    the account (not of the address). A deactivated access gets no password (an invitation or recovery link sent
    before the deactivation is refused)."""
    usuario = Usuario.objects.select_for_update().get(pk=usuario.pk)
    if not usuario.is_active:
        raise AcessoRecusado(MENSAGEM_ACESSO_DESATIVADO)
    usuario.set_password(senha)
    campos = ["password"]
    if usuario.acesso_validado_em is None and usuario.is_active:
        usuario.acesso_validado_em = timezone.now()
        campos.append("acesso_validado_em")
    usuario.save(update_fields=campos)
    if motivo in ("recuperacao", "convite"):  # set from the e-mailed link: a sign-in locked by guesses is freed
        bloqueio.liberar_conta(ESCOPO_PORTAL, usuario.username)
        bloqueio.liberar_conta(ESCOPO_SENHA_ATUAL, usuario.username)
    registrar(acao="acesso.senha_definida", usuario=usuario, objeto=usuario, ip=ip,
              descricao={"recuperacao": "Nova senha pelo link de recuperação.",
                         "convite": "Senha gravada pelo convite de representante.",
                         "alteracao": "Senha alterada."}.get(motivo, "Senha definida."),
              detalhes={"motivo": motivo})
    return usuario


def conferir_senha_atual(*, usuario: Usuario, senha: str, ip: str | None) -> None:
    """Alterar senha and Alterar e-mail ask for the current password: wrong guesses count and lock as at sign-in
    (`bloqueio`, per account and per address), are audited, and a right one forgets the account's failures.
    Raises SenhaAtualIncorreta or AcessoBloqueado."""
    chaves = bloqueio.chaves(conta=usuario.username, ip=ip)
    bloqueio.verificar(ESCOPO_SENHA_ATUAL, chaves)
    if not usuario.check_password(senha):
        _falhar(escopo=ESCOPO_SENHA_ATUAL, chaves=chaves, usuario=usuario, acao="acesso.falha", ip=ip,
                descricao="Senha atual incorreta (Meu acesso).")
        raise SenhaAtualIncorreta()
    bloqueio.limpar(ESCOPO_SENHA_ATUAL, chaves)


def alterar_senha(*, usuario: Usuario, senha_atual: str, nova_senha: str, ip: str | None) -> Usuario:
    """Meu acesso › Alterar senha (the form validated `nova_senha` with Django's validators)."""
    conferir_senha_atual(usuario=usuario, senha=senha_atual, ip=ip)
    return definir_senha(usuario=usuario, senha=nova_senha, ip=ip, motivo="alteracao")


def trocar_o_proprio_email(*, usuario: Usuario, senha_atual: str, novo_email: str, ip: str | None,
                           origem: str) -> None:
    """Meu acesso › Alterar e-mail: the current password, then `solicitar_troca_de_email`."""
    conferir_senha_atual(usuario=usuario, senha=senha_atual, ip=ip)
    solicitar_troca_de_email(usuario=usuario, novo_email=novo_email, ip=ip, origem=origem)


@transaction.atomic
def solicitar_troca_de_email(*, usuario: Usuario, novo_email: str, ip: str | None, origem: str,
                             por: Usuario | None = None) -> None:
    """The new address only counts once confirmed by the link sent to it; the current address gets a notice.
    `por`: who asked, when not the user itself (a representative's manager, `alterar_representante`)."""
    if novo_email.lower() == (usuario.email or "").lower():
        raise AcessoRecusado("O novo e-mail é igual ao atual.")
    por = por if por is not None and por.pk != usuario.pk else None
    token = tokens.assinar_troca_de_email(usuario_id=usuario.pk, novo=novo_email, atual=usuario.email)
    link = origem + reverse("portal:confirmar_email", args=[token])
    enviar_apos_commit(para=novo_email, assunto="Confirme o novo e-mail do seu acesso", template="troca_email",
                       contexto={"usuario": usuario, "link": link, "por": por})
    if usuario.email:
        enviar_apos_commit(para=usuario.email, assunto="Pedido de troca de e-mail", template="troca_email_aviso",
                           contexto={"usuario": usuario, "novo_email": novo_email, "por": por})
    registrar(acao="acesso.troca_email_solicitada", usuario=por or usuario, objeto=usuario, ip=ip,
              descricao="Pedido de troca de e-mail." if por is None else
              f"Pedido de troca do e-mail de {usuario.first_name} por {por.first_name or por.username}.",
              detalhes={"novo": novo_email})


@transaction.atomic
def confirmar_troca_de_email(*, token: str, ip: str | None) -> Usuario:
    dados = tokens.ler_troca_de_email(token)
    usuario = (Usuario.objects.select_for_update().filter(pk=dados["u"], is_active=True).first()
               if dados else None)
    if usuario is None or dados is None or (usuario.email or "") != dados["a"]:
        raise LinkInvalido("Este link de confirmação é inválido, já foi usado ou expirou. Peça a troca de novo.")
    anterior, usuario.email = usuario.email, dados["n"]
    usuario.save(update_fields=["email"])
    registrar(acao="acesso.email_alterado", usuario=usuario, objeto=usuario, ip=ip,
              descricao="E-mail do acesso alterado.", detalhes={"anterior": anterior, "novo": usuario.email})
    return usuario


# --- representatives --------------------------------------------------------------------------------------------

def _grupos_validos(*, por: Usuario, grupos: Iterable[str], atuais: Iterable[str] = ()) -> list[str]:
    """The groups asked for, each one within `por`'s own reach. A representative holding groups beyond the editor's
    (`atuais`, when editing) is not the editor's to change at all — not even to take those groups away."""
    pedidos = [PermissaoPortal(g) for g in dict.fromkeys(grupos)]
    if not pedidos:
        raise AcessoRecusado("Escolha ao menos um grupo de segurança.")
    minhas = permissoes_portal(por)
    fora = [g for g in PermissaoPortal if g.value in set(atuais) and g not in minhas]
    if fora:
        raise SemPermissao(f"Este representante tem grupos que o seu acesso não tem: "
                           f"{', '.join(g.label for g in fora)}. Só o prestador, ou quem também os tenha, pode "
                           "alterá-lo.")
    alem = [g for g in pedidos if g not in minhas]
    if alem:
        raise SemPermissao(f"Você não pode conceder grupos que o seu acesso não tem: "
                           f"{', '.join(g.label for g in alem)}.")
    return [g.value for g in PermissaoPortal if g in pedidos]  # stable order


def _enviar_convite(*, representante: Usuario, prestador: Prestador, origem: str) -> None:
    link = origem + reverse("portal:definir_senha", args=[tokens.uid(representante),
                                                          tokens.definicao_de_senha.make_token(representante)])
    enviar_apos_commit(para=representante.email, assunto="Seu acesso de representante ao Portal do Prestador",
                       template="convite_representante",
                       contexto={"representante": representante, "prestador": prestador, "link": link,
                                 "validade_dias": _validade_dias()})


TENTATIVAS = {"ver": "abrir", "criar": "criar", "alterar": "alterar", "desativar": "desativar",
              "reativar": "reativar", "reenviar_convite": "reenviar o convite de"}


@contextmanager
def _recusa_auditada(*, contexto: ContextoPortal, tentativa: str, ip: str | None,
                     representante: Usuario | None = None, detalhes: dict | None = None) -> Iterator[None]:
    """Around a representative service, outside its transaction: a refusal for lack of permission (groups beyond
    one's own, one's own groups or deactivation) is recorded — who, what was attempted — and raised again."""
    try:
        yield
    except SemPermissao as erro:
        registrar(acao="representante.acao_recusada", usuario=contexto.usuario, objeto=representante, ip=ip,
                  descricao=f"Recusado ({TENTATIVAS[tentativa]} representante): {erro.mensagem}",
                  detalhes={"tentativa": tentativa, **(detalhes or {})})
        raise


def registrar_tentativa_fora_do_alcance(*, contexto: ContextoPortal, representante_id: int, tentativa: str,
                                        ip: str | None) -> None:
    """`selectors.acessar_representante` answered 404: when the id is an access outside the user's reach (another
    provider's, the operator's staff, or the provider's own login, which is not a representative), the attempt is
    recorded. An id that is nobody's is just a 404."""
    alvo = Usuario.objects.filter(pk=representante_id).exclude(
        prestador=contexto.prestador, tipo=Usuario.Tipo.REPRESENTANTE).first()
    if alvo is None:
        return
    if alvo.tipo == Usuario.Tipo.OPERADORA:
        de_quem = "da equipe da operadora"
    elif alvo.prestador_id != contexto.prestador.pk:
        de_quem = "de outro prestador"
    else:
        de_quem = "do próprio prestador (não é representante)"
    registrar(acao="representante.acao_recusada", usuario=contexto.usuario, objeto=alvo, ip=ip,
              descricao=f"Recusado ({TENTATIVAS[tentativa]} representante): o acesso {alvo.username} é {de_quem}.",
              detalhes={"tentativa": tentativa, "prestador_id": alvo.prestador_id})


def criar_representante(*, contexto: ContextoPortal, cpf: str, nome: str, telefone: str, email: str, lotacao: str,
                        cargo: str, grupos: Iterable[str], ip: str | None, origem: str) -> Usuario:
    """"Novo representante": a login (the CPF) of the provider with its security groups; the representative gets
    an e-mail to set the password."""
    grupos = list(grupos)
    with _recusa_auditada(contexto=contexto, tentativa="criar", ip=ip, detalhes={"grupos": grupos, "cpf": cpf}), \
            transaction.atomic():
        return _criar_representante(contexto=contexto, cpf=cpf, nome=nome, telefone=telefone, email=email,
                                    lotacao=lotacao, cargo=cargo, grupos=grupos, ip=ip, origem=origem)


def _criar_representante(*, contexto: ContextoPortal, cpf: str, nome: str, telefone: str, email: str, lotacao: str,
                         cargo: str, grupos: list[str], ip: str | None, origem: str) -> Usuario:
    try:
        cpf = documentos.validar_cpf(cpf)
    except ValidationError as erro:
        raise AcessoRecusado(erro.messages[0]) from erro
    grupos_validos = _grupos_validos(por=contexto.usuario, grupos=grupos)
    if Usuario.objects.filter(username=cpf).exists():
        raise AcessoRecusado("Este CPF já tem acesso ao portal.")
    representante = Usuario(username=cpf, first_name=nome[:150], email=email, telefone=telefone, lotacao=lotacao,
                            cargo=cargo, grupos_portal=grupos_validos, tipo=Usuario.Tipo.REPRESENTANTE,
                            prestador=contexto.prestador)
    representante.set_unusable_password()
    try:
        with transaction.atomic():
            representante.save()
    except IntegrityError as erro:  # the same CPF created at the same moment
        raise AcessoRecusado("Este CPF já tem acesso ao portal.") from erro
    registrar(acao="representante.criado", usuario=contexto.usuario, objeto=representante, ip=ip,
              descricao=f"Representante {nome} criado.", detalhes={"grupos": grupos_validos, "cpf": cpf})
    _enviar_convite(representante=representante, prestador=contexto.prestador, origem=origem)
    return representante


CAMPOS_EDITAVEIS = ("first_name", "telefone", "lotacao", "cargo", "grupos_portal")


def alterar_representante(*, contexto: ContextoPortal, representante: Usuario, nome: str, telefone: str,
                          email: str, lotacao: str, cargo: str, grupos: Iterable[str], ip: str | None,
                          origem: str) -> Usuario:
    """`representante` comes from `selectors.acessar_representante(contexto, id)`. A new e-mail follows the rule
    of one's own change (`solicitar_troca_de_email`): it counts once confirmed from the link sent to it, and the
    current address is told — the e-mail receives the links that set the password."""
    grupos = list(grupos)
    with _recusa_auditada(contexto=contexto, tentativa="alterar", ip=ip, representante=representante,
                          detalhes={"grupos": grupos}), transaction.atomic():
        return _alterar_representante(contexto=contexto, representante=representante, nome=nome,
                                      telefone=telefone, email=email, lotacao=lotacao, cargo=cargo, grupos=grupos,
                                      ip=ip, origem=origem)


def _alterar_representante(*, contexto: ContextoPortal, representante: Usuario, nome: str, telefone: str,
                           email: str, lotacao: str, cargo: str, grupos: list[str], ip: str | None,
                           origem: str) -> Usuario:
    representante = Usuario.objects.select_for_update().get(pk=representante.pk, prestador=contexto.prestador,
                                                            tipo=Usuario.Tipo.REPRESENTANTE)
    novos = {"first_name": nome[:150], "telefone": telefone, "lotacao": lotacao, "cargo": cargo,
             "grupos_portal": _grupos_validos(por=contexto.usuario, grupos=grupos,
                                              atuais=representante.grupos_portal)}
    if representante.pk == contexto.usuario.pk and set(novos["grupos_portal"]) != set(representante.grupos_portal):
        raise SemPermissao("Você não pode alterar os seus próprios grupos de segurança.")
    if representante.pk == contexto.usuario.pk and email.lower() != (representante.email or "").lower():
        # the e-mail receives the recovery links: one's own changes only by Meu acesso (password + confirmation)
        raise SemPermissao("Para trocar o seu próprio e-mail, use Meu acesso › Alterar e-mail: o novo endereço "
                           "passa a valer depois da confirmação pelo link enviado a ele.")
    mudancas = {campo: {"antes": getattr(representante, campo), "depois": valor}
                for campo, valor in novos.items() if getattr(representante, campo) != valor}
    if mudancas:
        for campo, valor in novos.items():
            setattr(representante, campo, valor)
        representante.save(update_fields=list(mudancas))
        registrar(acao="representante.alterado", usuario=contexto.usuario, objeto=representante, ip=ip,
                  descricao=f"Representante {representante.first_name} alterado.", detalhes={"mudancas": mudancas})
    if email.lower() != (representante.email or "").lower():
        solicitar_troca_de_email(usuario=representante, novo_email=email, ip=ip, origem=origem, por=contexto.usuario)
    return representante


def desativar_representante(*, contexto: ContextoPortal, representante: Usuario, ip: str | None) -> Usuario:
    with _recusa_auditada(contexto=contexto, tentativa="desativar", ip=ip, representante=representante), \
            transaction.atomic():
        representante = Usuario.objects.select_for_update().get(pk=representante.pk, prestador=contexto.prestador,
                                                                tipo=Usuario.Tipo.REPRESENTANTE)
        if representante.pk == contexto.usuario.pk:
            raise SemPermissao("Você não pode desativar o seu próprio acesso.")
        if representante.is_active:
            representante.is_active = False
            representante.save(update_fields=["is_active"])
            registrar(acao="representante.desativado", usuario=contexto.usuario, objeto=representante, ip=ip,
                      descricao=f"Representante {representante.first_name} desativado.")
        return representante


@transaction.atomic
def reativar_representante(*, contexto: ContextoPortal, representante: Usuario, ip: str | None) -> Usuario:
    representante = Usuario.objects.select_for_update().get(pk=representante.pk, prestador=contexto.prestador,
                                                            tipo=Usuario.Tipo.REPRESENTANTE)
    if not representante.is_active:
        representante.is_active = True
        representante.save(update_fields=["is_active"])
        registrar(acao="representante.reativado", usuario=contexto.usuario, objeto=representante, ip=ip,
                  descricao=f"Representante {representante.first_name} reativado.")
    return representante


@transaction.atomic
def reenviar_convite(*, contexto: ContextoPortal, representante: Usuario, ip: str | None, origem: str) -> None:
    if not representante.is_active:
        raise AcessoRecusado("Reative o representante antes de reenviar o convite.")
    _enviar_convite(representante=representante, prestador=contexto.prestador, origem=origem)
    registrar(acao="representante.convite_reenviado", usuario=contexto.usuario, objeto=representante, ip=ip,
              descricao=f"Convite reenviado a {representante.first_name}.")


# --- staff and roles administered in /admin/ -------------------------------------------------------------------

ACOES_DA_ADMINISTRACAO = {
    ("usuario", "criado"): "Acesso criado na administração.",
    ("usuario", "alterado"): "Acesso alterado na administração.",
    ("usuario", "excluido"): "Acesso excluído na administração.",
    ("papel", "criado"): "Papel da equipe criado na administração.",
    ("papel", "alterado"): "Papel da equipe alterado na administração.",
    ("papel", "excluido"): "Papel da equipe excluído na administração.",
}


def auditar_administracao(*, por: Usuario, objeto, tipo: str, evento: str, mudancas: dict | None,
                          ip: str | None) -> None:
    """/admin/ writes users (staff, providers, representatives) and roles (Django groups) with its own forms; this
    records what it granted or took (`acesso.usuario_*`, `acesso.papel_*`) as the portal does for representatives.
    `mudancas` maps each changed field to {"antes", "depois"}; no password ever goes in it."""
    if evento == "alterado" and not mudancas:
        return
    registrar(acao=f"acesso.{tipo}_{evento}", usuario=por, objeto=objeto, ip=ip,
              descricao=f"{ACOES_DA_ADMINISTRACAO[(tipo, evento)]} {objeto}"[:500],
              detalhes={"mudancas": mudancas} if mudancas else {})


def auditar_senha_definida_na_administracao(*, por: Usuario, usuario: Usuario, ip: str | None) -> None:
    registrar(acao="acesso.senha_definida", usuario=por, objeto=usuario, ip=ip,
              descricao=f"Senha de {usuario} definida na administração.", detalhes={"motivo": "administracao"})
