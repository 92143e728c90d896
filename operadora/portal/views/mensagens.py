"""Mensagens da operadora: the list (with *Nova*) and one message, which becomes read for this user."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from operadora.accounts.acesso import portal_requer

from .. import selectors, services


@portal_requer()
def mensagens(request: HttpRequest) -> HttpResponse:
    contexto = request.portal  # type: ignore[attr-defined]
    pagina = Paginator(selectors.mensagens_do_portal(contexto), 20).get_page(request.GET.get("pagina"))
    return render(request, "portal/mensagens.html", {"pagina": pagina})


@portal_requer()
def mensagem(request: HttpRequest, mensagem_id: int) -> HttpResponse:
    contexto = request.portal  # type: ignore[attr-defined]
    item = selectors.acessar_mensagem(contexto, mensagem_id)
    services.marcar_como_lida(contexto=contexto, mensagem=item)
    return render(request, "portal/mensagem.html", {"mensagem": item})
