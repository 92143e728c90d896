"""Every write of claims. Named verbs, keyword-only arguments, atomic; audit recorded explicitly.

- Rules: `garantir_regras`, `publicar_regras` (a new immutable version per change).
- Analysis: `analisar_protocolo` (what `tasks.analisar_protocolo` runs; idempotent and re-runnable while the
  protocol is in analysis), `decidir_glosa`, `incluir_glosa`, `liberar_protocolo`.
- Appeals: `recorrer`, `receber_recurso_xml`, `responder_recurso`.
- Payment: `faturar`, `registrar_ajuste`, `executar_pagamentos`.

Protocol states change only through `billing.services` (`iniciar_analise`, `liberar_para_faturamento`,
`faturar_protocolo`, `registrar_pagamentos`).
"""

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from operadora.billing import selectors as faturamento_selectors
from operadora.billing import services as faturamento
from operadora.billing.models import ItemGuia, NotaFiscal, OutraDespesa, Protocolo
from operadora.core import armazenamento, arquivos, auditoria, calendario
from operadora.core.erros import ErroDeNegocio, NaoEncontrado, TransicaoInvalida
from operadora.core.formatos import format_brl as brl
from operadora.registry.models import Operadora, Prestador
from operadora.tiss.codigos import MENSAGEM_FORA_DO_PADRAO

