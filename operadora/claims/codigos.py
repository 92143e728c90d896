"""TUSS 38 codes (mensagens e glosas) the claims analysis and the appeals give.

Every number is the ANS's (table 38 shipped by the `tiss` package and loaded into `TermoTUSS` tabela 38); the
tests check that each one exists there. Codes the authorization flow and billing already name are reused from
their modules, so one glosa reason has one constant in the whole project.
"""

from operadora.authorizations import codigos as autorizacao
from operadora.billing import codigos as faturamento
from operadora.tiss.codigos import descricao as descricao_tiss

# --- eligibility, coverage, carência (the authorization flow's codes) ------------------------------------
CARTEIRA_INVALIDA = autorizacao.CARTEIRA_INVALIDA  # 1001
ATENDIMENTO_APOS_DESLIGAMENTO = autorizacao.ATENDIMENTO_APOS_DESLIGAMENTO  # 1006
BENEFICIARIO_SUSPENSO = autorizacao.BENEFICIARIO_SUSPENSO  # 1016
ANTERIOR_A_INCLUSAO = autorizacao.ANTERIOR_A_INCLUSAO  # 3308
PROCEDIMENTO_INVALIDO = autorizacao.PROCEDIMENTO_INVALIDO  # 1801
QUANTIDADE_INVALIDA = autorizacao.QUANTIDADE_INVALIDA  # 1806
SEGMENTACAO_INCOMPATIVEL = autorizacao.SEGMENTACAO_INCOMPATIVEL  # 3097
SEM_COBERTURA_ODONTOLOGICA = autorizacao.SEM_COBERTURA_ODONTOLOGICA  # 1025
SEM_COBERTURA_NO_PLANO = autorizacao.SEM_COBERTURA_NO_PLANO  # 3287
EM_CARENCIA = autorizacao.EM_CARENCIA  # 3171
QUANTIDADE_ACIMA_DA_COBERTA = autorizacao.QUANTIDADE_ACIMA_DA_COBERTA  # 3293

# --- authorization (senha) --------------------------------------------------------------------------------
EXIGE_AUTORIZACAO_PREVIA = "1818"  # COBRANÇA DE PROCEDIMENTO QUE EXIGE AUTORIZAÇÃO PRÉVIA
SENHA_INVALIDA = autorizacao.SENHA_INVALIDA  # 3306 SENHA OU GUIA DE AUTORIZAÇÃO INFORMADA INVÁLIDA
SENHA_EXPIRADA = autorizacao.SENHA_EXPIRADA  # 1414
SENHA_CANCELADA = autorizacao.SENHA_CANCELADA  # 1437
CODIGO_DIFERENTE_DO_AUTORIZADO = "2505"  # O CÓDIGO COBRADO É DIFERENTE DO CÓDIGO AUTORIZADO
AUTORIZACAO_POSTERIOR_AO_ATENDIMENTO = "1814"  # COBRANÇA DE PROCEDIMENTO COM DATA DE AUTORIZAÇÃO POSTERIOR…
EXECUTANTE_DIFERENTE_DO_SOLICITANTE = autorizacao.EXECUTANTE_DIFERENTE_DO_SOLICITANTE  # 3276
QUANTIDADE_ACIMA_DA_AUTORIZADA = autorizacao.QUANTIDADE_ACIMA_DA_AUTORIZADA_COBRANCA  # 3210

# --- billing ------------------------------------------------------------------------------------------------
DUPLICIDADE = "3209"  # COBRANÇA DE PROCEDIMENTO/ITEM ASSISTENCIAL EM DUPLICIDADE
VALOR_APRESENTADO_A_MAIOR = "1705"  # VALOR APRESENTADO A MAIOR
QUANTIDADE_ACIMA_DA_MAXIMA = "3210"  # … EM QUANTIDADE ACIMA DA MÁXIMA PERMITIDA/AUTORIZADA
COBRANCA_FORA_DO_PRAZO = faturamento.COBRANCA_FORA_DO_PRAZO  # 3214
CONSELHO_INVALIDO = faturamento.CONSELHO_PROFISSIONAL_INVALIDO  # 3269 NÚMERO DO CONSELHO/UF … INVÁLIDO
CBO_NAO_AUTORIZADO = "3233"  # ESPECIALIDADE DO PRESTADOR VERIFICADA PELO CBO NÃO ESTÁ AUTORIZADA …
SEXO_INCOMPATIVEL = "1802"  # PROCEDIMENTO INCOMPATÍVEL COM O SEXO DO BENEFICIÁRIO
IDADE_INCOMPATIVEL = "1803"  # IDADE DO BENEFICIÁRIO INCOMPATÍVEL COM O PROCEDIMENTO

