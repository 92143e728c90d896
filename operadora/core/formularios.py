"""Form widgets and fields shared by the apps."""

from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils import formats


class EntradaData(forms.DateInput):
    """The browser's date picker, `<input type="date">`. Its value is ISO (aaaa-mm-dd) both ways — the browser shows
    it in the user's own format, dd/mm/aaaa in pt-BR — so a date already known (a saved guide's, a suggested period's
    end) is written in ISO. Django's DateInput writes the locale's first input format (31/10/2026 with pt-BR), which
    the picker discards: the field showed empty, a required one blocked the form, and an optional one was sent back
    empty and erased the saved date. Typed dd/mm/aaaa is still accepted by the DateField (pt-BR input formats)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class _LimiteEmPortugues:
    """A Min/MaxValueValidator whose message writes the limit as pt-BR does (0,01), not as Python does (0.01)."""

    def __call__(self, value: Any) -> None:
        try:
            super().__call__(value)  # type: ignore[misc]
        except ValidationError as erro:
            params = dict(erro.params or {}, limit_value=formats.localize(self.limit_value))  # type: ignore[attr-defined]
            raise ValidationError(erro.message, code=erro.code, params=params) from None


class _Minimo(_LimiteEmPortugues, validators.MinValueValidator):
    pass


class _Maximo(_LimiteEmPortugues, validators.MaxValueValidator):
    pass


class CampoDecimal(forms.DecimalField):
    """DecimalField whose min/max messages say the limit in pt-BR: a value under the minimum sent past the browser
    (0 on a money field) read "maior ou igual a 0.01" with Django's own validators."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        trocas: dict[Any, Any] = {validators.MinValueValidator: _Minimo, validators.MaxValueValidator: _Maximo}
        self.validators = [
            trocas[type(v)](getattr(v, "limit_value", None)) if type(v) in trocas else v for v in self.validators
        ]
