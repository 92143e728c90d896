"""Reads of claims shared by pages, the CLI and other apps, and the ONE access helper per object type for the
portal: `acessar_glosa`, `acessar_recurso`, `acessar_pagamento` filter by the context's prestador AND operadora
(the protocol itself is reached with billing's `acessar_protocolo`); anything else is a 404."""

import datetime
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import Http404

from operadora.accounts.acesso import ContextoPortal
from operadora.billing.models import Guia, ItemGuia, OutraDespesa, Protocolo
from operadora.core.erros import NaoEncontrado
from operadora.registry.models import Operadora

from . import regras
from .models import AnaliseProtocolo, ConjuntoRegras, Glosa, LancamentoFinanceiro, Pagamento, RecursoGlosa

ZERO = Decimal("0.00")
S = Protocolo.Situacao


# --- access helpers (portal) -------------------------------------------------------------------------------


def _um(qs: QuerySet[Any], objeto_id: Any) -> Any:
    try:
        return qs.get(pk=int(objeto_id))
    except (ValueError, TypeError, qs.model.DoesNotExist):
        raise Http404("Registro não encontrado.") from None


def acessar_glosa(contexto: ContextoPortal, glosa_id: Any) -> Glosa:
    """A glosa of the provider's own protocol, once the analysis was released (before that the provider does not
    see proposals)."""
    qs = Glosa.objects.select_related("protocolo", "guia", "item", "despesa").filter(
        protocolo__operadora_id=contexto.operadora.pk, protocolo__prestador_id=contexto.prestador.pk,
        protocolo__situacao__in=Protocolo.SITUACOES_COM_DEMONSTRATIVO)
    return _um(qs, glosa_id)


def glosas_a_recorrer(protocolo: Protocolo) -> list[int]:
    """The ids of the protocol's active glosas not appealed yet (a glosa is appealed once, 2904): what "Recorrer do
    protocolo" takes — the protocol-level twin of `GuiaAnalisada.glosas_a_recorrer`."""
    return list(Glosa.objects.filter(protocolo=protocolo, recurso_item__isnull=True)
                .exclude(situacao=Glosa.Situacao.ANULADA).order_by("id").values_list("pk", flat=True))


def acessar_recurso(contexto: ContextoPortal, recurso_id: Any) -> RecursoGlosa:
    qs = RecursoGlosa.objects.select_related("protocolo", "guia").filter(
        operadora_id=contexto.operadora.pk, prestador_id=contexto.prestador.pk)
    return _um(qs, recurso_id)


def acessar_pagamento(contexto: ContextoPortal, pagamento_id: Any) -> Pagamento:
    qs = Pagamento.objects.filter(operadora_id=contexto.operadora.pk, prestador_id=contexto.prestador.pk)
    return _um(qs, pagamento_id)


# --- back office -------------------------------------------------------------------------------------------


def protocolo_por_numero(numero: str) -> Protocolo:
    """For the CLI: 'NUMERO' or 'REGISTRO_ANS:NUMERO'."""
    numero = (numero or "").strip()
    qs = Protocolo.objects.select_related("operadora", "prestador", "lote")
    if ":" in numero:
        registro_ans, numero = numero.split(":", 1)
        qs = qs.filter(operadora__registro_ans=registro_ans)
    encontrados = list(qs.filter(numero=numero)[:2])
    if not encontrados:
        raise NaoEncontrado(f"Protocolo {numero} não encontrado.")
    if len(encontrados) > 1:
        raise NaoEncontrado(f"Há protocolos {numero} em mais de uma operadora: use REGISTRO_ANS:{numero}.")
    return encontrados[0]


def protocolo_da_retaguarda(protocolo_id: Any) -> Protocolo:
    qs = Protocolo.objects.select_related("operadora", "prestador", "lote", "analise__conjunto_regras")
    return _um(qs, protocolo_id)


def fila_de_analise(*, operadora_id: int | None = None, situacao: str = "", prestador: str = "",
                    numero: str = "") -> QuerySet[Protocolo]:
    """The account-audit queue: protocols received or in analysis (or another state when filtered), oldest
    first."""
    qs = Protocolo.objects.select_related("operadora", "prestador", "lote", "analise")
    qs = qs.filter(situacao=situacao) if situacao else qs.filter(situacao__in=[S.RECEBIDO, S.EM_ANALISE])
    if operadora_id:
        qs = qs.filter(operadora_id=operadora_id)
    if prestador := prestador.strip():
        qs = qs.filter(prestador__nome__icontains=prestador)
    if numero := numero.strip():
        qs = qs.filter(numero=numero)
    return qs.order_by("recebido_em", "id")


