import pytest

from operadora.tiss import codigos


@pytest.mark.parametrize("codigo", codigos.TODOS)
def test_codigo_existe_na_tabela_38(codigo: str) -> None:
    assert codigos.descricao(codigo)
