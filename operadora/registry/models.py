"""The operator's register: operadoras and their policies, prestadores and their credentialing, profissionais,
plans with coverage/carência/coparticipação per procedure group, contracts, beneficiaries, contracted prices,
and the TUSS/TISS terminology tables loaded from the `tiss` package."""

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from operadora.core import documentos
from operadora.core.campos import DocumentoField
from operadora.core.models import ModeloComDatas

UFS = [
    (uf, uf)
    for uf in (
        ["AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA", "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO"]
    )
]

VERSOES_TISS = [("4.01.00", "4.01.00"), ("4.02.00", "4.02.00"), ("4.03.00", "4.03.00")]


def _versoes_padrao() -> list[str]:
    return ["4.03.00"]


class Operadora(ModeloComDatas):
    class PoliticaHash(models.TextChoices):
        ACEITAR_AMBOS = "aceitar_ambos", "Aceitar hash em ISO-8859-1 ou UTF-8"
        ISO_8859_1_ESTRITO = "iso_8859_1_estrito", "Exigir hash em ISO-8859-1 (manual TISS)"

    class CodificacaoHash(models.TextChoices):
        ISO_8859_1 = "iso-8859-1", "ISO-8859-1"
        UTF_8 = "utf-8", "UTF-8"

    registro_ans = models.CharField(
        "registro ANS", max_length=6, unique=True, validators=[documentos.validador_registro_ans]
    )
    cnpj = DocumentoField("CNPJ", max_length=14, unique=True, validators=[documentos.validador_cnpj])
    razao_social = models.CharField("razão social", max_length=200)
    nome_fantasia = models.CharField("nome fantasia", max_length=120)
    uf = models.CharField("UF da sede", max_length=2, choices=UFS, help_text="Define os feriados estaduais.")
    ativa = models.BooleanField("ativa", default=True)

    # Policies (ANS defaults; each editable by an administrator).
    prazo_faturamento_dias = models.PositiveSmallIntegerField(
        "prazo de faturamento (dias)", default=90, validators=[MinValueValidator(1)]
    )
    validade_autorizacao_dias = models.PositiveSmallIntegerField(
        "validade da autorização (dias)", default=90, validators=[MinValueValidator(1)]
    )
    prazo_recurso_dias = models.PositiveSmallIntegerField(
        "prazo para recurso de glosa (dias)", default=90, validators=[MinValueValidator(1)]
    )
    max_guias_lote = models.PositiveSmallIntegerField(
        "máximo de guias por lote", default=100, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    versoes_tiss_aceitas = models.JSONField("versões TISS aceitas", default=_versoes_padrao)
    politica_hash = models.CharField(
        "hash do epílogo", max_length=20, choices=PoliticaHash.choices, default=PoliticaHash.ACEITAR_AMBOS
    )
    codificacao_hash_envio = models.CharField(
        "codificação do hash nas mensagens enviadas",
        max_length=10,
        choices=CodificacaoHash.choices,
        default=CodificacaoHash.ISO_8859_1,
    )
    tamanho_max_xml_mb = models.PositiveSmallIntegerField(
        "tamanho máximo de arquivo XML (MB)", default=20, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )

    class Meta:
        verbose_name = "operadora"
        verbose_name_plural = "operadoras"
        ordering = ["nome_fantasia"]

    def __str__(self) -> str:
        return f"{self.nome_fantasia} ({self.registro_ans})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        validas = {v for v, _ in VERSOES_TISS}
        if not self.versoes_tiss_aceitas or not set(self.versoes_tiss_aceitas) <= validas:
            raise ValidationError(
                {"versoes_tiss_aceitas": f"Informe uma ou mais versões entre: {', '.join(sorted(validas))}."}
            )


class Endereco(models.Model):
    logradouro = models.CharField("logradouro", max_length=200, blank=True)
    numero = models.CharField("número", max_length=20, blank=True)
    complemento = models.CharField("complemento", max_length=100, blank=True)
    bairro = models.CharField("bairro", max_length=100, blank=True)
    municipio = models.CharField("município", max_length=100, blank=True)
    codigo_ibge = models.CharField("código IBGE do município", max_length=7, blank=True)
    uf = models.CharField("UF", max_length=2, choices=UFS, blank=True)
    cep = models.CharField("CEP", max_length=8, blank=True)

    class Meta:
        abstract = True


class Prestador(ModeloComDatas, Endereco):
    class TipoPessoa(models.TextChoices):
        FISICA = "F", "Pessoa física"
        JURIDICA = "J", "Pessoa jurídica"

    class Tipo(models.TextChoices):
        HOSPITAL = "hospital", "Hospital"
        CLINICA = "clinica", "Clínica"
        LABORATORIO = "laboratorio", "Laboratório / SADT"
        CLINICA_ODONTOLOGICA = "clinica_odontologica", "Clínica odontológica"
        PROFISSIONAL = "profissional", "Profissional (consultório)"

    tipo_pessoa = models.CharField("tipo de pessoa", max_length=1, choices=TipoPessoa.choices)
    cpf_cnpj = DocumentoField("CPF/CNPJ", max_length=14, unique=True)
    nome = models.CharField("nome / razão social", max_length=200)
    nome_fantasia = models.CharField("nome fantasia", max_length=120, blank=True)
    tipo = models.CharField("tipo de prestador", max_length=30, choices=Tipo.choices)
    cnes = models.CharField(
        "CNES", max_length=7, blank=True, validators=[documentos.validador_cnes],
        help_text="Cadastro Nacional de Estabelecimentos de Saúde: 7 dígitos.",
    )
    email = models.EmailField("e-mail", blank=True)
    telefone = models.CharField("telefone", max_length=20, blank=True)
    banco = models.CharField("banco", max_length=3, blank=True, help_text="Código de compensação (3 dígitos).")
    agencia = models.CharField("agência", max_length=5, blank=True)
    agencia_dv = models.CharField("DV da agência", max_length=1, blank=True)
    conta = models.CharField("conta", max_length=12, blank=True)
    conta_dv = models.CharField("DV da conta", max_length=2, blank=True)

    class Meta:
        verbose_name = "prestador"
        verbose_name_plural = "prestadores"
        ordering = ["nome"]

    def __str__(self) -> str:
        return self.nome_fantasia or self.nome

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        try:
            if self.tipo_pessoa == self.TipoPessoa.FISICA:
                self.cpf_cnpj = documentos.validar_cpf(self.cpf_cnpj)
            else:
                self.cpf_cnpj = documentos.validar_cnpj(self.cpf_cnpj)
        except ValidationError as erro:
            raise ValidationError({"cpf_cnpj": erro.messages}) from erro


class Credenciamento(ModeloComDatas):
    """A prestador's contract with one operadora (the same prestador may serve several)."""

    class TipoRede(models.TextChoices):
        PROPRIA = "propria", "Rede própria"
        CREDENCIADA = "credenciada", "Rede credenciada"
        REFERENCIADA = "referenciada", "Rede referenciada"
        COOPERADA = "cooperada", "Cooperado"

    class Situacao(models.TextChoices):
        ATIVO = "ativo", "Ativo"
        SUSPENSO = "suspenso", "Suspenso"
        DESCREDENCIADO = "descredenciado", "Descredenciado"

    operadora = models.ForeignKey(Operadora, on_delete=models.PROTECT, related_name="credenciamentos")
    prestador = models.ForeignKey(Prestador, on_delete=models.PROTECT, related_name="credenciamentos")
    codigo_na_operadora = models.CharField("código na operadora", max_length=14)
    tipo_rede = models.CharField("tipo de rede", max_length=20, choices=TipoRede.choices)
    situacao = models.CharField("situação", max_length=20, choices=Situacao.choices, default=Situacao.ATIVO)
    data_inicio = models.DateField("início")
    data_fim = models.DateField("fim", null=True, blank=True)

    class Meta:
        verbose_name = "credenciamento"
        verbose_name_plural = "credenciamentos"
        constraints = [
            models.UniqueConstraint(fields=["operadora", "prestador"], name="credenciamento_unico"),
            models.UniqueConstraint(fields=["operadora", "codigo_na_operadora"], name="codigo_prestador_unico"),
        ]

    def __str__(self) -> str:
        return f"{self.prestador} em {self.operadora} ({self.codigo_na_operadora})"

    def vigente_em(self, data: datetime.date) -> bool:
        return (
            self.situacao == self.Situacao.ATIVO
            and self.data_inicio <= data
            and (self.data_fim is None or data <= self.data_fim)
        )


class TermoTUSS(models.Model):
    """A term of a TUSS table (18, 19, 20, 22) or of a TISS domain table (23, 24, 26, 38, …).

    Loaded and refreshed by `operadora tuss carregar`; `busca` is the term folded for accent- and case-insensitive
    search (trigram index on PostgreSQL)."""

    tabela = models.CharField("tabela", max_length=3)
    codigo = models.CharField("código", max_length=20)
    termo = models.CharField("termo", max_length=1000)
    descricao = models.TextField("descrição", blank=True)
    vigencia_inicio = models.DateField("início de vigência", null=True, blank=True)
    vigencia_fim = models.DateField("fim de vigência", null=True, blank=True)
    busca = models.CharField("texto de busca", max_length=1100, editable=False)
    extras = models.JSONField("atributos", default=dict, blank=True)

    class Meta:
        verbose_name = "termo TUSS/TISS"
        verbose_name_plural = "termos TUSS/TISS"
        ordering = ["tabela", "codigo"]
        constraints = [
            models.UniqueConstraint(fields=["tabela", "codigo", "vigencia_inicio"], name="termo_tuss_unico"),
        ]
        indexes = [models.Index(fields=["codigo", "tabela"], name="termo_tuss_codigo_idx")]

    def __str__(self) -> str:
        return f"{self.tabela}/{self.codigo} - {self.termo}"


class GrupoProcedimento(models.Model):
    """A group of TUSS 22 procedures (by code prefix) to which plans attach coverage, carência and limits."""

    class Segmentacao(models.TextChoices):
        AMBULATORIAL = "ambulatorial", "Ambulatorial"
        HOSPITALAR = "hospitalar", "Hospitalar"
        OBSTETRICIA = "obstetricia", "Obstetrícia"
        ODONTOLOGICA = "odontologica", "Odontológica"

    operadora = models.ForeignKey(Operadora, on_delete=models.CASCADE, related_name="grupos_procedimento")
    codigo = models.SlugField("código", max_length=40)
    nome = models.CharField("nome", max_length=120)
    segmentacao = models.CharField("segmentação exigida", max_length=20, choices=Segmentacao.choices)
    prefixos_tuss = models.JSONField(
        "prefixos de código TUSS", default=list, help_text="Ex.: [\"101\"] para consultas."
    )

    class Meta:
        verbose_name = "grupo de procedimentos"
        verbose_name_plural = "grupos de procedimentos"
        constraints = [models.UniqueConstraint(fields=["operadora", "codigo"], name="grupo_procedimento_unico")]

    def __str__(self) -> str:
        return self.nome


class Plano(ModeloComDatas):
    class Abrangencia(models.TextChoices):
        NACIONAL = "nacional", "Nacional"
        GRUPO_ESTADOS = "grupo_estados", "Grupo de estados"
        ESTADUAL = "estadual", "Estadual"
        GRUPO_MUNICIPIOS = "grupo_municipios", "Grupo de municípios"
        MUNICIPAL = "municipal", "Municipal"

    class Contratacao(models.TextChoices):
        INDIVIDUAL = "individual", "Individual ou familiar"
        EMPRESARIAL = "empresarial", "Coletivo empresarial"
        ADESAO = "adesao", "Coletivo por adesão"

    operadora = models.ForeignKey(Operadora, on_delete=models.PROTECT, related_name="planos")
    registro_ans_produto = models.CharField(
        "registro ANS do produto", max_length=9, help_text="9 dígitos (registro do produto na ANS)."
    )
    nome = models.CharField("nome comercial", max_length=120)
    segmentacoes = models.JSONField(
        "segmentação assistencial", default=list, help_text="Ambulatorial, hospitalar, obstetrícia, odontológica."
    )
    regulamentado = models.BooleanField("regulamentado (Lei 9.656/98)", default=True)
    abrangencia = models.CharField("abrangência", max_length=20, choices=Abrangencia.choices)
    contratacao = models.CharField("tipo de contratação", max_length=20, choices=Contratacao.choices)
    ativo = models.BooleanField("ativo", default=True)

    class Meta:
        verbose_name = "plano"
        verbose_name_plural = "planos"
        constraints = [
            models.UniqueConstraint(fields=["operadora", "registro_ans_produto"], name="plano_registro_unico")
        ]

    def __str__(self) -> str:
        return f"{self.nome} ({self.registro_ans_produto})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        erros = {}
        if len(self.registro_ans_produto) != 9 or not self.registro_ans_produto.isdigit():
            erros["registro_ans_produto"] = "Registro ANS do produto inválido: são 9 dígitos."
        validas = set(GrupoProcedimento.Segmentacao.values)
        if not self.segmentacoes or not set(self.segmentacoes) <= validas:
            erros["segmentacoes"] = f"Informe uma ou mais segmentações entre: {', '.join(sorted(validas))}."
        if erros:
            raise ValidationError(erros)


class CoberturaPlano(models.Model):
    """For one plan and one procedure group: covered or not, carência, yearly limit and coparticipação."""

    plano = models.ForeignKey(Plano, on_delete=models.CASCADE, related_name="coberturas")
    grupo = models.ForeignKey(GrupoProcedimento, on_delete=models.PROTECT, related_name="coberturas")
    coberto = models.BooleanField("coberto", default=True)
    carencia_dias = models.PositiveSmallIntegerField("carência (dias)", default=0)
    limite_anual = models.PositiveIntegerField("limite por ano (quantidade)", null=True, blank=True)
    coparticipacao_percentual = models.DecimalField(
        "coparticipação (%)", max_digits=5, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    coparticipacao_teto = models.DecimalField(
        "teto da coparticipação (R$)", max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = "cobertura do plano"
        verbose_name_plural = "coberturas do plano"
        constraints = [models.UniqueConstraint(fields=["plano", "grupo"], name="cobertura_unica")]

    def __str__(self) -> str:
        return f"{self.plano} / {self.grupo}"


class Contrato(ModeloComDatas):
    class Tipo(models.TextChoices):
        PF = "PF", "Pessoa física"
        PJ = "PJ", "Pessoa jurídica"

    class Situacao(models.TextChoices):
        ATIVO = "ativo", "Ativo"
        SUSPENSO = "suspenso", "Suspenso"
        CANCELADO = "cancelado", "Cancelado"

    operadora = models.ForeignKey(Operadora, on_delete=models.PROTECT, related_name="contratos")
    numero = models.CharField("número", max_length=20)
    tipo = models.CharField("tipo", max_length=2, choices=Tipo.choices)
    empresa_razao_social = models.CharField("empresa contratante", max_length=200, blank=True)
    empresa_cnpj = DocumentoField("CNPJ da empresa", max_length=14, blank=True, validators=[documentos.validador_cnpj])
    dia_vencimento = models.PositiveSmallIntegerField(
        "dia de vencimento", validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    situacao = models.CharField("situação", max_length=20, choices=Situacao.choices, default=Situacao.ATIVO)
    data_inicio = models.DateField("início de vigência")
    data_cancelamento = models.DateField("cancelamento", null=True, blank=True)

    class Meta:
        verbose_name = "contrato"
        verbose_name_plural = "contratos"
        constraints = [models.UniqueConstraint(fields=["operadora", "numero"], name="contrato_numero_unico")]

    def __str__(self) -> str:
        return f"{self.numero} ({self.get_tipo_display()})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.tipo == self.Tipo.PJ and not (self.empresa_cnpj and self.empresa_razao_social):
            raise ValidationError("Contrato PJ exige a empresa contratante e seu CNPJ.")


class Beneficiario(ModeloComDatas):
    class Sexo(models.TextChoices):
        MASCULINO = "M", "Masculino"
        FEMININO = "F", "Feminino"

    class Parentesco(models.TextChoices):
        TITULAR = "titular", "Titular"
        CONJUGE = "conjuge", "Cônjuge/companheiro(a)"
        FILHO = "filho", "Filho(a)"
        ENTEADO = "enteado", "Enteado(a)"
        PAI_MAE = "pai_mae", "Pai/mãe"
        OUTRO = "outro", "Outro"

    class Situacao(models.TextChoices):
        ATIVO = "ativo", "Ativo"
        SUSPENSO = "suspenso", "Suspenso"
        CANCELADO = "cancelado", "Cancelado"

    operadora = models.ForeignKey(Operadora, on_delete=models.PROTECT, related_name="beneficiarios")
    carteira = models.CharField("número da carteira", max_length=20)
    nome = models.CharField("nome", max_length=200)
    nome_social = models.CharField("nome social", max_length=200, blank=True)
    cpf = DocumentoField("CPF", max_length=11, blank=True, validators=[documentos.validador_cpf])
    cns = models.CharField("cartão nacional de saúde", max_length=15, blank=True)
    data_nascimento = models.DateField("data de nascimento")
    sexo = models.CharField("sexo", max_length=1, choices=Sexo.choices)
    titular = models.ForeignKey(
        "self", verbose_name="titular", null=True, blank=True, on_delete=models.PROTECT, related_name="dependentes"
    )
    parentesco = models.CharField("parentesco", max_length=10, choices=Parentesco.choices)
    contrato = models.ForeignKey(Contrato, on_delete=models.PROTECT, related_name="beneficiarios")
    plano = models.ForeignKey(Plano, on_delete=models.PROTECT, related_name="beneficiarios")
    data_inclusao = models.DateField("inclusão")
    data_cancelamento = models.DateField("cancelamento", null=True, blank=True)
    motivo_cancelamento = models.CharField("motivo do cancelamento", max_length=200, blank=True)
    situacao = models.CharField("situação", max_length=20, choices=Situacao.choices, default=Situacao.ATIVO)
    email = models.EmailField("e-mail", blank=True)
    telefone = models.CharField("telefone", max_length=20, blank=True)
    cadastro_atualizado_em = models.DateTimeField("cadastro atualizado em")

    class Meta:
        verbose_name = "beneficiário"
        verbose_name_plural = "beneficiários"
        ordering = ["nome"]
        constraints = [models.UniqueConstraint(fields=["operadora", "carteira"], name="carteira_unica")]
        indexes = [models.Index(fields=["cpf"], name="beneficiario_cpf_idx")]

    def __str__(self) -> str:
        return f"{self.nome_social or self.nome} ({self.carteira})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        titular = self.parentesco == self.Parentesco.TITULAR
        if titular and self.titular_id:
            raise ValidationError({"titular": "Um titular não tem titular."})
        if not titular and not self.titular_id:
            raise ValidationError({"titular": "Informe o titular do dependente."})
        if self.data_cancelamento and self.data_cancelamento < self.data_inclusao:
            raise ValidationError({"data_cancelamento": "O cancelamento não pode ser anterior à inclusão."})


class Profissional(ModeloComDatas):
    """A health professional (executante or solicitante), identified by conselho + número + UF."""

    nome = models.CharField("nome", max_length=200)
    cpf = DocumentoField("CPF", max_length=11, blank=True, validators=[documentos.validador_cpf])
    conselho = models.CharField("conselho profissional (TUSS 26)", max_length=2)
    numero_conselho = models.CharField("número no conselho", max_length=15)
    uf_conselho = models.CharField("UF do conselho", max_length=2, choices=UFS)
    cbo = models.CharField("CBO (TUSS 24)", max_length=6)
    prestadores = models.ManyToManyField(Prestador, verbose_name="prestadores", related_name="profissionais", blank=True)

    class Meta:
        verbose_name = "profissional"
        verbose_name_plural = "profissionais"
        ordering = ["nome"]
        constraints = [
            models.UniqueConstraint(fields=["conselho", "numero_conselho", "uf_conselho"], name="profissional_unico")
        ]

    def __str__(self) -> str:
        return f"{self.nome} ({self.numero_conselho}/{self.uf_conselho})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .selectors import termo_vigente_existe

        erros = {}
        if not termo_vigente_existe(tabela="26", codigo=self.conselho):
            erros["conselho"] = "Conselho profissional não encontrado na tabela TUSS 26."
        if not termo_vigente_existe(tabela="24", codigo=self.cbo):
            erros["cbo"] = "CBO não encontrado na tabela TUSS 24."
        if erros:
            raise ValidationError(erros)


class PrecoContratado(models.Model):
    """The valor negociado of a TUSS code for one prestador with one operadora, over a validity period."""

    operadora = models.ForeignKey(Operadora, on_delete=models.CASCADE, related_name="precos")
    prestador = models.ForeignKey(Prestador, on_delete=models.CASCADE, related_name="precos")
    tabela = models.CharField("tabela TUSS", max_length=3, default="22")
    codigo = models.CharField("código TUSS", max_length=10)
    valor = models.DecimalField("valor negociado (R$)", max_digits=12, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0"))])
    vigencia_inicio = models.DateField("início de vigência")
    vigencia_fim = models.DateField("fim de vigência", null=True, blank=True)

    class Meta:
        verbose_name = "preço contratado"
        verbose_name_plural = "preços contratados"
        constraints = [
            models.UniqueConstraint(
                fields=["operadora", "prestador", "tabela", "codigo", "vigencia_inicio"], name="preco_unico"
            )
        ]
        indexes = [models.Index(fields=["operadora", "prestador", "codigo"], name="preco_busca_idx")]

    def __str__(self) -> str:
        return f"{self.codigo}: {self.valor}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.vigencia_fim and self.vigencia_fim < self.vigencia_inicio:
            raise ValidationError({"vigencia_fim": "O fim da vigência não pode ser anterior ao início."})
