"""An attachment written by a request or by the answer to a pendency does not stay on disk when the transaction
rolls back after it was written (health data, LGPD); the committed one stays. Real commits and rollbacks, hence
`transaction=True`."""

import pytest
from django.core.files.base import ContentFile

from operadora.authorizations import services
from operadora.authorizations.models import AnexoAutorizacao, Autorizacao

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n%pedido\n"


class Falha(Exception):
    pass


def _anexo(nome="pedido.pdf"):
    return services.ArquivoAnexo(arquivo=ContentFile(PDF, name=nome), tipo="pedido")


def _falhar_ao_auditar(monkeypatch, acao):
    original = services._auditar

    def auditar(a, *args, **kwargs):
        if a == acao:
            raise Falha(a)
        return original(a, *args, **kwargs)

    monkeypatch.setattr(services, "_auditar", auditar)


def test_solicitacao_que_falha_depois_de_gravar_o_anexo_nao_deixa_o_arquivo(solicitar, midia_temporaria,
                                                                             monkeypatch):
    # given the audit record, written after the attachments, fails
    _falhar_ao_auditar(monkeypatch, "solicitada")
    # when a request with two attachments is sent
    with pytest.raises(Falha):
        solicitar(anexos=[_anexo(), _anexo("laudo.pdf")])
    # then neither the request nor its files remain
    assert not Autorizacao.objects.exists() and not AnexoAutorizacao.objects.exists()
    assert midia_temporaria.arquivos() == []


def test_solicitacao_gravada_guarda_o_anexo(solicitar, midia_temporaria):
    a = solicitar(anexos=[_anexo()])
    anexo = a.anexos.get()
    assert midia_temporaria.arquivos() == [anexo.arquivo.name]
    with anexo.arquivo.open("rb") as f:
        assert f.read() == PDF


def test_resposta_a_pendencia_que_falha_nao_deixa_o_arquivo(solicitar, auditor, prestador, operadora,
                                                            midia_temporaria, monkeypatch):
    a = solicitar(itens=[("40302040", 1)])
    services.solicitar_justificativa(autorizacao_id=a.id, usuario=auditor, pendencia="documentos",
                                     texto="Envie o pedido médico.")
    _falhar_ao_auditar(monkeypatch, "resposta_prestador")
    with pytest.raises(Falha):
        services.responder_pendencia(autorizacao_id=a.id, prestador_id=prestador.id, operadora_id=operadora.id,
                                     usuario=None, texto="Segue.", anexos=[_anexo()])
    a.refresh_from_db()
    assert a.situacao == Autorizacao.Situacao.AGUARDANDO_JUSTIFICATIVA and not a.anexos.exists()
    assert midia_temporaria.arquivos() == []
    # and the answer that commits keeps its file
    monkeypatch.undo()
    services.responder_pendencia(autorizacao_id=a.id, prestador_id=prestador.id, operadora_id=operadora.id,
                                 usuario=None, texto="Segue.", anexos=[_anexo()])
    assert midia_temporaria.arquivos() == [a.anexos.get().arquivo.name]
