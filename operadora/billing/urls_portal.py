"""/portal/faturamento/ (included from operadora/config/urls.py before the generic portal/)."""

from django.urls import path

from .views import documentos, portal

app_name = "billing"
urlpatterns = [
    path("", portal.inicio, name="inicio"),
    path("guias/", portal.pesquisar_guias, name="guias"),
    path("guias/nova/<str:tipo>/", portal.nova_guia, name="nova_guia"),
    path("guias/<int:guia_id>/passo/<int:passo>/", portal.passo, name="passo"),
    path("guias/<int:guia_id>/salvar/", portal.salvar_guia, name="salvar_guia"),
    path("guias/<int:guia_id>/excluir/", portal.excluir_guia, name="excluir_guia"),
    path("guias/<int:guia_id>/validar-item/", portal.validar_item, name="validar_item"),
    path(
        "anexos-clinicos/<int:anexo_clinico_id>/envio.xml",
        portal.xml_anexo_clinico,
        name="xml_anexo_clinico",
    ),
    path("tuss/", portal.buscar_tuss, name="tuss"),
    path("valor-negociado/", portal.valor_negociado, name="valor_negociado"),
    path("beneficiarios/", portal.buscar_beneficiario, name="beneficiarios"),
    path("lotes/", portal.lotes, name="lotes"),
    path("lotes/novo/", portal.novo_lote, name="novo_lote"),
    path("lotes/<int:lote_id>/", portal.lote, name="lote"),
    path("lotes/<int:lote_id>/capa.pdf", portal.capa_lote, name="capa_lote"),
    path("lotes/<int:lote_id>/envio.xml", portal.xml_lote, name="xml_lote"),
    path("lotes/<int:lote_id>/anexos/", portal.anexos_lote, name="anexos_lote"),
    path("lotes/<int:lote_id>/<str:acao>/", portal.acao_lote, name="acao_lote"),
    path("protocolos/<int:protocolo_id>/", portal.protocolo, name="protocolo"),
    path("protocolos/<int:protocolo_id>/recebimento.xml", portal.recebimento_xml, name="recebimento_xml"),
    path("xml/", portal.enviar_xml, name="enviar_xml"),
    path("automatico/", documentos.faturamentos, name="faturamentos"),
    path("automatico/<int:faturamento_id>/", documentos.conferencia, name="conferencia"),
    path(
        "automatico/<int:faturamento_id>/imprimir/",
        documentos.imprimir_faturamento,
        name="imprimir_faturamento",
    ),
    path(
        "automatico/<int:faturamento_id>/guias/<int:guia_id>/despesas/",
        documentos.despesas_da_conferencia,
        name="despesas_da_conferencia",
    ),
    path("automatico/<int:faturamento_id>/<str:acao>/", documentos.acao_faturamento, name="acao_faturamento"),
    path("documentos/", documentos.documentos, name="documentos"),
    path("documentos/<int:documento_id>/arquivo/", documentos.baixar_documento, name="baixar_documento"),
    path("notas-fiscais/", documentos.notas_fiscais, name="notas_fiscais"),
    path("notas-fiscais/<int:nota_fiscal_id>/arquivo/", documentos.baixar_nota_fiscal, name="baixar_nota_fiscal"),
]
