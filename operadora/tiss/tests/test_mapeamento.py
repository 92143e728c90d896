"""O leitor do mapeamento: objetos criados sem `__init__` valem o mesmo que os do construtor e continuam
imutáveis; um obrigatório ausente é um `CampoInvalido` com o caminho TISS."""

import dataclasses

import pytest
from lxml import etree

from operadora.tiss import exemplos
from operadora.tiss.errors import CampoInvalido
from operadora.tiss.guias import GuiaSPSADT, ProcedimentoSPSADT
from operadora.tiss.mapeamento import PREFIXO, escrever, ler


def _guia_em_xml(guia: GuiaSPSADT) -> etree._Element:
    pai = etree.Element(PREFIXO + "guiasTISS")
    return escrever(pai, "guiaSP-SADT", guia, "4.03.00")


def test_objeto_lido_e_igual_ao_construido_e_tem_os_defaults() -> None:
    guia = exemplos.guia_sp_sadt(1, itens=2)

    lido = ler(_guia_em_xml(guia), GuiaSPSADT)

    assert lido == guia
    # Cada campo que o XML não traz fica com o default declarado (nenhum slot vazio).
    for definicao in dataclasses.fields(GuiaSPSADT):
        if definicao.default is not dataclasses.MISSING and getattr(guia, definicao.name) == definicao.default:
            assert getattr(lido, definicao.name) == definicao.default, definicao.name


def test_objeto_lido_continua_imutavel() -> None:
    lido = ler(_guia_em_xml(exemplos.guia_sp_sadt(1)), GuiaSPSADT)

    with pytest.raises(dataclasses.FrozenInstanceError):
        lido.numero_guia_prestador = "2"  # type: ignore[misc]
    assert isinstance(lido.procedimentos[0], ProcedimentoSPSADT)
    assert hash(lido.procedimentos[0]) == hash(exemplos.guia_sp_sadt(1).procedimentos[0])


def test_obrigatorio_ausente_e_campo_invalido_com_caminho() -> None:
    elemento = _guia_em_xml(exemplos.guia_sp_sadt(1))
    numero = elemento.find(f"{PREFIXO}cabecalhoGuia/{PREFIXO}numeroGuiaPrestador")
    numero.getparent().remove(numero)

    with pytest.raises(CampoInvalido) as recusa:
        ler(elemento, GuiaSPSADT)

    assert "ans:cabecalhoGuia/ans:numeroGuiaPrestador" in recusa.value.mensagem
    assert recusa.value.caminho.endswith("ans:guiaSP-SADT")
