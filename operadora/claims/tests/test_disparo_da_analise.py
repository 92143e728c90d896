"""How a received protocol reaches the analysis: at once when the operadora configures the receipt hook,
otherwise by the nightly `analisar_recebidos` (beat schedule)."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from operadora.billing import exemplos
from operadora.billing import services as faturamento
from operadora.billing.models import Protocolo
from operadora.claims.models import AnaliseProtocolo
from operadora.config.celery import app


def _receber(operadora, prestador):
    lote = exemplos.lote(tipo="1", quantidade=2, itens=1, numero_lote="77", registro_ans=operadora.registro_ans,
                         codigo_prestador="100001", data=timezone.localdate() - datetime.timedelta(days=5))
    dados = exemplos.arquivo(lote, registro_ans=operadora.registro_ans, codigo_prestador="100001")
    return faturamento.receber_xml(operadora=operadora, prestador=prestador, dados=dados).protocolo


@pytest.mark.django_db
def test_com_o_gancho_configurado_o_recebimento_enfileira_a_analise(
    settings, operadora, prestador, termos_tuss, django_capture_on_commit_callbacks
):
    # given an operadora that wants the analysis as soon as a lote is received
    settings.PROTOCOLO_RECEBIDO_ACOES = ["operadora.claims.tasks.enfileirar_analise"]
    # when a lote is received (the task runs eagerly once the receipt commits)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        protocolo = _receber(operadora, prestador)
    # then the protocol was analysed, once
    assert len(callbacks) == 1
    protocolo.refresh_from_db()
    assert protocolo.situacao == Protocolo.Situacao.EM_ANALISE
    assert AnaliseProtocolo.objects.filter(protocolo=protocolo).count() == 1


@pytest.mark.django_db
def test_sem_o_gancho_o_protocolo_espera_a_analise_noturna(
    settings, operadora, prestador, termos_tuss, django_capture_on_commit_callbacks
):
    settings.PROTOCOLO_RECEBIDO_ACOES = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        protocolo = _receber(operadora, prestador)
    assert callbacks == []
    protocolo.refresh_from_db()
    assert protocolo.situacao == Protocolo.Situacao.RECEBIDO  # the provider may still cancel it today
    assert not AnaliseProtocolo.objects.filter(protocolo=protocolo).exists()


def test_as_tarefas_do_agendamento_existem():
    app.loader.import_default_modules()
    for nome, entrada in settings.CELERY_BEAT_SCHEDULE.items():
        assert entrada["task"] in app.tasks, nome
