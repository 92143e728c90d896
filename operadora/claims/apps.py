from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "operadora.claims"
    label = "claims"
    verbose_name = "Análise de contas e pagamentos"
