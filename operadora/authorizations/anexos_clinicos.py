"""The structured TISS clinical annexes of a request — OPME, quimioterapia, radioterapia (`ctm_anexoSolicitacaoOPME`
/ `Quimio` / `Radio`, `tiss.requests.AnexoClinico`) — as forms, one place for both pages that type them: the
authorization request (SP/SADT, internação, prorrogação; `anexoClinico` / `anexoClinicoProrrogacao`) and billing's
SP/SADT guide wizard (step 5, exported as ENVIO_ANEXO). Each form's `ITEM` names the fields of one material or drug
(the rest is the annex's header); `dados()` gives JSON-safe values as stored (`AnexoGuia.dados`,
`AnexoClinicoAutorizacao.dados`). The billing wizard appends one item per submission; the request page types the
header with `formulario_do_cabecalho` and the items in a formset of `formulario_do_item`, the same fields."""

import datetime
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from operadora.core.documentos import validar_cid
from operadora.core.formularios import CampoDecimal, EntradaData


def campo_cid(valor: str, rotulo: str) -> str:
    try:
        return validar_cid(valor)
    except ValidationError:
        raise forms.ValidationError(
            f"{rotulo}: informe um código CID-10 como A09 ou J189 (até 4 caracteres)."
        ) from None


ESTADIAMENTO = [("0", "0"), ("1", "I"), ("2", "II"), ("3", "III"), ("4", "IV"), ("5", "Não se aplica")]
FINALIDADE = [
    ("1", "Curativa"),
    ("2", "Neoadjuvante"),
    ("3", "Adjuvante"),
    ("4", "Paliativa"),
    ("5", "Controle"),
]
# dm_tumor / dm_nodulo / dm_metastase (TUSS 63, 64, 65): the XSD codes.
TUMOR = [(c, c) for c in "123456789"]
NODULO = [(c, c) for c in "1234589"]
METASTASE = [("1", "M1"), ("2", "M0"), ("3", "Mx"), ("8", "Não se aplica"), ("9", "Sem informação")]
ECOG = [("0", "0"), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")]
TIPO_QUIMIOTERAPIA = [("1", "1ª linha"), ("2", "2ª linha"), ("3", "3ª linha"), ("4", "Outras linhas")]
OPCAO_FABRICANTE = [("1", "Fabricante 1"), ("2", "Fabricante 2"), ("3", "Fabricante 3")]


class FormularioDeAnexo(forms.Form):
    numero_guia_anexo = forms.CharField(label="Nº da guia do anexo", max_length=20, required=False)

    def dados(self) -> dict:
        """JSON-safe cleaned data (dates and decimals as text)."""
        return {
            k: v.isoformat() if isinstance(v, datetime.date) else str(v) if isinstance(v, Decimal) else v
            for k, v in self.cleaned_data.items()
            if v not in (None, "")
        }


class _AnexoForm(FormularioDeAnexo):
    ITEM: tuple[str, ...] = ()  # the fields of one material or drug
    profissional_nome = forms.CharField(label="Profissional solicitante", max_length=70)
    profissional_telefone = forms.CharField(label="Telefone (com DDD)", max_length=20)
    profissional_email = forms.EmailField(label="E-mail", max_length=60, required=False)
    observacao = forms.CharField(
        label="Observação", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_profissional_telefone(self):
        telefone = re.sub(r"\D", "", self.cleaned_data.get("profissional_telefone") or "")
        if not 10 <= len(telefone) <= 11:
            raise forms.ValidationError("Informe o telefone com DDD (10 ou 11 dígitos).")
        return telefone


class _DiagnosticoOncologico(_AnexoForm):
    cid_principal = forms.CharField(label="CID-10 do diagnóstico", max_length=5)
    data_diagnostico = forms.DateField(
        label="Data do diagnóstico", required=False, widget=EntradaData()
    )
    estadiamento = forms.ChoiceField(label="Estadiamento", choices=ESTADIAMENTO)
    finalidade = forms.ChoiceField(label="Finalidade do tratamento", choices=FINALIDADE)
    ecog = forms.ChoiceField(label="ECOG", choices=ECOG)
    diagnostico_histopatologico = forms.CharField(
        label="Diagnóstico histopatológico", max_length=1000, required=False
    )

    def clean_cid_principal(self):
        return campo_cid(self.cleaned_data.get("cid_principal", ""), "CID-10")


class AnexoOpmeForm(_AnexoForm):
    """Anexo de OPME: the technical justification and one material per submission (appended)."""

    justificativa_tecnica = forms.CharField(
        label="Justificativa técnica", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    especificacao_material = forms.CharField(
        label="Especificação do material", max_length=500, required=False
    )
    tabela = forms.ChoiceField(label="Tabela", choices=[("19", "19"), ("00", "00")])
    codigo = forms.CharField(label="Código do OPME", max_length=10)
    descricao = forms.CharField(label="Descrição", max_length=150)
    opcao_fabricante = forms.ChoiceField(label="Opção de fabricante", choices=OPCAO_FABRICANTE)
    quantidade = forms.IntegerField(label="Quantidade solicitada", min_value=1, max_value=999)
    valor = CampoDecimal(
        label="Valor solicitado", min_value=Decimal("0"), max_digits=10, decimal_places=2, required=False
    )
    registro_anvisa = forms.CharField(label="Registro ANVISA", max_length=15, required=False)
    codigo_ref_fabricante = forms.CharField(label="Referência do fabricante", max_length=60, required=False)
    autorizacao_funcionamento = forms.CharField(
        label="Autorização de funcionamento", max_length=30, required=False
    )

    ITEM = (
        "tabela",
        "codigo",
        "descricao",
        "opcao_fabricante",
        "quantidade",
        "valor",
        "registro_anvisa",
        "codigo_ref_fabricante",
        "autorizacao_funcionamento",
    )


class AnexoQuimioterapiaForm(_DiagnosticoOncologico):
    """Anexo de quimioterapia: diagnosis, the therapeutic plan and cycles, one drug per submission (appended)."""

    peso = CampoDecimal(label="Peso (kg)", min_value=Decimal("0.1"), max_digits=5, decimal_places=2)
    altura = CampoDecimal(label="Altura (cm)", min_value=Decimal("1"), max_digits=5, decimal_places=2)
    superficie_corporal = CampoDecimal(
        label="Superfície corporal (m²)", min_value=Decimal("0.01"), max_digits=4, decimal_places=2
    )
    tumor = forms.ChoiceField(label="Tumor (T, TUSS 63)", choices=TUMOR)
    nodulo = forms.ChoiceField(label="Nódulo (N, TUSS 64)", choices=NODULO)
    metastase = forms.ChoiceField(label="Metástase (M, TUSS 65)", choices=METASTASE)
    tipo_quimioterapia = forms.ChoiceField(label="Tipo de quimioterapia", choices=TIPO_QUIMIOTERAPIA)
    plano_terapeutico = forms.CharField(
        label="Plano terapêutico", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    numero_ciclos = forms.IntegerField(label="Nº de ciclos previstos", min_value=1, max_value=99)
    ciclo_atual = forms.IntegerField(label="Ciclo atual", min_value=1, max_value=99)
    dias_ciclo_atual = forms.IntegerField(label="Dias do ciclo atual", min_value=1, max_value=999)
    intervalo_ciclos = forms.IntegerField(label="Intervalo entre ciclos (dias)", min_value=0, max_value=999)
    droga_data_provavel = forms.DateField(label="Droga: data provável", widget=EntradaData())
    droga_codigo = forms.CharField(label="Droga: código (TUSS 20)", max_length=10)
    droga_descricao = forms.CharField(label="Droga: descrição", max_length=150)
    droga_doses = CampoDecimal(
        label="Droga: doses", min_value=Decimal("0.01"), max_digits=7, decimal_places=2
    )
    droga_unidade_medida = forms.CharField(label="Droga: unidade (TUSS 60)", max_length=3, initial="036")
    droga_via = forms.CharField(label="Droga: via de administração (TUSS 62)", max_length=2)
    droga_frequencia = forms.IntegerField(label="Droga: frequência", min_value=1, max_value=99)

    ITEM = (
        "droga_data_provavel",
        "droga_codigo",
        "droga_descricao",
        "droga_doses",
        "droga_unidade_medida",
        "droga_via",
        "droga_frequencia",
    )

    def clean(self):
        dados = super().clean() or {}
        if (
            dados.get("ciclo_atual")
            and dados.get("numero_ciclos")
            and dados["ciclo_atual"] > dados["numero_ciclos"]
        ):
            self.add_error("ciclo_atual", "O ciclo atual passa do número de ciclos previstos.")
        return dados


class AnexoRadioterapiaForm(_DiagnosticoOncologico):
    """Anexo de radioterapia."""

    diagnostico_imagem = forms.ChoiceField(
        label="Diagnóstico por imagem",
        required=False,
        choices=[
            ("", "—"),
            ("1", "Tomografia"),
            ("2", "Ressonância magnética"),
            ("3", "Raio-X"),
            ("4", "Outras"),
            ("5", "Ultrassonografia"),
            ("6", "PET"),
        ],
    )
    numero_campos = forms.IntegerField(label="Nº de campos", min_value=1, max_value=999)
    dose_campo = forms.IntegerField(label="Dose por dia (Gy)", min_value=1, max_value=9999)
    dose_total = forms.IntegerField(label="Dose total (Gy)", min_value=1, max_value=9999)
    nr_dias = forms.IntegerField(label="Nº de dias", min_value=1, max_value=999)
    data_prevista_inicio = forms.DateField(
        label="Data prevista de início", widget=EntradaData()
    )

    ITEM = ()


FORMS_ANEXO_CLINICO: dict[str, type[_AnexoForm]] = {
    "opme": AnexoOpmeForm,
    "quimioterapia": AnexoQuimioterapiaForm,
    "radioterapia": AnexoRadioterapiaForm,
}


def formulario_do_cabecalho(classe: type[_AnexoForm]) -> type[_AnexoForm]:
    """The annex form without its item fields (the header, with the same fields and checks)."""
    return type(f"Cabecalho{classe.__name__}", (classe,), dict.fromkeys(classe.ITEM))  # None removes a field


def formulario_do_item(classe: type[_AnexoForm]) -> type[FormularioDeAnexo]:
    """One material or drug of the annex: the item fields of `classe`, as they are there."""
    campos = {nome: classe.base_fields[nome] for nome in classe.ITEM}
    return type(f"Item{classe.__name__}", (FormularioDeAnexo,), {**campos, "numero_guia_anexo": None})
