"""Demonstrativo de Análise de Conta and de Pagamento: TISS XML valid against the XSD, PDFs with the fields."""

import datetime
from decimal import Decimal

import pytest

from operadora.billing.selectors import registro_schemas
from operadora.claims import demonstrativos, pdf, services
from operadora.tiss.politica import PoliticaTiss
from operadora.tiss.validation import validar

from .conftest import HEMOGRAMA, item

pytestmark = pytest.mark.django_db


@pytest.fixture
def liberado(protocolo_factory, beneficiario, preco_consulta, usuario_retaguarda):
    protocolo = protocolo_factory([
        {"carteira": beneficiario.carteira, "nome_beneficiario": beneficiario.nome,
         "itens": [item(unitario="150.00"), item(HEMOGRAMA, unitario="20.00")]},
        {"carteira": "00000000000", "itens": [item(data=datetime.date(2025, 6, 3))]}])
    services.analisar_protocolo(protocolo_id=protocolo.pk)
    services.liberar_protocolo(protocolo_id=protocolo.pk, usuario=usuario_retaguarda)
    protocolo.refresh_from_db()
    return protocolo


def _valido(dados: bytes):
    relatorio = validar(dados, PoliticaTiss(), registro_schemas())
    assert relatorio.valido, relatorio.erros
    return relatorio


def test_demonstrativo_de_analise_xml_valido_e_totais(liberado):
    d = demonstrativos.analise_conta(operadora=liberado.operadora, prestador=liberado.prestador,
                                     protocolos=[liberado], numero=liberado.numero)
    relatorio = _valido(demonstrativos.xml(d))
    assert relatorio.transacao == "DEMONSTRATIVO_ANALISE_CONTA"
    conteudo = d.conteudo
    assert (conteudo.valor_informado_geral, conteudo.valor_glosa_geral, conteudo.valor_liberado_geral) == (
        Decimal("270.00"), Decimal("130.00"), Decimal("140.00"))
    glosas = [g.tipo_glosa for p in conteudo.protocolos for gu in p.guias for i in gu.itens for g in i.glosas]
    assert sorted(glosas) == ["1001", "1705"]


def test_demonstrativo_de_analise_pdf(liberado):
    d = demonstrativos.analise_conta(operadora=liberado.operadora, prestador=liberado.prestador,
                                     protocolos=[liberado], numero=liberado.numero)
    conteudo = pdf.analise_conta(d)
    assert conteudo.startswith(b"%PDF") and len(conteudo) > 2000


def test_cli_tiss_export_demonstrativo_analise(liberado, tmp_path, capsys):
    from django.core.management import call_command

    destino = tmp_path / "dac.xml"
    call_command("tiss", "export", "demonstrativo-analise", liberado.numero, "--out", str(destino))
    _valido(destino.read_bytes())
    call_command("tiss", "export", "demonstrativo-analise", f"{liberado.operadora.registro_ans}:{liberado.numero}")
    assert "demonstrativoAnaliseConta" in capsys.readouterr().out


def test_cli_tiss_export_recusa_protocolo_nao_liberado(protocolo_factory, beneficiario, capsys):
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item()]}])
    with pytest.raises(SystemExit) as saida:
        from django.core.management import call_command

        call_command("tiss", "export", "demonstrativo-analise", protocolo.numero)
    assert saida.value.code == 1
    assert "depois da liberação" in capsys.readouterr().err


def test_demonstrativo_lista_outras_despesas(protocolo_factory, beneficiario, usuario_retaguarda):
    from operadora.billing.models import Protocolo

    protocolo = protocolo_factory([{"carteira": "00000000000", "itens": [item()], "despesas": [
        {"codigo": "70000001", "tabela": "00", "quantidade": Decimal("2"), "valor_unitario": Decimal("5.00"),
         "data_execucao": datetime.date(2025, 6, 2)}]}])
    services.analisar_protocolo(protocolo_id=protocolo.pk)
    services.liberar_protocolo(protocolo_id=protocolo.pk, usuario=usuario_retaguarda)
    protocolo = Protocolo.objects.get(pk=protocolo.pk)
    d = demonstrativos.analise_conta(operadora=protocolo.operadora, prestador=protocolo.prestador,
                                     protocolos=[protocolo], numero=protocolo.numero)
    _valido(demonstrativos.xml(d))
    itens = d.conteudo.protocolos[0].guias[0].itens
    assert [(i.codigo_tabela, i.valor_liberado) for i in itens] == [("22", Decimal("0.00")), ("00", Decimal("0.00"))]
    assert d.conteudo.valor_glosa_geral == Decimal("110.00")
