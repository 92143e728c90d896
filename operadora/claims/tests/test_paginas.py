"""The pages: back-office account audit and payments, portal demonstrativos and recursos (thin views over the
services; permissions; bad input gets a pt-BR message, never a 500)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from operadora.accounts.models import Usuario
from operadora.billing.models import Protocolo
from operadora.claims import services
from operadora.claims.models import Glosa, ItemRecurso, Pagamento, RecursoGlosa
from operadora.core.models import EventoAuditoria
from operadora.core.testing import cliente_na_retaguarda

from .conftest import item

pytestmark = pytest.mark.django_db
# a PDF signature followed by an HTML page: passes the upload check, and must still be served as opaque bytes
HTML_COMO_PDF = b"%PDF-1.4\n<html><script>alert(1)</script></html>"


@pytest.fixture
def em_analise(protocolo_factory, beneficiario, preco_consulta):
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(unitario="150.00")]},
                                   {"carteira": "00000000000", "itens": [item()]}])
    services.analisar_protocolo(protocolo_id=protocolo.pk)
    return protocolo


@pytest.fixture
def liberado(em_analise, usuario_retaguarda):
    services.liberar_protocolo(protocolo_id=em_analise.pk, usuario=usuario_retaguarda)
    em_analise.refresh_from_db()
    return em_analise


def _equipe(*permissoes: str) -> Usuario:
    usuario = Usuario.objects.create_user(username=f"equipe.{'.'.join(permissoes) or 'sem'}", password="x",
                                          tipo=Usuario.Tipo.OPERADORA)
    usuario.user_permissions.set(Permission.objects.filter(content_type__app_label="accounts",
                                                           codename__in=permissoes))
    return usuario


# --- back office ---------------------------------------------------------------------------------------------


def test_fila_e_protocolo_mostram_glosas_propostas(cliente_retaguarda, em_analise):
    assert em_analise.numero in cliente_retaguarda.get("/operadora/contas/").content.decode()
    pagina = cliente_retaguarda.get(f"/operadora/contas/{em_analise.pk}/").content.decode()
    assert "1705" in pagina and "1001" in pagina and "Liberar para faturamento" in pagina


def test_analista_anula_glosa_e_libera_pela_pagina(cliente_retaguarda, em_analise):
    glosa = Glosa.objects.get(protocolo=em_analise, codigo_glosa="1705")
    resposta = cliente_retaguarda.post(f"/operadora/contas/glosas/{glosa.pk}/decidir/", {
        "decisao": "anular", "justificativa": "Preço do aditivo de maio."})
    assert resposta.status_code == 302
    glosa.refresh_from_db()
    assert glosa.situacao == Glosa.Situacao.ANULADA
    cliente_retaguarda.post(f"/operadora/contas/{em_analise.pk}/liberar/")
    em_analise.refresh_from_db()
    assert (em_analise.situacao, em_analise.valor_glosado) == ("liberado_faturamento", Decimal("100.00"))


def test_valor_invalido_na_decisao_vira_mensagem(cliente_retaguarda, em_analise):
    glosa = Glosa.objects.get(protocolo=em_analise, codigo_glosa="1705")
    resposta = cliente_retaguarda.post(f"/operadora/contas/glosas/{glosa.pk}/decidir/", {
        "decisao": "ajustar", "valor": "dez reais", "justificativa": "Ajuste de valor pedido."})
    assert resposta.status_code == 400
    assert "Informe o valor da glosa em reais" in resposta.content.decode()
    glosa.refresh_from_db()
    assert glosa.situacao == Glosa.Situacao.PROPOSTA


def test_equipe_sem_analise_de_contas_recebe_403_e_nada_muda(em_analise):
    cliente = cliente_na_retaguarda(_equipe("financeiro"))
    glosa = Glosa.objects.get(protocolo=em_analise, codigo_glosa="1705")
    assert cliente.get("/operadora/contas/").status_code == 403
    assert cliente.post(f"/operadora/contas/glosas/{glosa.pk}/decidir/", {"decisao": "anular",
                                                                          "justificativa": "x" * 20}).status_code == 403
    assert cliente.post(f"/operadora/contas/{em_analise.pk}/liberar/").status_code == 403
    glosa.refresh_from_db()
    em_analise.refresh_from_db()
    assert (glosa.situacao, em_analise.situacao) == (Glosa.Situacao.PROPOSTA, "em_analise")


def test_publicar_regras_pela_pagina_e_json_invalido(cliente_retaguarda, operadora):
    url = f"/operadora/contas/regras/?operadora={operadora.pk}"
    assert "Valor acima do contratado" in cliente_retaguarda.get(url).content.decode()
    resposta = cliente_retaguarda.post(url, {"operadora": operadora.pk, "ativa_preco_contratado": "on",
                                             "parametros_preco_contratado": "{tolerancia: 5"}, follow=True)
    assert "JSON inválido" in resposta.content.decode()
    assert services.garantir_regras(operadora).versao == 1
    cliente_retaguarda.post(url, {"operadora": operadora.pk, "ativa_elegibilidade": "on", "observacao": "Só elegibilidade"})
    versao = services.garantir_regras(operadora)
    assert versao.versao == 2 and versao.regras["elegibilidade"]["ativa"] and not versao.regras["preco_contratado"]["ativa"]


def test_financeiro_fatura_e_paga_pela_pagina(liberado, operadora):
    cliente = cliente_na_retaguarda(_equipe("financeiro"))
    assert liberado.numero in cliente.get(f"/operadora/pagamentos/?operadora={operadora.pk}").content.decode()
    cliente.post("/operadora/pagamentos/faturar/", {"operadora": operadora.pk, "protocolo": [liberado.pk],
                                                    "data": "2025-06-20"})
    pagamento = Pagamento.objects.get()
    assert pagamento.data_pagamento == datetime.date(2025, 6, 20)
    assert cliente.get(f"/operadora/pagamentos/{pagamento.pk}/demonstrativo.pdf").content.startswith(b"%PDF")
    cliente.post("/operadora/pagamentos/executar/", {"operadora": operadora.pk, "data": "2025-06-20"})
    liberado.refresh_from_db()
    assert liberado.situacao == Protocolo.Situacao.PAGO
    assert cliente.get("/operadora/contas/").status_code == 403


def test_faturar_varios_diz_qual_protocolo_cada_mensagem_conta(protocolo_factory, beneficiario, preco_consulta,
                                                              usuario_retaguarda, operadora):
    # given two protocols released for billing
    protocolos = []
    for _ in range(2):
        p = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item()]}])
        services.analisar_protocolo(protocolo_id=p.pk)
        services.liberar_protocolo(protocolo_id=p.pk, usuario=usuario_retaguarda)
        protocolos.append(p)
    # when finance bills both at once
    resposta = cliente_na_retaguarda(_equipe("financeiro")).post("/operadora/pagamentos/faturar/", {
        "operadora": operadora.pk, "protocolo": [p.pk for p in protocolos], "data": "2025-06-20"}, follow=True)
    # then each message names its protocol (they were the same sentence twice: "Protocolo faturado: pagamento
    # em 20/06/2025.")
    texto = resposta.content.decode()
    for p in protocolos:
        assert f"Protocolo {p.numero} faturado: pagamento em 20/06/2025." in texto


def test_demonstrativo_de_pagamento_em_formato_desconhecido_e_404(liberado, operadora):
    # given a billed payment; when its statement is asked with an extension other than .pdf or .xml
    cliente = cliente_na_retaguarda(_equipe("financeiro"))
    cliente.post("/operadora/pagamentos/faturar/", {"operadora": operadora.pk, "protocolo": [liberado.pk],
                                                    "data": "2025-06-20"})
    pagamento = Pagamento.objects.get()
    resposta = cliente.get(f"/operadora/pagamentos/{pagamento.pk}/demonstrativo.txt")
    # then 404 (it answered 200 with the PDF, named .pdf), as the portal does
    assert resposta.status_code == 404


def test_retaguarda_baixa_o_demonstrativo_de_analise_que_o_prestador_recebe(liberado):
    """The back office could not open a protocol's Demonstrativo de Análise (only the provider's portal and the CLI
    could): the analyst answering a provider's question had no way to see the file the provider reads."""
    cliente = cliente_na_retaguarda(_equipe("analise_contas"))

    pagina = cliente.get(f"/operadora/contas/{liberado.pk}/").content.decode()
    pdf = cliente.get(f"/operadora/contas/{liberado.pk}/demonstrativo.pdf")
    xml = cliente.get(f"/operadora/contas/{liberado.pk}/demonstrativo.xml")

    assert f"/operadora/contas/{liberado.pk}/demonstrativo.pdf" in pagina
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert xml.status_code == 200 and b"demonstrativoAnaliseConta" in xml.content
    assert cliente.get(f"/operadora/contas/{liberado.pk}/demonstrativo.txt").status_code == 404
    # staff without the account-audit permission get the pt-BR 403
    assert cliente_na_retaguarda(_equipe("financeiro")).get(
        f"/operadora/contas/{liberado.pk}/demonstrativo.pdf").status_code == 403


