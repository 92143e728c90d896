import pytest

from operadora.tiss import codigos


@pytest.mark.parametrize("codigo", codigos.TODOS)
def test_codigo_existe_na_tabela_38(codigo: str) -> None:
    assert codigos.descricao(codigo)


@pytest.mark.parametrize("codigo", ["", "   "])
def test_codigo_em_branco_nao_tem_descricao(codigo: str) -> None:
    # tiss.glosa("") raises ValueError; the pages and PDFs that show a blank code got a 500 from it
    assert codigos.descricao(codigo) == ""
