"""File responses of the statements (PDF inline, XML as a download); the appeal attachments go out through
`core.arquivos.resposta_anexo`, like every upload."""

from django.http import Http404, HttpResponse

from operadora.billing.models import Protocolo

from .. import demonstrativos, pdf


def exigir_formato(formato: str) -> str:
    """A statement is a PDF or a TISS XML: any other extension in the URL is a 404 (never the PDF under .txt)."""
    if formato not in ("pdf", "xml"):
        raise Http404("Formato desconhecido.")
    return formato


def resposta_pdf(conteudo: bytes, nome: str) -> HttpResponse:
    resposta = HttpResponse(conteudo, content_type="application/pdf")
    resposta["Content-Disposition"] = f'inline; filename="{nome}"'
    return resposta


def resposta_xml(conteudo: bytes, nome: str) -> HttpResponse:
    resposta = HttpResponse(conteudo, content_type="application/xml")
    resposta["Content-Disposition"] = f'attachment; filename="{nome}"'
    return resposta


def demonstrativo_de_analise(protocolo: Protocolo, formato: str) -> HttpResponse:
    """The Demonstrativo de Análise de Conta of one protocol (released or later), as a PDF or TISS XML: the same
    file on the provider's portal and in the back office."""
    if not protocolo.tem_demonstrativo_analise:
        raise Http404("O demonstrativo fica disponível quando o protocolo é liberado para faturamento.")
    exigir_formato(formato)
    d = demonstrativos.analise_conta(operadora=protocolo.operadora, prestador=protocolo.prestador,
                                     protocolos=[protocolo], numero=protocolo.numero)
    nome = f"demonstrativo-analise-{protocolo.numero}"
    if formato == "xml":
        return resposta_xml(demonstrativos.xml(d), f"{nome}.xml")
    return resposta_pdf(pdf.analise_conta(d), f"{nome}.pdf")
