import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from operadora.accounts.permissoes import PermissaoPortal
from operadora.authorizations import services
from operadora.authorizations.models import Atendimento, Autorizacao
from operadora.core.models import EventoAuditoria
from operadora.core.testing import texto_do_pdf

PDF = b"%PDF-1.4\n%teste\n"


def _url(nome, *args):
    return reverse(f"autorizacoes_portal:{nome}", args=args)


def _nova_sp_sadt(cliente, beneficiario, **extras):
    dados = {
        "numero_guia_prestador": "P-100", "carteira": beneficiario.carteira, "carater": "1",
        "indicacao_clinica": "Controle glicêmico", "tipo_documento": "pedido",
        "itens-TOTAL_FORMS": "5", "itens-INITIAL_FORMS": "0", "itens-MIN_NUM_FORMS": "0",
        "itens-MAX_NUM_FORMS": "30", "itens-0-codigo": "40302040", "itens-0-quantidade": "1",
    }
    dados.update(extras)
    return cliente.post(_url("nova"), dados)


def test_provider_requests_sp_sadt_and_lands_on_the_detail(cliente_portal, beneficiario, regras):
    resposta = _nova_sp_sadt(cliente_portal, beneficiario,
                             anexos=SimpleUploadedFile("pedido.pdf", PDF, content_type="application/pdf"))
    a = Autorizacao.objects.get()
    assert resposta.status_code == 302 and resposta["Location"] == _url("detalhe", a.id)
    assert (a.situacao, a.numero_guia_prestador, a.anexos.count()) == ("em_analise", "P-100", 1)
    pagina = cliente_portal.get(_url("detalhe", a.id))
    assert "Em análise pela auditoria médica" in pagina.content.decode()


@pytest.mark.parametrize(("extras", "mensagem"), [
    ({"carteira": "0000"}, "Carteira não encontrada"),
    ({"itens-0-codigo": "abc"}, "Use o código numérico"),
    ({"itens-0-codigo": ""}, "Informe ao menos um procedimento"),
    ({"anexos": SimpleUploadedFile("virus.exe", b"MZ")}, "não é aceito"),
    ({"cid": "ZZZZZ"}, "CID-10 inválido"),  # was kept as ZZZZZ, later the resumo de internação's diagnosis
])
def test_bad_input_gets_a_clear_message_and_creates_nothing(cliente_portal, beneficiario, regras, extras, mensagem):
    resposta = _nova_sp_sadt(cliente_portal, beneficiario, **extras)
    assert resposta.status_code == 400
    assert mensagem in resposta.content.decode()
    assert not Autorizacao.objects.exists()


def test_exact_search_by_number_and_carteira(cliente_portal, solicitar, beneficiario):
    a = solicitar(itens=[("20104219", 4)])
    for numero in (a.senha, a.numero_guia_operadora, a.numero_guia_prestador):
        resposta = cliente_portal.get(_url("lista"), {"numero": numero, "carteira": beneficiario.carteira})
        assert resposta["Location"] == _url("detalhe", a.id)
    errada = cliente_portal.get(_url("lista"), {"numero": a.senha, "carteira": "35900099999"})
    parcial = cliente_portal.get(_url("lista"), {"numero": a.senha[:5], "carteira": beneficiario.carteira})
    for resposta in (errada, parcial):
        assert resposta.status_code == 200 and "Nenhuma autorização com esse número" in resposta.content.decode()


def test_list_filters_by_status_and_beneficiary(cliente_portal, solicitar, beneficiario):
    autorizada = solicitar(itens=[("20104219", 2)])
    em_analise = solicitar(itens=[("40302040", 1)])
    html = cliente_portal.get(_url("lista"), {"situacao": "em_analise"}).content.decode()
    assert em_analise.numero_guia_operadora in html and autorizada.numero_guia_operadora not in html
    html = cliente_portal.get(_url("lista"), {"beneficiario": "Maria"}).content.decode()
    assert em_analise.numero_guia_operadora in html and autorizada.numero_guia_operadora in html
    assert cliente_portal.get(_url("lista"), {"inicio": "2030-01-01", "fim": "2020-01-01"}).status_code == 200


