from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "operadora.claims"
    label = "claims"
    verbose_name = "Análise de contas e pagamentos"

    def ready(self) -> None:
        from operadora.accounts.permissoes import PermissaoOperadora, PermissaoPortal
        from operadora.backoffice import atalhos as atalhos_retaguarda
        from operadora.portal import atalhos as atalhos_portal

        atalhos_portal.registrar_atalho(atalhos_portal.Atalho(
            chave="demonstrativos", rotulo="Demonstrativos", nome_url="claims_demonstrativos:lista",
            permissao=PermissaoPortal.DEMONSTRATIVOS, ordem=50,
            descricao="Análise de conta e pagamento (PDF e XML), informe de rendimentos"))
        atalhos_portal.registrar_atalho(atalhos_portal.Atalho(
            chave="recursos_glosa", rotulo="Recursos de glosa", nome_url="claims_recursos:lista",
            permissao=PermissaoPortal.RECURSOS_GLOSA, ordem=60,
            descricao="Recorrer de glosas por protocolo, guia ou item; acompanhar respostas"))
        atalhos_retaguarda.registrar_atalho(atalhos_retaguarda.Atalho(
            chave="analise_contas", rotulo="Análise de contas", nome_url="claims_contas:fila",
            permissao=PermissaoOperadora.ANALISE_CONTAS, ordem=30,
            descricao="Protocolos em análise, glosas propostas, recursos e regras de glosa"))
        atalhos_retaguarda.registrar_atalho(atalhos_retaguarda.Atalho(
            chave="pagamentos", rotulo="Pagamentos", nome_url="claims_pagamentos:painel",
            permissao=PermissaoOperadora.FINANCEIRO, ordem=40,
            descricao="Calendário, faturamento, débitos e créditos, execução de pagamentos"))
