from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "operadora.core"
    label = "core"
    verbose_name = "Núcleo"
