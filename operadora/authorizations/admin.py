"""Admin: the operator's authorization rules are maintained here (the published list's 'last change' follows
`atualizado_em`); requests are read-only — decisions go through the audit pages and services."""

from django.contrib import admin

from operadora.core.admin import VisualizacaoAuditadaAdmin

from . import models


@admin.register(models.RegraAutorizacao)
class RegraAutorizacaoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "operadora", "plano", "codigo_tuss", "grupo", "exigencia", "ativa", "atualizado_em"]
    list_filter = ["operadora", "exigencia", "ativa"]
    search_fields = ["codigo_tuss", "grupo__nome", "observacao"]
    autocomplete_fields = ["operadora", "plano", "grupo"]


class ItemInline(admin.TabularInline):
    model = models.ItemAutorizacao
    extra = 0
    can_delete = False
    readonly_fields = ["sequencial", "codigo_tabela", "codigo", "descricao", "quantidade_solicitada",
                       "quantidade_autorizada", "exigencia", "codigo_negativa", "dente", "regiao", "face"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class EventoInline(admin.TabularInline):
    model = models.EventoAutorizacao
    extra = 0
    can_delete = False
    readonly_fields = ["quando", "tipo", "usuario", "por_operadora", "texto", "codigo_tiss"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Autorizacao)
class AutorizacaoAdmin(VisualizacaoAuditadaAdmin):
    list_display = ["numero_guia_operadora", "tipo", "operadora", "prestador", "beneficiario", "situacao", "senha",
                    "data_validade_senha", "prazo_resposta"]
    list_filter = ["situacao", "tipo", "operadora", "carater_atendimento"]
    search_fields = ["numero_guia_operadora", "numero_guia_prestador", "senha", "beneficiario__carteira"]
    list_select_related = ["operadora", "prestador", "beneficiario"]
    inlines = [ItemInline, EventoInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Atendimento)
class AtendimentoAdmin(admin.ModelAdmin):
    list_display = ["autorizacao", "item", "data_execucao", "quantidade", "lote_faturamento_id"]
    list_filter = ["data_execucao"]
    search_fields = ["autorizacao__senha", "autorizacao__numero_guia_operadora"]
    list_select_related = ["autorizacao", "item"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
