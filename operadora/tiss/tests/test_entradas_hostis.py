"""Arquivos que chegam de fora com truques de XML: o modelo tipado tem de ler o mesmo valor que o XSD validou,
e o relatório tem de dizer o que está errado (linha, campo, código) — nunca aceitar o arquivo com outro valor."""

from decimal import Decimal

import pytest
from lxml import etree

from operadora.tiss import exemplos, hashing
from operadora.tiss.guias import GuiaConsulta
from operadora.tiss.validation import validar

from .conftest import construir


def _com_hash(dados: bytes) -> bytes:
    """Os bytes com o hash do epílogo recalculado (como um remetente que altera o arquivo e refaz o hash)."""
    raiz = etree.fromstring(dados)
    hashing.escrever_hash(raiz)
    return etree.tostring(raiz, xml_declaration=True, encoding="ISO-8859-1")


def _consulta(trocar: bytes, por: bytes) -> bytes:
    dados = construir(exemplos.lote(GuiaConsulta))
    assert trocar in dados
    return _com_hash(dados.replace(trocar, por, 1))


def test_comentario_dentro_de_um_valor_nao_corta_o_valor(registro, politica) -> None:
    # O XSD vê "150.00" (comentários não contam no valor); o modelo tipado lia só o texto antes do comentário.
    dados = _consulta(b">150.00<", b">1<!-- x -->50.00<")

    relatorio = validar(dados, politica, registro)

    assert relatorio.erros == ()
    [guia] = relatorio.mensagem.lote.guias
    assert guia.valor_procedimento == Decimal("150.00")


def test_comentario_dentro_da_carteira(registro, politica) -> None:
    dados = _consulta(b">000000000001<", b">000000<!-- meio -->000001<")

    relatorio = validar(dados, politica, registro)

    assert relatorio.erros == ()
    assert relatorio.mensagem.lote.guias[0].beneficiario.numero_carteira == "000000000001"


def test_instrucao_de_processamento_dentro_de_uma_data_nao_recusa_o_arquivo(registro, politica) -> None:
    dados = _consulta(b"<ans:dataAtendimento>", b"<ans:dataAtendimento><?gerador x?>")

    relatorio = validar(dados, politica, registro)

    assert relatorio.erros == ()
    assert relatorio.mensagem.lote.guias[0].datas_de_atendimento == (exemplos.DATA,)


def test_comentario_dentro_da_versao_do_padrao(registro, politica) -> None:
    dados = _consulta(b"<ans:Padrao>4.03.00<", b"<ans:Padrao>4.03<!-- v -->.00<")

    relatorio = validar(dados, politica, registro)

    assert relatorio.erros == ()
    assert relatorio.versao == "4.03.00"


def test_espacos_em_volta_de_identificadores_nao_entram_no_valor(registro, politica) -> None:
    # O XSD (xs:string com minLength/maxLength) aceita " C0000001 "; o número da guia é "C0000001". Guardado
    # com os espaços, o mesmo número escapava da conferência de guia já apresentada (1308).
    dados = construir(exemplos.lote(GuiaConsulta))
    for trecho in (b"C0000001", b"000000000001", b"<ans:numeroLote>1<"):
        if trecho.startswith(b"<"):
            dados = dados.replace(trecho, b"<ans:numeroLote> 1 <", 1)
        else:
            dados = dados.replace(b">" + trecho + b"<", b">\n  " + trecho + b"\t<", 1)

    relatorio = validar(_com_hash(dados), politica, registro)

    assert relatorio.erros == ()
    lote = relatorio.mensagem.lote
    assert lote.numero_lote == "1"
    assert lote.guias[0].numero_guia_prestador == "C0000001"
    assert lote.guias[0].beneficiario.numero_carteira == "000000000001"


def test_declara_iso_8859_1_mas_os_bytes_sao_utf_8_e_lido_como_utf_8(registro, politica) -> None:
    # Muitos sistemas gravam UTF-8 sem mudar a declaração. Lidos como ISO-8859-1, os bytes de "Conceição" viravam
    # "ConceiÃ§Ã£o" (gravado assim), e o hash que o remetente calculou sobre o texto em UTF-8 conferia com o do
    # texto estragado. Agora o texto é lido como os bytes são, e o hash confere em UTF-8.
    certo = construir(exemplos.lote(GuiaConsulta))
    certo = certo.replace(b"Dra. Ana Exemplo", "Dra. Ana Conceição".encode("latin-1"))
    raiz = etree.fromstring(certo)
    hashing.escrever_hash(raiz, "utf-8")
    dados = b"<?xml version='1.0' encoding='ISO-8859-1'?>\n" + etree.tostring(raiz, encoding="UTF-8")

    relatorio = validar(dados, politica, registro)

    assert relatorio.erros == ()
    profissional = relatorio.mensagem.lote.guias[0].profissional_executante
    assert profissional.nome_profissional == "Dra. Ana Conceição"
    assert relatorio.hash.conferido == "utf-8"


def test_iso_8859_1_de_verdade_que_por_acaso_e_utf_8_valido_continua_iso_8859_1(registro, politica) -> None:
    # "JOSÉ" e um espaço não separável (C9 A0) formam UTF-8 válido (U+0260); o arquivo é ISO-8859-1 de verdade.
    dados = _consulta(b"Dra. Ana Exemplo", "DRA. ANA JOSÉ\xa0SILVA".encode("latin-1"))

    relatorio = validar(dados, politica, registro)

    assert relatorio.erros == ()
    assert relatorio.mensagem.lote.guias[0].profissional_executante.nome_profissional == "DRA. ANA JOSÉ\xa0SILVA"
    assert relatorio.hash.conferido == "iso-8859-1"


