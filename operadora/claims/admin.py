"""Read-mostly admin of claims (changes go through the back-office pages and services, which audit them)."""

from django.contrib import admin

from operadora.core.admin import VisualizacaoAuditadaAdmin

from .models import (
    AnaliseProtocolo,
    ConjuntoRegras,
    Glosa,
    LancamentoFinanceiro,
    Pagamento,
    ParametrosPagamento,
    RecursoGlosa,
)


@admin.register(ConjuntoRegras)
class ConjuntoRegrasAdmin(admin.ModelAdmin):
    list_display = ("operadora", "versao", "criado_em", "criado_por", "observacao")
    list_filter = ("operadora",)
    readonly_fields = ("operadora", "versao", "regras", "observacao", "criado_em", "criado_por")

    def has_add_permission(self, request) -> bool:  # a version is published by services.publicar_regras
        return False


@admin.register(AnaliseProtocolo)
class AnaliseProtocoloAdmin(admin.ModelAdmin):
    list_display = ("protocolo", "situacao", "conjunto_regras", "valor_informado", "valor_glosa", "valor_liberado")
    list_filter = ("situacao",)
    readonly_fields = [f.name for f in AnaliseProtocolo._meta.fields]


@admin.register(Glosa)
class GlosaAdmin(admin.ModelAdmin):
    list_display = ("protocolo", "guia", "item", "codigo_glosa", "regra", "valor", "situacao")
    list_filter = ("situacao", "origem", "codigo_glosa")
    readonly_fields = [f.name for f in Glosa._meta.fields]


@admin.register(RecursoGlosa)
class RecursoGlosaAdmin(VisualizacaoAuditadaAdmin):
    list_display = ("numero", "operadora", "prestador", "protocolo", "situacao", "valor_recursado", "valor_acatado")
    list_filter = ("situacao", "operadora")
    readonly_fields = [f.name for f in RecursoGlosa._meta.fields]


@admin.register(Pagamento)
class PagamentoAdmin(admin.ModelAdmin):
    list_display = ("numero", "operadora", "prestador", "data_pagamento", "situacao", "valor_liquido")
    list_filter = ("situacao", "operadora")
    readonly_fields = [f.name for f in Pagamento._meta.fields]


@admin.register(LancamentoFinanceiro)
class LancamentoFinanceiroAdmin(admin.ModelAdmin):
    list_display = ("prestador", "tipo", "indicador", "valor", "pagamento")
    list_filter = ("tipo", "indicador")
    readonly_fields = [f.name for f in LancamentoFinanceiro._meta.fields]


@admin.register(ParametrosPagamento)
class ParametrosPagamentoAdmin(admin.ModelAdmin):
    list_display = ("operadora", "aliquota_irrf_pj", "aliquota_csrf_pj", "aliquota_iss", "dias_para_pagamento")
