"""Back-office payments, included from config/urls.py at /operadora/pagamentos/."""

from django.urls import path

from .views import retaguarda as views

app_name = "claims_pagamentos"
urlpatterns = [
    path("", views.pagamentos, name="painel"),
    path("faturar/", views.faturar, name="faturar"),
    path("calendario/", views.calendario, name="calendario"),
    path("executar/", views.executar, name="executar"),
    path("ajuste/", views.ajuste, name="ajuste"),
    path("<int:pagamento_id>/", views.pagamento, name="pagamento"),
    path("<int:pagamento_id>/demonstrativo.<str:formato>", views.pagamento_arquivo, name="pagamento_arquivo"),
]
