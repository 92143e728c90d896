import re

import pytest
from django.core import mail

from operadora.accounts.models import Usuario
from operadora.accounts.permissoes import PermissaoPortal
from operadora.core.models import EventoAuditoria

NOVO = {"cpf": "111.444.777-35", "telefone": "(11) 3333-4444", "nome": "Joana Atendente",
        "email": "joana@a.exemplo.com.br", "email2": "joana@a.exemplo.com.br", "lotacao": "Recepção",
        "cargo": "Atendente", "grupos": ["acesso_chat", "autorizacoes"]}


@pytest.mark.django_db
def test_novo_representante_recebe_convite_grava_senha_e_so_alcanca_seus_grupos(
        client, cliente_portal, django_capture_on_commit_callbacks):
    # given the provider creates a representative with Acesso ao chat + Autorizações
    with django_capture_on_commit_callbacks(execute=True):
        resposta = cliente_portal.post("/portal/representantes/novo/", NOVO)
    assert resposta["Location"] == "/portal/representantes/"
    representante = Usuario.objects.get(username="11144477735")
    assert representante.tipo == "representante" and not representante.has_usable_password()
    assert EventoAuditoria.objects.filter(acao="representante.criado", objeto_id=str(representante.pk)).exists()
    # when it sets its password from the e-mailed link and signs in with its CPF
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(url, {"new_password1": "Joana#2026ok", "new_password2": "Joana#2026ok"})
    assert client.post("/portal/entrar/", {"documento": "111.444.777-35", "senha": "Joana#2026ok"}).status_code == 302
    # then it reaches the home, but not the representatives' management, by URL either
    assert client.get("/portal/").status_code == 200
    assert "Representantes" not in client.get("/portal/").content.decode()
    assert client.get("/portal/representantes/").status_code == 403


@pytest.mark.django_db
def test_lista_e_pesquisa_por_cpf_e_nome(cliente_portal, cliente_representante):
    joao = cliente_representante(PermissaoPortal.FATURAMENTO).usuario
    joao.first_name = "João Faturista"
    joao.save()
    assert "João Faturista" in cliente_portal.get("/portal/representantes/?nome=fatur").content.decode()
    assert "João Faturista" not in cliente_portal.get("/portal/representantes/?cpf=999").content.decode()
    assert "João Faturista" in cliente_portal.get(f"/portal/representantes/?cpf={joao.username[:5]}").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("campos", "mensagem"), [
    ({"cpf": "111.444.777-00"}, "CPF inválido"),
    ({"cpf": "111.111.111-11"}, "CPF inválido"),  # its check digits add up, but the Receita issues no such CPF
    ({"email2": "outra@a.exemplo.com.br"}, "Os dois e-mails não são iguais."),
    ({"grupos": []}, "Escolha ao menos um grupo de segurança."),
    ({"grupos": ["inexistente"]}, "Faça uma escolha válida"),
])
def test_novo_representante_invalido_tem_mensagem_e_nada_cria(cliente_portal, campos, mensagem):
    resposta = cliente_portal.post("/portal/representantes/novo/", {**NOVO, **campos})
    assert resposta.status_code == 400 and mensagem in resposta.content.decode()
    assert not Usuario.objects.filter(tipo="representante").exists()


@pytest.mark.django_db
def test_cpf_repetido_e_recusado(cliente_portal, cliente_representante):
    existente = cliente_representante(PermissaoPortal.FATURAMENTO).usuario
    resposta = cliente_portal.post("/portal/representantes/novo/", {**NOVO, "cpf": existente.username})
    assert "Este CPF já tem acesso ao portal." in resposta.content.decode()


@pytest.mark.django_db
def test_gestor_nao_concede_grupos_que_nao_tem(cliente_representante):
    gestor = cliente_representante(PermissaoPortal.GESTAO_REPRESENTANTES, PermissaoPortal.ACESSO_CHAT)
    resposta = gestor.post("/portal/representantes/novo/", {**NOVO, "grupos": ["faturamento"]})
    assert resposta.status_code == 400 and "Faturamento" in resposta.content.decode()
    assert not Usuario.objects.filter(username="11144477735").exists()


