"""Browser journeys of the Access issue (Debian chromium via Playwright; e-mails read from the test outbox: the
live server runs in a thread of this process with the locmem e-mail backend)."""

import re

import pyotp
import pytest
from django.core import mail

from operadora.accounts.permissoes import PermissaoPortal
from operadora.core.testing import (
    SENHA_TESTE,
    TOTP_TESTE,
    criar_usuario_do_portal,
    entrar_na_retaguarda,
    entrar_no_portal,
)
from operadora.registry.models import Credenciamento, Prestador

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _link(mensagem, live_server) -> str:
    return re.search(rf"({re.escape(live_server.url)}/\S+)", mensagem.body).group(1)


def test_obter_acesso_de_ponta_a_ponta(pagina, live_server, prestador):
    pagina.goto(f"{live_server.url}/portal/entrar/")
    pagina.get_by_role("link", name="Obter acesso").first.click()
    pagina.get_by_label("Jurídica").check()
    pagina.fill("#id_documento", "33100200000175")
    assert pagina.input_value("#id_documento") == "33.100.200/0001-75"  # masked as typed
    pagina.get_by_role("button", name="Verificar").click()
    pagina.fill("#id_agencia", "1234")
    pagina.fill("#id_agencia_dv", "5")
    pagina.fill("#id_conta", "67890")
    pagina.fill("#id_conta_dv", "2")  # wrong DV first: precise message
    for campo in ("#id_email", "#id_email2"):
        pagina.fill(campo, "contato@clinica-a.exemplo.com.br")
    for campo in ("#id_senha", "#id_senha2"):
        pagina.fill(campo, "Portal#Seguro2026")
    pagina.get_by_role("button", name="Registrar").click()
    assert "não conferem com o cadastro" in pagina.content()
    pagina.fill("#id_conta_dv", "1")
    for campo in ("#id_senha", "#id_senha2"):
        pagina.fill(campo, "Portal#Seguro2026")
    pagina.get_by_role("button", name="Registrar").click()
    pagina.get_by_text("Confira o seu e-mail").wait_for()
    pagina.goto(_link(mail.outbox[-1], live_server))
    pagina.get_by_role("button", name="Validar meu acesso").click()
    pagina.get_by_text("Acesso validado!").wait_for()
    entrar_no_portal(pagina, live_server.url, "33.100.200/0001-75", "Portal#Seguro2026")
    assert "Informações do Prestador" in pagina.content()


def test_entrada_com_cpf_e_com_cnpj_escolha_e_troca_de_operadora(pagina, live_server, usuario_prestador,
                                                                  operadora, outra_operadora):
    entrar_no_portal(pagina, live_server.url, "33100200000175", SENHA_TESTE)
    assert "CLÍNICA A" in pagina.content() and "Sua sessão expira em" in pagina.content()
    pagina.get_by_role("button", name="Sair").click()
    medica = Prestador.objects.create(tipo_pessoa="F", cpf_cnpj="52998224725", nome="Dra. Ana", tipo="profissional")
    for op, codigo in ((operadora, "9001"), (outra_operadora, "9002")):
        Credenciamento.objects.create(operadora=op, prestador=medica, codigo_na_operadora=codigo,
                                      tipo_rede="credenciada", data_inicio="2024-01-01")
    criar_usuario_do_portal(medica)
    entrar_no_portal(pagina, live_server.url, "529.982.247-25", SENHA_TESTE, operadora_nome="Outra")
    assert "Código na Outra" in pagina.content()
    pagina.select_option("#troca-operadora", label="Saúde Teste")
    pagina.get_by_text("Código na Saúde Teste").wait_for()


