"""REST API v1 for integrators. Each endpoint parses input, calls a selector or service, and serializes."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from operadora.core.rest import ConsultaInvalida, recusar_parametros_desconhecidos, respostas_de_erro
from operadora.registry.selectors import consulta_termos_tuss


class TermoTUSSSerializer(serializers.Serializer):
    tabela = serializers.CharField()
    codigo = serializers.CharField()
    termo = serializers.CharField()
    vigencia_inicio = serializers.DateField(allow_null=True)
    vigencia_fim = serializers.DateField(allow_null=True)


class TermosTUSSView(generics.ListAPIView):
    """Busca nas tabelas de terminologia TUSS/TISS por prefixo do código ou palavras do termo (sem acento nem
    caixa), ordenada por tabela e código, paginada (limit/offset): percorra as páginas para ter todos."""

    serializer_class = TermoTUSSSerializer

    def get_queryset(self):
        recusar_parametros_desconhecidos(self.request, ("q", "tabela", "limit", "offset"))
        consulta = self.request.query_params
        if not consulta.get("q", "").strip():
            raise ConsultaInvalida("Informe 'q': o código (ou o começo dele) ou palavras do termo.")
        return consulta_termos_tuss(consulta["q"], tabelas=consulta.getlist("tabela") or None)

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True, description="Código (ou o começo dele) ou palavras do termo"),
            OpenApiParameter("tabela", str, many=True, description="Tabelas (18, 19, 20, 22, 38, …)"),
        ],
        responses={
            200: OpenApiResponse(TermoTUSSSerializer(many=True),
                                 description="Uma página de termos; vazia quando nada confere."),
            **respostas_de_erro(),
        },
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)
