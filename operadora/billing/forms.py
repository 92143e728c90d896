"""Forms of the billing pages: they parse and clean input only; the rules live in `regras`/`services`."""

import datetime
import re
from decimal import Decimal
from functools import cache
from typing import Any

import tiss.dominio
from django import forms
from django.forms import formset_factory

from operadora.authorizations.anexos_clinicos import (
    FORMS_ANEXO_CLINICO,
    FormularioDeAnexo,
    campo_cid,
)
from operadora.authorizations.codigos import DENTES as _DENTES
from operadora.core.formularios import CampoDecimal, EntradaData
from operadora.registry.models import UFS, Operadora, Profissional

from .conversao import UF_IBGE, UF_SIGLA
from .models import FaturamentoAutomatico, Guia, OutraDespesa, Protocolo, TipoGuia
from .selectors import OrdemDaConferencia
from .services import DespesaDigitada

SIM_NAO = [("", "—")]
TIPOS_IDENTIFICACAO = [
    ("", "Carteira"),
    ("01", "Biometria"),
    ("02", "Documento com foto"),
    ("03", "Cartão magnético"),
    ("04", "Reconhecimento facial"),
]
CARATER = [("1", "Eletivo"), ("2", "Urgência/Emergência")]
TIPO_CONSULTA = [
    ("1", "Primeira consulta"),
    ("2", "Retorno"),
    ("3", "Pré-natal"),
    ("4", "Por encaminhamento"),
]
INDICACAO_ACIDENTE = [("9", "Não acidente"), ("0", "Trabalho"), ("1", "Trânsito"), ("2", "Outros acidentes")]
# TISS domain tables (the XSD's enumerations): 76 regime de atendimento, 50 tipo de atendimento.
REGIME = [
    ("01", "Ambulatorial"),
    ("02", "Domiciliar"),
    ("03", "Internação"),
    ("04", "Pronto-socorro"),
    ("05", "Telessaúde"),
]
TIPO_ATENDIMENTO = [
    ("23", "Exame"),
    ("04", "Consulta"),
    ("02", "Pequena cirurgia"),
    ("03", "Outras terapias"),
    ("08", "Quimioterapia"),
    ("09", "Radioterapia"),
    ("10", "Terapia renal substitutiva (TRS)"),
    ("13", "Pequeno atendimento (sutura, gesso e outros)"),
    ("01", "Remoção"),
]
TIPO_ATENDIMENTO_ODONTO = [
    ("1", "Tratamento odontológico"),
    ("2", "Exame radiológico"),
    ("3", "Ortodontia"),
    ("4", "Urgência/Emergência"),
    ("5", "Auditoria"),
]
TIPO_FATURAMENTO = [("4", "Total"), ("1", "Parcial"), ("2", "Final"), ("3", "Complementar")]
TIPO_INTERNACAO = [
    ("1", "Clínica"),
    ("2", "Cirúrgica"),
    ("3", "Obstétrica"),
    ("4", "Pediátrica"),
    ("5", "Psiquiátrica"),
]
REGIME_INTERNACAO = [("1", "Hospitalar"), ("2", "Hospital-dia"), ("3", "Domiciliar")]
# dm_motivoSaida (the XSD's enumeration); the terms are TUSS table 39's, from the tiss package's domain data.
MOTIVOS_ENCERRAMENTO = [
    "11",
    "12",
    "14",
    "15",
    "16",
    "18",
    "19",
    "21",
    "22",
    "23",
    "24",
    "25",
    "26",
    "27",
    "28",
    "31",
    "32",
    "41",
    "42",
    "43",
    "51",
    "61",
    "62",
    "63",
    "64",
    "65",
    "66",
    "67",
]
# dm_grauPart (the XSD lists the terms in a comment; TUSS 35 is not in the package's domain data).
GRAU_PARTICIPACAO = [
    ("00", "Cirurgião"),
    ("01", "Primeiro auxiliar"),
    ("02", "Segundo auxiliar"),
    ("03", "Terceiro auxiliar"),
    ("04", "Quarto auxiliar"),
    ("05", "Instrumentador"),
    ("06", "Anestesista"),
    ("07", "Auxiliar de anestesista"),
    ("08", "Consultor"),
    ("09", "Perfusionista"),
    ("10", "Pediatra na sala de parto"),
    ("11", "Auxiliar SADT"),
    ("12", "Clínico"),
    ("13", "Intensivista"),
]
DECLARACAO = re.compile(r"^[A-Za-z0-9]{1,11}$")
HORA = {"type": "time"}
DENTES = sorted(_DENTES, key=int)  # dm_dente, in the odontogram's order


@cache
def motivos_encerramento() -> list[tuple[str, str]]:
    """TUSS 39 (motivo de encerramento do atendimento), code - term."""
    opcoes = []
    for codigo in MOTIVOS_ENCERRAMENTO:
        termos = tiss.dominio.lookup("39", codigo)
        opcoes.append((codigo, f"{codigo} - {termos[0]['termo']}" if termos else codigo))
    return opcoes