def test_retaguarda_sem_demonstrativo_antes_de_liberar(em_analise):
    cliente = cliente_na_retaguarda(_equipe("analise_contas"))
    assert "demonstrativo.pdf" not in cliente.get(f"/operadora/contas/{em_analise.pk}/").content.decode()
    assert cliente.get(f"/operadora/contas/{em_analise.pk}/demonstrativo.pdf").status_code == 404


# --- portal --------------------------------------------------------------------------------------------------


def test_portal_demonstrativo_pdf_xml_e_recorrer_prefilled(cliente_portal, liberado):
    lista = cliente_portal.get("/portal/demonstrativos/").content.decode()
    assert liberado.numero in lista
    pagina = cliente_portal.get(f"/portal/demonstrativos/analise/{liberado.pk}/").content.decode()
    assert "Recorrer" in pagina
    pdf = cliente_portal.get(f"/portal/demonstrativos/analise/{liberado.pk}/demonstrativo.pdf")
    xml = cliente_portal.get(f"/portal/demonstrativos/analise/{liberado.pk}/demonstrativo.xml")
    assert pdf["Content-Type"] == "application/pdf" and xml.content.startswith(b"<?xml")
    glosa = Glosa.objects.get(protocolo=liberado, codigo_glosa="1705")
    formulario = cliente_portal.get(f"/portal/recursos/novo/?glosa={glosa.pk}").content.decode()
    # the glosed amount comes in pt-BR, as every other amount on the page (it was 30.00)
    assert 'value="30,00"' in formulario


