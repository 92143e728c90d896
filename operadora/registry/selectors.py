"""Reads of the register that views, APIs and other apps share."""

import datetime
from collections.abc import Iterable

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


def preco_contratado(
    *, operadora_id: int, prestador_id: int, codigo: str, em: datetime.date, tabela: str = "22"
) -> PrecoContratado | None:
    return (
        PrecoContratado.objects.filter(
            operadora_id=operadora_id, prestador_id=prestador_id, tabela=tabela, codigo=codigo,
            vigencia_inicio__lte=em,
        )
        .filter(Q(vigencia_fim__isnull=True) | Q(vigencia_fim__gte=em))
        .order_by("-vigencia_inicio")
        .first()
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
