"""Forms of the billing pages: they parse and clean input only; the rules live in `regras`/`services`."""

import datetime
from decimal import Decimal

from django import forms
from django.forms import formset_factory

from operadora.registry.models import UFS, Profissional

from .conversao import UF_IBGE, UF_SIGLA
from .models import Guia, OutraDespesa, Protocolo, TipoGuia

DATA = {"type": "date"}

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
        label="Data da autorização", required=False, widget=forms.DateInput(attrs=DATA)
    )
    validade_senha = forms.DateField(
        label="Validade da senha", required=False, widget=forms.DateInput(attrs=DATA)
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
        label="Data da solicitação", required=False, widget=forms.DateInput(attrs=DATA)
    )
    carater_atendimento = forms.ChoiceField(label="Caráter do atendimento", choices=CARATER, required=False)
    indicacao_clinica = forms.CharField(label="Indicação clínica", max_length=500, required=False)


class PassoExecutante(_Profissional):
    """4. Dados do executante (the contratado executante is always the provider itself)."""


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
    data_fim = forms.DateField(
        label="Data final / término do tratamento", required=False, widget=forms.DateInput(attrs=DATA)
    )
    observacao = forms.CharField(
        label="Observação / justificativa", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, tipo: str = "2", **kwargs):
        super().__init__(*args, **kwargs)
        if tipo == TipoGuia.ODONTOLOGIA:
            campo = self.fields["tipo_atendimento"]
            assert isinstance(campo, forms.ChoiceField)
            campo.choices = TIPO_ATENDIMENTO_ODONTO
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
                "tipo_faturamento",
                "tipo_internacao",
                "regime_internacao",
                "indicacao_acidente",
                "data_fim",
                "observacao",
            },
            "4": {"data_fim", "indicacao_acidente", "observacao"},
            "5": {"tipo_atendimento", "tipo_faturamento", "data_fim", "indicacao_acidente", "observacao"},
        }[tipo]
        for nome in list(self.fields):
            if nome not in aplicaveis:
                del self.fields[nome]


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
    quantidade = forms.DecimalField(
        label="Quantidade", min_value=Decimal("0.0001"), max_digits=12, decimal_places=4, initial=1
    )
    data_execucao = forms.DateField(label="Data de realização", widget=forms.DateInput(attrs=DATA))
    valor_unitario = forms.DecimalField(
        label="Valor unitário informado",
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text="Em branco: o valor negociado (preço contratado).",
    )
    reducao_acrescimo = forms.DecimalField(
        label="Redução/acréscimo", max_digits=5, decimal_places=2, initial=Decimal("1.00"), required=False
    )
    dente = forms.CharField(label="Dente", max_length=4, required=False)
    regiao = forms.CharField(label="Região", max_length=4, required=False)
    face = forms.CharField(label="Face", max_length=5, required=False)


class DespesaForm(forms.Form):
    codigo_despesa = forms.ChoiceField(label="Tipo", choices=OutraDespesa.Codigo.choices)
    tabela = forms.ChoiceField(
        label="Tabela", choices=[("19", "19"), ("20", "20"), ("18", "18"), ("00", "00")]
    )
    codigo = forms.CharField(label="Código", max_length=10)
    descricao = forms.CharField(label="Descrição", max_length=150)
    quantidade = forms.DecimalField(
        label="Quantidade", min_value=Decimal("0.0001"), max_digits=12, decimal_places=4
    )
    unidade_medida = forms.CharField(label="Unidade (TUSS 60)", max_length=3, initial="036")
    data_execucao = forms.DateField(label="Data", widget=forms.DateInput(attrs=DATA))
    valor_unitario = forms.DecimalField(
        label="Valor unitário", min_value=Decimal("0"), max_digits=14, decimal_places=2
    )
    registro_anvisa = forms.CharField(label="Registro ANVISA (OPME)", max_length=15, required=False)
    codigo_ref_fabricante = forms.CharField(label="Ref. fabricante (OPME)", max_length=60, required=False)


ItensFormSet = formset_factory(ItemForm, extra=0, min_num=1, validate_min=True, max_num=99)
DespesasFormSet = formset_factory(DespesaForm, extra=0, max_num=99)


class DocumentoForm(forms.Form):
    arquivo = forms.FileField(label="Documento (PDF, imagem ou XML)")
    tipo_documento = forms.CharField(
        label="Tipo de documento",
        max_length=40,
        required=False,
        help_text="Ex.: Situação inicial, laudo, pedido médico, assinatura.",
    )
    observacao = forms.CharField(label="Observação", max_length=500, required=False)


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
    inicio = forms.DateField(label="Período de registros", required=False, widget=forms.DateInput(attrs=DATA))
    fim = forms.DateField(label="Até", required=False, widget=forms.DateInput(attrs=DATA))


class FiltroGuiasForm(forms.Form):
    texto = forms.CharField(label="Nº guia, senha, carteira ou nome", required=False)
    tipo = forms.ChoiceField(label="Tipo", choices=[("", "Todos"), *TipoGuia.choices], required=False)
    situacao = forms.ChoiceField(
        label="Situação", choices=[("", "Todas"), *Guia.Situacao.choices], required=False
    )
    inicio = forms.DateField(label="Atendimento de", required=False, widget=forms.DateInput(attrs=DATA))
    fim = forms.DateField(label="até", required=False, widget=forms.DateInput(attrs=DATA))


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
    data_final = forms.DateField(label="Dt. final", widget=forms.DateInput(attrs=DATA))


class FiltroConferenciaForm(forms.Form):
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


class NotaFiscalForm(forms.Form):
    arquivo = forms.FileField(label="Nota fiscal (PDF ou XML)")
    numero = forms.CharField(label="Nº da NF", max_length=20)
    data_emissao = forms.DateField(label="Emissão", widget=forms.DateInput(attrs=DATA))
    valor = forms.DecimalField(label="Valor (R$)", min_value=Decimal("0.01"), max_digits=14, decimal_places=2)
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