def test_representante_convidado_entra_e_e_recusado_fora_dos_seus_grupos(pagina, live_server, usuario_prestador):
    entrar_no_portal(pagina, live_server.url, "33100200000175", SENHA_TESTE)
    pagina.get_by_role("link", name="Representantes").first.click()
    pagina.get_by_role("link", name="+ Novo representante").click()
    pagina.fill("#id_cpf", "11144477735")
    pagina.fill("#id_telefone", "11 3333-4444")
    pagina.get_by_label("Acesso ao chat").check()
    pagina.get_by_label("Autorizações").check()
    pagina.fill("#id_nome", "Joana Atendente")
    pagina.fill("#id_email", "joana@clinica-a.exemplo.com.br")
    pagina.fill("#id_email2", "joana@clinica-a.exemplo.com.br")
    pagina.fill("#id_lotacao", "Recepção")
    pagina.fill("#id_cargo", "Atendente")
    pagina.get_by_role("button", name="✓ Gravar").click()
    pagina.get_by_text("Representante Joana Atendente gravado.").wait_for()
    pagina.get_by_role("button", name="Sair").click()
    pagina.goto(_link(mail.outbox[-1], live_server))
    pagina.fill("#id_new_password1", "Joana#2026ok")
    pagina.fill("#id_new_password2", "Joana#2026ok")
    pagina.get_by_role("button", name="Gravar senha").click()
    entrar_no_portal(pagina, live_server.url, "111.444.777-35", "Joana#2026ok")
    assert "Representantes" not in pagina.locator("nav.menu").inner_text()
    resposta = pagina.goto(f"{live_server.url}/portal/representantes/")
    assert resposta.status == 403 and "Acesso negado" in pagina.content()


def test_bloqueio_e_liberacao_depois_do_intervalo(pagina, live_server, usuario_prestador, settings):
    settings.ACESSO_BLOQUEIO_SEGUNDOS = 2
    for _ in range(5):
        pagina.goto(f"{live_server.url}/portal/entrar/")
        pagina.fill("#id_documento", "33100200000175")
        pagina.fill("#id_senha", "errada123")
        pagina.get_by_role("button", name="Entrar").click()
    pagina.fill("#id_documento", "33100200000175")
    pagina.fill("#id_senha", SENHA_TESTE)
    pagina.get_by_role("button", name="Entrar").click()
    assert "bloqueado temporariamente" in pagina.content()
    pagina.wait_for_timeout(2100)
    entrar_no_portal(pagina, live_server.url, "33100200000175", SENHA_TESTE)
    assert "Informações do Prestador" in pagina.content()


def test_equipe_entra_com_totp(pagina, live_server, usuario_retaguarda):
    pagina.goto(f"{live_server.url}/operadora/entrar/")
    pagina.fill("#id_login", "equipe.teste")
    pagina.fill("#id_senha", SENHA_TESTE)
    pagina.get_by_role("button", name="Entrar").click()
    pagina.fill("#id_codigo", "123456" if pyotp.TOTP(TOTP_TESTE).now() != "123456" else "654321")
    pagina.get_by_role("button", name="Verificar").click()
    assert "Código inválido" in pagina.content()
    entrar_na_retaguarda(pagina, live_server.url, "equipe.teste", SENHA_TESTE, TOTP_TESTE)
    pagina.get_by_role("link", name="Registro de auditoria").click()
    pagina.get_by_text("Entrada na retaguarda (senha e segundo fator).").first.wait_for()


def test_sessao_mostra_contagem_avisa_e_expira(pagina, live_server, usuario_prestador, settings):
    settings.SESSAO_PORTAL_OCIOSA_SEGUNDOS = 6
    settings.SESSAO_AVISO_SEGUNDOS = 4
    entrar_no_portal(pagina, live_server.url, "33100200000175", SENHA_TESTE)
    assert re.search(r"0min0[0-6]s", pagina.locator("#contador-sessao").inner_text())
    pagina.locator("#aviso-sessao").wait_for(state="visible", timeout=5000)
    pagina.get_by_role("button", name="Continuar conectado").click()  # renews
    pagina.locator("#aviso-sessao").wait_for(state="hidden", timeout=3000)
    pagina.get_by_text("Sua sessão expirou por inatividade.").wait_for(timeout=15000)
    assert "/portal/entrar/" in pagina.url
    assert PermissaoPortal.FATURAMENTO  # the enum the journeys rely on stays importable
