"""`{% load sessao %}{% segundos_de_sessao %}`: seconds until the signed-in session ends if idle (for countdowns)."""

from typing import Any

from django import template

from operadora.accounts import sessao

register = template.Library()


@register.simple_tag(takes_context=True)
def segundos_de_sessao(context: dict[str, Any]) -> str:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return "0"
    return str(sessao.segundos_restantes(request))


@register.simple_tag
def aviso_de_sessao() -> str:
    return str(sessao.config("SESSAO_AVISO_SEGUNDOS"))
