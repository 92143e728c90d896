"""Each action on a typed lote says what it did (adding, removing and reopening were silent: the page came back
with no message, seen in a browser on the demo)."""

import pytest

from operadora.billing import services
from operadora.billing.models import Guia, Lote
from operadora.billing.tests import test_entradas_invalidas as _invalidas

pytestmark = pytest.mark.django_db
lote_com_guia = _invalidas.lote_com_guia  # the fixture: an open lote with one guide in it, another available
BASE = "/portal/faturamento"


def _mensagens(resposta) -> list[str]:
    return [str(m) for m in resposta.context["messages"]]


def test_adicionar_guias_diz_quantas_entraram(cliente_portal, lote_com_guia):
    livre = Guia.objects.get(numero_guia_prestador="L2")
    resposta = cliente_portal.post(f"{BASE}/lotes/{lote_com_guia.pk}/adicionar/", {"guias": [livre.pk]}, follow=True)
    assert f"1 guia(s) adicionada(s) ao lote {lote_com_guia.numero}." in _mensagens(resposta)
    assert Guia.objects.filter(lote=lote_com_guia).count() == 2


def test_remover_guia_diz_que_saiu(cliente_portal, lote_com_guia):
    guia = Guia.objects.get(lote=lote_com_guia)
    resposta = cliente_portal.post(f"{BASE}/lotes/{lote_com_guia.pk}/remover/", {"guia": guia.pk}, follow=True)
    assert (
        f"Guia removida do lote {lote_com_guia.numero}; ela volta à lista de guias digitadas." in _mensagens(resposta)
    )
    assert not Guia.objects.filter(lote=lote_com_guia).exists()


def test_reabrir_lote_diz_que_reabriu(cliente_portal, lote_com_guia, usuario_prestador):
    services.fechar_lote(lote_id=lote_com_guia.pk, usuario=usuario_prestador)
    resposta = cliente_portal.post(f"{BASE}/lotes/{lote_com_guia.pk}/reabrir/", follow=True)
    assert (
        f"Lote {lote_com_guia.numero} reaberto: inclua ou remova guias e feche-o de novo." in _mensagens(resposta)
    )
    assert Lote.objects.get(pk=lote_com_guia.pk).situacao == Lote.Situacao.ABERTO
