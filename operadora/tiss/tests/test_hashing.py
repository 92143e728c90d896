import json

import pytest
from lxml import etree

from operadora.tiss import exemplos, hashing, parsing
from operadora.tiss.errors import CodificacaoNaoSuportada, ErroTiss, HashDuplicado
from operadora.tiss.guias import GuiaSPSADT
from operadora.tiss.politica import POLITICA_PADRAO, PoliticaTiss
from operadora.tiss.validation import validar

from .conftest import VETORES, construir

VETORES_JSON = json.loads((VETORES / "vectors.json").read_text(encoding="utf-8"))["vectors"]
POSITIVOS = [v for v in VETORES_JSON if v.get("expect") != "error"]
NEGATIVOS = [v for v in VETORES_JSON if v.get("expect") == "error"]


@pytest.mark.parametrize("vetor", POSITIVOS, ids=lambda v: v["id"])
def test_vetor_positivo_confere_em_utf8(vetor: dict) -> None:
    documento = parsing.analisar((VETORES / vetor["id"]).read_bytes(), POLITICA_PADRAO)

    calculado = hashing.calcular(documento.raiz)

    assert calculado.utf_8 == vetor["expected_md5"]


@pytest.mark.parametrize("vetor", NEGATIVOS, ids=lambda v: v["id"])
def test_vetor_negativo_e_recusado_com_erro_tipado(vetor: dict) -> None:
    with pytest.raises((HashDuplicado, CodificacaoNaoSuportada)) as erro:
        hashing.calcular_arquivo(VETORES / vetor["id"], POLITICA_PADRAO)

    assert erro.value.codigo_tiss in {"5014", "5002"}


def test_texto_ascii_tem_o_mesmo_hash_nas_duas_codificacoes() -> None:
    calculado = hashing.calcular_arquivo(VETORES / "syn_minimal.xml", POLITICA_PADRAO)

    assert calculado.iso_8859_1 == calculado.utf_8


def test_acentos_mudam_o_hash_iso_8859_1() -> None:
    calculado = hashing.calcular_arquivo(VETORES / "syn_acento.xml", POLITICA_PADRAO)

    assert calculado.iso_8859_1 is not None
    assert calculado.iso_8859_1 != calculado.utf_8


def test_builder_escreve_hash_iso_8859_1_que_a_validacao_reconhece(registro, politica) -> None:
    mensagem = construir(exemplos.lote(GuiaSPSADT))  # "Clínica", "coração"

    relatorio = validar(mensagem, politica, registro)

    assert relatorio.valido
    assert relatorio.hash is not None
    assert relatorio.hash.conferido == "iso-8859-1"
    assert relatorio.hash.declarado == relatorio.hash.iso_8859_1 != relatorio.hash.utf_8


def test_hash_utf8_aceito_por_padrao_e_recusado_na_politica_estrita(registro) -> None:
    mensagem = construir(exemplos.lote(GuiaSPSADT), codificacao="utf-8")

    ambos = validar(mensagem, PoliticaTiss(), registro)
    estrito = validar(mensagem, PoliticaTiss(politica_hash="iso_8859_1_estrito"), registro)

    assert ambos.valido and ambos.hash is not None and ambos.hash.conferido == "utf-8"
    assert not estrito.valido
    assert [erro.codigo for erro in estrito.erros] == ["5014"]


def test_escrever_hash_recusa_texto_fora_do_latin1() -> None:
    raiz = etree.fromstring(
        '<ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas">'
        "<ans:a>\u2013</ans:a><ans:epilogo><ans:hash/></ans:epilogo></ans:mensagemTISS>"
    )

    with pytest.raises(ErroTiss):
        hashing.escrever_hash(raiz, "iso-8859-1")
    assert hashing.escrever_hash(raiz, "utf-8") == hashing.calcular(raiz).utf_8
