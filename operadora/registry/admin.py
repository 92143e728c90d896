from django.contrib import admin

from . import models


class CredenciamentoInline(admin.TabularInline):
    model = models.Credenciamento
    extra = 0


class CoberturaInline(admin.TabularInline):
    model = models.CoberturaPlano
    extra = 0
    autocomplete_fields = ["grupo"]


@admin.register(models.Operadora)
class OperadoraAdmin(admin.ModelAdmin):
    list_display = ["nome_fantasia", "registro_ans", "cnpj", "uf", "ativa"]
    search_fields = ["nome_fantasia", "razao_social", "registro_ans", "cnpj"]
    fieldsets = [
        (None, {"fields": ["registro_ans", "cnpj", "razao_social", "nome_fantasia", "uf", "ativa"]}),
        ("Políticas", {"fields": [
            "prazo_faturamento_dias", "validade_autorizacao_dias", "prazo_recurso_dias", "max_guias_lote",
            "versoes_tiss_aceitas", "politica_hash", "codificacao_hash_envio", "tamanho_max_xml_mb",
        ]}),
    ]


@admin.register(models.Prestador)
class PrestadorAdmin(admin.ModelAdmin):
    list_display = ["nome", "cpf_cnpj", "tipo", "cnes", "municipio", "uf"]
    list_filter = ["tipo", "tipo_pessoa", "uf"]
    search_fields = ["nome", "nome_fantasia", "cpf_cnpj", "cnes"]
    inlines = [CredenciamentoInline]
    fieldsets = [
        (None, {"fields": ["tipo_pessoa", "cpf_cnpj", "nome", "nome_fantasia", "tipo", "cnes", "email",
                           "telefone"]}),
        ("Endereço", {"fields": ["logradouro", "numero", "complemento", "bairro", "municipio", "codigo_ibge",
                                 "uf", "cep"]}),
        ("Dados bancários", {"fields": ["banco", "agencia", "agencia_dv", "conta", "conta_dv"]}),
    ]


@admin.register(models.Profissional)
class ProfissionalAdmin(admin.ModelAdmin):
    list_display = ["nome", "conselho", "numero_conselho", "uf_conselho", "cbo"]
    search_fields = ["nome", "numero_conselho", "cpf"]
    filter_horizontal = ["prestadores"]


@admin.register(models.GrupoProcedimento)
class GrupoProcedimentoAdmin(admin.ModelAdmin):
    list_display = ["nome", "codigo", "operadora", "segmentacao", "prefixos_tuss"]
    list_filter = ["operadora", "segmentacao"]
    search_fields = ["nome", "codigo"]


@admin.register(models.Plano)
class PlanoAdmin(admin.ModelAdmin):
    list_display = ["nome", "registro_ans_produto", "operadora", "abrangencia", "contratacao", "ativo"]
    list_filter = ["operadora", "contratacao", "ativo"]
    search_fields = ["nome", "registro_ans_produto"]
    inlines = [CoberturaInline]


@admin.register(models.Contrato)
class ContratoAdmin(admin.ModelAdmin):
    list_display = ["numero", "tipo", "empresa_razao_social", "operadora", "situacao", "dia_vencimento"]
    list_filter = ["operadora", "tipo", "situacao"]
    search_fields = ["numero", "empresa_razao_social", "empresa_cnpj"]


@admin.register(models.Beneficiario)
class BeneficiarioAdmin(admin.ModelAdmin):
    list_display = ["nome", "carteira", "operadora", "parentesco", "situacao", "data_inclusao"]
    list_filter = ["operadora", "situacao", "parentesco", "sexo"]
    search_fields = ["nome", "nome_social", "carteira", "cpf"]
    raw_id_fields = ["titular", "contrato"]
    list_select_related = ["operadora"]


@admin.register(models.PrecoContratado)
class PrecoContratadoAdmin(admin.ModelAdmin):
    list_display = ["prestador", "operadora", "codigo", "valor", "vigencia_inicio", "vigencia_fim"]
    list_filter = ["operadora"]
    search_fields = ["codigo", "prestador__nome"]
    raw_id_fields = ["prestador"]
    list_select_related = ["prestador", "operadora"]


@admin.register(models.TermoTUSS)
class TermoTUSSAdmin(admin.ModelAdmin):
    list_display = ["tabela", "codigo", "termo", "vigencia_inicio", "vigencia_fim"]
    list_filter = ["tabela"]
    search_fields = ["codigo", "busca"]
    readonly_fields = ["busca"]
