from django.urls import path

from . import views

app_name = "backoffice"
urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("entrar/", views.entrar, name="entrar"),
    path("entrar/verificacao/", views.verificacao, name="verificacao"),
    path("sair/", views.sair, name="sair"),
    path("sessao/", views.renovar_sessao, name="renovar_sessao"),
    path("mensagens/", views.mensagens, name="mensagens"),
    path("mensagens/nova/", views.nova_mensagem, name="nova_mensagem"),
    path("registro-de-auditoria/", views.auditoria, name="registro_auditoria"),
]
