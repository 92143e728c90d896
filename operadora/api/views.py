"""REST API v1 for integrators. Each endpoint parses input, calls a selector or service, and serializes."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from operadora.core.rest import recusar_parametros_desconhecidos, respostas_de_erro
from operadora.registry.selectors import LIMITE_BUSCA_TUSS, buscar_termos_tuss


class TermoTUSSSerializer(serializers.Serializer):
    tabela = serializers.CharField()
    codigo = serializers.CharField()
    termo = serializers.CharField()
    vigencia_inicio = serializers.DateField(allow_null=True)
    vigencia_fim = serializers.DateField(allow_null=True)


class TermosTUSSView(APIView):
    """Busca nas tabelas de terminologia TUSS/TISS por prefixo do código ou palavras do termo (sem acento nem
    caixa). Devolve no máximo os primeiros termos encontrados, sem paginação; refine a busca para ver outros."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True, description="Código ou palavras do termo"),
            OpenApiParameter("tabela", str, many=True, description="Tabelas (18, 19, 20, 22, 38, …)"),
        ],
        responses={
            200: OpenApiResponse(TermoTUSSSerializer(many=True),
                                 description=f"Até {LIMITE_BUSCA_TUSS} termos; vazio quando nada confere."),
            **respostas_de_erro(),
        },
    )
    def get(self, request: Request) -> Response:
        recusar_parametros_desconhecidos(request, ("q", "tabela"))
        termos = buscar_termos_tuss(
            request.query_params.get("q", ""), tabelas=request.query_params.getlist("tabela") or None
        )
        return Response(TermoTUSSSerializer(termos, many=True).data)
