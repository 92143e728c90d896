"""'Documentos anexos' names the guide by its number through the service (no write in the view), and the
automatic-billing conference answers a bad item id without a 500."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from operadora.billing import services
from operadora.billing.models import DocumentoAnexo, Guia, ItemGuia
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