def test_portal_envia_recurso_com_anexo(cliente_portal, liberado):
    glosa = Glosa.objects.get(protocolo=liberado, codigo_glosa="1705")
    anexo = SimpleUploadedFile("aditivo.pdf", b"%PDF-1.4 aditivo", content_type="application/pdf")
    resposta = cliente_portal.post("/portal/recursos/novo/", {
        "glosa": [glosa.pk], f"valor_{glosa.pk}": "30,00", "justificativa": "Aditivo contratual de abril anexo.",
        "anexos": [anexo]})
    recurso = RecursoGlosa.objects.get()
    assert resposta.status_code == 302 and recurso.anexos.count() == 1
    assert EventoAuditoria.objects.filter(acao="claims.recurso_enviado").exists()
    assert cliente_portal.get(f"/portal/recursos/{recurso.pk}/recebimento.xml").content.startswith(b"<?xml")


def test_portal_recurso_com_anexo_cujo_conteudo_nao_e_pdf_e_recusado(cliente_portal, liberado):
    # given a glosa the provider appeals, with an attachment named laudo.pdf whose bytes are an HTML page
    glosa = Glosa.objects.get(protocolo=liberado, codigo_glosa="1705")
    anexo = SimpleUploadedFile("laudo.pdf", b"<html><script>alert(1)</script></html>", content_type="text/html")
    # when it is sent
    resposta = cliente_portal.post("/portal/recursos/novo/", {
        "glosa": [glosa.pk], f"valor_{glosa.pk}": "30,00", "justificativa": "Laudo anexo.", "anexos": [anexo]})
    # then the appeal is refused with the reason (the same check as the other uploads) and nothing is recorded
    assert resposta.status_code == 400 and "O conteúdo de laudo.pdf não é um PDF válido." in resposta.content.decode()
    assert not RecursoGlosa.objects.exists()


