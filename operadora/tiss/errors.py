"""Erros tipados do motor TISS. Cada um carrega o código da Tabela 38 que a borda devolve ao prestador
(`mensagemErro/codigoGlosa`), e nunca vira um 500: quem chama recebe um relatório ou um destes erros."""

from operadora.core.erros import ErroDeNegocio

from . import codigos


class ErroTiss(ErroDeNegocio):
    """Base dos erros do motor TISS."""

    codigo_tiss = codigos.MENSAGEM_FORA_DO_PADRAO
    mensagem_padrao = "Mensagem fora do padrão TISS."


class EntradaRecusada(ErroTiss):
    """Os bytes recebidos foram recusados antes ou durante a análise segura (XML que não se pode validar)."""

    codigo_tiss = codigos.ARQUIVO_XML_NAO_VALIDADO
    mensagem_padrao = "Não foi possível validar o arquivo XML."

    def __init__(
        self, mensagem: str | None = None, *, codigo_tiss: str | None = None, linha: int | None = None
    ) -> None:
        self.linha = linha  # a linha do arquivo onde o problema foi encontrado, quando se sabe
        super().__init__(mensagem, codigo_tiss=codigo_tiss)


class TamanhoExcedido(EntradaRecusada):
    mensagem_padrao = "O arquivo excede o tamanho máximo aceito."


class ProfundidadeExcedida(EntradaRecusada):
    mensagem_padrao = "O XML tem aninhamento mais profundo que o permitido."


class DoctypeProibido(EntradaRecusada):
    mensagem_padrao = "O XML traz DOCTYPE ou declaração de entidades, o que o padrão TISS não admite."


class CodificacaoNaoSuportada(EntradaRecusada):
    mensagem_padrao = "Codificação não suportada: o padrão TISS aceita ISO-8859-1 ou UTF-8."


class XmlMalformado(EntradaRecusada):
    mensagem_padrao = "XML malformado."


class MensagemNaoTiss(ErroTiss):
    """O XML é bem formado, mas não é uma `mensagemTISS` nem um envelope SOAP com um elemento `*WS`."""

    mensagem_padrao = "O documento não é uma mensagem TISS."


class HashDuplicado(ErroTiss):
    codigo_tiss = codigos.HASH_INVALIDO
    mensagem_padrao = "A mensagem traz mais de um elemento hash; o padrão TISS exige exatamente um."


class VersaoNaoSuportada(ErroTiss):
    codigo_tiss = codigos.VERSAO_PADRAO_INVALIDA
    mensagem_padrao = "Versão do padrão TISS não suportada."


class ArquivoDeSchemasInvalido(ErroTiss):
    """O pacote de schemas a importar não traz a versão pedida ou contém caminhos inseguros."""

    mensagem_padrao = "O pacote de schemas TISS não pôde ser importado."


class CampoInvalido(ErroTiss):
    """Um valor não pôde ser convertido para o tipo do modelo (data, decimal, número)."""

    mensagem_padrao = "Valor de campo inválido."

    def __init__(
        self,
        mensagem: str | None = None,
        *,
        codigo_tiss: str | None = None,
        caminho: str = "",
        linha: int | None = None,
    ) -> None:
        self.caminho = caminho
        self.linha = linha
        super().__init__(mensagem, codigo_tiss=codigo_tiss)
