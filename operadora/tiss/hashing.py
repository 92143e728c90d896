"""O hash do epílogo TISS: MD5 (hexadecimal minúsculo) do texto concatenado de cada elemento-folha, em ordem
de documento, com o próprio elemento hash vazio.

Conforme os vetores de conformidade: atributos não entram; comentários e instruções de processamento, que o
lxml trata como folhas, entram com o seu texto; entidades e CDATA entram já decodificados. O manual da ANS
manda calcular sobre os bytes ISO-8859-1; muitos remetentes usam UTF-8. Calculamos os dois e dizemos qual
confere; escrevemos na codificação da política (ISO-8859-1 por padrão).
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .errors import ErroTiss, HashDuplicado
from .mapeamento import PREFIXO, folhas
from .parsing import analisar
from .politica import ISO_8859_1, UTF_8, PoliticaTiss

TAG_HASH = PREFIXO + "hash"


@dataclass(frozen=True, slots=True)
class HashCalculado:
    """O MD5 sobre cada codificação; `iso_8859_1` é None quando o texto tem caracteres fora do Latin-1."""

    iso_8859_1: str | None
    utf_8: str

    def na_codificacao(self, codificacao: str) -> str | None:
        return self.iso_8859_1 if codificacao == ISO_8859_1 else self.utf_8


def elemento_hash(raiz: etree._Element) -> etree._Element | None:
    """O único elemento hash da mensagem (None se não houver; mais de um é erro 5014)."""
    encontrados = list(raiz.iter(TAG_HASH))
    if len(encontrados) > 1:
        raise HashDuplicado()
    return encontrados[0] if encontrados else None


# Subárvores cujas folhas já foram lidas (o parse tipado as coleta na mesma passada): elemento → textos.
Lidos = dict[etree._Element, list[str]]


def texto_do_hash(raiz: etree._Element, elemento: etree._Element | None, lidos: Lidos | None = None) -> str:
    """O texto concatenado das folhas; `elemento` (o hash) conta como vazio. As subárvores em `lidos` entram
    com os textos já coletados, sem caminhar por elas de novo."""
    if not lidos:
        return "".join(folhas(raiz, elemento))
    partes: list[str] = []
    _juntar(raiz, elemento, lidos, partes)
    return "".join(partes)


def _juntar(no: etree._Element, elemento: etree._Element | None, lidos: Lidos, partes: list[str]) -> None:
    for filho in no:
        coletados = lidos.get(filho)
        if coletados is not None:
            partes += coletados
        elif len(filho):
            _juntar(filho, elemento, lidos, partes)
        elif filho is not elemento:
            partes.append(filho.text or "")


def _md5(dados: bytes) -> str:
    return hashlib.md5(dados, usedforsecurity=False).hexdigest()


def _calcular_texto(texto: str) -> HashCalculado:
    try:
        latin = _md5(texto.encode(ISO_8859_1))
    except UnicodeEncodeError:
        latin = None
    return HashCalculado(iso_8859_1=latin, utf_8=_md5(texto.encode(UTF_8)))


def calcular(raiz: etree._Element) -> HashCalculado:
    return conferir(raiz)[1]


def conferir(
    raiz: etree._Element, lidos: Lidos | None = None
) -> tuple[etree._Element | None, HashCalculado]:
    """O elemento hash (ver `elemento_hash`) e o hash calculado, procurando o elemento uma vez só."""
    elemento = elemento_hash(raiz)
    return elemento, _calcular_texto(texto_do_hash(raiz, elemento, lidos))


def escrever_hash(raiz: etree._Element, codificacao: str = ISO_8859_1) -> str:
    """Calcula e grava o hash em `raiz` (o elemento hash já deve existir); devolve o valor gravado."""
    elemento = elemento_hash(raiz)
    if elemento is None:
        raise ValueError("A mensagem não tem elemento hash onde gravar.")
    elemento.text = ""
    valor = calcular(raiz).na_codificacao(codificacao)
    if valor is None:
        raise ErroTiss(
            "A mensagem tem caracteres fora do ISO-8859-1; gere-a em UTF-8 ou remova esses caracteres."
        )
    elemento.text = valor
    return valor


def calcular_arquivo(caminho: Path, politica: PoliticaTiss) -> HashCalculado:
    """O hash de um arquivo, lido pelo mesmo parser endurecido que recebe mensagens."""
    return calcular(analisar(caminho.read_bytes(), politica).raiz)
