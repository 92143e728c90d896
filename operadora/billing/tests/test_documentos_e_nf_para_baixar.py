"""The documents (medical reports: health data) and the NFs the provider sent: the operator's back office lists them
on the protocol page and hands them out through an access-checked, recorded download (they were only in /admin/);
the provider downloads its own from 'Documentos anexos' and 'Notas fiscais' (another provider's is a 404)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from operadora.billing import services
from operadora.billing.models import DocumentoAnexo, Guia, NotaFiscal
from operadora.core.models import EventoAuditoria

pytestmark = pytest.mark.django_db
LAUDO = b"%PDF-1.4\n% laudo do exame\n"
NF = b"%PDF-1.4\n% nota fiscal\n"


@pytest.fixture(autouse=True)
def _midia(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _pdf(nome: str, conteudo: bytes = LAUDO) -> SimpleUploadedFile:
    return SimpleUploadedFile(nome, conteudo, content_type="application/pdf")


@pytest.fixture
def protocolo(operadora, prestador, arquivo_lote):
    return services.receber_xml(operadora=operadora, prestador=prestador,
                                dados=arquivo_lote(numero_lote="DOC1", prefixo="DOC")).protocolo


@pytest.fixture
def enviados(protocolo, operadora, prestador, usuario_prestador, hoje):
    """A report on the protocol's lote, one on its guide, one refused, and an NF of the protocol and one of its
    competência, all sent by the provider's user."""
    guia = Guia.objects.get(protocolo=protocolo)
    comum = {"operadora": operadora, "prestador": prestador, "usuario": usuario_prestador}
    do_lote = services.anexar_documento(**comum, arquivo=_pdf("laudo-lote.pdf"), lote=protocolo.lote,
                                        tipo_documento="Laudo")
    da_guia = services.anexar_documento(**comum, arquivo=_pdf("relatorio-guia.pdf"),
                                        numero_guia=guia.numero_guia_prestador, tipo_documento="Relatório médico")
    recusado = services.anexar_documento(**comum, arquivo=_pdf("planilha.exe"), lote=protocolo.lote)
    nf_protocolo = services.enviar_nota_fiscal(**comum, arquivo=_pdf("nf.pdf", NF), numero="NF-77",
                                               data_emissao=hoje, valor=Decimal("150.00"), protocolo=protocolo)
    nf_competencia = services.enviar_nota_fiscal(**comum, arquivo=_pdf("nf-mes.pdf", NF), numero="NF-78",
                                                 data_emissao=hoje, valor=Decimal("900.00"),
                                                 competencia=protocolo.competencia)
    assert recusado.situacao == DocumentoAnexo.Situacao.FALHOU
    return {"do_lote": do_lote, "da_guia": da_guia, "recusado": recusado, "nf_protocolo": nf_protocolo,
            "nf_competencia": nf_competencia}


def _baixados(acao: str) -> list[tuple[str, int | None]]:
    return list(EventoAuditoria.objects.filter(acao=acao).order_by("id").values_list("objeto_id", "usuario_id"))


def test_retaguarda_lista_os_documentos_e_as_nfs_do_protocolo(cliente_retaguarda, protocolo, enviados):
    # when the staff opens the protocol in the back office
    pagina = cliente_retaguarda.get(f"/operadora/protocolos/{protocolo.pk}/").content.decode()
    # then it lists the documents (name, type, status, who sent) with a download link for those received
    base = f"/operadora/protocolos/{protocolo.pk}"
    for chave in ("do_lote", "da_guia"):
        d = enviados[chave]
        assert f'href="{base}/documentos/{d.pk}/"' in pagina
        assert d.nome_original in pagina and d.tipo_documento in pagina
    assert "planilha.exe" in pagina and f"{base}/documentos/{enviados['recusado'].pk}/" not in pagina
    assert "Tipo de arquivo não aceito" in pagina
    assert pagina.count("<td>Clínica A (33100200000175)</td>") == 5  # who sent: 3 documents, 2 NFs
    # and the NFs: the protocol's and its competência's
    for chave in ("nf_protocolo", "nf_competencia"):
        assert f'href="{base}/notas-fiscais/{enviados[chave].pk}/"' in pagina
    assert "NF-77" in pagina and "NF-78" in pagina


