from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "operadora.portal"
    label = "portal"
    verbose_name = "Portal do prestador"
