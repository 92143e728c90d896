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
    assert any(t["codigo"] == "40304361" for t in resposta.json())
