"""Notas fiscais (seed 002: the operadora's delivery calendar): what the upload refuses, with the reason, recording
nothing — a file over the size every other upload of the portal keeps to, an NF issued in the future, a
competência that has not begun, a protocol with nothing to pay."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from operadora.billing import services
from operadora.billing.models import NotaFiscal, Protocolo
from operadora.core.erros import ErroDeNegocio
from operadora.core.models import EventoAuditoria

pytestmark = pytest.mark.django_db
URL = "/portal/faturamento/notas-fiscais/"


def _enviar(operadora, prestador, hoje, **extra):
    dados = {
        "operadora": operadora,
        "prestador": prestador,
        "arquivo": SimpleUploadedFile("nf.pdf", b"%PDF-1.4\n"),
        "numero": "NF-1",
        "data_emissao": hoje,
        "valor": Decimal("100.00"),
        "competencia": hoje,
    }
    return services.enviar_nota_fiscal(**(dados | extra))


def test_nf_acima_de_10_mb_e_recusada(operadora, prestador, hoje):
    grande = SimpleUploadedFile("nf.pdf", b"%PDF-1.4\n" + b"0" * services.MAX_DOCUMENTO)
    with pytest.raises(ErroDeNegocio, match="O arquivo passa de 10 MB."):
        _enviar(operadora, prestador, hoje, arquivo=grande)
    assert not NotaFiscal.objects.exists()


def test_nf_emitida_no_futuro_e_recusada(operadora, prestador, hoje):
    amanha = hoje + datetime.timedelta(days=1)
    with pytest.raises(ErroDeNegocio, match=f"emissão da nota fiscal \\({amanha:%d/%m/%Y}\\) não pode ser futura"):
        _enviar(operadora, prestador, hoje, data_emissao=amanha)
    assert not NotaFiscal.objects.exists()
    assert _enviar(operadora, prestador, hoje).data_emissao == hoje  # issued today: accepted


@pytest.mark.parametrize("competencia", [datetime.date(9999, 12, 1), "mes_seguinte"])
def test_nf_de_competencia_que_ainda_nao_comecou_e_recusada(operadora, prestador, hoje, competencia):
    if competencia == "mes_seguinte":
        competencia = (hoje.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    with pytest.raises(ErroDeNegocio, match=f"competência {competencia:%m/%Y} ainda não começou"):
        _enviar(operadora, prestador, hoje, competencia=competencia)
    assert not NotaFiscal.objects.exists()


@pytest.mark.parametrize(
    ("situacao", "rotulo"),
    [
        (Protocolo.Situacao.CANCELADO, "Cancelado"),
        (Protocolo.Situacao.ENCERRADO_SEM_PAGAMENTO, "Encerrado sem pagamento"),
    ],
)
def test_nf_de_protocolo_sem_pagamento_e_recusada(operadora, prestador, arquivo_lote, hoje, situacao, rotulo):
    protocolo = services.receber_xml(operadora=operadora, prestador=prestador, dados=arquivo_lote()).protocolo
    Protocolo.objects.filter(pk=protocolo.pk).update(situacao=situacao)
    protocolo.refresh_from_db()
    with pytest.raises(ErroDeNegocio, match=f"O protocolo {protocolo.numero} está '{rotulo}'"):
        _enviar(operadora, prestador, hoje, protocolo=protocolo, competencia=None)
    assert not NotaFiscal.objects.exists()


def test_pagina_recusa_nf_grande_ou_futura_mantendo_o_que_foi_digitado(cliente_portal, hoje):
    amanha = hoje + datetime.timedelta(days=1)
    antes = EventoAuditoria.objects.count()
    for arquivo, emissao, mensagem in [
        (b"%PDF-1.4\n" + b"0" * services.MAX_DOCUMENTO, hoje, "O arquivo passa de 10 MB."),
        (b"%PDF-1.4\n", amanha, f"A data de emissão da nota fiscal ({amanha:%d/%m/%Y}) não pode ser futura."),
    ]:
        resposta = cliente_portal.post(
            URL,
            {
                "arquivo": SimpleUploadedFile("nf.pdf", arquivo),
                "numero": "NF-77",
                "data_emissao": emissao.isoformat(),
                "valor": "1234.56",
                "competencia": hoje.strftime("%m/%Y"),
            },
        )
        pagina = resposta.content.decode()
        assert resposta.status_code == 200 and mensagem in pagina
        assert 'value="NF-77"' in pagina and 'value="1234.56"' in pagina
    assert not NotaFiscal.objects.exists() and EventoAuditoria.objects.count() == antes