@pytest.mark.django_db
def test_editar_grupos_fica_na_auditoria(cliente_portal, cliente_representante):
    alvo = cliente_representante(PermissaoPortal.FATURAMENTO).usuario
    dados = {**NOVO, "cpf": alvo.username, "grupos": ["faturamento", "demonstrativos"]}
    assert cliente_portal.post(f"/portal/representantes/{alvo.pk}/", dados).status_code == 302
    alvo.refresh_from_db()
    assert alvo.grupos_portal == ["faturamento", "demonstrativos"] and alvo.username != "11144477735"
    evento = EventoAuditoria.objects.get(acao="representante.alterado", objeto_id=str(alvo.pk))
    assert evento.detalhes["mudancas"]["grupos_portal"] == {"antes": ["faturamento"],
                                                            "depois": ["faturamento", "demonstrativos"]}


@pytest.mark.django_db
def test_desativar_corta_o_acesso_na_hora_e_reativar_devolve(cliente_portal, cliente_representante):
    representante = cliente_representante(PermissaoPortal.FATURAMENTO)
    assert representante.get("/portal/").status_code == 200
    cliente_portal.post(f"/portal/representantes/{representante.usuario.pk}/desativar/")
    assert representante.get("/portal/").status_code == 302
    assert EventoAuditoria.objects.filter(acao="representante.desativado").exists()
    cliente_portal.post(f"/portal/representantes/{representante.usuario.pk}/reativar/")
    assert Usuario.objects.get(pk=representante.usuario.pk).is_active


@pytest.mark.django_db
def test_gestor_nao_desativa_a_si_mesmo(cliente_representante):
    gestor = cliente_representante(PermissaoPortal.GESTAO_REPRESENTANTES)
    resposta = gestor.post(f"/portal/representantes/{gestor.usuario.pk}/desativar/", follow=True)
    assert "Você não pode desativar o seu próprio acesso." in resposta.content.decode()
    assert Usuario.objects.get(pk=gestor.usuario.pk).is_active


@pytest.mark.django_db
def test_reenviar_convite(cliente_portal, cliente_representante, django_capture_on_commit_callbacks):
    alvo = cliente_representante(PermissaoPortal.FATURAMENTO).usuario
    with django_capture_on_commit_callbacks(execute=True):
        cliente_portal.post(f"/portal/representantes/{alvo.pk}/convite/")
    assert mail.outbox[0].to == [alvo.email]


@pytest.mark.django_db
def test_gestor_nao_troca_o_proprio_email_sem_a_confirmacao_do_meu_acesso(cliente_representante):
    # given a representative who manages representatives, on its own line of the list
    gestor = cliente_representante(PermissaoPortal.GESTAO_REPRESENTANTES)
    eu = gestor.usuario
    dados = {**NOVO, "cpf": eu.username, "nome": eu.first_name, "email": "outro@b.exemplo.com.br",
             "email2": "outro@b.exemplo.com.br", "grupos": eu.grupos_portal}
    # when it types a new e-mail there (no password, no confirmation link)
    resposta = gestor.post(f"/portal/representantes/{eu.pk}/", dados)
    # then it is sent to Meu acesso, where the new address only counts once confirmed; nothing changed
    assert resposta.status_code == 400
    assert "Alterar e-mail" in resposta.content.decode()
    assert Usuario.objects.get(pk=eu.pk).email == eu.email
    assert not EventoAuditoria.objects.filter(acao="representante.alterado").exists()


@pytest.mark.django_db
def test_gestor_altera_os_proprios_dados_de_contato(cliente_representante):
    gestor = cliente_representante(PermissaoPortal.GESTAO_REPRESENTANTES)
    eu = gestor.usuario
    dados = {**NOVO, "cpf": eu.username, "email": eu.email, "email2": eu.email, "grupos": eu.grupos_portal,
             "telefone": "(11) 5555-0000"}
    assert gestor.post(f"/portal/representantes/{eu.pk}/", dados).status_code == 302
    assert Usuario.objects.get(pk=eu.pk).telefone == "(11) 5555-0000"


