"""REST v1 of billing as an integrator uses it (/api/v1/faturamento/): pagination, filters, errors in pt-BR JSON,
who may call it, and the OpenAPI document that describes it. Receipt rules themselves: test_xml_cli_retaguarda and
test_entradas_invalidas (the API calls the same service as the portal upload)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from operadora.billing import services
from operadora.billing.models import Lote, Protocolo

URL = "/api/v1/faturamento/protocolos/"


def _contagens():
    return (Lote.objects.count(), Protocolo.objects.count())


@pytest.fixture
def tres_protocolos(operadora, prestador, arquivo_lote):
    return [
        services.receber_xml(operadora=operadora, prestador=prestador,
                             dados=arquivo_lote(numero_lote=str(n), prefixo=f"P{n}", sequencial=str(n))).protocolo
        for n in (1, 2, 3)
    ]


@pytest.mark.django_db
def test_protocolos_paginados_por_limit_e_offset(cliente_portal, tres_protocolos):
    # given three protocols of the provider
    # when the integrator pages through them two at a time
    primeira = cliente_portal.get(URL, {"limit": 2}).json()
    segunda = cliente_portal.get(URL, {"limit": 2, "offset": 2}).json()
    # then it reaches all of them, newest first, and knows how many there are
    assert primeira["count"] == 3 and primeira["previous"] is None and "offset=2" in primeira["next"]
    assert segunda["next"] is None
    numeros = [p["numero"] for p in primeira["results"] + segunda["results"]]
    assert numeros == [p.numero for p in reversed(tres_protocolos)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("parametros", "mensagem"),
    [
        ({"limit": "abc"}, "'limit' deve ser um número inteiro entre 1 e 500"),
        ({"limit": "0"}, "'limit' deve ser um número inteiro entre 1 e 500"),
        ({"limit": "99999999"}, "'limit' deve ser um número inteiro entre 1 e 500"),
        ({"offset": "-1"}, "'offset' deve ser um número inteiro a partir de 0"),
        ({"offset": "9" * 30}, "'offset' deve ser um número inteiro a partir de 0"),
        ({"situacao": "xyz"}, "Situação de protocolo desconhecida: 'xyz'. Use uma de: recebido, em_analise"),
        ({"pagina": "2"}, "Parâmetro desconhecido: pagina. Esta consulta aceita: numero, situacao, limit, offset."),
    ],
)
def test_consulta_invalida_de_protocolos_e_400_que_diz_o_que_corrigir(cliente_portal, tres_protocolos, parametros,
                                                                      mensagem):
    resposta = cliente_portal.get(URL, parametros)
    assert resposta.status_code == 400 and resposta["Content-Type"] == "application/json"
    assert mensagem in resposta.json()["detail"]


@pytest.mark.django_db
def test_filtros_de_protocolos(cliente_portal, tres_protocolos):
    recebido = cliente_portal.get(URL, {"situacao": "recebido"}).json()
    assert recebido["count"] == 3
    assert cliente_portal.get(URL, {"situacao": "pago"}).json()["count"] == 0
    um = cliente_portal.get(URL, {"numero": tres_protocolos[0].numero}).json()
    assert [p["id"] for p in um["results"]] == [tres_protocolos[0].pk]
    assert cliente_portal.get(URL, {"numero": "abc"}).json()["results"] == []


@pytest.mark.django_db
def test_equipe_da_operadora_na_api_de_faturamento_e_403_que_explica(cliente_retaguarda):
    for resposta in (cliente_retaguarda.get(URL), cliente_retaguarda.post("/api/v1/faturamento/lotes/", {})):
        assert resposta.status_code == 403
        assert "A API de faturamento é do prestador" in resposta.json()["detail"]


@pytest.mark.django_db
def test_prestador_sem_operadora_escolhida_e_403_que_diz_como_escolher(usuario_prestador):
    cliente = Client()
    cliente.force_login(usuario_prestador)
    resposta = cliente.get(URL)
    assert resposta.status_code == 403 and "/portal/operadora/" in resposta.json()["detail"]


@pytest.mark.django_db
def test_envio_sem_csrf_e_403_em_portugues_e_nada_muda(usuario_prestador, operadora, arquivo_lote):
    from operadora.accounts.acesso import SESSAO_OPERADORA

    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(usuario_prestador)
    sessao = cliente.session
    sessao[SESSAO_OPERADORA] = operadora.pk
    sessao.save()
    antes = _contagens()
    arquivo = SimpleUploadedFile("l.xml", arquivo_lote(), content_type="application/xml")
    resposta = cliente.post("/api/v1/faturamento/lotes/", {"arquivo": arquivo})
    assert resposta.status_code == 403
    assert "X-CSRFToken" in resposta.json()["detail"] and "CSRF Failed" not in resposta.json()["detail"]
    assert _contagens() == antes


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("corpo", "tipo"),
    [(b'{"arquivo": 1', "application/json"), (b"<x/>", "application/xml"), (b"abc", "text/plain")],
)
def test_corpo_sem_arquivo_e_422_com_codigo_tiss_em_portugues(cliente_portal, corpo, tipo):
    # a body that is not a multipart upload (nor a raw XML with its Content-Disposition filename) was answered with
    # DRF's English "Missing filename. Request should include a Content-Disposition header..."
    antes = _contagens()
    resposta = cliente_portal.post("/api/v1/faturamento/lotes/", corpo, content_type=tipo)
    assert resposta.status_code == 422
    assert resposta.json()[0]["codigo"] == "5002" and "arquivo" in resposta.json()[0]["mensagem"]
    assert _contagens() == antes


@pytest.fixture
def cliente_integrador(usuario_prestador, operadora):
    """A client as an integrator's: CSRF enforced (Django's test Client skips it unless asked), the csrftoken
    cookie sent back in X-CSRFToken."""
    from django.middleware.csrf import _get_new_csrf_string

    from operadora.accounts.acesso import SESSAO_OPERADORA

    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(usuario_prestador)
    sessao = cliente.session
    sessao[SESSAO_OPERADORA] = operadora.pk
    sessao.save()
    cliente.cookies["csrftoken"] = token = _get_new_csrf_string()
    cliente.defaults["HTTP_X_CSRFTOKEN"] = token
    return cliente


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("corpo", "tipo"),
    [(b'{"arquivo": 1', "application/json"), (b"<x/>", "application/xml"), (b"abc", "text/plain")],
)
def test_corpo_sem_arquivo_com_csrf_verificado_e_422_5002(cliente_integrador, corpo, tipo):
    # with CSRF enforced, SessionAuthentication's check read request.POST, which ran the file parser on the body
    # before the view: the answer was 400 "Não foi possível ler o corpo…" instead of the documented 422 [5002]
    antes = _contagens()
    resposta = cliente_integrador.post("/api/v1/faturamento/lotes/", corpo, content_type=tipo)
    assert resposta.status_code == 422
    assert resposta.json()[0]["codigo"] == "5002" and "arquivo" in resposta.json()[0]["mensagem"]
    assert _contagens() == antes


@pytest.mark.django_db
def test_corpo_sem_arquivo_com_token_csrf_errado_e_403_csrf(cliente_integrador):
    cliente_integrador.defaults["HTTP_X_CSRFTOKEN"] = "x" * 32
    resposta = cliente_integrador.post("/api/v1/faturamento/lotes/", b"<x/>", content_type="application/xml")
    assert resposta.status_code == 403 and "X-CSRFToken" in resposta.json()["detail"]


@pytest.mark.django_db
def test_lote_no_corpo_e_em_multipart_com_csrf_verificado_e_recebido(cliente_integrador, arquivo_lote):
    no_corpo = cliente_integrador.post(
        "/api/v1/faturamento/lotes/", arquivo_lote(), content_type="application/xml",
        headers={"Content-Disposition": 'attachment; filename="lote.xml"'},
    )
    assert no_corpo.status_code == 201 and no_corpo.json()["numero"]
    arquivo = SimpleUploadedFile("l.xml", arquivo_lote(numero_lote="2", prefixo="M2", sequencial="2"),
                                 content_type="application/xml")
    multipart = cliente_integrador.post("/api/v1/faturamento/lotes/", {"arquivo": arquivo})
    assert multipart.status_code == 201 and multipart.json()["numero"] != no_corpo.json()["numero"]


@pytest.mark.django_db
def test_xml_no_corpo_com_nome_do_arquivo_e_recebido(cliente_portal, arquivo_lote):
    resposta = cliente_portal.post("/api/v1/faturamento/lotes/", arquivo_lote(), content_type="application/xml",
                                   headers={"Content-Disposition": 'attachment; filename="lote.xml"'})
    assert resposta.status_code == 201 and resposta.json()["numero"]


@pytest.mark.django_db
def test_multipart_quebrado_e_400_json_em_portugues(cliente_portal):
    # Django refuses it before the view (MultiPartParserError): the answer was a 400 with an empty body
    antes = _contagens()
    resposta = cliente_portal.post("/api/v1/faturamento/lotes/", b"lixo",
                                   content_type="multipart/form-data")  # no boundary
    assert resposta.status_code == 400 and resposta["Content-Type"] == "application/json"
    assert "Não foi possível ler os dados enviados" in resposta.json()["detail"]
    assert _contagens() == antes


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/faturamento/protocolos/abc/", "/api/v1/nao-existe/"])
def test_endereco_desconhecido_na_api_e_404_json(cliente_portal, url):
    resposta = cliente_portal.get(url)
    assert resposta.status_code == 404 and resposta["Content-Type"] == "application/json"
    assert resposta.json()["detail"] == "Endereço não encontrado na API."


@pytest.mark.django_db
def test_caractere_de_controle_na_api_e_400_json(cliente_portal):
    resposta = cliente_portal.get(URL, {"numero": "1\x00"})
    assert resposta.status_code == 400 and resposta["Content-Type"] == "application/json"
    assert "caractere inválido" in resposta.json()["detail"]


# --- the OpenAPI document ---------------------------------------------------------------------------------------


@pytest.fixture
def documento(client):
    return json.loads(client.get("/api/v1/openapi.json").content)


@pytest.mark.django_db
def test_openapi_valida_e_descreve_erros_de_todos_os_endpoints(documento):
    from drf_spectacular.validation import validate_schema

    validate_schema(documento)
    operacoes = [(caminho, metodo, op) for caminho, ops in documento["paths"].items() for metodo, op in ops.items()]
    assert operacoes
    for caminho, metodo, op in operacoes:
        assert op.get("description"), (caminho, metodo)
        assert {"400", "403"} <= set(op["responses"]), (caminho, metodo, sorted(op["responses"]))
        for codigo, resposta in op["responses"].items():
            assert resposta["description"], (caminho, metodo, codigo)


@pytest.mark.django_db
def test_openapi_descreve_filtros_paginacao_e_recusa_do_lote(documento):
    lista = documento["paths"][URL]["get"]
    assert {p["name"] for p in lista["parameters"]} >= {"numero", "situacao", "limit", "offset"}
    situacao = next(p for p in lista["parameters"] if p["name"] == "situacao")
    assert "pago" in situacao["schema"]["enum"]
    pagina = lista["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert {"count", "next", "previous", "results"} <= set(documento["components"]["schemas"][pagina]["properties"])
    assert "404" in documento["paths"][URL + "{protocolo_id}/"]["get"]["responses"]
    envio = documento["paths"]["/api/v1/faturamento/lotes/"]["post"]
    recusa = envio["responses"]["422"]["content"]["application/json"]["schema"]
    assert recusa["type"] == "array"  # the report is a list of errors, as the endpoint answers
    assert {"multipart/form-data", "application/xml"} <= set(envio["requestBody"]["content"])


@pytest.mark.django_db
def test_arquivo_acima_do_limite_e_recusado_pelo_tamanho_antes_de_ser_lido(cliente_portal, operadora, monkeypatch):
    """The API, like the page, refuses an upload over the operadora's limit by its size (5002) without reading it
    into memory for the engine (it read a file of any size first)."""
    operadora.tamanho_max_xml_mb = 1
    operadora.save(update_fields=["tamanho_max_xml_mb"])

    def nao_le(**_):
        raise AssertionError("o arquivo grande demais foi lido para o motor")

    monkeypatch.setattr(services, "receber_xml", nao_le)
    antes = _contagens()
    grande = SimpleUploadedFile("l.xml", b"<a>" + b" " * (1024 * 1024 + 1) + b"</a>", content_type="application/xml")
    resposta = cliente_portal.post("/api/v1/faturamento/lotes/", {"arquivo": grande})
    assert resposta.status_code == 422
    assert resposta.json()[0]["codigo"] == "5002" and "limite de 1 MB" in resposta.json()[0]["mensagem"]
    assert _contagens() == antes


@pytest.mark.django_db
def test_openapi_diz_limites_da_paginacao_e_campos_sempre_presentes(documento):
    # limit/offset carried DRF's English text and no bounds although the API answers 400 outside 1–500; the
    # Protocolo response marked situacao, the amounts and data_pagamento_prevista optional (model defaults)
    parametros = {p["name"]: p for p in documento["paths"][URL]["get"]["parameters"]}
    assert parametros["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}
    assert parametros["offset"]["schema"] == {"type": "integer", "minimum": 0, "default": 0}
    assert "Quantos" in parametros["limit"]["description"] and "Quantos" in parametros["offset"]["description"]
    protocolo = documento["components"]["schemas"]["Protocolo"]
    assert set(protocolo["required"]) == set(protocolo["properties"])


@pytest.mark.django_db
def test_detalhe_do_protocolo_recusa_parametro_desconhecido_como_a_lista(cliente_portal, tres_protocolos):
    resposta = cliente_portal.get(f"{URL}{tres_protocolos[0].pk}/", {"situacao": "pago"})
    assert resposta.status_code == 400
    assert resposta.json()["detail"] == "Parâmetro desconhecido: situacao. Esta consulta não aceita parâmetros."
