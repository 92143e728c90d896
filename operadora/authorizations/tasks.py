"""Celery tasks: thin, idempotent, calling services. Schedule `expirar_autorizacoes` daily (Celery beat:
`{"task": "operadora.authorizations.tasks.expirar_autorizacoes", "schedule": crontab(hour=0, minute=5)}`)."""

from celery import shared_task

from . import services


@shared_task(name="operadora.authorizations.tasks.expirar_autorizacoes")
def expirar_autorizacoes() -> int:
    """Marks as *expirada* every authorization whose senha validity has passed (set-based, safe to rerun)."""
    return services.expirar_autorizacoes_vencidas()
