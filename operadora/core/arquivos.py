"""Uploaded files: the kind a file's name claims (its extension) checked against the first bytes of its content,
so that a renamed executable or an HTML page is not stored as a PDF or an image. One check for every upload of
the portal: anexos de autorização, documentos anexos of guides and lotes, notas fiscais, anexos de recurso. And one
way to hand a stored upload back (`resposta_anexo`), after the caller's access check and audit."""

from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from operadora.tiss.errors import ErroTiss
from operadora.tiss.parsing import ler_xml
from operadora.tiss.politica import POLITICA_PADRAO

ASSINATURAS = {  # extension → magic bytes at the start of the file
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "tif": (b"II*\x00", b"MM\x00*"),
    "tiff": (b"II*\x00", b"MM\x00*"),
}


def extensao(nome: str) -> str:
    """The extension of a file name, lower case and without the dot ('' when there is none)."""
    return nome.rsplit(".", 1)[-1].lower() if "." in nome else ""


def conteudo_confere(arquivo: Any, extensao: str) -> bool:
    """Whether the file's content is what its extension says: the magic bytes of PDF, PNG, JPEG and TIFF (the
    first bytes only); for XML, the whole file read by the TISS engine's hardened parser (`tiss.parsing.ler_xml`:
    ISO-8859-1 or UTF-8, no DOCTYPE or entities, well formed). Other extensions are not checked here. Leaves the
    file at its start."""
    arquivo.seek(0)
    if extensao == "xml":
        try:
            ler_xml(arquivo.read(POLITICA_PADRAO.max_bytes + 1), POLITICA_PADRAO)
        except ErroTiss:
            return False
        finally:
            arquivo.seek(0)
        return True
    inicio = arquivo.read(64)
    arquivo.seek(0)
    assinaturas = ASSINATURAS.get(extensao)
    return assinaturas is None or any(inicio.startswith(a) for a in assinaturas)


def resposta_anexo(arquivo: FieldFile, nome: str) -> HttpResponse:
    """A stored upload (authorization, appeal or billing attachment, NF) handed back by a view that already checked
    access and recorded who downloaded it: always a download of opaque bytes, never rendered inline (uploads are
    untrusted), never from a public /media/ address. No file (a refused upload) or a file gone from the storage is a
    404 with the reason, not a 500."""
    if not arquivo:
        raise Http404("Este envio não tem arquivo: ele foi recusado.")
    try:
        with arquivo.open("rb") as aberto:
            resposta = HttpResponse(aberto.read(), content_type="application/octet-stream")
    except FileNotFoundError:
        raise Http404("Arquivo indisponível no armazenamento.") from None
    resposta["Content-Disposition"] = content_disposition_header(True, nome)
    resposta["X-Content-Type-Options"] = "nosniff"
    return resposta
