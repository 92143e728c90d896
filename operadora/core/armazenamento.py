"""Files stored by a service follow its transaction: a file written for a row that is rolled back is deleted, and
the file of a row a service deletes goes with it once the deletion commits. The files are health data (LGPD): none
may stay on disk without the row that says whose it is.

How to use, in a service that writes files:

    @armazenamento.transacao_com_arquivos()      # instead of @transaction.atomic
    def anexar(...):
        anexo = Anexo(...)
        armazenamento.guardar(anexo, "arquivo", arquivo)   # instead of anexo.arquivo.save(...) / create(arquivo=)
        anexo.save()

and before deleting rows that hold files, `armazenamento.descartar_com_as_linhas(queryset, "arquivo")`.

Why this design. Django has no "on rollback" hook (only `transaction.on_commit`), and the database cannot take
the file back. So `guardar` writes the file at once (the storage chooses the final name, which the row needs) and
notes (model, field, name) in a list kept per database connection. When a `transacao_com_arquivos` block ends at
the outermost level — the transaction has committed or rolled back, whatever happened inside — the list is
checked against the database: each noted name that no row of its model references any more is deleted from the
storage. The database decides, not the code path, so the one check covers an exception out of the service, a
savepoint rolled back inside it (an inner `atomic` that caught an error), a caller that wrapped the service in its
own `atomic` and failed after it returned, and a row deleted on purpose.

When the block ends inside someone else's transaction (a service calling another, a test's transaction), the check
is left to the end of that transaction: `transaction.on_commit` runs it after a commit; after a rollback (when
Django drops the callback) the names stay noted and the next outermost block on the connection checks them. At the
outermost level every noted name is final, so checking them all there is always right.

Simpler alternatives rejected: deleting the files only when an exception leaves the service misses the caller's
later rollback and the inner savepoint; writing the files in `on_commit` from a temporary copy makes a commit whose
file write fails leave a row without its file, and the uploaded file may be gone by then.

Files left by code older than this (or by a process killed between writing and checking): the command
`operadora limpar_arquivos_orfaos` lists, and with `--apagar` deletes, files under the storage that no row
references."""

import datetime
import logging
import weakref
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import DatabaseError, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from . import auditoria

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Nome:
    modelo: type[models.Model]
    campo: str
    nome: str


@dataclass
class _Pendentes:
    nomes: list[_Nome] = field(default_factory=list)
    profundidade: int = 0


# One list per connection object: Django keeps a connection per thread, and so does this.
_POR_CONEXAO: "weakref.WeakKeyDictionary[BaseDatabaseWrapper, _Pendentes]" = weakref.WeakKeyDictionary()


def _pendentes(conexao: BaseDatabaseWrapper) -> _Pendentes:
    if conexao not in _POR_CONEXAO:
        _POR_CONEXAO[conexao] = _Pendentes()
    return _POR_CONEXAO[conexao]


@contextmanager
def transacao_com_arquivos(using: str | None = None) -> Iterator[None]:
    """`transaction.atomic` for a service that writes or deletes files; usable as a decorator
    (`@transacao_com_arquivos()`). On leaving, at the outermost level, the files noted by `guardar` and
    `descartar_com_as_linhas` that no row references are deleted."""
    conexao = transaction.get_connection(using)
    estado = _pendentes(conexao)
    estado.profundidade += 1
    try:
        with transaction.atomic(using=using):
            yield
    finally:
        estado.profundidade -= 1
        _conferir(conexao)


def guardar(instancia: models.Model, campo: str, arquivo: Any, nome: str | None = None) -> str:
    """Writes `arquivo` to the storage of the instance's FileField `campo` (name by its `upload_to`) without saving
    the row, which the caller saves next in the same transaction; returns the stored name. Only inside
    `transacao_com_arquivos`, which deletes the file if the row does not survive the transaction."""
    conexao = transaction.get_connection(instancia._state.db)
    estado = _pendentes(conexao)
    if not estado.profundidade:
        raise RuntimeError("armazenamento.guardar fora de transacao_com_arquivos: o arquivo ficaria sem dono.")
    arquivo_do_campo = getattr(instancia, campo)
    arquivo_do_campo.save(nome or getattr(arquivo, "name", None) or "arquivo", arquivo, save=False)
    estado.nomes.append(_Nome(type(instancia), campo, arquivo_do_campo.name))
    return str(arquivo_do_campo.name)


