"""Deterministic lote files for a given operadora and prestador, made from the TISS engine's sample guides
(`operadora.tiss.exemplos`) moved to recent dates: used by the tests, the benchmark and the demo."""

import dataclasses
import datetime
from collections.abc import Sequence
from typing import Any

from operadora.tiss import builders, exemplos
from operadora.tiss import guias as t
from operadora.tiss.guias import PrestadorIdentificacao

TIPOS = {
    "1": t.GuiaConsulta,
    "2": t.GuiaSPSADT,
    "3": t.GuiaResumoInternacao,
    "4": t.GuiaHonorarios,
    "5": t.GuiaOdontologia,
}


def _trocar(valor: Any, trocas: dict[str, str], base: datetime.date) -> Any:
    if dataclasses.is_dataclass(valor) and not isinstance(valor, type):
        novos = {
            f.name: _trocar(getattr(valor, f.name), trocas, base) for f in dataclasses.fields(valor) if f.init
        }
        return dataclasses.replace(valor, **novos)
    if isinstance(valor, tuple):
        return tuple(_trocar(v, trocas, base) for v in valor)
    if isinstance(valor, datetime.date) and not isinstance(valor, datetime.datetime):
        return base + (valor - exemplos.DATA)
    if isinstance(valor, str) and valor in trocas:
        return trocas[valor]
    return valor


def lote(
    *,
    tipo: str = "1",
    quantidade: int = 1,
    itens: int = 3,
    numero_lote: str = "1",
    registro_ans: str,
    codigo_prestador: str,
    data: datetime.date,
    prefixo: str = "",
    carteiras: Sequence[str] = (),
) -> t.Lote:
    """A typed lote of `quantidade` guides of `tipo` for this operadora/prestador, services on `data`.
    `prefixo` makes guide numbers unique across lotes; `carteiras`, when given, are the beneficiaries of the
    guides in turn (the sample guides carry the carteiras 000000000001, 000000000002, …)."""
    modelo = exemplos.lote(TIPOS[tipo], quantidade=quantidade, itens=itens, numero_lote=numero_lote)
    trocas = {exemplos.REGISTRO_ANS: registro_ans, exemplos.CODIGO_PRESTADOR: codigo_prestador}
    if carteiras:
        trocas |= {f"{n:012d}": carteiras[(n - 1) % len(carteiras)] for n in range(1, quantidade + 1)}
    movido = _trocar(modelo, trocas, data)
    if prefixo:
        movido = dataclasses.replace(
            movido,
            **{
                nome: tuple(
                    dataclasses.replace(g, numero_guia_prestador=(prefixo + g.numero_guia_prestador)[:20])
                    for g in getattr(movido, nome)
                )
                for nome in (
                    "guias_sp_sadt",
                    "guias_resumo_internacao",
                    "guias_honorarios",
                    "guias_consulta",
                    "guias_odontologia",
                )
            },
        )
    return movido


def arquivo(
    lote_tiss: t.Lote,
    *,
    registro_ans: str,
    codigo_prestador: str,
    versao: str = "4.03.00",
    sequencial: str = "1",
    codificacao: str = "iso-8859-1",
) -> bytes:
    """The ENVIO_LOTE_GUIAS bytes of a typed lote, hash included (built by the engine)."""
    return builders.construir_lote_guias(
        lote_tiss,
        versao=versao,
        sequencial_transacao=sequencial,
        registro_ans=registro_ans,
        prestador=PrestadorIdentificacao(codigo_prestador_na_operadora=codigo_prestador),
        codificacao=codificacao,
    )