def versoes_de_regras(operadora: Operadora) -> QuerySet[ConjuntoRegras]:
    return ConjuntoRegras.objects.filter(operadora=operadora).select_related("criado_por").order_by("-versao")


# --- the analysis of a protocol, item by item --------------------------------------------------------------


@dataclass
class ItemAnalisado:
    item: Any  # billing's ItemGuia (procedure) or OutraDespesa: both have the fields shown
    glosas: list[Glosa] = field(default_factory=list)
    valor_glosa: Decimal = ZERO
    eh_despesa: bool = False

    @property
    def valor_informado(self) -> Decimal:
        return self.item.valor_total

    @property
    def valor_processado(self) -> Decimal:
        return self.item.valor_total

    @property
    def valor_liberado(self) -> Decimal:
        return self.item.valor_total - self.valor_glosa

    @property
    def glosas_ativas(self) -> list[Glosa]:
        return [g for g in self.glosas if g.ativa]


@dataclass
class GuiaAnalisada:
    guia: Guia
    itens: list[ItemAnalisado]

    @property
    def valor_informado(self) -> Decimal:
        return self.guia.valor_total

    @property
    def valor_glosa(self) -> Decimal:
        return sum((i.valor_glosa for i in self.itens), ZERO)

    @property
    def valor_processado(self) -> Decimal:
        return self.guia.valor_total

    @property
    def valor_liberado(self) -> Decimal:
        return self.valor_processado - self.valor_glosa

    @property
    def codigos_glosa(self) -> list[str]:
        return sorted({g.codigo_glosa for i in self.itens for g in i.glosas_ativas})

    @property
    def glosas_a_recorrer(self) -> list[Glosa]:
        """Its active glosas not appealed yet (a glosa is appealed once, 2904): what 'Recorrer da guia' takes."""
        return [g for i in self.itens for g in i.glosas_ativas if not hasattr(g, "recurso_item")]


def guias_analisadas(protocolos: list[Protocolo] | QuerySet[Protocolo]) -> dict[int, list[GuiaAnalisada]]:
    """Per protocol: its guides, items and glosas (three queries for any number of protocols)."""
    ids = [p.pk for p in protocolos]
    guias = list(Guia.objects.filter(protocolo_id__in=ids).select_related("beneficiario").prefetch_related(
        Prefetch("itens", queryset=ItemGuia.objects.order_by("sequencial")),
        Prefetch("outras_despesas", queryset=OutraDespesa.objects.order_by("sequencial")))
        .order_by("protocolo_id", "id"))
    glosas: dict[tuple[str, int | None], list[Glosa]] = defaultdict(list)
    for glosa in Glosa.objects.filter(protocolo_id__in=ids).select_related("decidida_por", "recurso_item").order_by("id"):
        glosas[glosa.chave_linha].append(glosa)
    resultado: dict[int, list[GuiaAnalisada]] = defaultdict(list)
    for guia in guias:
        itens = []
        linhas = [("i", i) for i in guia.itens.all()] + [("d", d) for d in guia.outras_despesas.all()]
        for tipo, item in linhas:
            do_item = glosas.get((tipo, item.pk), [])
            soma = sum((g.valor for g in do_item if g.ativa), ZERO)
            itens.append(ItemAnalisado(item=item, glosas=do_item, valor_glosa=min(soma, item.valor_total),
                                       eh_despesa=tipo == "d"))
        if guia.protocolo_id is not None:
            resultado[guia.protocolo_id].append(GuiaAnalisada(guia=guia, itens=itens))
    return resultado


