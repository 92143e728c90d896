"""O relatório: erros do XSD em português com o caminho TISS, e as conferências de consistência."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from operadora.tiss import exemplos
from operadora.tiss.guias import GuiaConsulta, GuiaHonorarios, GuiaSPSADT, Lote
from operadora.tiss.politica import PoliticaTiss
from operadora.tiss.validation import validar

from .conftest import AMOSTRAS, construir


def _codigos(relatorio) -> list[str]:
    return [erro.codigo for erro in relatorio.erros]


def test_amostra_sintetica_so_falha_no_hash(registro, politica) -> None:
    relatorio = validar((AMOSTRAS / "lote-consulta-4.03.00-sintetico.xml").read_bytes(), politica, registro)

    assert relatorio.como_dict("x")["transaction"] == "ENVIO_LOTE_GUIAS"
    assert _codigos(relatorio) == ["5014"]
    assert relatorio.erros[0].caminho == "ans:mensagemTISS/ans:epilogo/ans:hash"
    assert relatorio.mensagem is not None and relatorio.mensagem.lote is not None


def test_recurso_de_glosa_4_01_e_tipado(registro, politica) -> None:
    relatorio = validar((AMOSTRAS / "recurso-glosa-4.01.00.xml").read_bytes(), PoliticaTiss(), registro)

    assert _codigos(relatorio) == ["5014"]  # o hash da amostra não confere com o conteúdo
    assert relatorio.mensagem is not None
    recurso = relatorio.mensagem.conteudo
    assert recurso.numero_protocolo == "5130698462"
    assert (
        sum(item.valor_recursado for guia in recurso.guias for item in guia.itens)
        == recurso.valor_total_recursado
    )


def test_erro_de_xsd_em_portugues_com_caminho_tiss(registro, politica) -> None:
    mensagem = construir(exemplos.lote(GuiaSPSADT, quantidade=2))
    mensagem = mensagem.replace(b"<ans:valorUnitario>35.00", b"<ans:valorUnitario>35,00", 1)

    relatorio = validar(mensagem, politica, registro)

    [erro] = [erro for erro in relatorio.erros if erro.codigo != "5014"]  # o hash também muda
    assert erro.codigo == "5001"
    assert erro.caminho == (
        "ans:mensagemTISS/ans:prestadorParaOperadora/ans:loteGuias/ans:guiasTISS/ans:guiaSP-SADT[1]"
        "/ans:procedimentosExecutados/ans:procedimentoExecutado[2]/ans:valorUnitario"
    )
    assert "'35,00'" in erro.mensagem and "ans:valorUnitario" in erro.mensagem and erro.linha


@pytest.mark.parametrize(
    ("trocar", "trecho"),
    [
        (b"<ans:tipoConsulta>1", "não está no domínio"),
        (b"<ans:CNES>1234567</ans:CNES>", "não é esperado"),
        (b"<ans:numeroGuiaPrestador>C0000001", "caracteres; o máximo é 20"),
    ],
)
def test_mensagens_do_xsd_traduzidas(trocar: bytes, trecho: str, registro, politica) -> None:
    novos = {
        b"<ans:tipoConsulta>1": b"<ans:tipoConsulta>7",
        b"<ans:CNES>1234567</ans:CNES>": b"<ans:CNES>1234567</ans:CNES><ans:CNES>1</ans:CNES>",
        b"<ans:numeroGuiaPrestador>C0000001": b"<ans:numeroGuiaPrestador>C000000100000000000000",
    }
    mensagem = construir(exemplos.lote(GuiaConsulta)).replace(trocar, novos[trocar])

    relatorio = validar(mensagem, politica, registro)

    assert any(trecho in erro.mensagem for erro in relatorio.erros), relatorio.erros


def _lote_com(guias) -> Lote:
    return Lote.de_guias("9", guias)


def test_numero_de_guia_repetido(registro, politica) -> None:
    guia = exemplos.guia_consulta(1)

    relatorio = validar(construir(_lote_com([guia, guia])), politica, registro)

    assert _codigos(relatorio) == ["1308"]
    assert relatorio.erros[0].caminho.endswith("ans:guiaConsulta[2]")


def test_totais_que_nao_fecham(registro, politica) -> None:
    guia = exemplos.guia_sp_sadt(1)
    item = dataclasses.replace(guia.procedimentos[0], valor_total=Decimal("999.00"))
    guia = dataclasses.replace(guia, procedimentos=(item, *guia.procedimentos[1:]))

    relatorio = validar(construir(_lote_com([guia])), politica, registro)

    assert sorted(_codigos(relatorio)) == ["5042", "5042", "5050"]
    caminhos = {erro.caminho.rsplit("/", 1)[-1] for erro in relatorio.erros}
    assert caminhos == {"ans:valorProcedimentos", "ans:valorTotalGeral", "ans:valorTotal"}


def test_totais_de_honorarios_e_odontologia(registro, politica) -> None:
    honorarios = dataclasses.replace(exemplos.guia_honorarios(1), valor_total_honorarios=Decimal("1.00"))
    odonto = dataclasses.replace(exemplos.guia_odontologia(1), valor_total_proc=Decimal("1.00"))

    assert _codigos(validar(construir(_lote_com([honorarios])), politica, registro)) == ["5042"]
    assert _codigos(validar(construir(_lote_com([odonto])), politica, registro)) == ["5042"]


def test_datas_no_futuro(registro, politica) -> None:
    mensagem = construir(exemplos.lote(GuiaHonorarios))
    na_vespera = dataclasses.replace(politica, data_de_referencia=exemplos.DATA - datetime.timedelta(days=1))

    relatorio = validar(mensagem, na_vespera, registro)

    assert validar(mensagem, politica, registro).valido
    assert sorted(_codigos(relatorio)) == ["3223", "5025"]


def test_registro_ans_da_guia_diferente_do_destino(registro, politica) -> None:
    guia = dataclasses.replace(exemplos.guia_odontologia(1), registro_ans="999999")

    relatorio = validar(construir(_lote_com([guia])), politica, registro)

    assert _codigos(relatorio) == ["5027"]
    assert relatorio.erros[0].caminho.endswith("ans:guiaOdonto/ans:registroANS")


def test_mensagem_para_outra_operadora(registro) -> None:
    outra = PoliticaTiss(registro_ans_destino="654321")

    relatorio = validar(construir(exemplos.lote(GuiaConsulta)), outra, registro)

    assert _codigos(relatorio) == ["5027"]


def test_sequencial_repetido_na_guia(registro, politica) -> None:
    guia = exemplos.guia_honorarios(1, itens=2)
    repetido = dataclasses.replace(guia.procedimentos[1], sequencial_item=1)
    guia = dataclasses.replace(guia, procedimentos=(guia.procedimentos[0], repetido))

    assert _codigos(validar(construir(_lote_com([guia])), politica, registro)) == ["3167"]


def test_mais_de_cem_guias_e_tipos_misturados(registro, politica) -> None:
    lote = exemplos.lote(GuiaConsulta, quantidade=101)
    misturado = Lote.de_guias("1", [exemplos.guia_consulta(1), exemplos.guia_odontologia(2)])

    muitas = validar(construir(lote), politica, registro)
    mistura = validar(construir(misturado), politica, registro)

    assert "5015" in _codigos(muitas) and muitas.guias == 101
    assert "1301" in _codigos(mistura)


def test_versao_nao_aceita_pela_politica(registro) -> None:
    so_4_03 = PoliticaTiss(versoes_aceitas=("4.03.00",))

    relatorio = validar(construir(exemplos.lote(GuiaConsulta), "4.02.00"), so_4_03, registro)

    assert _codigos(relatorio) == ["5028"]
    assert relatorio.versao == "4.02.00"
