"""What the seeds show a provider's billing clerk (seeds 003 and 004), checked on our pages: each test names the seed
passage it follows."""

import datetime

import pytest
from django.contrib.messages import get_messages

from operadora.authorizations.models import Atendimento
from operadora.billing import services
from operadora.billing.models import FaturamentoAutomatico, Guia, ItemGuia, Lote, Protocolo
from operadora.billing.tests.fabricas import criar_atendimentos_confirmados

BASE = "/portal/faturamento"


def _mensagens(resposta) -> list[str]:
    return [str(m) for m in get_messages(resposta.wsgi_request)]


@pytest.fixture
def faturamento(operadora, prestador, beneficiario, preco_consulta, hoje):
    """An automatic billing awaiting conference: one SP/SADT lote with 3 confirmed sessions, none conferred."""
    criar_atendimentos_confirmados(operadora, prestador, beneficiario, hoje, (12, 10, 8))
    return services.gerar_faturamento_automatico(
        operadora=operadora,
        prestador=prestador,
        usuario=None,
        data_final=hoje - datetime.timedelta(days=1),
        hoje=hoje,
    )


# --- seed 003: a lote of the automatic billing is conferred, sent and cancelled from its conference ---------


@pytest.mark.django_db
@pytest.mark.parametrize("acao", ["fechar", "enviar", "reabrir", "cancelar", "remover", "adicionar"])
def test_lote_do_faturamento_nao_se_mexe_pela_pagina_do_lote(
    cliente_portal, operadora, prestador, faturamento, acao
):
    """Seed 003 §5–7: the items are confirmed one by one and *Enviar* removes the unconfirmed ones ("Existem itens
    não conferidos! Estes itens serão removidos do lote"); cancelling is done on the generation. The lote page
    closed and sent the generated lote as it stood (unconferred items billed) and cancelled it alone (its
    atendimentos stayed tied to it)."""
    lote = faturamento.lotes.get()
    guia = Guia.objects.get(lote=lote)
    digitada = Guia.objects.create(
        operadora=operadora, prestador=prestador, tipo="2", situacao=Guia.Situacao.DIGITADA,
        numero_guia_prestador="DIG-9", carteira="35900010000",
    )  # fmt: skip
    dados = {"guias": [digitada.pk]} if acao == "adicionar" else {"guia": guia.pk}
    antes = (lote.situacao, lote.quantidade_guias, lote.valor_informado)

    resposta = cliente_portal.post(f"{BASE}/lotes/{lote.pk}/{acao}/", dados, follow=True)

    assert resposta.status_code == 200
    assert any("conferência do faturamento" in m for m in _mensagens(resposta))
    lote.refresh_from_db()
    assert (lote.situacao, lote.quantidade_guias, lote.valor_informado) == antes
    assert not Protocolo.objects.exists()
    assert Guia.objects.get(pk=guia.pk).situacao == Guia.Situacao.EM_LOTE
    assert Guia.objects.get(pk=digitada.pk).lote_id is None
    assert set(ItemGuia.objects.values_list("conferencia", flat=True)) == {ItemGuia.Conferencia.NAO_CONFERIDO}
    assert set(Atendimento.objects.values_list("lote_faturamento_id", flat=True)) == {lote.pk}
    assert FaturamentoAutomatico.objects.get(pk=faturamento.pk).situacao == "aguardando_envio"


@pytest.mark.django_db
def test_pagina_do_lote_do_faturamento_leva_a_conferencia(cliente_portal, faturamento):
    lote = faturamento.lotes.get()

    pagina = cliente_portal.get(f"{BASE}/lotes/{lote.pk}/").content.decode()

    assert f'href="{BASE}/automatico/{faturamento.pk}/"' in pagina
    for acao in ("fechar", "enviar", "cancelar", "remover", "adicionar"):
        assert f"{BASE}/lotes/{lote.pk}/{acao}/" not in pagina


@pytest.mark.django_db
def test_conferencia_continua_enviando_e_cancelando_o_lote(faturamento):
    services.conferir_itens(faturamento_id=faturamento.pk, estado="conferido", usuario=None)
    services.enviar_faturamento(faturamento_id=faturamento.pk, usuario=None)
    lote = Lote.objects.get(faturamento=faturamento)
    assert lote.situacao == Lote.Situacao.ENVIADO and lote.protocolo.situacao == Protocolo.Situacao.RECEBIDO

    services.cancelar_faturamento(faturamento_id=faturamento.pk, usuario=None)

    lote.refresh_from_db()
    assert lote.situacao == Lote.Situacao.CANCELADO
    assert Protocolo.objects.get(lote=lote).situacao == Protocolo.Situacao.CANCELADO
    assert not Atendimento.objects.filter(lote_faturamento_id__isnull=False).exists()
