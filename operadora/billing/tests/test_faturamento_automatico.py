"""Automatic billing (seed 003) on the Authorizations API: generate, confer, send, cancel, generate again."""

import datetime
import re
from decimal import Decimal

import pytest

from operadora.authorizations.models import Atendimento
from operadora.billing import services
from operadora.billing.models import FaturamentoAutomatico, Guia, ItemGuia, Lote, Protocolo
from operadora.billing.tests.fabricas import criar_atendimentos_confirmados, gerar_faturamento
from operadora.core.erros import ErroDeNegocio


@pytest.fixture
def atendimentos(operadora, prestador, beneficiario, preco_consulta, hoje):
    """An SP/SADT senha with 3 confirmed sessions of consulta (10101012, R$ 120,00 contracted)."""
    return criar_atendimentos_confirmados(operadora, prestador, beneficiario, hoje, (12, 10, 8))


_gerar = gerar_faturamento


@pytest.mark.django_db
def test_gerar_cria_guias_e_lote_e_marca_os_atendimentos(operadora, prestador, atendimentos, hoje):
    faturamento = _gerar(operadora, prestador, hoje)
    assert faturamento.quantidade_itens == 3 and faturamento.valor_informado == Decimal("360.00")
    lote = faturamento.lotes.get()
    assert lote.tipo_guia == "2" and lote.origem == "automatico" and lote.quantidade_guias == 1
    guia = Guia.objects.get(lote=lote)
    assert (guia.senha, guia.carteira, guia.numero_guia_operadora) == ("SEN001", "35900010000", "2026000001")
    assert set(Atendimento.objects.values_list("lote_faturamento_id", flat=True)) == {lote.pk}


@pytest.mark.django_db
def test_gerar_usa_o_preco_da_tabela_do_procedimento(operadora, prestador, atendimentos, hoje):
    """The same code priced in another table (here 20, from a later date) is not the procedure's price: the
    analysis, which reads the table, would glose the difference (1705)."""
    from operadora.registry.models import PrecoContratado

    PrecoContratado.objects.create(operadora=operadora, prestador=prestador, tabela="20", codigo="10101012",
                                   valor=Decimal("999.00"), vigencia_inicio=datetime.date(2024, 6, 1))
    faturamento = _gerar(operadora, prestador, hoje)
    assert set(ItemGuia.objects.filter(guia__lote__faturamento=faturamento)
               .values_list("tabela", "valor_unitario")) == {("22", Decimal("120.00"))}
    assert faturamento.valor_informado == Decimal("360.00")


@pytest.mark.django_db
def test_gerar_duas_vezes_nao_fatura_duas_vezes(operadora, prestador, atendimentos, hoje):
    _gerar(operadora, prestador, hoje)
    with pytest.raises(ErroDeNegocio, match="aguardando envio"):
        _gerar(operadora, prestador, hoje)
    assert ItemGuia.objects.count() == 3


@pytest.mark.django_db
def test_enviar_remove_nao_conferidos_e_da_protocolo(operadora, prestador, atendimentos, hoje):
    faturamento = _gerar(operadora, prestador, hoje)
    itens = list(ItemGuia.objects.order_by("data_execucao"))
    services.conferir_itens(
        faturamento_id=faturamento.pk, estado="conferido", item_ids=[i.pk for i in itens[:2]], usuario=None
    )
    services.ajustar_data_item(
        faturamento_id=faturamento.pk,
        item_id=itens[0].pk,
        data=hoje - datetime.timedelta(days=11),
        usuario=None,
    )
    faturamento = services.enviar_faturamento(faturamento_id=faturamento.pk, usuario=None)
    assert faturamento.situacao == FaturamentoAutomatico.Situacao.ENVIADO
    assert faturamento.quantidade_itens == 2 and faturamento.valor_informado == Decimal("240.00")
    lote = faturamento.lotes.get()
    assert lote.situacao == Lote.Situacao.ENVIADO and lote.protocolo.situacao == Protocolo.Situacao.RECEBIDO
    assert lote.valor_informado == Decimal("240.00")
    # the unchecked item left the sent guide, which holds what was billed
    assert not ItemGuia.objects.filter(pk=itens[2].pk).exists()
    assert Guia.objects.get(lote=lote).itens.count() == 2
    # the unchecked session is billable again; the two sent stay in the lote
    assert Atendimento.objects.filter(lote_faturamento_id__isnull=True).count() == 1
    assert ItemGuia.objects.get(pk=itens[0].pk).data_execucao == hoje - datetime.timedelta(days=11)


