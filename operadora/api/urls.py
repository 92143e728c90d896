from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from . import views

app_name = "api"
urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("tuss/", views.TermosTUSSView.as_view(), name="tuss"),
]
