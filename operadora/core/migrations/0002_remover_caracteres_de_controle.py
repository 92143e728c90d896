"""Text stored before the input guard with control characters that XML 1.0 cannot carry (see core.limpeza)."""

import re

from django.db import migrations

APPS = ("registry", "accounts", "authorizations", "billing", "claims", "portal")
CONTROLE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # as core.middleware had it


def limpar(apps, schema_editor):
    from operadora.core.limpeza import remover_caracteres_de_controle

    alterados = remover_caracteres_de_controle(
        (modelo for config in apps.get_app_configs() if config.label in APPS for modelo in config.get_models()),
        CONTROLE,
    )
    if alterados:  # who changed what (LGPD): the rows, not their content
        apps.get_model("core", "EventoAuditoria").objects.create(
            acao="core.caracteres_de_controle_removidos",
            descricao=f"Migração core 0002: caracteres de controle removidos de {sum(map(len, alterados.values()))} "
            "registro(s) gravados antes da checagem de entrada.",
            detalhes={rotulo: [str(pk) for pk in pks] for rotulo, pks in alterados.items()},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("registry", "0003_validadores_de_documentos"),
        ("accounts", "0004_papeis_da_equipe"),
        ("authorizations", "0001_autorizacoes_regras_e_atendimentos"),
        ("billing", "0007_item_guia_qtd_us_e_autorizado"),
        ("claims", "0002_glosa_de_outras_despesas"),
        ("portal", "0001_mensagens_da_operadora_e_uso_de_atalhos"),
    ]

    operations = [migrations.RunPython(limpar, migrations.RunPython.noop, elidable=True)]