@pytest.mark.django_db
def test_gestor_que_abre_representante_com_mais_grupos_que_o_seu_sabe_por_que_nao_pode_gravar(
        cliente_portal, cliente_representante):
    # given a manager with Faturamento, and a representative the provider gave Faturamento + Autorizações
    gestor = cliente_representante(PermissaoPortal.GESTAO_REPRESENTANTES, PermissaoPortal.FATURAMENTO)
    alvo = cliente_representante(PermissaoPortal.FATURAMENTO, PermissaoPortal.AUTORIZACOES).usuario
    # when the manager saves that representative with its groups as they are, changing only the phone
    dados = {**NOVO, "cpf": alvo.username, "email": alvo.email, "email2": alvo.email,
             "grupos": alvo.grupos_portal, "telefone": "(11) 5555-0000"}
    resposta = gestor.post(f"/portal/representantes/{alvo.pk}/", dados)
    # then it is told that this representative holds groups beyond its own, not that it is granting them
    pagina = resposta.content.decode()
    assert resposta.status_code == 400
    assert "Este representante tem grupos que o seu acesso não tem: Autorizações." in pagina
    assert "conceder" not in pagina
    assert Usuario.objects.get(pk=alvo.pk).telefone == alvo.telefone


@pytest.mark.django_db
def test_convite_de_representante_desativado_nao_grava_senha(client, cliente_portal,
                                                             django_capture_on_commit_callbacks):
    # given a representative invited by the provider, then deactivated before setting its password
    with django_capture_on_commit_callbacks(execute=True):
        cliente_portal.post("/portal/representantes/novo/", NOVO)
    representante = Usuario.objects.get(username="11144477735")
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    cliente_portal.post(f"/portal/representantes/{representante.pk}/desativar/")
    # when the invitation link is opened and a password is posted to it
    aberto = client.get(link, follow=True)
    gravado = client.post(aberto.redirect_chain[-1][0] if aberto.redirect_chain else link,
                          {"new_password1": "Joana#2026ok", "new_password2": "Joana#2026ok"}, follow=True)
    # then the page says why, in pt-BR, and nothing changed: no password, no "Senha gravada", no sign-in
    for resposta in (aberto, gravado):
        pagina = resposta.content.decode()
        assert "Este acesso está desativado" in pagina and "Senha gravada" not in pagina
        assert "new_password1" not in pagina
    representante.refresh_from_db()
    assert not representante.has_usable_password() and not representante.is_active
    assert representante.acesso_validado_em is None
    assert not EventoAuditoria.objects.filter(acao="acesso.senha_definida").exists()
    assert client.post("/portal/entrar/", {"documento": "11144477735", "senha": "Joana#2026ok"}).status_code != 302


@pytest.mark.django_db
def test_servico_nao_grava_senha_de_acesso_desativado(cliente_representante):
    """The link page may have been opened before the deactivation: the service refuses on its own."""
    from operadora.accounts import services
    from operadora.accounts.services import AcessoRecusado

    representante = cliente_representante(PermissaoPortal.FATURAMENTO).usuario
    Usuario.objects.filter(pk=representante.pk).update(is_active=False)
    with pytest.raises(AcessoRecusado, match="Este acesso está desativado"):
        services.definir_senha(usuario=representante, senha="Outra#2026ok", ip=None, motivo="convite")
    assert not Usuario.objects.get(pk=representante.pk).check_password("Outra#2026ok")


def _recusas():
    return list(EventoAuditoria.objects.filter(acao="representante.acao_recusada").order_by("pk"))


@pytest.mark.django_db
def test_gestor_que_tenta_conceder_grupo_que_nao_tem_fica_na_auditoria(cliente_representante):
    # given a manager with Acesso ao chat only
    gestor = cliente_representante(PermissaoPortal.GESTAO_REPRESENTANTES, PermissaoPortal.ACESSO_CHAT)
    # when it tries to create a representative with Faturamento
    gestor.post("/portal/representantes/novo/", {**NOVO, "cpf": "123.456.789-09", "grupos": ["faturamento"]})
    # then the refusal is recorded: who, what was attempted, which groups; nothing was created
    [evento] = _recusas()
    assert evento.usuario == gestor.usuario
    assert evento.detalhes["tentativa"] == "criar" and evento.detalhes["grupos"] == ["faturamento"]
    assert "Faturamento" in evento.descricao
    assert not Usuario.objects.filter(username="12345678909").exists()


