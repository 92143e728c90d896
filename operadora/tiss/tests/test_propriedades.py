"""Propriedade: qualquer mutação de um lote válido dá um relatório ou um erro tipado — nunca outra exceção."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from operadora.tiss import exemplos, hashing, parsing
from operadora.tiss.errors import ErroTiss
from operadora.tiss.guias import GuiaSPSADT
from operadora.tiss.politica import PoliticaTiss
from operadora.tiss.relatorio import RelatorioValidacao
from operadora.tiss.validation import validar

from .conftest import construir

LOTE = construir(exemplos.lote(GuiaSPSADT, quantidade=3))
POLITICA = PoliticaTiss(registro_ans_destino=exemplos.REGISTRO_ANS)
AJUSTES = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

textos = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", " ", "-1", "0", "1E+400", "NaN", "2025-02-30", "25:61:00", "&amp;", "ção", "9" * 40]
    ),
)


def _mutar_bytes(dados: bytes, operacao: str, posicao: int, tamanho: int, lixo: bytes) -> bytes:
    inicio = posicao % max(len(dados), 1)
    fim = min(len(dados), inicio + tamanho)
    if operacao == "apagar":
        return dados[:inicio] + dados[fim:]
    if operacao == "inserir":
        return dados[:inicio] + lixo + dados[inicio:]
    if operacao == "duplicar":
        return dados[:fim] + dados[inicio:fim] + dados[fim:]
    return dados[:inicio]  # truncar


def _validar_sem_surpresa(dados: bytes, registro) -> RelatorioValidacao:
    relatorio = validar(dados, POLITICA, registro)
    assert isinstance(relatorio, RelatorioValidacao)
    assert all(erro.codigo.isdigit() and erro.mensagem for erro in relatorio.erros)
    if relatorio.valido:
        assert relatorio.mensagem is not None
    if relatorio.hash is not None:  # the hash from the typed pass (when used) equals the plain walk's
        calculado = hashing.calcular(parsing.analisar(dados, POLITICA).raiz)
        assert (relatorio.hash.iso_8859_1, relatorio.hash.utf_8) == (calculado.iso_8859_1, calculado.utf_8)
    return relatorio


@AJUSTES
@given(
    operacao=st.sampled_from(["apagar", "inserir", "duplicar", "truncar"]),
    posicao=st.integers(min_value=0),
    tamanho=st.integers(min_value=1, max_value=200),
    lixo=st.binary(max_size=40)
    | st.sampled_from([b"<!DOCTYPE x>", b"&x;", b"<a>", b"]]>", b"\x00", b"\xff\xfe"]),
)
def test_mutacao_de_bytes(operacao: str, posicao: int, tamanho: int, lixo: bytes, registro) -> None:
    mutado = _mutar_bytes(LOTE, operacao, posicao, tamanho, lixo)

    _validar_sem_surpresa(mutado, registro)


@AJUSTES
@given(
    semente=st.integers(min_value=0, max_value=2**32),
    texto=textos,
    operacao=st.sampled_from(["texto", "remover", "duplicar"]),
)
def test_mutacao_da_arvore(semente: int, texto: str, operacao: str, registro) -> None:
    raiz = etree.fromstring(LOTE)
    elementos = [elemento for elemento in raiz.iter() if elemento is not raiz]
    alvo = random.Random(semente).choice(elementos)
    if operacao == "texto" and len(alvo) == 0:
        alvo.text = "".join(caractere for caractere in texto if caractere.isprintable())
    elif operacao == "remover":
        alvo.getparent().remove(alvo)
    else:
        alvo.addnext(etree.fromstring(etree.tostring(alvo)))
    mutado = etree.tostring(raiz, xml_declaration=True, encoding="ISO-8859-1")

    relatorio = _validar_sem_surpresa(mutado, registro)

    assert relatorio.versao in {None, "4.03.00"} or "5028" in [erro.codigo for erro in relatorio.erros]


@settings(max_examples=200, deadline=None)
@given(dados=st.binary(max_size=300))
def test_bytes_arbitrarios_dao_documento_ou_erro_tipado(dados: bytes) -> None:
    try:
        documento = parsing.analisar(dados, POLITICA)
    except ErroTiss as erro:
        assert erro.codigo_tiss in {"5001", "5002"}
    else:
        assert documento.raiz is not None
