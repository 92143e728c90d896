"""File responses of the statements (PDF inline, XML as a download) and of the appeal attachments."""

from django.db.models.fields.files import FieldFile
from django.http import HttpResponse
from django.utils.http import content_disposition_header


def resposta_pdf(conteudo: bytes, nome: str) -> HttpResponse:
    resposta = HttpResponse(conteudo, content_type="application/pdf")
    resposta["Content-Disposition"] = f'inline; filename="{nome}"'
    return resposta


def resposta_xml(conteudo: bytes, nome: str) -> HttpResponse:
    resposta = HttpResponse(conteudo, content_type="application/xml")
    resposta["Content-Disposition"] = f'attachment; filename="{nome}"'
    return resposta


def resposta_anexo(arquivo: FieldFile, nome: str) -> HttpResponse:
    """An uploaded attachment: always a download of opaque bytes (never rendered inline: uploads are untrusted)."""
    with arquivo.open("rb") as aberto:
        resposta = HttpResponse(aberto.read(), content_type="application/octet-stream")
    resposta["Content-Disposition"] = content_disposition_header(True, nome)
    resposta["X-Content-Type-Options"] = "nosniff"
    return resposta
