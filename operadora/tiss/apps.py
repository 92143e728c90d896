from django.apps import AppConfig


class TissConfig(AppConfig):
    name = "operadora.tiss"
    label = "tiss"
    verbose_name = "TISS"
