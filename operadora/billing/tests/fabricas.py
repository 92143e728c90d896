"""Builders of billing test data shared by the unit tests and the browser journeys."""

import datetime

from django.utils import timezone

from operadora.authorizations.models import Atendimento, Autorizacao, ItemAutorizacao
from operadora.billing import services


def criar_atendimentos_confirmados(operadora, prestador, beneficiario, hoje, dias_atras):
    """An authorized SP/SADT senha (SEN001) of consulta 10101012 with one confirmed session per `dias_atras`."""
    autorizacao = Autorizacao.objects.create(
        operadora=operadora, prestador=prestador, beneficiario=beneficiario, tipo="sp_sadt",
        numero_guia_prestador="P0001", numero_guia_operadora="2026000001", senha="SEN001",
        data_autorizacao=hoje - datetime.timedelta(days=30), data_validade_senha=hoje + datetime.timedelta(days=60),
        situacao="autorizada", carater_atendimento="1", prazo_resposta=timezone.now(),
    )
    item = ItemAutorizacao.objects.create(
        autorizacao=autorizacao, sequencial=1, codigo="10101012", descricao="Consulta em consultório",
        quantidade_solicitada=5, quantidade_autorizada=5, exigencia="senha",
    )
    return [
        Atendimento.objects.create(autorizacao=autorizacao, item=item, confirmado_em=timezone.now(),
                                   data_execucao=hoje - datetime.timedelta(days=d))
        for d in dias_atras
    ]


def gerar_faturamento(operadora, prestador, hoje, usuario=None):
    """'Gerar lote' of the automatic billing up to yesterday (the confirmed atendimentos of the period)."""
    return services.gerar_faturamento_automatico(
        operadora=operadora,
        prestador=prestador,
        usuario=usuario,
        data_final=hoje - datetime.timedelta(days=1),
        hoje=hoje,
    )


def segundo_procedimento(data, **extra):
    """A second procedure row (hemograma, 2 × R$ 18,50) for `passo_3_sp_sadt(..., linhas=2)`; `extra` adds or
    replaces its fields (e.g. DELETE="on")."""
    linha = {
        "itens-1-tabela": "22",
        "itens-1-codigo": "40304361",
        "itens-1-quantidade": "2",
        "itens-1-data_execucao": data.isoformat(),
        "itens-1-valor_unitario": "18.50",
        "itens-1-reducao_acrescimo": "1.00",
    }
    return linha | {f"itens-1-{k}": v for k, v in extra.items()}


def passo_3_sp_sadt(data, *, codigo="10101012", valor="100.00", linhas=1, **extra):
    """The POST of the wizard's step 3 for an SP/SADT guide: one procedure row (`linhas` counts rows the caller
    adds), no outras despesas, the attendance fields, 'próximo'; `extra` replaces or adds fields."""
    return {
        "itens-TOTAL_FORMS": str(linhas),
        "itens-INITIAL_FORMS": "0",
        "itens-MIN_NUM_FORMS": "1",
        "itens-MAX_NUM_FORMS": "99",
        "itens-0-tabela": "22",
        "itens-0-codigo": codigo,
        "itens-0-quantidade": "1",
        "itens-0-data_execucao": data.isoformat(),
        "itens-0-valor_unitario": valor,
        "itens-0-reducao_acrescimo": "1.00",
        "despesas-TOTAL_FORMS": "0",
        "despesas-INITIAL_FORMS": "0",
        "despesas-MIN_NUM_FORMS": "0",
        "despesas-MAX_NUM_FORMS": "99",
        "tipo_atendimento": "23",
        "tipo_consulta": "1",
        "indicacao_acidente": "9",
        "regime_atendimento": "01",
        "acao": "proximo",
    } | extra


def nova_guia(cliente, tipo, **passo_1):
    """Step 1 of a new guide of `tipo` saved as a user would (the draft is created then); returns its id and
    base URL (`/portal/faturamento/guias/<id>`). `passo_1`: the step's fields (number and carteira at least)."""
    resposta = cliente.post(f"/portal/faturamento/guias/nova/{tipo}/", {**passo_1, "acao": "proximo"})
    assert resposta.status_code == 302, resposta.content.decode()[:3000]
    base = resposta["Location"].rsplit("/passo/", 1)[0]
    return int(base.rsplit("/", 1)[1]), base
