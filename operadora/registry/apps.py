from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "operadora.registry"
    label = "registry"
    verbose_name = "Cadastros"
