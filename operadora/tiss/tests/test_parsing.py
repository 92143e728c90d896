"""Entradas hostis: recusadas com erro tipado, sem ler arquivos locais nem ir à rede."""

from pathlib import Path

import pytest

from operadora.tiss import exemplos, parsing
from operadora.tiss.errors import (
    CodificacaoNaoSuportada,
    DoctypeProibido,
    MensagemNaoTiss,
    ProfundidadeExcedida,
    TamanhoExcedido,
    XmlMalformado,
)
from operadora.tiss.guias import GuiaConsulta
from operadora.tiss.politica import POLITICA_PADRAO, PoliticaTiss
from operadora.tiss.validation import validar

from .conftest import construir

NS = 'xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas"'


def _xxe(alvo: Path) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file://{alvo}">]>'
        f"<ans:mensagemTISS {NS}><ans:a>&x;</ans:a></ans:mensagemTISS>"
    ).encode()


def test_xxe_e_recusado_sem_ler_o_arquivo(tmp_path: Path) -> None:
    segredo = tmp_path / "segredo.txt"
    segredo.write_text("SEGREDO-DO-SERVIDOR")

    with pytest.raises(DoctypeProibido) as erro:
        parsing.analisar(_xxe(segredo), POLITICA_PADRAO)

    assert erro.value.codigo_tiss == "5002"
    assert "SEGREDO" not in str(erro.value)


def test_billion_laughs_e_recusado() -> None:
    entidades = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomba = f'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY l0 "lol">{entidades}]><m>&l9;</m>'.encode()

    with pytest.raises(DoctypeProibido):
        parsing.analisar(bomba, POLITICA_PADRAO)


def test_dtd_externo_e_entidade_parametro_sao_recusados() -> None:
    externo = b'<?xml version="1.0"?><!DOCTYPE m SYSTEM "http://exemplo.invalid/x.dtd"><m/>'
    parametro = b'<!DOCTYPE m [<!ENTITY % p SYSTEM "http://exemplo.invalid/p">%p;]><m/>'

    for dados in (externo, parametro):
        with pytest.raises(DoctypeProibido):
            parsing.analisar(dados, POLITICA_PADRAO)


def test_doctype_depois_de_comentario_tambem_e_recusado() -> None:
    dados = b'<?xml version="1.0"?><!-- oi --><?pi x?><!DOCTYPE m [<!ENTITY a "b">]><m>&a;</m>'

    with pytest.raises(DoctypeProibido):
        parsing.analisar(dados, POLITICA_PADRAO)


def test_entidade_nao_declarada_e_recusada() -> None:
    with pytest.raises(DoctypeProibido):
        parsing.analisar(f"<ans:mensagemTISS {NS}>&xxe;</ans:mensagemTISS>".encode(), POLITICA_PADRAO)


def test_aninhamento_profundo_e_recusado() -> None:
    raso_demais = PoliticaTiss(max_profundidade=10)
    vinte = b"<a>" * 20 + b"</a>" * 20
    cem_mil = b"<a>" * 100_000 + b"</a>" * 100_000

    with pytest.raises(ProfundidadeExcedida):
        parsing.analisar(vinte, raso_demais)
    with pytest.raises(ProfundidadeExcedida):
        parsing.analisar(cem_mil, POLITICA_PADRAO)


def test_tamanho_e_conferido_antes_de_ler() -> None:
    pequeno = PoliticaTiss(max_bytes=1024)

    with pytest.raises(TamanhoExcedido) as erro:
        parsing.analisar(b"<" * 2048, pequeno)  # nem é XML: a recusa vem antes do parser

    assert erro.value.codigo_tiss == "5002"


@pytest.mark.parametrize(
    "dados",
    [
        "<?xml version='1.0' encoding='utf-16'?><m/>".encode("utf-16"),
        b"\x00\x00\xfe\xff\x00\x00\x00<",
        b"<?xml version='1.0' encoding='windows-1252'?><m/>",
    ],
    ids=["utf16", "utf32", "windows-1252"],
)
def test_codificacoes_fora_do_padrao_sao_recusadas(dados: bytes) -> None:
    with pytest.raises(CodificacaoNaoSuportada):
        parsing.analisar(dados, POLITICA_PADRAO)


def test_xml_malformado_diz_linha_e_coluna() -> None:
    with pytest.raises(XmlMalformado) as erro:
        parsing.analisar(b"<a>\n<b></a>", POLITICA_PADRAO)

    assert "linha 2" in erro.value.mensagem


def test_raiz_que_nao_e_tiss_e_recusada() -> None:
    with pytest.raises(MensagemNaoTiss):
        parsing.analisar(b"<html/>", POLITICA_PADRAO)


def test_envelope_soap_entrega_o_elemento_ws(registro, politica) -> None:
    mensagem = construir(exemplos.lote(GuiaConsulta)).decode("iso-8859-1").split("?>", 1)[1]
    ws = mensagem.replace("mensagemTISS", "loteGuiasWS").replace("<ans:prestadorParaOperadora>", "")
    ws = (
        ws.replace("</ans:prestadorParaOperadora>", "")
        .replace("<ans:epilogo>", "")
        .replace("</ans:epilogo>", "")
    )
    envelope = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
        f"<soapenv:Header/><soapenv:Body>{ws}</soapenv:Body></soapenv:Envelope>"
    ).encode("iso-8859-1")

    documento = parsing.analisar(envelope, POLITICA_PADRAO)
    relatorio = validar(envelope, politica, registro)

    assert documento.soap and documento.raiz.tag.endswith("loteGuiasWS")
    assert relatorio.erros == ()  # o hash do *WS é o da mensagem original: as folhas são as mesmas
    assert relatorio.mensagem is not None and relatorio.mensagem.lote is not None


def test_envelope_soap_sem_elemento_ws_e_recusado() -> None:
    envelope = (
        b'<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><x/></e:Body></e:Envelope>'
    )

    with pytest.raises(MensagemNaoTiss):
        parsing.analisar(envelope, POLITICA_PADRAO)


def test_validar_transforma_recusa_em_relatorio(registro, tmp_path: Path) -> None:
    relatorio = validar(_xxe(tmp_path / "x"), POLITICA_PADRAO, registro)

    assert not relatorio.valido
    assert [erro.codigo for erro in relatorio.erros] == ["5002"]