def test_portal_recurso_com_valor_acima_do_glosado_da_mensagem(cliente_portal, liberado):
    glosa = Glosa.objects.get(protocolo=liberado, codigo_glosa="1705")
    resposta = cliente_portal.post("/portal/recursos/novo/", {
        "glosa": [glosa.pk], f"valor_{glosa.pk}": "300,00", "justificativa": "Aditivo contratual de abril."})
    assert resposta.status_code == 400 and "no máximo R$" in resposta.content.decode()
    assert not RecursoGlosa.objects.exists()


def test_portal_nao_mostra_analise_antes_da_liberacao(cliente_portal, em_analise):
    assert cliente_portal.get(f"/portal/demonstrativos/analise/{em_analise.pk}/").status_code == 404
    glosa = Glosa.objects.filter(protocolo=em_analise).first()
    assert cliente_portal.get(f"/portal/recursos/novo/?glosa={glosa.pk}").status_code == 404


def test_outro_prestador_nao_recorre_de_glosa_alheia(cliente_portal_outro, liberado):
    glosa = Glosa.objects.get(protocolo=liberado, codigo_glosa="1705")
    resposta = cliente_portal_outro.post("/portal/recursos/novo/", {
        "glosa": [glosa.pk], f"valor_{glosa.pk}": "30,00", "justificativa": "Tentando recorrer de glosa alheia."})
    assert resposta.status_code == 404
    assert not RecursoGlosa.objects.exists()


def test_previa_do_lote_antes_do_envio(cliente_portal, beneficiario, prestador, operadora, preco_consulta,
                                       termos_tuss):
    from operadora.billing.models import Guia, ItemGuia, Lote

    lote = Lote.objects.create(operadora=operadora, prestador=prestador, numero="L1", tipo_guia="1")
    guia = Guia.objects.create(operadora=operadora, prestador=prestador, tipo="1", situacao="em_lote", lote=lote,
                               numero_guia_prestador="G1", carteira=beneficiario.carteira, executante_conselho="06",
                               executante_numero="1", executante_uf="35", executante_cbo="225125")
    ItemGuia.objects.create(guia=guia, sequencial=1, data_execucao=datetime.date.today() - datetime.timedelta(days=3),
                            codigo="10101012", descricao="Consulta", quantidade=1, valor_unitario=Decimal("150.00"),
                            valor_total=Decimal("150.00"))
    pagina = cliente_portal.get(f"/portal/demonstrativos/previa/lote/{lote.pk}/").content.decode()
    assert "1705" in pagina and "R$ 30,00" in pagina
    assert not Glosa.objects.exists()


def test_previa_de_arquivo_xml_sem_gravar(cliente_portal, beneficiario, prestador, operadora, preco_consulta,
                                          termos_tuss):
    from operadora.billing.models import Guia
    from operadora.claims.tests.test_jornada import _arquivo_do_lote

    # given a file with two consultations of the same member and day, one above the contracted price
    arquivo = SimpleUploadedFile("lote.xml", _arquivo_do_lote(operadora, beneficiario), content_type="text/xml")
    # when checked / then the price difference and the duplicate, and nothing received or saved
    pagina = cliente_portal.post("/portal/demonstrativos/previa/arquivo/", {"arquivo": arquivo}).content.decode()
    assert "1705" in pagina and "3209" in pagina and "R$ 150,00" in pagina
    assert not Guia.objects.exists() and not Glosa.objects.exists()
    ruim = SimpleUploadedFile("ruim.xml", b"<nada/>", content_type="text/xml")
    assert "seria recusado" in cliente_portal.post("/portal/demonstrativos/previa/arquivo/",
                                                   {"arquivo": ruim}).content.decode()