def resultado_da_analise(analise: AnaliseProtocolo) -> dict[str, Any]:
    """What `operadora claims analyze --json` prints (stable keys)."""
    protocolo = analise.protocolo
    glosas = (Glosa.objects.filter(protocolo=protocolo).select_related("guia", "item", "despesa")
              .order_by("guia_id", "id"))
    return {
        "protocolo": protocolo.numero,
        "operadora": protocolo.operadora.registro_ans,
        "situacao": protocolo.get_situacao_display(),
        "versao_regras": analise.conjunto_regras.versao if analise.conjunto_regras else None,
        "totais": {"itens": analise.quantidade_itens, "informado": str(analise.valor_informado),
                   "processado": str(analise.valor_processado), "liberado": str(analise.valor_liberado),
                   "glosa": str(analise.valor_glosa), "itens_com_glosa": analise.itens_com_glosa,
                   "guias_com_glosa": analise.guias_com_glosa},
        "glosas": [{"guia": g.guia.numero_guia_prestador, "sequencial": g.linha.sequencial,
                    "procedimento": g.linha.codigo, "despesa": g.despesa_id is not None, "regra": g.regra, "codigo_glosa": g.codigo_glosa,
                    "valor": str(g.valor), "situacao": g.situacao, "motivo": g.motivo, "evidencia": g.evidencia}
                   for g in glosas],
    }


def catalogo_com_configuracao(versao: ConjuntoRegras) -> list[dict[str, Any]]:
    configuracao = regras.normalizar_configuracao(versao.regras)
    return [{"definicao": d, "ativa": configuracao[d.codigo]["ativa"],
             "parametros": json.dumps(configuracao[d.codigo]["parametros"], ensure_ascii=False)}
            for d in regras.CATALOGO]


# --- portal lists --------------------------------------------------------------------------------------------


def protocolos_com_demonstrativo(contexto: ContextoPortal, *, numero: str = "", inicio: datetime.date | None = None,
                                 fim: datetime.date | None = None) -> QuerySet[Protocolo]:
    qs = Protocolo.objects.filter(operadora_id=contexto.operadora.pk, prestador_id=contexto.prestador.pk,
                                  situacao__in=Protocolo.SITUACOES_COM_DEMONSTRATIVO).select_related("lote", "analise")
    if numero := numero.strip():
        qs = qs.filter(numero=numero)
    if inicio:
        qs = qs.filter(recebido_em__date__gte=inicio)
    if fim:
        qs = qs.filter(recebido_em__date__lte=fim)
    return qs.order_by("-recebido_em", "-id")


Linha = tuple[str, int | None]  # Glosa.chave_linha: ("i", item id) or ("d", outra despesa id)


def glosas_das_linhas(glosas: Sequence[Glosa], *, travar: bool = False) -> dict[Linha, list[Glosa]]:
    """Every active glosa of the billed lines (procedures or outras despesas) that `glosas` are on, by line, with
    the line and its appeal item. One query; `travar` locks those glosas (answers to two appeals of one line are
    credited one after the other, each from what the other left)."""
    if not glosas:
        return {}
    linhas = {g.chave_linha for g in glosas}
    filtro = Q(pk__in=[])
    if itens := [i for t, i in linhas if t == "i"]:
        filtro |= Q(item_id__in=itens)
    if despesas := [i for t, i in linhas if t == "d"]:
        filtro |= Q(despesa_id__in=despesas)
    por_linha: dict[Linha, list[Glosa]] = {linha: [] for linha in linhas}
    qs = Glosa.objects.filter(filtro, protocolo_id=glosas[0].protocolo_id).exclude(situacao=Glosa.Situacao.ANULADA)
    if travar:
        qs = qs.select_for_update(of=("self",))
    for g in qs.select_related("item", "despesa").order_by("id"):
        por_linha[g.chave_linha].append(g)
    return por_linha


def glosa_retida(glosas_da_linha: Sequence[Glosa], acatados: Mapping[int, Decimal] | None = None) -> Decimal:
    """What a line's glosas withhold: the sum of each one's amount less what appeals gave back of it (or the
    amounts in `acatados`, by glosa id, for an answer not yet saved), never more than the line's value. Two glosas
    of one line (a duplicity of the whole consulta and its price difference) are not two amounts withheld: giving
    back the duplicity leaves the price difference withheld."""
    if not glosas_da_linha:
        return ZERO
    acatados = acatados or {}
    soma = sum((g.valor - acatados.get(g.pk, g.valor_acatado_recurso) for g in glosas_da_linha), ZERO)
    return max(min(soma, glosas_da_linha[0].linha.valor_total), ZERO)


