"""A typed lote cancelled before the fix kept counting the guides that went back to 'Digitada' (its page offered an
empty, XSD-invalid ENVIO_LOTE_GUIAS export): its counters are recomputed from the guides it still holds, as
`services.cancelar_lote` now does."""

from decimal import Decimal

from django.db import migrations
from django.db.models import Count, Sum


def recontar_lotes_digitados_cancelados(apps, schema_editor):
    Lote = apps.get_model("billing", "Lote")
    alterados = []
    for lote in Lote.objects.filter(situacao="cancelado", origem="portal").annotate(
        n=Count("guias"), valor=Sum("guias__valor_total")
    ):  # one query: each lote with what it still holds
        quantidade, valor = lote.n, lote.valor or Decimal("0")
        if (quantidade, valor) != (lote.quantidade_guias, lote.valor_informado):
            lote.quantidade_guias, lote.valor_informado = quantidade, valor
            alterados.append(lote)
    Lote.objects.bulk_update(alterados, ["quantidade_guias", "valor_informado"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0007_item_guia_qtd_us_e_autorizado"),
    ]

    operations = [
        migrations.RunPython(recontar_lotes_digitados_cancelados, migrations.RunPython.noop),
    ]
