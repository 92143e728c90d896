"""The audit log's one way in. Call it explicitly from services (no signals)."""

from typing import Any

from django.db import models
from django.http import HttpRequest

from .models import EventoAuditoria


def ip_da_requisicao(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def registrar(
    *,
    acao: str,
    usuario: Any = None,
    objeto: models.Model | None = None,
    descricao: str = "",
    detalhes: dict[str, Any] | None = None,
    ip: str | None = None,
) -> EventoAuditoria:
    return EventoAuditoria.objects.create(
        acao=acao,
        usuario=usuario if getattr(usuario, "is_authenticated", False) else None,
        objeto_tipo=objeto._meta.label if objeto is not None else "",
        objeto_id=str(objeto.pk) if objeto is not None else "",
        descricao=descricao[:500],
        detalhes=detalhes or {},
        ip=ip,
    )
