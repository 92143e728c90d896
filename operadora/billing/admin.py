"""Read-mostly admin for support: billing objects change state only through `billing.services`."""

from django.contrib import admin

from operadora.core.admin import VisualizacaoAuditadaAdmin

from .models import (
    CalendarioNF,
    DocumentoAnexo,
    FaturamentoAutomatico,
    Guia,
    HistoricoProtocolo,
    ItemGuia,
    Lote,
    NotaFiscal,
    Protocolo,
)


class SomenteLeitura(VisualizacaoAuditadaAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ItemInline(admin.TabularInline):
    model = ItemGuia
    extra = 0
    can_delete = False
    fields = (
        "sequencial",
        "tabela",
        "codigo",
        "descricao",
        "quantidade",
        "valor_unitario",
        "valor_total",
        "data_execucao",
        "conferencia",
    )
    readonly_fields = fields


@admin.register(Guia)
class GuiaAdmin(SomenteLeitura):
    list_display = [
        "numero_guia_prestador",
        "tipo",
        "situacao",
        "prestador",
        "operadora",
        "carteira",
        "data_atendimento",
        "valor_total",
    ]
    list_filter = ["tipo", "situacao", "origem", "operadora"]
    search_fields = ["numero_guia_prestador", "carteira", "senha", "numero_guia_operadora"]
    raw_id_fields = ["lote", "protocolo", "beneficiario", "solicitante", "executante"]
    inlines = [ItemInline]


@admin.register(Lote)
class LoteAdmin(SomenteLeitura):
    list_display = [
        "numero",
        "prestador",
        "operadora",
        "tipo_guia",
        "situacao",
        "origem",
        "quantidade_guias",
        "valor_informado",
        "criado_em",
    ]
    list_filter = ["situacao", "tipo_guia", "origem", "operadora"]
    search_fields = ["numero", "prestador__nome"]


class HistoricoInline(admin.TabularInline):
    model = HistoricoProtocolo
    extra = 0
    can_delete = False
    readonly_fields = ["situacao_anterior", "situacao", "quando", "usuario", "motivo"]


@admin.register(Protocolo)
class ProtocoloAdmin(SomenteLeitura):
    list_display = [
        "numero",
        "prestador",
        "operadora",
        "situacao",
        "tipo_guia",
        "quantidade_guias",
        "valor_informado",
        "recebido_em",
    ]
    list_filter = ["situacao", "tipo_guia", "origem", "operadora"]
    search_fields = ["numero", "prestador__nome", "lote__numero"]
    inlines = [HistoricoInline]


@admin.register(FaturamentoAutomatico)
class FaturamentoAutomaticoAdmin(SomenteLeitura):
    list_display = [
        "id",
        "prestador",
        "operadora",
        "data_inicial",
        "data_final",
        "situacao",
        "quantidade_itens",
        "valor_informado",
    ]
    list_filter = ["situacao", "operadora"]


@admin.register(DocumentoAnexo)
class DocumentoAnexoAdmin(SomenteLeitura):
    list_display = ["nome_original", "prestador", "guia", "lote", "situacao", "criado_em"]
    list_filter = ["situacao"]


@admin.register(NotaFiscal)
class NotaFiscalAdmin(SomenteLeitura):
    list_display = [
        "numero",
        "prestador",
        "operadora",
        "competencia",
        "valor",
        "no_prazo",
        "data_pagamento_prevista",
    ]


@admin.register(CalendarioNF)
class CalendarioNFAdmin(admin.ModelAdmin):
    """The operadora's NF delivery calendar is plain configuration, edited here."""

    list_display = ["operadora", "competencia", "data_limite_envio", "data_pagamento"]
    list_filter = ["operadora"]