@pytest.mark.django_db
def test_gestor_que_tenta_mudar_os_proprios_grupos_ou_se_desativar_fica_na_auditoria(cliente_representante):
    gestor = cliente_representante(PermissaoPortal.GESTAO_REPRESENTANTES, PermissaoPortal.ACESSO_CHAT)
    eu = gestor.usuario
    dados = {**NOVO, "cpf": eu.username, "nome": eu.first_name, "email": eu.email, "email2": eu.email,
             "grupos": ["gestao_representantes"]}
    assert gestor.post(f"/portal/representantes/{eu.pk}/", dados).status_code == 400
    gestor.post(f"/portal/representantes/{eu.pk}/desativar/")
    alterar, desativar = _recusas()
    assert (alterar.usuario, alterar.objeto_id, alterar.detalhes["tentativa"]) == (eu, str(eu.pk), "alterar")
    assert alterar.detalhes["grupos"] == ["gestao_representantes"]
    assert (desativar.usuario, desativar.objeto_id, desativar.detalhes["tentativa"]) == (eu, str(eu.pk), "desativar")
    eu.refresh_from_db()
    assert eu.is_active and set(eu.grupos_portal) == {"gestao_representantes", "acesso_chat"}


@pytest.mark.django_db
def test_acao_sobre_representante_de_outro_prestador_fica_na_auditoria(cliente_portal_outro, cliente_representante):
    # given a representative of provider A
    alvo = cliente_representante(PermissaoPortal.FATURAMENTO).usuario
    # when provider B posts actions to it by id
    for acao in ("desativar", "convite"):
        assert cliente_portal_outro.post(f"/portal/representantes/{alvo.pk}/{acao}/").status_code == 404
    assert cliente_portal_outro.post(f"/portal/representantes/{alvo.pk}/", {**NOVO, "cpf": alvo.username}).status_code == 404
    # then each attempt is recorded with who and what, the target unchanged
    recusas = _recusas()
    assert [e.detalhes["tentativa"] for e in recusas] == ["desativar", "reenviar_convite", "alterar"]
    assert all(e.usuario == cliente_portal_outro.usuario and e.objeto_id == str(alvo.pk) for e in recusas)
    assert all("outro prestador" in e.descricao for e in recusas)
    assert Usuario.objects.get(pk=alvo.pk).is_active and mail.outbox == []
    # an id that is nobody is a plain 404 and no record
    assert cliente_portal_outro.post("/portal/representantes/999999/desativar/").status_code == 404
    assert len(_recusas()) == 3


@pytest.mark.django_db
def test_recusa_na_auditoria_nunca_guarda_senha(cliente_representante):
    gestor = cliente_representante(PermissaoPortal.GESTAO_REPRESENTANTES)
    gestor.post("/portal/representantes/novo/", {**NOVO, "cpf": "123.456.789-09", "grupos": ["faturamento"],
                                                  "senha": "Segredo#2026"})
    [evento] = _recusas()
    assert "Segredo#2026" not in str(evento.detalhes) + evento.descricao


def _grupos_na_pagina(pagina: str) -> dict[str, bool]:
    """{group value: disabled?} of the security-group checkboxes of the page."""
    caixas = re.findall(r'<input type="checkbox" name="grupos"[^>]*>', pagina)
    return {re.search(r'value="([^"]+)"', c).group(1): "disabled" in c for c in caixas}


@pytest.mark.django_db
def test_formulario_do_gestor_mostra_so_os_grupos_que_ele_pode_conceder(cliente_portal, cliente_representante):
    # given a manager with Faturamento only, and the provider
    gestor = cliente_representante(PermissaoPortal.GESTAO_REPRESENTANTES, PermissaoPortal.FATURAMENTO)
    # when each opens Novo representante
    do_gestor = _grupos_na_pagina(gestor.get("/portal/representantes/novo/").content.decode())
    do_prestador = _grupos_na_pagina(cliente_portal.get("/portal/representantes/novo/").content.decode())
    # then the manager sees only what it may grant; the provider sees all six
    assert do_gestor == {"faturamento": False, "gestao_representantes": False}
    assert do_prestador == {p.value: False for p in PermissaoPortal}
    # and the server still refuses a group posted by hand (not offered)
    resposta = gestor.post("/portal/representantes/novo/", {**NOVO, "cpf": "123.456.789-09", "grupos": ["autorizacoes"]})
    assert resposta.status_code == 400 and "Você não pode conceder grupos que o seu acesso não tem: Autorizações" \
        in resposta.content.decode()
    assert not Usuario.objects.filter(username="12345678909").exists()


