"""Brazilian formats for templates: `{{ valor|brl }}` → R$ 1.234,56; `{{ data|data_br }}` → dd/mm/aaaa."""

from django import template

from operadora.core.formatos import format_brl, format_cpf_cnpj, format_data

register = template.Library()
register.filter("brl", format_brl)
register.filter("data_br", format_data)
register.filter("cpf_cnpj", format_cpf_cnpj)
