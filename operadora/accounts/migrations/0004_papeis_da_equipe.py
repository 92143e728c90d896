"""Creates the staff roles (Django groups) with their permissions, so that a new installation has them."""

from django.db import migrations

# Frozen copy of accounts.permissoes.PAPEIS_DA_OPERADORA at the time of this migration.
PAPEIS = {
    "Administrador": ["atendimento_crm", "auditoria_medica", "analise_contas", "financeiro", "administracao",
                      "mensagens_prestadores"],
    "Atendente CRM": ["atendimento_crm", "mensagens_prestadores"],
    "Auditor médico": ["auditoria_medica"],
    "Analista de contas": ["analise_contas"],
    "Financeiro": ["financeiro"],
}
NOMES = {
    "atendimento_crm": "Central de Atendimento",
    "auditoria_medica": "Auditoria médica de autorizações",
    "analise_contas": "Análise de contas",
    "financeiro": "Financeiro e pagamentos",
    "administracao": "Administração",
    "mensagens_prestadores": "Mensagens aos prestadores",
}


def criar_papeis(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    tipo, _ = ContentType.objects.get_or_create(app_label="accounts", model="usuario")
    permissoes = {
        codigo: Permission.objects.get_or_create(codename=codigo, content_type=tipo, defaults={"name": nome})[0]
        for codigo, nome in NOMES.items()
    }
    for papel, codigos in PAPEIS.items():
        grupo, _ = Group.objects.get_or_create(name=papel)
        grupo.permissions.add(*(permissoes[c] for c in codigos))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_acesso_representantes_e_segundo_fator"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(criar_papeis, migrations.RunPython.noop)]
