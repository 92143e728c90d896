import time

import pyotp
import pytest
from django.contrib.auth.models import Group

from operadora.accounts.models import Usuario
from operadora.accounts.sessao import SESSAO_2FA
from operadora.core.models import EventoAuditoria
from operadora.core.testing import SENHA_TESTE, TOTP_TESTE, cliente_na_retaguarda
from operadora.portal.models import MensagemOperadora


def entrar(client, login="equipe.teste", senha=SENHA_TESTE):
    return client.post("/operadora/entrar/", {"login": login, "senha": senha})


@pytest.mark.django_db
def test_entrada_exige_senha_e_codigo_totp(client, usuario_retaguarda):
    assert entrar(client)["Location"] == "/operadora/entrar/verificacao/"
    assert client.get("/operadora/")["Location"].startswith("/operadora/entrar/")  # not signed in yet
    assert client.post("/operadora/entrar/verificacao/", {"codigo": "000000"}).status_code == 400
    resposta = client.post("/operadora/entrar/verificacao/", {"codigo": pyotp.TOTP(TOTP_TESTE).now()})
    assert resposta["Location"] == "/operadora/"
    assert client.session[SESSAO_2FA] is True
    assert client.get("/operadora/").status_code == 200
    assert EventoAuditoria.objects.filter(acao="acesso.entrada", usuario=usuario_retaguarda).exists()


@pytest.mark.django_db
def test_codigo_nao_pode_ser_reutilizado(client, usuario_retaguarda):
    codigo = pyotp.TOTP(TOTP_TESTE).now()
    entrar(client)
    client.post("/operadora/entrar/verificacao/", {"codigo": codigo})
    client.post("/operadora/sair/")
    entrar(client)
    resposta = client.post("/operadora/entrar/verificacao/", {"codigo": codigo})
    assert resposta.status_code == 400 and "já foi usado" in resposta.content.decode()


@pytest.mark.django_db
def test_primeiro_acesso_configura_o_segundo_fator_com_qr(client, usuario_retaguarda):
    Usuario.objects.filter(pk=usuario_retaguarda.pk).update(totp_secret="")
    entrar(client)
    pagina = client.get("/operadora/entrar/verificacao/").content.decode()
    assert "<svg" in pagina
    segredo = client.session["retaguarda_pendente"]["segredo"]
    assert client.post("/operadora/entrar/verificacao/", {"codigo": pyotp.TOTP(segredo).now()}).status_code == 302
    assert Usuario.objects.get(pk=usuario_retaguarda.pk).totp_secret == segredo


@pytest.mark.django_db
def test_senha_errada_e_bloqueio_da_equipe(client, usuario_retaguarda):
    for _ in range(5):
        assert entrar(client, senha="errada").status_code == 400
    assert "bloqueado temporariamente" in entrar(client).content.decode()
    assert EventoAuditoria.objects.filter(acao="acesso.bloqueio", usuario=usuario_retaguarda).exists()


@pytest.mark.django_db
def test_codigos_errados_bloqueiam_o_segundo_fator(client, usuario_retaguarda):
    entrar(client)
    for _ in range(5):
        client.post("/operadora/entrar/verificacao/", {"codigo": "000000"})
    resposta = client.post("/operadora/entrar/verificacao/", {"codigo": pyotp.TOTP(TOTP_TESTE).now()})
    assert "bloqueado temporariamente" in resposta.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_prestador_e_equipe_sem_segundo_fator_nao_entram_na_retaguarda(client, cliente_portal, usuario_retaguarda):
    assert cliente_portal.get("/operadora/")["Location"].startswith("/operadora/entrar/")
    client.force_login(usuario_retaguarda)
    assert client.get("/operadora/")["Location"].startswith("/operadora/entrar/")
    assert entrar(client, login=cliente_portal.usuario.username).status_code == 400


def _equipe(papel: str):
    usuario = Usuario.objects.create(username=f"x.{papel[:5]}", tipo="operadora", is_staff=True)
    usuario.groups.add(Group.objects.get(name=papel))
    return cliente_na_retaguarda(usuario)


@pytest.mark.django_db
def test_papeis_sao_grupos_com_as_permissoes_do_enum(operadora):
    financeiro = _equipe("Financeiro")
    assert financeiro.get("/operadora/mensagens/").status_code == 403
    assert financeiro.get("/operadora/registro-de-auditoria/").status_code == 403
    atendente = _equipe("Atendente CRM")
    assert atendente.get("/operadora/mensagens/").status_code == 200
    assert atendente.get("/operadora/registro-de-auditoria/").status_code == 403
    assert _equipe("Administrador").get("/operadora/registro-de-auditoria/").status_code == 200


