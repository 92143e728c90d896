"""Choosing a guide type opens step 1 without creating anything; the draft comes into existence when step 1 is
saved (Próximo with valid data). Before, each click on a type created an empty draft, and they piled up in
"Pesquisar guias"."""

import pytest

from operadora.billing.models import Guia
from operadora.core.auditoria import EventoAuditoria

pytestmark = pytest.mark.django_db
BASE = "/portal/faturamento"


def test_escolher_o_tipo_abre_o_passo_1_sem_criar_rascunho(cliente_portal):
    # given the guides page, whose type buttons lead to the new guide's step 1
    pagina = cliente_portal.get(f"{BASE}/guias/").content.decode()
    assert f'href="{BASE}/guias/nova/2/"' in pagina
    # when a type is chosen
    resposta = cliente_portal.get(f"{BASE}/guias/nova/2/")
    # then step 1 of that type is shown, and no guide was created
    assert resposta.status_code == 200
    pagina = resposta.content.decode()
    assert "Guia de Faturamento SP/SADT — Passo 1 de 5" in pagina
    assert 'name="numero_guia_prestador"' in pagina and 'name="beneficiario_busca"' in pagina
    assert not Guia.objects.exists()


def test_passo_1_invalido_da_guia_nova_nao_cria_rascunho(cliente_portal, beneficiario):
    # when step 1 of a new guide is posted without a guide number, or with an unknown beneficiary
    sem_numero = cliente_portal.post(f"{BASE}/guias/nova/2/", {"beneficiario_busca": beneficiario.carteira})
    desconhecido = cliente_portal.post(
        f"{BASE}/guias/nova/2/", {"numero_guia_prestador": "N1", "beneficiario_busca": "999", "acao": "proximo"}
    )
    # then the user stays on step 1 with the reason, and nothing was created
    assert sem_numero.status_code == 200 and "Este campo é obrigatório." in sem_numero.content.decode()
    assert desconhecido.status_code == 200 and "Beneficiário não encontrado" in desconhecido.content.decode()
    assert not Guia.objects.exists()
    assert not EventoAuditoria.objects.filter(acao="billing.guia_rascunho").exists()


@pytest.mark.parametrize(("tipo", "seguinte"), [("2", 2), ("1", 3)])
def test_proximo_do_passo_1_cria_o_rascunho_do_prestador_conectado(
    cliente_portal, cliente_portal_outro, operadora, prestador, beneficiario, tipo, seguinte
):
    # when step 1 of a new guide is posted with valid data
    resposta = cliente_portal.post(
        f"{BASE}/guias/nova/{tipo}/",
        {"numero_guia_prestador": "N2", "beneficiario_busca": beneficiario.carteira, "senha": "S9", "acao": "proximo"},
    )
    # then the draft exists, of the signed-in provider and operadora, with step 1 saved, and the wizard goes on
    guia = Guia.objects.get()
    assert resposta.status_code == 302
    assert resposta["Location"] == f"{BASE}/guias/{guia.pk}/passo/{seguinte}/"
    assert (guia.prestador_id, guia.operadora_id, guia.tipo, guia.situacao) == (
        prestador.pk,
        operadora.pk,
        tipo,
        Guia.Situacao.RASCUNHO,
    )
    assert (guia.numero_guia_prestador, guia.beneficiario_id, guia.carteira, guia.senha, guia.passo) == (
        "N2",
        beneficiario.pk,
        beneficiario.carteira,
        "S9",
        2,
    )
    assert EventoAuditoria.objects.filter(acao="billing.guia_rascunho").count() == 1
    # and another provider neither reaches it nor changes it
    assert cliente_portal_outro.get(f"{BASE}/guias/{guia.pk}/passo/1/").status_code == 404
    assert (
        cliente_portal_outro.post(
            f"{BASE}/guias/{guia.pk}/passo/1/", {"numero_guia_prestador": "X", "beneficiario_busca": "X"}
        ).status_code
        == 404
    )
    guia.refresh_from_db()
    assert guia.numero_guia_prestador == "N2"
    # and the other provider's own new guide is its own, the first one untouched
    cliente_portal_outro.post(
        f"{BASE}/guias/nova/{tipo}/", {"numero_guia_prestador": "N3", "beneficiario_busca": beneficiario.carteira}
    )
    assert sorted(Guia.objects.values_list("numero_guia_prestador", "prestador_id")) == [
        ("N2", prestador.pk),
        ("N3", cliente_portal_outro.usuario.prestador_id),
    ]


def test_tipo_de_guia_invalido_volta_para_as_guias(cliente_portal):
    assert cliente_portal.get(f"{BASE}/guias/nova/9/").status_code == 302
    assert cliente_portal.post(f"{BASE}/guias/nova/9/", {"numero_guia_prestador": "N"}).status_code == 302
    assert not Guia.objects.exists()