from . import codigos, motor, regras, selectors
from .models import (
    AnaliseProtocolo,
    AnexoRecurso,
    ConjuntoRegras,
    Glosa,
    ItemRecurso,
    LancamentoFinanceiro,
    Pagamento,
    ParametrosPagamento,
    ProtocoloPagamento,
    RecursoGlosa,
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


Linha = tuple[str, int]  # ("i", ItemGuia id) or ("d", OutraDespesa id)


def glosa_por_item(glosas: Iterable[tuple[Linha, Decimal]], totais_dos_itens: dict[Linha, Decimal]
                   ) -> dict[Linha, Decimal]:
    """Each line's glosa: the sum of its active glosas, never more than the line's value (two reasons refusing the
    whole line refuse it once)."""
    soma: dict[Linha, Decimal] = defaultdict(Decimal)
    for linha, valor in glosas:
        soma[linha] += valor
    return {linha: min(valor, totais_dos_itens.get(linha, valor)) for linha, valor in soma.items()}


def totais_do_protocolo(protocolo: Protocolo) -> Totais:
    """Informado = the protocol's; processado = informado; glosa = per line (procedure or outra despesa), capped;
    liberado = the rest. Three queries."""
    itens: dict[Linha, tuple[int, Decimal]] = {
        ("i", i): (g, v) for i, g, v in ItemGuia.objects.filter(guia__protocolo=protocolo)
        .values_list("id", "guia_id", "valor_total")}
    itens |= {("d", i): (g, v) for i, g, v in OutraDespesa.objects.filter(guia__protocolo=protocolo)
              .values_list("id", "guia_id", "valor_total")}
    ativas = Glosa.objects.filter(protocolo=protocolo).exclude(situacao=Glosa.Situacao.ANULADA)
    glosas = [(("d", d) if d else ("i", i), v) for i, d, v in ativas.values_list("item_id", "despesa_id", "valor")]
    por_item = glosa_por_item(glosas, {linha: valor for linha, (_, valor) in itens.items()})
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


COLUNAS_GLOSA = ("protocolo_id", "guia_id", "item_id", "despesa_id", "origem", "regra", "conjunto_regras_id",
                 "codigo_glosa", "motivo", "evidencia", "valor_proposto", "valor", "situacao", "justificativa",
                 "valor_acatado_recurso", "criado_em", "atualizado_em")


def _apagar_propostas(protocolo_id: int) -> None:
    """The proposals of an earlier run, in one statement (a proposal has no appeal and nothing points to it; the
    ORM's delete would load every row first)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_glosa WHERE protocolo_id = %s AND origem = %s AND situacao = %s",
                       [protocolo_id, Glosa.Origem.AUTOMATICA, Glosa.Situacao.PROPOSTA])


def _inserir_glosas(*, protocolo_id: int, versao_id: int, propostas: Sequence[regras.Proposta]) -> None:
    """The new proposals in bulk: PostgreSQL COPY (the analysis of a big protocol writes thousands of rows),
    bulk_create elsewhere (the embedded SQLite set-up)."""
    if not propostas:
        return
    agora = timezone.now()
    if connection.vendor != "postgresql":
        Glosa.objects.bulk_create([
            Glosa(protocolo_id=protocolo_id, guia_id=p.guia_id, item_id=None if p.despesa else p.item_id,
                  despesa_id=p.item_id if p.despesa else None, regra=p.regra,
                  conjunto_regras_id=versao_id, codigo_glosa=p.codigo_glosa, motivo=p.motivo, evidencia=p.evidencia,
                  valor_proposto=p.valor, valor=p.valor) for p in propostas])
        return
    with connection.cursor() as cursor, cursor.cursor.copy(
            "COPY claims_glosa (" + ", ".join(COLUNAS_GLOSA) + ") FROM STDIN") as copia:
        for p in propostas:
            copia.write_row((protocolo_id, p.guia_id, None if p.despesa else p.item_id,
                             p.item_id if p.despesa else None, Glosa.Origem.AUTOMATICA, p.regra, versao_id,
                             p.codigo_glosa, p.motivo, json.dumps(p.evidencia, ensure_ascii=False), p.valor, p.valor,
                             Glosa.Situacao.PROPOSTA, "", ZERO, agora, agora))


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
    decididas = {(("d", despesa_id) if despesa_id else ("i", item_id), regra) for item_id, despesa_id, regra in
                 automaticas.exclude(situacao=Glosa.Situacao.PROPOSTA).values_list("item_id", "despesa_id", "regra")}
    _apagar_propostas(protocolo.pk)
    _inserir_glosas(protocolo_id=protocolo.pk, versao_id=versao.pk,
                    propostas=[p for p in propostas if (p.chave_linha, p.regra) not in decididas])
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
        glosa = Glosa.objects.select_for_update(of=("self",)).select_related(
            "protocolo", "item", "despesa").get(pk=glosa_id)
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
        if valor is None or valor <= 0 or valor > glosa.linha.valor_total:
            raise ErroDeNegocio(f"O valor da glosa deve ser maior que zero e no máximo {brl(glosa.linha.valor_total)} "
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
                        descricao=f"Glosa {glosa.codigo_glosa} do item {glosa.linha.sequencial} da guia "
                                  f"{glosa.guia_id}: {decisao}",
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
        raise ErroDeNegocio(f"O valor da glosa deve ser maior que zero e no máximo {brl(item.valor_total)}.")
    glosa = Glosa.objects.create(
        protocolo=protocolo, guia_id=item.guia_id, item=item, origem=Glosa.Origem.MANUAL, regra="manual",
        codigo_glosa=codigo_glosa, motivo=justificativa[:300], valor_proposto=valor, valor=valor,
        situacao=Glosa.Situacao.CONFIRMADA, decidida_por=usuario, decidida_em=timezone.now(),
        justificativa=justificativa, evidencia={"analista": getattr(usuario, "username", "")})
    _recalcular(protocolo)
    auditoria.registrar(acao="claims.glosa_incluida", usuario=usuario, objeto=glosa, ip=ip,
                        descricao=f"Glosa manual {codigo_glosa} de {brl(valor)} no item {item.pk}",
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
        motivo=f"Análise concluída: {brl(analise.valor_glosa)} glosado(s).")
    analise.situacao = AnaliseProtocolo.Situacao.LIBERADA
    analise.liberada_em, analise.liberada_por = agora, usuario
    analise.save(update_fields=["situacao", "liberada_em", "liberada_por", "atualizado_em"])
    auditoria.registrar(acao="claims.protocolo_liberado", usuario=usuario, objeto=protocolo, ip=ip,
                        descricao=f"Protocolo {protocolo.numero} liberado para faturamento",
                        detalhes={"confirmadas_na_liberacao": confirmadas, "valor_glosa": str(analise.valor_glosa),
                                  "valor_liberado": str(analise.valor_liberado)})
    return analise


# --- recurso de glosa ----------------------------------------------------------------------------------------

SITUACOES_RECORRIVEIS = (S.LIBERADO_FATURAMENTO, S.FATURADO, S.PAGO)
EXTENSOES_ANEXO = {"pdf", "jpg", "jpeg", "png"}
TAMANHO_MAX_ANEXO = 10 * 1024 * 1024
MAX_ANEXOS = 10


class ObjetoRecurso:
    PROTOCOLO = "protocolo"
    GUIA = "guia"
    ITEM = "item"
    TODOS = (PROTOCOLO, GUIA, ITEM)


@dataclass(frozen=True)
class ItemPedido:
    """One glosa appealed: how much and why."""

    glosa_id: int
    valor: Decimal
    justificativa: str


def prazo_do_recurso(protocolo: Protocolo) -> datetime.date | None:
    """The last day to appeal: the release of the analysis + the operadora's appeal deadline (days)."""
    analise = getattr(protocolo, "analise", None)
    if analise is None or analise.liberada_em is None:
        return None
    return timezone.localdate(analise.liberada_em) + datetime.timedelta(days=protocolo.operadora.prazo_recurso_dias)


def _validar_anexos(anexos: Sequence[Any]) -> None:
    if len(anexos) > MAX_ANEXOS:
        raise ErroDeNegocio(f"Envie no máximo {MAX_ANEXOS} anexos.")
    for arquivo in anexos:
        nome = getattr(arquivo, "name", "")
        extensao = arquivos.extensao(nome)
        if extensao not in EXTENSOES_ANEXO:
            raise ErroDeNegocio(f"Anexo {nome or '(sem nome)'}: envie PDF, JPG ou PNG.")
        if getattr(arquivo, "size", 0) > TAMANHO_MAX_ANEXO:
            raise ErroDeNegocio(f"Anexo {nome}: o arquivo passa de 10 MB.")
        if not arquivos.conteudo_confere(arquivo, extensao):
            raise ErroDeNegocio(f"O conteúdo de {nome} não é um {extensao.upper()} válido.")


@armazenamento.transacao_com_arquivos()
def recorrer(*, operadora_id: int, prestador_id: int, protocolo_id: int, itens: Sequence[ItemPedido],
             justificativa: str, objeto: str = ObjetoRecurso.ITEM, usuario: Any = None, anexos: Sequence[Any] = (),
             origem: str = RecursoGlosa.Origem.PORTAL, numero_prestador: str = "", ip: str | None = None,
             hoje: datetime.date | None = None) -> RecursoGlosa:
    """The provider appeals glosas of one of its protocols (a protocol, a guide or items), within the operadora's
    deadline after the release, once per glosa."""
    hoje = hoje or timezone.localdate()
    justificativa = (justificativa or "").strip()
    if objeto not in ObjetoRecurso.TODOS:
        raise ErroDeNegocio("Recorra de um protocolo, de uma guia ou de itens.")
    try:
        protocolo = (Protocolo.objects.select_for_update(of=("self",)).select_related("operadora", "lote", "analise")
                     .get(pk=protocolo_id, operadora_id=operadora_id, prestador_id=prestador_id))
    except (Protocolo.DoesNotExist, ValueError, TypeError):
        raise NaoEncontrado("Protocolo não encontrado para este prestador.",
                            codigo_tiss=codigos.LOTE_NAO_PERTENCE_AO_PRESTADOR) from None
    if protocolo.situacao not in SITUACOES_RECORRIVEIS:
        raise ErroDeNegocio(f"O protocolo {protocolo.numero} ainda não teve a análise liberada: não há glosa a recorrer.")
    prazo = prazo_do_recurso(protocolo)
    if prazo is None or hoje > prazo:
        raise ErroDeNegocio(f"O prazo de recurso deste protocolo terminou em {prazo:%d/%m/%Y}." if prazo else
                            "Este protocolo não tem análise liberada.", codigo_tiss=codigos.PRAZO_RECURSO_PRESCRITO)
    if len(justificativa) < MIN_JUSTIFICATIVA:
        raise ErroDeNegocio(f"Justifique o recurso (pelo menos {MIN_JUSTIFICATIVA} caracteres).")
    if not itens:
        raise ErroDeNegocio("Escolha ao menos uma glosa para recorrer.")
    _validar_anexos(anexos)
    pedidos = {p.glosa_id: p for p in itens}
    if len(pedidos) > 1:  # an appeal of several glosas: one left at zero is not appealed
        pedidos = {g: p for g, p in pedidos.items() if p.valor is None or p.valor != 0}
        if not pedidos:
            raise ErroDeNegocio("Informe o valor recursado de ao menos uma glosa.")
    glosas = {g.pk: g for g in Glosa.objects.select_for_update(of=("self",)).select_related(
        "item", "despesa", "guia").filter(
        pk__in=pedidos, protocolo=protocolo).exclude(situacao=Glosa.Situacao.ANULADA)}
    if len(glosas) != len(pedidos):
        raise NaoEncontrado("Alguma glosa escolhida não é deste protocolo.",
                            codigo_tiss=codigos.GUIA_NAO_PERTENCE_AO_PRESTADOR)
    if ItemRecurso.objects.filter(glosa_id__in=glosas).exists():
        raise ErroDeNegocio("Já existe recurso para alguma das glosas escolhidas.",
                            codigo_tiss=codigos.MAIS_DE_UM_RECURSO)
    for glosa_id, pedido in pedidos.items():
        glosa = glosas[glosa_id]
        if pedido.valor is None or pedido.valor <= 0 or pedido.valor > glosa.valor:
            raise ErroDeNegocio(f"Item {glosa.linha.sequencial} da guia {glosa.guia.numero_guia_prestador}: o valor "
                                f"recursado deve ser maior que zero e no máximo {brl(glosa.valor)} (o glosado).")
    guias = {g.guia_id for g in glosas.values()}
    if objeto != ObjetoRecurso.PROTOCOLO and len(guias) > 1:
        objeto = ObjetoRecurso.PROTOCOLO  # glosas of several guides: the appeal is of the protocol
    recurso = RecursoGlosa.objects.create(
        operadora_id=operadora_id, prestador_id=prestador_id, protocolo=protocolo,
        guia_id=next(iter(guias)) if objeto != ObjetoRecurso.PROTOCOLO else None,
        numero=str(_proximo_numero(f"recurso:{operadora_id}")), numero_prestador=numero_prestador[:20],
        objeto=RecursoGlosa.Objeto.PROTOCOLO if objeto == ObjetoRecurso.PROTOCOLO else RecursoGlosa.Objeto.GUIA,
        origem=origem, justificativa=justificativa, enviado_por=usuario,
        valor_recursado=sum((p.valor for p in pedidos.values()), ZERO))
    ItemRecurso.objects.bulk_create([
        ItemRecurso(recurso=recurso, glosa_id=glosa_id, valor_recursado=p.valor.quantize(regras.CENTAVO),
                    justificativa=(p.justificativa or "").strip() or justificativa)
        for glosa_id, p in pedidos.items()])
    for arquivo in anexos:
        anexo = AnexoRecurso(recurso=recurso, nome_original=getattr(arquivo, "name", "")[:200],
                             tamanho=getattr(arquivo, "size", 0))
        armazenamento.guardar(anexo, "arquivo", arquivo)
        anexo.save(force_insert=True)
    auditoria.registrar(acao="claims.recurso_enviado", usuario=usuario, objeto=recurso, ip=ip,
                        descricao=f"Recurso {recurso.numero} do protocolo {protocolo.numero}: {brl(recurso.valor_recursado)}",
                        detalhes={"glosas": sorted(pedidos), "origem": origem})
    return recurso


def receber_recurso_xml(*, operadora: Operadora, prestador: Prestador, dados: bytes, usuario: Any = None,
                        ip: str | None = None) -> RecursoGlosa:
    """A RECURSO_GLOSA message (upload): validated by the TISS engine, its guides and items matched to the
    protocol's glosas, then the same `recorrer` as the portal form."""
    from operadora.tiss import requests as pedidos_tiss
    from operadora.tiss.validation import validar

    relatorio = validar(dados, faturamento_selectors.politica_da_operadora(operadora),
                        faturamento_selectors.registro_schemas())
    if not relatorio.valido or relatorio.mensagem is None:
        primeiro = relatorio.erros[0] if relatorio.erros else None
        raise ErroDeNegocio(f"Arquivo inválido: {primeiro.mensagem if primeiro else 'não é uma mensagem TISS.'}",
                            codigo_tiss=primeiro.codigo if primeiro else MENSAGEM_FORA_DO_PADRAO)
    conteudo = relatorio.mensagem.conteudo
    if isinstance(conteudo, pedidos_tiss.RecursoGlosaOdonto):
        raise ErroDeNegocio("Recurso de glosa odontológico ainda não é aceito por este canal: aqui se recebe o "
                            "recurso de glosa médico-hospitalar (guiaRecursoGlosa).",
                            codigo_tiss=MENSAGEM_FORA_DO_PADRAO)
    if not isinstance(conteudo, pedidos_tiss.RecursoGlosa):
        raise ErroDeNegocio(f"O arquivo é uma transação {relatorio.mensagem.transacao}; aqui se recebe RECURSO_GLOSA.",
                            codigo_tiss=MENSAGEM_FORA_DO_PADRAO)
    if conteudo.registro_ans != operadora.registro_ans:
        raise ErroDeNegocio(f"O recurso é para a operadora {conteudo.registro_ans}, não para esta.",
                            codigo_tiss="5027")
    protocolo = Protocolo.objects.filter(operadora=operadora, prestador=prestador,
                                         numero=conteudo.numero_protocolo.strip()).first()
    if protocolo is None:
        raise NaoEncontrado(f"Protocolo {conteudo.numero_protocolo} não encontrado para este prestador.",
                            codigo_tiss=codigos.LOTE_NAO_PERTENCE_AO_PRESTADOR)
    ativas = list(Glosa.objects.filter(protocolo=protocolo).exclude(situacao=Glosa.Situacao.ANULADA)
                  .select_related("guia", "item", "despesa"))
    pedidos: dict[int, ItemPedido] = {}
    justificativa = conteudo.justificativa_protocolo or ""
    objeto = ObjetoRecurso.PROTOCOLO if conteudo.codigo_glosa_protocolo else ObjetoRecurso.ITEM
    if conteudo.codigo_glosa_protocolo:
        pedidos = {g.pk: ItemPedido(g.pk, g.valor, justificativa) for g in ativas}
    for guia in conteudo.guias:
        da_guia = [g for g in ativas if g.guia.numero_guia_prestador == guia.numero_guia_origem.strip()]
        if not da_guia:
            raise NaoEncontrado(f"A guia {guia.numero_guia_origem} não tem glosa neste protocolo.",
                                codigo_tiss=codigos.GUIA_NAO_PERTENCE_AO_PRESTADOR)
        for completa in guia.recursos_guia_completa:
            justificativa = justificativa or completa.justificativa_guia
            objeto = ObjetoRecurso.GUIA if objeto != ObjetoRecurso.PROTOCOLO else objeto
            pedidos |= {g.pk: ItemPedido(g.pk, g.valor, completa.justificativa_guia) for g in da_guia}
        for item in guia.itens:
            glosa = next((g for g in da_guia if g.linha.sequencial == item.sequencial_item
                          and g.linha.codigo == item.codigo_procedimento.strip()
                          and g.codigo_glosa == item.cod_glosa_item.strip()), None)
            if glosa is None:
                raise NaoEncontrado(f"Guia {guia.numero_guia_origem}, item {item.sequencial_item}: não há glosa "
                                    f"{item.cod_glosa_item} a recorrer.")
            justificativa = justificativa or item.justificativa_item
            pedidos[glosa.pk] = ItemPedido(glosa.pk, item.valor_recursado, item.justificativa_item)
    return recorrer(operadora_id=operadora.pk, prestador_id=prestador.pk, protocolo_id=protocolo.pk,
                    itens=list(pedidos.values()), justificativa=justificativa, objeto=objeto, usuario=usuario,
                    origem=RecursoGlosa.Origem.XML, numero_prestador=conteudo.numero_guia_rec_glosa_prestador, ip=ip)


@dataclass(frozen=True)
class DecisaoItem:
    decisao: str
    valor_acatado: Decimal
    justificativa: str = ""


def _creditos_do_recurso(itens: Sequence[ItemRecurso]) -> dict[int, Decimal]:
    """What each answered appeal item credits: the drop in what its line's glosas withhold (before and after the
    amounts accepted), shared among the line's items of this appeal in order. Accepting a duplicity glosa of a
    consulta whose price glosa stands gives back the consulta less the price difference, not the whole consulta."""
    por_linha = selectors.glosas_das_linhas([i.glosa for i in itens], travar=True)
    acatados = {i.glosa_id: i.valor_acatado for i in itens}
    creditos: dict[int, Decimal] = {}
    for linha, da_linha in por_linha.items():
        restante = selectors.glosa_retida(da_linha) - selectors.glosa_retida(da_linha, acatados)
        for item in (i for i in itens if i.glosa.chave_linha == linha):
            creditos[item.pk] = min(item.valor_acatado, max(restante, ZERO))
            restante -= creditos[item.pk]
    return creditos


@transaction.atomic
def responder_recurso(*, recurso_id: int, decisoes: dict[int, DecisaoItem], usuario: Any, justificativa: str = "",
                      ip: str | None = None) -> RecursoGlosa:
    """The operator accepts each appealed glosa fully or partly, or keeps it (with a reason). Accepted amounts
    become credits in the provider's next payment."""
    try:
        recurso = RecursoGlosa.objects.select_for_update().select_related("protocolo").get(pk=recurso_id)
    except (RecursoGlosa.DoesNotExist, ValueError, TypeError):
        raise NaoEncontrado("Recurso não encontrado.") from None
    if recurso.situacao != RecursoGlosa.Situacao.RECEBIDO:
        raise TransicaoInvalida(f"O recurso {recurso.numero} já foi respondido.")
    itens = list(recurso.itens.select_related("glosa__item", "glosa__despesa").select_for_update(of=("self",)))
    if {i.pk for i in itens} != set(decisoes):
        raise ErroDeNegocio("Decida cada glosa do recurso.")
    D = ItemRecurso.Decisao
    for item in itens:
        decisao = decisoes[item.pk]
        texto = (decisao.justificativa or "").strip()
        if decisao.decisao == D.ACATADO:
            valor = item.valor_recursado
        elif decisao.decisao == D.PARCIAL:
            valor = decisao.valor_acatado
            if valor is None or valor <= 0 or valor >= item.valor_recursado:
                raise ErroDeNegocio(f"Acatamento parcial: o valor deve ser maior que zero e menor que "
                                    f"{brl(item.valor_recursado)}; para acatar o valor inteiro, escolha Acatado.")
        elif decisao.decisao == D.MANTIDO:
            valor = ZERO
        else:
            raise ErroDeNegocio("Escolha acatar, acatar parcialmente ou manter a glosa.")
        if decisao.decisao != D.ACATADO and len(texto) < MIN_JUSTIFICATIVA:
            raise ErroDeNegocio(f"Explique por que a glosa foi mantida ou só em parte acatada (pelo menos "
                                f"{MIN_JUSTIFICATIVA} caracteres).")
        item.decisao, item.valor_acatado, item.justificativa_operadora = decisao.decisao, valor.quantize(regras.CENTAVO), texto
    ItemRecurso.objects.bulk_update(itens, ["decisao", "valor_acatado", "justificativa_operadora"])
    creditos = _creditos_do_recurso(itens)
    for item in itens:
        if item.valor_acatado > 0:
            Glosa.objects.filter(pk=item.glosa_id).update(valor_acatado_recurso=item.valor_acatado)
    LancamentoFinanceiro.objects.bulk_create([
        LancamentoFinanceiro(
            operadora_id=recurso.operadora_id, prestador_id=recurso.prestador_id, tipo=LancamentoFinanceiro.Tipo.RECURSO,
            indicador=LancamentoFinanceiro.Indicador.CREDITO, codigo_tiss=codigos.codigo_debito_credito("recurso"),
            descricao=f"Recurso {recurso.numero} item {item.glosa.linha.sequencial}"[:40], valor=creditos[item.pk],
            item_recurso=item, criado_por=usuario)
        for item in itens if creditos[item.pk] > 0])
    decisoes_tomadas = {i.decisao for i in itens}
    recurso.situacao = (RecursoGlosa.Situacao.ACATADO if decisoes_tomadas == {D.ACATADO}
                        else RecursoGlosa.Situacao.MANTIDO if decisoes_tomadas == {D.MANTIDO}
                        else RecursoGlosa.Situacao.PARCIAL)
    recurso.valor_acatado = sum((i.valor_acatado for i in itens), ZERO)
    recurso.respondido_em, recurso.respondido_por = timezone.now(), usuario
    recurso.justificativa_operadora = (justificativa or "").strip()
    recurso.save(update_fields=["situacao", "valor_acatado", "respondido_em", "respondido_por",
                                "justificativa_operadora", "atualizado_em"])
    _anexar_ao_proximo_pagamento(operadora_id=recurso.operadora_id, prestador_id=recurso.prestador_id)
    auditoria.registrar(acao="claims.recurso_respondido", usuario=usuario, objeto=recurso, ip=ip,
                        descricao=f"Recurso {recurso.numero}: {recurso.get_situacao_display()}, {brl(recurso.valor_acatado)}",
                        detalhes={"itens": {str(i.pk): [i.decisao, str(i.valor_acatado)] for i in itens}})
    return recurso


# --- payment -------------------------------------------------------------------------------------------------

# IRRF on payments to individuals (monthly table in force since May 2025: up to R$ 2.428,80 exempt).
TABELA_IRRF_PF = (
    (Decimal("2428.80"), Decimal("0"), Decimal("0")),
    (Decimal("2826.65"), Decimal("0.075"), Decimal("182.16")),
    (Decimal("3751.05"), Decimal("0.15"), Decimal("394.16")),
    (Decimal("4664.68"), Decimal("0.225"), Decimal("675.49")),
    (None, Decimal("0.275"), Decimal("908.73")),
)
RETENCAO_MINIMA = Decimal("10.00")  # below this the withholding is not made (DARF minimum / Lei 10.833 art. 31)
IMPOSTOS = (LancamentoFinanceiro.Tipo.IRRF, LancamentoFinanceiro.Tipo.CSRF, LancamentoFinanceiro.Tipo.ISS)


def irrf_pessoa_fisica(base: Decimal) -> Decimal:
    for teto, aliquota, deducao in TABELA_IRRF_PF:
        if teto is None or base <= teto:
            return max(regras.dinheiro(base * aliquota - deducao), ZERO)
    return ZERO


def retencoes(*, base: Decimal, tipo_pessoa: str, parametros: ParametrosPagamento) -> list[tuple[str, Decimal]]:
    """The withholdings on a payment by provider type: PJ → IRRF, PIS/COFINS/CSLL and ISS (when configured);
    PF → IRRF by the progressive table."""
    if base <= 0:
        return []
    if tipo_pessoa == Prestador.TipoPessoa.FISICA:
        valores = [(LancamentoFinanceiro.Tipo.IRRF, irrf_pessoa_fisica(base))]
    else:
        valores = [(LancamentoFinanceiro.Tipo.IRRF, regras.dinheiro(base * parametros.aliquota_irrf_pj / 100)),
                   (LancamentoFinanceiro.Tipo.CSRF, regras.dinheiro(base * parametros.aliquota_csrf_pj / 100))]
        if parametros.aliquota_iss > 0:
            valores.append((LancamentoFinanceiro.Tipo.ISS, regras.dinheiro(base * parametros.aliquota_iss / 100)))
    return [(tipo, valor) for tipo, valor in valores if valor > RETENCAO_MINIMA or
            (tipo == LancamentoFinanceiro.Tipo.ISS and valor > 0)]


def parametros_de_pagamento(operadora: Operadora) -> ParametrosPagamento:
    parametros, _ = ParametrosPagamento.objects.get_or_create(operadora=operadora)
    return parametros


def _recalcular_pagamento(pagamento: Pagamento) -> Pagamento:
    """Attaches the provider's pending debits/credits, recomputes the withholdings and the totals."""
    if pagamento.situacao == Pagamento.Situacao.PAGO:
        return pagamento
    LancamentoFinanceiro.objects.filter(operadora_id=pagamento.operadora_id, prestador_id=pagamento.prestador_id,
                                        pagamento__isnull=True).exclude(tipo__in=IMPOSTOS).update(pagamento=pagamento)
    LancamentoFinanceiro.objects.filter(pagamento=pagamento, tipo__in=IMPOSTOS).delete()
    protocolos = list(Protocolo.objects.filter(pagamento_claims__pagamento=pagamento).values_list(
        "valor_informado", "valor_processado", "valor_liberado", "valor_glosado"))
    pagamento.valor_informado = sum((p[0] for p in protocolos), ZERO)
    pagamento.valor_processado = sum((p[1] for p in protocolos), ZERO)
    pagamento.valor_liberado = sum((p[2] for p in protocolos), ZERO)
    pagamento.valor_glosa = sum((p[3] for p in protocolos), ZERO)
    lancamentos = list(pagamento.lancamentos.all())
    recursos = sum((x.valor for x in lancamentos if x.tipo == LancamentoFinanceiro.Tipo.RECURSO), ZERO)
    prestador = Prestador.objects.get(pk=pagamento.prestador_id)
    impostos = [LancamentoFinanceiro(
        operadora_id=pagamento.operadora_id, prestador_id=pagamento.prestador_id, pagamento=pagamento, tipo=tipo,
        indicador=LancamentoFinanceiro.Indicador.DEBITO, codigo_tiss=codigos.codigo_debito_credito(tipo),
        descricao=str(LancamentoFinanceiro.Tipo(tipo).label)[:40], valor=valor)
        for tipo, valor in retencoes(base=pagamento.valor_liberado + recursos, tipo_pessoa=prestador.tipo_pessoa,
                                     parametros=parametros_de_pagamento(pagamento.operadora))]
    LancamentoFinanceiro.objects.bulk_create(impostos)
    todos = lancamentos + impostos
    pagamento.total_debitos = sum((x.valor for x in todos if x.indicador == LancamentoFinanceiro.Indicador.DEBITO), ZERO)
    pagamento.total_creditos = sum((x.valor for x in todos if x.indicador == LancamentoFinanceiro.Indicador.CREDITO), ZERO)
    pagamento.valor_liquido = pagamento.valor_liberado + pagamento.total_creditos - pagamento.total_debitos
    pagamento.save()
    return pagamento


def _anexar_ao_proximo_pagamento(*, operadora_id: int, prestador_id: int) -> Pagamento | None:
    proximo = (Pagamento.objects.select_for_update().filter(operadora_id=operadora_id, prestador_id=prestador_id,
                                                            situacao=Pagamento.Situacao.PREVISTO)
               .order_by("data_pagamento").first())
    return _recalcular_pagamento(proximo) if proximo else None


def _pagamento_da_data(protocolo: Protocolo, data_pagamento: datetime.date) -> Pagamento:
    """The provider's payment of that date (created when there is none), locked; refused when already paid."""
    existente = Pagamento.objects.filter(operadora_id=protocolo.operadora_id, prestador_id=protocolo.prestador_id,
                                         data_pagamento=data_pagamento).first()
    if existente is not None and existente.situacao == Pagamento.Situacao.PAGO:
        raise ErroDeNegocio(f"O pagamento de {data_pagamento:%d/%m/%Y} deste prestador já foi feito: escolha outra data.")
    pagamento = existente or Pagamento.objects.create(
        operadora_id=protocolo.operadora_id, prestador_id=protocolo.prestador_id, data_pagamento=data_pagamento,
        competencia=protocolo.competencia or data_pagamento.replace(day=1),
        numero=str(_proximo_numero(f"pagamento:{protocolo.operadora_id}")),
        forma_pagamento=parametros_de_pagamento(protocolo.operadora).forma_pagamento)
    return Pagamento.objects.select_for_update().select_related("operadora").get(pk=pagamento.pk)


@armazenamento.transacao_com_arquivos()
def enviar_nota_fiscal(**dados: Any) -> NotaFiscal:
    """The provider's NF as billing records it (`billing.services.enviar_nota_fiscal`: the calendar; a late NF moves
    the payment date of the protocols it covers — its protocol, or its competência's protocols with no NF of their
    own; one on time leaves an invoiced protocol's date as it is). Each of those already *Faturado* then also leaves
    the payment of its old date for the payment of the new one, so the payment run pays it when the portal says (it
    stayed in the old one). The provider's pending payments are locked first, in the order the payment run locks
    (payments, then protocols), so the two never wait on each other."""
    list(Pagamento.objects.select_for_update().filter(
        operadora=dados["operadora"], prestador=dados["prestador"], situacao=Pagamento.Situacao.PREVISTO))
    nota = faturamento.enviar_nota_fiscal(**dados)
    cobertos = faturamento_selectors.protocolos_da_nota_fiscal(nota).values("pk")
    for vinculo in (ProtocoloPagamento.objects.select_related("protocolo__operadora")
                    .filter(protocolo_id__in=cobertos).order_by("id")):
        _reagendar_pagamento(vinculo, nota=nota, usuario=dados.get("usuario"))
    return nota


def _reagendar_pagamento(vinculo: ProtocoloPagamento, *, nota: NotaFiscal, usuario: Any) -> None:
    antigo = Pagamento.objects.select_for_update().get(pk=vinculo.pagamento_id)
    protocolo = vinculo.protocolo  # read after billing set its new date
    nova_data = protocolo.data_pagamento_prevista
    if nova_data is None or nova_data == antigo.data_pagamento or antigo.situacao == Pagamento.Situacao.PAGO:
        return
    novo = _pagamento_da_data(protocolo, nova_data)
    vinculo.pagamento = novo
    vinculo.save(update_fields=["pagamento"])
    if antigo.protocolos.exists():
        _recalcular_pagamento(antigo)
    else:  # nothing left to pay on that date: its debits/credits go to the provider's next payment
        LancamentoFinanceiro.objects.filter(pagamento=antigo, tipo__in=IMPOSTOS).delete()
        LancamentoFinanceiro.objects.filter(pagamento=antigo).update(pagamento=None)
        antigo.delete()
        _anexar_ao_proximo_pagamento(operadora_id=novo.operadora_id, prestador_id=novo.prestador_id)
    _recalcular_pagamento(novo)
    auditoria.registrar(acao="claims.pagamento_reagendado", usuario=usuario, objeto=protocolo,
                        descricao=f"Protocolo {protocolo.numero}: NF {nota.numero} fora do prazo, pagamento de "
                                  f"{antigo.data_pagamento:%d/%m/%Y} para {nova_data:%d/%m/%Y} ({novo.numero}).")


@transaction.atomic
def faturar(*, protocolo_id: int, usuario: Any = None, data_pagamento: datetime.date | None = None,
            ip: str | None = None) -> Pagamento:
    """*Faturado*: the payment date (given, or the NF calendar's, or N business days from today) is set on the
    protocol (billing), and the protocol joins the provider's payment of that date (the Demonstrativo de
    Pagamento), with the pending debits/credits and the withholdings recomputed."""
    try:
        protocolo = Protocolo.objects.select_related("operadora", "prestador").get(pk=protocolo_id)
    except (Protocolo.DoesNotExist, ValueError, TypeError):
        raise NaoEncontrado("Protocolo não encontrado.") from None
    recebido = timezone.localdate(protocolo.recebido_em)
    if data_pagamento is not None and data_pagamento < recebido:
        raise ErroDeNegocio(f"A data de pagamento ({data_pagamento:%d/%m/%Y}) não pode ser anterior ao recebimento "
                            f"do protocolo ({recebido:%d/%m/%Y}).")
    pelo_calendario = False  # the NF calendar's date (or the date the NF earned): billing records its reason
    if data_pagamento is None:
        data_pagamento, _ = faturamento.data_pagamento_do_protocolo(protocolo)
        pelo_calendario = data_pagamento is not None
    if data_pagamento is None:
        parametros = parametros_de_pagamento(protocolo.operadora)
        data_pagamento = calendario.somar_dias_uteis(timezone.localdate(), parametros.dias_para_pagamento,
                                                     protocolo.operadora.uf)
    pagamento = _pagamento_da_data(protocolo, data_pagamento)
    faturamento.faturar_protocolo(protocolo_id=protocolo.pk, usuario=usuario,
                                  data_pagamento_prevista=None if pelo_calendario else data_pagamento)
    ProtocoloPagamento.objects.create(pagamento=pagamento, protocolo=protocolo)
    _recalcular_pagamento(pagamento)
    auditoria.registrar(acao="claims.protocolo_faturado", usuario=usuario, objeto=protocolo, ip=ip,
                        descricao=f"Protocolo {protocolo.numero} faturado: pagamento {pagamento.numero} em "
                                  f"{data_pagamento:%d/%m/%Y}")
    return pagamento


@transaction.atomic
def registrar_ajuste(*, operadora: Operadora, prestador: Prestador, indicador: str, valor: Decimal, descricao: str,
                     usuario: Any, ip: str | None = None) -> LancamentoFinanceiro:
    """An adjustment (debit or credit) for the provider's next payment."""
    descricao = (descricao or "").strip()
    if indicador not in LancamentoFinanceiro.Indicador.values:
        raise ErroDeNegocio("Escolha débito ou crédito.")
    if valor is None or valor <= 0:
        raise ErroDeNegocio("O valor deve ser maior que zero.")
    if len(descricao) < 3:
        raise ErroDeNegocio("Descreva o ajuste (até 40 caracteres).")
    tipo = (LancamentoFinanceiro.Tipo.AJUSTE_DEBITO if indicador == LancamentoFinanceiro.Indicador.DEBITO
            else LancamentoFinanceiro.Tipo.AJUSTE_CREDITO)
    lancamento = LancamentoFinanceiro.objects.create(
        operadora=operadora, prestador=prestador, tipo=tipo, indicador=indicador,
        codigo_tiss=codigos.codigo_debito_credito(tipo), descricao=descricao[:40], valor=valor, criado_por=usuario)
    _anexar_ao_proximo_pagamento(operadora_id=operadora.pk, prestador_id=prestador.pk)
    auditoria.registrar(acao="claims.ajuste_registrado", usuario=usuario, objeto=lancamento, ip=ip,
                        descricao=f"{lancamento.get_tipo_display()} de {brl(valor)} para {prestador}")
    return lancamento


@transaction.atomic
def executar_pagamentos(*, operadora: Operadora, data_pagamento: datetime.date, usuario: Any,
                        ip: str | None = None, hoje: datetime.date | None = None) -> list[Pagamento]:
    """The payment run of one date, on or after that date: every provider's payment is recomputed, frozen as *Pago*
    and its protocols move to *Pago* (billing). Running it again for the same date does nothing more."""
    hoje = hoje or timezone.localdate()
    if data_pagamento > hoje:
        raise ErroDeNegocio(f"O pagamento de {data_pagamento:%d/%m/%Y} ainda não chegou: registre-o a partir dessa "
                            "data, quando for feito.")
    pagamentos = list(Pagamento.objects.select_for_update().select_related("operadora").filter(
        operadora=operadora, data_pagamento=data_pagamento, situacao=Pagamento.Situacao.PREVISTO).order_by("id"))
    agora = timezone.now()
    for pagamento in pagamentos:
        _recalcular_pagamento(pagamento)
        pagamento.situacao, pagamento.pago_em, pagamento.pago_por = Pagamento.Situacao.PAGO, agora, usuario
        pagamento.save(update_fields=["situacao", "pago_em", "pago_por", "atualizado_em"])
    faturamento.registrar_pagamentos(
        protocolo_ids=list(ProtocoloPagamento.objects.filter(pagamento__in=pagamentos)
                           .values_list("protocolo_id", flat=True)),
        data_pagamento=data_pagamento, usuario=usuario)
    auditoria.registrar(acao="claims.pagamentos_executados", usuario=usuario, objeto=operadora, ip=ip,
                        descricao=f"Pagamentos de {data_pagamento:%d/%m/%Y}: {len(pagamentos)} prestador(es)",
                        detalhes={"pagamentos": [p.numero for p in pagamentos],
                                  "total": str(sum((p.valor_liquido for p in pagamentos), ZERO))})
    return pagamentos