def credito_do_recurso(recurso: RecursoGlosa) -> Decimal:
    """What the answered appeal credits in the provider's payment (less than the amount accepted when another glosa
    of the same line still withholds part of it)."""
    total = LancamentoFinanceiro.objects.filter(item_recurso__recurso=recurso).aggregate(t=Sum("valor"))["t"]
    return total or ZERO


def recursos_do_prestador(contexto: ContextoPortal) -> QuerySet[RecursoGlosa]:
    return RecursoGlosa.objects.filter(operadora_id=contexto.operadora.pk, prestador_id=contexto.prestador.pk
                                       ).select_related("protocolo").order_by("-criado_em", "-id")


def pagamentos_do_prestador(contexto: ContextoPortal) -> QuerySet[Pagamento]:
    return Pagamento.objects.filter(operadora_id=contexto.operadora.pk, prestador_id=contexto.prestador.pk
                                    ).order_by("-data_pagamento", "-id")


def pagamento_do_protocolo(contexto: ContextoPortal, protocolo: Protocolo) -> Pagamento | None:
    """The payment (the Demonstrativo de Pagamento's unit) the protocol joined when it was faturado, whether
    still previsto or already pago; None while it is in none. Only a payment of the context's prestador AND
    operadora: another provider's protocol finds nothing here."""
    return Pagamento.objects.filter(operadora_id=contexto.operadora.pk, prestador_id=contexto.prestador.pk,
                                    protocolos__protocolo_id=protocolo.pk).first()


def lancamentos_pendentes(*, operadora_id: int, prestador_id: int) -> QuerySet[LancamentoFinanceiro]:
    return LancamentoFinanceiro.objects.filter(operadora_id=operadora_id, prestador_id=prestador_id,
                                               pagamento__isnull=True)


# --- income-tax statement ------------------------------------------------------------------------------------

MESES = ("Janeiro", "Fevereiro", "Março", "Abril", "Maio", "Junho", "Julho", "Agosto", "Setembro", "Outubro",
         "Novembro", "Dezembro")


@dataclass
class LinhaInforme:
    mes: str
    bruto: Decimal = ZERO
    irrf: Decimal = ZERO
    csrf: Decimal = ZERO
    iss: Decimal = ZERO
    outros: Decimal = ZERO  # other debits (−) and credits (+) of the payments: adjustments, not withholdings
    liquido: Decimal = ZERO


@dataclass
class InformeRendimentos:
    operadora: Operadora
    prestador: Any
    ano: int
    meses: list[LinhaInforme]
    total: LinhaInforme


def informe_rendimentos(*, operadora: Operadora, prestador: Any, ano: int) -> InformeRendimentos:
    """The payments made in `ano` (cash basis) month by month: gross income (released + accepted appeals),
    withholdings, other debits/credits (adjustments) and net, so that each row adds up. Two queries."""
    meses = [LinhaInforme(mes=nome) for nome in MESES]
    pagos = list(Pagamento.objects.filter(operadora=operadora, prestador=prestador, situacao=Pagamento.Situacao.PAGO,
                                          data_pagamento__year=ano))
    mes_de = {p.pk: p.data_pagamento.month - 1 for p in pagos}
    for p in pagos:
        meses[mes_de[p.pk]].bruto += p.valor_liberado
        meses[mes_de[p.pk]].liquido += p.valor_liquido
    T = LancamentoFinanceiro.Tipo
    for lancamento in LancamentoFinanceiro.objects.filter(pagamento_id__in=mes_de):
        if lancamento.pagamento_id is None:
            continue
        linha = meses[mes_de[lancamento.pagamento_id]]
        if lancamento.tipo == T.RECURSO:
            linha.bruto += lancamento.valor
        elif lancamento.tipo in (T.IRRF, T.CSRF, T.ISS):
            setattr(linha, lancamento.tipo, getattr(linha, lancamento.tipo) + lancamento.valor)
        else:
            credito = lancamento.indicador == LancamentoFinanceiro.Indicador.CREDITO
            linha.outros += lancamento.valor if credito else -lancamento.valor
    total = LinhaInforme(mes="Total")
    for linha in meses:
        for campo in ("bruto", "irrf", "csrf", "iss", "outros", "liquido"):
            setattr(total, campo, getattr(total, campo) + getattr(linha, campo))
    return InformeRendimentos(operadora=operadora, prestador=prestador, ano=ano, meses=meses, total=total)