CONSELHOS = [
    ("06", "CRM"),
    ("08", "CRO"),
    ("09", "CRP"),
    ("05", "CREFITO"),
    ("02", "COREN"),
    ("03", "CRF"),
    ("04", "CRFA"),
    ("07", "CRN"),
    ("01", "CRAS"),
    ("10", "Outros"),
]
UF_CHOICES = [("", "—")] + [(UF_IBGE[uf], uf) for uf, _ in UFS]


def id_postado(valor: str) -> int:
    """A posted object id (a checkbox or hidden field of a list); 0, which no row has, when it is not one: not
    ASCII-decimal ('²' passes isdigit but not int()) or past bigint. The service then refuses it by name."""
    valor = valor.strip()
    return int(valor) if valor.isascii() and valor.isdecimal() and len(valor) <= 18 else 0


class PassoBeneficiario(forms.Form):
    """1. Numeração da guia e identificação do beneficiário."""

    numero_guia_prestador = forms.CharField(label="Nº guia prestador", max_length=20)
    beneficiario_busca = forms.CharField(
        label="Beneficiário (nome ou carteira)",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    atendimento_rn = forms.BooleanField(label="Atendimento a RN", required=False)
    tipo_identificacao = forms.ChoiceField(
        label="Tipo de identificação do beneficiário", choices=TIPOS_IDENTIFICACAO, required=False
    )
    numero_guia_principal = forms.CharField(
        label="Nº guia referenciada / principal", max_length=20, required=False
    )
    numero_guia_operadora = forms.CharField(label="Nº guia na operadora", max_length=20, required=False)
    senha = forms.CharField(label="Senha da autorização", max_length=20, required=False)
    data_autorizacao = forms.DateField(
        label="Data da autorização", required=False, widget=EntradaData()
    )
    validade_senha = forms.DateField(
        label="Validade da senha", required=False, widget=EntradaData()
    )


class _Profissional(forms.Form):
    """A professional from the register, or typed freely behind the lock (`livre`)."""

    prefixo = ""

    def __init__(self, *args, prestador=None, **kwargs):
        super().__init__(*args, **kwargs)
        campo = self.fields["profissional"]
        assert isinstance(campo, forms.ModelChoiceField)
        campo.queryset = (
            Profissional.objects.filter(prestadores=prestador) if prestador else Profissional.objects.none()
        )

    profissional = forms.ModelChoiceField(
        label="Profissional (cadastro)", queryset=Profissional.objects.none(), required=False
    )
    livre = forms.BooleanField(label="Digitar livremente (fora do cadastro)", required=False)
    nome = forms.CharField(label="Nome do profissional", max_length=70, required=False)
    conselho = forms.ChoiceField(
        label="Conselho profissional", choices=[("", "—"), *CONSELHOS], required=False
    )
    numero = forms.CharField(label="Número registro", max_length=15, required=False)
    uf = forms.ChoiceField(label="UF", choices=UF_CHOICES, required=False)
    cbo = forms.CharField(label="CBO", max_length=6, required=False)

    def clean(self):
        dados = super().clean() or {}
        profissional = dados.get("profissional")
        if profissional and not dados.get("livre"):
            dados.update(
                nome=profissional.nome[:70],
                conselho=profissional.conselho,
                numero=profissional.numero_conselho,
                uf=UF_IBGE.get(profissional.uf_conselho, ""),
                cbo=profissional.cbo,
            )
        elif not (dados.get("nome") or dados.get("numero")):
            return dados
        faltam = [
            rotulo
            for campo, rotulo in (
                ("conselho", "conselho"),
                ("numero", "número"),
                ("uf", "UF"),
                ("cbo", "CBO"),
            )
            if not dados.get(campo)
        ]
        if faltam:
            raise forms.ValidationError(f"Informe {', '.join(faltam)} do profissional.")
        return dados

    def campos_da_guia(self, prefixo: str) -> dict:
        d = self.cleaned_data
        return {
            f"{prefixo}": d.get("profissional") if not d.get("livre") else None,
            f"{prefixo}_nome": d.get("nome", ""),
            f"{prefixo}_conselho": d.get("conselho", ""),
            f"{prefixo}_numero": d.get("numero", ""),
            f"{prefixo}_uf": d.get("uf", ""),
            f"{prefixo}_cbo": d.get("cbo", ""),
        }


class PassoSolicitante(_Profissional):
    """2. Dados do solicitante."""

    telefone = forms.CharField(label="Telefone (com DDD)", max_length=20, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    interlocutor = forms.CharField(label="Nome interlocutor", max_length=70, required=False)
    data_solicitacao = forms.DateField(
        label="Data da solicitação", required=False, widget=EntradaData()
    )
    carater_atendimento = forms.ChoiceField(label="Caráter do atendimento", choices=CARATER, required=False)
    indicacao_clinica = forms.CharField(label="Indicação clínica", max_length=500, required=False)


class PassoExecutante(_Profissional):
    """4. Dados do executante (the contratado executante is always the provider itself)."""


class PassoExecutanteHonorarios(PassoExecutante):
    """4. Honorários: the executing professional plus the local contratado (the hospital where it was done)."""

    local_codigo_na_operadora = forms.CharField(
        label="Local contratado: código na operadora", max_length=14, required=False
    )
    local_cnpj = forms.CharField(
        label="ou CNPJ do local executante", max_length=18, required=False, help_text="Só números."
    )
    local_nome = forms.CharField(label="Nome do local contratado", max_length=70)
    local_cnes = forms.CharField(label="CNES do local contratado", max_length=7)

    def clean_local_cnpj(self):
        return re.sub(r"\D", "", self.cleaned_data.get("local_cnpj") or "")

    def clean_local_cnes(self):
        cnes = (self.cleaned_data.get("local_cnes") or "").strip()
        if not cnes.isdigit() or len(cnes) != 7:
            raise forms.ValidationError("O CNES tem 7 dígitos.")
        return cnes

    def clean(self):
        dados = super().clean() or {}
        if not (dados.get("local_codigo_na_operadora") or dados.get("local_cnpj")):
            self.add_error(
                "local_codigo_na_operadora",
                "Informe o código do local contratado na operadora ou o seu CNPJ.",
            )
        elif dados.get("local_cnpj") and len(dados["local_cnpj"]) != 14:
            self.add_error("local_cnpj", "O CNPJ tem 14 dígitos.")
        return dados


class PassoAtendimento(forms.Form):
    """3. Data of the atendimento (the procedure rows are a formset)."""

    tipo_atendimento = forms.ChoiceField(
        label="Tipo de atendimento", choices=TIPO_ATENDIMENTO, required=False
    )
    tipo_consulta = forms.ChoiceField(label="Tipo de consulta", choices=TIPO_CONSULTA, required=False)
    indicacao_acidente = forms.ChoiceField(label="Indicação de acidente", choices=INDICACAO_ACIDENTE)
    regime_atendimento = forms.ChoiceField(label="Regime de atendimento", choices=REGIME, required=False)
    tipo_faturamento = forms.ChoiceField(
        label="Tipo de faturamento", choices=TIPO_FATURAMENTO, required=False
    )
    tipo_internacao = forms.ChoiceField(label="Tipo de internação", choices=TIPO_INTERNACAO, required=False)
    regime_internacao = forms.ChoiceField(
        label="Regime de internação", choices=REGIME_INTERNACAO, required=False
    )
    carater_atendimento = forms.ChoiceField(label="Caráter do atendimento", choices=CARATER, required=False)
    data_inicio_faturamento = forms.DateField(
        label="Data de início do faturamento", required=False, widget=EntradaData()
    )
    hora_inicio_faturamento = forms.TimeField(
        label="Hora de início do faturamento", required=False, widget=forms.TimeInput(attrs=HORA)
    )
    data_fim = forms.DateField(
        label="Data final / término do tratamento", required=False, widget=EntradaData()
    )
    hora_final_faturamento = forms.TimeField(
        label="Hora final do faturamento", required=False, widget=forms.TimeInput(attrs=HORA)
    )
    diagnostico_1 = forms.CharField(label="CID-10 principal", max_length=5, required=False)
    diagnostico_2 = forms.CharField(label="CID-10 (2)", max_length=5, required=False)
    diagnostico_3 = forms.CharField(label="CID-10 (3)", max_length=5, required=False)
    diagnostico_4 = forms.CharField(label="CID-10 (4)", max_length=5, required=False)
    motivo_encerramento = forms.ChoiceField(
        label="Motivo de encerramento (TUSS 39)", choices=[("", "—")], required=False
    )
    data_emissao_guia = forms.DateField(
        label="Data de emissão da guia", required=False, widget=EntradaData()
    )
    observacao = forms.CharField(
        label="Observação / justificativa", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    OBRIGATORIOS = {
        "3": (
            "carater_atendimento",
            "tipo_faturamento",
            "data_inicio_faturamento",
            "hora_inicio_faturamento",
            "data_fim",
            "hora_final_faturamento",
            "tipo_internacao",
            "regime_internacao",
            "motivo_encerramento",
        ),
        "4": ("carater_atendimento", "data_inicio_faturamento", "data_fim"),
    }

    def __init__(self, *args, tipo: str = "2", **kwargs):
        super().__init__(*args, **kwargs)
        self.tipo = tipo
        if tipo == TipoGuia.ODONTOLOGIA:
            campo = self.fields["tipo_atendimento"]
            assert isinstance(campo, forms.ChoiceField)
            campo.choices = TIPO_ATENDIMENTO_ODONTO
        motivo = self.fields["motivo_encerramento"]
        assert isinstance(motivo, forms.ChoiceField)
        motivo.choices = [("", "—"), *motivos_encerramento()]
        aplicaveis = {
            "1": {"tipo_consulta", "indicacao_acidente", "regime_atendimento", "observacao"},
            "2": {
                "tipo_atendimento",
                "tipo_consulta",
                "indicacao_acidente",
                "regime_atendimento",
                "observacao",
            },
            "3": {
                "carater_atendimento",
                "tipo_faturamento",
                "data_inicio_faturamento",
                "hora_inicio_faturamento",
                "data_fim",
                "hora_final_faturamento",
                "tipo_internacao",
                "regime_internacao",
                "indicacao_acidente",
                "diagnostico_1",
                "diagnostico_2",
                "diagnostico_3",
                "diagnostico_4",
                "motivo_encerramento",
                "observacao",
            },
            "4": {
                "carater_atendimento",
                "data_inicio_faturamento",
                "data_fim",
                "data_emissao_guia",
                "observacao",
            },
            "5": {"tipo_atendimento", "tipo_faturamento", "data_fim", "indicacao_acidente", "observacao"},
        }[tipo]
        for nome in list(self.fields):
            if nome not in aplicaveis:
                del self.fields[nome]
        for nome in self.OBRIGATORIOS.get(tipo, ()):
            self.fields[nome].required = True
        if tipo in ("3", "4"):
            self.fields["data_fim"].label = "Data final do faturamento"

    def clean(self):
        dados = super().clean() or {}
        inicio, fim = dados.get("data_inicio_faturamento"), dados.get("data_fim")
        if self.tipo in ("3", "4") and inicio and fim:
            if fim < inicio:
                self.add_error("data_fim", "A data final do faturamento é anterior à de início.")
            elif (
                fim == inicio
                and dados.get("hora_inicio_faturamento")
                and dados.get("hora_final_faturamento")
                and dados["hora_final_faturamento"] < dados["hora_inicio_faturamento"]
            ):
                self.add_error("hora_final_faturamento", "A hora final é anterior à de início no mesmo dia.")
        if "diagnostico_1" in self.fields:
            cids = []
            for n in range(1, 5):
                try:
                    cid = campo_cid(dados.get(f"diagnostico_{n}", ""), f"CID-10 ({n})")
                except forms.ValidationError as erro:
                    self.add_error(f"diagnostico_{n}", erro)
                    continue
                if cid:
                    cids.append(cid)
            dados["diagnosticos"] = cids
        return dados

    def campos_da_guia(self) -> dict:
        """cleaned_data as Guia fields (the billed period's first day is the guide's data_atendimento)."""
        dados = {k: v for k, v in self.cleaned_data.items() if not k.startswith("diagnostico_")}
        if "data_inicio_faturamento" in dados:
            dados["data_atendimento"] = dados.pop("data_inicio_faturamento")
        return dados


class DeclaracaoForm(forms.Form):
    """One `declaracoes` row of the resumo de internação (up to 8): nascido vivo or óbito."""

    declaracao_nascido = forms.CharField(label="Declaração de nascido vivo", max_length=11, required=False)
    diagnostico_obito = forms.CharField(label="CID do óbito", max_length=5, required=False)
    declaracao_obito = forms.CharField(label="Declaração de óbito", max_length=11, required=False)
    indicador_dorn = forms.ChoiceField(
        label="Óbito de RN (DORN)", choices=[("", "—"), ("S", "Sim"), ("N", "Não")], required=False
    )

    def clean(self):
        dados = super().clean() or {}
        for campo in ("declaracao_nascido", "declaracao_obito"):
            valor = (dados.get(campo) or "").strip()
            if valor and not DECLARACAO.match(valor):
                self.add_error(campo, "Só letras e números, até 11 caracteres.")
            dados[campo] = valor
        try:
            dados["diagnostico_obito"] = campo_cid(dados.get("diagnostico_obito", ""), "CID do óbito")
        except forms.ValidationError as erro:
            self.add_error("diagnostico_obito", erro)
        if dados.get("declaracao_obito") and not dados.get("diagnostico_obito"):
            self.add_error("diagnostico_obito", "Informe o CID do óbito da declaração de óbito.")
        return dados


DeclaracoesFormSet = formset_factory(DeclaracaoForm, extra=1, max_num=8, validate_max=True)


class ItemForm(forms.Form):
    tabela = forms.ChoiceField(
        label="Tabela", choices=[("22", "22"), ("18", "18"), ("19", "19"), ("20", "20")], initial="22"
    )
    codigo = forms.CharField(
        label="Procedimento / item (código TUSS)",
        max_length=10,
        widget=forms.TextInput(attrs={"list": "tuss-opcoes", "autocomplete": "off"}),
    )
    descricao = forms.CharField(label="Descrição", max_length=150, required=False)
    quantidade = CampoDecimal(
        label="Quantidade", min_value=Decimal("0.0001"), max_digits=12, decimal_places=4, initial=1
    )
    data_execucao = forms.DateField(label="Data de realização", widget=EntradaData())
    valor_unitario = CampoDecimal(
        label="Valor unitário informado",
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text="Em branco: o valor negociado (preço contratado).",
    )
    reducao_acrescimo = CampoDecimal(  # TISS st_decimal3-2: a factor from 0,01 to 9,99
        label="Redução/acréscimo",
        min_value=Decimal("0.01"),
        max_value=Decimal("9.99"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("1.00"),
        required=False,
    )
    dente = forms.CharField(label="Dente", max_length=4, required=False)
    regiao = forms.CharField(label="Região", max_length=4, required=False)
    face = forms.CharField(label="Face", max_length=5, required=False)
    # Odontological guide only (GTO `qtdUS`, st_decimal7-2, and `valorFranquia`, st_decimal10-2); optional.
    qtd_us = CampoDecimal(
        label="Qtde US",
        min_value=Decimal("0"),
        max_digits=7,
        decimal_places=2,
        required=False,
        error_messages={
            "invalid": "Informe a quantidade de US como um número (ex.: 1.50).",
            "min_value": "A quantidade de US não pode ser negativa.",
            "max_digits": "A quantidade de US vai até 99999,99 (padrão TISS).",
            "max_whole_digits": "A quantidade de US vai até 99999,99 (padrão TISS).",
            "max_decimal_places": "A quantidade de US tem no máximo 2 casas decimais.",
        },
    )
    valor_franquia = CampoDecimal(
        label="Franquia",
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        required=False,
        error_messages={
            "invalid": "Informe o valor da franquia como um número (ex.: 10.00).",
            "min_value": "O valor da franquia não pode ser negativo.",
            "max_digits": "O valor da franquia vai até 99.999.999,99 (padrão TISS).",
            "max_whole_digits": "O valor da franquia vai até 99.999.999,99 (padrão TISS).",
            "max_decimal_places": "O valor da franquia tem no máximo 2 casas decimais (centavos).",
        },
    )
    grau_participacao = forms.ChoiceField(
        label="Grau de participação", choices=[("", "—"), *GRAU_PARTICIPACAO], required=False
    )


class DespesaForm(forms.Form):
    codigo_despesa = forms.ChoiceField(label="Tipo", choices=[("", "— escolha —"), *OutraDespesa.Codigo.choices])
    tabela = forms.ChoiceField(
        label="Tabela", choices=[("19", "19"), ("20", "20"), ("18", "18"), ("00", "00")], initial="19"
    )
    codigo = forms.CharField(label="Código", max_length=10)
    descricao = forms.CharField(label="Descrição", max_length=150)
    quantidade = CampoDecimal(
        label="Quantidade", min_value=Decimal("0.0001"), max_digits=12, decimal_places=4
    )
    unidade_medida = forms.CharField(label="Unidade (TUSS 60)", max_length=3, initial="036")
    data_execucao = forms.DateField(label="Data", widget=EntradaData())
    valor_unitario = CampoDecimal(
        label="Valor unitário",
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text="Em branco: o valor negociado do código.",
    )
    registro_anvisa = forms.CharField(label="Registro ANVISA (OPME)", max_length=15, required=False)
    codigo_ref_fabricante = forms.CharField(label="Ref. fabricante (OPME)", max_length=60, required=False)
    autorizacao_funcionamento = forms.CharField(
        label="Autorização de funcionamento (OPME)", max_length=30, required=False
    )


class MembroEquipeForm(_Profissional):
    """A member of a procedure's team (SP/SADT `equipeSadt`, internação `identEquipe`, honorários
    `profissionais`): the procedure's row number, the grau de participação and the professional — from the register
    or typed freely behind the lock, as in steps 2 and 4."""

    item = forms.IntegerField(label="Procedimento nº", min_value=1, max_value=99)
    grau_participacao = forms.ChoiceField(label="Grau de participação", choices=GRAU_PARTICIPACAO)

    field_order = ["item", "grau_participacao", "profissional", "livre", "nome", "conselho", "numero", "uf", "cbo"]

    def clean(self):
        dados = super().clean() or {}
        if not self.errors and not (dados.get("nome") and dados.get("numero")):
            raise forms.ValidationError(
                "Escolha o profissional do cadastro ou digite nome, conselho, número, UF e CBO."
            )
        return dados


class _Procedimentos(forms.BaseFormSet):
    """The procedure rows: a row (saved or new) marked "Remover" is left out on Próximo, as an outra despesa is;
    whether the guide may be left without procedures is the service's rule (`services.definir_itens`)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if index is not None:  # the box sits in the row's "Remover" column: its name says which row
            form.fields["DELETE"].widget.attrs["aria-label"] = f"Remover o procedimento nº {index + 1}"


ItensFormSet = formset_factory(ItemForm, formset=_Procedimentos, extra=0, min_num=1, max_num=99, can_delete=True)
EquipeFormSet = formset_factory(MembroEquipeForm, extra=0, can_delete=True, max_num=99, validate_max=True)
DespesasFormSet = formset_factory(DespesaForm, extra=0, can_delete=True, max_num=99)


def total_de_linhas(dados: Any, prefixo: str, *, ausente: int | None = None) -> int | None:
    """The TOTAL_FORMS of a formset's management form; None when it is not a number (a tampered post: the row is
    not added and the formset itself reports the management form as invalid)."""
    valor = dados.get(f"{prefixo}-TOTAL_FORMS")
    if valor is None:
        return ausente
    return int(valor) if valor.isascii() and valor.isdecimal() and len(valor) <= 4 else None


def linhas_como_digitadas(conjunto: Any, classe: Any, prefixo: str, nova: dict[str, Any] | None) -> Any:
    """The rows of a posted formset shown again as typed, plus `nova` (an empty row with its defaults), without
    validating them: including a row is not saving, so no row is marked in error. A tampered management form keeps
    the posted formset, which reports it."""
    if not conjunto.management_form.is_valid():
        return conjunto
    linhas = [{nome: f[nome].value() for nome in f.fields} for f in conjunto.forms]
    return classe(initial=linhas + ([nova] if nova is not None else []), prefix=prefixo)


def padroes(classe: Any) -> dict[str, Any]:
    """A form's fields' defaults (the values of a new empty row)."""
    return {nome: campo.initial for nome, campo in classe.base_fields.items() if campo.initial is not None}


def linha_mantida(dados: dict[str, Any]) -> bool:
    """A formset row that was filled and not marked for removal."""
    return bool(dados) and not dados.get("DELETE")


def despesa_digitada(dados: dict[str, Any]) -> DespesaDigitada:
    return DespesaDigitada(**{k: v for k, v in dados.items() if k != "DELETE"})


def despesas_iniciais(guia: Guia) -> list[dict[str, Any]]:
    """The guide's outras despesas as a DespesasFormSet's initial rows."""
    return [
        {
            "codigo_despesa": d.codigo_despesa,
            "tabela": d.tabela,
            "codigo": d.codigo,
            "descricao": d.descricao,
            "quantidade": d.quantidade,
            "unidade_medida": d.unidade_medida,
            "data_execucao": d.data_execucao,
            "valor_unitario": d.valor_unitario,
            "registro_anvisa": d.registro_anvisa,
            "codigo_ref_fabricante": d.codigo_ref_fabricante,
            "autorizacao_funcionamento": d.autorizacao_funcionamento,
        }
        for d in guia.outras_despesas.all()
    ]


class DocumentoForm(forms.Form):
    """A document for the guide or lote of the page it is on (step 5 of the wizard, the lote page)."""

    arquivo = forms.FileField(label="Documento (PDF, imagem ou XML)")
    tipo_documento = forms.CharField(
        label="Tipo de documento",
        max_length=40,
        required=False,
        help_text="Ex.: Situação inicial, laudo, pedido médico, assinatura.",
    )
    observacao = forms.CharField(label="Observação", max_length=500, required=False)


class DocumentoDaGuiaForm(DocumentoForm):
    """'Documentos anexos': a document for a saved or sent guide named by its number."""

    guia = forms.CharField(label="Nº da guia no prestador", max_length=20, required=False)
    field_order = ["guia", "arquivo", "tipo_documento", "observacao"]


class NovoLoteForm(forms.Form):
    tipo_guia = forms.ChoiceField(label="Tipo de guia", choices=TipoGuia.choices)


class FiltroLotesForm(forms.Form):
    numero = forms.CharField(label="Nº lote", required=False)
    protocolo = forms.CharField(label="Protocolo", required=False)
    tipo = forms.ChoiceField(label="Tipo de guia", choices=[("", "Todos"), *TipoGuia.choices], required=False)
    situacao_protocolo = forms.ChoiceField(
        label="Situação do protocolo",
        required=False,
        choices=[("", "Todas"), ("nao_enviado", "Não enviado"), *Protocolo.Situacao.choices],
    )
    inicio = forms.DateField(label="Período de registros", required=False, widget=EntradaData())
    fim = forms.DateField(label="Até", required=False, widget=EntradaData())

    def clean(self):
        dados = super().clean() or {}
        if dados.get("inicio") and dados.get("fim") and dados["fim"] < dados["inicio"]:
            self.add_error("fim", "O fim do período é anterior ao início.")
        return dados


class FiltroGuiasForm(forms.Form):
    texto = forms.CharField(label="Nº guia, senha, carteira ou nome", required=False)
    tipo = forms.ChoiceField(label="Tipo", choices=[("", "Todos"), *TipoGuia.choices], required=False)
    situacao = forms.ChoiceField(
        label="Situação", choices=[("", "Todas"), *Guia.Situacao.choices], required=False
    )
    inicio = forms.DateField(label="Atendimento de", required=False, widget=EntradaData())
    fim = forms.DateField(label="até", required=False, widget=EntradaData())

    def clean(self):
        dados = super().clean() or {}
        if dados.get("inicio") and dados.get("fim") and dados["fim"] < dados["inicio"]:
            self.add_error("fim", "O fim do período é anterior ao início.")
        return dados


class ArquivosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ArquivosField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", ArquivosInput(attrs={"accept": ".xml"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        arquivos = data if isinstance(data, list | tuple) else [data] if data else []
        if not arquivos:
            raise forms.ValidationError("Escolha ao menos um arquivo XML.")
        if len(arquivos) > 20:
            raise forms.ValidationError("Envie no máximo 20 arquivos por vez.")
        return [super(ArquivosField, self).clean(arquivo, initial) for arquivo in arquivos]


class UploadXmlForm(forms.Form):
    arquivos = ArquivosField(label="Arquivos XML (ENVIO_LOTE_GUIAS)")


class GerarFaturamentoForm(forms.Form):
    data_final = forms.DateField(label="Dt. final", widget=EntradaData())


class FiltroFaturamentosForm(forms.Form):
    """Seed 003 §2 'Faturamento dos Atendimentos': Dt. Inicial, Dt. Final, Login and situação, then Pesquisar."""

    inicio = forms.DateField(label="Dt. inicial", required=False, widget=EntradaData())
    fim = forms.DateField(label="Dt. final", required=False, widget=EntradaData())
    login = forms.CharField(label="Login", required=False, max_length=150)
    situacao = forms.ChoiceField(
        label="Situação", required=False, choices=[("", "Todas"), *FaturamentoAutomatico.Situacao.choices]
    )

    def clean(self):
        dados = super().clean() or {}
        inicio, fim = dados.get("inicio"), dados.get("fim")
        if inicio and fim and inicio > fim:
            self.add_error("fim", "A Dt. final deve ser igual ou posterior à Dt. inicial.")
        return dados


class _OrdenacaoField(forms.ChoiceField):
    """An unknown ordering (an old link, a hand-typed URL) is the default order: it must not drop the filters
    that come with it, as an invalid form would."""

    def to_python(self, value):
        valor = super().to_python(value)
        return valor if self.valid_value(valor) else ""


class FiltroConferenciaForm(forms.Form):
    ordenacao = _OrdenacaoField(label="Ordenação", required=False, choices=OrdemDaConferencia.choices)
    beneficiario = forms.CharField(label="Beneficiário", required=False)
    senha = forms.CharField(label="Senha/Guia", required=False)
    medico = forms.CharField(label="Méd. exec.", required=False)
    estados = forms.MultipleChoiceField(
        label="Mostrar",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("conferido", "Conferidos"),
            ("nao_conferido", "Não conferidos"),
            ("removido", "Removidos"),
            ("nao_confirmado", "Não confirmados"),
        ],
    )


class AjusteInternacaoForm(forms.Form):
    """Conference of automatic billing: what a resumo de internação needs and the authorization does not hold."""

    guia = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    hora_inicio_faturamento = forms.TimeField(label="Hora de início", widget=forms.TimeInput(attrs=HORA))
    hora_final_faturamento = forms.TimeField(label="Hora final", widget=forms.TimeInput(attrs=HORA))
    motivo_encerramento = forms.ChoiceField(label="Motivo de encerramento (TUSS 39)", choices=[("", "—")])
    tipo_internacao = forms.ChoiceField(label="Tipo de internação", choices=TIPO_INTERNACAO)
    regime_internacao = forms.ChoiceField(label="Regime de internação", choices=REGIME_INTERNACAO)
    diagnostico = forms.CharField(label="CID-10 principal", max_length=5, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        motivo = self.fields["motivo_encerramento"]
        assert isinstance(motivo, forms.ChoiceField)
        motivo.choices = [("", "—"), *motivos_encerramento()]

    def clean_diagnostico(self):
        return campo_cid(self.cleaned_data.get("diagnostico", ""), "CID-10")


class NotaFiscalForm(forms.Form):
    arquivo = forms.FileField(label="Nota fiscal (PDF ou XML)")
    numero = forms.CharField(label="Nº da NF", max_length=20)
    data_emissao = forms.DateField(label="Emissão", widget=EntradaData())
    valor = CampoDecimal(label="Valor (R$)", min_value=Decimal("0.01"), max_digits=14, decimal_places=2)
    protocolo = forms.CharField(label="Protocolo (PEG)", required=False)
    competencia = forms.CharField(label="ou competência (mm/aaaa)", required=False, max_length=7)

    def clean_competencia(self):
        texto = self.cleaned_data["competencia"].strip()
        if not texto:
            return None
        try:
            mes, ano = texto.split("/")
            return datetime.date(int(ano), int(mes), 1)
        except ValueError:
            raise forms.ValidationError("Competência no formato mm/aaaa.") from None


def sigla_uf(codigo: str) -> str:
    return UF_SIGLA.get(codigo, codigo)


# --- clinical annexes (step 5) ---------------------------------------------------------------------------
# The fields of the TISS annexes (ctm_anexoSolicitacaoOPME / Quimio / Radio of an SP/SADT guide,
# cto_anexoSituacaoInicial of an odontological one), kept structured in `AnexoGuia.dados`. In TISS they travel in
# the ENVIO_ANEXO transaction (`loteAnexos`): `conversao.lote_anexos_tiss` types each one and
# `mensagens_tiss.envio_anexo_xml` exports it (age and sex come from the beneficiário's register); the situação
# inicial also goes inside the GTO (`odontoInicial`). The OPME billed goes as outras despesas, code 08, in the guide.
# The OPME, quimioterapia and radioterapia forms are shared with the authorization request: they live in
# `authorizations.anexos_clinicos`.

# dm_condicaoClinica (the XSD's domain of the situação inicial) and st_logico.
CONDICAO_CLINICA = [
    ("A", "A - Ausente"),
    ("E", "E - Extração indicada"),
    ("H", "H - Hígido"),
    ("C", "C - Cariado"),
    ("R", "R - Restaurado"),
]
SIM_NAO_LOGICO = [("false", "Não"), ("true", "Sim")]


class AnexoSituacaoInicialForm(FormularioDeAnexo):
    """Situação inicial (odontograma) of a tratamento odontológico guide (seed 004, step 5): periodontal disease,
    soft-tissue change, observation, and one tooth with its condição clínica per submission (appended)."""

    doenca_periodontal = forms.ChoiceField(
        label="Doença periodontal",
        choices=SIM_NAO_LOGICO,
        error_messages={"required": "Informe se há doença periodontal."},
    )
    alteracao_tecido_mole = forms.ChoiceField(
        label="Alteração de tecido mole",
        choices=SIM_NAO_LOGICO,
        error_messages={"required": "Informe se há alteração de tecido mole."},
    )
    observacao = forms.CharField(
        label="Observação", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    elemento_dentario = forms.ChoiceField(
        label="Dente (elemento dentário)",
        choices=[("", "—"), *((d, d) for d in DENTES)],
        error_messages={
            "required": "Escolha o dente.",
            "invalid_choice": "%(value)s não é um dente da tabela TISS.",
        },
    )
    condicao_clinica = forms.ChoiceField(
        label="Condição clínica",
        choices=[("", "—"), *CONDICAO_CLINICA],
        error_messages={
            "required": "Escolha a condição clínica do dente.",
            "invalid_choice": "%(value)s não é uma condição clínica da tabela TISS (A, E, H, C ou R).",
        },
    )

    ITEM = ("elemento_dentario", "condicao_clinica")


FORMS_ANEXO: dict[str, type[FormularioDeAnexo]] = {**FORMS_ANEXO_CLINICO, "situacao_inicial": AnexoSituacaoInicialForm}


# --- back office -----------------------------------------------------------------------------------------


class FiltroProtocolosRetaguardaForm(forms.Form):
    """/operadora/protocolos/: staff may serve several operadoras (all by default)."""

    operadora = forms.ModelChoiceField(
        label="Operadora", queryset=Operadora.objects.none(), required=False, empty_label="Todas"
    )
    prestador = forms.CharField(label="Prestador (nome ou CPF/CNPJ)", max_length=100, required=False)
    lote = forms.CharField(label="Nº lote", max_length=12, required=False)
    protocolo = forms.CharField(label="Protocolo", max_length=12, required=False)
    tipo = forms.ChoiceField(label="Tipo de guia", choices=[("", "Todos"), *TipoGuia.choices], required=False)
    situacao = forms.ChoiceField(
        label="Situação do protocolo", choices=[("", "Todas"), *Protocolo.Situacao.choices], required=False
    )
    inicio = forms.DateField(label="Recebidos de", required=False, widget=EntradaData())
    fim = forms.DateField(label="até", required=False, widget=EntradaData())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        campo = self.fields["operadora"]
        assert isinstance(campo, forms.ModelChoiceField)
        campo.queryset = Operadora.objects.order_by("nome_fantasia")

    def clean(self):
        dados = super().clean() or {}
        if dados.get("inicio") and dados.get("fim") and dados["fim"] < dados["inicio"]:
            self.add_error("fim", "O fim do período é anterior ao início.")
        return dados
