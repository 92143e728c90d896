"""Thin, idempotent Celery tasks: ids in, one service call (STYLE habit 5). Queued with `transaction.on_commit`.

`receber_arquivo_de_lote` serves lotes that arrive by other channels in bulk (an SFTP drop, a mailbox): the
file bytes are read from storage and received exactly as an upload would; resending is harmless (idempotent
receipt)."""

from celery import shared_task
from django.core.files.storage import default_storage

from operadora.registry.models import Credenciamento

from . import services
from .models import Origem


@shared_task(name="billing.receber_arquivo_de_lote")
def receber_arquivo_de_lote(credenciamento_id: int, caminho: str) -> dict:
    credenciamento = Credenciamento.objects.select_related("operadora", "prestador").get(pk=credenciamento_id)
    with default_storage.open(caminho, "rb") as arquivo:
        dados = arquivo.read()
    resultado = services.receber_xml(
        operadora=credenciamento.operadora,
        prestador=credenciamento.prestador,
        dados=dados,
        origem=Origem.CLI,
        nome_arquivo=caminho,
    )
    return resultado.como_dict()
