"""The set-based loading the rules need: one query per kind of fact for the whole protocol (or lote), whatever
the number of guides and items. `analisar_itens` = load + evaluate, without writing anything."""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Min, Q, Sum

from operadora.authorizations.models import Autorizacao, ItemAutorizacao, RegraAutorizacao
from operadora.authorizations.selectors import (
    ItemDaSenha,
    SenhaAutorizacao,
    prorrogacoes_com_senha,
    senha_da_autorizacao,
)
from operadora.billing.models import ItemGuia, OutraDespesa, Protocolo
from operadora.core.texto import dobrar
from operadora.registry.models import (
    Beneficiario,
    CoberturaPlano,
    GrupoProcedimento,
    Operadora,
    TermoTUSS,
)
from operadora.registry.selectors import PrecosContratados

from .regras import Contexto, ItemParaAnalise, Proposta, avaliar

CAMPOS_ITEM = (
    "id", "guia_id", "sequencial", "tabela", "codigo", "quantidade", "valor_unitario", "valor_total",
    "data_execucao", "guia__carteira", "guia__beneficiario_id", "guia__senha", "guia__carater_atendimento",
    "guia__prestador_id", "executante_conselho", "executante_numero", "executante_uf", "executante_cbo",
    "guia__executante_conselho", "guia__executante_numero", "guia__executante_uf", "guia__executante_cbo",
)
# A protocol that no longer counts for duplicates, quantities and limits.
PROTOCOLOS_DESCONSIDERADOS = (Protocolo.Situacao.CANCELADO,)


CAMPOS_DESPESA = (
    "id", "guia_id", "sequencial", "tabela", "codigo", "quantidade", "valor_unitario", "valor_total",
    "data_execucao", "guia__carteira", "guia__beneficiario_id", "guia__senha", "guia__carater_atendimento",
    "guia__prestador_id",
)


def carregar_itens(filtro: Q) -> list[ItemParaAnalise]:
    """The procedures and then the outras despesas of the guides matched by `filtro` (a condition on `guia__…`,
    valid for both), in guide and sequence order: two queries."""
    linhas = ItemGuia.objects.filter(filtro).order_by("guia_id", "sequencial", "id").values_list(*CAMPOS_ITEM)
    itens = []
    for (item_id, guia_id, sequencial, tabela, codigo, quantidade, unitario, total, data, carteira, beneficiario_id,
         senha, carater, prestador_id, conselho, numero, uf, cbo, g_conselho, g_numero, g_uf, g_cbo) in linhas:
        profissional_do_item = bool(conselho or numero)
        itens.append(ItemParaAnalise(
            item_id=item_id, guia_id=guia_id, sequencial=sequencial, tabela=tabela, codigo=codigo.strip(),
            quantidade=quantidade, valor_unitario=unitario, valor_total=total, data_execucao=data,
            carteira=carteira.strip(), beneficiario_id=beneficiario_id, senha=senha.strip(), carater=carater,
            prestador_id=prestador_id,
            conselho=conselho if profissional_do_item else g_conselho,
            numero_conselho=numero if profissional_do_item else g_numero,
            uf_conselho=uf if profissional_do_item else g_uf,
            cbo=(cbo if profissional_do_item else g_cbo) or cbo or g_cbo,
        ))
    for (despesa_id, guia_id, sequencial, tabela, codigo, quantidade, unitario, total, data, carteira,
         beneficiario_id, senha, carater, prestador_id) in OutraDespesa.objects.filter(filtro).order_by(
            "guia_id", "sequencial", "id").values_list(*CAMPOS_DESPESA):
        itens.append(ItemParaAnalise(
            item_id=despesa_id, guia_id=guia_id, sequencial=sequencial, tabela=tabela, codigo=codigo.strip(),
            quantidade=quantidade, valor_unitario=unitario, valor_total=total, data_execucao=data,
            carteira=carteira.strip(), beneficiario_id=beneficiario_id, senha=senha.strip(), carater=carater,
            prestador_id=prestador_id, conselho="", numero_conselho="", uf_conselho="", cbo="", despesa=True))
    return itens


def _outros_protocolos(prefixo: str, excluir_protocolo_id: int | None) -> Q:
    filtro = Q(**{f"{prefixo}protocolo__isnull": False}) & ~Q(**{f"{prefixo}protocolo__situacao__in":
                                                                 PROTOCOLOS_DESCONSIDERADOS})
    if excluir_protocolo_id is not None:
        filtro &= ~Q(**{f"{prefixo}protocolo_id": excluir_protocolo_id})
    return filtro


