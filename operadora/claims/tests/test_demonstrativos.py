"""Demonstrativo de Análise de Conta and de Pagamento: TISS XML valid against the XSD, PDFs with the fields."""

import datetime
import re
from decimal import Decimal

import pytest

from operadora.billing.selectors import registro_schemas
from operadora.claims import demonstrativos, pdf, services
from operadora.core.testing import texto_do_pdf
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


@pytest.fixture
def consulta_sem_descricao_com_glosas_sobrepostas(protocolo_factory, beneficiario, preco_consulta, usuario_retaguarda):
    """A consulta guide (the TISS guia de consulta carries no description) billed twice: the second protocol's
    item has the duplicity glosa (the whole item) and the price glosa (the difference) at once."""
    guia = {"carteira": beneficiario.carteira, "nome_beneficiario": beneficiario.nome,
            "itens": [item(unitario="150.00", descricao="")]}
    protocolo_factory([guia])
    protocolo = protocolo_factory([guia])
    services.analisar_protocolo(protocolo_id=protocolo.pk)
    services.liberar_protocolo(protocolo_id=protocolo.pk, usuario=usuario_retaguarda)
    protocolo.refresh_from_db()
    return protocolo


def test_demonstrativo_de_analise_de_consulta_sem_descricao_e_valido(consulta_sem_descricao_com_glosas_sobrepostas):
    # given a released consulta whose item has no description (the guia de consulta has none)
    protocolo = consulta_sem_descricao_com_glosas_sobrepostas
    # when the Demonstrativo de Análise de Conta is built
    d = demonstrativos.analise_conta(operadora=protocolo.operadora, prestador=protocolo.prestador,
                                     protocolos=[protocolo], numero=protocolo.numero)
    # then its XML is valid (descricaoProcedimento has at least 1 character: it was empty, the XSD refused it)
    # and the description is the TUSS term of the code, as on seed 004's statement
    _valido(demonstrativos.xml(d))
    (i,) = d.conteudo.protocolos[0].guias[0].itens
    assert i.descricao_procedimento.startswith("Consulta em consult")


def test_pdf_de_analise_mostra_a_glosa_do_item_nao_a_soma_das_glosas_sobrepostas(
        consulta_sem_descricao_com_glosas_sobrepostas):
    # given an item of R$ 150,00 with two overlapping glosas (3209 R$ 150,00 and 1705 R$ 30,00): glosa R$ 150,00
    protocolo = consulta_sem_descricao_com_glosas_sobrepostas
    d = demonstrativos.analise_conta(operadora=protocolo.operadora, prestador=protocolo.prestador,
                                     protocolos=[protocolo], numero=protocolo.numero)
    (i,) = d.conteudo.protocolos[0].guias[0].itens
    assert sorted(g.valor_glosa for g in i.glosas) == [Decimal("30.00"), Decimal("150.00")]
    assert (i.valor_informado, i.valor_liberado) == (Decimal("150.00"), Decimal("0.00"))
    # when the PDF is rendered
    texto = texto_do_pdf(pdf.analise_conta(d))
    # then field 34 (Valor Glosa) of the item is 150,00 — informado minus liberado, as on the portal page and in
    # field 39 — not 180,00, the sum of the overlapping glosas
    linha = re.search(rb"\(10101012\) Tj.*?\(3209 1705\) Tj", texto, re.S)
    assert linha is not None
    assert b"(180,00)" not in linha.group() and linha.group().count(b"(150,00)") == 3


def test_xml_do_recurso_de_consulta_sem_descricao_e_valido(consulta_sem_descricao_com_glosas_sobrepostas,
                                                           usuario_retaguarda):
    # given the consulta's glosas appealed and answered
    protocolo = consulta_sem_descricao_com_glosas_sobrepostas
    glosas = list(protocolo.glosas.order_by("id"))
    recurso = services.recorrer(operadora_id=protocolo.operadora_id, prestador_id=protocolo.prestador_id,
                                protocolo_id=protocolo.pk, justificativa="Atendimentos distintos.", objeto="guia",
                                itens=[services.ItemPedido(g.pk, g.valor, "") for g in glosas])
    services.responder_recurso(recurso_id=recurso.pk, usuario=usuario_retaguarda, decisoes={
        i.pk: services.DecisaoItem("mantido", Decimal("0"), "Cobrado no protocolo anterior.")
        for i in recurso.itens.all()})
    recurso.refresh_from_db()
    # when the RESPOSTA_RECURSO_GLOSA is built, then it is valid: the description is the TUSS term (it was empty)
    d = demonstrativos.resposta_recurso(recurso)
    _valido(demonstrativos.xml(d, sequencial=recurso.numero))
    assert {i.descricao_procedimento[:19] for i in d.conteudo.respostas_item} == {"Consulta em consult"}
