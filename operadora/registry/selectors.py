"""Reads of the register that views, APIs and other apps share."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import F, Q, QuerySet

from operadora.core.texto import dobrar

from .models import Beneficiario, Credenciamento, PrecoContratado, TermoTUSS

LIMITE_BUSCA_TUSS = 50


def _vigentes(qs: QuerySet[TermoTUSS], em: datetime.date) -> QuerySet[TermoTUSS]:
    return qs.filter(Q(vigencia_inicio__isnull=True) | Q(vigencia_inicio__lte=em)).filter(
        Q(vigencia_fim__isnull=True) | Q(vigencia_fim__gte=em)
    )


def consulta_termos_tuss(
    texto: str,
    *,
    tabelas: list[str] | None = None,
    em: datetime.date | None = None,
) -> QuerySet[TermoTUSS]:
    """Terms whose code starts with `texto` (digits) or whose term contains every word of it, accent- and
    case-insensitive, ordered by table and code; only those in force on `em` when given. Nothing for a blank text."""
    consulta = texto.strip()
    if not consulta:
        return TermoTUSS.objects.none()
    qs = TermoTUSS.objects.all()
    if tabelas:
        qs = qs.filter(tabela__in=tabelas)
    if em is not None:
        qs = _vigentes(qs, em)
    if consulta.isdigit():
        qs = qs.filter(codigo__startswith=consulta)
    else:
        for palavra in dobrar(consulta).split():
            qs = qs.filter(busca__contains=palavra)
    return qs.order_by("tabela", "codigo", "pk").only("tabela", "codigo", "termo", "vigencia_inicio",
                                                      "vigencia_fim")


def buscar_termos_tuss(
    texto: str,
    *,
    tabelas: list[str] | None = None,
    em: datetime.date | None = None,
    limite: int = LIMITE_BUSCA_TUSS,
) -> list[TermoTUSS]:
    """The first `limite` terms of `consulta_termos_tuss` (the pages' type-ahead searches)."""
    return list(consulta_termos_tuss(texto, tabelas=tabelas, em=em)[:limite])


def termo_vigente_existe(*, tabela: str, codigo: str, em: datetime.date | None = None) -> bool:
    qs = TermoTUSS.objects.filter(tabela=tabela, codigo=codigo)
    if em is not None:
        qs = _vigentes(qs, em)
    return qs.exists()


def termos_por_codigo(codigos: Iterable[str], *, tabelas: Iterable[str]) -> dict[str, str]:
    """code → term of the given TUSS/TISS tables, in ONE query whatever the number of codes (collect a page's codes,
    then call this once); the newest version of a term wins; a code the tables lack is simply absent."""
    codigos = {c for c in codigos if c}
    if not codigos:
        return {}
    return dict(
        TermoTUSS.objects.filter(tabela__in=set(tabelas), codigo__in=codigos)
        .order_by(F("vigencia_inicio").asc(nulls_first=True))
        .values_list("codigo", "termo")
    )


class PrecosContratados:
    """A provider's contracted prices at an operadora for a set of codes, read in one query. The price of a table
    and code on a date is the one in force then that started last — the one rule for the wizard's prefill,
    billing's pricing of blank unit values, automatic billing and the claims analysis (glosa 1705)."""

    def __init__(self, vigencias: dict[tuple[str, str], list[tuple[datetime.date, datetime.date | None, Decimal]]]):
        self._vigencias = vigencias  # (tabela, codigo) → (início, fim, valor), the latest start first

    @classmethod
    def ler(cls, *, operadora_id: int, prestador_id: int, codigos: Iterable[str]) -> "PrecosContratados":
        codigos = {c for c in codigos if c}
        vigencias: dict[tuple[str, str], list[tuple[datetime.date, datetime.date | None, Decimal]]] = {}
        if codigos:
            for tabela, codigo, inicio, fim, valor in (
                PrecoContratado.objects.filter(operadora_id=operadora_id, prestador_id=prestador_id,
                                               codigo__in=codigos)
                .order_by("-vigencia_inicio", "-id")
                .values_list("tabela", "codigo", "vigencia_inicio", "vigencia_fim", "valor")
            ):
                vigencias.setdefault((tabela, codigo), []).append((inicio, fim, valor))
        return cls(vigencias)

    def valor(self, *, tabela: str, codigo: str, em: datetime.date) -> Decimal | None:
        for inicio, fim, valor in self._vigencias.get((tabela, codigo), ()):
            if inicio <= em and (fim is None or em <= fim):
                return valor
        return None


def preco_contratado(
    *, operadora_id: int, prestador_id: int, codigo: str, em: datetime.date, tabela: str = "22"
) -> Decimal | None:
    """The contracted unit value of one code on a date (`PrecosContratados`); None when there is none."""
    return PrecosContratados.ler(operadora_id=operadora_id, prestador_id=prestador_id, codigos=[codigo]).valor(
        tabela=tabela, codigo=codigo, em=em
    )


def beneficiario_por_carteira(*, operadora_id: int, carteira: str) -> Beneficiario | None:
    return (
        Beneficiario.objects.select_related("plano", "contrato", "titular")
        .filter(operadora_id=operadora_id, carteira=carteira.strip())
        .first()
    )


def credenciamentos_ativos(prestador_id: int) -> QuerySet[Credenciamento]:
    return Credenciamento.objects.select_related("operadora").filter(
        prestador_id=prestador_id, situacao=Credenciamento.Situacao.ATIVO, operadora__ativa=True
    )
