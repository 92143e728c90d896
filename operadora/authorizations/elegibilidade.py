"""Eligibility: is this member entitled to this procedure on this date? Used by the portal screen, by authorization
requests, and by other apps (claims analysis, the TISS web service), so inputs are plain values.

    from operadora.authorizations import elegibilidade
    resultado = elegibilidade.verificar(beneficiario=b, codigo_tuss="40304361", data=hoje)
    if not resultado.elegivel: glosar(resultado.codigo_tiss, resultado.motivo)

Reasons, in the order they are checked, each with its TUSS 38 code: carteira não encontrada (1001); data anterior
à inclusão (3308); beneficiário desligado (1006); suspenso (1016); procedimento inexistente na TUSS (1801);
quantidade ≤ 0 (1806); segmentação não contratada (3097, or 1025 for odontologia); sem cobertura no plano (3287);
carência (3171; urgência/emergência: at most 24 hours, Lei 9.656/98 art. 12, V, c); limite anual (3293).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from operadora.registry.models import Beneficiario, CoberturaPlano, GrupoProcedimento, TermoTUSS
from operadora.registry.selectors import beneficiario_por_carteira

from . import codigos
from .models import Autorizacao, ItemAutorizacao
from .rules import grupo_do_codigo

CARENCIA_MAXIMA_URGENCIA_DIAS = 1  # 24 horas (Lei 9.656/98, art. 12, V, "c")


@dataclass(frozen=True)
class ResultadoElegibilidade:
    elegivel: bool
    codigo_tiss: str = ""
    motivo: str = ""
    beneficiario: Beneficiario | None = None
    codigo_tuss: str = ""
    grupo: GrupoProcedimento | None = None
    cobertura: CoberturaPlano | None = None
    carencia_ate: datetime.date | None = None
    limite_anual: int | None = None
    utilizado_no_ano: int | None = None

    @property
    def descricao_tiss(self) -> str:
        return codigos.descricao(self.codigo_tiss) if self.codigo_tiss else ""

    @property
    def mensagem(self) -> str:
        """What the page shows: the reason, or that the member is eligible."""
        if self.elegivel:
            return self.motivo or "Beneficiário elegível."
        return f"{self.motivo} (TUSS 38: {codigos.rotulo(self.codigo_tiss)})"


def _negado(codigo: str, motivo: str, **extras: object) -> ResultadoElegibilidade:
    return ResultadoElegibilidade(False, codigo, motivo, **extras)  # type: ignore[arg-type]


def verificar_beneficiario(beneficiario: Beneficiario | None, *, data: datetime.date) -> ResultadoElegibilidade:
    """Only the member: exists, included before `data`, not cancelled on `data`, not suspended."""
    if beneficiario is None:
        return _negado(codigos.CARTEIRA_INVALIDA, "Carteira não encontrada nesta operadora.")
    if data < beneficiario.data_inclusao:
        return _negado(codigos.ANTERIOR_A_INCLUSAO,
                       f"O beneficiário foi incluído no plano em {beneficiario.data_inclusao:%d/%m/%Y}.",
                       beneficiario=beneficiario)
    cancelado = beneficiario.situacao == Beneficiario.Situacao.CANCELADO or beneficiario.data_cancelamento
    if cancelado and (beneficiario.data_cancelamento is None or data >= beneficiario.data_cancelamento):
        quando = f" em {beneficiario.data_cancelamento:%d/%m/%Y}" if beneficiario.data_cancelamento else ""
        return _negado(codigos.ATENDIMENTO_APOS_DESLIGAMENTO, f"Beneficiário desligado do plano{quando}.",
                       beneficiario=beneficiario)
    if beneficiario.situacao == Beneficiario.Situacao.SUSPENSO:
        return _negado(codigos.BENEFICIARIO_SUSPENSO, "Beneficiário com atendimento suspenso.",
                       beneficiario=beneficiario)
    return ResultadoElegibilidade(True, beneficiario=beneficiario, motivo="Beneficiário ativo na data.")


def verificar(
    *,
    data: datetime.date,
    beneficiario: Beneficiario | None = None,
    operadora_id: int | None = None,
    carteira: str | None = None,
    codigo_tuss: str | None = None,
    quantidade: int = 1,
    carater: str = codigos.CARATER_ELETIVO,
    tabela: str = "22",
    ignorar_autorizacao_id: int | None = None,
) -> ResultadoElegibilidade:
    """Eligibility of a member (given, or found by `operadora_id` + `carteira`) for one procedure on `data`
    (only the member when `codigo_tuss` is None)."""
    if beneficiario is None and operadora_id is not None and carteira:
        beneficiario = beneficiario_por_carteira(operadora_id=operadora_id, carteira=carteira)
    if not codigo_tuss:
        return verificar_beneficiario(beneficiario, data=data)
    return verificar_varios(beneficiario=beneficiario, itens=[(codigo_tuss, quantidade)], data=data,
                            carater=carater, tabela=tabela, ignorar_autorizacao_id=ignorar_autorizacao_id)[0]


def verificar_varios(
    *,
    beneficiario: Beneficiario | None,
    itens: Iterable[tuple[str, int]],
    data: datetime.date,
    carater: str = codigos.CARATER_ELETIVO,
    tabela: str = "22",
    ignorar_autorizacao_id: int | None = None,
) -> list[ResultadoElegibilidade]:
    """The same check for every (código TUSS, quantidade) of one request, with a fixed number of queries."""
    itens = [(codigo.strip(), quantidade) for codigo, quantidade in itens]
    base = verificar_beneficiario(beneficiario, data=data)
    if not base.elegivel or beneficiario is None:
        return [base for _ in itens]
    plano = beneficiario.plano
    grupos = list(GrupoProcedimento.objects.filter(operadora_id=beneficiario.operadora_id))
    coberturas = {c.grupo_id: c for c in CoberturaPlano.objects.filter(plano_id=plano.id)}
    existentes = _codigos_vigentes(tabela, {c for c, _ in itens}, data)
    com_limite = {grupo_id for grupo_id, c in coberturas.items() if c.limite_anual is not None}
    uso = _uso_no_ano(beneficiario, data, com_limite, grupos, ignorar_autorizacao_id)
    resultados = []
    for codigo, quantidade in itens:
        extras: dict[str, object] = {"beneficiario": beneficiario, "codigo_tuss": codigo}
        if codigo not in existentes:
            resultados.append(_negado(codigos.PROCEDIMENTO_INVALIDO,
                                      f"Código {codigo} não existe na tabela TUSS {tabela} vigente.", **extras))
            continue
        if quantidade is None or quantidade < 1:
            resultados.append(_negado(codigos.QUANTIDADE_INVALIDA, "A quantidade deve ser maior que zero.",
                                      **extras))
            continue
        grupo = grupo_do_codigo(codigo, grupos)
        extras["grupo"] = grupo
        if grupo is None:
            resultados.append(_negado(codigos.SEM_COBERTURA_NO_PLANO,
                                      f"O procedimento {codigo} não está em nenhum grupo coberto pelo plano.",
                                      **extras))
            continue
        if grupo.segmentacao not in (plano.segmentacoes or []):
            codigo_tiss = (codigos.SEM_COBERTURA_ODONTOLOGICA if grupo.segmentacao == "odontologica"
                           else codigos.SEGMENTACAO_INCOMPATIVEL)
            resultados.append(_negado(
                codigo_tiss, f"O plano {plano.nome} não tem a segmentação {grupo.get_segmentacao_display()}.",
                **extras))
            continue
        cobertura = coberturas.get(grupo.id)
        extras["cobertura"] = cobertura
        if cobertura is None or not cobertura.coberto:
            resultados.append(_negado(codigos.SEM_COBERTURA_NO_PLANO,
                                      f"O plano {plano.nome} não cobre {grupo.nome}.", **extras))
            continue
        carencia = cobertura.carencia_dias
        if carater == codigos.CARATER_URGENCIA:
            carencia = min(carencia, CARENCIA_MAXIMA_URGENCIA_DIAS)
        fim_carencia = beneficiario.data_inclusao + datetime.timedelta(days=carencia)
        extras["carencia_ate"] = fim_carencia
        if data < fim_carencia:
            resultados.append(_negado(
                codigos.EM_CARENCIA,
                f"Carência de {carencia} dia(s) para {grupo.nome}: cumprida em {fim_carencia:%d/%m/%Y}.", **extras))
            continue
        if cobertura.limite_anual is not None:
            usado = uso.get(grupo.id, 0)
            extras |= {"limite_anual": cobertura.limite_anual, "utilizado_no_ano": usado}
            if usado + quantidade > cobertura.limite_anual:
                saldo = max(cobertura.limite_anual - usado, 0)
                resultados.append(_negado(
                    codigos.QUANTIDADE_ACIMA_DA_COBERTA,
                    f"Limite de {cobertura.limite_anual} por ano para {grupo.nome}: já utilizados {usado}, "
                    f"saldo {saldo}.", **extras))
                continue
            uso[grupo.id] = usado + quantidade  # a second item of the same group counts the first
        resultados.append(ResultadoElegibilidade(True, motivo="Elegível: coberto pelo plano, carência cumprida.",
                                                 **extras))  # type: ignore[arg-type]
    return resultados


def _codigos_vigentes(tabela: str, codigos_tuss: set[str], data: datetime.date) -> set[str]:
    return set(
        TermoTUSS.objects.filter(tabela=tabela, codigo__in=codigos_tuss)
        .filter(Q(vigencia_inicio__isnull=True) | Q(vigencia_inicio__lte=data))
        .filter(Q(vigencia_fim__isnull=True) | Q(vigencia_fim__gte=data))
        .values_list("codigo", flat=True)
    )


def _uso_no_ano(beneficiario: Beneficiario, data: datetime.date, grupos_ids: set[int],
                grupos: list[GrupoProcedimento], ignorar_autorizacao_id: int | None) -> dict[int, int]:
    """Quantities already authorized (or asked, while pending) this calendar year, per procedure group."""
    com_limite = [g for g in grupos if g.id in grupos_ids and g.prefixos_tuss]
    if not com_limite:
        return {}
    itens = ItemAutorizacao.objects.filter(
        autorizacao__beneficiario_id=beneficiario.id,
        autorizacao__criado_em__year=data.year,
    ).exclude(autorizacao__situacao__in=[Autorizacao.Situacao.NEGADA, Autorizacao.Situacao.CANCELADA])
    if ignorar_autorizacao_id is not None:
        itens = itens.exclude(autorizacao_id=ignorar_autorizacao_id)
    prefixos = [p for g in com_limite for p in g.prefixos_tuss]
    itens = itens.filter(reduce(or_, (Q(codigo__startswith=p) for p in prefixos)))
    por_codigo = itens.values("codigo").annotate(
        total=Sum(Coalesce("quantidade_autorizada", "quantidade_solicitada"))
    )
    uso: dict[int, int] = {}
    for linha in por_codigo:
        grupo = grupo_do_codigo(linha["codigo"], com_limite)
        if grupo is not None:
            uso[grupo.id] = uso.get(grupo.id, 0) + (linha["total"] or 0)
    return uso