def senhas_autorizadas(*, operadora_id: int, senhas: set[str]) -> dict[str, SenhaAutorizacao]:
    """The set-based twin of `authorizations.selectors.autorizacao_por_senha`: the same `SenhaAutorizacao` (whose
    `problema_em` is the rule both apps apply; an internação's with its authorized prorrogações) for every senha of
    a protocol, in three queries."""
    autorizacoes = list(Autorizacao.objects.select_related("beneficiario").filter(operadora_id=operadora_id,
                                                                                  senha__in=senhas))
    prorrogacoes = prorrogacoes_com_senha(a.pk for a in autorizacoes if a.tipo == Autorizacao.Tipo.INTERNACAO)
    ids = [a.pk for a in autorizacoes] + [p.pk for lista in prorrogacoes.values() for p in lista]
    itens: dict[int, list[ItemDaSenha]] = defaultdict(list)
    for autorizacao_id, tabela, codigo, solicitada, autorizada in ItemAutorizacao.objects.filter(
            autorizacao_id__in=ids).order_by("autorizacao_id", "sequencial").values_list(
            "autorizacao_id", "codigo_tabela", "codigo", "quantidade_solicitada", "quantidade_autorizada"):
        itens[autorizacao_id].append(ItemDaSenha(tabela, codigo, solicitada, autorizada or 0, 0))
    return {a.senha: senha_da_autorizacao(a, itens, prorrogacoes.get(a.pk, ())) for a in autorizacoes}


def carregar_contexto(*, operadora: Operadora, prestador_id: int, itens: list[ItemParaAnalise],
                      recebido_em: datetime.date, protocolo_id: int | None) -> Contexto:
    """Everything the rules read, in a fixed number of queries (≤ 12) for any number of items."""
    carteiras = {i.carteira for i in itens}
    codigos = {i.codigo for i in itens}
    procedimentos = [i for i in itens if not i.despesa]
    datas = {i.data_execucao for i in itens}
    senhas = {i.senha for i in itens if i.senha}
    anos = {d.year for d in datas}

    beneficiarios = {b.carteira: b for b in Beneficiario.objects.filter(operadora=operadora, carteira__in=carteiras)
                     .select_related("plano")}
    grupos = list(GrupoProcedimento.objects.filter(operadora=operadora))
    planos = {b.plano_id for b in beneficiarios.values()}
    coberturas = {(c.plano_id, c.grupo_id): c for c in CoberturaPlano.objects.filter(plano_id__in=planos)}
    termos: dict[tuple[str, str], dict[str, Any]] = {}
    for tabela, codigo, termo, inicio, fim, extras in TermoTUSS.objects.filter(
            tabela__in={i.tabela for i in itens}, codigo__in=codigos).values_list(
            "tabela", "codigo", "termo", "vigencia_inicio", "vigencia_fim", "extras"):
        termos[(tabela, codigo)] = {"inicio": inicio, "fim": fim, "extras": extras, "termo_dobrado": dobrar(termo)}

    contexto = Contexto(
        operadora_id=operadora.pk, prazo_faturamento_dias=operadora.prazo_faturamento_dias,
        recebido_em=recebido_em, beneficiarios=beneficiarios, grupos=grupos, coberturas=coberturas, termos=termos,
        regras_autorizacao=[], autorizacoes={}, quantidade_ja_cobrada={},
        primeira_cobranca={}, precos=PrecosContratados({}), uso_no_ano={},
    )
    grupos_ids = {g.id for g in (contexto.grupo(c) for c in codigos) if g is not None}
    contexto.regras_autorizacao = list(
        RegraAutorizacao.objects.filter(operadora=operadora, ativa=True)
        .filter(Q(plano__isnull=True) | Q(plano_id__in=planos))
        .filter(Q(codigo_tuss__in=codigos) | Q(grupo_id__in=grupos_ids))
    )
    if senhas:
        contexto.autorizacoes = senhas_autorizadas(operadora_id=operadora.pk, senhas=senhas)
        contexto.quantidade_ja_cobrada = {
            (linha["guia__senha"], linha["codigo"]): linha["total"]
            for linha in ItemGuia.objects.filter(_outros_protocolos("guia__", protocolo_id),
                                                 guia__operadora=operadora, guia__senha__in=senhas)
            .values("guia__senha", "codigo").annotate(total=Sum("quantidade"))
        }
    # The first billing of each (carteira, código, data) in any protocol of this operadora, these items included.
    # (A protocol being analysed is itself among the non-cancelled ones; a lote not sent yet has no protocol.)
    apresentados = _outros_protocolos("guia__", None)
    if protocolo_id is None:
        apresentados |= Q(id__in=[i.item_id for i in procedimentos])
    datas_procedimentos = [i.data_execucao for i in procedimentos] or list(datas)
    for carteira, codigo, data, primeiro in (
            ItemGuia.objects.filter(guia__operadora=operadora, guia__carteira__in=carteiras,
                                    codigo__in={i.codigo for i in procedimentos},
                                    data_execucao__range=(min(datas_procedimentos), max(datas_procedimentos)))
            .filter(apresentados)
            .values("guia__carteira", "codigo", "data_execucao").annotate(primeiro=Min("id"))
            .values_list("guia__carteira", "codigo", "data_execucao", "primeiro")):
        contexto.primeira_cobranca[(carteira, codigo, data)] = primeiro
    contexto.precos = PrecosContratados.ler(operadora_id=operadora.pk, prestador_id=prestador_id, codigos=codigos)
    if any(c.limite_anual is not None for c in coberturas.values()):
        uso: dict[tuple[str, int, str], Decimal] = defaultdict(Decimal)
        for carteira, codigo, data, quantidade in ItemGuia.objects.filter(
                _outros_protocolos("guia__", protocolo_id), guia__operadora=operadora, guia__carteira__in=carteiras,
                data_execucao__year__in=anos).values_list("guia__carteira", "codigo", "data_execucao", "quantidade"):
            grupo = contexto.grupo(codigo)
            if grupo is not None:
                uso[(carteira, data.year, grupo.codigo)] += quantidade
        contexto.uso_no_ano = dict(uso)
    return contexto


