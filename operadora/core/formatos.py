"""How money, dates and documents are shown to people (pt-BR)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

CENTAVO = Decimal("0.01")


def format_brl(valor: Decimal | int | str | None) -> str:
    """R$ 1.234,56 (negative as -R$ 1.234,56); empty for None."""
    if valor is None or valor == "":
        return ""
    quantia = Decimal(valor).quantize(CENTAVO, rounding=ROUND_HALF_UP)
    sinal = "-" if quantia < 0 else ""
    inteiro, _, centavos = f"{abs(quantia):.2f}".partition(".")
    grupos = f"{int(inteiro):,}".replace(",", ".")
    return f"{sinal}R$ {grupos},{centavos}"


def format_data(valor: datetime.date | datetime.datetime | None) -> str:
    """dd/mm/aaaa; a datetime is shown in the local time zone with hh:mm."""
    if valor is None:
        return ""
    if isinstance(valor, datetime.datetime):
        if timezone.is_aware(valor):
            valor = timezone.localtime(valor)
        return valor.strftime("%d/%m/%Y %H:%M")
    return valor.strftime("%d/%m/%Y")


def format_cpf_cnpj(numero: str | None) -> str:
    """000.000.000-00 or 00.000.000/0000-00; other lengths unchanged."""
    digitos = "".join(c for c in (numero or "") if c.isdigit())
    if len(digitos) == 11:
        return f"{digitos[:3]}.{digitos[3:6]}.{digitos[6:9]}-{digitos[9:]}"
    if len(digitos) == 14:
        return f"{digitos[:2]}.{digitos[2:5]}.{digitos[5:8]}/{digitos[8:12]}-{digitos[12:]}"
    return numero or ""