def test_the_other_provider_gets_404_and_nothing_changes(cliente_portal_outro, solicitar):
    a = solicitar(itens=[("20104219", 2)])
    antes = Autorizacao.objects.filter(pk=a.pk).values().get()
    for nome in ("detalhe", "guia_pdf", "carta_negativa", "prorrogar"):
        assert cliente_portal_outro.get(_url(nome, a.id)).status_code == 404
    for nome in ("cancelar", "responder", "confirmar_atendimento", "carta_negativa"):
        assert cliente_portal_outro.post(_url(nome, a.id), {"item": a.itens.get().id,
                                                            "data_execucao": "2026-01-01"}).status_code == 404
    busca = cliente_portal_outro.get(_url("lista"), {"numero": a.senha, "carteira": a.beneficiario.carteira})
    assert busca.status_code == 200 and a.numero_guia_operadora not in busca.content.decode()
    assert Autorizacao.objects.filter(pk=a.pk).values().get() == antes
    assert not Atendimento.objects.exists()


def test_representative_without_the_authorizations_group_gets_403(cliente_representante, solicitar):
    a = solicitar(itens=[("20104219", 2)])
    cliente = cliente_representante(PermissaoPortal.FATURAMENTO)
    assert cliente.get(_url("detalhe", a.id)).status_code == 403
    assert cliente.post(_url("cancelar", a.id)).status_code == 403
    assert Autorizacao.objects.get(pk=a.pk).situacao == "autorizada"
    assert cliente_representante(PermissaoPortal.AUTORIZACOES).get(_url("detalhe", a.id)).status_code == 200


def test_print_the_authorized_guide(cliente_portal, solicitar):
    a = solicitar(itens=[("20104219", 2)])
    resposta = cliente_portal.get(_url("guia_pdf", a.id))
    assert resposta["Content-Type"] == "application/pdf" and resposta.content.startswith(b"%PDF")
    em_analise = solicitar(itens=[("40302040", 1)])
    assert cliente_portal.get(_url("guia_pdf", em_analise.id)).status_code == 302


def test_denial_letter_is_asked_for_then_downloaded(cliente_portal, solicitar):
    negada = solicitar(itens=[("41010010", 1)])
    assert cliente_portal.get(_url("carta_negativa", negada.id)).status_code == 302  # not asked yet
    resposta = cliente_portal.post(_url("carta_negativa", negada.id))
    assert resposta["Location"] == _url("carta_negativa", negada.id)
    pdf = cliente_portal.get(_url("carta_negativa", negada.id))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    autorizada = solicitar(itens=[("20104219", 1)])
    cliente_portal.post(_url("carta_negativa", autorizada.id))
    assert Autorizacao.objects.get(pk=autorizada.pk).carta_negativa_solicitada_em is None


@pytest.mark.parametrize("decisao", ["menos_diarias", "prorrogacao_negada"])
def test_denial_letter_lists_the_diarias_not_authorized(cliente_portal, solicitar, auditor, decisao):
    # given an internação asking 3 diárias whose procedure is authorized but only 1 diária (or an extension of
    # 2 diárias, which carries no procedure, denied)
    internacao = solicitar(tipo="internacao", itens=[("31003079", 1)], internacao=services.DadosInternacao(
        tipo_internacao="2", regime_internacao="1", diarias_solicitadas=3, data_sugerida=timezone.localdate()))
    if decisao == "menos_diarias":
        a = services.autorizar(autorizacao_id=internacao.id, usuario=auditor, diarias_autorizadas=1,
                               codigo_negativa="1426", justificativa="Alta prevista em 24 h.")
        solicitadas, autorizadas = b"3", b"1"
    else:
        services.autorizar(autorizacao_id=internacao.id, usuario=auditor)
        a = solicitar(tipo="prorrogacao", itens=[], autorizacao_principal_id=internacao.id,
                      internacao=services.DadosInternacao(tipo_internacao="", regime_internacao="",
                                                          diarias_solicitadas=2))
        a = services.negar(autorizacao_id=a.id, usuario=auditor, codigo_negativa="1426",
                           justificativa="Alta prevista em 24 h.")
        solicitadas, autorizadas = b"2", b"0"
    # when the provider asks for the denial letter
    cliente_portal.post(_url("carta_negativa", a.id))
    texto = texto_do_pdf(cliente_portal.get(_url("carta_negativa", a.id)).content)
    # then the letter's table has the diárias denied with the reason (it listed no line at all)
    linha = re.search(rb"\(Di\\341rias de interna\\347\\343o\).*?\((\d+)\).*?\((\d+)\).*?\((1426)", texto, re.S)
    assert linha is not None and linha.groups() == (solicitadas, autorizadas, b"1426")


