from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "operadora.portal"
    label = "portal"
    verbose_name = "Portal do prestador"

    def ready(self) -> None:
        from operadora.accounts.permissoes import PermissaoPortal

        from .atalhos import Atalho, registrar_atalho

        registrar_atalho(Atalho(chave="mensagens", rotulo="Mensagens da operadora", nome_url="portal:mensagens",
                                descricao="Avisos e comunicados da operadora", ordem=20))
        registrar_atalho(Atalho(chave="representantes", rotulo="Representantes", nome_url="portal:representantes",
                                permissao=PermissaoPortal.GESTAO_REPRESENTANTES,
                                descricao="Logins da sua equipe e grupos de segurança", ordem=80))
        registrar_atalho(Atalho(chave="conta", rotulo="Meu acesso", nome_url="portal:conta",
                                descricao="Alterar senha e e-mail", ordem=90))