@pytest.mark.django_db
def test_cancelar_e_gerar_de_novo(operadora, prestador, atendimentos, hoje):
    faturamento = _gerar(operadora, prestador, hoje)
    services.conferir_itens(faturamento_id=faturamento.pk, estado="conferido", usuario=None)
    services.enviar_faturamento(faturamento_id=faturamento.pk, usuario=None)
    services.cancelar_faturamento(faturamento_id=faturamento.pk, usuario=None)
    faturamento.refresh_from_db()
    assert faturamento.situacao == FaturamentoAutomatico.Situacao.CANCELADO
    assert Protocolo.objects.get().situacao == Protocolo.Situacao.CANCELADO
    assert not Atendimento.objects.filter(lote_faturamento_id__isnull=False).exists()
    novo = _gerar(operadora, prestador, hoje)
    assert novo.pk != faturamento.pk and novo.quantidade_itens == 3
    assert ItemGuia.objects.exclude(atendimento_ref="").count() == 3


@pytest.mark.django_db
def test_paginas_do_faturamento_automatico(
    cliente_portal, cliente_portal_outro, operadora, prestador, atendimentos, hoje
):
    # generate through the page
    r = cliente_portal.post(
        "/portal/faturamento/automatico/",
        {"data_final": (hoje - datetime.timedelta(days=1)).isoformat()},
        follow=True,
    )
    pagina = r.content.decode()
    assert "3 procedimento(s) adicionado(s) no lote" in pagina
    faturamento = FaturamentoAutomatico.objects.get()
    url = f"/portal/faturamento/automatico/{faturamento.pk}/"
    assert "Existem itens não conferidos" in cliente_portal.get(url).content.decode()
    assert "SEN001" in cliente_portal.get(url, {"senha": "SEN001"}).content.decode()
    # another provider reaches nothing and changes nothing
    assert cliente_portal_outro.get(url).status_code == 404
    assert cliente_portal_outro.post(f"{url}conferir/", {"todos": "1"}).status_code == 404
    assert cliente_portal_outro.post(f"{url}cancelar/").status_code == 404
    assert not ItemGuia.objects.filter(conferencia="conferido").exists()
    # the page's "voltar" never sends the user off-site (no open redirect)
    fora = cliente_portal.post(f"{url}conferir/", {"todos": "0", "voltar": "https://malicioso.example/"})
    assert fora.status_code == 302 and fora["Location"] == url
    dentro = cliente_portal.post(f"{url}conferir/", {"todos": "0", "voltar": f"{url}?pagina=2"})
    assert dentro["Location"] == f"{url}?pagina=2"
    # confirm all, send, print
    cliente_portal.post(f"{url}conferir/", {"todos": "1"})
    cliente_portal.post(f"{url}enviar/")
    faturamento.refresh_from_db()
    assert faturamento.situacao == "enviado"
    pdf = cliente_portal.get(f"{url}imprimir/", {"vias": "2"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_enviar_manda_so_o_conferido_para_a_analise_da_operadora(operadora, prestador, atendimentos, hoje):
    """Items left unchecked or removed stayed in the sent guide, so the operator's analysis counted (and could pay)
    procedures the provider had taken out of the lote."""
    from operadora.claims.services import totais_do_protocolo

    faturamento = _gerar(operadora, prestador, hoje)
    itens = list(ItemGuia.objects.order_by("data_execucao"))
    services.conferir_itens(faturamento_id=faturamento.pk, estado="conferido", item_ids=[itens[0].pk], usuario=None)
    services.conferir_itens(faturamento_id=faturamento.pk, estado="removido", item_ids=[itens[1].pk], usuario=None)

    faturamento = services.enviar_faturamento(faturamento_id=faturamento.pk, usuario=None)

    protocolo = faturamento.lotes.get().protocolo
    assert totais_do_protocolo(protocolo).quantidade_itens == 1
    assert protocolo.valor_informado == Decimal("120.00") == faturamento.valor_informado
    assert list(ItemGuia.objects.filter(guia__protocolo=protocolo).values_list("pk", flat=True)) == [itens[0].pk]


@pytest.mark.django_db
def test_nao_confirmado_desfaz_a_confirmacao_ao_enviar(operadora, prestador, atendimentos, hoje):
    """'Não confirmado' (the session did not happen): on Enviar its confirmation is undone — the senha's balance
    returns and the authorization's history says so — while a removed one stays confirmed, billable later."""
    from operadora.authorizations.models import EventoAutorizacao

    faturamento = _gerar(operadora, prestador, hoje)
    itens = list(ItemGuia.objects.order_by("data_execucao"))
    origem = {i.pk: int(i.atendimento_ref.rsplit(":", 1)[1]) for i in itens}
    services.conferir_itens(faturamento_id=faturamento.pk, estado="conferido", item_ids=[itens[0].pk], usuario=None)
    services.conferir_itens(
        faturamento_id=faturamento.pk, estado="nao_confirmado", item_ids=[itens[1].pk], usuario=None
    )
    services.conferir_itens(faturamento_id=faturamento.pk, estado="removido", item_ids=[itens[2].pk], usuario=None)
    assert FaturamentoAutomatico.objects.get(pk=faturamento.pk).valor_informado == Decimal("120.00")

    services.enviar_faturamento(faturamento_id=faturamento.pk, usuario=None)

    assert not Atendimento.objects.filter(pk=origem[itens[1].pk]).exists()
    assert Atendimento.objects.get(pk=origem[itens[2].pk]).lote_faturamento_id is None  # billable later
    assert Atendimento.objects.get(pk=origem[itens[0].pk]).lote_faturamento_id is not None
    evento = EventoAutorizacao.objects.get(tipo=EventoAutorizacao.Tipo.EXECUCAO_DESFEITA)
    assert "Não confirmado na conferência do faturamento: 10101012 × 1" in evento.texto


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("dias", "mensagem"),
    [
        (40, r"^1814 .*anterior à data da autorização"),  # inside the period, before the senha was given
    ],
)
def test_ajustar_data_fora_da_senha_e_recusado(operadora, prestador, atendimentos, hoje, dias, mensagem):
    """Seed 003's 'ajustar a data da sessão' keeps to what the senha covers, as confirming the session does
    (authorizations.confirmar_atendimento) and as the analysis would glose it: a date inside the period but before
    the authorization is refused with the TUSS 38 code, the item's date unchanged."""
    faturamento = _gerar(operadora, prestador, hoje)
    item = ItemGuia.objects.order_by("data_execucao").first()
    data = hoje - datetime.timedelta(days=dias)
    assert faturamento.data_inicial <= data <= faturamento.data_final
    with pytest.raises(ErroDeNegocio) as erro:
        services.ajustar_data_item(faturamento_id=faturamento.pk, item_id=item.pk, data=data, usuario=None)
    assert re.search(mensagem, f"{erro.value.codigo_tiss} {erro.value}"), f"{erro.value.codigo_tiss} {erro.value}"
    item.refresh_from_db()
    assert item.data_execucao == hoje - datetime.timedelta(days=12)
    ok = hoje - datetime.timedelta(days=30)  # the day of the authorization: covered
    assert services.ajustar_data_item(faturamento_id=faturamento.pk, item_id=item.pk, data=ok, usuario=None)


@pytest.mark.django_db
def test_ajustar_data_depois_da_validade_da_senha_e_recusado(operadora, prestador, atendimentos, hoje):
    from operadora.authorizations.models import Autorizacao

    faturamento = _gerar(operadora, prestador, hoje)
    Autorizacao.objects.update(data_validade_senha=hoje - datetime.timedelta(days=5))
    item = ItemGuia.objects.order_by("data_execucao").first()
    with pytest.raises(ErroDeNegocio, match="Senha válida até") as erro:
        services.ajustar_data_item(
            faturamento_id=faturamento.pk, item_id=item.pk, data=hoje - datetime.timedelta(days=2), usuario=None
        )
    assert erro.value.codigo_tiss == "1414"


def _consultas_ao_enviar(operadora, prestador, beneficiario, hoje, usuario, guias: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from operadora.authorizations.models import Autorizacao

    for n in range(guias):  # one senha, so one guide, per authorization
        criar_atendimentos_confirmados(operadora, prestador, beneficiario, hoje, (3,))
        Autorizacao.objects.filter(senha="SEN001").update(senha=f"S{guias}-{n}", numero_guia_prestador=f"P{guias}-{n}",
                                                          numero_guia_operadora=f"O{guias}-{n}")
    faturamento = _gerar(operadora, prestador, hoje)
    services.conferir_itens(faturamento_id=faturamento.pk, estado="conferido", usuario=None)
    with CaptureQueriesContext(connection) as consultas:
        services.enviar_faturamento(faturamento_id=faturamento.pk, usuario=usuario)
    assert Guia.objects.filter(lote__faturamento=faturamento).count() == guias
    return len(consultas)


@pytest.mark.django_db
def test_enviar_nao_grava_guia_por_guia(operadora, prestador, beneficiario, preco_consulta, hoje, usuario_prestador):
    dois = _consultas_ao_enviar(operadora, prestador, beneficiario, hoje, usuario_prestador, 2)
    FaturamentoAutomatico.objects.update(data_final=hoje - datetime.timedelta(days=400))  # the next period is free
    doze = _consultas_ao_enviar(operadora, prestador, beneficiario, hoje, usuario_prestador, 12)
    assert doze == dois
