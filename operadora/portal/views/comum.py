from django.http import HttpRequest

from operadora.accounts.navegacao import origem, proximo_seguro
from operadora.core.auditoria import ip_da_requisicao

__all__ = ["ip", "origem", "proximo_seguro"]


def ip(request: HttpRequest) -> str | None:
    return ip_da_requisicao(request)
