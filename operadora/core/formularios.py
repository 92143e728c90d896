"""Form widgets shared by the apps."""

from typing import Any

from django import forms


class EntradaData(forms.DateInput):
    """The browser's date picker, `<input type="date">`. Its value is ISO (aaaa-mm-dd) both ways — the browser shows
    it in the user's own format, dd/mm/aaaa in pt-BR — so a date already known (a saved guide's, a suggested period's
    end) is written in ISO. Django's DateInput writes the locale's first input format (31/10/2026 with pt-BR), which
    the picker discards: the field showed empty, a required one blocked the form, and an optional one was sent back
    empty and erased the saved date. Typed dd/mm/aaaa is still accepted by the DateField (pt-BR input formats)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
