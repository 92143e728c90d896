"""Every write of claims. Named verbs, keyword-only arguments, atomic; audit recorded explicitly.

- Rules: `garantir_regras`, `publicar_regras` (a new immutable version per change).
- Analysis: `analisar_protocolo` (what `tasks.analisar_protocolo` runs; idempotent and re-runnable while the
  protocol is in analysis), `decidir_glosa`, `incluir_glosa`, `liberar_protocolo`.
- Appeals: `recorrer`, `receber_recurso_xml`, `responder_recurso`.
- Payment: `faturar`, `registrar_ajuste`, `executar_pagamentos`.

Protocol states change only through `billing.services` (`iniciar_analise`, `liberar_para_faturamento`,
`faturar_protocolo`, `registrar_pagamento`).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from operadora.billing import services as faturamento
from operadora.billing.models import ItemGuia, Protocolo
from operadora.core import auditoria
from operadora.core.erros import ErroDeNegocio, NaoEncontrado, TransicaoInvalida
from operadora.registry.models import Operadora

from . import codigos, motor, regras
from .models import (
    AnaliseProtocolo,
    ConjuntoRegras,
    Glosa,
)

ZERO = Decimal("0.00")
S = Protocolo.Situacao
MIN_JUSTIFICATIVA = 10


def _proximo_numero(chave: str) -> int:
    """The next value of a counter, in one statement (safe under concurrency)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO claims_sequenciaclaims (chave, ultimo) VALUES (%s, 1) "
            "ON CONFLICT (chave) DO UPDATE SET ultimo = claims_sequenciaclaims.ultimo + 1 RETURNING ultimo",
            [chave],
        )
        return int(cursor.fetchone()[0])


# --- rules as versioned configuration ----------------------------------------------------------------------


def garantir_regras(operadora: Operadora) -> ConjuntoRegras:
    """The operadora's current rule version; version 1 (the catalogue's defaults) when it has none yet."""
    atual = ConjuntoRegras.objects.filter(operadora=operadora).order_by("-versao").first()
    if atual is not None:
        return atual
    atual, _ = ConjuntoRegras.objects.get_or_create(
        operadora=operadora, versao=1,
        defaults={"regras": regras.configuracao_padrao(), "observacao": "Configuração inicial (padrão)."})
    return atual


def _validar_configuracao(configuracao: dict[str, Any]) -> dict[str, dict[str, Any]]:
    desconhecidas = set(configuracao) - set(regras.POR_CODIGO)
    if desconhecidas:
        raise ErroDeNegocio(f"Regra desconhecida: {', '.join(sorted(desconhecidas))}.")
    for codigo, cfg in configuracao.items():
        if not isinstance(cfg, dict) or not isinstance(cfg.get("parametros", {}), dict):
            raise ErroDeNegocio(f"Configuração inválida para a regra {codigo}: use {{'ativa': …, 'parametros': {{…}}}}.")
    return regras.normalizar_configuracao(
        {codigo: configuracao.get(codigo, {"ativa": True}) for codigo in regras.POR_CODIGO})


@transaction.atomic
def publicar_regras(*, operadora: Operadora, configuracao: dict[str, Any], usuario: Any = None,
                    observacao: str = "") -> ConjuntoRegras:
    """Publishes the next version: enable/disable rules and set their parameters. Protocols already analysed keep
    the version they recorded; a re-analysis uses the new one."""
    normalizada = _validar_configuracao(configuracao)
    Operadora.objects.select_for_update().get(pk=operadora.pk)
    anterior = ConjuntoRegras.objects.filter(operadora=operadora).order_by("-versao").first()
    versao = ConjuntoRegras.objects.create(operadora=operadora, versao=(anterior.versao + 1) if anterior else 1,
                                           regras=normalizada, observacao=observacao[:300], criado_por=usuario)
    auditoria.registrar(acao="claims.regras_publicadas", usuario=usuario, objeto=versao,
                        descricao=f"Regras de glosa v{versao.versao} publicadas",
                        detalhes={"anterior": anterior.regras if anterior else None, "nova": normalizada})
    return versao


# --- analysis ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totais:
    quantidade_itens: int
    itens_com_glosa: int
    guias_com_glosa: int
    valor_informado: Decimal
    valor_processado: Decimal
    valor_glosa: Decimal
    valor_liberado: Decimal


