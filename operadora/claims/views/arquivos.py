"""File responses of the statements (PDF inline, XML as a download)."""

from django.http import HttpResponse


def resposta_pdf(conteudo: bytes, nome: str) -> HttpResponse:
    resposta = HttpResponse(conteudo, content_type="application/pdf")
    resposta["Content-Disposition"] = f'inline; filename="{nome}"'
    return resposta


def resposta_xml(conteudo: bytes, nome: str) -> HttpResponse:
    resposta = HttpResponse(conteudo, content_type="application/xml")
    resposta["Content-Disposition"] = f'attachment; filename="{nome}"'
    return resposta
