"""Structured clinical annexes (TISS `anexoClinico` / `anexoClinicoProrrogacao`: OPME, quimioterapia, radioterapia)
sent with an authorization request: typed on the request page with the same forms billing's guide wizard uses,
stored with the request, shown to the provider and to the medical auditor (viewing audited)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from operadora.authorizations import services
from operadora.authorizations.models import AnexoClinicoAutorizacao, Autorizacao
from operadora.core.erros import ErroDeNegocio
from operadora.core.models import EventoAuditoria

QUIMIO = {
    "anexo_quimioterapia-profissional_nome": "Dra. Ana Onco", "anexo_quimioterapia-profissional_telefone": "(11) 3333-4444",
    "anexo_quimioterapia-cid_principal": "C50.9", "anexo_quimioterapia-estadiamento": "2",
    "anexo_quimioterapia-finalidade": "3", "anexo_quimioterapia-ecog": "1", "anexo_quimioterapia-peso": "62.5",
    "anexo_quimioterapia-altura": "165", "anexo_quimioterapia-superficie_corporal": "1.68",
    "anexo_quimioterapia-tumor": "2", "anexo_quimioterapia-nodulo": "1", "anexo_quimioterapia-metastase": "2",
    "anexo_quimioterapia-tipo_quimioterapia": "1", "anexo_quimioterapia-plano_terapeutico": "AC-T adjuvante",
    "anexo_quimioterapia-numero_ciclos": "4", "anexo_quimioterapia-ciclo_atual": "1",
    "anexo_quimioterapia-dias_ciclo_atual": "1", "anexo_quimioterapia-intervalo_ciclos": "21",
    "anexo_quimioterapia_itens-TOTAL_FORMS": "1", "anexo_quimioterapia_itens-INITIAL_FORMS": "0",
    "anexo_quimioterapia_itens-0-droga_data_provavel": "2026-03-02", "anexo_quimioterapia_itens-0-droga_codigo": "90000001",
    "anexo_quimioterapia_itens-0-droga_descricao": "Doxorrubicina 50 mg", "anexo_quimioterapia_itens-0-droga_doses": "1",
    "anexo_quimioterapia_itens-0-droga_unidade_medida": "036", "anexo_quimioterapia_itens-0-droga_via": "01",
    "anexo_quimioterapia_itens-0-droga_frequencia": "1",
}
OPME = {
    "anexo_opme-profissional_nome": "Dr. Beto Orto", "anexo_opme-profissional_telefone": "11988887777",
    "anexo_opme-justificativa_tecnica": "Fratura instável de fêmur", "anexo_opme_itens-TOTAL_FORMS": "1",
    "anexo_opme_itens-INITIAL_FORMS": "0", "anexo_opme_itens-0-tabela": "19", "anexo_opme_itens-0-codigo": "70000001",
    "anexo_opme_itens-0-descricao": "Placa de compressão", "anexo_opme_itens-0-opcao_fabricante": "1",
    "anexo_opme_itens-0-quantidade": "2", "anexo_opme_itens-0-valor": "1500.00",
}
RADIO = {"anexo_radioterapia_itens-TOTAL_FORMS": "0"}  # radioterapia has no items (no formset in the page)


def _pedido(beneficiario, anexos=(), **extras):
    dados = {
        "numero_guia_prestador": "P-200", "carteira": beneficiario.carteira, "carater": "1",
        "indicacao_clinica": "Carcinoma de mama", "tipo_documento": "pedido",
        "itens-TOTAL_FORMS": "5", "itens-INITIAL_FORMS": "0", "itens-MIN_NUM_FORMS": "0",
        "itens-MAX_NUM_FORMS": "30", "itens-0-codigo": "40302040", "itens-0-quantidade": "1",
        "anexos_clinicos": list(anexos), **QUIMIO, **OPME,
    }
    dados.update(extras)
    return dados


def test_provider_sends_quimio_and_opme_with_the_request_and_the_auditor_sees_them(
        cliente_portal, cliente_retaguarda, beneficiario, regras):
    # when the provider requests an SP/SADT with the quimioterapia and OPME annexes filled
    resposta = cliente_portal.post(reverse("autorizacoes_portal:nova"),
                                   _pedido(beneficiario, ["quimioterapia", "opme"]))
    a = Autorizacao.objects.get()
    assert resposta.status_code == 302
    # then both are stored with the request, structured, with their drugs and materials
    quimio = a.anexos_clinicos.get(tipo="quimioterapia")
    assert quimio.dados["cid_principal"] == "C509" and quimio.dados["profissional_telefone"] == "1133334444"
    assert [d["droga_codigo"] for d in quimio.dados["itens"]] == ["90000001"]
    opme = a.anexos_clinicos.get(tipo="opme")
    assert opme.dados["itens"][0]["quantidade"] == 2 and opme.dados["itens"][0]["valor"] == "1500.00"
    assert not a.anexos_clinicos.filter(tipo="radioterapia").exists()
    # and the provider sees them on the request
    html = cliente_portal.get(reverse("autorizacoes_portal:detalhe", args=[a.id])).content.decode()
    assert "Anexo de quimioterapia" in html and "Doxorrubicina 50 mg" in html and "Placa de compressão" in html
    # and the auditor sees them on the audit page, and the viewing is audited (naming the annexes, not their data)
    html = cliente_retaguarda.get(reverse("autorizacoes_auditoria:detalhe", args=[a.id])).content.decode()
    assert "AC-T adjuvante" in html and "Fratura instável de fêmur" in html
    visto = EventoAuditoria.objects.filter(acao="autorizacao.visualizada").latest("id")
    assert "anexo de quimioterapia" in visto.descricao and "C509" not in visto.descricao


@pytest.mark.parametrize(("extras", "mensagem"), [
    ({"anexo_quimioterapia-cid_principal": "XYZ"}, "informe um código CID-10"),
    ({"anexo_quimioterapia-ciclo_atual": "9"}, "O ciclo atual passa do número de ciclos previstos."),
    ({"anexo_quimioterapia_itens-0-droga_codigo": ""}, "Este campo é obrigatório"),
])
def test_bad_annex_is_refused_in_portuguese_and_keeps_what_was_typed(cliente_portal, beneficiario, regras, extras,
                                                                     mensagem):
    resposta = cliente_portal.post(reverse("autorizacoes_portal:nova"),
                                   _pedido(beneficiario, ["quimioterapia"], **extras))
    html = resposta.content.decode()
    assert resposta.status_code == 400
    assert mensagem in html and "Verifique o anexo de quimioterapia" in html
    assert not Autorizacao.objects.exists()
    # what was typed comes back: the request, the annex header and its drug
    assert 'value="P-200"' in html and 'value="AC-T adjuvante"' in html or "AC-T adjuvante</textarea>" in html
    assert 'value="Doxorrubicina 50 mg"' in html
    assert 'value="quimioterapia" checked' in html


def test_a_refused_request_keeps_the_annexes_typed(cliente_portal, beneficiario, regras):
    # the service refuses (unknown carteira, 1001): the annex typed is not lost
    html = cliente_portal.post(reverse("autorizacoes_portal:nova"),
                               _pedido(beneficiario, ["opme"], carteira="0000")).content.decode()
    assert "Carteira não encontrada" in html and 'value="Placa de compressão"' in html
    assert 'value="opme" checked' in html


def test_annexes_not_marked_are_ignored(cliente_portal, beneficiario, regras):
    cliente_portal.post(reverse("autorizacoes_portal:nova"), _pedido(beneficiario, [],
                                                                     **{"anexo_quimioterapia-cid_principal": "XYZ"}))
    assert Autorizacao.objects.get().anexos_clinicos.count() == 0


def test_prorrogacao_carries_its_annex(cliente_portal, solicitar, auditor):
    internacao = solicitar(tipo="internacao", itens=[("31003079", 1)], internacao=services.DadosInternacao(
        tipo_internacao="2", regime_internacao="1", diarias_solicitadas=3, data_sugerida=timezone.localdate()))
    services.autorizar(autorizacao_id=internacao.id, usuario=auditor)
    dados = {"numero_guia_prestador": "PR-1", "diarias_solicitadas": "2", "indicacao_clinica": "Infecção",
             "itens-TOTAL_FORMS": "5", "itens-INITIAL_FORMS": "0", "anexos_clinicos": ["opme"], **OPME}
    resposta = cliente_portal.post(reverse("autorizacoes_portal:prorrogar", args=[internacao.id]), dados)
    assert resposta.status_code == 302
    prorrogacao = Autorizacao.objects.get(tipo="prorrogacao")
    assert prorrogacao.anexos_clinicos.get().tipo == "opme"


@pytest.mark.parametrize(("anexos", "mensagem", "codigo"), [
    ([services.AnexoClinicoSolicitado(tipo="quimioterapia", dados={"cid_principal": "C509"})], "ao menos uma droga",
     None),
    ([services.AnexoClinicoSolicitado(tipo="opme", dados={})], "ao menos um material", None),
    ([services.AnexoClinicoSolicitado(tipo="radioterapia", dados={"cid_principal": "ZZZZZ"})], "Anexo de radioterapia",
     "1509"),
    ([services.AnexoClinicoSolicitado(tipo="opme", dados={}, itens=[{"codigo": "1", "quantidade": 0}])],
     "quantidade inválida", "1806"),
    ([services.AnexoClinicoSolicitado(tipo="radioterapia", dados={"cid_principal": "C509"})] * 2, "um só", None),
    ([services.AnexoClinicoSolicitado(tipo="situacao_inicial", dados={})], "OPME, quimioterapia ou radioterapia",
     None),
])
def test_service_refuses_an_annex_tiss_cannot_carry_and_records_nothing(solicitar, anexos, mensagem, codigo):
    with pytest.raises(ErroDeNegocio) as erro:
        solicitar(itens=[("40302040", 1)], anexos_clinicos=anexos)
    assert mensagem in erro.value.mensagem and (erro.value.codigo_tiss or None) == codigo
    assert not Autorizacao.objects.exists() and not AnexoClinicoAutorizacao.objects.exists()


def test_odontological_request_has_no_such_annexes(solicitar):
    with pytest.raises(ErroDeNegocio, match="acompanham solicitações de SP/SADT"):
        solicitar(tipo="odontologia", itens=[services.ItemSolicitado(codigo="85100196", quantidade=1, dente="11")],
                  anexos_clinicos=[services.AnexoClinicoSolicitado(tipo="radioterapia", dados={"cid_principal": "C509"})])
