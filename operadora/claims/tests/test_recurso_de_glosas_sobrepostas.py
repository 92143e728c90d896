"""Appealing a line with two glosas (walked in the demo: the consulta of R$ 150,00 glosed 3209 for R$ 150,00 and
1705 for R$ 30,00; the line's glosa is R$ 150,00). 'Recorrer da guia' prefilled and accepted R$ 180,00 for a line
where R$ 150,00 was withheld, and accepting it credited R$ 180,00."""

import re
from decimal import Decimal

import pytest

from operadora.claims import services
from operadora.claims.models import Glosa, LancamentoFinanceiro, RecursoGlosa
from operadora.claims.services import DecisaoItem, ItemPedido
from operadora.core.erros import ErroDeNegocio

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


def test_recurso_nao_pede_de_uma_linha_mais_do_que_o_glosado_nela(liberado, preco_e_duplicidade):
    preco, duplicidade = preco_e_duplicidade
    # when the provider appeals both glosas in full (R$ 180,00 for a line whose glosa is R$ 150,00)
    with pytest.raises(ErroDeNegocio) as erro:
        _recorrer(liberado, [(duplicidade, Decimal("150.00")), (preco, Decimal("30.00"))])
    # then it is refused, saying how much the line still allows, and nothing is recorded
    assert "R$ 180,00" in erro.value.mensagem and "R$ 150,00" in erro.value.mensagem
    assert not RecursoGlosa.objects.exists()


def test_recurso_anterior_da_mesma_linha_conta(liberado, preco_e_duplicidade, usuario_retaguarda):
    preco, duplicidade = preco_e_duplicidade
    # given the duplicity glosa appealed in full, and a second appeal of the line while it waits
    primeiro = _recorrer(liberado, [(duplicidade, Decimal("150.00"))])
    with pytest.raises(ErroDeNegocio):
        _recorrer(liberado, [(preco, Decimal("30.00"))])  # the line's R$ 150,00 are all asked already
    # when the operator accepts it: the consulta is due, less the price difference that still stands
    services.responder_recurso(recurso_id=primeiro.pk, usuario=usuario_retaguarda,
                               decisoes={primeiro.itens.get().pk: DecisaoItem("acatado", None, "")})
    assert [c.valor for c in LancamentoFinanceiro.objects.all()] == [Decimal("120.00")]
    # then the price glosa (R$ 30,00, still withheld) can be appealed, and no more than that
    with pytest.raises(ErroDeNegocio, match=r"R\$ 30,00"):
        _recorrer(liberado, [(preco, Decimal("30.01"))])
    segundo = _recorrer(liberado, [(preco, Decimal("30.00"))])
    services.responder_recurso(recurso_id=segundo.pk, usuario=usuario_retaguarda,
                               decisoes={segundo.itens.get().pk: DecisaoItem("acatado", None, "")})
    assert sum(c.valor for c in LancamentoFinanceiro.objects.all()) == Decimal("150.00")  # the whole consulta


def test_acatar_uma_de_duas_glosas_da_linha_credita_so_o_que_deixa_de_ser_retido(
    liberado, preco_e_duplicidade, usuario_retaguarda, cliente_portal, cliente_retaguarda
):
    """Accepting one of two overlapping glosas credited it whole: accepting the price glosa while the duplicity
    (the whole consulta) stands gave R$ 30,00 where nothing is due."""
    preco, duplicidade = preco_e_duplicidade
    recurso = _recorrer(liberado, [(duplicidade, Decimal("120.00")), (preco, Decimal("30.00"))])
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


def test_formulario_da_guia_sugere_o_que_cabe_em_cada_linha(cliente_portal, liberado, preco_e_duplicidade):
    preco, duplicidade = preco_e_duplicidade
    # when the provider opens 'Recorrer da guia' (duplicity first, as the demonstrativo lists them by id: price first)
    pagina = cliente_portal.get(
        f"/portal/recursos/novo/?glosa={preco.pk}&glosa={duplicidade.pk}&objeto=guia").content.decode()
    # then the amounts suggested add up to the line's glosa (R$ 30,00 + R$ 120,00), and sending them as they are works
    assert f'name="valor_{preco.pk}" value="30.00"' in pagina
    assert f'name="valor_{duplicidade.pk}" value="120.00"' in pagina
    resposta = cliente_portal.post("/portal/recursos/novo/", {
        "glosa": [preco.pk, duplicidade.pk], "objeto": "guia", f"valor_{preco.pk}": "30.00",
        f"valor_{duplicidade.pk}": "120.00", "justificativa": JUSTIFICATIVA})
    assert resposta.status_code == 302
    assert RecursoGlosa.objects.get().valor_recursado == Decimal("150.00")
