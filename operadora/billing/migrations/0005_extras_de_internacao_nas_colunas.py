"""Resumo de internação and honorários received by XML after 0003 still kept their typed fields in `extras`
(the receipt wrote them there); the receipt now writes the columns and the export reads only the columns, so the
values still in `extras` move to their columns, as 0003 did for the guides received before it."""

import datetime

from django.db import migrations

_CHAVES = {
    "hora_inicio_faturamento": datetime.time.fromisoformat,
    "hora_final_faturamento": datetime.time.fromisoformat,
    "diagnosticos": list,
    "declaracoes": list,
    "data_emissao_guia": datetime.date.fromisoformat,
    "local_codigo_na_operadora": str,
    "local_cnpj": str,
    "local_nome_contratado": str,
    "local_cnes": str,
}


def _coluna(chave: str) -> str:
    return "local_nome" if chave == "local_nome_contratado" else chave


def mover_extras_para_colunas(apps, schema_editor):
    Guia = apps.get_model("billing", "Guia")
    colunas = [_coluna(c) for c in _CHAVES]
    alteradas = []
    guias = Guia.objects.filter(tipo__in=["3", "4"]).only("id", "extras", *colunas)
    for guia in guias.iterator(chunk_size=2000):
        extras = dict(guia.extras or {})
        mudou = False
        for chave in _CHAVES:
            if chave in extras:
                valor = extras.pop(chave)
                mudou = True
                if valor:
                    setattr(guia, _coluna(chave), _CHAVES[chave](valor))
        if mudou:
            guia.extras = extras
            alteradas.append(guia)
    Guia.objects.bulk_update(alteradas, ["extras", *colunas], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0004_menos_indices_nas_guias"),
    ]

    operations = [
        migrations.RunPython(mover_extras_para_colunas, migrations.RunPython.noop),
    ]
