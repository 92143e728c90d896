"""Model fields shared by the apps."""

from typing import Any

from django import forms
from django.db import models


class DocumentoField(models.CharField):
    """CPF/CNPJ stored compact (digits, or letters and digits for the alphanumeric CNPJ) but typed with its mask:
    '529.982.247-25' is cleaned to '52998224725' before validation."""

    MASCARA = 4  # room for the punctuation of a masked CNPJ (14 + 4)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if isinstance(value, str):
            return "".join(c for c in value.upper() if c.isalnum())
        return value

    def formfield(self, **kwargs: Any) -> forms.Field | None:
        campo = super().formfield(**kwargs)
        if isinstance(campo, forms.CharField) and self.max_length:
            campo.max_length = self.max_length + self.MASCARA
            campo.validators = [v for v in campo.validators if not hasattr(v, "limit_value")]
            campo.widget.attrs["maxlength"] = str(campo.max_length)
        return campo
