import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from operadora.accounts.sessao import SESSAO_ATIVIDADE, SESSAO_INICIO
from operadora.core.models import EventoAuditoria


def envelhecer(cliente, *, ociosa: float = 0, total: float = 0):
    sessao = cliente.session
    sessao[SESSAO_ATIVIDADE] = time.time() - ociosa
    sessao[SESSAO_INICIO] = time.time() - max(total, ociosa)
    sessao.save()


@pytest.mark.django_db
def test_portal_expira_depois_de_30_minutos_parado(cliente_portal):
    envelhecer(cliente_portal, ociosa=29 * 60)
    assert cliente_portal.get("/portal/").status_code == 200
    envelhecer(cliente_portal, ociosa=31 * 60)
    resposta = cliente_portal.get("/portal/", follow=True)
    assert resposta.redirect_chain[0][0].startswith("/portal/entrar/")
    assert "Sua sessão expirou por inatividade." in resposta.content.decode()
    assert EventoAuditoria.objects.filter(acao="acesso.sessao_expirada").exists()


@pytest.mark.django_db
def test_retaguarda_expira_depois_de_15_minutos_parada(cliente_retaguarda):
    envelhecer(cliente_retaguarda, ociosa=14 * 60)
    assert cliente_retaguarda.get("/operadora/").status_code == 200
    envelhecer(cliente_retaguarda, ociosa=16 * 60)
    assert cliente_retaguarda.get("/operadora/")["Location"].startswith("/operadora/entrar/")


@pytest.mark.django_db
def test_limite_absoluto_de_12_horas_mesmo_com_atividade(cliente_portal):
    sessao = cliente_portal.session
    sessao[SESSAO_INICIO] = time.time() - 12 * 3600 - 5
    sessao[SESSAO_ATIVIDADE] = time.time()
    sessao.save()
    resposta = cliente_portal.get("/portal/", follow=True)
    assert "limite de 12 horas" in resposta.content.decode()


@pytest.mark.django_db
def test_renovar_informa_o_tempo_restante(cliente_portal):
    envelhecer(cliente_portal, ociosa=20 * 60)
    assert cliente_portal.post("/portal/sessao/").json()["restante"] == 30 * 60


@pytest.mark.django_db
def test_admin_so_com_segundo_fator(client, usuario_retaguarda, cliente_retaguarda):
    client.force_login(usuario_retaguarda)  # password only, no TOTP in this session
    assert client.get("/admin/")["Location"].startswith("/operadora/entrar/")
    assert cliente_retaguarda.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_requisicoes_seguidas_nao_regravam_a_sessao(cliente_portal):
    envelhecer(cliente_portal, ociosa=40)  # the clock is older than the 30 s granularity: this request writes it
    cliente_portal.get("/portal/")
    gravada = cliente_portal.session[SESSAO_ATIVIDADE]
    assert time.time() - gravada < 5

    with CaptureQueriesContext(connection) as consultas:
        assert cliente_portal.get("/portal/").status_code == 200

    assert cliente_portal.session[SESSAO_ATIVIDADE] == gravada
    assert not [c for c in consultas if 'UPDATE "django_session"' in c["sql"]]


@pytest.mark.django_db
def test_continuar_conectado_renova_mesmo_dentro_da_granularidade(cliente_portal):
    envelhecer(cliente_portal, ociosa=10)  # written 10 s ago: a plain request would not rewrite it
    assert cliente_portal.post("/portal/sessao/").json()["restante"] == 30 * 60


@pytest.mark.django_db
def test_granularidade_nunca_passa_de_um_sexagesimo_do_limite(cliente_portal, settings):
    settings.SESSAO_PORTAL_OCIOSA_SEGUNDOS = 60  # → the clock may be at most 1 s stale
    envelhecer(cliente_portal, ociosa=2)
    cliente_portal.get("/portal/")
    assert time.time() - cliente_portal.session[SESSAO_ATIVIDADE] < 1.5
