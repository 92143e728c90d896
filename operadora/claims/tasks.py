"""Thin, idempotent Celery tasks: they take ids and call services."""

from celery import shared_task
from django.db import OperationalError, transaction

from . import services


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def analisar_protocolo(protocolo_id: int) -> dict:
    """The analysis of one protocol (one task per protocol, never per guide). Re-running it is harmless: the
    service replaces only the glosas still proposed and refuses protocols no longer in analysis."""
    analise = services.analisar_protocolo(protocolo_id=protocolo_id)
    return {"protocolo": analise.protocolo_id, "versao_regras": analise.conjunto_regras.versao
            if analise.conjunto_regras else None, "valor_glosa": str(analise.valor_glosa)}


def enfileirar_analise(protocolo_id: int) -> None:
    """What the receipt path calls inside its transaction: the analysis is queued once the protocol is committed."""
    transaction.on_commit(lambda: analisar_protocolo.delay(protocolo_id))


@shared_task
def analisar_recebidos() -> int:
    """Safety net (periodic, or `operadora claims analyze-pending`): queues the analysis of every protocol still
    'Enviado à operadora' — a receipt whose queued task was lost, or a worker that died before committing."""
    from operadora.billing.models import Protocolo

    ids = list(Protocolo.objects.filter(situacao=Protocolo.Situacao.RECEBIDO).values_list("pk", flat=True))
    for protocolo_id in ids:
        analisar_protocolo.delay(protocolo_id)
    return len(ids)