def test_hospitalisation_and_its_extensions_point_to_each_other(cliente_portal, cliente_retaguarda, solicitar,
                                                                 auditor):
    # given an internação (CID, tipo, regime, date) authorized with fewer diárias, and an extension of it in audit
    internacao = solicitar(tipo="internacao", itens=[("31003079", 1)], cid="K35.8", internacao=services.DadosInternacao(
        tipo_internacao="2", regime_internacao="1", diarias_solicitadas=3, data_sugerida=timezone.localdate()))
    services.autorizar(autorizacao_id=internacao.id, usuario=auditor, diarias_autorizadas=2, codigo_negativa="3293",
                       justificativa="Duas diárias bastam para o procedimento.")
    prorrogacao = solicitar(tipo="prorrogacao", itens=[], autorizacao_principal_id=internacao.id,
                            internacao=services.DadosInternacao(tipo_internacao="", regime_internacao="",
                                                                diarias_solicitadas=2))
    # when the provider opens the internação
    html = cliente_portal.get(_url("detalhe", internacao.id)).content.decode()
    # then it lists the extension with its state, and says what was asked and why it is partial (the page showed
    # neither: the extension was reachable only from the list, the reason only deep in the history)
    assert f'href="{_url("detalhe", prorrogacao.id)}">{prorrogacao.numero_guia_operadora}</a>' in html
    assert "Em análise" in html.split('id="t-prorrogacoes"')[1]
    assert "Cirúrgica · Hospitalar" in html and "<dd>K358</dd>" in html
    assert timezone.localdate().strftime("%d/%m/%Y") in html
    assert "3293" in html.split('id="t-resumo"')[1].split("</section>")[0]
    assert "Duas diárias bastam para o procedimento." in html.split('id="t-resumo"')[1].split("</section>")[0]
    # and the auditor deciding the extension sees the internação it extends and what it already has
    auditoria = cliente_retaguarda.get(reverse("autorizacoes_auditoria:detalhe", args=[prorrogacao.id])).content.decode()
    assert (f'href="{reverse("autorizacoes_auditoria:detalhe", args=[internacao.id])}">'
            f'{internacao.numero_guia_operadora}</a>') in auditoria
    assert "Parcialmente autorizada · 2 diária(s) autorizada(s)" in auditoria


def test_cancel_from_the_portal(cliente_portal, solicitar):
    a = solicitar(itens=[("20104219", 2)])
    cliente_portal.post(_url("cancelar", a.id), {"motivo": "Paciente desistiu"})
    a.refresh_from_db()
    assert (a.situacao, a.motivo_cancelamento) == ("cancelada", "Paciente desistiu")


def test_confirm_sessions_in_localizar_procedimentos(cliente_portal, solicitar, medica):
    a = solicitar(itens=[("20104219", 3)])
    item = a.itens.get()
    hoje = timezone.localdate()
    pagina = cliente_portal.get(_url("localizar")).content.decode()
    assert a.senha in pagina
    cliente_portal.post(_url("confirmar_atendimento", a.id), {"item": item.id, "data_execucao": hoje.isoformat(),
                                                               "quantidade": 1, "voltar": "localizar",
                                                               "profissional_executante": medica.id})
    amanha = hoje + datetime.timedelta(days=1)
    resposta = cliente_portal.post(_url("confirmar_atendimento", a.id), {
        "item": item.id, "data_execucao": amanha.isoformat(), "quantidade": 1}, follow=True)
    assert "não pode ser futura" in resposta.content.decode()
    assert list(Atendimento.objects.values_list("data_execucao", "profissional_executante")) == [(hoje, medica.id)]


