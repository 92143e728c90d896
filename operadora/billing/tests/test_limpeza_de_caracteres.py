"""Rows stored before the input guard with control characters broke every TISS message built from them; core's
data migration 0002 removes them with `core.limpeza.remover_caracteres_de_controle`."""

import pytest
from django.apps import apps

from operadora.billing import mensagens_tiss, selectors, services
from operadora.billing.models import Guia, ItemGuia
from operadora.core.limpeza import remover_caracteres_de_controle
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
    alterados = remover_caracteres_de_controle(modelos)

    # then exactly the changed rows were rewritten, the text kept apart from the control characters
    assert alterados == 4  # 2 guides + 2 items
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
    assert remover_caracteres_de_controle(modelos) == 0  # nothing left to change
