"""The REST edge every app's api.py shares: the error every endpoint answers with ({"detail": "..."} in pt-BR, and
the TISS code when there is one), strict limit/offset pagination, and how the OpenAPI document describes both."""

from typing import Any

from django.http import HttpRequest
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ParseError, PermissionDenied
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .erros import ErroDeNegocio, NaoEncontrado, SemPermissao

PREFIXO_API = "/api/"
MENSAGEM_CSRF = ("Falha na verificação CSRF: numa sessão do portal, envie o valor do cookie csrftoken no cabeçalho "
                 "X-CSRFToken (e, em HTTPS, o cabeçalho Referer do próprio site).")
MENSAGEM_CORPO_ILEGIVEL = "Não foi possível ler o corpo da requisição; confira o Content-Type e o conteúdo enviado."


def eh_da_api(request: HttpRequest) -> bool:
    return request.path.startswith(PREFIXO_API)


class ConsultaInvalida(APIException):
    """A query parameter the endpoint does not know, or a value it cannot use: 400 saying what to fix."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "Consulta inválida."
    default_code = "consulta_invalida"


def recusar_parametros_desconhecidos(request: Request, aceitos: tuple[str, ...]) -> None:
    # `format` is DRF's own (?format=json)
    desconhecidos = sorted(set(request.query_params) - set(aceitos) - {"format"})
    if desconhecidos:
        aceita = f"aceita: {', '.join(aceitos)}" if aceitos else "não aceita parâmetros"
        raise ConsultaInvalida(f"Parâmetro desconhecido: {', '.join(desconhecidos)}. Esta consulta {aceita}.")


class PaginacaoLimitOffset(LimitOffsetPagination):
    """limit/offset as DRF's, but a limit or offset that is not a usable integer is a 400 that says so (DRF's
    silently fell back to the default or clamped)."""

    default_limit = 100
    max_limit = 500
    limit_query_description = f"Quantos itens por página: de 1 a {max_limit}; fora disso, 400."
    offset_query_description = "Quantos itens pular desde o primeiro (0 = primeira página)."

    def get_schema_operation_parameters(self, view) -> list[dict[str, Any]]:
        limite, deslocamento = super().get_schema_operation_parameters(view)
        limite["schema"] |= {"minimum": 1, "maximum": self.max_limit, "default": self.default_limit}
        deslocamento["schema"] |= {"minimum": 0, "default": 0}
        return [limite, deslocamento]

    def _inteiro(self, request: Request, nome: str, minimo: int, maximo: int | None, mensagem: str) -> int | None:
        texto = request.query_params.get(nome)
        if texto is None:
            return None
        try:
            valor = int(texto) if texto.isascii() and len(texto) <= 18 else None
        except ValueError:
            valor = None
        if valor is None or valor < minimo or (maximo is not None and valor > maximo):
            raise ConsultaInvalida(mensagem)
        return valor

    def get_limit(self, request: Request) -> int | None:
        limite = self._inteiro(request, self.limit_query_param, 1, self.max_limit,
                               f"'limit' deve ser um número inteiro entre 1 e {self.max_limit}.")
        return self.default_limit if limite is None else limite

    def get_offset(self, request: Request) -> int:
        deslocamento = self._inteiro(request, self.offset_query_param, 0, None,
                                     "'offset' deve ser um número inteiro a partir de 0.")
        return deslocamento or 0


class ErroDetalheSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="O que houve, em português")
    codigo = serializers.CharField(required=False, help_text="Código da tabela TUSS 38, quando há um")


def respostas_de_erro(*codigos: int) -> dict[int, OpenApiResponse]:
    """The error responses of an endpoint for its OpenAPI description: 400 and 403 always (bad query or body,
    not signed in, CSRF, no permission), plus those given (404, …)."""
    descricoes = {
        400: "Consulta ou corpo inválido (parâmetro desconhecido, valor fora do aceito, caractere de controle).",
        403: "Sem sessão (entre em /portal/entrar/), sem o token CSRF num envio, ou sem permissão.",
        404: "Não existe ou não é do prestador conectado (os dois são indistinguíveis).",
        405: "Método não permitido neste endereço.",
    }
    return {c: OpenApiResponse(ErroDetalheSerializer, description=descricoes[c]) for c in sorted({400, 403, *codigos})}


def tratar_excecao(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST_FRAMEWORK's EXCEPTION_HANDLER: typed domain errors become their 4xx with the TISS code; DRF's few
    messages that come only in English (CSRF, the parsers') become pt-BR."""
    if isinstance(exc, ErroDeNegocio):
        corpo = {"detail": exc.mensagem} | ({"codigo": exc.codigo_tiss} if exc.codigo_tiss else {})
        return Response(corpo, status={NaoEncontrado: 404, SemPermissao: 403}.get(type(exc), 400))
    if isinstance(exc, PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        exc = PermissionDenied(MENSAGEM_CSRF)
    elif isinstance(exc, ParseError):
        exc = ParseError(MENSAGEM_CORPO_ILEGIVEL)
    return exception_handler(exc, context)