def test_eligibility_page_shows_the_reason_and_its_code(cliente_portal, beneficiario, regras):
    resposta = cliente_portal.get(_url("elegibilidade"), {"carteira": beneficiario.carteira, "codigo_tuss": "41010010",
                                                           "quantidade": 1, "data_atendimento": "2026-03-10", "carater": "1"})
    html = resposta.content.decode()
    assert "Não elegível" in html and "3287" in html
    ok = cliente_portal.get(_url("elegibilidade"), {"carteira": beneficiario.carteira, "codigo_tuss": "40302040",
                                                     "quantidade": 1, "data_atendimento": "2026-03-10", "carater": "1"},
                            HTTP_HX_REQUEST="true")
    assert "Elegível" in ok.content.decode() and "exige autorização prévia" in ok.content.decode()
    ruim = cliente_portal.get(_url("elegibilidade"), {"carteira": "1", "data_atendimento": "10/99/2026", "quantidade": 1})
    assert ruim.status_code == 200 and "data válida" in ruim.content.decode()


def test_published_list_is_searchable_and_downloadable(cliente_portal, regras, operadora):
    html = cliente_portal.get(_url("lista_publicada")).content.decode()
    assert "20104219" in html and "Grupo: Cirurgias" in html and "Última alteração" in html
    busca = cliente_portal.get(_url("lista_publicada"), {"q": "psicoterapia"}).content.decode()
    assert "20104219" in busca and "40302040" not in busca
    csv = cliente_portal.get(_url("lista_publicada_csv"))
    assert csv["Content-Type"].startswith("text/csv") and "20104219;Sessão de psicoterapia" in csv.content.decode()
    pdf = cliente_portal.get(_url("lista_publicada_pdf"))
    assert pdf.content.startswith(b"%PDF")


def test_tuss_suggestions(cliente_portal, termos_tuss):
    html = cliente_portal.get(_url("sugerir_tuss"), {"q": "hemograma"}).content.decode()
    assert "40304361" in html


# --- back office ---------------------------------------------------------------------------------------


def _fila(cliente, **params):
    return cliente.get(reverse("autorizacoes_auditoria:fila"), params)


def test_audit_queue_is_ordered_by_deadline_with_those_waiting_for_the_provider_last(
        cliente_retaguarda, solicitar, auditor):
    esperando = solicitar(itens=[("40302040", 1)], carater="2")
    services.solicitar_justificativa(autorizacao_id=esperando.id, usuario=auditor, pendencia="documentos",
                                     texto="Envie o pedido médico.")
    eletiva = solicitar(itens=[("40302040", 1)])
    urgente = solicitar(itens=[("40302040", 1)], carater="2")
    html = _fila(cliente_retaguarda).content.decode()
    posicoes = [html.index(a.numero_guia_operadora) for a in (urgente, eletiva, esperando)]
    assert posicoes == sorted(posicoes)
    assert "dias úteis" in html or "vence hoje" in html


def test_audit_queue_and_detail_tell_waiting_for_documents_from_waiting_for_a_justification(
        cliente_retaguarda, solicitar, auditor):
    # given one request waiting for documents and one waiting for a technical justification
    documentos = solicitar(itens=[("40302040", 1)])
    services.solicitar_justificativa(autorizacao_id=documentos.id, usuario=auditor, pendencia="documentos",
                                     texto="Envie o laudo do exame anterior.")
    justificativa = solicitar(itens=[("40302040", 1)])
    services.solicitar_justificativa(autorizacao_id=justificativa.id, usuario=auditor, pendencia="justificativa",
                                     texto="Justifique a repetição do exame.")
    # when the auditor reads the queue and each detail
    fila = _fila(cliente_retaguarda).content.decode()
    detalhe = {a: cliente_retaguarda.get(reverse("autorizacoes_auditoria:detalhe", args=[a.id])).content.decode()
               for a in (documentos, justificativa)}
    # then the one waiting for documents says so (TISS status 5), not "Aguardando justificativa" (4)
    assert fila.count('<span class="selo">Aguardando documentos</span>') == 1
    assert fila.count('<span class="selo">Aguardando justificativa</span>') == 1
    assert '<span class="selo" id="situacao">Aguardando documentos</span>' in detalhe[documentos]
    assert '<span class="selo" id="situacao">Aguardando justificativa</span>' in detalhe[justificativa]


def test_provider_pages_tell_waiting_for_documents_too(cliente_portal, solicitar, auditor):
    # given a request of the signed-in provider for which the auditor asked documents
    a = solicitar(itens=[("40302040", 1)])
    services.solicitar_justificativa(autorizacao_id=a.id, usuario=auditor, pendencia="documentos",
                                     texto="Envie o laudo do exame anterior.")
    # then the provider's list and detail say what is awaited (they said "Aguardando justificativa")
    assert '<span class="selo">Aguardando documentos</span>' in cliente_portal.get(_url("lista")).content.decode()
    detalhe = cliente_portal.get(_url("detalhe", a.id)).content.decode()
    assert '<span class="selo" id="situacao">Aguardando documentos</span>' in detalhe


