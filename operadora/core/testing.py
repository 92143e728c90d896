"""Fixtures every app's tests share (a pytest plugin, loaded by the root conftest.py).

They build small, explicit registers with the services and models, not mocks."""

import datetime
import os
import shutil
from decimal import Decimal

import pytest

from operadora.registry.models import (
    Beneficiario,
    CoberturaPlano,
    Contrato,
    Credenciamento,
    GrupoProcedimento,
    Operadora,
    Plano,
    PrecoContratado,
    Prestador,
)

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def operadora(db) -> Operadora:
    return Operadora.objects.create(registro_ans="359017", cnpj="11444777000161", razao_social="Saúde Teste S.A.",
                                    nome_fantasia="Saúde Teste", uf="SP")


@pytest.fixture
def outra_operadora(db) -> Operadora:
    return Operadora.objects.create(registro_ans="421456", cnpj="11222333000181", razao_social="Outra Operadora",
                                    nome_fantasia="Outra", uf="MG")


def criar_prestador(operadora: Operadora, *, cnpj: str, nome: str, codigo: str, cnes: str = "2077485") -> Prestador:
    prestador = Prestador.objects.create(tipo_pessoa="J", cpf_cnpj=cnpj, nome=nome, tipo=Prestador.Tipo.CLINICA,
                                         cnes=cnes, banco="001", agencia="1234", agencia_dv="5", conta="67890",
                                         conta_dv="1")
    Credenciamento.objects.create(operadora=operadora, prestador=prestador, codigo_na_operadora=codigo,
                                  tipo_rede=Credenciamento.TipoRede.CREDENCIADA, data_inicio=datetime.date(2024, 1, 1))
    return prestador


@pytest.fixture
def prestador(operadora) -> Prestador:
    return criar_prestador(operadora, cnpj="33100200000175", nome="Clínica A", codigo="100001")


@pytest.fixture
def outro_prestador(operadora) -> Prestador:
    return criar_prestador(operadora, cnpj="33101311000104", nome="Clínica B", codigo="100002", cnes="2078015")


@pytest.fixture
def plano(operadora) -> Plano:
    plano = Plano.objects.create(operadora=operadora, registro_ans_produto="359001123", nome="Completo",
                                 segmentacoes=["ambulatorial", "hospitalar"], abrangencia="estadual",
                                 contratacao="empresarial")
    consultas = GrupoProcedimento.objects.create(operadora=operadora, codigo="consultas", nome="Consultas",
                                                 segmentacao="ambulatorial", prefixos_tuss=["101"])
    cirurgias = GrupoProcedimento.objects.create(operadora=operadora, codigo="cirurgias", nome="Cirurgias",
                                                 segmentacao="hospitalar", prefixos_tuss=["3"])
    CoberturaPlano.objects.create(plano=plano, grupo=consultas, carencia_dias=30)
    CoberturaPlano.objects.create(plano=plano, grupo=cirurgias, carencia_dias=180)
    return plano


@pytest.fixture
def beneficiario(operadora, plano) -> Beneficiario:
    contrato = Contrato.objects.create(operadora=operadora, numero="PF1", tipo="PF", dia_vencimento=10,
                                       data_inicio=datetime.date(2024, 1, 1))
    return Beneficiario.objects.create(
        operadora=operadora, carteira="35900010000", nome="Maria da Silva", data_nascimento=datetime.date(1980, 5, 17),
        sexo="F", parentesco="titular", contrato=contrato, plano=plano, data_inclusao=datetime.date(2024, 1, 2),
        cadastro_atualizado_em=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )


@pytest.fixture
def preco_consulta(operadora, prestador) -> PrecoContratado:
    return PrecoContratado.objects.create(operadora=operadora, prestador=prestador, codigo="10101012",
                                          valor=Decimal("120.00"), vigencia_inicio=datetime.date(2024, 1, 1))


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium for Playwright journeys; skipped when absent, except where REQUIRE_BROWSER=1 (CI)."""
    caminho = shutil.which("chromium") or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    if caminho is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium do Debian não encontrado (apt-get install chromium).")
        pytest.skip("Chromium do Debian não encontrado: jornadas de navegador puladas (apt-get install chromium).")
    return caminho


@pytest.fixture
def navegador(chromium_path):
    """A headless Debian chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test body are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def pagina(navegador):
    contexto = navegador.new_context(locale="pt-BR", timezone_id="America/Sao_Paulo")
    page = contexto.new_page()
    page.set_default_timeout(15000)
    try:
        yield page
    finally:
        contexto.close()
