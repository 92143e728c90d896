"""Attachment download, shared by the portal and the audit pages (each reaches the file through its own access
check first). Always as an attachment, never rendered inline (uploaded files are untrusted)."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from ..models import AnexoAutorizacao


def baixar_anexo(anexo: AnexoAutorizacao) -> HttpResponse:
    with anexo.arquivo.open("rb") as arquivo:
        resposta = HttpResponse(arquivo.read(), content_type="application/octet-stream")
    resposta["Content-Disposition"] = content_disposition_header(True, anexo.nome_original)
    resposta["X-Content-Type-Options"] = "nosniff"
    return resposta