@pytest.mark.django_db
def test_representante_com_grupos_alem_do_gestor_aparece_sem_poder_mudar_e_nao_perde_grupos(
        cliente_portal, cliente_representante):
    # given a manager with Faturamento, and a representative the provider gave Faturamento + Autorizações
    gestor = cliente_representante(PermissaoPortal.GESTAO_REPRESENTANTES, PermissaoPortal.FATURAMENTO)
    alvo = cliente_representante(PermissaoPortal.FATURAMENTO, PermissaoPortal.AUTORIZACOES).usuario
    # when the manager opens it: the group beyond its own shows checked and disabled, with the reason
    pagina = gestor.get(f"/portal/representantes/{alvo.pk}/").content.decode()
    assert _grupos_na_pagina(pagina) == {"faturamento": False, "autorizacoes": True, "gestao_representantes": False}
    assert "Este representante tem grupos que o seu acesso não tem: Autorizações." in pagina
    # and posts the form as the browser does (a disabled box is not sent)
    dados = {**NOVO, "cpf": alvo.username, "email": alvo.email, "email2": alvo.email, "grupos": ["faturamento"]}
    resposta = gestor.post(f"/portal/representantes/{alvo.pk}/", dados)
    # then nothing changes: the representative keeps Autorizações
    assert resposta.status_code == 400
    assert "Este representante tem grupos que o seu acesso não tem: Autorizações." in resposta.content.decode()
    assert set(Usuario.objects.get(pk=alvo.pk).grupos_portal) == {"faturamento", "autorizacoes"}
    # while the provider can change it
    assert cliente_portal.post(f"/portal/representantes/{alvo.pk}/", dados).status_code == 302
    assert Usuario.objects.get(pk=alvo.pk).grupos_portal == ["faturamento"]


@pytest.mark.django_db
def test_email_de_representante_alterado_pelo_gestor_so_vale_com_confirmacao_e_o_antigo_e_avisado(
        client, cliente_representante, django_capture_on_commit_callbacks):
    # given a manager and a representative within its reach
    gestor = cliente_representante(PermissaoPortal.GESTAO_REPRESENTANTES, PermissaoPortal.FATURAMENTO)
    alvo = cliente_representante(PermissaoPortal.FATURAMENTO).usuario
    antigo = alvo.email
    # when the manager types another e-mail (and a new phone) for it
    dados = {**NOVO, "cpf": alvo.username, "nome": alvo.first_name, "email": "tomado@x.exemplo.com.br",
             "email2": "tomado@x.exemplo.com.br", "grupos": ["faturamento"], "telefone": "(11) 5555-0000"}
    with django_capture_on_commit_callbacks(execute=True):
        resposta = gestor.post(f"/portal/representantes/{alvo.pk}/", dados, follow=True)
    # then the phone changes, the e-mail does not yet: the new address gets a confirmation link, the old a notice
    assert "tomado@x.exemplo.com.br" in resposta.content.decode() and "confirma" in resposta.content.decode()
    alvo.refresh_from_db()
    assert alvo.telefone == "(11) 5555-0000" and alvo.email == antigo
    assert sorted(m.to[0] for m in mail.outbox) == sorted([antigo, "tomado@x.exemplo.com.br"])
    aviso = next(m for m in mail.outbox if m.to == [antigo])
    assert "tomado@x.exemplo.com.br" in aviso.body and gestor.usuario.first_name in aviso.body
    evento = EventoAuditoria.objects.get(acao="acesso.troca_email_solicitada", objeto_id=str(alvo.pk))
    assert evento.usuario == gestor.usuario and evento.detalhes["novo"] == "tomado@x.exemplo.com.br"
    assert "email" not in EventoAuditoria.objects.get(acao="representante.alterado").detalhes["mudancas"]
    # and the address counts once confirmed from the link sent to it
    confirmacao = next(m for m in mail.outbox if m.to == ["tomado@x.exemplo.com.br"])
    client.post(re.search(r"http://testserver(/\S+)", confirmacao.body).group(1))
    assert Usuario.objects.get(pk=alvo.pk).email == "tomado@x.exemplo.com.br"
