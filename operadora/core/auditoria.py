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


def registrar_visualizacao(request: HttpRequest, *, acao: str, objeto: models.Model, descricao: str) -> EventoAuditoria:
    """Who saw health data (LGPD): every page or download that shows or hands out clinical content — CID, clinical
    indication and justifications, clinical annexes, attachments — calls this, on the portal and in the back office
    alike (a provider's representatives are people too). Records who, what and from where; never the content."""
    return registrar(acao=acao, usuario=request.user, objeto=objeto, descricao=descricao,
                     ip=ip_da_requisicao(request))
