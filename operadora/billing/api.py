"""REST v1 for integrators (/api/v1/faturamento/): send a lote file and follow protocols. Same services and
access helpers as the pages; the provider is the signed-in one with the chosen operadora."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import DataAndFiles, FileUploadParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from operadora.accounts.acesso import ContextoPortal, contexto_portal, eh_usuario_do_portal
from operadora.accounts.permissoes import PermissaoPortal
from operadora.core.auditoria import ip_da_requisicao
from operadora.core.rest import ConsultaInvalida, recusar_parametros_desconhecidos, respostas_de_erro

from . import selectors, services
from .models import Origem, Protocolo


def _contexto(request: Request) -> ContextoPortal:
    if not eh_usuario_do_portal(request.user):
        raise PermissionDenied("A API de faturamento é do prestador: entre com o usuário do portal (CPF/CNPJ).")
    contexto = contexto_portal(request._request)
    if contexto is None:
        raise PermissionDenied("Escolha a operadora em /portal/operadora/ antes de usar a API de faturamento.")
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
        read_only_fields = fields  # an answer, never a body: every field is always there (the OpenAPI says so)


# The refusal report (services.ResultadoRecebimento.como_dict()["erros"]): a list, written out because
# drf-spectacular describes a non-2xx `many=True` serializer as a single object
RELATORIO_DE_RECUSA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "linha": {"type": "integer", "nullable": True, "description": "Linha do arquivo, quando se sabe"},
            "campo": {"type": "string", "description": "Caminho do elemento no XML"},
            "codigo": {"type": "string", "description": "Código da tabela TUSS 38"},
            "mensagem": {"type": "string"},
        },
        "required": ["linha", "campo", "codigo", "mensagem"],
    },
}


SEM_ARQUIVO = {
    "linha": None,
    "campo": "arquivo",
    "codigo": "5002",
    "mensagem": "Envie o arquivo XML no campo 'arquivo'.",
}


class ArquivoNoCorpo(FileUploadParser):
    """The whole body as the file when it names one (Content-Disposition filename); without a name, no file, so the
    view answers 422 [5002]. DRF's parser raised ParseError instead, and SessionAuthentication's CSRF check, which
    reads request.POST and so runs the parser, turned every such request into a 400 before the view."""

    def parse(self, stream, media_type=None, parser_context=None) -> DataAndFiles:
        if not self.get_filename(stream, media_type, parser_context):
            return DataAndFiles({}, {})
        return super().parse(stream, media_type, parser_context)


class LotesView(APIView):
    """Recebe um arquivo de lote (ENVIO_LOTE_GUIAS) com as mesmas regras do envio pelo portal: 201 com o protocolo
    novo; 200 com o primeiro protocolo quando o mesmo lote já foi recebido; 422 com o relatório de erros quando
    recusado (nada é gravado). O arquivo vai em multipart/form-data no campo `arquivo`, ou como o corpo inteiro
    (application/xml) com o cabeçalho `Content-Disposition: attachment; filename="lote.xml"`."""

    parser_classes = [MultiPartParser, ArquivoNoCorpo]

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"arquivo": {"type": "string", "format": "binary"}},
                "required": ["arquivo"],
            },
            "application/xml": {"type": "string", "format": "binary"},
        },
        responses={
            201: OpenApiResponse(ProtocoloSerializer, description="Lote recebido: o protocolo (PEG) novo."),
            200: OpenApiResponse(ProtocoloSerializer, description="Lote já recebido: o primeiro protocolo."),
            422: OpenApiResponse(
                RELATORIO_DE_RECUSA,
                description="Arquivo recusado, nada gravado: cada erro com linha, campo, código TUSS 38 e mensagem.",
            ),
            **respostas_de_erro(),
        },
    )
    def post(self, request: Request) -> Response:
        contexto = _contexto(request)
        arquivo = request.FILES.get("arquivo") or request.FILES.get("file")
        if arquivo is None:
            return Response([SEM_ARQUIVO], status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        resultado = services.receber_arquivo(
            arquivo=arquivo,
            operadora=contexto.operadora,
            prestador=contexto.prestador,
            origem=Origem.WEBSERVICE,
            usuario=request.user,
            ip=ip_da_requisicao(request._request),
            credenciamento=contexto.credenciamento,
        )
        if not resultado.aceito:
            return Response(resultado.como_dict()["erros"], status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        return Response(
            ProtocoloSerializer(resultado.protocolo).data,
            status=status.HTTP_201_CREATED if resultado.novo else status.HTTP_200_OK,
        )


FILTROS_DE_PROTOCOLOS = ("numero", "situacao")


class ProtocolosView(generics.ListAPIView):
    """Os protocolos (PEG) do prestador com a operadora escolhida, do mais recente ao mais antigo, paginados."""

    serializer_class = ProtocoloSerializer

    def get_queryset(self):
        contexto = _contexto(self.request)
        consulta = self.request.query_params
        recusar_parametros_desconhecidos(self.request, (*FILTROS_DE_PROTOCOLOS, "limit", "offset"))
        situacao = consulta.get("situacao", "")
        if situacao and situacao not in Protocolo.Situacao.values:
            raise ConsultaInvalida(
                f"Situação de protocolo desconhecida: '{situacao[:40]}'. "
                f"Use uma de: {', '.join(Protocolo.Situacao.values)}."
            )
        return selectors.protocolos_do_prestador(contexto, numero=consulta.get("numero", ""), situacao=situacao)

    @extend_schema(
        parameters=[
            OpenApiParameter("numero", OpenApiTypes.STR, description="Número do protocolo (PEG), exato"),
            OpenApiParameter("situacao", OpenApiTypes.STR, enum=Protocolo.Situacao.values,
                             description="Situação do protocolo"),
        ],
        responses={
            200: OpenApiResponse(ProtocoloSerializer(many=True), description="Uma página de protocolos."),
            **respostas_de_erro(),
        },
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class ProtocoloView(APIView):
    """Um protocolo do prestador (situação TISS, valores informado, glosado e liberado, pagamento previsto)."""

    @extend_schema(
        responses={200: OpenApiResponse(ProtocoloSerializer, description="O protocolo."), **respostas_de_erro(404)}
    )
    def get(self, request: Request, protocolo_id: int) -> Response:
        recusar_parametros_desconhecidos(request, ())
        return Response(
            ProtocoloSerializer(selectors.acessar_protocolo(_contexto(request), protocolo_id)).data
        )