@pytest.mark.django_db
def test_publicar_para_selecionados_so_eles_veem(cliente_retaguarda, operadora, prestador, outro_prestador,
                                                 cliente_portal, cliente_portal_outro):
    resposta = cliente_retaguarda.post("/operadora/mensagens/nova/", {
        "operadora": operadora.pk, "titulo": "Novo calendário de faturas", "texto": "Veja as datas.",
        "destino": "selecionados", "prestadores": [prestador.pk]})
    assert resposta["Location"] == "/operadora/mensagens/"
    mensagem = MensagemOperadora.objects.get()
    assert EventoAuditoria.objects.filter(acao="mensagem.publicada", objeto_id=str(mensagem.pk)).exists()
    assert "Novo calendário de faturas" in cliente_portal.get("/portal/").content.decode()
    assert "Novo calendário de faturas" not in cliente_portal_outro.get("/portal/").content.decode()
    assert cliente_portal_outro.get(f"/portal/mensagens/{mensagem.pk}/").status_code == 404


@pytest.mark.django_db
def test_publicar_exige_prestadores_credenciados_e_campos(cliente_retaguarda, outra_operadora, prestador):
    resposta = cliente_retaguarda.post("/operadora/mensagens/nova/", {
        "operadora": outra_operadora.pk, "titulo": "T", "texto": "X", "destino": "selecionados",
        "prestadores": [prestador.pk]})
    assert resposta.status_code == 400 and "Não credenciados com Outra" in resposta.content.decode()
    resposta = cliente_retaguarda.post("/operadora/mensagens/nova/", {"operadora": outra_operadora.pk,
                                                                      "destino": "selecionados"})
    assert resposta.status_code == 400
    assert not MensagemOperadora.objects.exists()


@pytest.mark.django_db
def test_auditoria_lista_e_filtra(cliente_retaguarda, client, usuario_prestador):
    client.post("/portal/entrar/", {"documento": usuario_prestador.username, "senha": "errada1"})
    pagina = cliente_retaguarda.get("/operadora/registro-de-auditoria/?acao=acesso.falha").content.decode()
    assert "acesso.falha" in pagina and "Tentativa de entrada no portal sem sucesso." in pagina
    assert "acesso.falha" not in cliente_retaguarda.get(
        "/operadora/registro-de-auditoria/?acao=representante").content.decode()


@pytest.mark.django_db
def test_auditoria_com_volume_tem_consultas_constantes(cliente_retaguarda, usuario_prestador,
                                                       django_assert_max_num_queries):
    EventoAuditoria.objects.bulk_create([EventoAuditoria(acao="acesso.falha", usuario=usuario_prestador)
                                         for _ in range(120)])
    with django_assert_max_num_queries(8):
        assert cliente_retaguarda.get("/operadora/registro-de-auditoria/").status_code == 200


@pytest.mark.django_db
def test_pendente_expira(client, usuario_retaguarda):
    entrar(client)
    sessao = client.session
    sessao["retaguarda_pendente"]["em"] = time.time() - 600
    sessao.save()
    assert client.get("/operadora/entrar/verificacao/")["Location"] == "/operadora/entrar/"


@pytest.mark.django_db
@pytest.mark.parametrize("caminho", ["/operadora/", "/operadora/mensagens/", "/operadora/mensagens/nova/",
                                     "/operadora/registro-de-auditoria/"])
def test_paginas_da_retaguarda_exigem_login(client, caminho):
    assert client.get(caminho)["Location"].startswith("/operadora/entrar/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("papel", ["Analista de contas", "Auditor médico", "Financeiro", "Atendente CRM"])
def test_inicio_so_liga_a_administracao_de_cadastros_a_quem_administra(papel):
    # given a staff member whose role has no administration permission (the demo staff are all is_staff)
    cliente = _equipe(papel)
    # when they open the back-office home
    inicio = cliente.get("/operadora/").content.decode()
    # then it does not offer the admin site, whose index would only say "Você não tem permissão…"
    assert "Administração de cadastros" not in inicio and 'href="/admin/"' not in inicio
    assert "Administração de cadastros" in _equipe("Administrador").get("/operadora/").content.decode()
