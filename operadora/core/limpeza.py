"""One-off cleaning of text stored before `core.middleware.RecusarCaracteresInvalidosMiddleware` existed: control
characters (U+0001–U+001F but tab and line breaks; U+FFFE, U+FFFF) that XML 1.0 cannot carry made every TISS
message built from such a row fail. Called by core's data migration 0002 over the apps whose text reaches TISS
messages and pages; works on PostgreSQL and SQLite alike (regex filter in the database, the fix in Python, one
bulk update per model)."""

from collections.abc import Iterable

from django.db import models

from operadora.core.middleware import CONTROLE


def remover_caracteres_de_controle(modelos: Iterable[type[models.Model]]) -> int:
    """Removes the control characters from every CharField and TextField of the rows of `modelos` that carry
    one; returns how many rows changed. JSON columns are left as they are."""
    alterados = 0
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
            filtro |= models.Q(**{f"{campo}__regex": CONTROLE.pattern})
        linhas = list(modelo._default_manager.filter(filtro).only("pk", *campos))
        for linha in linhas:
            for campo in campos:
                valor = getattr(linha, campo)
                if valor:
                    setattr(linha, campo, CONTROLE.sub("", valor))
        modelo._default_manager.bulk_update(linhas, campos, batch_size=500)
        alterados += len(linhas)
    return alterados
