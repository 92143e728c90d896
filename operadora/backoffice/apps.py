from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "operadora.backoffice"
    label = "backoffice"
    verbose_name = "Retaguarda da operadora"
