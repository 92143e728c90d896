from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "operadora.billing"
    label = "billing"
    verbose_name = "Faturamento"

    def ready(self) -> None:
        from operadora.accounts.permissoes import PermissaoOperadora, PermissaoPortal
        from operadora.backoffice import atalhos as atalhos_retaguarda
        from operadora.portal import atalhos as atalhos_portal

        faturamento = PermissaoPortal.FATURAMENTO
        for chave, rotulo, nome_url, ordem, descricao in (
            ("lotes", "Lotes de pagamento", "billing:lotes", 30, "Lotes, protocolos (PEG) e situação"),
            (
                "guias",
                "Digitar guias",
                "billing:guias",
                31,
                "Consulta, SP/SADT, internação, honorários, odontologia",
            ),
            ("envio_xml", "Envio de XML", "billing:enviar_xml", 32, "Lotes TISS gerados no seu sistema"),
            (
                "faturamento_atendimentos",
                "Faturamento dos atendimentos",
                "billing:faturamentos",
                33,
                "Gerar o lote dos atendimentos confirmados do período",
            ),
        ):
            atalhos_portal.registrar_atalho(
                atalhos_portal.Atalho(
                    chave=chave,
                    rotulo=rotulo,
                    nome_url=nome_url,
                    permissao=faturamento,
                    ordem=ordem,
                    descricao=descricao,
                )
            )
        atalhos_retaguarda.registrar_atalho(
            atalhos_retaguarda.Atalho(
                chave="protocolos",
                rotulo="Protocolos recebidos",
                nome_url="billing_retaguarda:protocolos",
                permissao=PermissaoOperadora.ANALISE_CONTAS,
                ordem=29,
                descricao="Lotes recebidos e suas guias",
            )
        )
