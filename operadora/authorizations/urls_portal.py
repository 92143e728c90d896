"""Provider pages, included from config/urls.py at /portal/autorizacoes/."""

from django.urls import path

from .views import portal as views

app_name = "autorizacoes_portal"
urlpatterns = [
    path("", views.lista, name="lista"),
    path("nova/", views.nova, name="nova"),
    path("nova/<slug:tipo>/", views.nova, name="nova_tipo"),
    path("elegibilidade/", views.verificar_elegibilidade, name="elegibilidade"),
    path("localizar-procedimentos/", views.localizar, name="localizar"),
    path("procedimentos-com-autorizacao/", views.procedimentos_com_autorizacao, name="lista_publicada"),
    path("procedimentos-com-autorizacao.csv", views.procedimentos_com_autorizacao, {"formato": "csv"},
         name="lista_publicada_csv"),
    path("procedimentos-com-autorizacao.pdf", views.procedimentos_com_autorizacao, {"formato": "pdf"},
         name="lista_publicada_pdf"),
    path("tuss/", views.sugerir_tuss, name="sugerir_tuss"),
    path("anexos/<int:anexo_id>/", views.anexo, name="anexo"),
    path("<int:autorizacao_id>/", views.detalhe, name="detalhe"),
    path("<int:autorizacao_id>/prorrogar/", views.prorrogar, name="prorrogar"),
    path("<int:autorizacao_id>/responder/", views.responder, name="responder"),
    path("<int:autorizacao_id>/cancelar/", views.cancelar, name="cancelar"),
    path("<int:autorizacao_id>/atendimentos/", views.confirmar_atendimento, name="confirmar_atendimento"),
    path("<int:autorizacao_id>/atendimentos/<int:atendimento_id>/desfazer/", views.desfazer_atendimento,
         name="desfazer_atendimento"),
    path("<int:autorizacao_id>/guia.pdf", views.guia_pdf, name="guia_pdf"),
    path("<int:autorizacao_id>/carta-negativa.pdf", views.carta_negativa, name="carta_negativa"),
]
