"""Provider billing: guides of the five TISS types (with items, outras despesas, equipe and annexes), lotes,
protocols (PEG) with their situação history, attached documents, the NF calendar and invoices, and the
automatic billing of confirmed atendimentos.

Guides and items keep the fields the claims analysis needs (beneficiário carteira + FK when resolved, TUSS
table/code, quantity, unit/total value informed, service date, senha, guide numbers, the executing
professional's conselho/número/UF/CBO, the protocol). State changes only through `billing.services`.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from operadora.core.models import ModeloComDatas
from operadora.registry.models import Beneficiario, Operadora, Prestador, Profissional

ZERO = Decimal("0.00")


def _dinheiro(nome: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(nome, max_digits=14, decimal_places=2, default=ZERO, **kwargs)


class TipoGuia(models.TextChoices):
    """`dm_tipoGuia` of a billing lote (the codes are TISS's)."""

    CONSULTA = "1", "Consulta"
    SP_SADT = "2", "SP/SADT"
    RESUMO_INTERNACAO = "3", "Resumo de Internação"
    HONORARIOS = "4", "Honorários"
    ODONTOLOGIA = "5", "Tratamento Odontológico"


class Origem(models.TextChoices):
    PORTAL = "portal", "Digitação no portal"
    XML = "xml", "Envio de arquivo XML"
    AUTOMATICO = "automatico", "Faturamento automático"
    CLI = "cli", "Outro canal (linha de comando)"
    WEBSERVICE = "webservice", "Web service TISS"


class Sequencia(models.Model):
    """Counters for protocol and lote numbers (`chave` e.g. 'protocolo:3' or 'lote:3:17'), incremented with
    `select_for_update` + F() inside the receipt transaction."""

    chave = models.CharField(max_length=60, unique=True)
    ultimo = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "sequência"
        verbose_name_plural = "sequências"

    def __str__(self) -> str:
        return f"{self.chave}={self.ultimo}"


class FaturamentoAutomatico(ModeloComDatas):
    """One generation of automatic billing (seed 003): the confirmed atendimentos of a period, conferred and
    sent as lotes."""

    class Situacao(models.TextChoices):
        AGUARDANDO_ENVIO = "aguardando_envio", "Aguardando envio"
        ENVIADO = "enviado", "Enviado"
        CANCELADO = "cancelado", "Cancelado"

    operadora = models.ForeignKey(Operadora, on_delete=models.PROTECT, related_name="+")
    prestador = models.ForeignKey(
        Prestador, on_delete=models.PROTECT, related_name="faturamentos_automaticos"
    )
    data_inicial = models.DateField("data inicial")
    data_final = models.DateField("data final")
    situacao = models.CharField(
        "situação", max_length=20, choices=Situacao.choices, default=Situacao.AGUARDANDO_ENVIO
    )
    quantidade_itens = models.PositiveIntegerField("procedimentos", default=0)
    valor_informado = _dinheiro("valor informado")
    gerado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enviado_em = models.DateTimeField("enviado em", null=True, blank=True)
    cancelado_em = models.DateTimeField("cancelado em", null=True, blank=True)

    class Meta:
        verbose_name = "faturamento automático"
        verbose_name_plural = "faturamentos automáticos"
        ordering = ["-data_final", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["operadora", "prestador", "data_inicial"],
                condition=~Q(situacao="cancelado"),
                name="faturamento_periodo_unico",
            ),
        ]

    def __str__(self) -> str:
        return f"Faturamento {self.data_inicial:%d/%m/%Y}–{self.data_final:%d/%m/%Y}"


