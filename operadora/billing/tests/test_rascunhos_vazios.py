"""Choosing a guide type created an empty draft at once; billing's data migration 0009 deletes the drafts in
which nothing was typed."""

import datetime

import pytest

from operadora.billing.models import Guia, ItemGuia


@pytest.mark.django_db
def test_migracao_apaga_so_os_rascunhos_em_que_nada_foi_digitado(operadora, prestador, beneficiario):
    # given the empty drafts that clicking a guide type left, and drafts with something typed
    from importlib import import_module

    from django.apps import apps


    def rascunho(**campos):
        return Guia.objects.create(operadora=operadora, prestador=prestador, tipo="2", situacao="rascunho", **campos)

    vazios = [rascunho(), rascunho()]
    com_numero, com_beneficiario = rascunho(numero_guia_prestador="G7"), rascunho(beneficiario=beneficiario)
    com_item = rascunho()
    adiante = rascunho(passo=3, solicitante_nome="Dra. Ana Souza", observacao="Retorno")  # jumped to step 3
    ItemGuia.objects.create(guia=com_item, sequencial=1, tabela="22", codigo="10101012", quantidade=1,
                            data_execucao=datetime.date(2026, 11, 2), valor_unitario=1, valor_total=1)
    digitada = Guia.objects.create(operadora=operadora, prestador=prestador, tipo="2", situacao="digitada")
    migracao = import_module("operadora.billing.migrations.0009_rascunhos_vazios")
    # when the data migration runs
    migracao.apagar_rascunhos_vazios(apps, None)
    # then only the empty drafts are gone
    restantes = set(Guia.objects.values_list("pk", flat=True))
    assert not restantes & {g.pk for g in vazios}
    assert {com_numero.pk, com_beneficiario.pk, com_item.pk, adiante.pk, digitada.pk} <= restantes
