"""Claims analysis and payment: the glosa rules as versioned configuration per operadora, the analysis of each
received protocol (one `AnaliseProtocolo`, the glosas it proposed and what the analyst decided), appeals
(recurso de glosa), other debits and credits, and payments (one per provider and payment date, which is what the
Demonstrativo de Pagamento shows).

The protocol, its guides and items are billing's (`billing.Protocolo`, `Guia`, `ItemGuia`); their states change
only through `billing.services`. No logic lives in `save()`: every change goes through `claims.services`.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from operadora.core.formatos import format_brl as brl
from operadora.core.models import ModeloComDatas

ZERO = Decimal("0.00")


def _dinheiro(nome: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(nome, max_digits=14, decimal_places=2, default=ZERO, **kwargs)


class ConjuntoRegras(models.Model):
    """One version of an operadora's glosa rules: which rules are on and their parameters. Versions are
    immutable; a change publishes the next version (`services.publicar_regras`), and each analysis records the
    version it ran with."""

    operadora = models.ForeignKey("registry.Operadora", on_delete=models.CASCADE, related_name="conjuntos_regras")
    versao = models.PositiveIntegerField("versão")
    regras = models.JSONField("regras", default=dict,
                              help_text='{"codigo_da_regra": {"ativa": true, "parametros": {...}}}')
    observacao = models.CharField("o que mudou", max_length=300, blank=True)
    criado_em = models.DateTimeField("publicada em", auto_now_add=True)
    criado_por = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = "versão das regras de glosa"
        verbose_name_plural = "versões das regras de glosa"
        ordering = ["operadora", "-versao"]
        constraints = [models.UniqueConstraint(fields=["operadora", "versao"], name="regras_versao_unica")]

    def __str__(self) -> str:
        return f"Regras v{self.versao}"


class AnaliseProtocolo(ModeloComDatas):
    """The analysis of one protocol (PEG): run once in the background, re-runnable, resumable after a crash (the
    whole run is one transaction, so a crash leaves the previous state and the task simply runs again)."""

    class Situacao(models.TextChoices):
        PENDENTE = "pendente", "Na fila"
        CONCLUIDA = "concluida", "Glosas propostas"
        LIBERADA = "liberada", "Liberada para faturamento"

    protocolo = models.OneToOneField("billing.Protocolo", on_delete=models.CASCADE, related_name="analise")
    conjunto_regras = models.ForeignKey(ConjuntoRegras, verbose_name="versão das regras", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="analises")
    situacao = models.CharField("situação", max_length=10, choices=Situacao.choices, default=Situacao.PENDENTE)
    execucoes = models.PositiveIntegerField("execuções", default=0)
    concluida_em = models.DateTimeField("concluída em", null=True, blank=True)
    quantidade_itens = models.PositiveIntegerField("itens analisados", default=0)
    itens_com_glosa = models.PositiveIntegerField("itens com glosa", default=0)
    guias_com_glosa = models.PositiveIntegerField("guias com glosa", default=0)
    valor_informado = _dinheiro("valor informado")
    valor_processado = _dinheiro("valor processado")
    valor_glosa = _dinheiro("valor glosado")
    valor_liberado = _dinheiro("valor liberado")
    liberada_em = models.DateTimeField("liberada em", null=True, blank=True)
    liberada_por = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        verbose_name = "análise de protocolo"
        verbose_name_plural = "análises de protocolos"

    def __str__(self) -> str:
        return f"Análise do protocolo {self.protocolo_id}"


class Glosa(ModeloComDatas):
    """A refusal of all or part of a billed item, with its TUSS 38 code, the rule that gave it, the evidence
    and the amount. The analyst confirms it, changes its amount or annuls it (with a justification, audited)."""

    class Origem(models.TextChoices):
        AUTOMATICA = "automatica", "Regra automática"
        MANUAL = "manual", "Analista"

    class Situacao(models.TextChoices):
        PROPOSTA = "proposta", "Proposta"
        CONFIRMADA = "confirmada", "Confirmada"
        ANULADA = "anulada", "Anulada pelo analista"

    protocolo = models.ForeignKey("billing.Protocolo", on_delete=models.CASCADE, related_name="glosas")
    guia = models.ForeignKey("billing.Guia", on_delete=models.CASCADE, related_name="glosas")
    # The billed line: a procedure (ItemGuia) or an outra despesa (materials, drugs, gases, diárias, taxas, OPME).
    item = models.ForeignKey("billing.ItemGuia", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="glosas")
    despesa = models.ForeignKey("billing.OutraDespesa", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="glosas")
    origem = models.CharField("origem", max_length=10, choices=Origem.choices, default=Origem.AUTOMATICA)
    regra = models.CharField("regra", max_length=30)
    conjunto_regras = models.ForeignKey(ConjuntoRegras, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="glosas")
    codigo_glosa = models.CharField("código da glosa (TUSS 38)", max_length=4)
    motivo = models.CharField("motivo", max_length=300)
    evidencia = models.JSONField("evidência", default=dict, blank=True)
    valor_proposto = models.DecimalField("valor proposto", max_digits=14, decimal_places=2,
                                         validators=[MinValueValidator(ZERO)])
    valor = models.DecimalField("valor glosado", max_digits=14, decimal_places=2,
                                validators=[MinValueValidator(ZERO)])
    situacao = models.CharField("situação", max_length=10, choices=Situacao.choices, default=Situacao.PROPOSTA)
    decidida_por = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    decidida_em = models.DateTimeField("decidida em", null=True, blank=True)
    justificativa = models.TextField("justificativa do analista", blank=True)
    valor_acatado_recurso = _dinheiro("valor acatado em recurso")

    class Meta:
        verbose_name = "glosa"
        verbose_name_plural = "glosas"
        ordering = ["guia_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "regra"], condition=Q(origem="automatica"),
                                    name="glosa_automatica_unica_por_regra"),
            models.UniqueConstraint(fields=["despesa", "regra"], condition=Q(origem="automatica"),
                                    name="glosa_automatica_despesa_unica"),
            models.CheckConstraint(condition=Q(item__isnull=False, despesa__isnull=True)
                                   | Q(item__isnull=True, despesa__isnull=False), name="glosa_de_item_ou_despesa"),
            models.CheckConstraint(condition=Q(valor__gte=0) & Q(valor_proposto__gte=0), name="glosa_valor_positivo"),
        ]
        indexes = [models.Index(fields=["protocolo", "situacao"], name="glosa_protocolo_idx")]

    def __str__(self) -> str:
        return f"Glosa {self.codigo_glosa} {brl(self.valor)}"

    @property
    def ativa(self) -> bool:
        return self.situacao != self.Situacao.ANULADA

    @property
    def linha(self) -> Any:
        """The billed line (procedure or outra despesa): both have sequencial, data_execucao, tabela, codigo,
        descricao, quantidade and valor_total."""
        return self.item if self.item_id is not None else self.despesa

    @property
    def chave_linha(self) -> tuple[str, int | None]:
        return ("d", self.despesa_id) if self.despesa_id is not None else ("i", self.item_id)

    @property
    def regra_nome(self) -> str:
        from .regras import POR_CODIGO

        definicao = POR_CODIGO.get(self.regra)
        return definicao.nome if definicao else "Glosa do analista"

    @property
    def rotulo(self) -> str:
        """'1705 - VALOR APRESENTADO A MAIOR'."""
        from .codigos import rotulo

        return rotulo(self.codigo_glosa)


class RecursoGlosa(ModeloComDatas):
    """The provider's appeal of a protocol, a guide or some items (TISS RECURSO_GLOSA), and the operator's
    answer (RESPOSTA_RECURSO_GLOSA). Accepted amounts become credits in the next payment."""

    class Objeto(models.TextChoices):
        # dm_objetoRecurso: 1 protocolo, 2 guia (items are appealed inside their guide).
        PROTOCOLO = "1", "Protocolo"
        GUIA = "2", "Guia"

    class Origem(models.TextChoices):
        PORTAL = "portal", "Portal do prestador"
        XML = "xml", "Arquivo XML (RECURSO_GLOSA)"

    class Situacao(models.TextChoices):
        RECEBIDO = "recebido", "Recebido — em análise"
        ACATADO = "acatado", "Acatado"
        PARCIAL = "parcial", "Acatado parcialmente"
        MANTIDO = "mantido", "Glosa mantida"

    operadora = models.ForeignKey("registry.Operadora", on_delete=models.PROTECT, related_name="+")
    prestador = models.ForeignKey("registry.Prestador", on_delete=models.PROTECT, related_name="recursos_glosa")
    protocolo = models.ForeignKey("billing.Protocolo", on_delete=models.PROTECT, related_name="recursos_glosa")
    guia = models.ForeignKey("billing.Guia", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    numero = models.CharField("protocolo do recurso", max_length=12)
    numero_prestador = models.CharField("nº da guia de recurso no prestador", max_length=20, blank=True)
    objeto = models.CharField("objeto do recurso", max_length=1, choices=Objeto.choices)
    origem = models.CharField("origem", max_length=6, choices=Origem.choices, default=Origem.PORTAL)
    situacao = models.CharField("situação", max_length=10, choices=Situacao.choices, default=Situacao.RECEBIDO)
    justificativa = models.TextField("justificativa do prestador")
    valor_recursado = _dinheiro("valor recursado")
    valor_acatado = _dinheiro("valor acatado")
    enviado_por = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    respondido_em = models.DateTimeField("respondido em", null=True, blank=True)
    respondido_por = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    justificativa_operadora = models.TextField("justificativa da operadora", blank=True)

    class Meta:
        verbose_name = "recurso de glosa"
        verbose_name_plural = "recursos de glosa"
        ordering = ["-criado_em", "-id"]
        constraints = [models.UniqueConstraint(fields=["operadora", "numero"], name="recurso_numero_unico")]
        indexes = [models.Index(fields=["operadora", "prestador", "-criado_em"], name="recurso_lista_idx"),
                   models.Index(fields=["operadora", "situacao"], name="recurso_situacao_idx")]

    def __str__(self) -> str:
        return f"Recurso {self.numero}"


class ItemRecurso(models.Model):
    """One appealed glosa with the amount asked and the operator's decision. A glosa is appealed once (2904)."""

    class Decisao(models.TextChoices):
        ACATADO = "acatado", "Acatado"
        PARCIAL = "parcial", "Acatado parcialmente"
        MANTIDO = "mantido", "Mantido"

    recurso = models.ForeignKey(RecursoGlosa, on_delete=models.CASCADE, related_name="itens")
    glosa = models.OneToOneField(Glosa, on_delete=models.PROTECT, related_name="recurso_item")
    valor_recursado = models.DecimalField("valor recursado", max_digits=14, decimal_places=2,
                                          validators=[MinValueValidator(Decimal("0.01"))])
    justificativa = models.TextField("justificativa")
    decisao = models.CharField("decisão", max_length=10, choices=Decisao.choices, blank=True)
    valor_acatado = _dinheiro("valor acatado")
    justificativa_operadora = models.TextField("justificativa da operadora", blank=True)

    class Meta:
        verbose_name = "item do recurso"
        verbose_name_plural = "itens do recurso"
        ordering = ["recurso", "id"]

    def __str__(self) -> str:
        return f"{self.glosa} → {brl(self.valor_recursado)}"


