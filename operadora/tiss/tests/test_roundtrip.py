"""Ida e volta: modelo → builder → validação (XSD de cada versão, hash, consistência) → o mesmo modelo."""

import pytest

from operadora.tiss import exemplos
from operadora.tiss.mapeamento import na_versao
from operadora.tiss.validation import validar

from .conftest import VERSOES, construir

GUIAS = list(exemplos.FABRICAS)
RESPOSTAS = list(exemplos.RESPOSTAS.items())
PEDIDOS = list(exemplos.PEDIDOS.items())


def _ida_e_volta(conteudo: object, versao: str, registro, politica) -> object:
    relatorio = validar(construir(conteudo, versao), politica, registro)

    assert relatorio.erros == ()
    assert relatorio.versao == versao
    assert relatorio.mensagem is not None
    return relatorio.mensagem.conteudo


@pytest.mark.parametrize("versao", VERSOES)
@pytest.mark.parametrize("tipo", GUIAS, ids=lambda tipo: tipo.__name__)
def test_lote_de_cada_tipo_de_guia(tipo, versao: str, registro, politica) -> None:
    lote = exemplos.lote(tipo, quantidade=3)

    lido = _ida_e_volta(lote, versao, registro, politica)

    assert lido == na_versao(lote, versao)
    assert len(lido.guias) == 3 and all(isinstance(guia, tipo) for guia in lido.guias)


@pytest.mark.parametrize("versao", VERSOES)
@pytest.mark.parametrize(("classe", "fabrica"), RESPOSTAS, ids=[classe.__name__ for classe, _ in RESPOSTAS])
def test_mensagens_da_operadora(classe, fabrica, versao: str, registro, politica) -> None:
    resposta = fabrica()

    lido = _ida_e_volta(resposta, versao, registro, politica)

    assert type(lido) is classe
    assert lido == na_versao(resposta, versao)


@pytest.mark.parametrize("versao", VERSOES)
@pytest.mark.parametrize(("nome", "fabrica"), PEDIDOS, ids=[nome for nome, _ in PEDIDOS])
def test_pedidos_do_prestador(nome: str, fabrica, versao: str, registro, politica) -> None:
    pedido = fabrica()

    lido = _ida_e_volta(pedido, versao, registro, politica)

    assert lido == na_versao(pedido, versao)


def test_campo_so_da_4_03_e_omitido_nas_anteriores(registro, politica) -> None:
    lote = exemplos.lote(exemplos.GuiaHonorarios)

    assert b"caraterAtendimento" in construir(lote, "4.03.00")
    assert b"caraterAtendimento" not in construir(lote, "4.02.00")


def test_lote_de_cem_guias_e_aceito(registro, politica) -> None:
    relatorio = validar(construir(exemplos.lote(exemplos.GuiaSPSADT, quantidade=100)), politica, registro)

    assert relatorio.valido and relatorio.guias == 100
