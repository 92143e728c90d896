"""Text stored before the input guard with control characters that XML 1.0 cannot carry (see core.limpeza)."""

from django.db import migrations

APPS = ("registry", "accounts", "authorizations", "billing", "claims", "portal")


def limpar(apps, schema_editor):
    from operadora.core.limpeza import remover_caracteres_de_controle

    remover_caracteres_de_controle(
        modelo for config in apps.get_app_configs() if config.label in APPS for modelo in config.get_models()
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
