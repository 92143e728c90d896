"""Parsing of the few free inputs of the claims pages (money in pt-BR, dates, rule parameters)."""

import datetime
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from operadora.billing.models import Protocolo
from operadora.core.erros import ErroDeNegocio
from operadora.core.formularios import EntradaData

from . import regras
from .models import RecursoGlosa

VALOR_MAXIMO = Decimal("1000000000000")  # max_digits=14, decimal_places=2


def valor_brl(texto: str | None, *, campo: str = "valor") -> Decimal:
    """'1.234,56', '1234,56' or '1234.56' → Decimal('1234.56'); a clear pt-BR error otherwise."""
    bruto = (texto or "").strip().replace("R$", "").replace(" ", "")
    if "," in bruto:
        bruto = bruto.replace(".", "").replace(",", ".")
    try:
        valor = Decimal(bruto)
    except InvalidOperation:
        raise ErroDeNegocio(f"Informe o {campo} em reais, por exemplo 1.234,56.") from None
    if not valor.is_finite():
        raise ErroDeNegocio(f"Informe o {campo} em reais, por exemplo 1.234,56.")
    if abs(valor) >= VALOR_MAXIMO:  # the money columns hold 12 integer digits (and quantize would overflow)
        raise ErroDeNegocio(f"O {campo} informado é grande demais (máximo R$ 999.999.999.999,99).")
    return valor.quantize(Decimal("0.01"))


def data_iso(texto: str | None, *, campo: str = "data") -> datetime.date:
    try:
        return datetime.date.fromisoformat((texto or "").strip())
    except ValueError:
        raise ErroDeNegocio(f"Informe a {campo} (dd/mm/aaaa).") from None


def competencia(texto: str | None) -> datetime.date:
    """'2025-06' → 2025-06-01."""
    try:
        ano, mes = (texto or "").strip().split("-")[:2]
        return datetime.date(int(ano), int(mes), 1)
    except ValueError:
        raise ErroDeNegocio("Informe a competência (mês/ano).") from None


def configuracao_das_regras(dados: Any) -> dict[str, Any]:
    """The rules page's POST: `ativa_<regra>` checkboxes and `parametros_<regra>` JSON objects."""
    configuracao = {}
    for definicao in regras.CATALOGO:
        texto = (dados.get(f"parametros_{definicao.codigo}") or "{}").strip() or "{}"
        try:
            parametros = json.loads(texto)
        except json.JSONDecodeError as erro:
            raise ErroDeNegocio(f"Parâmetros de '{definicao.nome}': JSON inválido ({erro.msg}, linha {erro.lineno}).") from None
        if not isinstance(parametros, dict):
            raise ErroDeNegocio(f"Parâmetros de '{definicao.nome}': informe um objeto JSON {{…}}.")
        configuracao[definicao.codigo] = {"ativa": dados.get(f"ativa_{definicao.codigo}") == "on",
                                          "parametros": parametros}
    return configuracao


class PeriodoForm(forms.Form):
    inicio = forms.DateField(label="De", required=False, widget=EntradaData())
    fim = forms.DateField(label="Até", required=False, widget=EntradaData())

    def clean(self) -> dict[str, Any]:
        dados = super().clean() or {}
        if dados.get("inicio") and dados.get("fim") and dados["inicio"] > dados["fim"]:
            raise forms.ValidationError("A data inicial (De) é posterior à final (Até).")
        return dados



class FiltroFilaContasForm(forms.Form):
    """The situação of the account-audit queue ('' = received and in analysis); an unknown one is an error."""
    situacao = forms.ChoiceField(label="Situação", required=False,
                                 choices=[("", "Recebidos e em análise"), *Protocolo.Situacao.choices])


class FiltroRecursosForm(forms.Form):
    """The situação of the recursos list ('todos' = all); an unknown one is an error."""
    situacao = forms.ChoiceField(label="Situação", required=False,
                                 choices=[("todos", "Todos"), *RecursoGlosa.Situacao.choices])
