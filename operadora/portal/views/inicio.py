"""The provider home (seeds 000, 002, 003): provider data, operator messages with the *Nova* badge and the
unread-notices prompt after sign-in, quick-access tiles, the user's most-used services; session renewal."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from operadora.accounts import sessao
from operadora.accounts.acesso import portal_autenticado, portal_requer

from .. import selectors, services
from ..atalhos import atalho, atalhos_para
from .acesso import SESSAO_MOSTRAR_AVISOS


@portal_requer()
def inicio(request: HttpRequest) -> HttpResponse:
    contexto = request.portal  # type: ignore[attr-defined]
    atalhos = atalhos_para(contexto)
    mensagens = list(selectors.mensagens_do_portal(contexto)[:5])
    nao_lidas = selectors.quantidade_nao_lidas(contexto)
    mostrar_avisos = bool(request.session.pop(SESSAO_MOSTRAR_AVISOS, False)) and nao_lidas > 0
    return render(request, "portal/inicio.html", {
        "atalhos": atalhos,
        "mais_usados": selectors.servicos_mais_usados(contexto, atalhos),
        "mensagens": mensagens,
        "nao_lidas": nao_lidas,
        "mostrar_avisos": mostrar_avisos,
    })


@portal_requer()
def abrir_atalho(request: HttpRequest, chave: str) -> HttpResponse:
    """A tile's link: counts the use (most-used services) and goes to the feature, if the user may reach it."""
    contexto = request.portal  # type: ignore[attr-defined]
    item = atalho(chave)
    if item is None or item not in atalhos_para(contexto):
        raise Http404("Atalho não encontrado.")
    services.registrar_uso_de_atalho(usuario=contexto.usuario, chave=item.chave)
    return redirect(item.url)


@portal_autenticado
@require_POST
def renovar_sessao(request: HttpRequest) -> HttpResponse:
    """"Continuar conectado": renews the idle clock now and answers how long the session lasts."""
    sessao.renovar(request)
    return JsonResponse({"restante": sessao.segundos_restantes(request)})