def test_audit_detail_shows_the_authorized_daily_rates_of_a_hospitalisation(cliente_retaguarda, solicitar, auditor):
    # given a hospitalisation asking 3 daily rates, authorized by the auditor with 1
    a = solicitar(tipo="internacao", itens=[("31003079", 1)], internacao=services.DadosInternacao(
        tipo_internacao="2", regime_internacao="1", diarias_solicitadas=3, data_sugerida=timezone.localdate()))
    services.autorizar(autorizacao_id=a.id, usuario=auditor, diarias_autorizadas=1, codigo_negativa="3293",
                       justificativa="Uma diária basta para o procedimento.")
    # when the auditor opens it again
    html = cliente_retaguarda.get(reverse("autorizacoes_auditoria:detalhe", args=[a.id])).content.decode()
    # then the page and its timeline say how many daily rates were authorized (they only said 3 were asked, and
    # the items 1/1: nothing showed why it was "parcialmente autorizada")
    assert "<dt>Diárias</dt><dd>1 autorizada(s) de 3</dd>" in html
    assert "Diárias: 1/3." in html


@pytest.mark.parametrize("acao, dados, digitado", [
    ("negar", {"negar-codigo_negativa": "9999", "negar-justificativa": "Exame repetido há menos de 30 dias."},
     "Exame repetido há menos de 30 dias."),
    ("autorizar", {"autorizar-codigo_negativa": "9999", "autorizar-justificativa": "Uma dosagem basta agora."},
     "Uma dosagem basta agora."),
    ("pedir_justificativa", {"pendencia-pendencia": "documentos", "pendencia-texto": "Curto"}, "Curto"),
])
def test_refused_audit_decision_keeps_what_the_auditor_typed(cliente_retaguarda, solicitar, acao, dados, digitado):
    # given a request in audit; when the auditor's decision is refused (unknown TUSS 38 code, text too short)
    a = solicitar(itens=[("40302040", 2)])
    item = a.itens.get()
    dados = {**dados, f"autorizar-qtd_{item.id}": 1} if acao == "autorizar" else dados
    resposta = cliente_retaguarda.post(reverse(f"autorizacoes_auditoria:{acao}", args=[a.id]), dados)
    # then the page says why and still holds the text typed (it redirected to an empty form)
    assert resposta.status_code == 400
    assert digitado in resposta.content.decode()
    assert Autorizacao.objects.get(pk=a.pk).situacao == "em_analise"


def test_audit_queue_pages_keep_the_filters(cliente_retaguarda, solicitar):
    # given more requests in audit than a page holds (50); the page links dropped the filters before
    for _ in range(51):
        solicitar(itens=[("40302040", 1)])
    html = _fila(cliente_retaguarda, situacao="em_analise", tipo="sp_sadt").content.decode()
    assert 'href="?situacao=em_analise&amp;tipo=sp_sadt&amp;pagina=2">Próxima página</a>' in html
    segunda = _fila(cliente_retaguarda, situacao="em_analise", tipo="sp_sadt", pagina="2").content.decode()
    assert 'href="?situacao=em_analise&amp;tipo=sp_sadt&amp;pagina=1">Página anterior</a>' in segunda


def test_auditor_decides_and_viewing_is_audited(cliente_retaguarda, solicitar):
    a = solicitar(itens=[("40302040", 2)])
    detalhe = cliente_retaguarda.get(reverse("autorizacoes_auditoria:detalhe", args=[a.id]))
    assert detalhe.status_code == 200
    assert EventoAuditoria.objects.filter(acao="autorizacao.visualizada", objeto_id=str(a.id)).exists()
    item = a.itens.get()
    ruim = cliente_retaguarda.post(reverse("autorizacoes_auditoria:autorizar", args=[a.id]), {f"autorizar-qtd_{item.id}": 1},
                                   follow=True)
    assert "justificativa" in ruim.content.decode().lower()
    assert Autorizacao.objects.get(pk=a.pk).situacao == "em_analise"
    cliente_retaguarda.post(reverse("autorizacoes_auditoria:autorizar", args=[a.id]), {
        f"autorizar-qtd_{item.id}": 1, "autorizar-codigo_negativa": "3293",
        "autorizar-justificativa": "Uma dosagem basta neste momento."})
    a.refresh_from_db()
    assert a.situacao == "parcialmente_autorizada" and a.decidida_por == cliente_retaguarda.usuario


