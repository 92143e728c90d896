"""Writes to the register. Every write is a named verb with keyword-only arguments, inside a transaction."""

import datetime
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

import tiss.dominio
import tiss.tuss
from django.db import transaction

from operadora.core.texto import dobrar

from .models import TermoTUSS

TAMANHO_LOTE_BULK = 2000


@dataclass(frozen=True)
class ResultadoCargaTUSS:
    inseridos: int
    atualizados: int
    inalterados: int
    por_tabela: dict[str, int]


def _data(valor: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(valor) if valor else None


def _registros_do_pacote_tiss() -> Iterator[dict[str, Any]]:
    """Every TUSS (18, 19, 20, 22) and domain record (23, 24, 38, …) the `tiss` package ships, plus TUSS 26,
    which the package lacks and we ship ourselves."""
    pacote_tuss = resources.files(tiss.tuss) / "_data" / "tuss.json"
    yield from json.loads(pacote_tuss.read_text(encoding="utf-8"))["records"]
    pacote_dominio = resources.files(tiss.dominio) / "_data" / "domain.json"
    yield from json.loads(pacote_dominio.read_text(encoding="utf-8"))["records"]
    conselhos = resources.files("operadora.registry") / "data" / "tuss26_conselhos.json"
    for registro in json.loads(conselhos.read_text(encoding="utf-8"))["registros"]:
        yield {"tabela": "26", "codigo": registro["codigo"], "termo": registro["termo"],
               "descricao": registro["sigla"], "vigencia_inicio": "", "vigencia_fim": ""}


def _grupos_tabela_38() -> dict[str, str]:
    """TUSS 38 code → its group (10 identificação, 11 protocolo, …), from the package's glosa table."""
    arquivo = resources.files(tiss) / "_data" / "glosas.json"
    return {r["codigo"]: r["grupo"] for r in json.loads(arquivo.read_text(encoding="utf-8"))["records"]}


def carregar_tabelas_tuss(*, registros: Iterable[dict[str, Any]] | None = None) -> ResultadoCargaTUSS:
    """Insert or update the terminology tables; re-runnable (matches on tabela + código + início de vigência,
    updates what changed, never duplicates)."""
    fonte = list(registros if registros is not None else _registros_do_pacote_tiss())
    grupos_38 = _grupos_tabela_38()
    novos: dict[tuple[str, str, datetime.date | None], TermoTUSS] = {}
    for registro in fonte:
        tabela, codigo = str(registro["tabela"]), str(registro["codigo"]).strip()
        termo = (registro.get("termo") or registro.get("descricao") or "").strip()[:1000]
        extras = {"grupo": grupos_38[codigo]} if tabela == "38" and codigo in grupos_38 else {}
        inicio = _data(registro.get("vigencia_inicio"))
        novos[(tabela, codigo, inicio)] = TermoTUSS(
            tabela=tabela, codigo=codigo, termo=termo,
            descricao=(registro.get("descricao") or "").strip(),
            vigencia_inicio=inicio, vigencia_fim=_data(registro.get("vigencia_fim")),
            busca=dobrar(f"{codigo} {termo}")[:1100], extras=extras,
        )
    campos = ["termo", "descricao", "vigencia_fim", "busca", "extras"]
    inseridos = atualizados = inalterados = 0
    with transaction.atomic():
        existentes = {
            (t.tabela, t.codigo, t.vigencia_inicio): t for t in TermoTUSS.objects.all().only("id", *campos,
                                                                                              "tabela", "codigo",
                                                                                              "vigencia_inicio")
        }
        criar, alterar = [], []
        for chave, novo in novos.items():
            atual = existentes.get(chave)
            if atual is None:
                criar.append(novo)
            elif any(getattr(atual, c) != getattr(novo, c) for c in campos):
                for c in campos:
                    setattr(atual, c, getattr(novo, c))
                alterar.append(atual)
            else:
                inalterados += 1
        TermoTUSS.objects.bulk_create(criar, batch_size=TAMANHO_LOTE_BULK)
        TermoTUSS.objects.bulk_update(alterar, campos, batch_size=TAMANHO_LOTE_BULK)
        inseridos, atualizados = len(criar), len(alterar)
    por_tabela: dict[str, int] = {}
    for tabela, _, _ in novos:
        por_tabela[tabela] = por_tabela.get(tabela, 0) + 1
    return ResultadoCargaTUSS(inseridos, atualizados, inalterados, dict(sorted(por_tabela.items())))
