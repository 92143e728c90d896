"""Construção das mensagens TISS que a operadora envia (e do ENVIO_LOTE_GUIAS das guias digitadas no portal).

Um único construtor serve a todas: o conteúdo tipado (`respostas.*`, `requests.*` ou `guias.Lote`) diz a
transação, o sentido e o elemento; o cabeçalho é montado aqui; o hash do epílogo é calculado sobre a árvore
pronta e gravado na codificação pedida (ISO-8859-1, como manda o manual, salvo configuração).
"""

import datetime
from typing import Any

from lxml import etree

from . import hashing, respostas
from .guias import Lote, PrestadorIdentificacao
from .mapeamento import NAMESPACE, PREFIXO, escrever, escrever_em
from .mensagem import Cabecalho
from .politica import FUSO_BRASILIA, ISO_8859_1

_DA_OPERADORA = frozenset(respostas.RESPOSTAS)


def _cabecalho(
    conteudo: Any,
    *,
    versao: str,
    sequencial_transacao: str,
    registro_ans: str,
    prestador: PrestadorIdentificacao,
    momento: datetime.datetime,
    falha_negocio: str | None,
) -> Cabecalho:
    da_operadora = type(conteudo) in _DA_OPERADORA
    return Cabecalho(
        tipo_transacao=conteudo.TRANSACAO,
        sequencial_transacao=sequencial_transacao,
        data_registro_transacao=momento.date(),
        hora_registro_transacao=momento.time().replace(microsecond=0),
        falha_negocio=falha_negocio,
        origem_registro_ans=registro_ans if da_operadora else None,
        origem_prestador=None if da_operadora else prestador,
        destino_prestador=prestador if da_operadora else None,
        destino_registro_ans=None if da_operadora else registro_ans,
        padrao=versao,
    )


def construir_arvore(
    conteudo: Any,
    *,
    versao: str,
    sequencial_transacao: str,
    registro_ans: str,
    prestador: PrestadorIdentificacao,
    momento: datetime.datetime | None = None,
    falha_negocio: str | None = None,
    codificacao: str = ISO_8859_1,
) -> etree._Element:
    """A `mensagemTISS` como árvore lxml, com o hash já gravado."""
    cabecalho = _cabecalho(
        conteudo,
        versao=versao,
        sequencial_transacao=sequencial_transacao,
        registro_ans=registro_ans,
        prestador=prestador,
        momento=momento or datetime.datetime.now(tz=FUSO_BRASILIA),
        falha_negocio=falha_negocio,
    )
    raiz = etree.Element(PREFIXO + "mensagemTISS", nsmap={"ans": NAMESPACE})
    escrever_em(etree.SubElement(raiz, PREFIXO + "cabecalho"), cabecalho, versao)
    sentido = "operadoraParaPrestador" if type(conteudo) in _DA_OPERADORA else "prestadorParaOperadora"
    escrever(raiz, f"{sentido}/{conteudo.ELEMENTO}", conteudo, versao)
    etree.SubElement(etree.SubElement(raiz, PREFIXO + "epilogo"), PREFIXO + "hash")
    hashing.escrever_hash(raiz, codificacao)
    return raiz


def construir_mensagem(
    conteudo: Any,
    *,
    versao: str,
    sequencial_transacao: str,
    registro_ans: str,
    prestador: PrestadorIdentificacao,
    momento: datetime.datetime | None = None,
    falha_negocio: str | None = None,
    codificacao: str = ISO_8859_1,
) -> bytes:
    """Os bytes da `mensagemTISS` (com declaração XML na codificação pedida).

    `registro_ans` é o da operadora e `prestador` o do prestador, seja qual for o sentido da mensagem.
    """
    raiz = construir_arvore(
        conteudo,
        versao=versao,
        sequencial_transacao=sequencial_transacao,
        registro_ans=registro_ans,
        prestador=prestador,
        momento=momento,
        falha_negocio=falha_negocio,
        codificacao=codificacao,
    )
    return etree.tostring(raiz, xml_declaration=True, encoding=codificacao.upper())


def construir_lote_guias(
    lote: Lote,
    *,
    versao: str,
    sequencial_transacao: str,
    registro_ans: str,
    prestador: PrestadorIdentificacao,
    momento: datetime.datetime | None = None,
    codificacao: str = ISO_8859_1,
) -> bytes:
    """ENVIO_LOTE_GUIAS de guias digitadas no portal (o prestador é a origem)."""
    return construir_mensagem(
        lote,
        versao=versao,
        sequencial_transacao=sequencial_transacao,
        registro_ans=registro_ans,
        prestador=prestador,
        momento=momento,
        codificacao=codificacao,
    )
