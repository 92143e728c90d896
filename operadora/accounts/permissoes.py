"""Permission names, in one place (STYLE habit 2). Portal permissions are the provider's security groups;
operator permissions are granted to staff roles (Django groups)."""

from django.db import models


class PermissaoPortal(models.TextChoices):
    ACESSO_CHAT = "acesso_chat", "Acesso ao chat"
    FATURAMENTO = "faturamento", "Faturamento"
    AUTORIZACOES = "autorizacoes", "Autorizações"
    DEMONSTRATIVOS = "demonstrativos", "Demonstrativos e pagamentos"
    RECURSOS_GLOSA = "recursos_glosa", "Recursos de glosa"
    GESTAO_REPRESENTANTES = "gestao_representantes", "Gestão de representantes"


class PermissaoOperadora(models.TextChoices):
    ATENDIMENTO_CRM = "atendimento_crm", "Central de Atendimento"
    AUDITORIA_MEDICA = "auditoria_medica", "Auditoria médica de autorizações"
    ANALISE_CONTAS = "analise_contas", "Análise de contas"
    FINANCEIRO = "financeiro", "Financeiro e pagamentos"
    ADMINISTRACAO = "administracao", "Administração"
    MENSAGENS_PRESTADORES = "mensagens_prestadores", "Mensagens aos prestadores"


# Staff roles (Django groups) and the permissions each grants. The data migration
# `0004_papeis_da_equipe` creates them; an administrator may adjust them in /admin/.
PAPEIS_DA_OPERADORA: dict[str, list[PermissaoOperadora]] = {
    "Administrador": list(PermissaoOperadora),
    "Atendente CRM": [PermissaoOperadora.ATENDIMENTO_CRM, PermissaoOperadora.MENSAGENS_PRESTADORES],
    "Auditor médico": [PermissaoOperadora.AUDITORIA_MEDICA],
    "Analista de contas": [PermissaoOperadora.ANALISE_CONTAS],
    "Financeiro": [PermissaoOperadora.FINANCEIRO],
}
