"""Browser journeys (Playwright on Debian's chromium): type an SP/SADT guide → lote → send → PEG → capa PDF;
upload a valid and an invalid XML and read the report; automatic billing: generate, confer, send, cancel,
generate again."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from operadora.billing.models import FaturamentoAutomatico, Lote, Protocolo
from operadora.billing.tests.fabricas import criar_atendimentos_confirmados
from operadora.core.testing import SENHA_TESTE, criar_usuario_do_portal, entrar_no_portal
from operadora.registry.models import Profissional

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def entrar(live_server, prestador, operadora):
    usuario = criar_usuario_do_portal(prestador)

    def fazer(pagina):
        pagina.on("dialog", lambda dialogo: dialogo.accept())
        return entrar_no_portal(pagina, live_server.url, usuario.username, SENHA_TESTE)

    return fazer


def test_digitar_sp_sadt_lote_enviar_peg_e_capa(
    pagina, live_server, entrar, beneficiario, preco_consulta, prestador
):
    medico = Profissional.objects.create(
        nome="Dra. Ana Souza", conselho="06", numero_conselho="123456", uf_conselho="SP", cbo="225125"
    )
    medico.prestadores.add(prestador)
    data = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    entrar(pagina)
    pagina.goto(f"{live_server.url}/portal/faturamento/guias/")
    pagina.get_by_role("link", name="SP/SADT").click()
    # 1. guide number and beneficiary
    pagina.fill("#id_numero_guia_prestador", "JOR-0001")
    pagina.fill("#id_beneficiario_busca", beneficiario.carteira)
    pagina.get_by_role("button", name="Próximo").click()
    # 2. solicitante from the register
    pagina.select_option("#id_profissional", str(medico.pk))
    pagina.get_by_role("button", name="Próximo").click()
    # 3. procedure, value left blank (contracted price)
    pagina.fill("#id_itens-0-codigo", "10101012")
    pagina.fill("#id_itens-0-data_execucao", data)
    pagina.get_by_role("button", name="Próximo").click()
    # 4. executante, 5. anexos
    pagina.select_option("#id_profissional", str(medico.pk))
    pagina.get_by_role("button", name="Próximo").click()
    pagina.get_by_role("button", name="Próximo").click()
    # summary → Salvar
    assert "R$ 120,00" in pagina.locator("#resumo").inner_text()
    pagina.get_by_role("button", name="Salvar").click()
    assert "ainda não foi enviada" in pagina.content()
    # lote: new, add, close, send
    pagina.goto(f"{live_server.url}/portal/faturamento/lotes/")
    pagina.select_option("#id_tipo_guia", "2")
    pagina.get_by_role("button", name="+ Novo lote").click()
    expect(pagina.locator("#contagem-guias")).to_contain_text("Este lote já possui 0 guia(s)")
    pagina.get_by_label("Guia JOR-0001").check()
    pagina.get_by_role("button", name="+ Adicionar guias").click()
    expect(pagina.locator("#contagem-guias")).to_contain_text("Este lote já possui 1 guia(s)")
    pagina.get_by_role("button", name="Fechar lote").click()
    pagina.get_by_role("button", name="Enviar lote").click()
    protocolo = Protocolo.objects.get()
    assert f"protocolo (PEG) {protocolo.numero}" in pagina.content()
    assert pagina.inner_text("#protocolo-peg") == protocolo.numero
    assert pagina.inner_text("#situacao-lote") == "Enviado à operadora"
    endereco = pagina.get_by_role("link", name="Capa do lote (PDF)").first.get_attribute("href")
    capa = pagina.request.get(live_server.url + endereco)
    assert capa.headers["content-type"] == "application/pdf" and capa.body().startswith(b"%PDF")


def test_upload_de_xml_valido_e_invalido_com_relatorio(pagina, live_server, entrar, arquivo_lote, tmp_path):
    bom, ruim = tmp_path / "bom.xml", tmp_path / "ruim.xml"
    bom.write_bytes(arquivo_lote(quantidade=2))
    ruim.write_bytes(arquivo_lote(numero_lote="9", prefixo="R", dias_atras=200))
    entrar(pagina)
    pagina.goto(f"{live_server.url}/portal/faturamento/xml/")
    pagina.set_input_files("#id_arquivos", [str(bom), str(ruim)])
    pagina.get_by_role("button", name="Enviar").click()
    resultados = pagina.locator("section.resultado-xml")
    assert resultados.count() == 2
    protocolo = Protocolo.objects.get()
    assert protocolo.numero in resultados.nth(0).inner_text()
    relatorio = resultados.nth(1).inner_text()
    assert (
        "Arquivo recusado" in relatorio
        and "3214" in relatorio
        and "fora do prazo de faturamento" in relatorio
    )
    recibo = pagina.request.get(
        live_server.url
        + resultados.nth(0)
        .get_by_role("link", name="Baixar protocolo de recebimento (XML)")
        .get_attribute("href")
    )
    assert b"PROTOCOLO_RECEBIMENTO" in recibo.body()
    assert Lote.objects.count() == 1


def test_faturamento_automatico_gerar_conferir_enviar_cancelar_gerar(
    pagina, live_server, entrar, operadora, prestador, beneficiario, preco_consulta
):
    hoje = timezone.localdate()
    criar_atendimentos_confirmados(operadora, prestador, beneficiario, hoje, (9, 8))
    entrar(pagina)
    pagina.goto(f"{live_server.url}/portal/faturamento/automatico/")
    pagina.fill("#id_data_final", (hoje - datetime.timedelta(days=1)).isoformat())
    pagina.get_by_role("button", name="Gerar lote").click()
    assert "2 procedimento(s) adicionado(s) no lote" in pagina.content()
    # confer one, send (the other is removed)
    pagina.get_by_role("button", name="Confirmar 10101012").first.click()
    pagina.wait_for_load_state("networkidle")  # the confirmation is an htmx swap: let it land before sending
    pagina.get_by_role("button", name="Enviar").click()
    expect(pagina.locator("#situacao-faturamento")).to_have_text("Enviado")
    faturamento = FaturamentoAutomatico.objects.get()
    assert faturamento.quantidade_itens == 1 and Protocolo.objects.get().situacao == "recebido"
    # cancel, then generate again: both sessions come back
    pagina.get_by_role("button", name="Cancelar").click()
    assert "Faturamento cancelado" in pagina.content()
    pagina.fill("#id_data_final", (hoje - datetime.timedelta(days=1)).isoformat())
    pagina.get_by_role("button", name="Gerar lote").click()
    assert "2 procedimento(s) adicionado(s) no lote" in pagina.content()
    assert FaturamentoAutomatico.objects.filter(situacao="aguardando_envio").count() == 1


def test_passo_3_mostra_valor_unitario_e_conferencia_sem_rolar(pagina, live_server, entrar, beneficiario):
    # Given a laptop screen (1366 px) and a new SP/SADT guide at step 3
    pagina.set_viewport_size({"width": 1366, "height": 900})
    entrar(pagina)
    pagina.goto(f"{live_server.url}/portal/faturamento/guias/")
    pagina.get_by_role("link", name="SP/SADT").click()
    pagina.fill("#id_numero_guia_prestador", "JOR-0003")
    pagina.fill("#id_beneficiario_busca", beneficiario.carteira)
    pagina.get_by_role("button", name="Próximo").click()
    pagina.goto(pagina.url.replace("/passo/2/", "/passo/3/"))
    # Then the item row's every field and its Conferência cell lie within the card, not past its edge
    rolavel = pagina.locator(".tabela-rolavel").first
    assert rolavel.evaluate("e => e.scrollWidth <= e.clientWidth")
    borda = rolavel.bounding_box()
    for alvo in ("#id_itens-0-valor_unitario", "#id_itens-0-reducao_acrescimo", "#aviso-0"):
        caixa = pagina.locator(alvo).bounding_box()
        assert caixa["x"] + caixa["width"] <= borda["x"] + borda["width"] + 1, alvo
