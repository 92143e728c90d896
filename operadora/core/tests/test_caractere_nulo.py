"""A NUL character in a filter or a form field is a 400 with a pt-BR message on every page, never a 500 from
PostgreSQL; so is any other control character, which no TISS message can carry (operadora/core/middleware.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from operadora.billing.models import DocumentoAnexo
from operadora.core.middleware import MENSAGEM_CONTROLE, MENSAGEM_NULO


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "parametros"),
    [
        ("/portal/autorizacoes/localizar-procedimentos/", {"carteira": "123\x00"}),
        ("/portal/demonstrativos/", {"numero": "\x00"}),
        ("/portal/representantes/", {"nome": "a\x00b"}),
    ],
)
def test_filtro_do_portal_com_caractere_nulo_da_mensagem(cliente_portal, url, parametros):
    # given a signed-in provider user; when a list is filtered with a NUL character
    resposta = cliente_portal.get(url, parametros)
    # then a 400 with the pt-BR message, not a 500
    assert resposta.status_code == 400 and MENSAGEM_NULO in resposta.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("parametros", [{"numero": "\x00"}, {"prestador": "x\x00"}])
def test_filtro_da_retaguarda_com_caractere_nulo_da_mensagem(cliente_retaguarda, parametros):
    resposta = cliente_retaguarda.get("/operadora/contas/", parametros)
    assert resposta.status_code == 400 and MENSAGEM_NULO in resposta.content.decode()


@pytest.mark.django_db
def test_formulario_com_caractere_nulo_da_mensagem_e_nada_muda(cliente_portal):
    # given a signed-in provider user; when it posts a document whose guide number carries a NUL character
    resposta = cliente_portal.post("/portal/faturamento/documentos/", {
        "guia": "12\x0034", "arquivo": SimpleUploadedFile("laudo.pdf", b"%PDF-1.4")})
    # then a 400 with the pt-BR message, and nothing was recorded
    assert resposta.status_code == 400 and MENSAGEM_NULO in resposta.content.decode()
    assert not DocumentoAnexo.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "parametros"),
    [
        ("/portal/autorizacoes/localizar-procedimentos/", {"carteira": "359\x0b"}),
        ("/portal/demonstrativos/", {"numero": "1\x1f"}),
        ("/portal/representantes/", {"nome": "Ana\x01"}),
        ("/portal/demonstrativos/", {"numero\x0c": "1"}),
    ],
)
def test_filtro_com_caractere_de_controle_da_mensagem(cliente_portal, url, parametros):
    resposta = cliente_portal.get(url, parametros)
    assert resposta.status_code == 400 and MENSAGEM_CONTROLE in resposta.content.decode()


@pytest.mark.django_db
def test_formulario_com_caractere_de_controle_da_mensagem_e_nada_muda(cliente_portal):
    resposta = cliente_portal.post("/portal/faturamento/documentos/", {
        "guia": "12\x0b34", "arquivo": SimpleUploadedFile("laudo.pdf", b"%PDF-1.4")})
    assert resposta.status_code == 400 and MENSAGEM_CONTROLE in resposta.content.decode()
    assert not DocumentoAnexo.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("numero", ["123", "1\t2", "linha 1\r\nlinha 2", "ção ☺ 𝄞"])
def test_entrada_normal_passa(cliente_portal, numero):
    # tab, line breaks and any printable character (accents, symbols, outside the BMP) are text like any other
    assert cliente_portal.get("/portal/demonstrativos/", {"numero": numero}).status_code == 200