def test_back_office_needs_the_audit_permission(client, cliente_portal, solicitar, django_user_model):
    from operadora.core.testing import cliente_na_retaguarda

    a = solicitar(itens=[("40302040", 1)])
    assert _fila(cliente_portal).status_code == 302  # a provider's user is sent to the staff login
    sem_papel = django_user_model.objects.create(username="financeiro.teste", tipo="operadora", is_staff=True)
    cliente = cliente_na_retaguarda(sem_papel)
    assert _fila(cliente).status_code == 403
    assert cliente.post(reverse("autorizacoes_auditoria:negar", args=[a.id]), {
        "negar-codigo_negativa": "1426", "negar-justificativa": "Tentativa sem permissão."}).status_code == 403
    assert Autorizacao.objects.get(pk=a.pk).situacao == "em_analise"


def test_list_and_queue_pages_do_not_grow_queries_with_volume(cliente_portal, cliente_retaguarda, solicitar,
                                                              django_assert_max_num_queries):
    for _ in range(3):
        solicitar(itens=[("40302040", 1)])
    with django_assert_max_num_queries(12) as poucas:
        cliente_portal.get(_url("lista"))
    with django_assert_max_num_queries(12) as fila_poucas:
        _fila(cliente_retaguarda)
    for _ in range(25):
        solicitar(itens=[("40302040", 1)])
    with django_assert_max_num_queries(len(poucas.captured_queries)):
        cliente_portal.get(_url("lista"))
    with django_assert_max_num_queries(len(fila_poucas.captured_queries)):
        _fila(cliente_retaguarda)


@pytest.mark.parametrize("filtros", [{"situacao": "em_analise", "inicio": "2026-13-45"},
                                     {"situacao": "em_analise", "inicio": "2030-01-01", "fim": "2020-01-01"}])
def test_list_with_a_filter_it_cannot_read_says_so_and_lists_nothing(cliente_portal, solicitar, filtros):
    # given an authorized and a pending request; when the provider filters the pending ones with a bad date
    autorizada = solicitar(itens=[("20104219", 2)])
    em_analise = solicitar(itens=[("40302040", 1)])
    html = cliente_portal.get(_url("lista"), filtros).content.decode()
    # then it says what to correct and lists nothing (it listed both, as if 'Em análise' had been applied)
    assert "Corrija o filtro destacado: a pesquisa não foi feita." in html
    assert em_analise.numero_guia_operadora not in html and autorizada.numero_guia_operadora not in html


@pytest.mark.parametrize("adulterado", [{"situacao": "zzz"}, {"tipo": "zzz"}, {"operadora": "abc"}])
def test_audit_queue_with_a_filter_it_cannot_read_says_so_and_lists_nothing(cliente_retaguarda, solicitar,
                                                                            adulterado):
    # given a pending SP/SADT in the queue
    sadt = solicitar(itens=[("40302040", 1)])
    # when the auditor's filter for internações arrives with a value the page cannot read
    html = _fila(cliente_retaguarda, **{"tipo": "internacao", **adulterado}).content.decode()
    # then it says what to correct and lists nothing (it dropped every filter and listed the whole queue)
    assert "Corrija o filtro destacado: a pesquisa não foi feita." in html
    assert sadt.numero_guia_operadora not in html


def test_audit_queue_keeps_the_chosen_operadora_beside_a_filter_it_cannot_read(cliente_retaguarda, operadora):
    # when the queue filtered by an operadora arrives with an unknown tipo
    html = _fila(cliente_retaguarda, operadora=str(operadora.id), tipo="zzz").content.decode()
    # then the operadora is still the one chosen (the select went back to 'Todas')
    assert f'<option value="{operadora.id}" selected>' in html


def _internacao(solicitar, diarias=3):
    return solicitar(tipo="internacao", itens=[("31003079", 1)], internacao=services.DadosInternacao(
        tipo_internacao="2", regime_internacao="1", diarias_solicitadas=diarias, data_sugerida=timezone.localdate()))


