"""Back-office medical audit, included from config/urls.py at /operadora/auditoria/."""

from django.urls import path

from .views import auditoria as views

app_name = "autorizacoes_auditoria"
urlpatterns = [
    path("", views.fila, name="fila"),
    path("anexos/<int:anexo_id>/", views.anexo, name="anexo"),
    path("<int:autorizacao_id>/", views.detalhe, name="detalhe"),
    path("<int:autorizacao_id>/autorizar/", views.autorizar, name="autorizar"),
    path("<int:autorizacao_id>/negar/", views.negar, name="negar"),
    path("<int:autorizacao_id>/pedir-justificativa/", views.pedir_justificativa, name="pedir_justificativa"),
]
