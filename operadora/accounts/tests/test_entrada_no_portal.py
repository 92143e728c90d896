import re
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from operadora.accounts.acesso import SESSAO_OPERADORA
from operadora.core.models import EventoAuditoria
from operadora.core.testing import SENHA_TESTE, criar_usuario_do_portal
from operadora.registry.models import Credenciamento, Prestador


def entrar(client, documento, senha=SENHA_TESTE, **extra):
    return client.post("/portal/entrar/", {"documento": documento, "senha": senha, **extra})


@pytest.mark.django_db
def test_entrada_com_cnpj_mascarado_escolhe_a_unica_operadora(client, usuario_prestador, operadora):
    # given a provider credentialed with one operadora; when it signs in with the masked CNPJ
    resposta = entrar(client, "33.100.200/0001-75")
    # then it lands on the home with that operadora chosen, and the sign-in is audited
    assert resposta.status_code == 302 and resposta["Location"] == "/portal/"
    assert client.session[SESSAO_OPERADORA] == operadora.pk
    pagina = client.get("/portal/").content.decode()
    assert "Clínica A".upper() in pagina and "Sua sessão expira em" in pagina and "30min00s" in pagina
    assert EventoAuditoria.objects.filter(acao="acesso.entrada", usuario=usuario_prestador).exists()


@pytest.mark.django_db
def test_entrada_com_cpf_e_varias_operadoras_pede_a_escolha_e_permite_trocar(client, operadora, outra_operadora):
    # given a pessoa física provider (login = CPF) credentialed with two operadoras
    medica = Prestador.objects.create(tipo_pessoa="F", cpf_cnpj="52998224725", nome="Dra. Ana", tipo="profissional")
    for op, codigo in ((operadora, "9001"), (outra_operadora, "9002")):
        Credenciamento.objects.create(operadora=op, prestador=medica, codigo_na_operadora=codigo,
                                      tipo_rede="credenciada", data_inicio="2024-01-01")
    criar_usuario_do_portal(medica)
    # when it signs in with the CPF; then it must choose the operadora
    resposta = entrar(client, "529.982.247-25")
    assert resposta["Location"].startswith("/portal/operadora/")
    assert client.get("/portal/").status_code == 302
    client.post("/portal/operadora/", {"operadora": outra_operadora.pk})
    assert client.session[SESSAO_OPERADORA] == outra_operadora.pk
    assert "Outra" in client.get("/portal/").content.decode()
    # and switching to an operadora it is not credentialed with is refused, the choice unchanged
    terceira = type(operadora).objects.create(registro_ans="300001", cnpj="11222333000262", razao_social="T",
                                              nome_fantasia="Terceira", uf="RJ")
    assert client.post("/portal/operadora/", {"operadora": terceira.pk}).status_code == 400
    assert client.session[SESSAO_OPERADORA] == outra_operadora.pk


@pytest.mark.django_db
def test_representante_ve_de_qual_prestador_e_ao_escolher_a_operadora(client, prestador, operadora, outra_operadora):
    # given a representative of a provider credentialed with two operadoras
    Credenciamento.objects.create(operadora=outra_operadora, prestador=prestador, codigo_na_operadora="9002",
                                  tipo_rede="credenciada", data_inicio="2024-01-01")
    joana = criar_usuario_do_portal(prestador, login="52998224725", representante=True, permissoes=["faturamento"])
    joana.first_name = "Joana Atendente"
    joana.save()
    # when it signs in and is asked to choose the operadora
    entrar(client, "529.982.247-25")
    topo = re.search(r'<div class="quem">(.*?)</div>', client.get("/portal/operadora/").content.decode(), re.S)
    # then the top names the provider and the representative (it said "Joana Atendente · Joana Atendente")
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", topo.group(1))).strip() == f"{prestador} · Joana Atendente"


@pytest.mark.django_db
def test_senha_errada_tem_mensagem_clara_e_fica_na_auditoria(client, usuario_prestador):
    resposta = entrar(client, "33100200000175", "errada123")
    assert resposta.status_code == 400
    assert "CPF/CNPJ ou senha incorretos." in resposta.content.decode()
    assert "_auth_user_id" not in client.session
    assert EventoAuditoria.objects.filter(acao="acesso.falha", usuario=usuario_prestador).count() == 1


@pytest.mark.django_db
def test_documento_com_tamanho_errado_e_recusado_no_formulario(client):
    resposta = entrar(client, "123")
    assert resposta.status_code == 400
    assert "Informe um CPF (11 dígitos) ou um CNPJ (14 dígitos)." in resposta.content.decode()


@pytest.mark.django_db
def test_bloqueio_por_conta_depois_de_cinco_falhas_e_libera_depois_do_intervalo(client, usuario_prestador, settings):
    settings.ACESSO_BLOQUEIO_SEGUNDOS = 1
    # given five failed attempts on the account
    for _ in range(5):
        entrar(client, "33100200000175", "errada123")
    # then even the right password is refused with the lockout message, and the lockout is audited
    resposta = entrar(client, "33100200000175")
    assert resposta.status_code == 400
    assert "bloqueado temporariamente" in resposta.content.decode()
    assert "_auth_user_id" not in client.session
    assert EventoAuditoria.objects.filter(acao="acesso.bloqueio", usuario=usuario_prestador).count() == 1
    # when the cool-off has passed; then the right password works
    time.sleep(1.1)
    assert entrar(client, "33100200000175").status_code == 302


@pytest.mark.django_db
def test_bloqueio_por_endereco_alcanca_outras_contas(client, usuario_prestador, settings):
    settings.ACESSO_MAX_FALHAS_IP = 3
    for documento in ("11111111111", "22222222222", "33333333333"):
        entrar(client, documento, "qualquer1")
    resposta = entrar(client, "33100200000175")
    assert "bloqueado temporariamente" in resposta.content.decode()