def test_hospitalisation_with_a_live_extension_does_not_offer_cancel_and_says_why(cliente_portal, solicitar,
                                                                                   auditor):
    # given an authorized internação with a prorrogação in audit (the service refuses to cancel it)
    internacao = _internacao(solicitar)
    services.autorizar(autorizacao_id=internacao.id, usuario=auditor)
    prorrogacao = solicitar(tipo="prorrogacao", itens=[], autorizacao_principal_id=internacao.id,
                            internacao=services.DadosInternacao(tipo_internacao="", regime_internacao="",
                                                                diarias_solicitadas=2))
    # when the provider opens the internação
    html = cliente_portal.get(_url("detalhe", internacao.id)).content.decode()
    # then there is no cancel button (it offered one, and the click was refused), only the reason
    assert _url("cancelar", internacao.id) not in html
    cancelar = html.split('id="t-cancelar"')[1].split("</section>")[0]
    assert prorrogacao.numero_guia_operadora in cancelar and "cancele-a antes" in cancelar
    # and the prorrogação itself still offers it
    assert _url("cancelar", prorrogacao.id) in cliente_portal.get(_url("detalhe", prorrogacao.id)).content.decode()


def _diarias(html):
    return html.split("<dt>Diárias</dt>")[1].split("</dd>")[0].removeprefix("<dd>")


def test_daily_rates_read_as_requested_while_pending_and_as_authorized_once_decided(cliente_portal, solicitar,
                                                                                    auditor):
    pendente, autorizada, negada = _internacao(solicitar), _internacao(solicitar), _internacao(solicitar)
    services.autorizar(autorizacao_id=autorizada.id, usuario=auditor, diarias_autorizadas=2, codigo_negativa="3293",
                       justificativa="Duas diárias bastam para o procedimento.")
    services.negar(autorizacao_id=negada.id, usuario=auditor, codigo_negativa="3288",
                   justificativa="Não atende à diretriz de utilização do Rol da ANS.")
    # a pending one said "— autorizada(s) de 3"
    assert _diarias(cliente_portal.get(_url("detalhe", pendente.id)).content.decode()) == \
        "3 solicitada(s) — aguardando a decisão"
    assert _diarias(cliente_portal.get(_url("detalhe", autorizada.id)).content.decode()) == "2 autorizada(s) de 3"
    assert _diarias(cliente_portal.get(_url("detalhe", negada.id)).content.decode()) == "3 solicitada(s), negadas"


def test_list_shows_cancelled_and_expired_senhas_as_not_usable(cliente_portal, solicitar, prestador, operadora):
    # given a usable senha, a cancelled one and an expired one
    valida = solicitar(itens=[("20104219", 2)])
    cancelada = solicitar(itens=[("20104219", 2)])
    services.cancelar_autorizacao(autorizacao_id=cancelada.id, prestador_id=prestador.id, operadora_id=operadora.id,
                                  usuario=None)
    vencida = solicitar(itens=[("20104219", 2)], agora=timezone.now() - datetime.timedelta(
        days=operadora.validade_autorizacao_dias + 5))
    services.expirar_autorizacoes_vencidas()
    vencida.refresh_from_db()
    # when the provider lists its requests
    html = cliente_portal.get(_url("lista")).content.decode()

    def linha(a):
        return html.split(f'{a.numero_guia_operadora}</a>')[1].split("</tr>")[0]

    # then only the usable one reads as a senha with its validity (the cancelled one showed both as if usable)
    assert f"<td>{valida.senha}</td>" in linha(valida)
    assert valida.data_validade_senha.strftime("%d/%m/%Y") in linha(valida)
    assert f"<s>{cancelada.senha}</s>" in linha(cancelada) and "cancelada" in linha(cancelada)
    assert cancelada.data_validade_senha.strftime("%d/%m/%Y") not in linha(cancelada)
    assert f"<s>{vencida.senha}</s>" in linha(vencida)
    assert f"venceu em {vencida.data_validade_senha:%d/%m/%Y}" in linha(vencida)
    # and the expired one's detail does not announce it as valid
    detalhe = cliente_portal.get(_url("detalhe", vencida.id)).content.decode()
    assert "alerta-success" not in detalhe.split('id="t-resumo"')[1].split("</section>")[0]
    assert f"venceu em {vencida.data_validade_senha:%d/%m/%Y}" in detalhe
