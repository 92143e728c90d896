"""Bad input on the claims pages that the sweep (operadora/core/tests/test_varredura_entradas.py) does not pin:
text that is stored first and becomes a TISS message later."""

import pytest

from operadora.billing.selectors import registro_schemas
from operadora.claims import services
from operadora.claims.models import Glosa, ItemRecurso, RecursoGlosa
from operadora.core.middleware import MENSAGEM_CONTROLE
from operadora.tiss.politica import PoliticaTiss
from operadora.tiss.validation import validar

from . import test_recursos_e_pagamentos as _recursos

pytestmark = pytest.mark.django_db
liberado = _recursos.liberado  # the fixture: a released protocol of `prestador` with its glosas


@pytest.fixture
def recurso(liberado):
    """The provider's appeal of the price glosa, waiting for the operator's answer."""
    return _recursos._recorrer(liberado, Glosa.objects.get(protocolo=liberado, codigo_glosa="1705"))


def _responder(cliente, recurso, justificativa: str):
    item = recurso.itens.get()
    return cliente.post(f"/operadora/contas/recursos/{recurso.pk}/", {
        f"decisao_{item.pk}": ItemRecurso.Decisao.MANTIDO, f"justificativa_{item.pk}": justificativa,
        "justificativa": "Resposta da operadora ao recurso."})


@pytest.mark.parametrize("caractere", ["\x0b", "\x1f", "\x01", "\x0c", "\ufffe"])
def test_resposta_ao_recurso_com_caractere_de_controle_e_recusada_e_nada_muda(cliente_retaguarda, recurso,
                                                                             caractere):
    # given an appeal waiting for an answer; when the analyst answers it with a pasted control character (stored,
    # it made the RESPOSTA_RECURSO_GLOSA download a 500 on the portal and in the back office: lxml refuses it)
    resposta = _responder(cliente_retaguarda, recurso, f"Mantido{caractere} pelo contrato vigente.")
    # then a 400 with the pt-BR message, and the appeal is still waiting, its item undecided
    assert resposta.status_code == 400 and MENSAGEM_CONTROLE in resposta.content.decode()
    recurso.refresh_from_db()
    assert recurso.situacao == RecursoGlosa.Situacao.RECEBIDO
    assert recurso.itens.get().decisao == ""


def test_resposta_com_tabulacao_e_quebra_de_linha_sai_no_xml_valido(cliente_retaguarda, cliente_portal, recurso):
    # tab and line breaks are text XML holds: the answer is recorded and its TISS message downloads, valid
    resposta = _responder(cliente_retaguarda, recurso, "Mantido\tpelo contrato\r\nvigente.")
    assert resposta.status_code == 302
    for cliente, url in ((cliente_retaguarda, f"/operadora/contas/recursos/{recurso.pk}/resposta.xml"),
                         (cliente_portal, f"/portal/recursos/{recurso.pk}/resposta.xml")):
        xml = cliente.get(url)
        assert xml.status_code == 200
        relatorio = validar(xml.content, PoliticaTiss(), registro_schemas())
        assert relatorio.valido, relatorio.erros


def test_recurso_do_prestador_com_caractere_de_controle_e_recusado(cliente_portal, liberado):
    glosa = Glosa.objects.get(protocolo=liberado, codigo_glosa="1705")
    resposta = cliente_portal.post("/portal/recursos/novo/", {
        "glosa": glosa.pk, f"valor_{glosa.pk}": "30,00", f"justificativa_{glosa.pk}": "Preço\x0b do aditivo.",
        "justificativa": "Preço reajustado pelo aditivo de abril."})
    assert resposta.status_code == 400 and MENSAGEM_CONTROLE in resposta.content.decode()
    assert not RecursoGlosa.objects.exists()
    assert services.prazo_do_recurso(liberado) is not None  # the appeal can still be sent, corrected


def test_resposta_recusada_ao_recurso_devolve_o_que_o_analista_escreveu(cliente_retaguarda, recurso):
    # given an appeal waiting for an answer; when the analyst accepts it in part with more than was appealed
    item = recurso.itens.get()
    resposta = cliente_retaguarda.post(f"/operadora/contas/recursos/{recurso.pk}/", {
        f"decisao_{item.pk}": ItemRecurso.Decisao.PARCIAL, f"valor_{item.pk}": "999,00",
        f"justificativa_{item.pk}": "Aditivo vale só a partir do dia 15.",
        "justificativa": "Acatado em parte pelo aditivo contratual."})
    # then the page says why, and shows the form as the analyst filled it: the decision was reset to the first
    # option ("Acatado", the whole amount) and the texts were gone, so resending could accept everything
    pagina = resposta.content.decode()
    assert resposta.status_code == 400 and "Acatamento parcial: o valor deve ser maior que zero" in pagina
    assert f'<option value="{ItemRecurso.Decisao.PARCIAL}" selected>' in pagina
    assert 'value="999,00"' in pagina and 'value="Aditivo vale só a partir do dia 15."' in pagina
    assert 'value="Acatado em parte pelo aditivo contratual."' in pagina
    recurso.refresh_from_db()
    assert recurso.situacao == RecursoGlosa.Situacao.RECEBIDO and recurso.itens.get().decisao == ""


def test_recurso_recusado_devolve_ao_prestador_o_que_ele_escreveu(cliente_portal, liberado):
    # given a price glosa of a released protocol; when the provider appeals more than was glosed
    glosa = Glosa.objects.get(protocolo=liberado, codigo_glosa="1705")
    resposta = cliente_portal.post("/portal/recursos/novo/", {
        "glosa": glosa.pk, f"valor_{glosa.pk}": "999,00", f"justificativa_{glosa.pk}": "Preço do aditivo de abril.",
        "justificativa": "Preço reajustado pelo aditivo contratual de abril."})
    # then the page says why and shows the form as the provider filled it (walked in the browser: the amount went
    # back to the glosed value and both justifications were gone, to be typed again)
    pagina = resposta.content.decode()
    assert resposta.status_code == 400 and "no máximo" in pagina
    assert 'value="999,00"' in pagina and 'value="Preço do aditivo de abril."' in pagina
    assert ">Preço reajustado pelo aditivo contratual de abril.</textarea>" in pagina
    assert not RecursoGlosa.objects.exists()


def test_parcial_com_o_valor_inteiro_diz_que_e_acatado(cliente_retaguarda, recurso):
    # when the analyst accepts 'in part' exactly the amount appealed
    item = recurso.itens.get()
    resposta = cliente_retaguarda.post(f"/operadora/contas/recursos/{recurso.pk}/", {
        f"decisao_{item.pk}": ItemRecurso.Decisao.PARCIAL, f"valor_{item.pk}": str(item.valor_recursado),
        f"justificativa_{item.pk}": "Aditivo confirmado por inteiro.", "justificativa": "Acatado."})
    # then the message says the bounds are exclusive and what to choose instead ('entre zero e R$ 30,00' refused
    # R$ 30,00 without saying why)
    assert resposta.status_code == 400
    assert ("Acatamento parcial: o valor deve ser maior que zero e menor que R$ 30,00; para acatar o valor inteiro, "
            "escolha Acatado.") in resposta.content.decode()
