"""Appealing a line with two glosas (walked in the demo: the consulta of R$ 150,00 glosed 3209 for R$ 150,00 and
1705 for R$ 30,00; the line's glosa is R$ 150,00). Accepting an appeal of both credited R$ 180,00; each glosa is
still appealed whole (overturning both gives the line back), and what is credited is what the line stops
withholding."""

import re
from decimal import Decimal

import pytest

from operadora.claims import services
from operadora.claims.models import Glosa, LancamentoFinanceiro, RecursoGlosa
from operadora.claims.services import DecisaoItem, ItemPedido

from . import test_recursos_e_pagamentos as _recursos

pytestmark = pytest.mark.django_db
liberado = _recursos.liberado  # the fixture: a released protocol of `prestador` with its glosas
JUSTIFICATIVA = "Consulta única no dia, no valor do aditivo."


@pytest.fixture
def preco_e_duplicidade(liberado):
    """The consulta (R$ 150,00) of the released protocol: its price glosa (1705, R$ 30,00) and a duplicity glosa of
    the whole line (3209, R$ 150,00)."""
    preco = Glosa.objects.get(protocolo=liberado, codigo_glosa="1705")
    duplicidade = Glosa.objects.create(
        protocolo=liberado, guia=preco.guia, item=preco.item, origem=Glosa.Origem.MANUAL, regra="duplicidade",
        codigo_glosa="3209", motivo="Já cobrado.", valor_proposto=preco.item.valor_total,
        valor=preco.item.valor_total, situacao=Glosa.Situacao.CONFIRMADA)
    assert preco.item.valor_total == Decimal("150.00")
    return preco, duplicidade


def _recorrer(protocolo, pedidos):
    return services.recorrer(operadora_id=protocolo.operadora_id, prestador_id=protocolo.prestador_id,
                             protocolo_id=protocolo.pk, itens=[ItemPedido(g.pk, v, "") for g, v in pedidos],
                             justificativa=JUSTIFICATIVA, objeto="guia")


def test_recurso_das_duas_glosas_aceito_devolve_a_linha_nao_a_soma(liberado, preco_e_duplicidade, usuario_retaguarda):
    preco, duplicidade = preco_e_duplicidade
    # when the provider appeals both glosas in full (R$ 180,00 on a line whose glosa is R$ 150,00) and the operator
    # accepts both
    recurso = _recorrer(liberado, [(duplicidade, Decimal("150.00")), (preco, Decimal("30.00"))])
    assert recurso.valor_recursado == Decimal("180.00")
    services.responder_recurso(recurso_id=recurso.pk, usuario=usuario_retaguarda,
                               decisoes={i.pk: DecisaoItem("acatado", None, "") for i in recurso.itens.all()})
    # then the credit is the line given back whole, R$ 150,00, not the R$ 180,00 accepted (the first version of this
    # fix capped what could be asked at the line's glosa instead: accepting both then credited R$ 120,00)
    assert sum(c.valor for c in LancamentoFinanceiro.objects.all()) == Decimal("150.00")


def test_recursos_de_cada_glosa_da_linha_respondidos_um_depois_do_outro(
    liberado, preco_e_duplicidade, usuario_retaguarda
):
    preco, duplicidade = preco_e_duplicidade
    # given the duplicity glosa appealed, and the price glosa of the same line in a second appeal
    primeiro = _recorrer(liberado, [(duplicidade, Decimal("150.00"))])
    segundo = _recorrer(liberado, [(preco, Decimal("30.00"))])
    # when the operator accepts the first: the consulta is due, less the price difference that still stands
    services.responder_recurso(recurso_id=primeiro.pk, usuario=usuario_retaguarda,
                               decisoes={primeiro.itens.get().pk: DecisaoItem("acatado", None, "")})
    assert [c.valor for c in LancamentoFinanceiro.objects.all()] == [Decimal("120.00")]
    # and then the second: the rest of the line
    services.responder_recurso(recurso_id=segundo.pk, usuario=usuario_retaguarda,
                               decisoes={segundo.itens.get().pk: DecisaoItem("acatado", None, "")})
    assert sum(c.valor for c in LancamentoFinanceiro.objects.all()) == Decimal("150.00")  # the whole consulta


