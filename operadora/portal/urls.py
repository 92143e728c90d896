from django.urls import path

from .views import acesso, conta, inicio, mensagens, representantes

app_name = "portal"
urlpatterns = [
    path("", inicio.inicio, name="inicio"),
    path("entrar/", acesso.entrar, name="entrar"),
    path("sair/", acesso.sair, name="sair"),
    path("operadora/", acesso.escolher_operadora, name="escolher_operadora"),
    path("obter-acesso/", acesso.obter_acesso, name="obter_acesso"),
    path("obter-acesso/registro/", acesso.registrar_acesso, name="registrar_acesso"),
    path("obter-acesso/validar/<str:uidb64>/<str:token>/", acesso.validar_acesso, name="validar_acesso"),
    path("recuperar-senha/", acesso.recuperar_senha, name="recuperar_senha"),
    path("senha/<str:uidb64>/<str:token>/", acesso.definir_senha, name="definir_senha"),
    path("sessao/", inicio.renovar_sessao, name="renovar_sessao"),
    path("atalho/<slug:chave>/", inicio.abrir_atalho, name="atalho"),
    path("conta/", conta.conta, name="conta"),
    path("conta/senha/", conta.alterar_senha, name="alterar_senha"),
    path("conta/email/", conta.trocar_email, name="trocar_email"),
    path("conta/email/confirmar/<str:token>/", conta.confirmar_email, name="confirmar_email"),
    path("mensagens/", mensagens.mensagens, name="mensagens"),
    path("mensagens/<int:mensagem_id>/", mensagens.mensagem, name="mensagem"),
    path("representantes/", representantes.representantes, name="representantes"),
    path("representantes/novo/", representantes.novo_representante, name="novo_representante"),
    path("representantes/<int:representante_id>/", representantes.representante, name="representante"),
    path("representantes/<int:representante_id>/desativar/", representantes.desativar_representante,
         name="desativar_representante"),
    path("representantes/<int:representante_id>/reativar/", representantes.reativar_representante,
         name="reativar_representante"),
    path("representantes/<int:representante_id>/convite/", representantes.reenviar_convite,
         name="reenviar_convite"),
]
