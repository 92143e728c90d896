"""Brazilian identifiers: CPF and CNPJ (python-stdnum, alphanumeric CNPJ included), CNES, registro ANS, CID-10.

Each `validar_*` returns the compact value or raises django's ValidationError with a pt-BR message, so the
same function serves model fields, forms and services."""

import re

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_erros
from stdnum.br import cnpj as stdnum_cnpj
from stdnum.br import cpf as stdnum_cpf


def somente_digitos(valor: str) -> str:
    return "".join(c for c in str(valor) if c.isdigit())


def validar_cpf(valor: str) -> str:
    """python-stdnum accepts 111.111.111-11 … 999.999.999-99 (their check digits add up); the Receita issues no
    CPF of one repeated digit, so those are refused too."""
    try:
        compacto = str(stdnum_cpf.validate(valor))
    except stdnum_erros.ValidationError as erro:
        raise ValidationError("CPF inválido: confira os 11 dígitos.", code="cpf_invalido") from erro
    if len(set(compacto)) == 1:
        raise ValidationError("CPF inválido: confira os 11 dígitos.", code="cpf_invalido")
    return compacto


def validar_cnpj(valor: str) -> str:
    try:
        return str(stdnum_cnpj.validate(str(valor).upper()))
    except stdnum_erros.ValidationError as erro:
        raise ValidationError("CNPJ inválido: confira os 14 caracteres.", code="cnpj_invalido") from erro


def validar_cpf_ou_cnpj(valor: str) -> str:
    compacto = "".join(c for c in str(valor).upper() if c.isalnum())
    if len(compacto) == 11:
        return validar_cpf(compacto)
    if len(compacto) == 14:
        return validar_cnpj(compacto)
    raise ValidationError("Informe um CPF (11 dígitos) ou um CNPJ (14 caracteres).", code="documento_invalido")


def validar_cnes(valor: str) -> str:
    """CNES: 7 digits (the national register has no check digit)."""
    compacto = str(valor).strip()
    if len(compacto) != 7 or not compacto.isdigit():
        raise ValidationError("CNES inválido: são 7 dígitos.", code="cnes_invalido")
    return compacto


def validar_registro_ans(valor: str) -> str:
    """Registro ANS de operadora: 6 digits."""
    compacto = str(valor).strip()
    if len(compacto) != 6 or not compacto.isdigit():
        raise ValidationError("Registro ANS inválido: são 6 dígitos.", code="registro_ans_invalido")
    return compacto


CID = re.compile(r"^[A-Z][0-9]{2,3}$")


def validar_cid(valor: str) -> str:
    """CID-10 as TISS writes it (`diagnosticoCID`, up to 4 characters): a letter and 2 or 3 digits, the dot of
    "J18.9" dropped. Empty stays empty."""
    compacto = (valor or "").strip().upper().replace(".", "")
    if compacto and not CID.match(compacto):
        raise ValidationError("CID-10 inválido: informe um código como A09 ou J189 (até 4 caracteres).",
                              code="cid_invalido")
    return compacto


# Model-field validators (Django ignores their return value; these make that explicit).
def validador_cpf(valor: str) -> None:
    validar_cpf(valor)


def validador_cnpj(valor: str) -> None:
    validar_cnpj(valor)


def validador_cnes(valor: str) -> None:
    validar_cnes(valor)


def validador_registro_ans(valor: str) -> None:
    validar_registro_ans(valor)
