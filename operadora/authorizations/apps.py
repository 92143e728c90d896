from django.apps import AppConfig


class AuthorizationsConfig(AppConfig):
    name = "operadora.authorizations"
    label = "authorizations"
    verbose_name = "Autorizações"
