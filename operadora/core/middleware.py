"""Request-level input guard.

PostgreSQL text columns cannot hold the NUL character (U+0000): a filter or a field carrying one made the database
raise DataError (a 500) wherever a view reads `request.GET`/`request.POST` directly instead of through a form
(Django's form fields already refuse it). No legitimate input of the platform contains it, so the request is
answered here with a 400 and a pt-BR message, before any view runs."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

MENSAGEM_NULO = "Os dados enviados contêm um caractere inválido (nulo). Corrija o texto e tente de novo."


def _tem_nulo(dados: QueryDict) -> bool:
    return any("\x00" in chave or any("\x00" in valor for valor in valores) for chave, valores in dados.lists())


class RecusarCaractereNuloMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _tem_nulo(request.GET) or (request.method == "POST" and _tem_nulo(request.POST)):
            return render(request, "core/erro.html", {"titulo": "Dados inválidos", "mensagem": MENSAGEM_NULO},
                          status=400)
        return self.get_response(request)
