import datetime

import pytest
import tiss

from operadora.authorizations import codigos, elegibilidade
from operadora.registry.models import Beneficiario, TermoTUSS

HOJE = datetime.date(2026, 3, 10)


def test_every_tuss38_code_used_exists_in_the_official_table():
    # Given the codes the authorization flow gives / When looked up in table 38 shipped by `tiss`
    ausentes = [c for c in codigos.TODOS if not tiss.glosa(c)]
    # Then every one exists
    assert ausentes == []


@pytest.mark.django_db
def test_every_tuss38_code_used_exists_in_the_loaded_termo_tuss_table():
    from operadora.registry.services import carregar_tabelas_tuss

    carregar_tabelas_tuss(registros=list(_registros_38()))
    existentes = set(TermoTUSS.objects.filter(tabela="38", codigo__in=codigos.TODOS).values_list("codigo", flat=True))
    assert existentes == set(codigos.TODOS)


def _registros_38():
    from operadora.registry.services import _registros_do_pacote_tiss

    return (r for r in _registros_do_pacote_tiss() if r["tabela"] == "38")


def test_unknown_carteira_is_1001(operadora, coberturas):
    resultado = elegibilidade.verificar(operadora_id=operadora.id, carteira="000", codigo_tuss="40304361", data=HOJE)
    assert (resultado.elegivel, resultado.codigo_tiss) == (False, "1001")
    assert resultado.descricao_tiss == "NÚMERO DA CARTEIRA INVÁLIDO"


def test_active_member_without_procedure_is_eligible(operadora, beneficiario):
    resultado = elegibilidade.verificar(operadora_id=operadora.id, carteira=beneficiario.carteira, data=HOJE)
    assert resultado.elegivel and resultado.codigo_tiss == ""


def test_date_before_inclusion_is_3308(beneficiario, coberturas):
    resultado = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="40304361",
                                        data=datetime.date(2023, 12, 31))
    assert (resultado.elegivel, resultado.codigo_tiss) == (False, "3308")


def test_service_after_cancellation_is_1006_and_before_it_is_eligible(beneficiario, coberturas):
    Beneficiario.objects.filter(pk=beneficiario.pk).update(situacao="cancelado",
                                                          data_cancelamento=datetime.date(2026, 2, 1))
    beneficiario.refresh_from_db()
    depois = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="40304361", data=HOJE)
    antes = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="40304361", data=datetime.date(2026, 1, 31))
    assert (depois.elegivel, depois.codigo_tiss) == (False, "1006")
    assert antes.elegivel


def test_suspended_member_is_1016(beneficiario, coberturas):
    beneficiario.situacao = "suspenso"
    resultado = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="40304361", data=HOJE)
    assert (resultado.elegivel, resultado.codigo_tiss) == (False, "1016")


def test_code_missing_from_tuss_is_1801(beneficiario, coberturas):
    resultado = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="99999999", data=HOJE)
    assert (resultado.elegivel, resultado.codigo_tiss) == (False, "1801")


def test_zero_quantity_is_1806(beneficiario, coberturas):
    resultado = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="40304361", data=HOJE, quantidade=0)
    assert resultado.codigo_tiss == "1806"


def test_segment_not_contracted_is_3097(beneficiario, coberturas):
    # partos (obstetrícia) beat cirurgias (prefix "3") by the longer prefix; the plan has no obstetrícia
    resultado = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="31309054", data=HOJE)
    assert (resultado.elegivel, resultado.codigo_tiss) == (False, "3097")
    assert resultado.grupo.codigo == "partos"


def test_odontology_without_odontological_segment_is_1025(beneficiario, coberturas):
    resultado = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="85100196", data=HOJE)
    assert (resultado.elegivel, resultado.codigo_tiss) == (False, "1025")


def test_group_not_covered_is_3287(beneficiario, coberturas):
    resultado = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="41010010", data=HOJE)
    assert (resultado.elegivel, resultado.codigo_tiss) == (False, "3287")


def test_procedure_in_no_group_is_3287(beneficiario, coberturas):
    TermoTUSS.objects.create(tabela="22", codigo="50000012", termo="Outro", busca="outro")
    resultado = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="50000012", data=HOJE)
    assert (resultado.elegivel, resultado.codigo_tiss) == (False, "3287")


def test_carencia_is_3171_and_ends_on_the_day_it_says(beneficiario, coberturas):
    Beneficiario.objects.filter(pk=beneficiario.pk).update(data_inclusao=datetime.date(2026, 1, 1))
    beneficiario.refresh_from_db()
    # cirurgias: 180 days → served on 30/06/2026
    dentro = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="31003079", data=datetime.date(2026, 6, 29))
    cumprida = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="31003079", data=datetime.date(2026, 6, 30))
    assert (dentro.elegivel, dentro.codigo_tiss, dentro.carencia_ate) == (False, "3171", datetime.date(2026, 6, 30))
    assert cumprida.elegivel


def test_urgency_carencia_is_at_most_24_hours(beneficiario, coberturas):
    Beneficiario.objects.filter(pk=beneficiario.pk).update(data_inclusao=datetime.date(2026, 3, 1))
    beneficiario.refresh_from_db()
    eletivo = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="31003079", data=HOJE)
    urgencia = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="31003079", data=HOJE, carater="2")
    assert eletivo.codigo_tiss == "3171"
    assert urgencia.elegivel


def test_yearly_limit_is_3293_counting_what_was_already_authorized(beneficiario, solicitar, coberturas):
    # Given 10 psychotherapy sessions authorized this year (limit 12)
    solicitar(itens=[("20104219", 10)])
    hoje = datetime.date.today()
    # When 3 more are checked / Then 3293 with the balance; 2 more still fit
    acima = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="20104219", data=hoje, quantidade=3)
    cabe = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="20104219", data=hoje, quantidade=2)
    assert (acima.elegivel, acima.codigo_tiss, acima.utilizado_no_ano) == (False, "3293", 10)
    assert "saldo 2" in acima.motivo
    assert cabe.elegivel


def test_eligible_procedure(beneficiario, coberturas):
    resultado = elegibilidade.verificar(beneficiario=beneficiario, codigo_tuss="40304361", data=HOJE)
    assert resultado.elegivel and resultado.grupo.codigo == "exames"
    assert resultado.mensagem.startswith("Elegível")


def test_several_items_take_a_fixed_number_of_queries(beneficiario, coberturas, django_assert_max_num_queries):
    itens = [("40304361", 1), ("20104219", 2), ("31003079", 1), ("41010010", 1), ("10101012", 1)] * 4
    with django_assert_max_num_queries(5):
        resultados = elegibilidade.verificar_varios(beneficiario=beneficiario, itens=itens, data=HOJE)
    assert [r.codigo_tiss for r in resultados[:5]] == ["", "", "", "3287", ""]