@pytest.mark.django_db
def test_equipe_nao_entra_pelo_portal(client, usuario_retaguarda):
    resposta = entrar(client, "equipe.teste" + "000")  # not a document
    assert resposta.status_code == 400
    usuario_retaguarda.username = "52998224725"
    usuario_retaguarda.save()
    assert entrar(client, "52998224725").status_code == 400
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_acesso_nao_validado_e_desativado_tem_mensagens_precisas(client, prestador, usuario_outro_prestador):
    pendente = criar_usuario_do_portal(prestador)
    pendente.is_active, pendente.acesso_validado_em = False, None
    pendente.save()
    assert "ainda não foi validado" in entrar(client, prestador.cpf_cnpj).content.decode()
    usuario_outro_prestador.is_active = False
    usuario_outro_prestador.save()
    assert "desativado" in entrar(client, usuario_outro_prestador.username).content.decode()


@pytest.mark.django_db
def test_proximo_leva_de_volta_a_pagina_pedida_e_nao_sai_do_site(client, usuario_prestador):
    assert client.get("/portal/mensagens/")["Location"] == "/portal/entrar/?next=/portal/mensagens/"
    assert entrar(client, "33100200000175", next="/portal/mensagens/")["Location"] == "/portal/mensagens/"
    client.logout()
    assert entrar(client, "33100200000175", next="https://malicioso.exemplo/")["Location"] == "/portal/"


@pytest.mark.django_db
def test_proximo_com_varios_parametros_sobrevive_a_escolha_da_operadora(client, usuario_prestador, operadora,
                                                                       outra_operadora):
    # given a provider credentialed with two operadoras, sent to sign in from a filtered list
    Credenciamento.objects.create(operadora=outra_operadora, prestador=usuario_prestador.prestador,
                                  codigo_na_operadora="9004", tipo_rede="credenciada", data_inicio="2024-01-01")
    pedido = "/portal/faturamento/lotes/?tipo=1&numero=5"
    # when it signs in and chooses the operadora
    escolha = entrar(client, "33100200000175", next=pedido)["Location"]
    resposta = client.post("/portal/operadora/", {"operadora": operadora.pk, "next": client.get(escolha).context["next"]})
    # then it lands on the page it asked for, with every filter kept
    assert resposta["Location"] == pedido


@pytest.mark.django_db
@pytest.mark.parametrize("proximo", ["1", "inicio", "portal:inicio", "mensagens/", "//malicioso.exemplo/"])
def test_proximo_que_nao_e_caminho_do_site_volta_ao_inicio_sem_erro(client, usuario_prestador, operadora,
                                                                    outra_operadora, proximo):
    # given a provider credentialed with two operadoras, signed in (it must choose one)
    Credenciamento.objects.create(operadora=outra_operadora, prestador=usuario_prestador.prestador,
                                  codigo_na_operadora="9003", tipo_rede="credenciada", data_inicio="2024-01-01")
    assert entrar(client, "33100200000175")["Location"].startswith("/portal/operadora/")
    # when it chooses the operadora with a `next` that is not a path of this site
    resposta = client.post("/portal/operadora/", {"operadora": operadora.pk, "next": proximo})
    # then it goes to the portal home (no 500 from reversing the word, no redirect out of the site)
    assert resposta.status_code == 302 and resposta["Location"] == "/portal/"
    assert client.session[SESSAO_OPERADORA] == operadora.pk


@pytest.mark.django_db
def test_sair_encerra_a_sessao(cliente_portal):
    assert cliente_portal.post("/portal/sair/")["Location"] == "/portal/entrar/"
    assert cliente_portal.get("/portal/").status_code == 302
    assert cache is not None


@pytest.mark.django_db
def test_troca_de_operadora_no_cabecalho_lista_as_ativas_por_nome_com_uma_consulta(client, operadora,
                                                                                   outra_operadora):
    # given a provider credentialed with three operadoras, one of them suspended
    medica = Prestador.objects.create(tipo_pessoa="F", cpf_cnpj="52998224725", nome="Dra. Ana", tipo="profissional")
    suspensa = type(operadora).objects.create(registro_ans="300001", cnpj="11222333000262", razao_social="S",
                                              nome_fantasia="Aaa Suspensa", uf="RJ")
    for op, codigo, situacao in ((operadora, "9001", "ativo"), (outra_operadora, "9002", "ativo"),
                                 (suspensa, "9003", "suspenso")):
        Credenciamento.objects.create(operadora=op, prestador=medica, codigo_na_operadora=codigo, situacao=situacao,
                                      tipo_rede="credenciada", data_inicio="2024-01-01")
    criar_usuario_do_portal(medica)
    entrar(client, "529.982.247-25")
    client.post("/portal/operadora/", {"operadora": outra_operadora.pk})
    # when a portal page is shown
    with CaptureQueriesContext(connection) as consultas:
        pagina = client.get("/portal/").content.decode()
    # then the switcher offers the active ones by name, the chosen one selected, the suspended one absent
    seletor = pagina[pagina.index('id="troca-operadora"'):pagina.index("</select>")]
    assert re.findall(r'<option value="(\d+)"( selected)?>([^<]+)</option>', seletor) == [
        (str(outra_operadora.pk), " selected", outra_operadora.nome_fantasia),
        (str(operadora.pk), "", operadora.nome_fantasia),
    ]
    # and the credentialings were read once (the context and the switcher share the query)
    assert sum("registry_credenciamento" in q["sql"] for q in consultas.captured_queries) == 1