def glosa_por_item(glosas: Iterable[tuple[int, Decimal]], totais_dos_itens: dict[int, Decimal]) -> dict[int, Decimal]:
    """Each item's glosa: the sum of its active glosas, never more than the item's value (two reasons refusing the
    whole item refuse it once)."""
    soma: dict[int, Decimal] = defaultdict(Decimal)
    for item_id, valor in glosas:
        soma[item_id] += valor
    return {item_id: min(valor, totais_dos_itens.get(item_id, valor)) for item_id, valor in soma.items()}


def totais_do_protocolo(protocolo: Protocolo) -> Totais:
    """Informado = the protocol's; processado = informado; glosa = per item, capped; liberado = the rest. Two
    queries."""
    itens = {i: (g, v) for i, g, v in ItemGuia.objects.filter(guia__protocolo=protocolo)
             .values_list("id", "guia_id", "valor_total")}
    ativas = Glosa.objects.filter(protocolo=protocolo).exclude(situacao=Glosa.Situacao.ANULADA)
    por_item = glosa_por_item(ativas.values_list("item_id", "valor"), {i: v for i, (_, v) in itens.items()})
    com_glosa = {i for i, v in por_item.items() if v > 0}
    glosa = sum(por_item.values(), ZERO)
    return Totais(
        quantidade_itens=len(itens), itens_com_glosa=len(com_glosa),
        guias_com_glosa=len({itens[i][0] for i in com_glosa if i in itens}),
        valor_informado=protocolo.valor_informado, valor_processado=protocolo.valor_informado,
        valor_glosa=glosa, valor_liberado=protocolo.valor_informado - glosa,
    )


def _gravar_totais(analise: AnaliseProtocolo, totais: Totais) -> None:
    for campo in ("quantidade_itens", "itens_com_glosa", "guias_com_glosa", "valor_informado", "valor_processado",
                  "valor_glosa", "valor_liberado"):
        setattr(analise, campo, getattr(totais, campo))


@transaction.atomic
def analisar_protocolo(*, protocolo_id: int, usuario: Any = None) -> AnaliseProtocolo:
    """Runs (or re-runs) the analysis of a received protocol, in one transaction, with a fixed number of queries:
    moves it to 'Em análise' (billing), evaluates every enabled rule of the operadora's current version over
    every item, replaces the glosas still only proposed, keeps the ones an analyst already decided, and records
    the totals and the rule version. Running it twice gives the same result; a crash rolls everything back and
    the task runs again."""
    try:
        protocolo = Protocolo.objects.select_for_update().select_related("operadora").get(pk=protocolo_id)
    except Protocolo.DoesNotExist:
        raise NaoEncontrado(f"Protocolo {protocolo_id} não encontrado.") from None
    if protocolo.situacao == S.RECEBIDO:
        protocolo = faturamento.iniciar_analise(protocolo_id=protocolo.pk, usuario=usuario)
    elif protocolo.situacao != S.EM_ANALISE:
        raise TransicaoInvalida(f"O protocolo {protocolo.numero} está '{protocolo.get_situacao_display()}': só se "
                                "analisa um protocolo recebido ou em análise.")
    analise, _ = AnaliseProtocolo.objects.select_for_update().get_or_create(protocolo=protocolo)
    versao = garantir_regras(protocolo.operadora)
    _, propostas = motor.analisar_itens(
        operadora=protocolo.operadora, prestador_id=protocolo.prestador_id, filtro=Q(guia__protocolo=protocolo),
        recebido_em=timezone.localdate(protocolo.recebido_em), protocolo_id=protocolo.pk,
        configuracao=regras.normalizar_configuracao(versao.regras))
    automaticas = Glosa.objects.filter(protocolo=protocolo, origem=Glosa.Origem.AUTOMATICA)
    decididas = set(automaticas.exclude(situacao=Glosa.Situacao.PROPOSTA).values_list("item_id", "regra"))
    automaticas.filter(situacao=Glosa.Situacao.PROPOSTA).delete()
    Glosa.objects.bulk_create([
        Glosa(protocolo=protocolo, guia_id=p.guia_id, item_id=p.item_id, regra=p.regra, conjunto_regras=versao,
              codigo_glosa=p.codigo_glosa, motivo=p.motivo, evidencia=p.evidencia, valor_proposto=p.valor,
              valor=p.valor)
        for p in propostas if (p.item_id, p.regra) not in decididas
    ])
    _gravar_totais(analise, totais_do_protocolo(protocolo))
    analise.conjunto_regras = versao
    analise.situacao = AnaliseProtocolo.Situacao.CONCLUIDA
    analise.execucoes += 1
    analise.concluida_em = timezone.now()
    analise.save()
    auditoria.registrar(acao="claims.protocolo_analisado", usuario=usuario, objeto=protocolo,
                        descricao=f"Protocolo {protocolo.numero} analisado com as regras v{versao.versao}: "
                                  f"{len(propostas)} glosa(s) proposta(s)",
                        detalhes={"versao_regras": versao.versao, "glosas": len(propostas),
                                  "valor_glosa": str(analise.valor_glosa)})
    return analise


