"""Documents and NF files follow their rows (health and fiscal data, LGPD): a transaction that rolls back after the
file was written leaves no file; the committed one keeps it; a deleted draft guide takes its documents' files.
Real commits and rollbacks, hence `transaction=True`."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from operadora.billing import services
from operadora.billing.models import DocumentoAnexo, Guia, NotaFiscal
from operadora.core import auditoria
from operadora.core.models import EventoAuditoria

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n%laudo\n"


class Falha(Exception):
    pass


def _falhar_ao_auditar(monkeypatch, acao):
    original = auditoria.registrar

    def registrar(**kwargs):
        if kwargs["acao"] == acao:
            raise Falha(acao)
        return original(**kwargs)

    monkeypatch.setattr(auditoria, "registrar", registrar)


@pytest.fixture
def guia(operadora, prestador, beneficiario, hoje):
    return Guia.objects.create(operadora=operadora, prestador=prestador, tipo="1", situacao=Guia.Situacao.DIGITADA,
                               numero_guia_prestador="D100", carteira=beneficiario.carteira, beneficiario=beneficiario,
                               data_atendimento=hoje)


def _anexar(operadora, prestador, guia):
    return services.anexar_documento(operadora=operadora, prestador=prestador, guia=guia,
                                     arquivo=SimpleUploadedFile("laudo.pdf", PDF))


def test_documento_anexado_que_falha_depois_de_gravar_nao_deixa_o_arquivo(operadora, prestador, guia,
                                                                          midia_temporaria, monkeypatch):
    _falhar_ao_auditar(monkeypatch, "billing.documento_anexado")
    with pytest.raises(Falha):
        _anexar(operadora, prestador, guia)
    assert not DocumentoAnexo.objects.exists()
    assert midia_temporaria.arquivos() == []
    monkeypatch.undo()
    documento = _anexar(operadora, prestador, guia)
    assert midia_temporaria.arquivos() == [documento.arquivo.name]


def _enviar_nf(modulo, operadora, prestador, hoje):
    return modulo.enviar_nota_fiscal(operadora=operadora, prestador=prestador,
                                     arquivo=SimpleUploadedFile("nf.pdf", b"%PDF-1.4\n%nf\n"), numero="NF-1",
                                     data_emissao=hoje, valor=Decimal("100.00"), competencia=hoje)


def test_nf_que_falha_depois_de_gravar_nao_deixa_o_arquivo(operadora, prestador, hoje, midia_temporaria,
                                                           monkeypatch):
    _falhar_ao_auditar(monkeypatch, "billing.nf_enviada")
    with pytest.raises(Falha):
        _enviar_nf(services, operadora, prestador, hoje)
    assert not NotaFiscal.objects.exists()
    assert midia_temporaria.arquivos() == []
    monkeypatch.undo()
    nota = _enviar_nf(services, operadora, prestador, hoje)
    assert midia_temporaria.arquivos() == [nota.arquivo.name]


def test_rascunho_excluido_leva_os_arquivos_dos_documentos(operadora, prestador, guia, midia_temporaria,
                                                           monkeypatch):
    Guia.objects.filter(pk=guia.pk).update(situacao=Guia.Situacao.RASCUNHO)
    documento = _anexar(operadora, prestador, guia)
    assert midia_temporaria.arquivos() == [documento.arquivo.name]
    # an exclusion that rolls back keeps the guide, the document and its file
    _falhar_ao_auditar(monkeypatch, "billing.guia_excluida")
    with pytest.raises(Falha):
        services.excluir_rascunho(guia_id=guia.pk, usuario=None)
    assert DocumentoAnexo.objects.filter(pk=documento.pk).exists()
    assert midia_temporaria.arquivos() == [documento.arquivo.name]
    # the one that commits takes the file with the row
    monkeypatch.undo()
    services.excluir_rascunho(guia_id=guia.pk, usuario=None)
    assert not DocumentoAnexo.objects.exists() and EventoAuditoria.objects.filter(acao="billing.guia_excluida").exists()
    assert midia_temporaria.arquivos() == []
