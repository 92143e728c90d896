import datetime

from django import forms
from django.utils import translation

from operadora.core.formularios import EntradaData


class _Form(forms.Form):
    dia = forms.DateField(widget=EntradaData())


def test_entrada_de_data_escreve_iso_e_aceita_o_que_se_digita_em_pt_br():
    with translation.override("pt-br"):
        # a known date is written in ISO (the only value a date picker takes), not as 31/10/2026
        html = str(_Form(initial={"dia": datetime.date(2026, 10, 31)})["dia"])
        assert 'type="date"' in html and 'value="2026-10-31"' in html
        # what the picker sends, and dd/mm/aaaa typed by hand, are both read
        for enviado in ("2026-10-31", "31/10/2026"):
            form = _Form({"dia": enviado})
            assert form.is_valid() and form.cleaned_data["dia"] == datetime.date(2026, 10, 31)