def _glosa_em_analise(glosa_id: int) -> Glosa:
    try:
        glosa = Glosa.objects.select_for_update().select_related("protocolo", "item").get(pk=glosa_id)
    except (Glosa.DoesNotExist, ValueError, TypeError):
        raise NaoEncontrado("Glosa não encontrada.") from None
    if glosa.protocolo.situacao != S.EM_ANALISE:
        raise TransicaoInvalida("As glosas só mudam enquanto o protocolo está em análise.")
    return glosa


def _recalcular(protocolo: Protocolo) -> AnaliseProtocolo:
    analise = AnaliseProtocolo.objects.select_for_update().get(protocolo=protocolo)
    _gravar_totais(analise, totais_do_protocolo(protocolo))
    analise.save()
    return analise


class Decisao:
    CONFIRMAR = "confirmar"
    AJUSTAR = "ajustar"
    ANULAR = "anular"
    TODAS = (CONFIRMAR, AJUSTAR, ANULAR)


@transaction.atomic
def decidir_glosa(*, glosa_id: int, decisao: str, usuario: Any, justificativa: str = "",
                  valor: Decimal | None = None, ip: str | None = None) -> Glosa:
    """The analyst confirms a glosa, changes its amount, or annuls it; changing or annulling needs a
    justification. Who, when, before and after go to the audit log."""
    if decisao not in Decisao.TODAS:
        raise ErroDeNegocio("Escolha confirmar, ajustar o valor ou anular a glosa.")
    justificativa = (justificativa or "").strip()
    if decisao != Decisao.CONFIRMAR and len(justificativa) < MIN_JUSTIFICATIVA:
        raise ErroDeNegocio(f"Justifique a decisão (pelo menos {MIN_JUSTIFICATIVA} caracteres).")
    glosa = _glosa_em_analise(glosa_id)
    antes = {"situacao": glosa.situacao, "valor": str(glosa.valor)}
    if decisao == Decisao.AJUSTAR:
        if valor is None or valor <= 0 or valor > glosa.item.valor_total:
            raise ErroDeNegocio(f"O valor da glosa deve ser maior que zero e no máximo R$ {glosa.item.valor_total} "
                                "(o valor do item).")
        glosa.valor = valor.quantize(regras.CENTAVO)
        glosa.situacao = Glosa.Situacao.CONFIRMADA
    elif decisao == Decisao.ANULAR:
        glosa.situacao = Glosa.Situacao.ANULADA
    else:
        glosa.situacao = Glosa.Situacao.CONFIRMADA
    glosa.decidida_por, glosa.decidida_em, glosa.justificativa = usuario, timezone.now(), justificativa
    glosa.save(update_fields=["valor", "situacao", "decidida_por", "decidida_em", "justificativa", "atualizado_em"])
    _recalcular(glosa.protocolo)
    auditoria.registrar(acao=f"claims.glosa_{decisao}", usuario=usuario, objeto=glosa, ip=ip,
                        descricao=f"Glosa {glosa.codigo_glosa} do item {glosa.item_id}: {decisao}",
                        detalhes={"antes": antes, "depois": {"situacao": glosa.situacao, "valor": str(glosa.valor)},
                                  "justificativa": justificativa, "protocolo": glosa.protocolo.numero})
    return glosa


