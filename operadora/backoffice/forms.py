from typing import Any

from django import forms

from operadora.core.formularios import EntradaData
from operadora.registry.models import Operadora, Prestador


class MensagemForm(forms.Form):
    operadora = forms.ModelChoiceField(label="Operadora", queryset=Operadora.objects.filter(ativa=True),
                                       empty_label=None)
    titulo = forms.CharField(label="Título da mensagem", max_length=150)
    texto = forms.CharField(label="Texto", widget=forms.Textarea(attrs={"rows": 6}))
    destino = forms.ChoiceField(label="Para", choices=[("todos", "Todos os prestadores da operadora"),
                                                       ("selecionados", "Prestadores selecionados")],
                                initial="todos", widget=forms.RadioSelect)
    prestadores = forms.ModelMultipleChoiceField(
        label="Prestadores selecionados", required=False,
        queryset=Prestador.objects.filter(credenciamentos__isnull=False).distinct().order_by("nome"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Só para “Prestadores selecionados”: devem ser credenciados com a operadora escolhida.",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        dados = self.cleaned_data
        if dados.get("destino") == "selecionados" and not dados.get("prestadores"):
            self.add_error("prestadores", "Escolha ao menos um prestador, ou envie para todos.")
        return dados


class FiltroAuditoriaForm(forms.Form):
    acao = forms.CharField(label="Ação", required=False, max_length=80)
    usuario = forms.CharField(label="Usuário (login)", required=False, max_length=150)
    de = forms.DateField(label="De", required=False, widget=EntradaData())
    ate = forms.DateField(label="Até", required=False, widget=EntradaData())