def _caminho_anexo_recurso(instancia: "AnexoRecurso", nome: str) -> str:
    return f"recursos/{instancia.recurso.operadora_id}/{instancia.recurso_id}/{nome}"


class AnexoRecurso(models.Model):
    recurso = models.ForeignKey(RecursoGlosa, on_delete=models.CASCADE, related_name="anexos")
    arquivo = models.FileField("arquivo", upload_to=_caminho_anexo_recurso, max_length=300)
    nome_original = models.CharField("nome do arquivo", max_length=200)
    tamanho = models.PositiveIntegerField("tamanho (bytes)")
    enviado_em = models.DateTimeField("enviado em", auto_now_add=True)

    class Meta:
        verbose_name = "anexo do recurso"
        verbose_name_plural = "anexos do recurso"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.nome_original


class ParametrosPagamento(models.Model):
    """How one operadora pays: withholdings by provider type, form of payment, and the payment date used when
    the NF calendar has no entry for the competência."""

    operadora = models.OneToOneField("registry.Operadora", on_delete=models.CASCADE,
                                     related_name="parametros_pagamento")
    aliquota_irrf_pj = models.DecimalField("IRRF pessoa jurídica (%)", max_digits=5, decimal_places=2,
                                           default=Decimal("1.50"))
    aliquota_csrf_pj = models.DecimalField("PIS/COFINS/CSLL pessoa jurídica (%)", max_digits=5, decimal_places=2,
                                           default=Decimal("4.65"))
    aliquota_iss = models.DecimalField("ISS retido (%)", max_digits=5, decimal_places=2, default=Decimal("0.00"),
                                       help_text="Quando o município exige retenção pelo tomador.")
    forma_pagamento = models.CharField("forma de pagamento (dm_formaPagamento)", max_length=1, default="1")
    dias_para_pagamento = models.PositiveSmallIntegerField(
        "dias úteis até o pagamento", default=10,
        help_text="Usado quando o calendário de NF não tem a competência.")

    class Meta:
        verbose_name = "parâmetros de pagamento"
        verbose_name_plural = "parâmetros de pagamento"

    def __str__(self) -> str:
        return f"Pagamento {self.operadora_id}"


