"""Bulk insert for the receipt path: on PostgreSQL, one `COPY … FROM STDIN` per table with primary keys reserved
from the tables' sequences in one query (so children can point at their parents before anything is written);
elsewhere (SQLite in the embedded set-up) Django's `bulk_create`.

Two entry points over the same writer:
- `reservar_ids` + `copiar`: rows given as column values (attname → value, the rest take the model's defaults),
  as `conversao.campos_da_guia` produces them. The receipt of a 100-guide lote never builds model instances:
  instantiating ~600 of them was a third of the receipt (bench/bench_billing.py).
- `inserir_em_massa`: unsaved model instances (automatic billing), which get their primary keys.

Why not `bulk_create` on PostgreSQL: for a 100-guide SP/SADT lote it spent most of the receipt in per-value
preparation and client-side parameter quoting; COPY takes the rows as they are.
Only billing's bulk paths use this; it writes plain rows (no signals exist, `save()` holds no logic)."""

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from django.db import connection, models
from django.utils import timezone
from psycopg.types.json import Jsonb

Campos = Mapping[str, Any]


class _Tabela:
    """What COPY needs of one model, computed once: column order, defaults, JSON and file columns."""

    def __init__(self, modelo: type[models.Model]) -> None:
        campos = list(modelo._meta.concrete_fields)
        self.modelo = modelo
        self.nome = modelo._meta.db_table
        self.pk = str(modelo._meta.pk.column)
        self.atributos = [f.attname for f in campos]
        self.posicao = {nome: i for i, nome in enumerate(self.atributos)}
        self.sql = (
            f"COPY {connection.ops.quote_name(self.nome)} "
            f"({', '.join(connection.ops.quote_name(str(f.column)) for f in campos)}) FROM STDIN"
        )
        self.automaticos = [
            i
            for i, f in enumerate(campos)
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        self.json = [i for i, f in enumerate(campos) if isinstance(f, models.JSONField)]
        self.arquivos = [i for i, f in enumerate(campos) if isinstance(f, models.FileField)]
        # Defaults: constants go into a row template; callables (dict, list…) are called for each row.
        self.molde: list[Any] = []
        self.chamaveis: list[tuple[int, Callable[[], Any]]] = []
        for i, campo in enumerate(campos):
            if campo.has_default() and callable(campo.default):
                self.chamaveis.append((i, campo.default))
                self.molde.append(None)
            else:
                self.molde.append(None if campo.primary_key else campo.get_default())


@cache
def _tabela(modelo: type[models.Model]) -> _Tabela:
    return _Tabela(modelo)


_SEQUENCIAS: dict[type[models.Model], str] = {}


def _sequencias(modelos: Sequence[type[models.Model]]) -> list[str]:
    """The sequences behind the models' primary keys (looked up once per process, in one query)."""
    faltam = [m for m in modelos if m not in _SEQUENCIAS]
    if faltam:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_get_serial_sequence(t, c) FROM unnest(%s::text[], %s::text[]) AS x(t, c)",
                [[_tabela(m).nome for m in faltam], [_tabela(m).pk for m in faltam]],
            )
            for modelo, (nome,) in zip(faltam, cursor.fetchall(), strict=True):
                _SEQUENCIAS[modelo] = str(nome)
    return [_SEQUENCIAS[m] for m in modelos]


def reservar_ids(quantidades: Mapping[type[models.Model], int]) -> dict[type[models.Model], list[int]]:
    """Primary keys for `quantidade` new rows of each model, from their sequences, in one query (PostgreSQL)."""
    pedidos = [(modelo, n) for modelo, n in quantidades.items() if n]
    ids: dict[type[models.Model], list[int]] = {modelo: [] for modelo in quantidades}
    if not pedidos:
        return ids
    partes: list[str] = []
    parametros: list[str | int] = []
    for (_, n), sequencia in zip(pedidos, _sequencias([m for m, _ in pedidos]), strict=True):
        partes.append("ARRAY(SELECT nextval(%s::regclass) FROM generate_series(1, %s))")
        parametros += [sequencia, n]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(partes)}", parametros)
        linha = cursor.fetchone()
    for (modelo, _), reservados in zip(pedidos, linha, strict=True):
        ids[modelo] = sorted(reservados)
    return ids


def _escrever(tabela: _Tabela, linhas: Sequence[list[Any]]) -> None:
    with connection.cursor() as cursor, cursor.cursor.copy(tabela.sql) as copia:
        for linha in linhas:
            copia.write_row(linha)


def _completar(tabela: _Tabela, linha: list[Any], agora: Any) -> list[Any]:
    for i in tabela.automaticos:
        linha[i] = agora
    for i in tabela.json:
        linha[i] = Jsonb(linha[i])
    for i in tabela.arquivos:
        linha[i] = linha[i].name if linha[i] else ""
    return linha


def copiar(modelo: type[models.Model], linhas: Sequence[Campos], ids: Sequence[int]) -> None:
    """Writes rows given as column values (attname → value; missing columns take the model's defaults) with
    the primary keys `ids` (from `reservar_ids`). PostgreSQL only: the receipt checks the vendor first."""
    if not linhas:
        return
    tabela = _tabela(modelo)
    agora = timezone.now()
    posicao, molde, chamaveis = tabela.posicao, tabela.molde, tabela.chamaveis
    pk = posicao[tabela.modelo._meta.pk.attname]
    prontas = []
    for campos, id_ in zip(linhas, ids, strict=True):
        linha = molde.copy()
        for i, padrao in chamaveis:
            linha[i] = padrao()
        for nome, valor in campos.items():
            linha[posicao[nome]] = valor
        linha[pk] = id_
        prontas.append(_completar(tabela, linha, agora))
    _escrever(tabela, prontas)


def inserir_em_massa(objetos: Sequence[models.Model]) -> None:
    """Inserts unsaved instances of one model and sets their primary keys."""
    if not objetos:
        return
    modelo = type(objetos[0])
    if connection.vendor != "postgresql":
        modelo._default_manager.bulk_create(objetos)
        return
    tabela = _tabela(modelo)
    agora = timezone.now()
    ids = reservar_ids({modelo: len(objetos)})[modelo]
    linhas = []
    for objeto, pk in zip(objetos, ids, strict=True):
        objeto.pk = pk
        for i in tabela.automaticos:
            setattr(objeto, tabela.atributos[i], agora)
        linhas.append(_completar(tabela, [getattr(objeto, nome) for nome in tabela.atributos], agora))
    _escrever(tabela, linhas)
    for objeto in objetos:
        objeto._state.adding = False
        objeto._state.db = "default"
