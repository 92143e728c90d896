"""Rows stored before the input guard with control characters broke every TISS message built from them; core's
data migration 0002 removes them with `core.limpeza.remover_caracteres_de_controle`."""

import pytest
from django.apps import apps

from operadora.billing import mensagens_tiss, selectors, services
from operadora.billing.models import Guia, ItemGuia
from operadora.core.limpeza import remover_caracteres_de_controle
from operadora.core.middleware import CONTROLE
from operadora.tiss.validation import validar


@pytest.mark.django_db
def test_texto_antigo_com_caractere_de_controle_e_limpo_e_o_lote_volta_a_ser_exportado(
    operadora, prestador, arquivo_lote
):
    # given a received lote whose rows got a pasted vertical tab and unit separator (as before the guard)
    protocolo = services.receber_xml(
        operadora=operadora, prestador=prestador, dados=arquivo_lote(tipo="2", quantidade=2, itens=1)
    ).protocolo
    guias = Guia.objects.filter(lote=protocolo.lote)
    guias.update(observacao="colado\x0bdo sistema", nome_beneficiario="MARIA\x1f SILVA")
    ItemGuia.objects.filter(guia__lote=protocolo.lote).update(descricao="Consulta\ufffe em consultório")
    with pytest.raises(ValueError, match="XML compatible"):
        mensagens_tiss.envio_lote_xml(protocolo.lote)

    # when the cleaning runs over the apps the migration names
    modelos = [m for a in ("registry", "billing", "authorizations", "claims") for m in apps.get_app_config(a).get_models()]
    alterados = remover_caracteres_de_controle(modelos, CONTROLE)

    # then exactly the changed rows were rewritten, the text kept apart from the control characters
    assert {rotulo: len(pks) for rotulo, pks in alterados.items()} == {"billing.Guia": 2, "billing.ItemGuia": 2}
    assert set(guias.values_list("observacao", "nome_beneficiario")) == {("colado" "do sistema", "MARIA SILVA")}
    assert set(ItemGuia.objects.filter(guia__lote=protocolo.lote).values_list("descricao", flat=True)) == {
        "Consulta em consultório"
    }
    relatorio = validar(
        mensagens_tiss.envio_lote_xml(protocolo.lote),
        selectors.politica_da_operadora(operadora),
        selectors.registro_schemas(),
    )
    assert relatorio.valido, relatorio.erros
    assert remover_caracteres_de_controle(modelos, CONTROLE) == {}  # nothing left to change


@pytest.mark.django_db
def test_migracao_registra_na_auditoria_quais_registros_mudou(operadora, prestador, arquivo_lote):
    from importlib import import_module

    from operadora.core.models import EventoAuditoria

    protocolo = services.receber_xml(operadora=operadora, prestador=prestador, dados=arquivo_lote()).protocolo
    guia = Guia.objects.filter(lote=protocolo.lote).get()
    Guia.objects.filter(pk=guia.pk).update(observacao="colado\x0bdo sistema")
    migracao = import_module("operadora.core.migrations.0002_remover_caracteres_de_controle")

    migracao.limpar(apps, None)

    evento = EventoAuditoria.objects.get(acao="core.caracteres_de_controle_removidos")
    assert evento.detalhes == {"billing.Guia": [str(guia.pk)]}  # which rows, not their content
    assert Guia.objects.get(pk=guia.pk).observacao == "colado" "do sistema"
    migracao.limpar(apps, None)  # run again: nothing to change, nothing recorded
    assert EventoAuditoria.objects.filter(acao="core.caracteres_de_controle_removidos").count() == 1
