"""Back-office account audit, included from config/urls.py at /operadora/contas/."""

from django.urls import path

from .views import retaguarda as views

app_name = "claims_contas"
urlpatterns = [
    path("", views.fila, name="fila"),
    path("regras/", views.configuracao, name="regras"),
    path("recursos/", views.recursos, name="recursos"),
    path("recursos/<int:recurso_id>/", views.recurso, name="recurso"),
    path("recursos/<int:recurso_id>/anexos/<int:anexo_id>/", views.recurso_anexo, name="recurso_anexo"),
    path("recursos/<int:recurso_id>/<str:tipo>.xml", views.recurso_xml, name="recurso_xml"),
    path("glosas/<int:glosa_id>/decidir/", views.decidir, name="decidir"),
    path("<int:protocolo_id>/", views.protocolo, name="protocolo"),
    path("<int:protocolo_id>/analisar/", views.analisar, name="analisar"),
    path("<int:protocolo_id>/demonstrativo.<str:formato>", views.analise_arquivo, name="analise_arquivo"),
    path("<int:protocolo_id>/incluir-glosa/", views.incluir, name="incluir"),
    path("<int:protocolo_id>/liberar/", views.liberar, name="liberar"),
]