class Pagamento(ModeloComDatas):
    """What one provider receives from one operadora on one payment date (the Demonstrativo de Pagamento's
    unit): the faturado protocols, the other debits and credits, and the net value."""

    class Situacao(models.TextChoices):
        PREVISTO = "previsto", "Previsto"
        PAGO = "pago", "Pago"

    operadora = models.ForeignKey("registry.Operadora", on_delete=models.PROTECT, related_name="+")
    prestador = models.ForeignKey("registry.Prestador", on_delete=models.PROTECT, related_name="pagamentos")
    numero = models.CharField("nº do demonstrativo", max_length=12)
    data_pagamento = models.DateField("data do pagamento")
    competencia = models.DateField("competência", help_text="Primeiro dia do mês.")
    situacao = models.CharField("situação", max_length=10, choices=Situacao.choices, default=Situacao.PREVISTO)
    forma_pagamento = models.CharField("forma de pagamento", max_length=1, default="1")
    valor_informado = _dinheiro("valor informado")
    valor_processado = _dinheiro("valor processado")
    valor_liberado = _dinheiro("valor liberado")
    valor_glosa = _dinheiro("valor glosado")
    total_debitos = _dinheiro("demais débitos")
    total_creditos = _dinheiro("demais créditos")
    valor_liquido = _dinheiro("valor a receber")
    pago_em = models.DateTimeField("pago em", null=True, blank=True)
    pago_por = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        verbose_name = "pagamento"
        verbose_name_plural = "pagamentos"
        ordering = ["-data_pagamento", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["operadora", "prestador", "data_pagamento"], name="pagamento_unico"),
            models.UniqueConstraint(fields=["operadora", "numero"], name="pagamento_numero_unico"),
        ]
        indexes = [models.Index(fields=["operadora", "prestador", "competencia"], name="pagamento_comp_idx")]

    def __str__(self) -> str:
        return f"Pagamento {self.numero} de {self.data_pagamento:%d/%m/%Y}"


