"""LGPD: staff who read an appeal's clinical justification are recorded."""

from decimal import Decimal

import pytest

from operadora.billing.models import Protocolo
from operadora.claims.models import Glosa, ItemRecurso, RecursoGlosa
from operadora.claims.tests.conftest import criar_protocolo, item
from operadora.core.models import EventoAuditoria


@pytest.mark.django_db
def test_quem_leu_o_recurso_fica_registrado(operadora, prestador, beneficiario, cliente_retaguarda, cliente_portal):
    protocolo = criar_protocolo(operadora, prestador, [{
        "carteira": beneficiario.carteira, "beneficiario": beneficiario, "nome_beneficiario": beneficiario.nome,
        "itens": [item()]}], numero="777")
    Protocolo.objects.filter(pk=protocolo.pk).update(situacao="liberado_faturamento")
    guia = protocolo.guias.get()
    glosa = Glosa.objects.create(protocolo=protocolo, guia=guia, item=guia.itens.get(), regra="preco",
                                 codigo_glosa="1705", motivo="x", valor_proposto=Decimal("10"), valor=Decimal("10"),
                                 situacao="confirmada")
    recurso = RecursoGlosa.objects.create(operadora=operadora, prestador=prestador, protocolo=protocolo, guia=guia,
                                          numero="R1", objeto="2", justificativa="Paciente em quimioterapia",
                                          valor_recursado=Decimal("10"))
    ItemRecurso.objects.create(recurso=recurso, glosa=glosa, valor_recursado=Decimal("10"), justificativa="Laudo")
    for cliente, url in ((cliente_retaguarda, f"/operadora/contas/recursos/{recurso.pk}/"),
                         (cliente_portal, f"/portal/recursos/{recurso.pk}/")):
        antes = EventoAuditoria.objects.order_by("-id").values_list("id", flat=True).first() or 0
        resposta = cliente.get(url)
        assert resposta.status_code == 200 and "quimioterapia" in resposta.content.decode("latin-1"), url
        assert list(EventoAuditoria.objects.filter(id__gt=antes).values_list("acao", "objeto_id", "usuario_id")) == [
            ("claims.recurso_visualizado", str(recurso.pk), cliente.usuario.pk)], url