def analisar_itens(*, operadora: Operadora, prestador_id: int, filtro: Q, recebido_em: datetime.date,
                   protocolo_id: int | None, configuracao: dict[str, dict[str, Any]]
                   ) -> tuple[list[ItemParaAnalise], list[Proposta]]:
    """Loads the items and their context and runs the rules; writes nothing."""
    itens = carregar_itens(filtro)
    if not itens:
        return itens, []
    contexto = carregar_contexto(operadora=operadora, prestador_id=prestador_id, itens=itens,
                                 recebido_em=recebido_em, protocolo_id=protocolo_id)
    return itens, avaliar(itens, contexto, configuracao)


def itens_de_guias_nao_gravadas(linhas: list[Any], *, prestador_id: int) -> list[ItemParaAnalise]:
    """The items of guides read from a file and not saved (billing's `conversao.LinhasGuia`), with negative ids
    standing for rows that do not exist yet."""
    itens = []
    contador = 0
    for indice_guia, linha in enumerate(linhas, start=1):
        guia = linha.guia
        for item in linha.itens:
            contador += 1
            do_item = bool(item.executante_conselho or item.executante_numero)
            itens.append(ItemParaAnalise(
                item_id=-contador, guia_id=-indice_guia, sequencial=item.sequencial, tabela=item.tabela,
                codigo=item.codigo.strip(), quantidade=item.quantidade, valor_unitario=item.valor_unitario,
                valor_total=item.valor_total, data_execucao=item.data_execucao, carteira=guia.carteira.strip(),
                beneficiario_id=None, senha=guia.senha.strip(), carater=guia.carater_atendimento,
                prestador_id=prestador_id,
                conselho=item.executante_conselho if do_item else guia.executante_conselho,
                numero_conselho=item.executante_numero if do_item else guia.executante_numero,
                uf_conselho=item.executante_uf if do_item else guia.executante_uf,
                cbo=(item.executante_cbo if do_item else guia.executante_cbo) or item.executante_cbo or guia.executante_cbo))
        for despesa in linha.despesas:
            contador += 1
            itens.append(ItemParaAnalise(
                item_id=-contador, guia_id=-indice_guia, sequencial=despesa.sequencial, tabela=despesa.tabela,
                codigo=despesa.codigo.strip(), quantidade=despesa.quantidade, valor_unitario=despesa.valor_unitario,
                valor_total=despesa.valor_total, data_execucao=despesa.data_execucao, carteira=guia.carteira.strip(),
                beneficiario_id=None, senha=guia.senha.strip(), carater=guia.carater_atendimento,
                prestador_id=prestador_id, conselho="", numero_conselho="", uf_conselho="", cbo="", despesa=True))
    return itens


def analisar_itens_nao_gravados(*, operadora: Operadora, prestador_id: int, itens: list[ItemParaAnalise],
                                recebido_em: datetime.date, configuracao: dict[str, dict[str, Any]]) -> list[Proposta]:
    """The same rules over items not saved yet (a file checked before it is sent): duplicates count what was
    already billed and, inside the file, the first occurrence."""
    if not itens:
        return []
    contexto = carregar_contexto(operadora=operadora, prestador_id=prestador_id, itens=itens,
                                 recebido_em=recebido_em, protocolo_id=None)
    for item in itens:
        if not item.despesa:
            contexto.primeira_cobranca.setdefault((item.carteira, item.codigo, item.data_execucao), item.item_id)
    return avaliar(itens, contexto, configuracao)