def test_retaguarda_baixa_anexo_do_recurso_como_download_auditado_e_prestador_nao(
    cliente_portal, cliente_retaguarda, liberado
):
    # given an appeal sent by the provider with an attachment whose bytes are HTML (after a PDF signature) under a
    # .pdf name
    glosa = Glosa.objects.get(protocolo=liberado, codigo_glosa="1705")
    anexo = SimpleUploadedFile("laudo.pdf", HTML_COMO_PDF, content_type="text/html")
    cliente_portal.post("/portal/recursos/novo/", {
        "glosa": [glosa.pk], f"valor_{glosa.pk}": "30,00", "justificativa": "Laudo anexo.", "anexos": [anexo]})
    recurso = RecursoGlosa.objects.get()
    salvo = recurso.anexos.get()
    url = f"/operadora/contas/recursos/{recurso.pk}/anexos/{salvo.pk}/"
    # when the staff opens the appeal, the page links to the back-office download (not to a public /media/ path)
    pagina = cliente_retaguarda.get(f"/operadora/contas/recursos/{recurso.pk}/").content.decode()
    assert url in pagina and "/media/" not in pagina
    # then the download is opaque bytes as an attachment, never rendered inline, and the viewing is audited
    resposta = cliente_retaguarda.get(url)
    assert resposta.status_code == 200 and resposta["Content-Type"] == "application/octet-stream"
    assert resposta["Content-Disposition"].startswith("attachment;") and resposta["X-Content-Type-Options"] == "nosniff"
    assert resposta.content == HTML_COMO_PDF
    assert EventoAuditoria.objects.filter(acao="claims.recurso_anexo_visualizado",
                                          usuario=cliente_retaguarda.usuario).count() == 1
    # and the attachment of another appeal id, or a provider's user, gets nothing (and nothing is audited)
    assert cliente_retaguarda.get(f"/operadora/contas/recursos/{recurso.pk + 1}/anexos/{salvo.pk}/").status_code == 404
    assert cliente_portal.get(url).status_code in (302, 403)
    assert EventoAuditoria.objects.filter(acao="claims.recurso_anexo_visualizado").count() == 1


@pytest.mark.parametrize("valor", ["1e400", "99999999999999999999999999999999", "1.000.000.000.000,00"])
def test_ajuste_com_valor_enorme_da_mensagem_e_nada_muda(cliente_retaguarda, operadora, prestador, valor):
    # given a credentialed provider; when the financial staff posts an adjustment with an absurd amount
    from operadora.claims.models import LancamentoFinanceiro

    credenciamento = prestador.credenciamentos.get(operadora=operadora)
    resposta = cliente_retaguarda.post("/operadora/pagamentos/ajuste/", {
        "operadora": operadora.pk, "credenciamento": credenciamento.pk, "indicador": "2", "valor": valor,
        "descricao": "Ajuste"})
    # then a pt-BR message, not a 500, and no adjustment recorded
    assert resposta.status_code == 400 and "grande demais" in resposta.content.decode()
    assert not LancamentoFinanceiro.objects.exists()


@pytest.mark.parametrize("tipo", ["a%0Ab", "x%0D%0ASet-Cookie:%20a=b", 'a"b', "qualquer"])
def test_retaguarda_xml_do_recurso_de_tipo_desconhecido_e_404(cliente_portal, cliente_retaguarda, liberado, tipo):
    # given an appeal sent by the provider
    glosa = Glosa.objects.get(protocolo=liberado, codigo_glosa="1705")
    cliente_portal.post("/portal/recursos/novo/", {
        "glosa": [glosa.pk], f"valor_{glosa.pk}": "30,00", "justificativa": "Aditivo contratual de abril."})
    recurso = RecursoGlosa.objects.get()
    # when the staff asks for an XML of a kind that does not exist (a newline or quote in the file name)
    resposta = cliente_retaguarda.get(f"/operadora/contas/recursos/{recurso.pk}/{tipo}.xml")
    # then 404 (no 500 from an invalid header, no forged file name), and the real one still opens
    assert resposta.status_code == 404
    assert cliente_retaguarda.get(f"/operadora/contas/recursos/{recurso.pk}/recebimento.xml").content.startswith(
        b"<?xml")


