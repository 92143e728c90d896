"""Análise endurecida dos bytes que chegam de fora: nunca DTD, entidades externas ou rede.

Ordem das defesas, da mais barata para a mais cara: tamanho (antes de qualquer leitura), codificação
declarada (ISO-8859-1 ou UTF-8; UTF-16/32 recusados), DOCTYPE no prólogo (recusado sem chegar ao parser),
e só então o lxml com `resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False`, seguido da
conferência de profundidade. Cada recusa é um erro tipado (`errors.EntradaRecusada`) com o código 5002.
"""

import re
import threading
from dataclasses import dataclass
from functools import cache

from lxml import etree

from .errors import (
    CodificacaoNaoSuportada,
    DoctypeProibido,
    MensagemNaoTiss,
    ProfundidadeExcedida,
    TamanhoExcedido,
    XmlMalformado,
)
from .mapeamento import PREFIXO
from .politica import ISO_8859_1, UTF_8, PoliticaTiss
from .traducao import traduzir_sintaxe

SOAP_11 = "http://schemas.xmlsoap.org/soap/envelope/"
MENSAGEM_TISS = PREFIXO + "mensagemTISS"

_BOM_UTF8 = b"\xef\xbb\xbf"
_BOMS_RECUSADOS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")
_DECLARACAO = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")
_CODIFICACOES = {
    "iso-8859-1": ISO_8859_1,
    "iso8859-1": ISO_8859_1,
    "iso_8859-1": ISO_8859_1,
    "latin1": ISO_8859_1,
    "latin-1": ISO_8859_1,
    "l1": ISO_8859_1,
    "utf-8": UTF_8,
    "utf8": UTF_8,
}


@dataclass(frozen=True, slots=True)
class DocumentoTiss:
    """Um documento TISS lido com segurança. `raiz` é a `mensagemTISS` ou o elemento `*WS` do SOAP."""

    raiz: etree._Element
    codificacao: str
    soap: bool
    tamanho: int


def codificacao_declarada(dados: bytes) -> str:
    """'iso-8859-1' ou 'utf-8' (o padrão do XML quando não há declaração); outras são recusadas."""
    if dados.startswith(_BOMS_RECUSADOS) or b"\x00" in dados[:4]:
        raise CodificacaoNaoSuportada(
            "O arquivo está em UTF-16 ou UTF-32; o padrão TISS aceita ISO-8859-1 ou UTF-8."
        )
    inicio = dados[len(_BOM_UTF8) :] if dados.startswith(_BOM_UTF8) else dados
    if not inicio.startswith(b"<?xml"):
        return UTF_8
    declaracao = _DECLARACAO.match(inicio[:200])
    if declaracao is None:
        return UTF_8
    nome = declaracao.group(1).decode("ascii").lower()
    if nome not in _CODIFICACOES:
        raise CodificacaoNaoSuportada(
            f"Codificação {nome!r} não suportada: o padrão TISS aceita ISO-8859-1 ou UTF-8."
        )
    return _CODIFICACOES[nome]


def _pular_ate(dados: bytes, inicio: int, fim: bytes) -> int:
    posicao = dados.find(fim, inicio)
    if posicao < 0:
        raise XmlMalformado("XML malformado: o prólogo não termina.")
    return posicao + len(fim)


def recusar_doctype(dados: bytes) -> None:
    """Percorre só o prólogo (declaração, comentários, instruções) e recusa DOCTYPE/ENTITY antes do parser."""
    posicao = 0
    while True:
        posicao = dados.find(b"<", posicao)
        if posicao < 0:
            return
        seguinte = dados[posicao + 1 : posicao + 4]
        if seguinte.startswith(b"?"):
            posicao = _pular_ate(dados, posicao, b"?>")
        elif seguinte.startswith(b"!--"):
            posicao = _pular_ate(dados, posicao, b"-->")
        elif seguinte.startswith(b"!"):
            raise DoctypeProibido()
        else:
            return


_locais = threading.local()


def _parser(forcar_utf8: bool = False) -> etree.XMLParser:
    """Um parser endurecido por thread (parsers do lxml não devem ser usados por duas threads ao mesmo tempo);
    `forcar_utf8` lê os bytes como UTF-8 qualquer que seja a declaração (veja `_utf8_declarado_como_latin1`)."""
    nome = "parser_utf8" if forcar_utf8 else "parser"
    parser = getattr(_locais, nome, None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            collect_ids=False,
            remove_comments=False,  # comentários entram no hash (vetor syn_comentario)
            encoding=UTF_8 if forcar_utf8 else None,
        )
        setattr(_locais, nome, parser)
    return parser