def descartar_com_as_linhas(linhas: models.QuerySet, campo: str) -> None:
    """Notes the files of `linhas` (about to be deleted, directly or by cascade) so that each goes once its row is
    gone for good. Only inside `transacao_com_arquivos`; a rollback keeps rows and files."""
    conexao = transaction.get_connection(linhas.db)
    estado = _pendentes(conexao)
    if not estado.profundidade:
        raise RuntimeError("armazenamento.descartar_com_as_linhas fora de transacao_com_arquivos.")
    estado.nomes.extend(
        _Nome(linhas.model, campo, nome) for nome in linhas.exclude(**{campo: ""}).values_list(campo, flat=True)
    )


def _conferir_apos_commit(conexao: BaseDatabaseWrapper) -> None:
    # Run as an on_commit callback: after a real commit the connection is outside any atomic block. A test running
    # the callbacks inside its own transaction (captureOnCommitCallbacks(execute=True)) gets nothing done here
    # rather than a callback that schedules itself again.
    if not conexao.in_atomic_block:
        _conferir(conexao)


def _conferir(conexao: BaseDatabaseWrapper) -> None:
    """At the outermost level: deletes the noted files no row references. Inside a transaction: again after it
    commits (a rollback drops that callback; the names wait for the next outermost check)."""
    estado = _pendentes(conexao)
    if not estado.nomes:
        return
    if conexao.in_atomic_block:
        transaction.on_commit(partial(_conferir_apos_commit, conexao), using=conexao.alias, robust=True)
        return
    nomes, estado.nomes = estado.nomes, []
    por_campo: dict[tuple[type[models.Model], str], set[str]] = defaultdict(set)
    for n in nomes:
        por_campo[(n.modelo, n.campo)].add(n.nome)
    for (modelo, campo), conjunto in por_campo.items():
        try:
            referenciados = set(
                modelo._base_manager.using(conexao.alias)
                .filter(**{f"{campo}__in": conjunto})
                .values_list(campo, flat=True)
            )
        except DatabaseError:  # the connection is gone: keep the names for the next check (or the sweep command)
            logger.warning("Arquivos de %s não conferidos: banco indisponível.", modelo._meta.label, exc_info=True)
            estado.nomes.extend(_Nome(modelo, campo, nome) for nome in conjunto)
            continue
        armazenamento = modelo._meta.get_field(campo).storage  # type: ignore[union-attr]
        for nome in sorted(conjunto - referenciados):
            try:
                armazenamento.delete(nome)
            except OSError:
                logger.exception("Arquivo órfão %s não apagado (%s).", nome, modelo._meta.label)


# --- files left by older code ----------------------------------------------------------------------------------

# The folders of the storage that hold uploads (the first segment of every FileField's `upload_to`; a test keeps
# this true). Anything else under MEDIA_ROOT (a lote dropped for `billing.tasks.receber_arquivo_de_lote`) is not
# looked at.
PASTAS_DOS_ENVIOS = ("autorizacoes", "faturamento", "recursos")


def _campos_de_arquivo() -> list[tuple[type[models.Model], str]]:
    return [
        (modelo, campo.name)
        for modelo in apps.get_models()
        for campo in modelo._meta.concrete_fields
        if isinstance(campo, models.FileField)
    ]


def arquivos_orfaos(*, mais_antigos_que: datetime.timedelta) -> list[str]:
    """The files under `PASTAS_DOS_ENVIOS` of the default storage that no row references, modified longer ago than
    `mais_antigos_que` (a file younger than that may belong to a transaction still open). Sorted names."""
    referenciados: set[str] = set()
    for modelo, campo in _campos_de_arquivo():
        referenciados.update(modelo._base_manager.exclude(**{campo: ""}).values_list(campo, flat=True))
    limite = timezone.now() - mais_antigos_que
    orfaos = []
    for pasta in PASTAS_DOS_ENVIOS:
        for nome in _arquivos_sob(pasta):
            if nome not in referenciados and default_storage.get_modified_time(nome) < limite:
                orfaos.append(nome)
    return sorted(orfaos)


def _arquivos_sob(pasta: str) -> Iterator[str]:
    if not default_storage.exists(pasta):
        return
    subpastas, arquivos = default_storage.listdir(pasta)
    for arquivo in arquivos:
        yield f"{pasta}/{arquivo}"
    for subpasta in subpastas:
        yield from _arquivos_sob(f"{pasta}/{subpasta}")


def apagar_arquivos_orfaos(*, mais_antigos_que: datetime.timedelta) -> list[str]:
    """Deletes `arquivos_orfaos(...)` and records it in the audit log (the names, never the content)."""
    orfaos = arquivos_orfaos(mais_antigos_que=mais_antigos_que)
    for nome in orfaos:
        default_storage.delete(nome)
    if orfaos:
        auditoria.registrar(acao="arquivos.orfaos_apagados", descricao=f"{len(orfaos)} arquivo(s) sem registro apagado(s)",
                            detalhes={"arquivos": orfaos})
    return orfaos
