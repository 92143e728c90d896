"""Cancelling a typed lote (walked in the browser): its typed guides go back to 'Digitada', so the cancelled lote
no longer counts them, offers no export of an empty ENVIO_LOTE_GUIAS and takes no more documents."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from operadora.billing.models import DocumentoAnexo, Guia, Lote

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def lote_digitado_cancelado(cliente_portal, operadora, prestador):
    """An open typed lote with two saved guides (R$ 150,00 in all), cancelled by the provider."""
    guias = [
        Guia.objects.create(
            operadora=operadora,
            prestador=prestador,
            tipo="1",
            situacao="digitada",
            numero_guia_prestador=f"CAN{i}",
            valor_total=Decimal("75.00"),
        )
        for i in range(2)
    ]
    lote_url = cliente_portal.post("/portal/faturamento/lotes/novo/", {"tipo_guia": "1"})["Location"]
    cliente_portal.post(f"{lote_url}adicionar/", {"guias": [g.pk for g in guias]})
    cliente_portal.post(f"{lote_url}cancelar/")
    return Lote.objects.get(prestador=prestador), lote_url, guias


@pytest.mark.django_db
def test_lote_digitado_cancelado_nao_conta_as_guias_que_voltaram_a_digitada(
    cliente_portal, lote_digitado_cancelado
):
    # given a cancelled typed lote whose guides went back to 'Digitada'
    lote, lote_url, guias = lote_digitado_cancelado
    assert set(Guia.objects.filter(pk__in=[g.pk for g in guias]).values_list("situacao", "lote")) == {
        ("digitada", None)
    }
    # when the provider opens it
    pagina = cliente_portal.get(lote_url).content.decode()
    # then it neither counts nor values the guides that left, says where they went and offers no empty export
    lote.refresh_from_db()
    assert (lote.quantidade_guias, lote.valor_informado) == (0, Decimal("0"))
    assert "Este lote já possui" not in pagina
    assert "Lote cancelado: as guias digitadas voltaram a 'Digitada'" in pagina
    assert "Exportar XML (ENVIO_LOTE_GUIAS)" not in pagina
    resposta = cliente_portal.get(f"{lote_url}envio.xml", follow=True)
    assert "O lote não tem guias para exportar." in resposta.content.decode()


@pytest.mark.django_db
def test_lote_cancelado_nao_recebe_documentos(cliente_portal, lote_digitado_cancelado):
    # given a cancelled lote
    lote, lote_url, _ = lote_digitado_cancelado
    assert "Anexar ao lote" not in cliente_portal.get(lote_url).content.decode()
    # when a document is posted to it anyway
    resposta = cliente_portal.post(
        f"{lote_url}documento/", {"arquivo": SimpleUploadedFile("laudo.pdf", PDF)}, follow=True
    )
    # then it is refused with the reason and no file is kept
    assert "Documento não anexado: Não se anexam documentos a um lote cancelado." in resposta.content.decode()
    assert not DocumentoAnexo.objects.filter(lote=lote).exclude(arquivo="").exists()


@pytest.mark.django_db
def test_migracao_reconta_lote_digitado_cancelado_antes_da_correcao(operadora, prestador):
    # given a typed lote cancelled before the fix: no guide left, still counting one of R$ 75,00
    from importlib import import_module

    from django.apps import apps

    antigo = Lote.objects.create(operadora=operadora, prestador=prestador, numero="A1", tipo_guia="1",
                                 situacao="cancelado", quantidade_guias=1, valor_informado=Decimal("75.00"))
    migracao = import_module("operadora.billing.migrations.0008_lotes_cancelados_sem_as_guias_que_sairam")
    # when the data migration runs, then it counts what the lote holds: nothing
    migracao.recontar_lotes_digitados_cancelados(apps, None)
    antigo.refresh_from_db()
    assert (antigo.quantidade_guias, antigo.valor_informado) == (0, Decimal("0"))
