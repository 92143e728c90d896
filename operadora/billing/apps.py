from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "operadora.billing"
    label = "billing"
    verbose_name = "Faturamento"