# --- pre-submission check --------------------------------------------------------------------------------------


def configuracao_vigente(operadora: Operadora) -> tuple[int | None, dict[str, dict[str, Any]]]:
    """The current rule version of the operadora (the catalogue's defaults when none was published yet)."""
    atual = ConjuntoRegras.objects.filter(operadora=operadora).order_by("-versao").first()
    if atual is None:
        return None, regras.configuracao_padrao()
    return atual.versao, regras.normalizar_configuracao(atual.regras)


@dataclass
class Previa:
    versao: int | None
    itens: int
    glosas: list[dict[str, Any]]
    erros: list[Any] = field(default_factory=list)

    @property
    def valor_glosa(self) -> Decimal:
        return sum((g["valor"] for g in self.glosas), ZERO)


def previa_do_lote(lote: Any) -> Previa:
    """The glosas the analysis would propose for a lote not yet sent (same rules, same version, nothing
    written), so the provider fixes them first."""
    from django.db.models import Q
    from django.utils import timezone

    from . import codigos, motor

    versao, configuracao = configuracao_vigente(lote.operadora)
    itens, propostas = motor.analisar_itens(
        operadora=lote.operadora, prestador_id=lote.prestador_id, filtro=Q(guia__lote=lote),
        recebido_em=timezone.localdate(), protocolo_id=None, configuracao=configuracao)
    por_id = {i.item_id: i for i in itens}
    numeros = dict(Guia.objects.filter(lote=lote).values_list("id", "numero_guia_prestador"))
    glosas = [{"guia": numeros.get(p.guia_id, ""), "sequencial": por_id[p.item_id].sequencial,
               "codigo": por_id[p.item_id].codigo, "data": por_id[p.item_id].data_execucao, "regra": p.regra,
               "regra_nome": regras.POR_CODIGO[p.regra].nome, "codigo_glosa": p.codigo_glosa,
               "rotulo": codigos.rotulo(p.codigo_glosa), "motivo": p.motivo, "valor": p.valor} for p in propostas]
    return Previa(versao=versao, itens=len(itens), glosas=glosas)


def previa_do_arquivo(*, operadora: Operadora, prestador: Any, dados: bytes) -> Previa:
    """An ENVIO_LOTE_GUIAS file checked before it is sent: the TISS engine validates it (the errors are the
    receipt's), and the analysis rules run over its guides without saving anything."""
    from django.utils import timezone

    from operadora.billing import conversao
    from operadora.billing import selectors as faturamento
    from operadora.tiss.validation import validar

    from . import codigos, motor

    versao, configuracao = configuracao_vigente(operadora)
    relatorio = validar(dados, faturamento.politica_da_operadora(operadora), faturamento.registro_schemas())
    lote = relatorio.mensagem.lote if relatorio.mensagem is not None else None
    if not relatorio.valido or lote is None:
        erros: list[Any] = list(relatorio.erros) or ["O arquivo não é um lote de guias (ENVIO_LOTE_GUIAS)."]
        return Previa(versao=versao, itens=0, glosas=[], erros=erros)
    linhas = [conversao.linhas_da_guia(g, base={"operadora": operadora, "prestador": prestador}) for g in lote.guias]
    itens = motor.itens_de_guias_nao_gravadas(linhas, prestador_id=prestador.pk)
    propostas = motor.analisar_itens_nao_gravados(operadora=operadora, prestador_id=prestador.pk, itens=itens,
                                                  recebido_em=timezone.localdate(), configuracao=configuracao)
    por_id = {i.item_id: i for i in itens}
    numeros = {-n: linha.guia.numero_guia_prestador for n, linha in enumerate(linhas, start=1)}
    glosas = [{"guia": numeros.get(p.guia_id, ""), "sequencial": por_id[p.item_id].sequencial,
               "codigo": por_id[p.item_id].codigo, "data": por_id[p.item_id].data_execucao, "regra": p.regra,
               "regra_nome": regras.POR_CODIGO[p.regra].nome, "codigo_glosa": p.codigo_glosa,
               "rotulo": codigos.rotulo(p.codigo_glosa), "motivo": p.motivo, "valor": p.valor} for p in propostas]
    return Previa(versao=versao, itens=len(itens), glosas=glosas)