# --- recurso de glosa ---------------------------------------------------------------------------------------
RECURSO_ACATADO = "3095"  # RECURSO DE GLOSA ACATADO
MAIS_DE_UM_RECURSO = "2904"  # MAIS DE UM RECURSO DE GLOSA PARA A MESMA GUIA/PROTOCOLO
PRAZO_RECURSO_PRESCRITO = "2909"  # PRAZO PARA SOLICITAÇÃO DE RECURSO DE GLOSA PRESCRITO
GUIA_NAO_PERTENCE_AO_PRESTADOR = "3242"  # GUIA NÃO PERTENCE AO PRESTADOR QUE ESTÁ REALIZANDO O ENVIO DO RECURSO
LOTE_NAO_PERTENCE_AO_PRESTADOR = "3259"  # LOTE NÃO PERTENCE AO PRESTADOR QUE ESTÁ REALIZANDO O ENVIO DO RECURSO

TODOS = (
    CARTEIRA_INVALIDA, ATENDIMENTO_APOS_DESLIGAMENTO, BENEFICIARIO_SUSPENSO, ANTERIOR_A_INCLUSAO,
    PROCEDIMENTO_INVALIDO, QUANTIDADE_INVALIDA, SEGMENTACAO_INCOMPATIVEL, SEM_COBERTURA_ODONTOLOGICA,
    SEM_COBERTURA_NO_PLANO, EM_CARENCIA, QUANTIDADE_ACIMA_DA_COBERTA, EXIGE_AUTORIZACAO_PREVIA, SENHA_INVALIDA,
    SENHA_EXPIRADA, SENHA_CANCELADA, CODIGO_DIFERENTE_DO_AUTORIZADO, AUTORIZACAO_POSTERIOR_AO_ATENDIMENTO,
    EXECUTANTE_DIFERENTE_DO_SOLICITANTE, QUANTIDADE_ACIMA_DA_AUTORIZADA, DUPLICIDADE, VALOR_APRESENTADO_A_MAIOR,
    QUANTIDADE_ACIMA_DA_MAXIMA, COBRANCA_FORA_DO_PRAZO, CONSELHO_INVALIDO, CBO_NAO_AUTORIZADO, SEXO_INCOMPATIVEL,
    IDADE_INCOMPATIVEL, RECURSO_ACATADO, MAIS_DE_UM_RECURSO, PRAZO_RECURSO_PRESCRITO,
    GUIA_NAO_PERTENCE_AO_PRESTADOR, LOTE_NAO_PERTENCE_AO_PRESTADOR,
)


def descricao(codigo: str) -> str:
    """The official table-38 description ('' when the table does not have it)."""
    return descricao_tiss(codigo)


def rotulo(codigo: str) -> str:
    """'1705 - VALOR APRESENTADO A MAIOR' for pages, PDFs and select options."""
    texto = descricao(codigo)
    return f"{codigo} - {texto}" if texto else codigo


# --- demais débitos e créditos (dm_debitoCreditoTipo, TUSS table 27) ----------------------------------------
# The tiss package does not ship table 27, so its descriptions cannot be checked here: the code each kind of
# debit/credit is sent with is a setting (CLAIMS_CODIGOS_DEBITO_CREDITO overrides any of these).
CODIGOS_DEBITO_CREDITO_PADRAO = {
    "irrf": "01", "csrf": "02", "iss": "03", "ajuste_debito": "04", "ajuste_credito": "04", "recurso": "05",
}


def codigo_debito_credito(tipo: str) -> str:
    from django.conf import settings

    return (CODIGOS_DEBITO_CREDITO_PADRAO | getattr(settings, "CLAIMS_CODIGOS_DEBITO_CREDITO", {}))[tipo]
