"""`{% load portal %}`: the portal header (menu from the tile registry, chosen operadora and switcher, last access,
session countdown, sign-out) for every page that extends portal/base.html, whichever app renders it."""

import datetime
from typing import Any

from django import template

from operadora.accounts import sessao
from operadora.accounts.acesso import eh_usuario_do_portal

from .. import selectors
from ..atalhos import atalhos_para

register = template.Library()


@register.inclusion_tag("portal/_menu.html", takes_context=True)
def menu_portal(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    contexto = getattr(request, "portal", None)
    if contexto is None:
        return {"contexto": None}
    return {"contexto": contexto, "atalhos": atalhos_para(contexto),
            "nao_lidas": selectors.quantidade_nao_lidas(contexto), "request": request}


@register.inclusion_tag("portal/_sessao.html", takes_context=True)
def sessao_portal(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    if request is None or not eh_usuario_do_portal(request.user):
        return {"usuario": None}
    contexto = getattr(request, "portal", None)
    ultimo = request.session.get("portal_ultimo_acesso")
    return {
        "usuario": request.user,
        "contexto": contexto,
        "operadoras": contexto.operadoras if contexto else (),  # read with the context: no query of its own
        "ultimo_acesso": datetime.datetime.fromisoformat(ultimo) if ultimo else None,
        "restante": sessao.segundos_restantes(request),
        "aviso": sessao.config("SESSAO_AVISO_SEGUNDOS"),
        "caminho": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def minutos_segundos(segundos: int) -> str:
    """1796 → "29min56s" (the seed's countdown)."""
    segundos = max(0, int(segundos))
    return f"{segundos // 60}min{segundos % 60:02d}s"