@transaction.atomic
def incluir_glosa(*, item_id: int, codigo_glosa: str, valor: Decimal, justificativa: str, usuario: Any,
                  ip: str | None = None) -> Glosa:
    """A glosa the analyst adds by hand (any TUSS 38 code of the table), on an item of a protocol in analysis."""
    justificativa = (justificativa or "").strip()
    if not codigos.descricao(codigo_glosa or ""):
        raise ErroDeNegocio(f"O código {codigo_glosa or '(vazio)'} não existe na tabela TUSS 38.")
    if len(justificativa) < MIN_JUSTIFICATIVA:
        raise ErroDeNegocio(f"Justifique a glosa (pelo menos {MIN_JUSTIFICATIVA} caracteres).")
    try:
        item = ItemGuia.objects.select_related("guia__protocolo").get(pk=item_id)
    except (ItemGuia.DoesNotExist, ValueError, TypeError):
        raise NaoEncontrado("Item não encontrado.") from None
    protocolo = item.guia.protocolo
    if protocolo is None or protocolo.situacao != S.EM_ANALISE:
        raise TransicaoInvalida("Só se incluem glosas em protocolos em análise.")
    if valor is None or valor <= 0 or valor > item.valor_total:
        raise ErroDeNegocio(f"O valor da glosa deve ser maior que zero e no máximo R$ {item.valor_total}.")
    glosa = Glosa.objects.create(
        protocolo=protocolo, guia_id=item.guia_id, item=item, origem=Glosa.Origem.MANUAL, regra="manual",
        codigo_glosa=codigo_glosa, motivo=justificativa[:300], valor_proposto=valor, valor=valor,
        situacao=Glosa.Situacao.CONFIRMADA, decidida_por=usuario, decidida_em=timezone.now(),
        justificativa=justificativa, evidencia={"analista": getattr(usuario, "username", "")})
    _recalcular(protocolo)
    auditoria.registrar(acao="claims.glosa_incluida", usuario=usuario, objeto=glosa, ip=ip,
                        descricao=f"Glosa manual {codigo_glosa} de R$ {valor} no item {item.pk}",
                        detalhes={"protocolo": protocolo.numero, "justificativa": justificativa})
    return glosa


@transaction.atomic
def liberar_protocolo(*, protocolo_id: int, usuario: Any, ip: str | None = None) -> AnaliseProtocolo:
    """*Liberar para faturamento*: the proposals not yet decided are confirmed by the analyst who releases, the
    totals go to the protocol (billing) and the Demonstrativo de Análise de Conta becomes available."""
    try:
        protocolo = Protocolo.objects.select_for_update().get(pk=protocolo_id)
    except (Protocolo.DoesNotExist, ValueError, TypeError):
        raise NaoEncontrado("Protocolo não encontrado.") from None
    if protocolo.situacao != S.EM_ANALISE or not hasattr(protocolo, "analise"):
        raise TransicaoInvalida(f"O protocolo {protocolo.numero} não está em análise com glosas propostas.")
    agora = timezone.now()
    confirmadas = Glosa.objects.filter(protocolo=protocolo, situacao=Glosa.Situacao.PROPOSTA).update(
        situacao=Glosa.Situacao.CONFIRMADA, decidida_por=usuario, decidida_em=agora,
        justificativa="Confirmada na liberação.", atualizado_em=agora)
    analise = _recalcular(protocolo)
    faturamento.liberar_para_faturamento(
        protocolo_id=protocolo.pk, valor_glosado=analise.valor_glosa, usuario=usuario,
        guias_com_glosa=analise.guias_com_glosa, itens_com_glosa=analise.itens_com_glosa,
        motivo=f"Análise concluída: R$ {analise.valor_glosa} glosado(s).")
    analise.situacao = AnaliseProtocolo.Situacao.LIBERADA
    analise.liberada_em, analise.liberada_por = agora, usuario
    analise.save(update_fields=["situacao", "liberada_em", "liberada_por", "atualizado_em"])
    auditoria.registrar(acao="claims.protocolo_liberado", usuario=usuario, objeto=protocolo, ip=ip,
                        descricao=f"Protocolo {protocolo.numero} liberado para faturamento",
                        detalhes={"confirmadas_na_liberacao": confirmadas, "valor_glosa": str(analise.valor_glosa),
                                  "valor_liberado": str(analise.valor_liberado)})
    return analise