class Lote(ModeloComDatas):
    """A lote of guides of one type (≤ the operadora's max, 100 by default)."""

    class Situacao(models.TextChoices):
        ABERTO = "aberto", "Aberto"
        FECHADO = "fechado", "Fechado"
        ENVIADO = "enviado", "Enviado à operadora"
        CANCELADO = "cancelado", "Cancelado"

    operadora = models.ForeignKey(Operadora, on_delete=models.PROTECT, related_name="lotes")
    prestador = models.ForeignKey(Prestador, on_delete=models.PROTECT, related_name="lotes")
    numero = models.CharField("número do lote", max_length=12)
    tipo_guia = models.CharField("tipo de guia", max_length=1, choices=TipoGuia.choices)
    situacao = models.CharField("situação", max_length=10, choices=Situacao.choices, default=Situacao.ABERTO)
    origem = models.CharField("origem", max_length=12, choices=Origem.choices, default=Origem.PORTAL)
    digest = models.CharField("resumo do conteúdo (SHA-256)", max_length=64, blank=True)
    versao_tiss = models.CharField("versão TISS", max_length=8, blank=True)
    quantidade_guias = models.PositiveIntegerField("guias", default=0)
    valor_informado = _dinheiro("valor informado")
    criado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    fechado_em = models.DateTimeField("fechado em", null=True, blank=True)
    enviado_em = models.DateTimeField("enviado em", null=True, blank=True)
    cancelado_em = models.DateTimeField("cancelado em", null=True, blank=True)
    faturamento = models.ForeignKey(
        FaturamentoAutomatico, null=True, blank=True, on_delete=models.PROTECT, related_name="lotes"
    )

    class Meta:
        verbose_name = "lote de guias"
        verbose_name_plural = "lotes de guias"
        ordering = ["-criado_em", "-id"]
        constraints = [
            # Idempotency of receipt: the same content under the same lote number is the same lote.
            models.UniqueConstraint(
                fields=["prestador", "operadora", "numero", "digest"],
                condition=~Q(situacao="cancelado"),
                name="lote_idempotente",
            ),
            # A lote number is used once per provider and operadora (3268 otherwise), cancelled ones aside.
            models.UniqueConstraint(
                fields=["prestador", "operadora", "numero"],
                condition=~Q(situacao="cancelado"),
                name="lote_numero_unico",
            ),
        ]
        indexes = [models.Index(fields=["operadora", "prestador", "-criado_em"], name="lote_lista_idx")]

    def __str__(self) -> str:
        return f"Lote {self.numero}"


class Protocolo(ModeloComDatas):
    """The PEG (Protocolo de Entrega de Guias) given to a received lote, and its lifecycle."""

    class Situacao(models.TextChoices):
        # value, label; TISS dm_statusProtocolo in CODIGO_TISS below.
        RECEBIDO = "recebido", "Enviado à operadora"
        EM_ANALISE = "em_analise", "Em análise"
        AGUARDANDO_INFORMACAO = "aguardando_informacao", "Aguardando informação complementar"
        LIBERADO_FATURAMENTO = "liberado_faturamento", "Liberado para faturamento"
        FATURADO = "faturado", "Faturado"
        PAGO = "pago", "Pago"
        ENCERRADO_SEM_PAGAMENTO = "encerrado_sem_pagamento", "Encerrado sem pagamento"
        CANCELADO = "cancelado", "Cancelado"

    # From 'Liberado para faturamento' on, the analysis is done and the Demonstrativo de Análise de Conta exists
    # (seed 004 §4); the claims app serves it for these situações.
    SITUACOES_COM_DEMONSTRATIVO = (
        Situacao.LIBERADO_FATURAMENTO,
        Situacao.FATURADO,
        Situacao.PAGO,
        Situacao.ENCERRADO_SEM_PAGAMENTO,
    )

    CODIGO_TISS = {
        "recebido": "1",
        "em_analise": "2",
        "liberado_faturamento": "5",
        "faturado": "3",
        "pago": "6",
        "encerrado_sem_pagamento": "4",
        "aguardando_informacao": "8",
        "cancelado": "9",
    }

    operadora = models.ForeignKey(Operadora, on_delete=models.PROTECT, related_name="protocolos")
    prestador = models.ForeignKey(Prestador, on_delete=models.PROTECT, related_name="protocolos")
    lote = models.OneToOneField(Lote, on_delete=models.PROTECT, related_name="protocolo")
    numero = models.CharField("protocolo (PEG)", max_length=12)
    situacao = models.CharField(
        "situação", max_length=25, choices=Situacao.choices, default=Situacao.RECEBIDO
    )
    recebido_em = models.DateTimeField("recebido em")
    origem = models.CharField("origem", max_length=12, choices=Origem.choices)
    versao_tiss = models.CharField("versão TISS", max_length=8, blank=True)
    tipo_guia = models.CharField("tipo de guia", max_length=1, choices=TipoGuia.choices)
    quantidade_guias = models.PositiveIntegerField("guias apresentadas", default=0)
    quantidade_itens = models.PositiveIntegerField("itens apresentados", default=0)
    guias_com_glosa = models.PositiveIntegerField("guias com glosa", default=0)
    itens_com_glosa = models.PositiveIntegerField("itens com glosa", default=0)
    valor_informado = _dinheiro("valor informado")
    valor_processado = _dinheiro("valor processado")
    valor_glosado = _dinheiro("valor glosado")
    valor_liberado = _dinheiro("valor liberado")
    competencia = models.DateField("competência", null=True, blank=True, help_text="Primeiro dia do mês.")
    data_pagamento_prevista = models.DateField("data prevista de pagamento", null=True, blank=True)
    motivo_data_pagamento = models.CharField("motivo da data de pagamento", max_length=200, blank=True)
    data_pagamento = models.DateField("data do pagamento", null=True, blank=True)

    class Meta:
        verbose_name = "protocolo (PEG)"
        verbose_name_plural = "protocolos (PEG)"
        ordering = ["-recebido_em", "-id"]
        constraints = [models.UniqueConstraint(fields=["operadora", "numero"], name="protocolo_numero_unico")]
        indexes = [
            models.Index(fields=["operadora", "prestador", "-recebido_em"], name="protocolo_lista_idx"),
            models.Index(fields=["operadora", "situacao"], name="protocolo_situacao_idx"),
        ]

    def __str__(self) -> str:
        return f"PEG {self.numero}"

    @property
    def codigo_situacao_tiss(self) -> str:
        return self.CODIGO_TISS[self.situacao]

    @property
    def tem_demonstrativo_analise(self) -> bool:
        return self.situacao in self.SITUACOES_COM_DEMONSTRATIVO


