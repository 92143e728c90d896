from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "operadora.backoffice"
    label = "backoffice"
    verbose_name = "Retaguarda da operadora"

    def ready(self) -> None:
        from operadora.accounts.permissoes import PermissaoOperadora

        from .atalhos import Atalho, registrar_atalho

        registrar_atalho(Atalho(chave="mensagens", rotulo="Mensagens aos prestadores", nome_url="backoffice:mensagens",
                                permissao=PermissaoOperadora.MENSAGENS_PRESTADORES,
                                descricao="Publicar avisos no portal do prestador", ordem=80))
        registrar_atalho(Atalho(chave="auditoria", rotulo="Registro de auditoria", nome_url="backoffice:registro_auditoria",
                                permissao=PermissaoOperadora.ADMINISTRACAO,
                                descricao="Entradas, falhas, bloqueios e alterações", ordem=90))
        registrar_atalho(Atalho(chave="cadastros", rotulo="Administração de cadastros", nome_url="admin:index",
                                permissao=PermissaoOperadora.ADMINISTRACAO,
                                descricao="Operadoras, prestadores, equipe e papéis", ordem=100))
