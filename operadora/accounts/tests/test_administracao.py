"""Staff and roles are administered in /admin/ (Administração de cadastros). What is granted or taken there goes
to the audit log as the portal's changes to representatives do (`representante.*`): who, when, before and after."""

import pytest
from django.contrib.auth.models import Group, Permission

from operadora.accounts.models import Usuario
from operadora.core.models import EventoAuditoria


@pytest.fixture
def atendente(db):
    usuario = Usuario(username="atendente.x", first_name="Atendente", email="atendente@operadora.exemplo.com.br",
                      tipo=Usuario.Tipo.OPERADORA, is_staff=True)
    usuario.set_password("Operadora#2026demo")
    usuario.save()
    usuario.groups.add(Group.objects.get(name="Atendente CRM"))
    return usuario


def _dados_do_usuario(usuario: Usuario, **mudancas) -> dict:
    dados = {"username": usuario.username, "first_name": usuario.first_name, "last_name": usuario.last_name,
             "email": usuario.email, "is_active": "on", "is_staff": "on",
             "groups": [str(g.pk) for g in usuario.groups.all()], "user_permissions": [],
             "date_joined_0": usuario.date_joined.strftime("%d/%m/%Y"), "date_joined_1": "08:00:00",
             "initial-date_joined_0": usuario.date_joined.strftime("%d/%m/%Y"), "initial-date_joined_1": "08:00:00",
             "last_login_0": "", "last_login_1": "", "tipo": usuario.tipo, "prestador": ""}
    dados.update(mudancas)
    return {chave: valor for chave, valor in dados.items() if valor is not None}


@pytest.mark.django_db
def test_papel_concedido_a_um_membro_da_equipe_fica_na_auditoria(cliente_retaguarda, atendente):
    # given an attendant with the Atendente CRM role
    administrador = Group.objects.get(name="Administrador")
    # when an administrator also gives it the Administrador role and makes it a superuser, in /admin/
    resposta = cliente_retaguarda.post(f"/admin/accounts/usuario/{atendente.pk}/change/", _dados_do_usuario(
        atendente, groups=[str(g.pk) for g in atendente.groups.all()] + [str(administrador.pk)], is_superuser="on"))
    assert resposta.status_code == 302, resposta.content.decode()[:3000]
    # then the audit log says who did it and what the access was before and after
    evento = EventoAuditoria.objects.get(acao="acesso.usuario_alterado", objeto_id=str(atendente.pk))
    assert evento.usuario == cliente_retaguarda.usuario
    assert evento.detalhes["mudancas"]["groups"] == {"antes": ["Atendente CRM"],
                                                     "depois": ["Administrador", "Atendente CRM"]}
    assert evento.detalhes["mudancas"]["is_superuser"] == {"antes": False, "depois": True}
    assert set(evento.detalhes["mudancas"]) == {"groups", "is_superuser"}


@pytest.mark.django_db
def test_membro_da_equipe_desativado_e_senha_redefinida_na_administracao_ficam_na_auditoria(
        cliente_retaguarda, atendente):
    cliente_retaguarda.post(f"/admin/accounts/usuario/{atendente.pk}/change/",
                            _dados_do_usuario(atendente, is_active=None))
    evento = EventoAuditoria.objects.get(acao="acesso.usuario_alterado", objeto_id=str(atendente.pk))
    assert evento.detalhes["mudancas"] == {"is_active": {"antes": True, "depois": False}}

    resposta = cliente_retaguarda.post(f"/admin/accounts/usuario/{atendente.pk}/password/", {
        "password1": "Nova#Senha2026x", "password2": "Nova#Senha2026x", "usable_password": "true"})
    assert resposta.status_code == 302
    evento = EventoAuditoria.objects.get(acao="acesso.senha_definida", objeto_id=str(atendente.pk))
    assert evento.usuario == cliente_retaguarda.usuario and evento.detalhes == {"motivo": "administracao"}
    assert "Nova#Senha2026x" not in str(evento.detalhes) + evento.descricao


@pytest.mark.django_db
def test_membro_da_equipe_criado_na_administracao_fica_na_auditoria(cliente_retaguarda):
    resposta = cliente_retaguarda.post("/admin/accounts/usuario/add/", {
        "username": "novo.analista", "password1": "Nova#Senha2026x", "password2": "Nova#Senha2026x",
        "usable_password": "true"})
    assert resposta.status_code == 302
    novo = Usuario.objects.get(username="novo.analista")
    evento = EventoAuditoria.objects.get(acao="acesso.usuario_criado", objeto_id=str(novo.pk))
    assert evento.usuario == cliente_retaguarda.usuario
    assert "Nova#Senha2026x" not in str(evento.detalhes)


