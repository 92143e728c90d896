"""'Documentos anexos' names the guide by its number through the service (no write in the view), and the
automatic-billing conference answers a bad item id without a 500."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from operadora.billing import services
from operadora.billing.models import DocumentoAnexo, Guia, ItemGuia, NotaFiscal
from operadora.billing.tests import test_faturamento_automatico as _automatico

pytestmark = pytest.mark.django_db
_gerar = _automatico._gerar
atendimentos = _automatico.atendimentos  # the fixture


def _pdf(nome="laudo.pdf"):
    return SimpleUploadedFile(nome, b"%PDF-1.4\n%fim\n", content_type="application/pdf")


@pytest.fixture
def guia_salva(operadora, prestador, beneficiario, hoje):
    return Guia.objects.create(
        operadora=operadora,
        prestador=prestador,
        tipo="1",
        situacao=Guia.Situacao.DIGITADA,
        numero_guia_prestador="D100",
        carteira=beneficiario.carteira,
        beneficiario=beneficiario,
        data_atendimento=hoje,
    )


def test_servico_acha_a_guia_pelo_numero_ou_registra_a_falha(
    operadora, prestador, outro_prestador, guia_salva
):
    # given a saved guide D100 of the provider and a guide with the same number of another provider
    Guia.objects.create(
        operadora=operadora,
        prestador=outro_prestador,
        tipo="1",
        situacao="digitada",
        numero_guia_prestador="D200",
    )
    # when documents are attached naming the guide by its number
    anexado = services.anexar_documento(
        operadora=operadora, prestador=prestador, arquivo=_pdf(), numero_guia=" D100 "
    )
    de_outro = services.anexar_documento(
        operadora=operadora, prestador=prestador, arquivo=_pdf(), numero_guia="D200"
    )
    # then D100 gets it; D200 is not this provider's: recorded as failed, with the reason, by the service
    assert (anexado.situacao, anexado.guia) == (DocumentoAnexo.Situacao.RECEBIDO, guia_salva)
    de_outro.refresh_from_db()
    assert (de_outro.situacao, de_outro.guia_id, de_outro.motivo_falha) == (
        DocumentoAnexo.Situacao.FALHOU,
        None,
        "Guia D200 não encontrada.",
    )


def test_pagina_de_documentos_mostra_o_motivo_da_falha(cliente_portal, guia_salva):
    url = "/portal/faturamento/documentos/"
    r = cliente_portal.post(url, {"guia": "NAOEXISTE", "arquivo": _pdf()}, follow=True)
    assert "Documento não anexado: Guia NAOEXISTE não encontrada." in r.content.decode()
    assert DocumentoAnexo.objects.get().motivo_falha == "Guia NAOEXISTE não encontrada."
    r = cliente_portal.post(url, {"guia": "D100", "arquivo": _pdf()}, follow=True)
    assert "Documento anexado à guia D100." in r.content.decode()
    assert DocumentoAnexo.objects.filter(guia=guia_salva, situacao="recebido").count() == 1


@pytest.mark.parametrize("item", ["abc", "", "1.5", "9" * 30])
def test_ajustar_data_com_item_invalido_diz_que_o_item_e_invalido(
    cliente_portal,
    operadora,
    prestador,
    atendimentos,
    hoje,
    item,
):
    # given a generated automatic billing
    faturamento = _gerar(operadora, prestador, hoje)
    antes = sorted(ItemGuia.objects.values_list("pk", "data_execucao"))
    url = f"/portal/faturamento/automatico/{faturamento.pk}/"
    # when the "data" action comes with an item that is not an id
    r = cliente_portal.post(
        f"{url}data/", {"item": item, "data": (hoje - datetime.timedelta(days=9)).isoformat()}, follow=True
    )
    # then the page says the item is invalid (not the date), and nothing changed
    pagina = r.content.decode()
    assert r.status_code == 200
    assert "Item inválido: escolha um procedimento desta conferência." in pagina
    assert "Data inválida" not in pagina
    assert sorted(ItemGuia.objects.values_list("pk", "data_execucao")) == antes


def test_ajustar_data_com_data_invalida_continua_dizendo_data_invalida(
    cliente_portal,
    operadora,
    prestador,
    atendimentos,
    hoje,
):
    faturamento = _gerar(operadora, prestador, hoje)
    item = ItemGuia.objects.first()
    r = cliente_portal.post(
        f"/portal/faturamento/automatico/{faturamento.pk}/data/",
        {"item": item.pk, "data": "31/02"},
        follow=True,
    )
    assert "Data inválida." in r.content.decode()


@pytest.mark.parametrize(
    ("nome", "conteudo", "tipo"),
    [
        ("laudo.pdf", b"MZ\x90\x00 executavel", "PDF"),
        ("foto.png", b"<html><script>alert(1)</script></html>", "PNG"),
        ("guia.xml", b"MZ\x90\x00", "XML"),
    ],
)
def test_documento_cujo_conteudo_nao_e_o_do_nome_falha_com_o_motivo(
    cliente_portal, guia_salva, nome, conteudo, tipo
):
    """Given a file whose name says PDF/PNG/XML but whose bytes are not (seen in a browser: an executable renamed
    laudo.pdf was 'Recebido'), when it is attached on 'Documentos anexos', then it is recorded as failed with the
    reason, no file is stored, and a real PDF still goes through (the same check as the authorization's anexos)."""
    url = "/portal/faturamento/documentos/"
    r = cliente_portal.post(url, {"guia": "D100", "arquivo": SimpleUploadedFile(nome, conteudo)}, follow=True)
    documento = DocumentoAnexo.objects.get()
    motivo = f"O conteúdo de {nome} não é um {tipo} válido."
    assert (documento.situacao, documento.motivo_falha, documento.arquivo.name or "") == (
        DocumentoAnexo.Situacao.FALHOU,
        motivo,
        "",
    )
    assert f"Documento não anexado: {motivo}" in r.content.decode()
    cliente_portal.post(url, {"guia": "D100", "arquivo": _pdf()})
    assert DocumentoAnexo.objects.filter(situacao=DocumentoAnexo.Situacao.RECEBIDO).count() == 1


def test_nota_fiscal_cujo_conteudo_nao_e_pdf_nem_xml_e_recusada(operadora, prestador, hoje):
    """Given an NF file named nf.pdf whose bytes are an executable, when it is sent, then it is refused with the
    reason and nothing is recorded; a real XML NF is accepted."""
    with pytest.raises(services.ErroDeNegocio, match=r"O conteúdo de nf\.pdf não é um PDF válido\."):
        services.enviar_nota_fiscal(
            operadora=operadora,
            prestador=prestador,
            arquivo=SimpleUploadedFile("nf.pdf", b"MZ\x90\x00"),
            numero="NF-1",
            data_emissao=hoje,
            valor=1,
            competencia=hoje,
        )
    assert not NotaFiscal.objects.exists()
    nota = services.enviar_nota_fiscal(
        operadora=operadora,
        prestador=prestador,
        arquivo=SimpleUploadedFile("nf.xml", b"\xef\xbb\xbf<?xml version='1.0'?>\n<nfe/>"),
        numero="NF-1",
        data_emissao=hoje,
        valor=1,
        competencia=hoje,
    )
    assert nota.formato == NotaFiscal.Formato.XML


def test_documento_que_falhou_volta_com_o_que_foi_digitado(cliente_portal, guia_salva):
    """A document refused (guide number mistyped) is listed with the reason, and the form comes back with the number,
    type and observation typed, so only the number needs correcting (the file is chosen again)."""
    r = cliente_portal.post(
        "/portal/faturamento/documentos/",
        {"guia": "D1OO", "arquivo": _pdf(), "tipo_documento": "Laudo", "observacao": "Assinado pelo paciente"},
    )
    pagina = r.content.decode()
    assert r.status_code == 200 and "Documento não anexado: Guia D1OO não encontrada." in pagina
    assert 'value="D1OO"' in pagina and 'value="Laudo"' in pagina and 'value="Assinado pelo paciente"' in pagina
    assert DocumentoAnexo.objects.get().situacao == DocumentoAnexo.Situacao.FALHOU


def test_documentos_paginam_de_100_em_100_sem_sumir_os_antigos(cliente_portal, operadora, prestador, guia_salva):
    """Every document stays reachable: 100 a page (the list stopped at the 200 newest, the others never shown), the
    filter kept across pages, a page past the end shows the last one."""
    DocumentoAnexo.objects.bulk_create(
        DocumentoAnexo(operadora=operadora, prestador=prestador, guia=guia_salva, nome_original=f"doc{n:03}.pdf",
                       situacao=DocumentoAnexo.Situacao.FALHOU, motivo_falha="Teste.")
        for n in range(230)
    )
    url = "/portal/faturamento/documentos/"
    primeira = cliente_portal.get(url, {"situacao": "falhou"}).content.decode()
    assert primeira.count("doc") >= 100 and "Página 1 de 3" in primeira
    assert "situacao=falhou&amp;pagina=2" in primeira
    ultima = cliente_portal.get(url, {"situacao": "falhou", "pagina": "99"}).content.decode()
    assert "Página 3 de 3" in ultima and "doc000.pdf" in ultima and "doc229.pdf" not in ultima
