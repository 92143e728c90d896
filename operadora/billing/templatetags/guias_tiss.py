"""How the billing pages show TISS codes and typed annex values to a clerk (seed 004's summary: "Conselho
Profissional: CRO 24654/RJ", "Tipo de Faturamento: Total"): `{% load guias_tiss %}`.

The codes are stored as TISS sends them (conselho "06", UF as its IBGE code "35", dm_tipoFaturamento "4"); the
terms come from the same choices the wizard offers, so a page and its form never disagree."""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import floatformat

from operadora.core.formatos import format_data

from .. import conversao, forms
from ..models import Guia, ItemGuia

register = template.Library()

TERMOS: dict[str, dict[str, str]] = {
    "carater_atendimento": dict(forms.CARATER),
    "tipo_atendimento": dict(forms.TIPO_ATENDIMENTO),
    "tipo_atendimento_odonto": dict(forms.TIPO_ATENDIMENTO_ODONTO),
    "tipo_consulta": dict(forms.TIPO_CONSULTA),
    "regime_atendimento": dict(forms.REGIME),
    "tipo_faturamento": dict(forms.TIPO_FATURAMENTO),
    "tipo_internacao": dict(forms.TIPO_INTERNACAO),
    "regime_internacao": dict(forms.REGIME_INTERNACAO),
    "indicacao_acidente": dict(forms.INDICACAO_ACIDENTE),
}
CONSELHOS = dict(forms.CONSELHOS)


@register.filter
def sigla_conselho(codigo: str) -> str:
    """dm_conselhoProfissional code → its acronym ("06" → "CRM"); an unknown code as it is."""
    return CONSELHOS.get(codigo or "", codigo or "")


@register.filter
def sigla_uf(codigo: str) -> str:
    """The UF's IBGE code (dm_UF) → its acronym ("35" → "SP"); an unknown code as it is."""
    return forms.sigla_uf(codigo or "")


@register.filter
def termo(codigo: str, dominio: str) -> str:
    """The term of a code in one of the wizard's TISS domains (`{{ guia.tipo_faturamento|termo:"tipo_faturamento" }}`
    → "Total"); "—" when blank, the code itself when the domain does not know it."""
    if not codigo:
        return "—"
    return TERMOS[dominio].get(codigo, codigo)


@register.filter
def com_termo(codigo: str, termos: dict[str, str]) -> str:
    """A code with its term from a dict the view read in one query (`{{ m.cbo|com_termo:termos_cbo }}` →
    "223208 - Cirurgião dentista - clínico geral"); the code alone when the dict lacks it."""
    codigo = codigo or ""
    termo_do_codigo = termos.get(codigo) if codigo else None
    return f"{codigo} - {termo_do_codigo}" if termo_do_codigo else codigo


@register.filter
def data_iso(valor: str) -> str:
    """A date kept as ISO text (the annexes' JSON) → dd/mm/aaaa; anything else as it is."""
    try:
        return format_data(datetime.date.fromisoformat(valor))
    except (TypeError, ValueError):
        return valor or ""


@register.filter
def decimal_br(valor: str) -> str:
    """A decimal kept as text (the annexes' JSON: "70.50") → pt-BR without trailing zeros ("70,5")."""
    try:
        numero = Decimal(str(valor))
    except (InvalidOperation, ValueError):
        return valor or ""
    if not numero.is_finite():
        return str(valor)
    texto = f"{numero.normalize():f}"
    return texto.replace(".", ",")


@register.filter
def quantidade_us(valor: Decimal | None) -> str:
    """A GTO item's Qtde US as the seed shows it ("1,50"; a whole number without decimals, "0"); "—" when the item
    does not inform it."""
    return "—" if valor is None else floatformat(valor, "-2")


@register.filter
def total_us(guia: Guia, itens: list[ItemGuia]) -> Decimal | None:
    """The summary's "Total de US" of an odontological guide, as its GTO carries it (`conversao.total_us_tiss`):
    None ("—", as each item shows) when nothing informs it."""
    return conversao.total_us_tiss(guia, list(itens))


@register.filter
def total_franquia(guia: Guia, itens: list[ItemGuia]) -> Decimal | None:
    """The summary's "Total Franquia", as the GTO carries it (`conversao.total_franquia_tiss`)."""
    return conversao.total_franquia_tiss(guia, list(itens))
