import re

import pytest
from django.core import mail

from operadora.accounts.models import Usuario
from operadora.core.models import EventoAuditoria
from operadora.core.testing import criar_usuario_do_portal
from operadora.registry.models import Credenciamento

REGISTRO = {"agencia": "1234", "agencia_dv": "5", "conta": "67890", "conta_dv": "1",
            "email": "clinica@a.exemplo.com.br", "email2": "clinica@a.exemplo.com.br",
            "senha": "Vida#Plena2026", "senha2": "Vida#Plena2026"}


def verificar(client, documento="33.100.200/0001-75", tipo="J"):
    return client.post("/portal/obter-acesso/", {"tipo_pessoa": tipo, "documento": documento})


def link_do_email(mensagem) -> str:
    return re.search(r"http://testserver(/\S+)", mensagem.body).group(1)


@pytest.mark.django_db
def test_obter_acesso_de_ponta_a_ponta(client, prestador, django_capture_on_commit_callbacks):
    # given a credentialed provider without access; when it verifies the CNPJ and registers
    assert verificar(client)["Location"] == "/portal/obter-acesso/registro/"
    with django_capture_on_commit_callbacks(execute=True):
        resposta = client.post("/portal/obter-acesso/registro/", REGISTRO)
    # then an e-mail with the validation link is sent, and the access exists but is inactive
    assert resposta.status_code == 200 and "Confira o seu e-mail" in resposta.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["clinica@a.exemplo.com.br"]
    usuario = Usuario.objects.get(username=prestador.cpf_cnpj)
    assert not usuario.is_active
    assert client.post("/portal/entrar/", {"documento": prestador.cpf_cnpj, "senha": "Vida#Plena2026"}).status_code == 400
    # when the link is opened and confirmed; then the access is active and signing in works
    link = link_do_email(mail.outbox[0])
    assert client.get(link).status_code == 200
    assert client.post(link)["Location"] == "/portal/entrar/"
    usuario.refresh_from_db()
    assert usuario.is_active and usuario.acesso_validado_em is not None
    assert client.post("/portal/entrar/", {"documento": prestador.cpf_cnpj, "senha": "Vida#Plena2026"}).status_code == 302
    # and the link works only once
    assert client.post(link).status_code == 400
    assert set(EventoAuditoria.objects.values_list("acao", flat=True)) >= {"acesso.solicitado", "acesso.validado"}


@pytest.mark.django_db
@pytest.mark.parametrize(("tipo", "documento", "mensagem"), [
    ("J", "33.100.200/0001-00", "CNPJ inválido"),
    ("F", "123.456.789-00", "CPF inválido"),
    ("J", "11.444.777/0001-61", "Não encontramos um prestador com este CNPJ"),
    ("F", "33100200000175", "CPF inválido"),
])
def test_verificar_recusa_com_mensagem_precisa(client, prestador, tipo, documento, mensagem):
    resposta = verificar(client, documento, tipo)
    assert resposta.status_code == 400
    assert mensagem in resposta.content.decode()
    assert "portal_obter_acesso" not in client.session


@pytest.mark.django_db
def test_verificar_recusa_prestador_descredenciado_e_quem_ja_tem_acesso(client, prestador, outro_prestador):
    Credenciamento.objects.filter(prestador=prestador).update(situacao="descredenciado")
    assert "não tem credenciamento ativo" in verificar(client).content.decode()
    criar_usuario_do_portal(outro_prestador)
    assert "já tem acesso ao portal" in verificar(client, outro_prestador.cpf_cnpj).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("campos", "mensagem"), [
    ({"conta": "67891"}, "não conferem com o cadastro"),
    ({"agencia_dv": "9"}, "não conferem com o cadastro"),
    ({"email2": "outro@a.exemplo.com.br"}, "Os dois e-mails não são iguais."),
    ({"senha2": "Outra#2026xx"}, "As duas senhas não são iguais."),
    ({"senha": "somenteletras", "senha2": "somenteletras"}, "A senha deve conter letras e números."),
    ({"senha": "a1b2c3", "senha2": "a1b2c3"}, "pelo menos 8 caracteres"),
    ({"senha": "password1", "senha2": "password1"}, "comum"),
])
def test_registro_recusa_com_mensagem_precisa_e_nada_cria(client, prestador, campos, mensagem):
    verificar(client)
    resposta = client.post("/portal/obter-acesso/registro/", {**REGISTRO, **campos})
    assert resposta.status_code == 400
    assert mensagem in resposta.content.decode()
    assert not Usuario.objects.filter(prestador=prestador).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_registro_sem_verificar_volta_para_o_primeiro_passo(client):
    assert client.get("/portal/obter-acesso/registro/")["Location"] == "/portal/obter-acesso/"


@pytest.mark.django_db
def test_dados_bancarios_errados_repetidos_bloqueiam_o_registro(client, prestador):
    verificar(client)
    for _ in range(5):
        client.post("/portal/obter-acesso/registro/", {**REGISTRO, "conta": "99999"})
    resposta = client.post("/portal/obter-acesso/registro/", REGISTRO)
    assert "bloqueado temporariamente" in resposta.content.decode()
    assert not Usuario.objects.filter(prestador=prestador).exists()
    assert EventoAuditoria.objects.filter(acao="acesso.bloqueio").exists()


@pytest.mark.django_db
def test_verificacao_tem_limite_de_tentativas(client, prestador, settings):
    settings.ACESSO_MAX_FALHAS_IP = 3
    for cpf in ("52998224725", "11144477735", "12345678909"):  # valid CPFs, not providers
        verificar(client, cpf, "F")
    assert "bloqueado temporariamente" in verificar(client).content.decode()