class HistoricoProtocolo(models.Model):
    """One step of a protocol's timeline (append-only)."""

    protocolo = models.ForeignKey(Protocolo, on_delete=models.CASCADE, related_name="historico")
    situacao_anterior = models.CharField("de", max_length=25, blank=True)
    situacao = models.CharField("para", max_length=25, choices=Protocolo.Situacao.choices)
    quando = models.DateTimeField("quando")
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    motivo = models.CharField("motivo", max_length=300, blank=True)

    class Meta:
        verbose_name = "situação do protocolo"
        verbose_name_plural = "histórico de situações do protocolo"
        ordering = ["quando", "id"]

    def __str__(self) -> str:
        return f"{self.protocolo} → {self.situacao}"


class Guia(ModeloComDatas):
    """A billing guide of any of the five types. Type-specific fields are blank where they do not apply."""

    class Situacao(models.TextChoices):
        RASCUNHO = "rascunho", "Rascunho"
        DIGITADA = "digitada", "Digitada"
        EM_LOTE = "em_lote", "Em lote"
        ENVIADA = "enviada", "Enviada"
        CANCELADA = "cancelada", "Cancelada"

    # No single-column indexes for operadora/prestador/digitada_por/(item) guia: every read filters by operadora
    # and prestador through the composite indexes below, and each extra index is written by every received
    # guide (15 → 12 indexes on this table; PROTECT/SET_NULL checks on the rare deletes may scan).
    operadora = models.ForeignKey(Operadora, on_delete=models.PROTECT, related_name="guias", db_index=False)
    prestador = models.ForeignKey(Prestador, on_delete=models.PROTECT, related_name="guias", db_index=False)
    tipo = models.CharField("tipo de guia", max_length=1, choices=TipoGuia.choices)
    situacao = models.CharField(
        "situação", max_length=10, choices=Situacao.choices, default=Situacao.RASCUNHO
    )
    origem = models.CharField("origem", max_length=12, choices=Origem.choices, default=Origem.PORTAL)
    passo = models.PositiveSmallIntegerField("passo do assistente", default=1)
    lote = models.ForeignKey(Lote, null=True, blank=True, on_delete=models.SET_NULL, related_name="guias")
    protocolo = models.ForeignKey(
        Protocolo, null=True, blank=True, on_delete=models.PROTECT, related_name="guias"
    )

    # 1. numeração e beneficiário
    numero_guia_prestador = models.CharField("nº da guia no prestador", max_length=20, blank=True)
    numero_guia_operadora = models.CharField("nº da guia na operadora", max_length=20, blank=True)
    numero_guia_principal = models.CharField(
        "nº da guia referenciada / principal",
        max_length=20,
        blank=True,
        help_text="Guia principal (SP/SADT), de solicitação de internação (resumo, honorários) ou referenciada.",
    )
    senha = models.CharField("senha", max_length=20, blank=True)
    data_autorizacao = models.DateField("data da autorização", null=True, blank=True)
    validade_senha = models.DateField("validade da senha", null=True, blank=True)
    carteira = models.CharField("número da carteira", max_length=20, blank=True)
    beneficiario = models.ForeignKey(
        Beneficiario, null=True, blank=True, on_delete=models.PROTECT, related_name="guias_faturadas"
    )
    nome_beneficiario = models.CharField("nome do beneficiário", max_length=200, blank=True)
    atendimento_rn = models.BooleanField("atendimento a recém-nato", default=False)
    tipo_identificacao = models.CharField("tipo de identificação do beneficiário", max_length=2, blank=True)

    # 2. solicitante
    contratado_solicitante = models.CharField(
        "contratado solicitante (código/CNPJ/CPF)", max_length=14, blank=True
    )
    nome_contratado_solicitante = models.CharField(
        "nome do contratado solicitante", max_length=70, blank=True
    )
    solicitante = models.ForeignKey(
        Profissional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    solicitante_nome = models.CharField("profissional solicitante", max_length=70, blank=True)
    solicitante_conselho = models.CharField("conselho do solicitante", max_length=2, blank=True)
    solicitante_numero = models.CharField("nº no conselho do solicitante", max_length=15, blank=True)
    solicitante_uf = models.CharField("UF do conselho do solicitante (código IBGE)", max_length=2, blank=True)
    solicitante_cbo = models.CharField("CBO do solicitante", max_length=6, blank=True)
    solicitante_telefone = models.CharField("telefone", max_length=20, blank=True)
    solicitante_email = models.EmailField("e-mail", blank=True)
    interlocutor = models.CharField("nome do interlocutor", max_length=70, blank=True)
    data_solicitacao = models.DateField("data da solicitação", null=True, blank=True)
    indicacao_clinica = models.CharField("indicação clínica", max_length=500, blank=True)

    # 3. atendimento
    data_atendimento = models.DateField(
        "data do atendimento",
        null=True,
        blank=True,
        db_index=True,
        help_text="A primeira data de execução (a do prazo de faturamento).",
    )
    data_fim = models.DateField("data final", null=True, blank=True)
    carater_atendimento = models.CharField("caráter do atendimento", max_length=1, blank=True)
    tipo_atendimento = models.CharField("tipo de atendimento", max_length=2, blank=True)
    indicacao_acidente = models.CharField("indicação de acidente", max_length=1, blank=True)
    regime_atendimento = models.CharField("regime de atendimento", max_length=2, blank=True)
    tipo_consulta = models.CharField("tipo de consulta", max_length=1, blank=True)
    tipo_faturamento = models.CharField("tipo de faturamento", max_length=1, blank=True)
    tipo_internacao = models.CharField("tipo de internação", max_length=1, blank=True)
    regime_internacao = models.CharField("regime de internação", max_length=1, blank=True)
    motivo_encerramento = models.CharField("motivo de encerramento", max_length=2, blank=True)
    observacao = models.TextField("observação / justificativa", blank=True)
    # Resumo de internação and honorários: the billed period (data_atendimento is its first day, data_fim the
    # last), the exit diagnoses and the birth/death declarations.
    hora_inicio_faturamento = models.TimeField("hora de início do faturamento", null=True, blank=True)
    hora_final_faturamento = models.TimeField("hora final do faturamento", null=True, blank=True)
    diagnosticos = models.JSONField(
        "diagnósticos de saída (CID-10)", default=list, blank=True, help_text="Até 4 códigos CID-10."
    )
    declaracoes = models.JSONField(
        "declarações de nascido vivo / óbito",
        default=list,
        blank=True,
        help_text="Até 8: declaracao_nascido, diagnostico_obito, declaracao_obito, indicador_dorn.",
    )
    data_emissao_guia = models.DateField("data de emissão da guia", null=True, blank=True)
    # Honorários: the local contratado (where the procedure was done: a hospital).
    local_codigo_na_operadora = models.CharField("local: código na operadora", max_length=14, blank=True)
    local_cnpj = models.CharField("local: CNPJ", max_length=14, blank=True)
    local_nome = models.CharField("local: nome do contratado", max_length=70, blank=True)
    local_cnes = models.CharField("local: CNES", max_length=7, blank=True)

    # 4. executante
    cnes_executante = models.CharField("CNES do executante", max_length=7, blank=True)
    executante = models.ForeignKey(
        Profissional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    executante_nome = models.CharField("profissional executante", max_length=70, blank=True)
    executante_conselho = models.CharField("conselho do executante", max_length=2, blank=True)
    executante_numero = models.CharField("nº no conselho do executante", max_length=15, blank=True)
    executante_uf = models.CharField("UF do conselho do executante (código IBGE)", max_length=2, blank=True)
    executante_cbo = models.CharField("CBO do executante", max_length=6, blank=True)

    # totais informados
    valor_procedimentos = _dinheiro("procedimentos")
    valor_diarias = _dinheiro("diárias")
    valor_taxas = _dinheiro("taxas e aluguéis")
    valor_materiais = _dinheiro("materiais")
    valor_medicamentos = _dinheiro("medicamentos")
    valor_opme = _dinheiro("OPME")
    valor_gases = _dinheiro("gases medicinais")
    valor_total = _dinheiro("valor total informado")
    versao_tiss = models.CharField("versão TISS", max_length=8, blank=True)
    extras = models.JSONField("outros dados TISS", default=dict, blank=True)
    digitada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = "guia"
        verbose_name_plural = "guias"
        ordering = ["-criado_em", "-id"]
        constraints = [
            # A guide number is presented once per provider and operadora (1308 GUIA JÁ APRESENTADA). Also the
            # index of every lookup by guide number: those state its condition (not cancelled nor a draft, number
            # not empty), so PostgreSQL answers them from this partial index alone.
            models.UniqueConstraint(
                fields=["operadora", "prestador", "numero_guia_prestador"],
                condition=~Q(situacao__in=["cancelada", "rascunho"]) & ~Q(numero_guia_prestador=""),
                name="guia_numero_unico",
            ),
        ]
        indexes = [
            models.Index(fields=["operadora", "prestador", "situacao", "tipo"], name="guia_busca_idx"),
            models.Index(fields=["operadora", "carteira"], name="guia_carteira_idx"),
            models.Index(fields=["operadora", "senha"], name="guia_senha_idx"),
        ]

    def __str__(self) -> str:
        return f"Guia {self.get_tipo_display()} {self.numero_guia_prestador or '(rascunho)'}"

    @property
    def aceita_outras_despesas(self) -> bool:
        """TISS has `outrasDespesas` only in the SP/SADT and the resumo de internação."""
        return self.tipo in (TipoGuia.SP_SADT, TipoGuia.RESUMO_INTERNACAO)

    @property
    def valor_mat_med(self) -> Decimal:
        """Seed 003's 'Mat/Med.': materiais, medicamentos and OPME."""
        return self.valor_materiais + self.valor_medicamentos + self.valor_opme

    @property
    def valor_outros(self) -> Decimal:
        """Seed 003's 'Outros': diárias and gases medicinais (taxas have their own column)."""
        return self.valor_diarias + self.valor_gases


class ItemGuia(models.Model):
    """A procedure billed in a guide (consulta: one item; odonto: with tooth/region/face)."""

    class Conferencia(models.TextChoices):
        NAO_CONFERIDO = "nao_conferido", "Não conferido"
        CONFERIDO = "conferido", "Conferido"
        REMOVIDO = "removido", "Removido"
        NAO_CONFIRMADO = "nao_confirmado", "Não confirmado"

    # Reached by guide through the unique (guia, sequencial) index: no separate guia index.
    guia = models.ForeignKey(Guia, on_delete=models.CASCADE, related_name="itens", db_index=False)
    sequencial = models.PositiveSmallIntegerField("sequencial")
    data_execucao = models.DateField("data de execução")
    hora_inicial = models.TimeField("hora inicial", null=True, blank=True)
    hora_final = models.TimeField("hora final", null=True, blank=True)
    tabela = models.CharField("tabela", max_length=2, default="22")
    codigo = models.CharField("código TUSS", max_length=10)
    descricao = models.CharField("descrição", max_length=150, blank=True)
    quantidade = models.DecimalField("quantidade", max_digits=12, decimal_places=4)
    via_acesso = models.CharField("via de acesso", max_length=1, blank=True)
    tecnica = models.CharField("técnica utilizada", max_length=1, blank=True)
    reducao_acrescimo = models.DecimalField(
        "redução/acréscimo", max_digits=5, decimal_places=2, default=Decimal("1.00")
    )
    valor_unitario = models.DecimalField("valor unitário informado", max_digits=14, decimal_places=2)
    valor_total = models.DecimalField("valor total informado", max_digits=14, decimal_places=2)
    dente = models.CharField("dente", max_length=4, blank=True)
    regiao = models.CharField("região", max_length=4, blank=True)
    face = models.CharField("face", max_length=5, blank=True)
    valor_franquia = models.DecimalField("franquia", max_digits=14, decimal_places=2, null=True, blank=True)
    # GTO `procedimentosExecutados`: qtdUS (st_decimal7-2) and autorizado (st_logico, an xs:boolean: stored as a
    # boolean like atendimento_rn); null = not informed (a typed guide exports it as authorized, as before).
    qtd_us = models.DecimalField("quantidade de US", max_digits=7, decimal_places=2, null=True, blank=True)
    autorizado = models.BooleanField("autorizado", null=True, blank=True)
    grau_participacao = models.CharField("grau de participação", max_length=2, blank=True)
    executante_conselho = models.CharField("conselho do executante", max_length=2, blank=True)
    executante_numero = models.CharField("nº no conselho do executante", max_length=15, blank=True)
    executante_uf = models.CharField("UF do conselho (código IBGE)", max_length=2, blank=True)
    executante_cbo = models.CharField("CBO do executante", max_length=6, blank=True)
    # Automatic billing: the atendimento this item bills (once: see the constraint) and its conference state.
    atendimento_ref = models.CharField("atendimento de origem", max_length=64, blank=True)
    conferencia = models.CharField("conferência", max_length=15, choices=Conferencia.choices, blank=True)

    class Meta:
        verbose_name = "procedimento da guia"
        verbose_name_plural = "procedimentos da guia"
        ordering = ["guia_id", "sequencial"]
        constraints = [
            models.UniqueConstraint(fields=["guia", "sequencial"], name="item_sequencial_unico"),
            models.UniqueConstraint(
                fields=["atendimento_ref"],
                condition=~Q(atendimento_ref=""),
                name="atendimento_faturado_uma_vez",
            ),
        ]
        indexes = [models.Index(fields=["codigo", "data_execucao"], name="item_codigo_data_idx")]

    def __str__(self) -> str:
        return f"{self.tabela}/{self.codigo} × {self.quantidade}"


class OutraDespesa(models.Model):
    """`outrasDespesas/despesa`: gases, medicamentos, materiais, diárias, taxas e OPME."""

    class Codigo(models.TextChoices):
        GASES = "01", "Gases medicinais"
        MEDICAMENTOS = "02", "Medicamentos"
        MATERIAIS = "03", "Materiais"
        DIARIAS = "05", "Diárias"
        TAXAS = "07", "Taxas e aluguéis"
        OPME = "08", "OPME"

    guia = models.ForeignKey(Guia, on_delete=models.CASCADE, related_name="outras_despesas")
    sequencial = models.PositiveSmallIntegerField("sequencial")
    codigo_despesa = models.CharField("código da despesa", max_length=2, choices=Codigo.choices)
    data_execucao = models.DateField("data de execução")
    hora_inicial = models.TimeField("hora inicial", null=True, blank=True)
    hora_final = models.TimeField("hora final", null=True, blank=True)
    tabela = models.CharField("tabela", max_length=2)
    codigo = models.CharField("código", max_length=10)
    descricao = models.CharField("descrição", max_length=150)
    quantidade = models.DecimalField("quantidade", max_digits=12, decimal_places=4)
    unidade_medida = models.CharField("unidade de medida", max_length=3)
    reducao_acrescimo = models.DecimalField(
        "redução/acréscimo", max_digits=5, decimal_places=2, default=Decimal("1.00")
    )
    valor_unitario = models.DecimalField("valor unitário", max_digits=14, decimal_places=2)
    valor_total = models.DecimalField("valor total", max_digits=14, decimal_places=2)
    registro_anvisa = models.CharField("registro ANVISA", max_length=15, blank=True)
    codigo_ref_fabricante = models.CharField("referência do fabricante", max_length=60, blank=True)
    autorizacao_funcionamento = models.CharField("autorização de funcionamento", max_length=30, blank=True)
    item_vinculado = models.PositiveSmallIntegerField("item vinculado", null=True, blank=True)

    class Meta:
        verbose_name = "outra despesa"
        verbose_name_plural = "outras despesas"
        ordering = ["guia_id", "sequencial"]

    def __str__(self) -> str:
        return f"{self.get_codigo_despesa_display()} {self.codigo}"


class MembroEquipe(models.Model):
    """A professional of a procedure's team (SP/SADT and internação equipe, honorários profissionais)."""

    item = models.ForeignKey(ItemGuia, on_delete=models.CASCADE, related_name="equipe")
    grau_participacao = models.CharField("grau de participação", max_length=2, blank=True)
    codigo_prestador = models.CharField("código na operadora / CPF", max_length=14, blank=True)
    nome = models.CharField("nome", max_length=70)
    conselho = models.CharField("conselho", max_length=2)
    numero_conselho = models.CharField("número no conselho", max_length=15)
    uf = models.CharField("UF (código IBGE)", max_length=2)
    cbo = models.CharField("CBO", max_length=6)

    class Meta:
        verbose_name = "membro da equipe"
        verbose_name_plural = "equipe"

    def __str__(self) -> str:
        return self.nome


class AnexoGuia(models.Model):
    """A TISS clinical annex of a guide (OPME, quimioterapia, radioterapia, situação inicial odontológica)."""

    class Tipo(models.TextChoices):
        OPME = "opme", "Anexo de OPME"
        QUIMIOTERAPIA = "quimioterapia", "Anexo de quimioterapia"
        RADIOTERAPIA = "radioterapia", "Anexo de radioterapia"
        SITUACAO_INICIAL = "situacao_inicial", "Situação inicial (odontologia)"

    guia = models.ForeignKey(Guia, on_delete=models.CASCADE, related_name="anexos")
    tipo = models.CharField("tipo", max_length=20, choices=Tipo.choices)
    numero_guia_anexo = models.CharField("nº da guia do anexo", max_length=20, blank=True)
    dados = models.JSONField("dados do anexo", default=dict, blank=True)

    class Meta:
        verbose_name = "anexo clínico"
        verbose_name_plural = "anexos clínicos"

    def __str__(self) -> str:
        return self.get_tipo_display()


# Which annexes the wizard's step 5 types for each guide type: the OPME, quimioterapia and radioterapia annexes of
# an SP/SADT guide, the situação inicial (odontograma) of a tratamento odontológico guide.
TIPOS_DE_ANEXO_DA_GUIA: dict[str, tuple[str, ...]] = {
    TipoGuia.SP_SADT: (AnexoGuia.Tipo.OPME, AnexoGuia.Tipo.QUIMIOTERAPIA, AnexoGuia.Tipo.RADIOTERAPIA),
    TipoGuia.ODONTOLOGIA: (AnexoGuia.Tipo.SITUACAO_INICIAL,),
}


def _caminho_documento(instancia: "DocumentoAnexo", nome: str) -> str:
    return f"faturamento/{instancia.operadora_id}/{instancia.prestador_id}/documentos/{nome}"


class DocumentoAnexo(ModeloComDatas):
    """A document attached to a guide (from step 5 of the wizard, or to a saved or sent guide from 'Documentos
    anexos') or to a lote (TISS ENVIO_ANEXO / ENVIO_DOCUMENTO)."""

    class Situacao(models.TextChoices):
        RECEBIDO = "recebido", "Recebido"
        FALHOU = "falhou", "Falhou"

    operadora = models.ForeignKey(Operadora, on_delete=models.PROTECT, related_name="+")
    prestador = models.ForeignKey(Prestador, on_delete=models.PROTECT, related_name="documentos_faturamento")
    guia = models.ForeignKey(Guia, null=True, blank=True, on_delete=models.CASCADE, related_name="documentos")
    lote = models.ForeignKey(Lote, null=True, blank=True, on_delete=models.CASCADE, related_name="documentos")
    arquivo = models.FileField("arquivo", upload_to=_caminho_documento, blank=True)
    nome_original = models.CharField("nome do arquivo", max_length=200)
    tipo_documento = models.CharField("tipo de documento", max_length=40, blank=True)
    observacao = models.CharField("observação", max_length=500, blank=True)
    situacao = models.CharField(
        "situação", max_length=10, choices=Situacao.choices, default=Situacao.RECEBIDO
    )
    motivo_falha = models.CharField("motivo da falha", max_length=300, blank=True)
    enviado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "documento anexo"
        verbose_name_plural = "documentos anexos"
        ordering = ["-criado_em", "-id"]

    def __str__(self) -> str:
        return self.nome_original


class CalendarioNF(models.Model):
    """The operadora's invoice delivery calendar: per competência, the last day to deliver the NF and the
    payment date it earns."""

    operadora = models.ForeignKey(Operadora, on_delete=models.CASCADE, related_name="calendario_nf")
    competencia = models.DateField("competência", help_text="Primeiro dia do mês.")
    data_limite_envio = models.DateField("enviar até")
    data_pagamento = models.DateField("data de pagamento")

    class Meta:
        verbose_name = "calendário de entrega de NF"
        verbose_name_plural = "calendário de entrega de NF"
        ordering = ["competencia"]
        constraints = [
            models.UniqueConstraint(fields=["operadora", "competencia"], name="calendario_nf_unico")
        ]

    def __str__(self) -> str:
        return f"{self.competencia:%m/%Y}: até {self.data_limite_envio:%d/%m/%Y}"


def _caminho_nf(instancia: "NotaFiscal", nome: str) -> str:
    return f"faturamento/{instancia.operadora_id}/{instancia.prestador_id}/nf/{nome}"


class NotaFiscal(ModeloComDatas):
    class Formato(models.TextChoices):
        PDF = "pdf", "PDF"
        XML = "xml", "XML"

    operadora = models.ForeignKey(Operadora, on_delete=models.PROTECT, related_name="+")
    prestador = models.ForeignKey(Prestador, on_delete=models.PROTECT, related_name="notas_fiscais")
    protocolo = models.ForeignKey(
        Protocolo, null=True, blank=True, on_delete=models.PROTECT, related_name="notas_fiscais"
    )
    competencia = models.DateField("competência", help_text="Primeiro dia do mês.")
    numero = models.CharField("número da NF", max_length=20)
    data_emissao = models.DateField("emissão")
    valor = models.DecimalField("valor", max_digits=14, decimal_places=2)
    arquivo = models.FileField("arquivo", upload_to=_caminho_nf)
    formato = models.CharField("formato", max_length=3, choices=Formato.choices)
    no_prazo = models.BooleanField("entregue no prazo", default=True)
    data_pagamento_prevista = models.DateField("pagamento previsto", null=True, blank=True)
    motivo_data_pagamento = models.CharField("motivo", max_length=200, blank=True)
    enviada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "nota fiscal"
        verbose_name_plural = "notas fiscais"
        ordering = ["-criado_em", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["operadora", "prestador", "numero"], name="nf_numero_unico"),
        ]

    def __str__(self) -> str:
        return f"NF {self.numero}"