def _recurso_respondido(liberado, usuario, *, observacao=""):
    glosa = Glosa.objects.get(protocolo=liberado, codigo_glosa="1705")
    recurso = services.recorrer(operadora_id=liberado.operadora_id, prestador_id=liberado.prestador_id,
                                protocolo_id=liberado.pk, itens=[services.ItemPedido(glosa.pk, glosa.valor, "")],
                                justificativa="Preço reajustado pelo aditivo de abril.")
    item = recurso.itens.get()
    services.responder_recurso(recurso_id=recurso.pk, usuario=usuario, justificativa=observacao, decisoes={
        item.pk: services.DecisaoItem(ItemRecurso.Decisao.ACATADO, item.valor_recursado, "")})
    return recurso


def test_lista_de_recursos_com_filtro_ilegivel_avisa_e_nao_lista(cliente_retaguarda, liberado, usuario_retaguarda):
    # given an answered recurso (the list shows only those received unless told otherwise)
    recurso = _recurso_respondido(liberado, usuario_retaguarda)
    # when the situação filter arrives with a value the page cannot read
    html = cliente_retaguarda.get("/operadora/contas/recursos/", {"situacao": "zzz"}).content.decode()
    # then it says what to correct and lists nothing (it listed every recurso, as 'Todos')
    assert "Corrija o filtro destacado: a pesquisa não foi feita." in html
    assert f'href="/operadora/contas/recursos/{recurso.pk}/"' not in html
    assert f'href="/operadora/contas/recursos/{recurso.pk}/"' in cliente_retaguarda.get(
        "/operadora/contas/recursos/", {"situacao": "todos"}).content.decode()


def test_fila_de_contas_com_situacao_ilegivel_avisa_e_nao_lista(cliente_retaguarda, em_analise):
    # when the account-audit queue gets an unknown situação beside the protocol number
    html = cliente_retaguarda.get("/operadora/contas/", {"situacao": "zzz", "numero": em_analise.numero}).content
    # then it says what to correct and lists nothing (it fell back to 'Recebidos e em análise' as if applied)
    assert "Corrija o filtro destacado: a pesquisa não foi feita." in html.decode()
    assert f'href="/operadora/contas/{em_analise.pk}/"' not in html.decode()


def test_recurso_respondido_mostra_a_observacao_ao_prestador_na_retaguarda(cliente_retaguarda, liberado,
                                                                          usuario_retaguarda):
    # given a recurso answered with an observation to the provider (which the portal shows)
    recurso = _recurso_respondido(liberado, usuario_retaguarda, observacao="Aditivo de abril conferido.")
    # when the analyst opens it again, then the observation is there (the page dropped it once answered)
    html = cliente_retaguarda.get(f"/operadora/contas/recursos/{recurso.pk}/").content.decode()
    assert "Aditivo de abril conferido." in html


def test_decisao_recusada_volta_com_o_que_o_analista_digitou(cliente_retaguarda, em_analise):
    # given a proposed price glosa; when the analyst adjusts it to more than the item with a justification
    glosa = Glosa.objects.get(protocolo=em_analise, codigo_glosa="1705")
    resposta = cliente_retaguarda.post(f"/operadora/contas/glosas/{glosa.pk}/decidir/", {
        "decisao": "ajustar", "valor": "9.999,00", "justificativa": "Ajuste pedido pela auditoria interna."})
    # then the page says why and that glosa's form still holds the decision, value and text typed (it redirected
    # to empty forms)
    html = resposta.content.decode()
    assert resposta.status_code == 400 and "O valor da glosa deve ser maior que zero" in html
    formulario = html[html.index(f'action="/operadora/contas/glosas/{glosa.pk}/decidir/"'):]
    formulario = formulario[:formulario.index("</form>")]
    assert '<option value="ajustar" selected>' in formulario
    assert 'value="9.999,00"' in formulario and 'value="Ajuste pedido pela auditoria interna."' in formulario
    glosa.refresh_from_db()
    assert glosa.situacao == Glosa.Situacao.PROPOSTA


