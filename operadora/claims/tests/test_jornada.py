"""The issue's journey in Debian's chromium: a lote is uploaded → the analysis proposes glosas → the analyst
overrides one and releases → the provider downloads the Demonstrativo de Análise (PDF and XML) → appeals one item →
the operator accepts it → the payment statement shows the credit."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from operadora.billing import exemplos
from operadora.billing.models import Protocolo
from operadora.claims.models import Glosa, RecursoGlosa
from operadora.core.testing import (
    SENHA_TESTE,
    TOTP_TESTE,
    criar_usuario_do_portal,
    entrar_na_retaguarda,
    entrar_no_portal,
)
from operadora.tiss import guias as t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _arquivo_do_lote(operadora, beneficiario) -> bytes:
    """Two consultations of the same member on the same day: one at R$ 150,00 (contracted R$ 120,00)."""
    data = timezone.localdate() - datetime.timedelta(days=5)
    lote = exemplos.lote(tipo="1", quantidade=2, itens=1, numero_lote="JOR1", registro_ans=operadora.registro_ans,
                         codigo_prestador="100001", data=data, prefixo="JOR")
    medica = t.Profissional(nome_profissional="Dra. Ana Souza", conselho_profissional="06",
                            numero_conselho_profissional="123456", uf="35", cbos="225125")
    guias = tuple(dataclasses.replace(
        g, beneficiario=dataclasses.replace(g.beneficiario, numero_carteira=beneficiario.carteira),
        profissional_executante=medica, data_atendimento=data, codigo_tabela="22", codigo_procedimento="10101012",
        valor_procedimento=Decimal(valor)) for g, valor in zip(lote.guias_consulta, ("150.00", "120.00"), strict=True))
    return exemplos.arquivo(dataclasses.replace(lote, guias_consulta=guias), registro_ans=operadora.registro_ans,
                            codigo_prestador="100001")


def test_upload_analise_liberacao_demonstrativo_recurso_e_credito(
        live_server, navegador, pagina, operadora, prestador, beneficiario, preco_consulta, termos_tuss,
        usuario_retaguarda, tmp_path):
    url = live_server.url
    usuario = criar_usuario_do_portal(prestador)
    arquivo = tmp_path / "lote.xml"
    arquivo.write_bytes(_arquivo_do_lote(operadora, beneficiario))

    # 1. the provider uploads the lote
    entrar_no_portal(pagina, url, usuario.username, SENHA_TESTE)
    pagina.goto(f"{url}/portal/faturamento/xml/")
    pagina.set_input_files("#id_arquivos", str(arquivo))
    pagina.get_by_role("button", name="Enviar").click()
    protocolo = Protocolo.objects.get()
    assert f"protocolo (PEG) {protocolo.numero}" in pagina.inner_text("main")

    # 2. the analyst opens the queue and runs the analysis: glosas proposed
    equipe = navegador.new_context(locale="pt-BR", timezone_id="America/Sao_Paulo").new_page()
    entrar_na_retaguarda(equipe, url, usuario_retaguarda.username, SENHA_TESTE, TOTP_TESTE)
    equipe.goto(f"{url}/operadora/contas/")
    equipe.get_by_role("link", name=protocolo.numero).click()
    equipe.get_by_role("button", name="Analisar agora").click()
    preco = Glosa.objects.get(protocolo=protocolo, codigo_glosa="1705")
    duplicada = Glosa.objects.get(protocolo=protocolo, codigo_glosa="3209")
    assert "R$ 30,00" in equipe.inner_text(f"#glosa-{preco.pk}")

    # 3. overrides the duplicate (a justified return) and releases
    linha = equipe.locator(f"#glosa-{duplicada.pk}")
    linha.get_by_label("Decisão").select_option("anular")
    linha.get_by_label("Justificativa").fill("Retorno no mesmo dia registrado no prontuário.")
    linha.get_by_role("button", name="Registrar").click()
    expect(equipe.locator(f"#glosa-{duplicada.pk}")).to_contain_text("Anulada pelo analista")
    equipe.get_by_role("button", name="Liberar para faturamento").click()
    assert "liberado para faturamento" in equipe.content()
    protocolo.refresh_from_db()
    assert (protocolo.situacao, protocolo.valor_glosado) == ("liberado_faturamento", preco.valor)

    # 4. the provider downloads the Demonstrativo de Análise de Conta (PDF and XML)
    pagina.goto(f"{url}/portal/demonstrativos/")
    pagina.get_by_role("link", name=protocolo.numero).click()
    pdf = pagina.request.get(url + pagina.get_by_role("link", name="Demonstrativo de Análise de Conta (PDF)")
                             .get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    with pagina.expect_download() as baixado:
        pagina.get_by_role("link", name="XML TISS").click()
    with open(baixado.value.path(), "rb") as xml_analise:
        assert b"DEMONSTRATIVO_ANALISE_CONTA" in xml_analise.read()

    # 5. appeals the price glosa of the item (form prefilled with the glosa's value)
    pagina.locator(f"#glosa-{preco.pk}").get_by_role("link", name="Recorrer").click()
    assert pagina.get_by_label("Valor").input_value() == "30,00"  # pt-BR, as every amount on the page
    pagina.fill("#justificativa", "Valor conforme aditivo contratual de abril.")
    pagina.get_by_role("button", name="Enviar recurso").click()
    recurso = RecursoGlosa.objects.get()
    assert f"Recurso {recurso.numero} enviado" in pagina.content()

    # 6. the operator accepts it
    equipe.goto(f"{url}/operadora/contas/recursos/")
    equipe.get_by_role("link", name=recurso.numero).click()
    equipe.get_by_label("Decisão").select_option("acatado")
    equipe.get_by_role("button", name="Responder recurso").click()
    assert "Acatado" in equipe.content()

    # 7. finance invoices the protocol; the payment statement shows the credit
    equipe.goto(f"{url}/operadora/pagamentos/?operadora={operadora.pk}")
    equipe.get_by_label(f"Faturar o protocolo {protocolo.numero}").check()
    equipe.fill("#data-faturar", (timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    equipe.get_by_role("button", name="Faturar selecionados").click()
    pagina.goto(f"{url}/portal/demonstrativos/")
    assert "R$ 30,00" in pagina.locator("section", has_text="Demonstrativo de Pagamento").inner_text()
    xml = pagina.request.get(url + pagina.get_by_role("link", name="XML").last.get_attribute("href"))
    assert b"<ans:valorDbCr>30.00</ans:valorDbCr>" in xml.body()
