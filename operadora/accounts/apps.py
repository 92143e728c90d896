from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "operadora.accounts"
    label = "accounts"
    verbose_name = "Acessos"