def test_inclusao_recusada_volta_com_o_que_o_analista_digitou(cliente_retaguarda, em_analise):
    # when the analyst includes a glosa with a code that is not in TUSS 38
    item_id = em_analise.guias.first().itens.order_by("id").last().pk
    antes = Glosa.objects.filter(protocolo=em_analise).count()
    resposta = cliente_retaguarda.post(f"/operadora/contas/{em_analise.pk}/incluir-glosa/", {
        "item": str(item_id), "codigo_glosa": "0000", "valor": "12,34", "justificativa": "Glosa manual da auditoria."})
    # then it is refused with the form as typed (it redirected to an empty form) and nothing changed
    html = resposta.content.decode()
    assert resposta.status_code == 400, html[-3000:]
    assert f'<option value="{item_id}" selected>' in html
    assert 'value="0000"' in html and 'value="12,34"' in html and 'value="Glosa manual da auditoria."' in html
    assert Glosa.objects.filter(protocolo=em_analise).count() == antes


def test_faturar_com_data_anterior_ao_recebimento_e_recusado_e_a_selecao_fica(liberado, operadora):
    # given a protocol received on 02/06/2025 and released; when finance bills it for a payment on 01/01/2020
    cliente = cliente_na_retaguarda(_equipe("financeiro"))
    resposta = cliente.post("/operadora/pagamentos/faturar/", {"operadora": operadora.pk, "protocolo": [liberado.pk],
                                                               "data": "2020-01-01"})
    # then it is refused with a pt-BR reason (it was billed, paid years before it was received), the protocol
    # stays checked and the date typed stays, and nothing changed
    html = resposta.content.decode()
    assert resposta.status_code == 400
    assert "não pode ser anterior ao recebimento do protocolo (02/06/2025)" in html
    assert f'value="{liberado.pk}" checked' in html and 'value="2020-01-01"' in html
    liberado.refresh_from_db()
    assert liberado.situacao == Protocolo.Situacao.LIBERADO_FATURAMENTO and not Pagamento.objects.exists()


def test_ajuste_recusado_volta_com_o_que_foi_digitado(liberado, operadora):
    # when finance launches a credit with a value it cannot read
    cliente = cliente_na_retaguarda(_equipe("financeiro"))
    credenciamento = operadora.credenciamentos.first()
    resposta = cliente.post("/operadora/pagamentos/ajuste/", {
        "operadora": operadora.pk, "credenciamento": credenciamento.pk, "indicador": "2", "valor": "doze",
        "descricao": "Reembolso de taxa"})
    # then the page says why and keeps the provider, the type, the value and the description typed
    html = resposta.content.decode()
    assert resposta.status_code == 400 and "Informe o valor em reais" in html
    assert f'<option value="{credenciamento.pk}" selected>' in html and '<option value="2" selected>' in html
    assert 'value="doze"' in html and 'value="Reembolso de taxa"' in html


def _recorrer_da_1705(liberado):
    glosa = Glosa.objects.get(protocolo=liberado, codigo_glosa="1705")
    return services.recorrer(operadora_id=liberado.operadora_id, prestador_id=liberado.prestador_id,
                             protocolo_id=liberado.pk, itens=[services.ItemPedido(glosa.pk, glosa.valor, "")],
                             justificativa="Aditivo contratual de abril.")


def test_recorrer_do_protocolo_leva_so_as_glosas_ainda_nao_recorridas(cliente_portal, liberado):
    # given a released protocol with two glosas (1705 and 1001), the 1705 already appealed
    _recorrer_da_1705(liberado)
    outra = Glosa.objects.get(protocolo=liberado, codigo_glosa="1001")
    # when the provider opens "Recorrer do protocolo"
    formulario = cliente_portal.get(f"/portal/recursos/novo/?protocolo={liberado.pk}&objeto=protocolo")
    # then the form lists only the glosa not appealed yet (it listed both, and sending it was refused with 2904
    # without saying which glosa): sending it records the appeal
    assert formulario.status_code == 200
    assert f'name="glosa" value="{outra.pk}"' in formulario.content.decode()
    assert formulario.content.decode().count('name="glosa"') == 1
    resposta = cliente_portal.post(f"/portal/recursos/novo/?protocolo={liberado.pk}&objeto=protocolo", {
        "glosa": [outra.pk], "objeto": "protocolo", f"valor_{outra.pk}": "100,00",
        "justificativa": "Beneficiário ativo na data do atendimento."})
    assert resposta.status_code == 302 and RecursoGlosa.objects.count() == 2


