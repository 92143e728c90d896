from django.apps import AppConfig


class AuthorizationsConfig(AppConfig):
    name = "operadora.authorizations"
    label = "authorizations"
    verbose_name = "Autorizações"

    def ready(self) -> None:
        from operadora.accounts.permissoes import PermissaoOperadora, PermissaoPortal
        from operadora.backoffice import atalhos as atalhos_retaguarda
        from operadora.portal import atalhos as atalhos_portal

        atalhos_portal.registrar_atalho(atalhos_portal.Atalho(
            chave="autorizacoes", rotulo="Autorizações", nome_url="autorizacoes_portal:lista",
            permissao=PermissaoPortal.AUTORIZACOES, ordem=20,
            descricao="Solicitar, pesquisar por número e carteira, imprimir a guia, confirmar sessões"))
        atalhos_retaguarda.registrar_atalho(atalhos_retaguarda.Atalho(
            chave="auditoria_medica", rotulo="Auditoria médica", nome_url="autorizacoes_auditoria:fila",
            permissao=PermissaoOperadora.AUDITORIA_MEDICA, ordem=20,
            descricao="Fila de autorizações pelo prazo da RN 623"))
