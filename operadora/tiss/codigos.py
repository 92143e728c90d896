"""Códigos da Tabela 38 (TUSS, mensagens e glosas) que o motor TISS emite.

Os números são os da ANS; as descrições vêm da tabela publicada no pacote `tiss` (`tiss.glosa`), para que o
texto mostrado ao prestador seja sempre o oficial. Os testes conferem que cada constante existe na tabela.
"""

from functools import cache

import tiss

MENSAGEM_FORA_DO_PADRAO = "5001"
ARQUIVO_XML_NAO_VALIDADO = "5002"
DESTINATARIO_NAO_IDENTIFICADO = "5006"
HASH_INVALIDO = "5014"
GUIAS_ACIMA_DO_MAXIMO = "5015"
DATA_REGISTRO_TRANSACAO_INVALIDA = "5025"
REGISTRO_ANS_INVALIDO = "5027"
VERSAO_PADRAO_INVALIDA = "5028"
VALOR_GUIA_DIFERENTE_DOS_ITENS = "5042"
VALOR_INFORMADO_INVALIDO = "5050"
TIPO_GUIA_INVALIDO = "1301"
GUIA_JA_APRESENTADA = "1308"
DATA_PREENCHIDA_INCORRETAMENTE = "1323"
SEQUENCIAL_INVALIDO = "3167"
DATA_ATENDIMENTO_POSTERIOR_AO_ENVIO = "3223"

TODOS = (
    MENSAGEM_FORA_DO_PADRAO,
    ARQUIVO_XML_NAO_VALIDADO,
    DESTINATARIO_NAO_IDENTIFICADO,
    HASH_INVALIDO,
    GUIAS_ACIMA_DO_MAXIMO,
    DATA_REGISTRO_TRANSACAO_INVALIDA,
    REGISTRO_ANS_INVALIDO,
    VERSAO_PADRAO_INVALIDA,
    VALOR_GUIA_DIFERENTE_DOS_ITENS,
    VALOR_INFORMADO_INVALIDO,
    TIPO_GUIA_INVALIDO,
    GUIA_JA_APRESENTADA,
    DATA_PREENCHIDA_INCORRETAMENTE,
    SEQUENCIAL_INVALIDO,
    DATA_ATENDIMENTO_POSTERIOR_AO_ENVIO,
)


@cache
def descricao(codigo: str) -> str:
    """A descrição oficial do código na Tabela 38 ('' se a tabela não o tiver, nem quando o código vem em branco:
    `tiss.glosa` recusa o código vazio com ValueError)."""
    if not (codigo or "").strip():
        return ""
    registro = tiss.glosa(codigo)
    return registro["descricao"] if registro else ""
