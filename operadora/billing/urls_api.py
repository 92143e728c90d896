"""/api/v1/faturamento/ (included from operadora/config/urls.py before the generic api/v1/)."""

from django.urls import path

from . import api

app_name = "billing_api"
urlpatterns = [
    path("lotes/", api.LotesView.as_view(), name="lotes"),
    path("protocolos/", api.ProtocolosView.as_view(), name="protocolos"),
    path("protocolos/<int:protocolo_id>/", api.ProtocoloView.as_view(), name="protocolo"),
]
