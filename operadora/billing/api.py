"""REST v1 for integrators (/api/v1/faturamento/): send a lote file and follow protocols. Same services and
access helpers as the pages; the provider is the signed-in one with the chosen operadora."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FileUploadParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from operadora.accounts.acesso import ContextoPortal, contexto_portal
from operadora.accounts.permissoes import PermissaoPortal
from operadora.core.auditoria import ip_da_requisicao

from . import selectors, services
from .models import Origem, Protocolo


def _contexto(request: Request) -> ContextoPortal:
    contexto = contexto_portal(request._request)
    if contexto is None:
        raise NotFound("Escolha a operadora no portal antes de usar a API de faturamento.")
    if not contexto.pode(PermissaoPortal.FATURAMENTO):
        raise PermissionDenied("Seu perfil não dá acesso ao faturamento.")
    return contexto


class ProtocoloSerializer(serializers.ModelSerializer):
    lote = serializers.CharField(source="lote.numero")
    situacao_tiss = serializers.CharField(source="codigo_situacao_tiss")
    situacao_descricao = serializers.CharField(source="get_situacao_display")

    class Meta:
        model = Protocolo
        fields = [
            "id",
            "numero",
            "lote",
            "situacao",
            "situacao_tiss",
            "situacao_descricao",
            "tipo_guia",
            "recebido_em",
            "quantidade_guias",
            "valor_informado",
            "valor_glosado",
            "valor_liberado",
            "data_pagamento_prevista",
        ]


class ErroSerializer(serializers.Serializer):
    linha = serializers.IntegerField(allow_null=True)
    campo = serializers.CharField()
    codigo = serializers.CharField()
    mensagem = serializers.CharField()


class LotesView(APIView):
    """POST a lote file (ENVIO_LOTE_GUIAS): 201 with the protocol, 200 when it was already received, 422 with the
    report when refused (nothing is recorded)."""

    parser_classes = [MultiPartParser, FileUploadParser]

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"arquivo": {"type": "string", "format": "binary"}},
            }
        },
        responses={
            201: ProtocoloSerializer,
            200: ProtocoloSerializer,
            422: OpenApiResponse(ErroSerializer(many=True)),
        },
    )
    def post(self, request: Request) -> Response:
        contexto = _contexto(request)
        arquivo = request.FILES.get("arquivo") or request.FILES.get("file")
        if arquivo is None:
            return Response(
                [
                    {
                        "linha": None,
                        "campo": "arquivo",
                        "codigo": "5002",
                        "mensagem": "Envie o arquivo XML no campo 'arquivo'.",
                    }
                ],
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        resultado = services.receber_xml(
            operadora=contexto.operadora,
            prestador=contexto.prestador,
            dados=arquivo.read(),
            origem=Origem.WEBSERVICE,
            usuario=request.user,
            ip=ip_da_requisicao(request._request),
            nome_arquivo=arquivo.name,
        )
        if not resultado.aceito:
            return Response(resultado.como_dict()["erros"], status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        return Response(
            ProtocoloSerializer(resultado.protocolo).data,
            status=status.HTTP_201_CREATED if resultado.novo else status.HTTP_200_OK,
        )


class ProtocolosView(APIView):
    @extend_schema(responses=ProtocoloSerializer(many=True))
    def get(self, request: Request) -> Response:
        contexto = _contexto(request)
        qs = selectors.lotes_do_prestador(
            contexto,
            protocolo=request.query_params.get("numero", ""),
            situacao_protocolo=request.query_params.get("situacao", ""),
        )
        protocolos = [lote.protocolo for lote in qs.filter(protocolo__isnull=False)[:100]]
        return Response(ProtocoloSerializer(protocolos, many=True).data)


class ProtocoloView(APIView):
    @extend_schema(responses=ProtocoloSerializer)
    def get(self, request: Request, protocolo_id: int) -> Response:
        return Response(
            ProtocoloSerializer(selectors.acessar_protocolo(_contexto(request), protocolo_id)).data
        )
