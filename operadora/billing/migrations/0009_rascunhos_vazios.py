"""Choosing a guide type created a draft at once (before 70184bb): every click left an empty 'Rascunho' in
"Pesquisar guias". The drafts in which nothing was typed (no guide number, no beneficiary, no procedure, outra
despesa, annex or document) are deleted; a draft with anything typed stays."""

from django.db import migrations


def apagar_rascunhos_vazios(apps, schema_editor):
    Guia = apps.get_model("billing", "Guia")
    Guia.objects.filter(
        situacao="rascunho", lote__isnull=True, numero_guia_prestador="", carteira="", beneficiario__isnull=True,
        itens__isnull=True, outras_despesas__isnull=True, anexos__isnull=True, documentos__isnull=True,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0008_lotes_cancelados_sem_as_guias_que_sairam"),
    ]

    operations = [migrations.RunPython(apagar_rascunhos_vazios, migrations.RunPython.noop, elidable=True)]
