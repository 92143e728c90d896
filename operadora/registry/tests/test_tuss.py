import pytest

from operadora.registry.models import TermoTUSS
from operadora.registry.selectors import buscar_termos_tuss
from operadora.registry.services import carregar_tabelas_tuss


@pytest.fixture(scope="module")
def tabelas_carregadas(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        resultado = carregar_tabelas_tuss()
    yield resultado
    with django_db_blocker.unblock():
        TermoTUSS.objects.all().delete()


@pytest.mark.django_db
def test_carga_traz_as_tabelas_tuss_e_de_dominio(tabelas_carregadas):
    assert tabelas_carregadas.inseridos > 60000
    for tabela in ("18", "19", "20", "22", "24", "26", "38"):
        assert tabelas_carregadas.por_tabela[tabela] > 0, tabela
    glosa = TermoTUSS.objects.get(tabela="38", codigo="1001")
    assert glosa.termo == "NÚMERO DA CARTEIRA INVÁLIDO"
    assert glosa.extras == {"grupo": "10"}


@pytest.mark.django_db
def test_recarga_nao_duplica_e_atualiza_o_que_mudou(tabelas_carregadas):
    total = TermoTUSS.objects.count()
    TermoTUSS.objects.filter(tabela="22", codigo="10101012").update(termo="alterado à mão")
    resultado = carregar_tabelas_tuss()
    assert (resultado.inseridos, resultado.atualizados) == (0, 1)
    assert TermoTUSS.objects.count() == total
    assert TermoTUSS.objects.get(tabela="22", codigo="10101012").termo.startswith("Consulta em consultório")


@pytest.mark.django_db
@pytest.mark.parametrize("consulta", ["CONSULTA EM CONSULTORIO", "consulta em consultório", "Consultório consulta"])
def test_busca_ignora_acentos_e_caixa(tabelas_carregadas, consulta):
    codigos = {t.codigo for t in buscar_termos_tuss(consulta, tabelas=["22"])}
    assert "10101012" in codigos


@pytest.mark.django_db
def test_busca_por_prefixo_de_codigo_e_por_tabela(tabelas_carregadas):
    termos = buscar_termos_tuss("4030436", tabelas=["22"])
    assert [t.codigo for t in termos] == ["40304361"]
    assert buscar_termos_tuss("hemograma", tabelas=["38"]) == []
    assert buscar_termos_tuss("   ") == []


@pytest.mark.django_db
def test_api_busca_tuss_exige_login_e_responde_json(client, tabelas_carregadas, django_user_model):
    assert client.get("/api/v1/tuss/", {"q": "hemograma"}).status_code == 403
    client.force_login(django_user_model.objects.create_user("analista", password="Senha#forte1"))
    resposta = client.get("/api/v1/tuss/", {"q": "hemograma", "tabela": "22"})
    assert resposta.status_code == 200
    assert any(t["codigo"] == "40304361" for t in resposta.json()["results"])


@pytest.mark.django_db
def test_api_busca_tuss_percorre_todos_os_termos_em_paginas(client, tabelas_carregadas, django_user_model):
    """An integrator can walk a whole search (it was cut at the first 50 terms, with no way to see the rest)."""
    client.force_login(django_user_model.objects.create_user("analista", password="Senha#forte1"))
    esperados = list(TermoTUSS.objects.filter(tabela="22", codigo__startswith="4")
                     .order_by("codigo").values_list("codigo", flat=True))
    assert len(esperados) > 120
    vistos, url, parametros = [], "/api/v1/tuss/", {"q": "4", "tabela": "22", "limit": 60}
    while url:
        pagina = client.get(url, parametros).json()
        assert pagina["count"] == len(esperados)
        vistos += [t["codigo"] for t in pagina["results"]]
        url, parametros = pagina["next"], None
    assert vistos == esperados


@pytest.mark.django_db
def test_api_busca_tuss_sem_termo_ou_com_parametro_desconhecido_responde_400(client, tabelas_carregadas,
                                                                              django_user_model):
    client.force_login(django_user_model.objects.create_user("analista", password="Senha#forte1"))
    for parametros, trecho in (({"q": "  "}, "Informe 'q'"), ({"q": "4", "pagina": "2"}, "pagina"),
                               ({"q": "4", "limit": "0"}, "'limit'")):
        resposta = client.get("/api/v1/tuss/", parametros)
        assert resposta.status_code == 400, parametros
        assert trecho in resposta.json()["detail"]