def _utf8_declarado_como_latin1(dados: bytes, codificacao: str) -> bool:
    """Um arquivo que declara ISO-8859-1 mas traz bytes UTF-8 (comum: o manual da ANS pede ISO-8859-1, muitos
    sistemas gravam UTF-8 sem mudar a declaração). Lido como ISO-8859-1 o texto sairia estragado ("Conceição" →
    "ConceiÃ§Ã£o") e seria gravado assim; é lido como UTF-8, que é o que os bytes são. Texto ISO-8859-1 de verdade
    com acentos raramente é também UTF-8 válido — mas pode ser: uma maiúscula acentuada seguida de um byte 80–BF
    ("JOSÉ" e um espaço não separável, C9 A0) decodifica como UTF-8 num caractere de fora do ISO-8859-1 (U+0260).
    Por isso só se lê como UTF-8 quando o texto decodificado fica todo dentro do ISO-8859-1 (o que o texto em
    português gravado em UTF-8 sempre faz) — o ISO-8859-1 de verdade que por acaso é UTF-8 válido não fica."""
    if codificacao != ISO_8859_1 or dados.isascii():
        return False
    try:
        texto = dados.decode(UTF_8)
    except UnicodeDecodeError:
        return False
    return max(texto) <= "\xff"


@cache
def _mais_fundo_que(limite: int) -> etree.XPath:
    return etree.XPath("boolean(" + "/*" * (limite + 1) + ")")


def _analisar_xml(dados: bytes, politica: PoliticaTiss, codificacao: str) -> etree._Element:
    try:
        raiz = etree.fromstring(dados, _parser(forcar_utf8=codificacao == UTF_8))
    except etree.XMLSyntaxError as erro:
        mensagem = str(erro.msg or "")
        if "depth" in mensagem.lower():
            raise ProfundidadeExcedida(linha=erro.lineno) from None
        # Uma entidade não declarada é da família do DOCTYPE (o tipo do erro diz isso a quem o trata); um
        # '&' solto ("EntityRef: no name") é só XML malformado.
        classe = DoctypeProibido if "not defined" in mensagem else XmlMalformado
        raise classe(
            f"XML malformado na linha {erro.lineno}, coluna {erro.offset}: "
            f"{traduzir_sintaxe(mensagem, codificacao)}.",
            linha=erro.lineno,
        ) from None
    documento = raiz.getroottree().docinfo
    if documento.doctype or documento.internalDTD is not None:
        raise DoctypeProibido()
    if _mais_fundo_que(politica.max_profundidade)(raiz):
        raise ProfundidadeExcedida(
            f"O XML tem mais de {politica.max_profundidade} níveis de elementos; o limite existe contra ataques."
        )
    return raiz


def _desembrulhar_soap(envelope: etree._Element) -> etree._Element:
    corpo = envelope.find(f"{{{SOAP_11}}}Body")
    if corpo is not None:
        for filho in corpo:
            if isinstance(filho.tag, str) and filho.tag.startswith(PREFIXO) and filho.tag.endswith("WS"):
                return filho
    raise MensagemNaoTiss("O envelope SOAP não traz, no Body, um elemento TISS de web service (…WS).")


def ler_xml(dados: bytes, politica: PoliticaTiss) -> tuple[etree._Element, str]:
    """Qualquer XML de fora (também o que não é TISS, como a NF-e de um prestador), lido com as mesmas defesas:
    tamanho, codificação, DOCTYPE, parser endurecido, profundidade. Devolve a raiz e a codificação ou levanta
    um `ErroTiss` tipado."""
    if len(dados) > politica.max_bytes:
        raise TamanhoExcedido(
            f"O arquivo tem {len(dados)} bytes; o limite desta operadora é {politica.max_bytes} bytes."
        )
    codificacao = codificacao_declarada(dados)
    if _utf8_declarado_como_latin1(dados, codificacao):
        codificacao = UTF_8
    recusar_doctype(dados)
    return _analisar_xml(dados, politica, codificacao), codificacao


def analisar(dados: bytes, politica: PoliticaTiss) -> DocumentoTiss:
    """Lê `dados` (uma `mensagemTISS` ou um envelope SOAP 1.1) ou levanta um `ErroTiss` tipado."""
    raiz, codificacao = ler_xml(dados, politica)
    if raiz.tag == MENSAGEM_TISS:
        return DocumentoTiss(raiz=raiz, codificacao=codificacao, soap=False, tamanho=len(dados))
    if raiz.tag == f"{{{SOAP_11}}}Envelope":
        return DocumentoTiss(
            raiz=_desembrulhar_soap(raiz), codificacao=codificacao, soap=True, tamanho=len(dados)
        )
    raise MensagemNaoTiss(f"O elemento raiz é {etree.QName(raiz).localname!r}, não ans:mensagemTISS.")
