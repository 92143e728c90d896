from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

from .rest import eh_da_api


def inicio(request: HttpRequest) -> HttpResponse:
    return render(request, "core/inicio.html")


# --- error handlers (config/urls.py): the pages' templates, or, under /api/, JSON as the endpoints answer -----

ERROS_DA_API = {
    400: "Não foi possível ler os dados enviados: corpo malformado, campos demais ou envio grande demais.",
    403: "Você não tem permissão para esta operação.",
    404: "Endereço não encontrado na API.",
    500: "Erro interno. A equipe foi avisada; tente de novo mais tarde.",
}


def _erro_da_api(status: int) -> JsonResponse:
    return JsonResponse({"detail": ERROS_DA_API[status]}, status=status, json_dumps_params={"ensure_ascii": False})


def erro_400(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _erro_da_api(400) if eh_da_api(request) else defaults.bad_request(request, exception)


def erro_403(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _erro_da_api(403) if eh_da_api(request) else defaults.permission_denied(request, exception)


def erro_404(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _erro_da_api(404) if eh_da_api(request) else defaults.page_not_found(request, exception)


def erro_500(request: HttpRequest) -> HttpResponse:
    return _erro_da_api(500) if eh_da_api(request) else defaults.server_error(request)