def test_retaguarda_baixa_documento_e_nf_pelo_acesso_e_registra_quem_baixou(cliente_retaguarda, protocolo,
                                                                             enviados):
    base = f"/operadora/protocolos/{protocolo.pk}"
    # when the staff downloads the report of the guide and the NF
    documento = enviados["da_guia"]
    resposta = cliente_retaguarda.get(f"{base}/documentos/{documento.pk}/")
    # then the bytes come as a download (never inline) and who downloaded it is recorded
    assert resposta.status_code == 200
    assert b"".join(resposta.streaming_content if resposta.streaming else [resposta.content]) == LAUDO
    assert resposta["Content-Disposition"].startswith("attachment;")
    assert "relatorio-guia.pdf" in resposta["Content-Disposition"]
    assert resposta["X-Content-Type-Options"] == "nosniff"
    usuario = cliente_retaguarda.usuario.pk
    assert _baixados("billing.documento_baixado") == [(str(documento.pk), usuario)]
    nota = enviados["nf_competencia"]
    resposta = cliente_retaguarda.get(f"{base}/notas-fiscais/{nota.pk}/")
    assert (resposta.status_code, resposta.content) == (200, NF)
    assert _baixados("billing.nf_baixada") == [(str(nota.pk), usuario)]


def test_retaguarda_nao_entrega_o_que_nao_e_do_protocolo(cliente_retaguarda, protocolo, enviados, operadora,
                                                        prestador, arquivo_lote, hoje):
    # given another protocol of the same provider, with its own document and NF
    outro = services.receber_xml(operadora=operadora, prestador=prestador,
                                 dados=arquivo_lote(numero_lote="DOC2", prefixo="OUT")).protocolo
    alheio = services.anexar_documento(operadora=operadora, prestador=prestador, arquivo=_pdf("outro.pdf"),
                                       lote=outro.lote)
    nf_alheia = services.enviar_nota_fiscal(operadora=operadora, prestador=prestador, arquivo=_pdf("n.pdf", NF),
                                            numero="NF-99", data_emissao=hoje, valor=Decimal("1.00"), protocolo=outro)
    base = f"/operadora/protocolos/{protocolo.pk}"
    # then through this protocol they are a 404; a refused document (no file) is a 404 with the reason; no record
    assert cliente_retaguarda.get(f"{base}/documentos/{alheio.pk}/").status_code == 404
    assert cliente_retaguarda.get(f"{base}/notas-fiscais/{nf_alheia.pk}/").status_code == 404
    assert cliente_retaguarda.get(f"{base}/documentos/{enviados['recusado'].pk}/").status_code == 404
    assert cliente_retaguarda.get(f"{base}/documentos/abc/").status_code == 404
    assert not EventoAuditoria.objects.filter(acao__in=["billing.documento_baixado", "billing.nf_baixada"]).exists()


def test_prestador_baixa_o_documento_e_a_nf_que_enviou(cliente_portal, cliente_portal_outro, enviados):
    documento, nota = enviados["do_lote"], enviados["nf_protocolo"]
    # the pages link the files
    assert (f'href="/portal/faturamento/documentos/{documento.pk}/arquivo/"'
            in cliente_portal.get("/portal/faturamento/documentos/").content.decode())
    assert (f'href="/portal/faturamento/notas-fiscais/{nota.pk}/arquivo/"'
            in cliente_portal.get("/portal/faturamento/notas-fiscais/").content.decode())
    # when the provider downloads them: its own bytes, as a download, recorded
    resposta = cliente_portal.get(f"/portal/faturamento/documentos/{documento.pk}/arquivo/")
    assert (resposta.status_code, resposta.content) == (200, LAUDO)
    assert resposta["Content-Disposition"].startswith("attachment;")
    resposta = cliente_portal.get(f"/portal/faturamento/notas-fiscais/{nota.pk}/arquivo/")
    assert (resposta.status_code, resposta.content) == (200, NF)
    usuario = cliente_portal.usuario.pk
    assert _baixados("billing.documento_baixado") == [(str(documento.pk), usuario)]
    assert _baixados("billing.nf_baixada") == [(str(nota.pk), usuario)]
    # another provider gets a 404, recorded nothing
    assert cliente_portal_outro.get(f"/portal/faturamento/documentos/{documento.pk}/arquivo/").status_code == 404
    assert cliente_portal_outro.get(f"/portal/faturamento/notas-fiscais/{nota.pk}/arquivo/").status_code == 404
    assert EventoAuditoria.objects.filter(acao__in=["billing.documento_baixado", "billing.nf_baixada"]).count() == 2
    # a refused document has no file: a 404, not a 500
    recusado = enviados["recusado"]
    assert cliente_portal.get(f"/portal/faturamento/documentos/{recusado.pk}/arquivo/").status_code == 404
    assert NotaFiscal.objects.count() == 2