def test_protocolo_com_todas_as_glosas_recorridas_nao_oferece_recorrer_do_protocolo(cliente_portal, liberado):
    # given every glosa of the protocol appealed
    _recorrer_da_1705(liberado)
    outra = Glosa.objects.get(protocolo=liberado, codigo_glosa="1001")
    services.recorrer(operadora_id=liberado.operadora_id, prestador_id=liberado.prestador_id,
                      protocolo_id=liberado.pk, itens=[services.ItemPedido(outra.pk, outra.valor, "")],
                      justificativa="Beneficiário ativo na data.")
    # when the provider opens the protocol's analysis, then "Recorrer do protocolo" is not offered
    pagina = cliente_portal.get(f"/portal/demonstrativos/analise/{liberado.pk}/").content.decode()
    assert "Recorrer do protocolo" not in pagina
    # and the old link says why instead of a form that can only be refused
    resposta = cliente_portal.get(f"/portal/recursos/novo/?protocolo={liberado.pk}&objeto=protocolo", follow=True)
    assert "Todas as glosas do protocolo" in resposta.content.decode()
    assert RecursoGlosa.objects.count() == 2


def test_recurso_de_glosa_ja_recorrida_diz_o_codigo_tiss(cliente_portal, liberado):
    # given the 1705 glosa appealed; when it is sent again (an old form)
    recurso = _recorrer_da_1705(liberado)
    glosa = recurso.itens.get().glosa
    resposta = cliente_portal.post("/portal/recursos/novo/", {
        "glosa": [glosa.pk], f"valor_{glosa.pk}": "30,00", "justificativa": "Aditivo contratual de abril."})
    # then the refusal carries the TISS code 2904, as the XML upload's does, and nothing is recorded
    assert resposta.status_code == 400
    assert "2904 - Já existe recurso" in resposta.content.decode()
    assert RecursoGlosa.objects.count() == 1


@pytest.mark.parametrize("url", ["/portal/demonstrativos/pagamento.txt?data=2025-06-20",
                                 "/portal/demonstrativos/pagamento.html?competencia=2025-06",
                                 "/portal/demonstrativos/analise/periodo.txt?inicio=2025-06-01&fim=2025-06-30"])
def test_portal_demonstrativo_por_data_ou_periodo_em_formato_desconhecido_e_404(cliente_portal, liberado, operadora,
                                                                              url):
    # given a billed payment of 20/06/2025 and a protocol released in June
    cliente_na_retaguarda(_equipe("financeiro")).post("/operadora/pagamentos/faturar/", {
        "operadora": operadora.pk, "protocolo": [liberado.pk], "data": "2025-06-20"})
    assert cliente_portal.get(url.replace(".txt", ".pdf").replace(".html", ".xml")).status_code == 200
    # when the statement is asked with an extension other than .pdf or .xml, then 404 (it answered the PDF),
    # as the statement of one protocol and the back office's do
    assert cliente_portal.get(url).status_code == 404


def test_portal_periodo_invertido_avisa_e_nao_oferece_o_demonstrativo_do_periodo(cliente_portal, liberado):
    # when the provider filters the statements from 30/06 to 01/06
    pagina = cliente_portal.get("/portal/demonstrativos/?inicio=2025-06-30&fim=2025-06-01").content.decode()
    # then the form says the period is inverted (it listed nothing and offered the period's PDF/XML, which only
    # redirected with "Nenhum protocolo liberado nesse período")
    assert "A data inicial (De) é posterior à final (Até)." in pagina
    assert "periodo.pdf" not in pagina
