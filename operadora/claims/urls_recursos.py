"""Provider appeals (recurso de glosa), included from config/urls.py at /portal/recursos/."""

from django.urls import path

from .views import portal as views

app_name = "claims_recursos"
urlpatterns = [
    path("", views.recursos_lista, name="lista"),
    path("novo/", views.recurso_novo, name="novo"),
    path("xml/", views.recurso_xml_enviar, name="enviar_xml"),
    path("<int:recurso_id>/", views.recurso_detalhe, name="detalhe"),
    path("<int:recurso_id>/<str:tipo>.xml", views.recurso_arquivo, name="arquivo"),
]
