import re

import pytest
from django.core import mail

from operadora.accounts.models import Usuario
from operadora.core.models import EventoAuditoria
from operadora.core.testing import SENHA_TESTE


def link_do_email(mensagem) -> str:
    return re.search(r"http://testserver(/\S+)", mensagem.body).group(1)


@pytest.mark.django_db
def test_recuperacao_de_senha_por_link(client, usuario_prestador, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        resposta = client.post("/portal/recuperar-senha/", {"documento": "33.100.200/0001-75"})
    assert resposta["Location"] == "/portal/entrar/"
    assert mail.outbox[0].to == [usuario_prestador.email]
    formulario = client.get(link_do_email(mail.outbox[0]), follow=True)
    assert "Gravar senha" in formulario.content.decode()
    url = formulario.redirect_chain[-1][0]
    assert client.post(url, {"new_password1": "Nova#Senha2026", "new_password2": "Nova#Senha2026"}).status_code == 302
    assert client.post("/portal/entrar/", {"documento": usuario_prestador.username, "senha": "Nova#Senha2026"}).status_code == 302
    assert EventoAuditoria.objects.filter(acao="acesso.senha_definida", usuario=usuario_prestador).exists()
    # the link is spent
    assert "Link inválido" in client.get(link_do_email(mail.outbox[0]), follow=True).content.decode()


@pytest.mark.django_db
def test_nova_senha_pelo_link_libera_o_login_bloqueado_por_tentativas(client, usuario_prestador,
                                                                       django_capture_on_commit_callbacks):
    # given the login locked by five wrong passwords
    for _ in range(5):
        client.post("/portal/entrar/", {"documento": usuario_prestador.username, "senha": "errada"})
    bloqueado = client.post("/portal/entrar/", {"documento": usuario_prestador.username, "senha": SENHA_TESTE})
    assert "bloqueado temporariamente" in bloqueado.content.decode()
    # when its owner does what the page suggests, "Esqueci minha senha", and sets a new one from the e-mailed link
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/portal/recuperar-senha/", {"documento": usuario_prestador.username})
    url = client.get(link_do_email(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    assert client.post(url, {"new_password1": "Nova#Senha2026", "new_password2": "Nova#Senha2026"}).status_code == 302
    # then the new password signs in at once (the link proved the e-mail; the old lock was against guessing)
    resposta = client.post("/portal/entrar/", {"documento": usuario_prestador.username, "senha": "Nova#Senha2026"})
    assert resposta.status_code == 302


@pytest.mark.django_db
def test_recuperacao_de_login_desconhecido_responde_igual_e_nao_envia(client):
    resposta = client.post("/portal/recuperar-senha/", {"documento": "52998224725"}, follow=True)
    assert "Se este CPF/CNPJ tem acesso ativo" in resposta.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_recuperacao_tem_limite(client, usuario_prestador, settings):
    settings.ACESSO_MAX_FALHAS_CONTA = 2
    for _ in range(2):
        client.post("/portal/recuperar-senha/", {"documento": usuario_prestador.username})
    resposta = client.post("/portal/recuperar-senha/", {"documento": usuario_prestador.username})
    assert "bloqueado temporariamente" in resposta.content.decode()


@pytest.mark.django_db
def test_alterar_senha(cliente_portal):
    resposta = cliente_portal.post("/portal/conta/senha/", {"old_password": "errada", "new_password1": "Nova#2026ab",
                                                            "new_password2": "Nova#2026ab"})
    assert resposta.status_code == 400
    resposta = cliente_portal.post("/portal/conta/senha/", {"old_password": SENHA_TESTE, "new_password1": "Nova#2026ab",
                                                            "new_password2": "Nova#2026ab"})
    assert resposta["Location"] == "/portal/conta/"
    assert Usuario.objects.get(pk=cliente_portal.usuario.pk).check_password("Nova#2026ab")
    assert cliente_portal.get("/portal/").status_code == 200  # still signed in


@pytest.mark.django_db
def test_trocar_email_so_vale_depois_da_confirmacao_no_novo_endereco(cliente_portal, django_capture_on_commit_callbacks):
    usuario = cliente_portal.usuario
    antigo = usuario.email
    with django_capture_on_commit_callbacks(execute=True):
        resposta = cliente_portal.post("/portal/conta/email/", {"novo_email": "novo@a.exemplo.com.br",
                                                                "novo_email2": "novo@a.exemplo.com.br",
                                                                "senha": SENHA_TESTE})
    assert resposta.status_code == 302
    assert {m.to[0] for m in mail.outbox} == {"novo@a.exemplo.com.br", antigo}
    usuario.refresh_from_db()
    assert usuario.email == antigo
    confirmacao = next(m for m in mail.outbox if m.to == ["novo@a.exemplo.com.br"])
    link = link_do_email(confirmacao)
    assert cliente_portal.post(link).status_code == 302
    usuario.refresh_from_db()
    assert usuario.email == "novo@a.exemplo.com.br"
    assert cliente_portal.post(link).status_code == 400  # spent


@pytest.mark.django_db
def test_trocar_email_exige_senha_atual(cliente_portal):
    resposta = cliente_portal.post("/portal/conta/email/", {"novo_email": "x@a.exemplo.com.br",
                                                            "novo_email2": "x@a.exemplo.com.br", "senha": "errada"})
    assert resposta.status_code == 400 and "Senha atual incorreta." in resposta.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_troca_de_email_que_falha_ao_registrar_nao_envia_nenhum_email(usuario_prestador, monkeypatch):
    """The confirmation and the notice go out only once the request is recorded (they went out before)."""
    from operadora.accounts import services

    def falha(**_):
        raise RuntimeError("queda simulada na auditoria")

    monkeypatch.setattr(services, "registrar", falha)
    with pytest.raises(RuntimeError):
        services.solicitar_troca_de_email(usuario=usuario_prestador, novo_email="novo@exemplo.com.br", ip=None,
                                          origem="https://portal.exemplo")
    assert mail.outbox == []


@pytest.mark.django_db
def test_senha_atual_errada_em_alterar_senha_e_alterar_email_bloqueia_como_o_login(cliente_portal):
    # given a signed-in session (someone else at an unattended computer, say), guessing the current password:
    # three times in Alterar senha and twice in Alterar e-mail
    nova = {"new_password1": "Nova#2026ab", "new_password2": "Nova#2026ab"}
    for tentativa in range(3):
        resposta = cliente_portal.post("/portal/conta/senha/", {"old_password": f"errada{tentativa}", **nova})
        assert resposta.status_code == 400 and "Senha atual incorreta." in resposta.content.decode()
    email = {"novo_email": "x@a.exemplo.com.br", "novo_email2": "x@a.exemplo.com.br"}
    for tentativa in range(2):
        resposta = cliente_portal.post("/portal/conta/email/", {**email, "senha": f"errada{tentativa}"})
        assert resposta.status_code == 400
    # when the right password comes next, on either page
    senha = cliente_portal.post("/portal/conta/senha/", {"old_password": SENHA_TESTE, **nova})
    troca = cliente_portal.post("/portal/conta/email/", {**email, "senha": SENHA_TESTE})
    # then both are locked for a while (the accounts.bloqueio lockout), nothing changed, and it is audited
    for resposta in (senha, troca):
        assert resposta.status_code == 400 and "bloqueado temporariamente" in resposta.content.decode()
    usuario = Usuario.objects.get(pk=cliente_portal.usuario.pk)
    assert usuario.check_password(SENHA_TESTE) and mail.outbox == []
    falhas = EventoAuditoria.objects.filter(acao="acesso.falha", usuario=usuario, detalhes__escopo="senha_atual")
    assert falhas.count() == 5
    assert EventoAuditoria.objects.filter(acao="acesso.bloqueio", usuario=usuario).exists()
    assert not any("errada" in str(e.detalhes) for e in falhas)


@pytest.mark.django_db
def test_senha_atual_certa_zera_as_falhas_da_conta(cliente_portal):
    nova = {"new_password1": "Nova#2026ab", "new_password2": "Nova#2026ab"}
    for _ in range(4):
        cliente_portal.post("/portal/conta/senha/", {"old_password": "errada", **nova})
    assert cliente_portal.post("/portal/conta/senha/", {"old_password": SENHA_TESTE, **nova}).status_code == 302
    for _ in range(4):
        cliente_portal.post("/portal/conta/senha/", {"old_password": "errada", **nova})
    resposta = cliente_portal.post("/portal/conta/senha/", {"old_password": "Nova#2026ab",
                                                            "new_password1": "Outra#2026cd",
                                                            "new_password2": "Outra#2026cd"})
    assert resposta.status_code == 302
