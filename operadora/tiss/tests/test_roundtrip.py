"""Ida e volta: modelo → builder → validação (XSD de cada versão, hash, consistência) → o mesmo modelo."""

import pytest
from lxml import etree

from operadora.tiss import exemplos
from operadora.tiss.mapeamento import PREFIXO, na_versao
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


def _no_soap(mensagem: bytes, raiz_ws: str, elemento_ws: str) -> bytes:
    """A mesma mensagem como elemento `*WS` num envelope SOAP: cabeçalho, conteúdo (com o nome do WS) e hash."""
    raiz = etree.fromstring(mensagem)
    raiz.tag = PREFIXO + raiz_ws
    for envoltorio, nome in (("prestadorParaOperadora", elemento_ws), ("epilogo", None)):
        externo = raiz.find(PREFIXO + envoltorio)
        interno = externo[0]
        if nome is not None:
            interno.tag = PREFIXO + nome
        externo.addprevious(interno)
        raiz.remove(externo)
    corpo = etree.tostring(raiz, encoding="unicode")
    return (
        '<?xml version="1.0" encoding="ISO-8859-1"?>'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
        f"<soapenv:Header/><soapenv:Body>{corpo}</soapenv:Body></soapenv:Envelope>"
    ).encode("iso-8859-1")


@pytest.mark.parametrize(
    ("nome", "raiz_ws"),
    [
        ("solicitacao_prorrogacao", "solicitacaoProcedimentoWS"),
        ("solicitacao_odontologia", "solicitacaoProcedimentoWS"),
        ("lote_anexo_quimio", "loteAnexoWS"),
        ("recurso_glosa_odonto", "loteRecursoGlosaWS"),
        ("comunicacao_internacao", "comunicacaoBeneficiarioWS"),
    ],
)
def test_pedido_no_elemento_ws_do_soap(nome: str, raiz_ws: str, registro, politica) -> None:
    pedido = exemplos.PEDIDOS[nome]()
    elemento_ws = type(pedido).ELEMENTO_WS.split("/")[0]

    relatorio = validar(_no_soap(construir(pedido), raiz_ws, elemento_ws), politica, registro)

    assert relatorio.erros == ()
    assert relatorio.mensagem is not None and relatorio.mensagem.conteudo == pedido


def test_campo_so_da_4_03_e_omitido_nas_anteriores(registro, politica) -> None:
    lote = exemplos.lote(exemplos.GuiaHonorarios)

    assert b"caraterAtendimento" in construir(lote, "4.03.00")
    assert b"caraterAtendimento" not in construir(lote, "4.02.00")


def test_lote_de_cem_guias_e_aceito(registro, politica) -> None:
    relatorio = validar(construir(exemplos.lote(exemplos.GuiaSPSADT, quantidade=100)), politica, registro)

    assert relatorio.valido and relatorio.guias == 100
