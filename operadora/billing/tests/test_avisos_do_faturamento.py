"""What the billing pages tell the provider: the conference's date adjustment and a document attached to a lote
say they worked; a cancelled automatic billing is not printed as an empty PDF; a money value under the minimum is
refused with the limit written in pt-BR; every clinical annex of 'Documentos anexos' is reachable (paginated)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from operadora.billing import services
from operadora.billing.models import AnexoGuia, FaturamentoAutomatico, Guia, ItemGuia, Lote, NotaFiscal
from operadora.billing.tests import test_faturamento_automatico as _automatico

pytestmark = pytest.mark.django_db
BASE = "/portal/faturamento"
atendimentos = _automatico.atendimentos  # the fixture


def _mensagens(resposta) -> list[str]:
    return [str(m) for m in resposta.context["messages"]]


def test_ajustar_a_data_de_uma_sessao_diz_que_ajustou(cliente_portal, operadora, prestador, atendimentos, hoje):
    faturamento = _automatico._gerar(operadora, prestador, hoje)
    item = ItemGuia.objects.filter(guia__lote__faturamento=faturamento).order_by("id").first()
    nova = hoje - datetime.timedelta(days=11)
    resposta = cliente_portal.post(f"{BASE}/automatico/{faturamento.pk}/data/",
                                   {"item": item.pk, "data": nova.isoformat()}, follow=True)
    item.refresh_from_db()
    assert item.data_execucao == nova
    assert _mensagens(resposta) == [
        f"Data do procedimento {item.codigo} da guia {item.guia.numero_guia_prestador} ajustada para "
        f"{nova:%d/%m/%Y}."]


def test_anexar_documento_ao_lote_diz_que_anexou(cliente_portal, operadora, prestador, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lote = services.criar_lote(operadora=operadora, prestador=prestador, tipo_guia="1", usuario=None)
    resposta = cliente_portal.post(f"{BASE}/lotes/{lote.pk}/documento/",
                                   {"arquivo": SimpleUploadedFile("laudo.pdf", b"%PDF-1.4\n"),
                                    "tipo_documento": "Laudo"}, follow=True)
    assert lote.documentos.get().situacao == "recebido"
    assert _mensagens(resposta) == [f"Documento laudo.pdf anexado ao lote {lote.numero}."]


def test_faturamento_cancelado_nao_imprime_um_pdf_vazio(cliente_portal, operadora, prestador, atendimentos, hoje):
    faturamento = _automatico._gerar(operadora, prestador, hoje)
    services.cancelar_faturamento(faturamento_id=faturamento.pk, usuario=None)
    assert FaturamentoAutomatico.objects.get().situacao == FaturamentoAutomatico.Situacao.CANCELADO
    # the conference of a cancelled generation offers no print
    assert "/imprimir/" not in cliente_portal.get(f"{BASE}/automatico/{faturamento.pk}/").content.decode()
    # and its print address says why instead of an empty PDF
    resposta = cliente_portal.get(f"{BASE}/automatico/{faturamento.pk}/imprimir/?vias=2", follow=True)
    assert resposta.redirect_chain[-1][0] == f"{BASE}/automatico/"
    assert _mensagens(resposta) == [
        f"O faturamento {faturamento.pk} foi cancelado: não há lote a imprimir. Gere o lote de novo."]


@pytest.mark.parametrize("valor", ["0", "0.00", "-1"])
def test_valor_da_nf_abaixo_do_minimo_diz_o_limite_em_portugues(cliente_portal, hoje, valor):
    resposta = cliente_portal.post(f"{BASE}/notas-fiscais/", {
        "arquivo": SimpleUploadedFile("nf.pdf", b"%PDF-1.4\n"), "numero": "NF-1",
        "data_emissao": hoje.isoformat(), "valor": valor, "competencia": f"{hoje:%m/%Y}"})
    pagina = resposta.content.decode()
    assert "Certifique-se que este valor seja maior ou igual a 0,01." in pagina
    assert "igual a 0.01" not in pagina
    assert not NotaFiscal.objects.exists()


def test_documentos_anexos_pagina_os_anexos_clinicos(cliente_portal, operadora, prestador, hoje):
    # given 201 guides with an OPME annex each (more than the 200 the page used to cut at)
    guias = Guia.objects.bulk_create(
        Guia(operadora=operadora, prestador=prestador, tipo="2", situacao=Guia.Situacao.DIGITADA,
             numero_guia_prestador=f"AX{n:04d}", carteira="00000000001", data_atendimento=hoje)
        for n in range(201))
    AnexoGuia.objects.bulk_create(AnexoGuia(guia=g, tipo=AnexoGuia.Tipo.OPME, dados={}) for g in guias)
    mais_antigo = AnexoGuia.objects.order_by("guia_id").first()
    xml = f'href="{BASE}/anexos-clinicos/{mais_antigo.pk}/envio.xml"'
    # when the provider pages through 'Documentos anexos'
    primeira = cliente_portal.get(f"{BASE}/documentos/").content.decode()
    assert "Anexos clínicos das guias (ENVIO_ANEXO) (201)" in primeira
    assert primeira.count("XML (ENVIO_ANEXO)") == 100 and xml not in primeira
    assert 'pagina_anexos=2#anexos-clinicos"' in primeira
    ultima = cliente_portal.get(f"{BASE}/documentos/?pagina_anexos=3").content.decode()
    # then the last page has the oldest one, and the documents list keeps its own page
    assert xml in ultima and ultima.count("XML (ENVIO_ANEXO)") == 1
    assert Lote.objects.count() == 0