class ProtocoloPagamento(models.Model):
    """A faturado protocol in a payment (once)."""

    pagamento = models.ForeignKey(Pagamento, on_delete=models.CASCADE, related_name="protocolos")
    protocolo = models.OneToOneField("billing.Protocolo", on_delete=models.PROTECT, related_name="pagamento_claims")

    class Meta:
        verbose_name = "protocolo do pagamento"
        verbose_name_plural = "protocolos do pagamento"

    def __str__(self) -> str:
        return f"{self.pagamento} ← {self.protocolo_id}"


class LancamentoFinanceiro(ModeloComDatas):
    """Another debit or credit of a provider (withholdings, adjustments, accepted appeals), included in the next
    payment that is not yet paid."""

    class Tipo(models.TextChoices):
        IRRF = "irrf", "IRRF retido"
        CSRF = "csrf", "PIS/COFINS/CSLL retidos"
        ISS = "iss", "ISS retido"
        AJUSTE_DEBITO = "ajuste_debito", "Ajuste (débito)"
        AJUSTE_CREDITO = "ajuste_credito", "Ajuste (crédito)"
        RECURSO = "recurso", "Recurso de glosa acatado"

    class Indicador(models.TextChoices):
        # dm_debitoCreditoIndicador
        DEBITO = "1", "Débito"
        CREDITO = "2", "Crédito"

    operadora = models.ForeignKey("registry.Operadora", on_delete=models.PROTECT, related_name="+")
    prestador = models.ForeignKey("registry.Prestador", on_delete=models.PROTECT, related_name="lancamentos")
    pagamento = models.ForeignKey(Pagamento, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="lancamentos")
    tipo = models.CharField("tipo", max_length=15, choices=Tipo.choices)
    indicador = models.CharField("indicação", max_length=1, choices=Indicador.choices)
    codigo_tiss = models.CharField("código do débito/crédito (dm_debitoCreditoTipo)", max_length=2)
    descricao = models.CharField("descrição", max_length=40)
    valor = models.DecimalField("valor", max_digits=14, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0.01"))])
    item_recurso = models.OneToOneField(ItemRecurso, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="credito")
    criado_por = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = "débito/crédito"
        verbose_name_plural = "demais débitos e créditos"
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(valor__gt=0), name="lancamento_valor_positivo")]
        indexes = [models.Index(fields=["operadora", "prestador", "pagamento"], name="lancamento_pendente_idx")]

    def __str__(self) -> str:
        return f"{self.get_indicador_display()} {self.descricao} {brl(self.valor)}"


class SequenciaClaims(models.Model):
    """Counters for appeal and statement numbers (`chave` e.g. 'recurso:3'), under select_for_update + F()."""

    chave = models.CharField(max_length=60, unique=True)
    ultimo = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "sequência"
        verbose_name_plural = "sequências"

    def __str__(self) -> str:
        return f"{self.chave}={self.ultimo}"
