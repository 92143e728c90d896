"""Files of an appeal and of an NF sent through claims follow their rows (health and fiscal data, LGPD): a
transaction that rolls back after the file was written leaves no file; the committed one keeps it. Real commits and
rollbacks, hence `transaction=True`."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from operadora.billing.models import NotaFiscal, Protocolo
from operadora.claims import services
from operadora.claims.models import AnexoRecurso, Glosa, RecursoGlosa
from operadora.claims.services import ItemPedido
from operadora.core import auditoria

from .conftest import HEMOGRAMA, item

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n%recurso\n"


class Falha(Exception):
    pass


@pytest.fixture
def liberado(protocolo_factory, beneficiario, preco_consulta, usuario_retaguarda):
    protocolo = protocolo_factory([
        {"carteira": beneficiario.carteira, "itens": [item(unitario="150.00"), item(HEMOGRAMA, unitario="20.00")]}])
    services.analisar_protocolo(protocolo_id=protocolo.pk)
    services.liberar_protocolo(protocolo_id=protocolo.pk, usuario=usuario_retaguarda)
    return Protocolo.objects.select_related("operadora", "analise").get(pk=protocolo.pk)


def _recorrer(protocolo):
    glosa = Glosa.objects.get(protocolo=protocolo, codigo_glosa="1705")
    return services.recorrer(operadora_id=protocolo.operadora_id, prestador_id=protocolo.prestador_id,
                             protocolo_id=protocolo.pk, itens=[ItemPedido(glosa.pk, glosa.valor, "")],
                             justificativa="Preço reajustado pelo aditivo de abril.",
                             anexos=[SimpleUploadedFile("aditivo.pdf", PDF), SimpleUploadedFile("tabela.pdf", PDF)])


def test_recurso_que_falha_depois_de_gravar_os_anexos_nao_deixa_os_arquivos(liberado, midia_temporaria,
                                                                            monkeypatch):
    original = auditoria.registrar

    def registrar(**kwargs):
        if kwargs["acao"] == "claims.recurso_enviado":
            raise Falha
        return original(**kwargs)

    monkeypatch.setattr(auditoria, "registrar", registrar)
    with pytest.raises(Falha):
        _recorrer(liberado)
    assert not RecursoGlosa.objects.exists() and not AnexoRecurso.objects.exists()
    assert midia_temporaria.arquivos() == []
    monkeypatch.undo()
    recurso = _recorrer(liberado)
    assert midia_temporaria.arquivos() == sorted(a.arquivo.name for a in recurso.anexos.all())
    assert len(midia_temporaria.arquivos()) == 2


def test_nf_cujo_passo_de_contas_falha_depois_do_faturamento_nao_deixa_o_arquivo(operadora, prestador,
                                                                                midia_temporaria, monkeypatch):
    """claims.enviar_nota_fiscal over billing's: billing's returns with the file written and its row inserted, then
    claims' own step fails and the whole transaction rolls back."""
    hoje = timezone.localdate()
    faturamento = services.faturamento
    original = faturamento.enviar_nota_fiscal

    def enviar_e_falhar(**dados):
        original(**dados)
        raise Falha

    monkeypatch.setattr(faturamento, "enviar_nota_fiscal", enviar_e_falhar)
    dados = {"operadora": operadora, "prestador": prestador, "numero": "NF-1", "data_emissao": hoje,
             "valor": Decimal("100.00"), "competencia": hoje}
    with pytest.raises(Falha):
        services.enviar_nota_fiscal(arquivo=SimpleUploadedFile("nf.pdf", b"%PDF-1.4\n"), **dados)
    assert not NotaFiscal.objects.exists()
    assert midia_temporaria.arquivos() == []
    monkeypatch.undo()
    nota = services.enviar_nota_fiscal(arquivo=SimpleUploadedFile("nf.pdf", b"%PDF-1.4\n"), **dados)
    assert midia_temporaria.arquivos() == [nota.arquivo.name]
