"""Choosing a guide type created a draft at once (before 70184bb): every click left an empty 'Rascunho' in
"Pesquisar guias". The drafts in which nothing was typed are deleted: still at step 1 (the old wizard let a user
jump to a later step by its address, so a draft past step 1 may hold a solicitante or an executante), with no guide
number, beneficiary, procedure, outra despesa, annex or document. A draft with anything typed stays."""

from django.db import migrations


def apagar_rascunhos_vazios(apps, schema_editor):
    Guia = apps.get_model("billing", "Guia")
    Guia.objects.filter(
        situacao="rascunho", passo__lte=1, lote__isnull=True, numero_guia_prestador="", carteira="", beneficiario__isnull=True,
        itens__isnull=True, outras_despesas__isnull=True, anexos__isnull=True, documentos__isnull=True,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0008_lotes_cancelados_sem_as_guias_que_sairam"),
    ]

    operations = [migrations.RunPython(apagar_rascunhos_vazios, migrations.RunPython.noop, elidable=True)]
