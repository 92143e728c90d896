"""The audit log's one way in. Call it explicitly from services (no signals)."""

from typing import Any

from django.db import models
from django.http import HttpRequest

from .models import EventoAuditoria


def ip_da_requisicao(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _evento(acao: str, usuario: Any, objeto: models.Model | None, descricao: str, detalhes: dict[str, Any] | None,
            ip: str | None) -> EventoAuditoria:
    return EventoAuditoria(
        acao=acao,
        usuario=usuario if getattr(usuario, "is_authenticated", False) else None,
        objeto_tipo=objeto._meta.label if objeto is not None else "",
        objeto_id=str(objeto.pk) if objeto is not None else "",
        descricao=descricao[:500],
        detalhes=detalhes or {},
        ip=ip,
    )


def registrar(
    *,
    acao: str,
    usuario: Any = None,
    objeto: models.Model | None = None,
    descricao: str = "",
    detalhes: dict[str, Any] | None = None,
    ip: str | None = None,
) -> EventoAuditoria:
    evento = _evento(acao, usuario, objeto, descricao, detalhes, ip)
    evento.save()
    return evento


def registrar_varios(
    *,
    acao: str,
    usuario: Any = None,
    objetos: list[tuple[models.Model, str, dict[str, Any] | None]],
    ip: str | None = None,
) -> None:
    """One event per object (object, description, details), written in one INSERT: a bulk change keeps each
    object's own trail without a query per object."""
    EventoAuditoria.objects.bulk_create(
        [_evento(acao, usuario, objeto, descricao, detalhes, ip) for objeto, descricao, detalhes in objetos]
    )


def registrar_visualizacao(request: HttpRequest, *, acao: str, objeto: models.Model, descricao: str) -> EventoAuditoria:
    """Who saw health data (LGPD): every page or download that shows or hands out clinical content — CID, clinical
    indication and justifications, clinical annexes, attachments — calls this, on the portal and in the back office
    alike (a provider's representatives are people too). Records who, what and from where; never the content."""
    return registrar(acao=acao, usuario=request.user, objeto=objeto, descricao=descricao,
                     ip=ip_da_requisicao(request))
