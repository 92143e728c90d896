"""On PostgreSQL, a trigram index makes `busca LIKE '%termo%'` fast on the full TUSS tables; SQLite scans."""

from django.db import migrations


def criar_indice(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS termo_tuss_busca_trgm ON registry_termotuss USING gin (busca gin_trgm_ops)"
    )


def remover_indice(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS termo_tuss_busca_trgm")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(criar_indice, remover_indice)]
