"""Provider statements, included from config/urls.py at /portal/demonstrativos/."""

from django.urls import path

from .views import portal as views

app_name = "claims_demonstrativos"
urlpatterns = [
    path("", views.demonstrativos_lista, name="lista"),
    path("analise/<int:protocolo_id>/", views.analise, name="analise"),
    path("analise/<int:protocolo_id>/demonstrativo.<str:formato>", views.analise_arquivo, name="analise_arquivo"),
    path("analise/periodo.<str:formato>", views.analise_periodo, name="analise_periodo"),
    path("pagamento.<str:formato>", views.pagamento_arquivo, name="pagamento_arquivo"),
    path("pagamentos/<int:pagamento_id>/", views.pagamento, name="pagamento"),
    path("pagamentos/<int:pagamento_id>/demonstrativo.<str:formato>", views.pagamento,
         name="pagamento_demonstrativo"),
    path("informe-rendimentos/<int:ano>.pdf", views.informe_rendimentos, name="informe_rendimentos"),
    path("previa/lote/<int:lote_id>/", views.previa_lote, name="previa_lote"),
    path("previa/arquivo/", views.previa_arquivo, name="previa_arquivo"),
]
