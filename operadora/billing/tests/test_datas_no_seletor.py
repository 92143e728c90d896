"""Dates the pages already know go into the browser's date picker in ISO (aaaa-mm-dd), the only value an
<input type="date"> takes: written as 31/10/2026 (Django's pt-BR default) the picker showed an empty field, the
automatic billing's required Dt. final blocked "Gerar lote", and re-saving a wizard step erased its optional dates."""

import datetime
import re

import pytest

from operadora.billing.models import Guia

from .test_digitacao_e_lotes import digitar_sp_sadt


def _valor(html: str, nome: str) -> str:
    campo = re.search(rf'<input type="date" name="{nome}"[^>]*>', html)
    assert campo, f"sem seletor de data {nome}"
    valor = re.search(r'value="([^"]*)"', campo.group(0))
    return valor.group(1) if valor else ""


@pytest.mark.django_db
def test_gerar_lote_traz_a_dt_final_sugerida_no_seletor(cliente_portal):
    # given the automatic billing page (its Dt. final is the last day of the previous month, seed 003)
    html = cliente_portal.get("/portal/faturamento/automatico/").content.decode()
    # then the picker holds it in ISO, so "Gerar lote" can be pressed without typing it
    hoje = datetime.date.today()
    assert _valor(html, "data_final") == (hoje.replace(day=1) - datetime.timedelta(days=1)).isoformat()


@pytest.mark.django_db
def test_passo_salvo_reaberto_mostra_as_datas_e_reenviado_nao_as_apaga(
    cliente_portal, beneficiario, medico, preco_consulta, hoje
):
    # given a typed SP/SADT guide whose step 1 has the authorization's date and the senha's validity
    guia_id, base = digitar_sp_sadt(cliente_portal, numero="G300", carteira=beneficiario.carteira, medico=medico,
                                    data=hoje - datetime.timedelta(days=3))
    autorizada, validade = hoje - datetime.timedelta(days=5), hoje + datetime.timedelta(days=25)
    Guia.objects.filter(pk=guia_id).update(data_autorizacao=autorizada, validade_senha=validade)
    # when the clerk reopens step 1 and step 3
    passo_1 = cliente_portal.get(f"{base}/passo/1/").content.decode()
    passo_3 = cliente_portal.get(f"{base}/passo/3/").content.decode()
    # then the pickers show the saved dates
    assert _valor(passo_1, "data_autorizacao") == autorizada.isoformat()
    assert _valor(passo_1, "validade_senha") == validade.isoformat()
    assert _valor(passo_3, "itens-0-data_execucao") == (hoje - datetime.timedelta(days=3)).isoformat()
    # and sending step 1 back as the browser would (the values the picker holds) keeps them
    r = cliente_portal.post(f"{base}/passo/1/", {
        "numero_guia_prestador": "G300", "beneficiario_busca": beneficiario.carteira, "senha": "S123",
        "data_autorizacao": _valor(passo_1, "data_autorizacao"), "validade_senha": _valor(passo_1, "validade_senha"),
        "acao": "proximo"})
    assert r.status_code == 302, r.content.decode()[:3000]
    guia = Guia.objects.get(pk=guia_id)
    assert (guia.data_autorizacao, guia.validade_senha) == (autorizada, validade)
