"""One-off cleaning of text stored before `core.middleware.RecusarCaracteresInvalidosMiddleware` existed: control
characters (U+0001–U+001F but tab and line breaks; U+FFFE, U+FFFF) that XML 1.0 cannot carry made every TISS
message built from such a row fail. Called by core's data migration 0002 over the apps whose text reaches TISS
messages and pages; works on PostgreSQL and SQLite alike (regex filter in the database, the fix in Python, one
bulk update per model). The migration passes its own copy of the pattern, so that it keeps doing what it did
when the middleware's changes, and records which rows it changed (not their content) in the audit log."""

import re
from collections.abc import Iterable

from django.db import models


def remover_caracteres_de_controle(modelos: Iterable[type[models.Model]], padrao: re.Pattern[str]) -> dict[str, list]:
    """Removes what `padrao` matches from every CharField and TextField of the rows of `modelos` that carry it;
    returns the primary keys of the changed rows by model label. JSON columns are left as they are."""
    alterados: dict[str, list] = {}
    for modelo in modelos:
        campos = [
            campo.attname
            for campo in modelo._meta.concrete_fields
            if isinstance(campo, models.CharField | models.TextField)
        ]
        if not campos:
            continue
        filtro = models.Q()
        for campo in campos:
            filtro |= models.Q(**{f"{campo}__regex": padrao.pattern})
        linhas = list(modelo._default_manager.filter(filtro).only("pk", *campos))
        for linha in linhas:
            for campo in campos:
                valor = getattr(linha, campo)
                if valor:
                    setattr(linha, campo, padrao.sub("", valor))
        modelo._default_manager.bulk_update(linhas, campos, batch_size=500)
        if linhas:
            alterados[modelo._meta.label] = [linha.pk for linha in linhas]
    return alterados