@pytest.mark.django_db
def test_permissoes_de_um_papel_alteradas_ficam_na_auditoria(cliente_retaguarda):
    # given the Financeiro role, which grants financeiro only
    papel = Group.objects.get(name="Financeiro")
    analise = Permission.objects.get(codename="analise_contas")
    antes = sorted(p.codename for p in papel.permissions.all())
    # when an administrator adds Análise de contas to it
    resposta = cliente_retaguarda.post(f"/admin/auth/group/{papel.pk}/change/", {
        "name": papel.name, "permissions": [str(p.pk) for p in papel.permissions.all()] + [str(analise.pk)]})
    assert resposta.status_code == 302
    # then every member's new reach is in the audit log
    evento = EventoAuditoria.objects.get(acao="acesso.papel_alterado", objeto_id=str(papel.pk))
    assert evento.usuario == cliente_retaguarda.usuario
    assert evento.detalhes["mudancas"]["permissions"] == {"antes": antes, "depois": sorted([*antes, "analise_contas"])}


@pytest.mark.django_db
def test_papel_excluido_na_administracao_fica_na_auditoria(cliente_retaguarda):
    papel = Group.objects.create(name="Temporário")
    resposta = cliente_retaguarda.post(f"/admin/auth/group/{papel.pk}/delete/", {"post": "yes"})
    assert resposta.status_code == 302 and not Group.objects.filter(pk=papel.pk).exists()
    evento = EventoAuditoria.objects.get(acao="acesso.papel_excluido", objeto_id=str(papel.pk))
    assert evento.usuario == cliente_retaguarda.usuario and "Temporário" in evento.descricao


def _redefinir_segundo_fator(cliente, *usuarios):
    return cliente.post("/admin/accounts/usuario/", {"action": "redefinir_segundo_fator",
                                                     "_selected_action": [str(u.pk) for u in usuarios]},
                        follow=True)


@pytest.mark.django_db
def test_administrador_redefine_o_segundo_fator_de_quem_perdeu_o_autenticador(client, cliente_retaguarda, atendente):
    # given an attendant enrolled in the second factor, who lost its phone
    atendente.totp_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    atendente.save()
    # when an administrator resets it in /admin/ (Usuários › action)
    resposta = _redefinir_segundo_fator(cliente_retaguarda, atendente)
    # then the secret is gone (never shown to the administrator), the reset is audited, and the attendant enrols a
    # new authenticator at its next sign-in
    pagina = resposta.content.decode()
    assert "Segundo fator redefinido" in pagina and "JBSWY3DPEHPK3PXP" not in pagina
    assert Usuario.objects.get(pk=atendente.pk).totp_secret == ""
    evento = EventoAuditoria.objects.get(acao="acesso.segundo_fator_redefinido", objeto_id=str(atendente.pk))
    assert evento.usuario == cliente_retaguarda.usuario
    assert "JBSWY3DPEHPK3PXP" not in str(evento.detalhes) + evento.descricao
    client.post("/operadora/entrar/", {"login": "atendente.x", "senha": "Operadora#2026demo"})
    assert "configure o aplicativo autenticador" in client.get("/operadora/entrar/verificacao/").content.decode()


@pytest.mark.django_db
def test_so_o_papel_administrador_redefine_o_segundo_fator(atendente, usuario_retaguarda):
    from django.contrib.auth.models import Permission

    from operadora.accounts import services
    from operadora.core.erros import SemPermissao
    from operadora.core.testing import cliente_na_retaguarda

    # given a staff member who may edit users in /admin/ but has no Administrador role
    atendente.user_permissions.add(*Permission.objects.filter(codename__in=["view_usuario", "change_usuario"]))
    alvo = usuario_retaguarda
    secreto = alvo.totp_secret
    # when it tries the reset (the action, or the service directly)
    resposta = _redefinir_segundo_fator(cliente_na_retaguarda(atendente), alvo)
    with pytest.raises(SemPermissao):
        services.redefinir_segundo_fator(por=atendente, usuario_id=alvo.pk, ip=None)
    # then the action is not offered and nothing changed
    assert resposta.status_code == 200 and "equipe.teste" in resposta.content.decode()  # the list, without it
    assert "redefinir_segundo_fator" not in resposta.content.decode()
    assert Usuario.objects.get(pk=alvo.pk).totp_secret == secreto
    assert not EventoAuditoria.objects.filter(acao="acesso.segundo_fator_redefinido").exists()


@pytest.mark.django_db
def test_segundo_fator_so_se_redefine_para_a_equipe(cliente_retaguarda, usuario_prestador):
    resposta = _redefinir_segundo_fator(cliente_retaguarda, usuario_prestador)
    assert "só a equipe da operadora tem segundo fator" in resposta.content.decode()
    assert not EventoAuditoria.objects.filter(acao="acesso.segundo_fator_redefinido").exists()
