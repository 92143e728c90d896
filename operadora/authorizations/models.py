"""Authorizations: the operator's rules (which procedures need a senha, which go to medical audit), the provider's
requests (SP/SADT, internação, odontologia, prorrogação) with their items, attachments and timeline, the
operator's decision (senha + validity, or a TUSS 38 denial), and the atendimentos the provider confirms it
performed under a senha (what automatic billing turns into lotes).

No logic lives in `save()`: every change goes through `services.py`."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from operadora.core.models import ModeloComDatas

from . import codigos


class RegraAutorizacao(ModeloComDatas):
    """Whether a procedure (one TUSS code, or a procedure group) needs authorization with one operadora, for one
    plan or for every plan. The most specific active rule wins: code+plan, code, group+plan, group. A procedure
    with no rule needs no authorization."""

    class Exigencia(models.TextChoices):
        LIVRE = "livre", "Não exige autorização"
        AUTOMATICA = "automatica", "Exige senha — liberação automática"
        AUDITORIA = "auditoria", "Exige senha — auditoria médica"

    operadora = models.ForeignKey("registry.Operadora", on_delete=models.CASCADE, related_name="regras_autorizacao")
    plano = models.ForeignKey(
        "registry.Plano", verbose_name="plano", null=True, blank=True, on_delete=models.CASCADE,
        related_name="regras_autorizacao", help_text="Em branco: vale para todos os planos da operadora.",
    )
    codigo_tuss = models.CharField("código TUSS", max_length=10, blank=True,
                                   help_text="Um procedimento (tabela 22) ou diária/taxa (tabela 18).")
    grupo = models.ForeignKey(
        "registry.GrupoProcedimento", verbose_name="grupo de procedimentos", null=True, blank=True,
        on_delete=models.CASCADE, related_name="regras_autorizacao",
    )
    exigencia = models.CharField("exigência", max_length=12, choices=Exigencia.choices)
    observacao = models.CharField("orientação ao prestador", max_length=300, blank=True)
    ativa = models.BooleanField("ativa", default=True)

    class Meta:
        verbose_name = "regra de autorização"
        verbose_name_plural = "regras de autorização"
        ordering = ["operadora", "codigo_tuss", "grupo"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(codigo_tuss="") & Q(grupo__isnull=False)) | (~Q(codigo_tuss="") & Q(grupo__isnull=True)),
                name="regra_codigo_ou_grupo",
            ),
            models.UniqueConstraint(fields=["operadora", "plano", "codigo_tuss", "grupo"], nulls_distinct=False,
                                    name="regra_autorizacao_unica"),
        ]

    def __str__(self) -> str:
        alvo = self.codigo_tuss or str(self.grupo)
        return f"{alvo}: {self.get_exigencia_display()}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if bool(self.codigo_tuss) == bool(self.grupo_id):
            raise ValidationError("Informe um código TUSS ou um grupo de procedimentos (um dos dois).")
        grupo, plano = self.grupo, self.plano
        if grupo is not None and self.operadora_id and grupo.operadora_id != self.operadora_id:
            raise ValidationError({"grupo": "O grupo é de outra operadora."})
        if plano is not None and self.operadora_id and plano.operadora_id != self.operadora_id:
            raise ValidationError({"plano": "O plano é de outra operadora."})


class Autorizacao(ModeloComDatas):
    """A request for authorization (guia de solicitação) and the operator's answer to it."""

    class Tipo(models.TextChoices):
        SP_SADT = "sp_sadt", "SP/SADT"
        INTERNACAO = "internacao", "Internação"
        ODONTOLOGIA = "odontologia", "Tratamento odontológico"
        PRORROGACAO = "prorrogacao", "Prorrogação de internação"

    class Situacao(models.TextChoices):
        EM_ANALISE = "em_analise", "Em análise"
        AGUARDANDO_JUSTIFICATIVA = "aguardando_justificativa", "Aguardando justificativa"
        AUTORIZADA = "autorizada", "Autorizada"
        PARCIALMENTE_AUTORIZADA = "parcialmente_autorizada", "Parcialmente autorizada"
        NEGADA = "negada", "Negada"
        CANCELADA = "cancelada", "Cancelada"
        EXPIRADA = "expirada", "Expirada"

    class Pendencia(models.TextChoices):
        JUSTIFICATIVA = "justificativa", "Justificativa técnica do solicitante"
        DOCUMENTOS = "documentos", "Documentação do prestador"

    class Origem(models.TextChoices):
        PORTAL = "portal", "Portal do prestador"
        WEBSERVICE = "webservice", "Web service TISS"
        API = "api", "API"

    class Carater(models.TextChoices):
        ELETIVO = codigos.CARATER_ELETIVO, "Eletivo"
        URGENCIA = codigos.CARATER_URGENCIA, "Urgência/Emergência"

    operadora = models.ForeignKey("registry.Operadora", on_delete=models.PROTECT, related_name="autorizacoes")
    prestador = models.ForeignKey("registry.Prestador", on_delete=models.PROTECT, related_name="autorizacoes")
    beneficiario = models.ForeignKey("registry.Beneficiario", on_delete=models.PROTECT, related_name="autorizacoes")
    tipo = models.CharField("tipo de guia", max_length=12, choices=Tipo.choices)
    origem = models.CharField("origem", max_length=12, choices=Origem.choices, default=Origem.PORTAL)
    numero_guia_prestador = models.CharField("número da guia no prestador", max_length=20)
    numero_guia_operadora = models.CharField("número da guia na operadora", max_length=20)
    senha = models.CharField("senha", max_length=20, blank=True)
    data_autorizacao = models.DateField("data da autorização", null=True, blank=True)
    data_validade_senha = models.DateField("validade da senha", null=True, blank=True)
    situacao = models.CharField("situação", max_length=30, choices=Situacao.choices, default=Situacao.EM_ANALISE)
    pendencia = models.CharField("pendência", max_length=15, choices=Pendencia.choices, blank=True)
    carater_atendimento = models.CharField("caráter do atendimento", max_length=1, choices=Carater.choices,
                                           default=Carater.ELETIVO)
    indicacao_clinica = models.TextField("indicação clínica", blank=True)
    cid = models.CharField("CID-10", max_length=5, blank=True)
    atendimento_rn = models.BooleanField("atendimento a recém-nato", default=False)
    profissional_solicitante = models.ForeignKey(
        "registry.Profissional", verbose_name="profissional solicitante", null=True, blank=True,
        on_delete=models.PROTECT, related_name="autorizacoes_solicitadas",
    )
    observacao = models.TextField("observação do prestador", blank=True)
    # Internação / prorrogação
    tipo_internacao = models.CharField("tipo de internação", max_length=1, choices=codigos.TIPOS_INTERNACAO,
                                       blank=True)
    regime_internacao = models.CharField("regime de internação", max_length=1, choices=codigos.REGIMES_INTERNACAO,
                                         blank=True)
    diarias_solicitadas = models.PositiveSmallIntegerField("diárias solicitadas", null=True, blank=True)
    diarias_autorizadas = models.PositiveSmallIntegerField("diárias autorizadas", null=True, blank=True)
    data_sugerida_internacao = models.DateField("data sugerida para internação", null=True, blank=True)
    autorizacao_principal = models.ForeignKey(
        "self", verbose_name="internação prorrogada", null=True, blank=True, on_delete=models.PROTECT,
        related_name="prorrogacoes",
    )
    # Deadlines (RN 623/2024) and decision
    prazo_resposta = models.DateTimeField("prazo de resposta (RN 623)", db_index=True)
    dias_uteis_suspensos = models.PositiveSmallIntegerField(
        "dias úteis restantes ao pedir justificativa", null=True, blank=True,
        help_text="O prazo fica suspenso enquanto se espera o prestador; volta a correr com a resposta.",
    )
    decidida_em = models.DateTimeField("decidida em", null=True, blank=True)
    decidida_por = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="decidida por", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="autorizacoes_decididas")
    decisao_automatica = models.BooleanField("decisão automática", default=False)
    codigo_negativa = models.CharField("motivo da negativa (TUSS 38)", max_length=4, blank=True)
    justificativa_decisao = models.TextField("justificativa da decisão", blank=True)
    cancelada_em = models.DateTimeField("cancelada em", null=True, blank=True)
    motivo_cancelamento = models.CharField("motivo do cancelamento", max_length=300, blank=True)
    carta_negativa_solicitada_em = models.DateTimeField("carta de negativa solicitada em", null=True, blank=True)

    class Meta:
        verbose_name = "autorização"
        verbose_name_plural = "autorizações"
        ordering = ["-criado_em", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["operadora", "numero_guia_operadora"], name="guia_operadora_unica"),
            models.UniqueConstraint(fields=["operadora", "prestador", "numero_guia_prestador"],
                                    name="guia_prestador_unica"),
            models.UniqueConstraint(fields=["operadora", "senha"], condition=~Q(senha=""), name="senha_unica"),
        ]
        indexes = [
            models.Index(fields=["prestador", "operadora", "-criado_em"], name="autorizacao_prestador_idx"),
            models.Index(fields=["situacao", "prazo_resposta"], name="autorizacao_fila_idx"),
            models.Index(fields=["beneficiario", "situacao"], name="autorizacao_benef_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} {self.numero_guia_operadora}"

    # TISS `dm_statusSolicitacao` for each state (expirada answers as the senha's status with 1414).
    STATUS_TISS: dict[str, str] = {
        Situacao.AUTORIZADA: "1",
        Situacao.EM_ANALISE: "2",
        Situacao.NEGADA: "3",
        Situacao.CANCELADA: "6",
        Situacao.PARCIALMENTE_AUTORIZADA: "7",
        Situacao.EXPIRADA: "1",
    }

    @property
    def status_tiss(self) -> str:
        if self.situacao == self.Situacao.AGUARDANDO_JUSTIFICATIVA:
            return "5" if self.pendencia == self.Pendencia.DOCUMENTOS else "4"
        return self.STATUS_TISS[self.situacao]

    @property
    def situacao_exibida(self) -> str:
        """The situation as read on the pages: waiting for documents (TISS 5) apart from waiting for a technical
        justification (4), which share one `situacao`."""
        if self.situacao == self.Situacao.AGUARDANDO_JUSTIFICATIVA and self.pendencia == self.Pendencia.DOCUMENTOS:
            return "Aguardando documentos"
        return self.get_situacao_display()

    @property
    def com_senha(self) -> bool:
        return self.situacao in SITUACOES_COM_SENHA

    @property
    def senha_utilizavel(self) -> bool:
        """A senha that still covers atendimentos: not one cancelled or expired (the pages strike those)."""
        return self.situacao in (self.Situacao.AUTORIZADA, self.Situacao.PARCIALMENTE_AUTORIZADA)

    @property
    def diarias_exibidas(self) -> str:
        """The diárias as read on the pages: asked while the auditor has not decided, granted of asked after."""
        pedidas = self.diarias_solicitadas
        if pedidas is None:
            return ""
        if self.situacao in SITUACOES_PENDENTES:
            return f"{pedidas} solicitada(s) — aguardando a decisão"
        if self.situacao == self.Situacao.NEGADA:
            return f"{pedidas} solicitada(s), negadas"
        if self.diarias_autorizadas is None:  # cancelled before the decision
            return f"{pedidas} solicitada(s)"
        return f"{self.diarias_autorizadas} autorizada(s) de {pedidas}"


SITUACOES_COM_SENHA = (
    Autorizacao.Situacao.AUTORIZADA, Autorizacao.Situacao.PARCIALMENTE_AUTORIZADA, Autorizacao.Situacao.EXPIRADA,
)
SITUACOES_PENDENTES = (Autorizacao.Situacao.EM_ANALISE, Autorizacao.Situacao.AGUARDANDO_JUSTIFICATIVA)


class ItemAutorizacao(models.Model):
    """One requested procedure (or daily rate) with the quantity asked and the quantity the operator granted."""

    autorizacao = models.ForeignKey(Autorizacao, on_delete=models.CASCADE, related_name="itens")
    sequencial = models.PositiveSmallIntegerField("sequencial")
    codigo_tabela = models.CharField("tabela TUSS", max_length=2, default="22")
    codigo = models.CharField("código", max_length=10)
    descricao = models.CharField("descrição", max_length=300)
    quantidade_solicitada = models.PositiveSmallIntegerField("quantidade solicitada",
                                                             validators=[MinValueValidator(1)])
    quantidade_autorizada = models.PositiveSmallIntegerField("quantidade autorizada", null=True, blank=True)
    exigencia = models.CharField("exigência da regra", max_length=12, choices=RegraAutorizacao.Exigencia.choices)
    codigo_negativa = models.CharField("motivo da negativa (TUSS 38)", max_length=4, blank=True)
    dente = models.CharField("dente", max_length=2, blank=True)
    regiao = models.CharField("região da boca", max_length=4, blank=True)
    face = models.CharField("face(s)", max_length=5, blank=True)

    # Filled in by the selectors that annotate executed quantities (not columns).
    executado: int
    saldo: int
    rotulo_negativa: str

    class Meta:
        verbose_name = "item da autorização"
        verbose_name_plural = "itens da autorização"
        ordering = ["autorizacao", "sequencial"]
        constraints = [
            models.UniqueConstraint(fields=["autorizacao", "sequencial"], name="item_autorizacao_sequencial_unico"),
        ]
        indexes = [models.Index(fields=["codigo"], name="item_autorizacao_codigo_idx")]

    def __str__(self) -> str:
        return f"{self.codigo} × {self.quantidade_solicitada}"


class EventoAutorizacao(models.Model):
    """One line of the timeline the provider and the auditor see (request, decisions, questions, answers,
    confirmations). Who changed what is also in the core audit log."""

    class Tipo(models.TextChoices):
        SOLICITADA = "solicitada", "Solicitação registrada"
        ENVIADA_AUDITORIA = "enviada_auditoria", "Enviada à auditoria médica"
        PENDENCIA = "pendencia", "Operadora pediu justificativa/documentos"
        RESPOSTA = "resposta", "Prestador respondeu"
        AUTORIZADA = "autorizada", "Autorizada"
        PARCIAL = "parcial", "Parcialmente autorizada"
        NEGADA = "negada", "Negada"
        CANCELADA = "cancelada", "Cancelada"
        EXPIRADA = "expirada", "Senha expirada"
        CARTA_NEGATIVA = "carta_negativa", "Carta de negativa solicitada"
        EXECUCAO = "execucao", "Atendimento confirmado"
        EXECUCAO_DESFEITA = "execucao_desfeita", "Confirmação de atendimento desfeita"

    autorizacao = models.ForeignKey(Autorizacao, on_delete=models.CASCADE, related_name="eventos")
    quando = models.DateTimeField("quando", db_index=True)
    tipo = models.CharField("tipo", max_length=20, choices=Tipo.choices)
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="usuário", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    por_operadora = models.BooleanField("pela operadora", default=False)
    texto = models.TextField("texto", blank=True)
    codigo_tiss = models.CharField("código TUSS 38", max_length=4, blank=True)

    class Meta:
        verbose_name = "evento da autorização"
        verbose_name_plural = "eventos da autorização"
        ordering = ["quando", "id"]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} em {self.quando:%d/%m/%Y %H:%M}"


def _caminho_anexo(instancia: "AnexoAutorizacao", nome: str) -> str:
    return f"autorizacoes/{instancia.autorizacao.operadora_id}/{instancia.autorizacao_id}/{nome}"


class AnexoAutorizacao(models.Model):
    """A document the provider attached (medical request, reports, images), to the request or to an answer."""

    class Tipo(models.TextChoices):
        PEDIDO = "pedido", "Pedido médico"
        LAUDO = "laudo", "Laudo/relatório"
        IMAGEM = "imagem", "Imagem/exame"
        OUTRO = "outro", "Outro documento"

    autorizacao = models.ForeignKey(Autorizacao, on_delete=models.CASCADE, related_name="anexos")
    evento = models.ForeignKey(EventoAutorizacao, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="anexos")
    tipo = models.CharField("tipo", max_length=10, choices=Tipo.choices, default=Tipo.OUTRO)
    arquivo = models.FileField("arquivo", upload_to=_caminho_anexo, max_length=300)
    nome_original = models.CharField("nome do arquivo", max_length=200)
    tamanho = models.PositiveIntegerField("tamanho (bytes)")
    enviado_em = models.DateTimeField("enviado em")
    enviado_por = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = "anexo da autorização"
        verbose_name_plural = "anexos da autorização"
        ordering = ["enviado_em", "id"]

    def __str__(self) -> str:
        return self.nome_original


class AnexoClinicoAutorizacao(models.Model):
    """A structured TISS clinical annex sent with the request (`anexoClinico` of an SP/SADT or internação request,
    `anexoClinicoProrrogacao` of a prorrogação): OPME, quimioterapia or radioterapia, one of each per request.
    `dados` holds the header as typed (`anexos_clinicos` forms) and the materials or drugs under `itens`."""

    class Tipo(models.TextChoices):
        OPME = "opme", "Anexo de OPME"
        QUIMIOTERAPIA = "quimioterapia", "Anexo de quimioterapia"
        RADIOTERAPIA = "radioterapia", "Anexo de radioterapia"

    autorizacao = models.ForeignKey(Autorizacao, on_delete=models.CASCADE, related_name="anexos_clinicos")
    tipo = models.CharField("tipo", max_length=20, choices=Tipo.choices)
    numero_guia_anexo = models.CharField("nº da guia do anexo", max_length=20, blank=True)
    dados = models.JSONField("dados do anexo", default=dict, blank=True)

    class Meta:
        verbose_name = "anexo clínico da autorização"
        verbose_name_plural = "anexos clínicos da autorização"
        ordering = ["autorizacao", "id"]
        constraints = [models.UniqueConstraint(fields=["autorizacao", "tipo"], name="anexo_clinico_autorizacao_unico")]

    def __str__(self) -> str:
        return self.get_tipo_display()


class Atendimento(models.Model):
    """A procedure the provider confirmed it performed under a senha (for serial treatments, one per session).

    Automatic billing reads the confirmed, not yet billed ones (`selectors.atendimentos_confirmados`) and marks
    them with its lote (`services.marcar_atendimentos_faturados`)."""

    autorizacao = models.ForeignKey(Autorizacao, on_delete=models.PROTECT, related_name="atendimentos")
    item = models.ForeignKey(ItemAutorizacao, on_delete=models.PROTECT, related_name="atendimentos")
    data_execucao = models.DateField("data de execução")
    quantidade = models.PositiveSmallIntegerField("quantidade", default=1, validators=[MinValueValidator(1)])
    profissional_executante = models.ForeignKey(
        "registry.Profissional", verbose_name="profissional executante", null=True, blank=True,
        on_delete=models.PROTECT, related_name="atendimentos_executados",
    )
    confirmado_em = models.DateTimeField("confirmado em")
    confirmado_por = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    lote_faturamento_id = models.BigIntegerField("lote de faturamento", null=True, blank=True, db_index=True)
    faturado_em = models.DateTimeField("incluído em lote em", null=True, blank=True)

    class Meta:
        verbose_name = "atendimento confirmado"
        verbose_name_plural = "atendimentos confirmados"
        ordering = ["data_execucao", "id"]
        indexes = [models.Index(fields=["data_execucao"], name="atendimento_data_idx")]

    def __str__(self) -> str:
        return f"{self.item.codigo} em {self.data_execucao:%d/%m/%Y}"


class ContadorGuiaOperadora(models.Model):
    """The operadora's yearly sequence for `numero_guia_operadora` (incremented with F() under a row lock)."""

    operadora = models.ForeignKey("registry.Operadora", on_delete=models.CASCADE, related_name="+")
    ano = models.PositiveSmallIntegerField("ano")
    ultimo = models.PositiveIntegerField("último número", default=0)

    class Meta:
        verbose_name = "contador de guias da operadora"
        verbose_name_plural = "contadores de guias da operadora"
        constraints = [models.UniqueConstraint(fields=["operadora", "ano"], name="contador_guia_unico")]

    def __str__(self) -> str:
        return f"{self.operadora_id}/{self.ano}: {self.ultimo}"
