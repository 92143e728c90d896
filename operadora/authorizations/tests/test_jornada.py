"""The issue's "Done when": a provider requests an SP/SADT that needs audit → the auditor asks for a justification →
the provider sends a document → the auditor authorizes part of it → the provider finds it by number + carteira,
sees the senha and validity, prints it, and confirms two sessions."""

import re

import pytest
from django.utils import timezone

from operadora.authorizations.models import Atendimento, Autorizacao
from operadora.core.testing import (
    SENHA_TESTE,
    TOTP_TESTE,
    criar_usuario_do_portal,
    entrar_na_retaguarda,
    entrar_no_portal,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_request_audit_justification_partial_authorization_search_print_and_two_sessions(
        live_server, navegador, pagina, prestador, beneficiario, regras, usuario_retaguarda, tmp_path):
    criar_usuario_do_portal(prestador)
    url = live_server.url

    # The provider requests an SP/SADT: a glucose test (audit rule) and 10 psychotherapy sessions.
    entrar_no_portal(pagina, url, prestador.cpf_cnpj, SENHA_TESTE)
    pagina.goto(f"{url}/portal/autorizacoes/nova/")
    pagina.fill("#id_numero_guia_prestador", "CLIN-2026-01")
    pagina.fill("#id_carteira", beneficiario.carteira)
    pagina.fill("#id_indicacao_clinica", "Ansiedade generalizada; rastreio metabólico.")
    pagina.fill("#id_itens-0-codigo", "40302040")
    pagina.fill("#id_itens-0-quantidade", "1")
    pagina.fill("#id_itens-1-codigo", "20104219")
    pagina.fill("#id_itens-1-quantidade", "10")
    pagina.get_by_role("button", name="Enviar solicitação").click()
    pagina.wait_for_url(re.compile(r"/portal/autorizacoes/\d+/$"))
    assert pagina.locator("#situacao").inner_text() == "Em análise"
    autorizacao = Autorizacao.objects.get()

    # The auditor asks for a technical justification.
    equipe = navegador.new_context(locale="pt-BR", timezone_id="America/Sao_Paulo").new_page()
    entrar_na_retaguarda(equipe, url, usuario_retaguarda.username, SENHA_TESTE, TOTP_TESTE)
    equipe.goto(f"{url}/operadora/auditoria/")
    equipe.get_by_role("link", name=autorizacao.numero_guia_operadora).click()
    equipe.check("input[name='pendencia-pendencia'][value='justificativa']")
    equipe.fill("#id_pendencia-texto", "Justifique 10 sessões e envie o relatório do psiquiatra.")
    equipe.get_by_role("button", name="Enviar pedido ao prestador").click()
    equipe.wait_for_url(f"{url}/operadora/auditoria/")

    # The provider answers with text and a document.
    pagina.reload()
    assert pagina.locator("#situacao").inner_text() == "Aguardando justificativa"
    relatorio = tmp_path / "relatorio.pdf"
    relatorio.write_bytes(b"%PDF-1.4\n% relatorio do psiquiatra\n")
    pagina.fill("#id_texto", "Quadro moderado; segue relatório recomendando psicoterapia semanal.")
    pagina.set_input_files("#id_anexos", str(relatorio))
    pagina.get_by_role("button", name="Enviar resposta").click()
    pagina.wait_for_load_state()
    assert pagina.locator("#situacao").inner_text() == "Em análise"
    assert pagina.get_by_role("link", name="relatorio.pdf").first.is_visible()

    # The auditor authorizes part of it: 6 of the 10 sessions.
    equipe.goto(f"{url}/operadora/auditoria/{autorizacao.id}/")
    sessoes = autorizacao.itens.get(codigo="20104219")
    equipe.fill(f"#id_autorizar-qtd_{sessoes.id}", "6")
    equipe.fill("#id_autorizar-codigo_negativa", "3293")
    equipe.fill("#id_autorizar-justificativa", "Seis sessões até a reavaliação do psiquiatra.")
    equipe.get_by_role("button", name="Autorizar").click()
    equipe.wait_for_url(f"{url}/operadora/auditoria/")
    autorizacao.refresh_from_db()
    assert autorizacao.situacao == "parcialmente_autorizada"

    # The provider finds it by number + carteira, sees senha and validity, prints it.
    pagina.goto(f"{url}/portal/autorizacoes/")
    pagina.fill("#id_numero", autorizacao.numero_guia_operadora)
    pagina.fill("#id_carteira", beneficiario.carteira)
    pagina.get_by_role("button", name="Buscar").click()
    pagina.wait_for_url(f"{url}/portal/autorizacoes/{autorizacao.id}/")
    assert pagina.locator("#senha").inner_text() == autorizacao.senha
    assert pagina.locator("#validade").inner_text() == autorizacao.data_validade_senha.strftime("%d/%m/%Y")
    link = pagina.get_by_role("link", name="Imprimir guia (PDF)").get_attribute("href")
    impressao = pagina.request.get(f"{url}{link}")
    assert impressao.headers["content-type"] == "application/pdf" and impressao.body().startswith(b"%PDF")

    # …and confirms two sessions.
    hoje = timezone.localdate().isoformat()
    for _ in range(2):
        formulario = pagina.locator("form.confirmar-atendimento[data-item='20104219']")
        formulario.locator("input[name='data_execucao']").fill(hoje)
        formulario.get_by_role("button", name="Confirmar atendimento").click()
        pagina.wait_for_load_state()
    assert pagina.locator("#atendimentos tr").count() == 2
    assert Atendimento.objects.filter(autorizacao=autorizacao, item=sessoes).count() == 2
    assert "saldo 4" in pagina.locator("form.confirmar-atendimento[data-item='20104219']").inner_text()
