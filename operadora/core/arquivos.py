"""Uploaded files: the kind a file's name claims (its extension) checked against the first bytes of its content,
so that a renamed executable or an HTML page is not stored as a PDF or an image. One check for every upload of
the portal: anexos de autorização, documentos anexos of guides and lotes, notas fiscais, anexos de recurso."""

from typing import Any

ASSINATURAS = {  # extension → magic bytes at the start of the file
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "tif": (b"II*\x00", b"MM\x00*"),
    "tiff": (b"II*\x00", b"MM\x00*"),
}
BOM_UTF8 = b"\xef\xbb\xbf"


def extensao(nome: str) -> str:
    """The extension of a file name, lower case and without the dot ('' when there is none)."""
    return nome.rsplit(".", 1)[-1].lower() if "." in nome else ""


def conteudo_confere(arquivo: Any, extensao: str) -> bool:
    """Whether the file's content starts as a file of that extension does: the magic bytes of PDF, PNG, JPEG and
    TIFF; for XML, a '<' after an optional UTF-8 BOM and blanks. Other extensions are not checked here. Reads the
    first bytes only and leaves the file at its start."""
    arquivo.seek(0)
    inicio = arquivo.read(64)
    arquivo.seek(0)
    if extensao == "xml":
        return inicio.removeprefix(BOM_UTF8).lstrip().startswith(b"<")
    assinaturas = ASSINATURAS.get(extensao)
    return assinaturas is None or any(inicio.startswith(a) for a in assinaturas)