def test_iso_8859_1_de_verdade_com_acentos_e_aceito(registro, politica) -> None:
    dados = _consulta(b"Dra. Ana Exemplo", "Dra. Ana Conceição Ávila".encode("latin-1"))

    relatorio = validar(dados, politica, registro)

    assert relatorio.erros == ()
    profissional = relatorio.mensagem.lote.guias[0].profissional_executante
    assert profissional.nome_profissional == "Dra. Ana Conceição Ávila"


@pytest.mark.parametrize(
    ("trocar", "por", "trecho"),
    [
        (b"Dra. Ana Exemplo", b"Dra. Ana & Exemplo", "&amp;"),
        (b"Dra. Ana Exemplo", b"Dra. Ana &Exemplo", "&amp;"),
        (b"Dra. Ana Exemplo", b"Dra. Ana\x01Exemplo", "caractere de controle"),
        (b"Dra. Ana Exemplo", b"Dra. Ana&#1;Exemplo", "caractere de controle"),
        (b"Dra. Ana Exemplo", b"Dra. Ana &foo; Exemplo", "&foo;"),
        (b"</ans:observacao>", b"", "ans:observacao"),
        (b"</ans:mensagemTISS>", b"</ans:mensagemTISS><x/>", "depois do fim"),
        (b"<ans:guiaConsulta>", b"<ans:guiaConsulta><!-- a -- b -->", "--"),
        (b"encoding='ISO-8859-1'", b"encoding='UTF-8'", "UTF-8"),
    ],
)
def test_xml_malformado_diz_o_que_e_e_onde(trocar: bytes, por: bytes, trecho: str, registro, politica) -> None:
    dados = construir(exemplos.lote(GuiaConsulta))
    if trocar.startswith(b"encoding"):  # declara UTF-8, mas os acentos estão em ISO-8859-1
        dados = dados.replace(b"Dra. Ana Exemplo", "Dra. Ana Conceição".encode("latin-1"))
    dados = dados.replace(trocar, por, 1)

    relatorio = validar(dados, politica, registro)

    [erro] = relatorio.erros
    assert erro.codigo == "5002"
    assert erro.linha == 2 or (trocar.startswith(b"encoding") and erro.linha)
    assert trecho in erro.mensagem, erro.mensagem
    assert "entidades" not in erro.mensagem or trecho == "&foo;"


def test_valor_negativo_na_consulta_e_recusado(registro, politica) -> None:
    # O XSD (st_decimal10-2, sem mínimo) aceita -150.00; uma cobrança negativa não é um valor informado válido.
    relatorio = validar(_consulta(b">150.00<", b">-150.00<"), politica, registro)

    [erro] = relatorio.erros
    assert erro.codigo == "5050" and erro.linha
    assert erro.caminho.endswith("ans:dadosAtendimento/ans:procedimento/ans:valorProcedimento")


def test_item_negativo_com_totais_coerentes_e_recusado(registro, politica) -> None:
    from operadora.tiss.guias import GuiaSPSADT

    dados = construir(exemplos.lote(GuiaSPSADT, itens=1))
    raiz = etree.fromstring(dados)
    ns = {"ans": "http://www.ans.gov.br/padroes/tiss/schemas"}
    [item] = raiz.findall(".//ans:procedimentoExecutado", ns)
    for campo in ("valorUnitario", "valorTotal"):
        elemento = item.find(f"ans:{campo}", ns)
        elemento.text = "-" + elemento.text
    total = raiz.find(".//ans:valorTotal/ans:valorProcedimentos", ns)
    geral = raiz.find(".//ans:valorTotal/ans:valorTotalGeral", ns)
    diferenca = 2 * Decimal(total.text)
    total.text = str(-Decimal(total.text))
    geral.text = str(Decimal(geral.text) - diferenca)
    hashing.escrever_hash(raiz)

    relatorio = validar(etree.tostring(raiz, xml_declaration=True, encoding="ISO-8859-1"), politica, registro)

    assert {erro.codigo for erro in relatorio.erros} == {"5050"}
    assert any(erro.caminho.endswith("ans:procedimentoExecutado/ans:valorTotal") for erro in relatorio.erros)


def test_data_que_o_xsd_aceita_e_o_python_nao_aponta_a_linha(registro, politica) -> None:
    # xs:date aceita o ano 10000; o modelo tipado não o representa: o relatório diz linha, campo e código.
    dados = construir(exemplos.lote(GuiaConsulta)).replace(b"<ans:dataAtendimento>", b"\n<ans:dataAtendimento>", 1)
    dados = _com_hash(dados.replace(exemplos.DATA.isoformat().encode(), b"10000-01-01", 1))

    [erro] = validar(dados, politica, registro).erros

    assert erro.codigo == "1323" and erro.linha == 3 and erro.caminho.endswith("ans:dataAtendimento")


def test_hash_que_nao_confere_com_texto_fora_do_latin_1_nao_mostra_none(registro, politica) -> None:
    dados = construir(exemplos.lote(GuiaConsulta)).replace(b"Dra. Ana Exemplo", b"Dra. Ana &#128512;")

    [erro] = validar(dados, politica, registro).erros

    assert erro.codigo == "5014" and "None" not in erro.mensagem and "fora do ISO-8859-1" in erro.mensagem
