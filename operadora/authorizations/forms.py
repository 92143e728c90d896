"""Forms parse and check the shape of input; the rules live in services/rules."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from operadora.core.documentos import validar_cid
from operadora.core.formularios import EntradaData
from operadora.registry.models import Profissional

from . import codigos
from .anexos_clinicos import FORMS_ANEXO_CLINICO, formulario_do_cabecalho, formulario_do_item
from .models import AnexoAutorizacao, AnexoClinicoAutorizacao, Autorizacao
from .services import AnexoClinicoSolicitado, ArquivoAnexo, DadosInternacao, ItemSolicitado


class MultiplosArquivosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplosArquivosField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplosArquivosInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.tif,.tiff"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        unico = super().clean
        if isinstance(data, list | tuple):
            return [unico(d, initial) for d in data if d]
        return [unico(data, initial)] if data else []


class CampoDeAnexos(forms.Form):
    tipo_documento = forms.ChoiceField(label="Tipo dos documentos", choices=AnexoAutorizacao.Tipo.choices,
                                       initial=AnexoAutorizacao.Tipo.PEDIDO, required=False)
    anexos = MultiplosArquivosField(label="Anexos (PDF ou imagens, até 10 MB cada)")

    def arquivos(self) -> list[ArquivoAnexo]:
        tipo = self.cleaned_data.get("tipo_documento") or AnexoAutorizacao.Tipo.OUTRO
        return [ArquivoAnexo(arquivo=a, tipo=tipo) for a in self.cleaned_data.get("anexos") or []]


def _profissionais(prestador_id: int):
    return Profissional.objects.filter(prestadores__id=prestador_id).order_by("nome")


class FiltroForm(forms.Form):
    inicio = forms.DateField(label="De", required=False, widget=EntradaData())
    fim = forms.DateField(label="Até", required=False, widget=EntradaData())
    situacao = forms.ChoiceField(label="Situação", required=False,
                                 choices=[("", "Todas"), *Autorizacao.Situacao.choices])
    tipo = forms.ChoiceField(label="Tipo", required=False, choices=[("", "Todos"), *Autorizacao.Tipo.choices])
    beneficiario = forms.CharField(label="Beneficiário (carteira ou nome)", required=False, max_length=100)

    def clean(self):
        dados = super().clean() or {}
        if dados.get("inicio") and dados.get("fim") and dados["inicio"] > dados["fim"]:
            raise forms.ValidationError("A data inicial é posterior à final.")
        return dados


class BuscaForm(forms.Form):
    numero = forms.CharField(label="Nº da autorização (senha) ou da guia", max_length=20)
    carteira = forms.CharField(label="Carteira do beneficiário", max_length=20)


class ElegibilidadeForm(forms.Form):
    carteira = forms.CharField(label="Carteira do beneficiário", max_length=20)
    codigo_tuss = forms.CharField(label="Procedimento (código TUSS, opcional)", max_length=10, required=False)
    quantidade = forms.IntegerField(label="Quantidade", min_value=1, max_value=999, initial=1)
    data_atendimento = forms.DateField(label="Data do atendimento", widget=EntradaData())
    carater = forms.ChoiceField(label="Caráter", choices=Autorizacao.Carater.choices,
                                initial=codigos.CARATER_ELETIVO)

    def clean_codigo_tuss(self):
        codigo = self.cleaned_data["codigo_tuss"].strip()
        if codigo and not codigo.isdigit():
            raise forms.ValidationError("Informe o código numérico da TUSS (ex.: 40304361).")
        return codigo


class ItemForm(forms.Form):
    codigo = forms.CharField(label="Código TUSS", max_length=10, required=False)
    quantidade = forms.IntegerField(label="Qtd.", min_value=1, max_value=999, required=False)
    dente = forms.CharField(label="Dente", max_length=2, required=False)
    regiao = forms.CharField(label="Região", max_length=4, required=False)
    face = forms.CharField(label="Face(s)", max_length=5, required=False)

    def clean(self):
        dados = super().clean() or {}
        codigo = (dados.get("codigo") or "").strip()
        if codigo and not codigo.isdigit():
            self.add_error("codigo", "Use o código numérico da TUSS.")
        if codigo and not dados.get("quantidade"):
            self.add_error("quantidade", "Informe a quantidade.")
        return dados


ItensFormSet = forms.formset_factory(ItemForm, extra=5, max_num=30, validate_max=True)


class SolicitacaoForm(CampoDeAnexos):
    numero_guia_prestador = forms.CharField(label="Nº da guia no prestador", max_length=20)
    carteira = forms.CharField(label="Carteira do beneficiário", max_length=20)
    atendimento_rn = forms.BooleanField(label="Atendimento a recém-nato (usa a carteira da mãe)", required=False)
    carater = forms.ChoiceField(label="Caráter do atendimento", choices=Autorizacao.Carater.choices,
                                initial=codigos.CARATER_ELETIVO)
    profissional_solicitante = forms.ModelChoiceField(label="Profissional solicitante", required=False,
                                                      queryset=Profissional.objects.none())
    indicacao_clinica = forms.CharField(label="Indicação clínica", widget=forms.Textarea(attrs={"rows": 3}),
                                        required=False, max_length=1000)
    cid = forms.CharField(label="CID-10 (opcional)", max_length=5, required=False)
    observacao = forms.CharField(label="Observação", widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                 max_length=1000)
    # internação
    tipo_internacao = forms.ChoiceField(label="Tipo de internação", choices=[("", "—"), *codigos.TIPOS_INTERNACAO],
                                        required=False)
    regime_internacao = forms.ChoiceField(label="Regime", choices=[("", "—"), *codigos.REGIMES_INTERNACAO],
                                          required=False)
    diarias_solicitadas = forms.IntegerField(label="Diárias solicitadas", min_value=1, max_value=365,
                                             required=False)
    data_sugerida = forms.DateField(label="Data sugerida para a internação", required=False,
                                    widget=EntradaData())

    def __init__(self, *args, prestador_id: int, tipo: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.tipo = tipo
        campo = self.fields["profissional_solicitante"]
        assert isinstance(campo, forms.ModelChoiceField)
        campo.queryset = _profissionais(prestador_id)
        if tipo != Autorizacao.Tipo.INTERNACAO:
            for nome in ("tipo_internacao", "regime_internacao", "diarias_solicitadas", "data_sugerida"):
                del self.fields[nome]
        else:
            for nome in ("tipo_internacao", "regime_internacao", "diarias_solicitadas", "data_sugerida",
                         "indicacao_clinica"):
                self.fields[nome].required = True

    def clean_cid(self) -> str:
        try:
            return validar_cid(self.cleaned_data["cid"])
        except ValidationError as erro:
            raise forms.ValidationError(erro.messages) from None

    def internacao(self) -> DadosInternacao | None:
        if self.tipo != Autorizacao.Tipo.INTERNACAO:
            return None
        d = self.cleaned_data
        return DadosInternacao(tipo_internacao=d["tipo_internacao"], regime_internacao=d["regime_internacao"],
                               diarias_solicitadas=d["diarias_solicitadas"], data_sugerida=d["data_sugerida"])


class ProrrogacaoForm(CampoDeAnexos):
    numero_guia_prestador = forms.CharField(label="Nº da guia no prestador", max_length=20)
    diarias_solicitadas = forms.IntegerField(label="Diárias adicionais", min_value=1, max_value=365)
    indicacao_clinica = forms.CharField(label="Justificativa clínica da prorrogação",
                                        widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)

    def internacao(self) -> DadosInternacao:
        return DadosInternacao(tipo_internacao="", regime_internacao="",
                               diarias_solicitadas=self.cleaned_data["diarias_solicitadas"])


def itens_do_formset(formset) -> list[ItemSolicitado]:
    itens = []
    for form in formset.forms:
        dados = form.cleaned_data if hasattr(form, "cleaned_data") else {}
        codigo = (dados.get("codigo") or "").strip()
        if codigo:
            itens.append(ItemSolicitado(codigo=codigo, quantidade=dados.get("quantidade") or 0,
                                        dente=dados.get("dente") or "", regiao=dados.get("regiao") or "",
                                        face=dados.get("face") or ""))
    return itens


class AnexoClinicoDaSolicitacao:
    """One structured annex on the request page: whether it goes, its header and its materials/drugs — the fields
    and checks of `anexos_clinicos` (billing's guide wizard uses the same). Bound to the whole POST, so a refused
    request comes back with everything typed; only an annex marked to go is validated."""

    MAX_ITENS = 20

    def __init__(self, tipo: str, dados=None):
        classe = FORMS_ANEXO_CLINICO[tipo]
        self.tipo = tipo
        self.rotulo = AnexoClinicoAutorizacao.Tipo(tipo).label
        self.incluido = bool(dados) and tipo in dados.getlist("anexos_clinicos")
        self.cabecalho = formulario_do_cabecalho(classe)(dados, prefix=f"anexo_{tipo}")
        self.itens = (
            forms.formset_factory(formulario_do_item(classe), extra=3, max_num=self.MAX_ITENS, validate_max=True)(
                dados, prefix=f"anexo_{tipo}_itens")
            if classe.ITEM else None
        )

    def is_valid(self) -> bool:
        if not self.incluido:
            return True
        itens_ok = self.itens is None or self.itens.is_valid()
        return self.cabecalho.is_valid() and itens_ok

    def solicitado(self) -> AnexoClinicoSolicitado:
        itens = [f.dados() for f in self.itens.forms if f.has_changed() and f.cleaned_data] if self.itens else []
        return AnexoClinicoSolicitado(tipo=self.tipo, dados=self.cabecalho.dados(), itens=itens)


class AnexosClinicos:
    """The OPME, quimioterapia and radioterapia annexes of an SP/SADT, internação or prorrogação request."""

    def __init__(self, dados=None):
        self.anexos = [AnexoClinicoDaSolicitacao(tipo, dados) for tipo in FORMS_ANEXO_CLINICO]

    def __iter__(self):
        return iter(self.anexos)

    def is_valid(self) -> bool:
        return all([anexo.is_valid() for anexo in self.anexos])  # noqa: C419 — every one, so each shows its errors

    def erros(self) -> str:
        com_erro = [a.rotulo.lower() for a in self.anexos if a.incluido and not a.is_valid()]
        return f"Verifique o {' e o '.join(com_erro)}: há campos a corrigir." if com_erro else ""

    def solicitados(self) -> list[AnexoClinicoSolicitado]:
        return [anexo.solicitado() for anexo in self.anexos if anexo.incluido]


class RespostaForm(CampoDeAnexos):
    texto = forms.CharField(label="Justificativa / resposta", widget=forms.Textarea(attrs={"rows": 4}),
                            required=False, max_length=4000)


class CancelarForm(forms.Form):
    motivo = forms.CharField(label="Motivo do cancelamento", max_length=300, required=False)


class ConfirmarAtendimentoForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    data_execucao = forms.DateField(label="Data do atendimento", widget=EntradaData())
    quantidade = forms.IntegerField(label="Qtd.", min_value=1, max_value=999, initial=1)
    profissional_executante = forms.ModelChoiceField(label="Profissional executante", required=False,
                                                     queryset=Profissional.objects.none())

    def __init__(self, *args, prestador_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        campo = self.fields["profissional_executante"]
        assert isinstance(campo, forms.ModelChoiceField)
        campo.queryset = _profissionais(prestador_id)
        self.fields["data_execucao"].initial = timezone.localdate()


# --- back office -----------------------------------------------------------------------------------------


def _opcoes_negativa():
    return [("", "—")] + [(c, codigos.rotulo(c)) for c in codigos.MOTIVOS_NEGATIVA_AUDITORIA]


class CodigoNegativaField(forms.CharField):
    """A TUSS 38 code: picked from the usual reasons, or typed (any code that exists in table 38)."""

    def clean(self, value):
        valor = super().clean(value).strip()
        if valor and not codigos.descricao(valor):
            raise forms.ValidationError("Código inexistente na tabela TUSS 38.")
        return valor


class AutorizarForm(forms.Form):
    codigo_negativa = CodigoNegativaField(label="Motivo para o que não for autorizado (TUSS 38)", required=False,
                                          max_length=4,
                                          widget=forms.TextInput(attrs={"list": "motivos-negativa"}))
    justificativa = forms.CharField(label="Justificativa", widget=forms.Textarea(attrs={"rows": 3}),
                                    required=False, max_length=4000)
    diarias_autorizadas = forms.IntegerField(label="Diárias autorizadas", min_value=1, max_value=365,
                                             required=False)

    def __init__(self, *args, itens, diarias: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.itens = [i for i in itens if i.quantidade_autorizada is None]
        for item in self.itens:
            self.fields[f"qtd_{item.id}"] = forms.IntegerField(
                label=f"{item.codigo} — autorizar", min_value=0, max_value=item.quantidade_solicitada,
                initial=item.quantidade_solicitada)
        if diarias is None:
            del self.fields["diarias_autorizadas"]
        else:
            self.fields["diarias_autorizadas"].initial = diarias

    def quantidades(self) -> dict[int, int]:
        return {item.id: self.cleaned_data[f"qtd_{item.id}"] for item in self.itens}


class NegarForm(forms.Form):
    codigo_negativa = CodigoNegativaField(label="Motivo da negativa (TUSS 38)", max_length=4,
                                          widget=forms.TextInput(attrs={"list": "motivos-negativa"}))
    justificativa = forms.CharField(label="Justificativa ao prestador e ao beneficiário",
                                    widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class PendenciaForm(forms.Form):
    pendencia = forms.ChoiceField(label="Pedir", choices=Autorizacao.Pendencia.choices,
                                  widget=forms.RadioSelect, initial=Autorizacao.Pendencia.JUSTIFICATIVA)
    texto = forms.CharField(label="O que o prestador deve enviar", widget=forms.Textarea(attrs={"rows": 3}),
                            max_length=4000)


class FiltroFilaForm(forms.Form):
    operadora = forms.IntegerField(required=False, widget=forms.HiddenInput)
    situacao = forms.ChoiceField(label="Situação", required=False, choices=[
        ("", "Pendentes"), (Autorizacao.Situacao.EM_ANALISE, "Em análise"),
        (Autorizacao.Situacao.AGUARDANDO_JUSTIFICATIVA, "Aguardando prestador")])
    tipo = forms.ChoiceField(label="Tipo", required=False, choices=[("", "Todos"), *Autorizacao.Tipo.choices])


MOTIVOS_NEGATIVA = _opcoes_negativa


def hoje() -> datetime.date:
    return timezone.localdate()
