"""Bulk insert for the receipt path: on PostgreSQL, one `COPY … FROM STDIN` per table with primary keys reserved
from the table's sequence in one query (so children can point at their parents before anything is written);
elsewhere (SQLite in the embedded set-up) Django's `bulk_create`.

Why not `bulk_create` on PostgreSQL: for a 100-guide SP/SADT lote it spent most of the receipt in per-value
preparation and client-side parameter quoting (bench/bench_billing.py); COPY takes the rows as they are.
Only the receipt path uses this; it writes plain rows (no signals exist, `save()` holds no logic)."""

from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone
from psycopg.types.json import Jsonb


def _colunas(modelo: type[models.Model]) -> list[models.Field]:
    return list(modelo._meta.concrete_fields)


def inserir_em_massa(objetos: Sequence[models.Model]) -> None:
    """Inserts unsaved instances of one model and sets their primary keys."""
    if not objetos:
        return
    modelo = type(objetos[0])
    if connection.vendor != "postgresql":
        modelo._default_manager.bulk_create(objetos)
        return
    campos = _colunas(modelo)
    agora = timezone.now()
    tabela = modelo._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [tabela, str(modelo._meta.pk.column), len(objetos)],
        )
        ids = [linha[0] for linha in cursor.fetchall()]
        automaticos = [
            f.attname for f in campos if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        json = {f.attname for f in campos if isinstance(f, models.JSONField)}
        arquivos = {f.attname for f in campos if isinstance(f, models.FileField)}
        nomes = [f.attname for f in campos]
        colunas = ", ".join(connection.ops.quote_name(str(f.column)) for f in campos)
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(tabela)} ({colunas}) FROM STDIN") as copia:
            for objeto, pk in zip(objetos, ids, strict=True):
                objeto.pk = pk
                for nome in automaticos:
                    setattr(objeto, nome, agora)
                linha: list[Any] = []
                for nome in nomes:
                    valor = getattr(objeto, nome)
                    if nome in json:
                        valor = Jsonb(valor)
                    elif nome in arquivos:
                        valor = valor.name if valor else ""
                    linha.append(valor)
                copia.write_row(linha)
    for objeto in objetos:
        objeto._state.adding = False
        objeto._state.db = "default"
