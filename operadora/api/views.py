"""REST API v1 for integrators. Each endpoint parses input, calls a selector or service, and serializes."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from operadora.registry.selectors import buscar_termos_tuss


class TermoTUSSSerializer(serializers.Serializer):
    tabela = serializers.CharField()
    codigo = serializers.CharField()
    termo = serializers.CharField()
    vigencia_inicio = serializers.DateField(allow_null=True)
    vigencia_fim = serializers.DateField(allow_null=True)


class TermosTUSSView(APIView):
    """Search the TUSS/TISS terminology tables by code prefix or words of the term."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True, description="Código ou palavras do termo"),
            OpenApiParameter("tabela", str, many=True, description="Tabelas (18, 19, 20, 22, 38, …)"),
        ],
        responses=TermoTUSSSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        termos = buscar_termos_tuss(
            request.query_params.get("q", ""), tabelas=request.query_params.getlist("tabela") or None
        )
        return Response(TermoTUSSSerializer(termos, many=True).data)
