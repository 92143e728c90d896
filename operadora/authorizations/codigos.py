"""TUSS 38 codes (mensagens, glosas e negativas) the authorization flow gives, and the TISS domain values it uses.

Every number is the ANS's (table 38 shipped by the `tiss` package, also loaded into `TermoTUSS` tabela 38); the
tests check that each one exists there. The official description comes from `operadora.tiss.codigos.descricao`.
"""

from operadora.tiss.codigos import descricao as descricao_tiss

# --- eligibility -----------------------------------------------------------------------------------------
CARTEIRA_INVALIDA = "1001"
ATENDIMENTO_APOS_DESLIGAMENTO = "1006"
BENEFICIARIO_SUSPENSO = "1016"
SEM_COBERTURA_ODONTOLOGICA = "1025"
ANTERIOR_A_INCLUSAO = "3308"
PROCEDIMENTO_INVALIDO = "1801"
CID_INVALIDO = "1509"
QUANTIDADE_INVALIDA = "1806"
SEGMENTACAO_INCOMPATIVEL = "3097"
SEM_COBERTURA_NO_PLANO = "3287"
EM_CARENCIA = "3171"
QUANTIDADE_ACIMA_DA_COBERTA = "3293"

# --- requests and decisions ------------------------------------------------------------------------------
GUIA_JA_APRESENTADA = "1308"
NECESSIDADE_AUDITORIA = "1427"
NAO_AUTORIZADO_PELA_AUDITORIA = "1426"
AUTORIZADO = "3136"
NAO_NECESSITA_AUTORIZACAO = "3144"
NAO_AUTORIZADO_MOTIVO_TECNICO = "3145"
SEM_JUSTIFICATIVA = "3217"
DOCUMENTACAO_INCOMPLETA = "3230"
FORA_DA_DUT = "3288"
JA_AUTORIZADO = "3289"
FORA_DO_ROL = "3283"
QUANTIDADE_ACIMA_DA_AUTORIZADA = "3292"
CANCELADO_PELO_PRESTADOR = "3179"

# --- use of a senha (billing, execution) -----------------------------------------------------------------
SENHA_EXPIRADA = "1414"
SENHA_CANCELADA = "1437"
SENHA_INVALIDA = "3306"
EXECUTANTE_DIFERENTE_DO_SOLICITANTE = "3276"
QUANTIDADE_ACIMA_DA_AUTORIZADA_COBRANCA = "3210"

# The reasons an auditor picks from when denying all or part of a request (the form also accepts any other
# code that exists in table 38).
MOTIVOS_NEGATIVA_AUDITORIA = (
    NAO_AUTORIZADO_PELA_AUDITORIA,
    NAO_AUTORIZADO_MOTIVO_TECNICO,
    SEM_JUSTIFICATIVA,
    DOCUMENTACAO_INCOMPLETA,
    FORA_DA_DUT,
    FORA_DO_ROL,
    JA_AUTORIZADO,
    QUANTIDADE_ACIMA_DA_COBERTA,
    SEM_COBERTURA_NO_PLANO,
    EM_CARENCIA,
)

TODOS = (
    CARTEIRA_INVALIDA, ATENDIMENTO_APOS_DESLIGAMENTO, BENEFICIARIO_SUSPENSO, SEM_COBERTURA_ODONTOLOGICA,
    ANTERIOR_A_INCLUSAO, PROCEDIMENTO_INVALIDO, QUANTIDADE_INVALIDA, SEGMENTACAO_INCOMPATIVEL,
    SEM_COBERTURA_NO_PLANO, EM_CARENCIA, QUANTIDADE_ACIMA_DA_COBERTA, GUIA_JA_APRESENTADA, NECESSIDADE_AUDITORIA,
    NAO_AUTORIZADO_PELA_AUDITORIA, AUTORIZADO, NAO_NECESSITA_AUTORIZACAO, NAO_AUTORIZADO_MOTIVO_TECNICO,
    SEM_JUSTIFICATIVA, DOCUMENTACAO_INCOMPLETA, FORA_DA_DUT, JA_AUTORIZADO, FORA_DO_ROL,
    QUANTIDADE_ACIMA_DA_AUTORIZADA, CANCELADO_PELO_PRESTADOR, SENHA_EXPIRADA, SENHA_CANCELADA, SENHA_INVALIDA,
    EXECUTANTE_DIFERENTE_DO_SOLICITANTE, QUANTIDADE_ACIMA_DA_AUTORIZADA_COBRANCA,
)

# TISS domains (tissSimpleTypes 4.03.00).
CARATER_ELETIVO = "1"  # dm_caraterAtendimento / TUSS 23
CARATER_URGENCIA = "2"
TIPOS_INTERNACAO = [("1", "Clínica"), ("2", "Cirúrgica"), ("3", "Obstétrica"), ("4", "Pediátrica"),
                    ("5", "Psiquiátrica")]  # dm_tipoInternacao / TUSS 57
REGIMES_INTERNACAO = [("1", "Hospitalar"), ("2", "Hospital-dia"), ("3", "Domiciliar")]  # dm_regimeInternacao / 41
FACES_DENTE = set("OLMVDIP")  # dm_face: free combination of up to 5
DENTES = {
    *(f"{q}{n}" for q in (1, 2, 3, 4) for n in range(1, 10)),
    *(f"{q}{n}" for q in (5, 6, 7, 8) for n in range(1, 6)),
    "59", "69", "79", "89",
}  # dm_dente (permanent 11–49 incl. supernumeraries x9, deciduous 51–85)
REGIOES_BOCA = {
    "AI", "AS", "HASD", "HASE", "HAID", "HAIE", "ASAI", "S1", "S2", "S3", "S4", "S5", "S6", "LG", "CL", "AB",
    "PA", "MJ", "PD", "PM", "RM", "MA", "GI", "PT", "TP", "RIS", "RCSD", "RPSD", "RCID", "RMSD", "RCSE", "RPSE",
    "RMSE", "RII", "RPID", "RMID", "RCIE", "RPIE",
}  # dm_regiao


def descricao(codigo: str) -> str:
    """The official table-38 description of `codigo` ('' when the table does not have it)."""
    return descricao_tiss(codigo)


def rotulo(codigo: str) -> str:
    """'1001 - NÚMERO DA CARTEIRA INVÁLIDO' for pages, PDFs and select options."""
    texto = descricao(codigo)
    return f"{codigo} - {texto}" if texto else codigo
