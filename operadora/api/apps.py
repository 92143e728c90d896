from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "operadora.api"
    label = "api"
    verbose_name = "API REST"
