"""O hash do epílogo calculado na passada do parse tipado (documento válido pelo XSD, sem comentários) é o mesmo
da caminhada simples pela árvore, para toda mensagem de exemplo, amostra e vetor — e a passada compartilhada é
mesmo a usada quando pode ser."""

import json
from pathlib import Path

import pytest
from lxml import etree

from operadora.tiss import exemplos, hashing, parsing
from operadora.tiss.errors import ErroTiss
from operadora.tiss.politica import PoliticaTiss
from operadora.tiss.validation import validar

from .conftest import AMOSTRAS, VERSOES, VETORES, construir

POLITICA = PoliticaTiss()

MENSAGENS = {
    **{f"lote-{tipo.__name__}-{versao}": (exemplos.lote(tipo, quantidade=3), versao)
       for tipo in exemplos.FABRICAS for versao in VERSOES},
    **{f"pedido-{nome}": (fabrica(), "4.03.00") for nome, fabrica in exemplos.PEDIDOS.items()},
    **{f"resposta-{classe.__name__}": (fabrica(), "4.03.00") for classe, fabrica in exemplos.RESPOSTAS.items()},
}
# The negative vectors are refused by the safe parser before any hash (test_hashing covers them).
NEGATIVOS = {v["id"] for v in json.loads((VETORES / "vectors.json").read_text("utf-8"))["vectors"]
             if v.get("expect") == "error"}
ARQUIVOS = sorted(c for c in [*VETORES.glob("*.xml"), *AMOSTRAS.glob("*.xml")] if c.name not in NEGATIVOS)


@pytest.fixture
def caminhos(monkeypatch):
    """Records, for each hash computed, whether it came from the typed pass (`lidos` not empty)."""
    usados: list[bool] = []
    original = hashing.texto_do_hash

    def espiao(raiz, elemento, lidos=None):
        usados.append(bool(lidos))
        return original(raiz, elemento, lidos)

    monkeypatch.setattr(hashing, "texto_do_hash", espiao)
    return usados


def _confere(dados: bytes, registro, caminhos: list[bool]) -> object:
    caminhos.clear()  # the builder computed hashes too: keep only validar's
    relatorio = validar(dados, POLITICA, registro)
    raiz = parsing.analisar(dados, POLITICA).raiz
    if relatorio.hash is None:  # more than one hash element: both ways refuse it
        with pytest.raises(ErroTiss):
            hashing.calcular(raiz)
        return relatorio
    calculado = hashing.calcular(raiz)
    assert (relatorio.hash.iso_8859_1, relatorio.hash.utf_8) == (calculado.iso_8859_1, calculado.utf_8)
    return relatorio


@pytest.mark.parametrize("nome", list(MENSAGENS))
def test_mensagens_de_exemplo_usam_a_passada_compartilhada(nome: str, registro, caminhos) -> None:
    conteudo, versao = MENSAGENS[nome]
    dados = construir(conteudo, versao)

    relatorio = _confere(dados, registro, caminhos)

    assert relatorio.valido and caminhos[0] is True  # validar's hash came from the typed pass


def test_lote_indentado_usa_a_passada_compartilhada(registro, caminhos) -> None:
    raiz = etree.fromstring(construir(exemplos.lote(exemplos.GuiaSPSADT, quantidade=2)))
    etree.indent(raiz)  # whitespace in every non-leaf element: not in the hash
    dados = etree.tostring(raiz, xml_declaration=True, encoding="ISO-8859-1")

    assert _confere(dados, registro, caminhos).valido and caminhos[0] is True


def test_com_comentario_cai_na_caminhada_simples(registro, caminhos) -> None:
    raiz = etree.fromstring(construir(exemplos.lote(exemplos.GuiaConsulta)))
    raiz.find(f"{{{exemplos_ns()}}}cabecalho").insert(0, etree.Comment("gerado pelo sistema X"))
    dados = etree.tostring(raiz, xml_declaration=True, encoding="ISO-8859-1")

    _confere(dados, registro, caminhos)

    assert caminhos[0] is False


@pytest.mark.parametrize("arquivo", ARQUIVOS, ids=lambda caminho: caminho.name)
def test_amostras_e_vetores(arquivo: Path, registro, caminhos) -> None:
    _confere(arquivo.read_bytes(), registro, caminhos)


def exemplos_ns() -> str:
    from operadora.tiss.mapeamento import NAMESPACE

    return NAMESPACE
