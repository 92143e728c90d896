"""/operadora/protocolos/ (included from operadora/config/urls.py before the generic operadora/)."""

from django.urls import path

from .views import retaguarda

app_name = "billing_retaguarda"
urlpatterns = [
    path("", retaguarda.protocolos, name="protocolos"),
    path("<int:protocolo_id>/", retaguarda.protocolo, name="protocolo"),
    path("<int:protocolo_id>/situacao/", retaguarda.mudar_situacao, name="mudar_situacao"),
    path("<int:protocolo_id>/documentos/<int:documento_id>/", retaguarda.documento, name="documento"),
    path("<int:protocolo_id>/notas-fiscais/<int:nota_fiscal_id>/", retaguarda.nota_fiscal, name="nota_fiscal"),
]
