import datetime
import json
import os
import secrets
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.management import call_command

from operadora.core.calendario import dias_uteis_entre, eh_dia_util, somar_dias_uteis
from operadora.core.formatos import format_brl, format_cpf_cnpj, format_data


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [(Decimal("1234.56"), "R$ 1.234,56"), (Decimal("0.5"), "R$ 0,50"), (Decimal("-1000000"), "-R$ 1.000.000,00"),
     (Decimal("2.005"), "R$ 2,01"), (None, "")],
)
def test_dinheiro_em_reais(valor, esperado):
    assert format_brl(valor) == esperado


def test_datas_e_documentos_no_formato_brasileiro():
    assert format_data(datetime.date(2026, 3, 7)) == "07/03/2026"
    assert format_data(datetime.datetime(2026, 3, 7, 15, 0, tzinfo=datetime.UTC)) == "07/03/2026 12:00"
    assert format_cpf_cnpj("52998224725") == "529.982.247-25"
    assert format_cpf_cnpj("11222333000181") == "11.222.333/0001-81"


def test_dias_uteis_seguem_feriados_nacionais_e_estaduais():
    # 20/11/2026 (sexta) é feriado nacional (Consciência Negra); 9/7 é feriado estadual em SP.
    assert not eh_dia_util(datetime.date(2026, 11, 20))
    assert somar_dias_uteis(datetime.date(2026, 11, 19), 1) == datetime.date(2026, 11, 23)
    assert eh_dia_util(datetime.date(2026, 7, 9)) and not eh_dia_util(datetime.date(2026, 7, 9), "SP")
    # RN 623: 5 dias úteis a partir de uma quarta antes do Natal
    assert somar_dias_uteis(datetime.date(2026, 12, 23), 5) == datetime.date(2026, 12, 31)
    assert dias_uteis_entre(datetime.date(2026, 11, 19), datetime.date(2026, 11, 23)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("caminho", ["/", "/portal/", "/operadora/", "/admin/login/"])
def test_paginas_respondem_em_portugues(client, caminho):
    resposta = client.get(caminho, follow=True)  # portal, back office and admin lead anonymous users to sign-in
    assert resposta.status_code == 200
    assert 'lang="pt-BR"' in resposta.content.decode() or "pt-br" in resposta.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("caminho", ["/portal/", "/operadora/"])
def test_paginas_declaram_o_icone_e_o_navegador_nao_pede_favicon(client, caminho):
    """Every page made the browser ask /favicon.ico, a 404 in the logs (seen in a browser walk)."""
    assert '<link rel="icon" href="data:,">' in client.get(caminho, follow=True).content.decode()


@pytest.mark.django_db
def test_documento_openapi(client):
    resposta = client.get("/api/v1/openapi.json")
    assert resposta.status_code == 200
    documento = json.loads(resposta.content)
    assert documento["info"]["title"] == "Operadora Aberta API"
    assert "/api/v1/tuss/" in documento["paths"]


@pytest.mark.django_db
def test_pagina_inexistente_e_404_amigavel(client):
    resposta = client.get("/portal/nao-existe/")
    assert resposta.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_demo_json_tem_o_formato_combinado_e_e_idempotente(capsys):
    call_command("demo", "--json")
    primeiro = json.loads(capsys.readouterr().out)
    call_command("demo", "--json")
    segundo = json.loads(capsys.readouterr().out)
    assert primeiro == segundo
    assert len(primeiro["operadoras"]) == 2
    for operadora in primeiro["operadoras"]:
        assert len(operadora["registro_ans"]) == 6 and operadora["nome"]
        assert operadora["carteiras"]
        tipos = {p["tipo"] for p in operadora["prestadores"]}
        assert tipos
        for p in operadora["prestadores"]:
            assert {"codigo", "cpf_cnpj", "tipo", "login", "senha"} <= set(p)
    todos_tipos = {p["tipo"] for o in primeiro["operadoras"] for p in o["prestadores"]}
    assert todos_tipos == {"hospital", "clinica", "laboratorio", "clinica_odontologica", "profissional"}
    assert {s["papel"] for s in primeiro["staff"]} >= {"Administrador", "Auditor médico", "Analista de contas"}
    for s in primeiro["staff"]:
        assert {"login", "senha", "papel"} <= set(s)


@pytest.mark.django_db(transaction=True)
def test_carteiras_da_demo_sao_ativas_e_sem_carencia(capsys):
    from operadora.registry.demo import CARENCIA_MAXIMA
    from operadora.registry.models import Beneficiario

    call_command("demo", "--json")
    dados = json.loads(capsys.readouterr().out)
    carteiras = [c for o in dados["operadoras"] for c in o["carteiras"]]
    membros = Beneficiario.objects.filter(carteira__in=carteiras)
    assert membros.count() == len(carteiras)
    hoje = datetime.date.today()
    assert all(m.situacao == "ativo" and (hoje - m.data_inclusao).days > CARENCIA_MAXIMA for m in membros)
    assert Beneficiario.objects.filter(situacao="cancelado").exists()
    assert Beneficiario.objects.exclude(carteira__in=carteiras).filter(situacao="ativo").exists()  # em carência
    call_command("demo", "--scale", "300")
    assert Beneficiario.objects.filter(carteira__startswith="9").count() == 600


@pytest.mark.django_db(transaction=True)
def test_pagamento_pago_da_demo_paga_alguma_coisa(capsys):
    """The hospital's lotes bill the same beneficiaries and codes: on one day they were all glosed as billed twice
    and the demo's paid payment was R$ 0,00."""
    from operadora.claims.models import Pagamento

    call_command("demo", "--json")
    pagos = Pagamento.objects.filter(situacao=Pagamento.Situacao.PAGO)
    assert pagos.exists() and all(p.valor_liberado > 0 for p in pagos)


def test_configuracao_de_producao_passa_no_check_deploy():
    ambiente = {**os.environ, "DJANGO_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "operadora.exemplo.com.br", "DJANGO_SETTINGS_MODULE": "operadora.config.settings",
                "DATABASE_URL": "sqlite:///:memory:"}
    saida = subprocess.run([sys.executable, "-m", "operadora.manage", "check", "--deploy", "--fail-level", "WARNING"],
                           env=ambiente, capture_output=True, text=True, timeout=120)
    assert saida.returncode == 0, saida.stdout + saida.stderr
    assert "no issues" in saida.stdout


def test_preparar_processo_importa_as_views_e_congela_o_que_ja_existe():
    import gc

    from django.urls import get_resolver

    from operadora.config.processo import preparar_processo

    try:
        preparar_processo()
        assert gc.get_freeze_count() > 10_000  # Django, the apps and every view module
        assert "url_patterns" in get_resolver().__dict__  # the URLconf (and with it the views) already loaded
        assert gc.isenabled()  # collection stays on for what is created while serving
    finally:
        gc.unfreeze()
