"""Request-level input guard.

PostgreSQL text columns cannot hold the NUL character (U+0000): a filter or a field carrying one made the database
raise DataError (a 500) wherever a view reads `request.GET`/`request.POST` directly instead of through a form
(Django's form fields already refuse it). The other control characters (U+0001–U+001F but tab, line feed and
carriage return; U+FFFE, U+FFFF) are stored, but XML 1.0 has no place for them: a text carrying one (an analyst's
answer to a recurso de glosa, pasted with a vertical tab) made every later TISS message with it a 500 (lxml:
"All strings must be XML compatible"). No legitimate input of the platform contains either, so the request is
answered here with a 400 and a pt-BR message, before any view runs and before anything is stored. Uploaded files
(request.FILES) are not checked: the TISS parser refuses an XML that carries them."""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render

from .rest import eh_da_api

MENSAGEM_NULO = "Os dados enviados contêm um caractere inválido (nulo). Corrija o texto e tente de novo."
MENSAGEM_CONTROLE = ("Os dados enviados contêm um caractere de controle invisível (comum em texto colado de outro "
                     "programa), que as mensagens TISS não aceitam. Apague-o (ou digite o trecho à mão) e envie "
                     "novamente.")
CONTROLE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _textos(dados: QueryDict):
    for chave, valores in dados.lists():
        yield chave
        yield from valores


def _recusa(dados: QueryDict) -> str | None:
    """The message for the first character of `dados` no input may hold, or None."""
    for texto in _textos(dados):
        if "\x00" in texto:
            return MENSAGEM_NULO
        if CONTROLE.search(texto):
            return MENSAGEM_CONTROLE
    return None


class RecusarCaracteresInvalidosMiddleware:
    """Refuses NUL and the other control characters in GET and POST data (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        mensagem = _recusa(request.GET) or (_recusa(request.POST) if request.method == "POST" else None)
        if mensagem and eh_da_api(request):
            return JsonResponse({"detail": mensagem}, status=400, json_dumps_params={"ensure_ascii": False})
        if mensagem:
            return render(request, "core/erro.html", {"titulo": "Dados inválidos", "mensagem": mensagem},
                          status=400)
        return self.get_response(request)