def test_acatar_uma_de_duas_glosas_da_linha_credita_so_o_que_deixa_de_ser_retido(
    liberado, preco_e_duplicidade, usuario_retaguarda, cliente_portal, cliente_retaguarda
):
    """Accepting one of two overlapping glosas credited it whole: accepting the price glosa while the duplicity
    (the whole consulta) stands gave R$ 30,00 where nothing is due."""
    preco, duplicidade = preco_e_duplicidade
    recurso = _recorrer(liberado, [(duplicidade, Decimal("150.00")), (preco, Decimal("30.00"))])
    itens = {i.glosa_id: i.pk for i in recurso.itens.all()}
    # when the operator accepts the price glosa and keeps the duplicity
    services.responder_recurso(recurso_id=recurso.pk, usuario=usuario_retaguarda, decisoes={
        itens[preco.pk]: DecisaoItem("acatado", None, ""),
        itens[duplicidade.pk]: DecisaoItem("mantido", None, "Consulta já paga na guia anterior do mesmo dia.")})
    # then the decision is recorded, but nothing is credited: the line is still fully withheld
    recurso.refresh_from_db()
    assert recurso.valor_acatado == Decimal("30.00")
    assert not LancamentoFinanceiro.objects.exists()
    # and both sides read the accepted amount beside the credit, with why they differ
    for cliente, url in ((cliente_portal, f"/portal/recursos/{recurso.pk}/"),
                         (cliente_retaguarda, f"/operadora/contas/recursos/{recurso.pk}/")):
        pagina = cliente.get(url).content.decode()
        assert re.search(r'id="credito">R\$\s0,00<', pagina), url
        assert 'id="credito-menor"' in pagina and "outra glosa do mesmo item" in pagina


def test_glosa_com_valor_zero_fica_fora_de_um_recurso_de_varias(liberado, preco_e_duplicidade):
    preco, duplicidade = preco_e_duplicidade
    # when the provider appeals the guide, the price glosa left at zero
    recurso = _recorrer(liberado, [(duplicidade, Decimal("150.00")), (preco, Decimal("0"))])
    # then the appeal is of the duplicity glosa only
    assert [i.glosa_id for i in recurso.itens.all()] == [duplicidade.pk]
    assert recurso.valor_recursado == Decimal("150.00")


def test_formulario_da_guia_sugere_cada_glosa_inteira(cliente_portal, liberado, preco_e_duplicidade):
    preco, duplicidade = preco_e_duplicidade
    # when the provider opens 'Recorrer da guia'
    pagina = cliente_portal.get(
        f"/portal/recursos/novo/?glosa={preco.pk}&glosa={duplicidade.pk}&objeto=guia").content.decode()
    # then each glosa is suggested whole (giving the line back takes overturning both), and sending them works
    assert f'name="valor_{preco.pk}" value="30,00"' in pagina
    assert f'name="valor_{duplicidade.pk}" value="150,00"' in pagina
    resposta = cliente_portal.post("/portal/recursos/novo/", {
        "glosa": [preco.pk, duplicidade.pk], "objeto": "guia", f"valor_{preco.pk}": "30.00",
        f"valor_{duplicidade.pk}": "150.00", "justificativa": JUSTIFICATIVA})
    assert resposta.status_code == 302
    assert RecursoGlosa.objects.get().valor_recursado == Decimal("180.00")


def test_recorrer_da_guia_so_aparece_com_glosa_ainda_por_recorrer(cliente_portal, liberado, preco_e_duplicidade):
    """Once every glosa of the guide was appealed, 'Recorrer da guia' still showed and led to a form that sent the
    provider back with 'Escolha, no demonstrativo, a glosa a recorrer.'"""
    preco, duplicidade = preco_e_duplicidade
    url = f"/portal/demonstrativos/analise/{liberado.pk}/"
    pagina = cliente_portal.get(url).content.decode()
    links = pagina.count("Recorrer da guia")  # one per guide with glosas
    assert links >= 1 and f"glosa={duplicidade.pk}&amp;" in pagina  # not yet appealed: in the link
    _recorrer(liberado, [(duplicidade, Decimal("150.00"))])
    pagina = cliente_portal.get(url).content.decode()
    assert pagina.count("Recorrer da guia") == links and f"glosa={duplicidade.pk}&amp;" not in pagina  # price left
    ativas = Glosa.objects.filter(guia=preco.guia).exclude(pk=duplicidade.pk).exclude(situacao=Glosa.Situacao.ANULADA)
    _recorrer(liberado, [(g, g.valor) for g in ativas])
    assert cliente_portal.get(url).content.decode().count("Recorrer da guia") == links - 1  # that guide's is gone
