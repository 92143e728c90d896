"""Attachment download, shared by the portal and the audit pages (each reaches the file through its own access
check first), through the one way every upload goes out (`core.arquivos.resposta_anexo`)."""

from django.http import HttpResponse

from operadora.core.arquivos import resposta_anexo

from ..models import AnexoAutorizacao


def baixar_anexo(anexo: AnexoAutorizacao) -> HttpResponse:
    return resposta_anexo(anexo.arquivo, anexo.nome_original or f"anexo-{anexo.pk}")
