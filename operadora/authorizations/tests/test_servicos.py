import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from operadora.authorizations import selectors, services
from operadora.authorizations.models import Atendimento, Autorizacao, EventoAutorizacao, ItemAutorizacao
from operadora.core.erros import ErroDeNegocio, NaoEncontrado, TransicaoInvalida
from operadora.core.models import EventoAuditoria
from operadora.registry.models import Beneficiario

from .conftest import agora_em

S = Autorizacao.Situacao
PDF = b"%PDF-1.4\n%fake but signed\n"


def _estado(autorizacao: Autorizacao) -> tuple:
    """Everything a forbidden change must leave as it was."""
    a = Autorizacao.objects.get(pk=autorizacao.pk)
    itens = tuple(ItemAutorizacao.objects.filter(autorizacao=a).order_by("id")
                  .values_list("quantidade_autorizada", "codigo_negativa"))
    return (a.situacao, a.senha, a.data_validade_senha, a.codigo_negativa, a.pendencia, a.prazo_resposta,
            a.cancelada_em, itens, a.eventos.count(), Atendimento.objects.filter(autorizacao=a).count())


# --- requests and automatic decisions -------------------------------------------------------------------


def test_automatic_rule_authorizes_at_once_with_senha_and_operadora_validity(solicitar, operadora):
    operadora.validade_autorizacao_dias = 30
    operadora.save(update_fields=["validade_autorizacao_dias"])
    a = solicitar(itens=[("20104219", 10)])
    hoje = timezone.localdate()
    assert a.situacao == S.AUTORIZADA and a.decisao_automatica
    assert len(a.senha) == 10 and a.senha.isdigit()
    assert (a.data_autorizacao, a.data_validade_senha) == (hoje, hoje + datetime.timedelta(days=30))
    assert a.numero_guia_operadora == f"{hoje.year}00000001"
    assert list(a.itens.values_list("quantidade_autorizada", flat=True)) == [10]
    assert EventoAuditoria.objects.filter(acao="autorizacao.decisao_automatica", objeto_id=str(a.id)).exists()


def test_procedure_without_rule_is_authorized_noting_3144(solicitar):
    a = solicitar(itens=[("40304361", 1)])
    assert a.situacao == S.AUTORIZADA
    assert "3144" in a.justificativa_decisao


def test_audit_rule_sends_to_queue_with_rn623_deadline_and_1427(solicitar, operadora):
    agora = agora_em(datetime.date(2025, 11, 19))  # quarta; 20/11 é feriado nacional
    a = solicitar(itens=[("40302040", 1), ("20104219", 4)], agora=agora)
    assert a.situacao == S.EM_ANALISE and a.senha == ""
    assert timezone.localtime(a.prazo_resposta).date() == datetime.date(2025, 11, 27)
    assert a.eventos.filter(tipo="enviada_auditoria", codigo_tiss="1427").exists()
    assert set(a.itens.values_list("quantidade_autorizada", flat=True)) == {None}
    assert list(selectors.fila_auditoria()) == [a]


def test_urgent_request_is_due_at_once(solicitar):
    agora = agora_em(datetime.date(2026, 3, 10))
    a = solicitar(itens=[("40302040", 1)], carater="2", agora=agora)
    assert a.prazo_resposta == agora


def test_ineligible_member_is_denied_automatically_with_its_code(solicitar, beneficiario):
    Beneficiario.objects.filter(pk=beneficiario.pk).update(situacao="cancelado",
                                                          data_cancelamento=datetime.date(2025, 1, 1))
    a = solicitar(itens=[("20104219", 2)])
    assert (a.situacao, a.codigo_negativa, a.decisao_automatica) == (S.NEGADA, "1006", True)
    assert list(a.itens.values_list("quantidade_autorizada", "codigo_negativa")) == [(0, "1006")]


def test_one_item_not_covered_makes_the_automatic_answer_partial(solicitar):
    a = solicitar(itens=[("20104219", 2), ("41010010", 1)])
    assert a.situacao == S.PARCIALMENTE_AUTORIZADA and a.senha
    assert list(a.itens.order_by("sequencial").values_list("quantidade_autorizada", "codigo_negativa")) == [
        (2, ""), (0, "3287")]


@pytest.mark.parametrize(("extras", "codigo"), [
    ({"carteira": "000000"}, "1001"),
    ({"itens": [services.ItemSolicitado("20104219", 0)]}, "1806"),
    ({"itens": [services.ItemSolicitado("ABC", 1)]}, "1801"),
    ({"itens": []}, ""),
    ({"carater": "9"}, "1602"),
    ({"numero_guia_prestador": ""}, "1307"),
])
def test_input_that_cannot_be_recorded_is_refused_and_nothing_is_created(solicitar, extras, codigo):
    with pytest.raises(ErroDeNegocio) as erro:
        solicitar(**extras)
    assert erro.value.codigo_tiss == codigo and erro.value.mensagem
    assert not Autorizacao.objects.exists()


def test_repeated_provider_guide_number_is_1308(solicitar):
    solicitar(numero_guia_prestador="123")
    with pytest.raises(ErroDeNegocio) as erro:
        solicitar(numero_guia_prestador="123")
    assert erro.value.codigo_tiss == "1308"
    assert Autorizacao.objects.count() == 1


def test_professional_of_another_provider_is_refused(solicitar, outro_prestador, medica):
    medica.prestadores.set([outro_prestador])
    with pytest.raises(ErroDeNegocio):
        solicitar(profissional_solicitante_id=medica.id)
    assert not Autorizacao.objects.exists()


def test_odontological_item_needs_a_valid_tooth_or_region(solicitar):
    with pytest.raises(ErroDeNegocio) as erro:
        solicitar(tipo="odontologia", itens=[], **{})  # no items
    item_ruim = services.ItemSolicitado("85100196", 1, dente="10", face="O")
    with pytest.raises(ErroDeNegocio) as erro:
        solicitar(tipo="odontologia", itens=[item_ruim])
    assert "Dente 10" in erro.value.mensagem
    assert not Autorizacao.objects.exists()


def test_odontological_request_keeps_tooth_and_face(solicitar):
    a = solicitar(tipo="odontologia", itens=[services.ItemSolicitado("85100196", 1, dente="16", face="om")])
    item = a.itens.get()
    assert (item.dente, item.face, item.codigo_negativa) == ("16", "OM", "1025")  # plan has no odontologia


def test_hospitalisation_goes_to_audit_with_10_business_days(solicitar):
    agora = agora_em(datetime.date(2025, 11, 19))
    a = solicitar(tipo="internacao", itens=[("31003079", 1)], agora=agora, internacao=services.DadosInternacao(
        tipo_internacao="2", regime_internacao="1", diarias_solicitadas=3, data_sugerida=datetime.date(2025, 11, 24)))
    assert a.situacao == S.EM_ANALISE and a.diarias_solicitadas == 3
    assert timezone.localtime(a.prazo_resposta).date() == datetime.date(2025, 12, 4)


def test_hospitalisation_without_daily_rates_or_date_is_refused(solicitar):
    with pytest.raises(ErroDeNegocio):
        solicitar(tipo="internacao", itens=[("31003079", 1)])
    with pytest.raises(ErroDeNegocio):
        solicitar(tipo="internacao", itens=[("31003079", 1)], internacao=services.DadosInternacao(
            tipo_internacao="2", regime_internacao="1", diarias_solicitadas=3, data_sugerida=None))
    assert not Autorizacao.objects.exists()


def test_extension_needs_an_authorized_hospitalisation_and_then_goes_to_audit(solicitar, auditor):
    internacao = solicitar(tipo="internacao", itens=[("31003079", 1)], internacao=services.DadosInternacao(
        tipo_internacao="2", regime_internacao="1", diarias_solicitadas=3, data_sugerida=timezone.localdate()))
    dados = services.DadosInternacao(tipo_internacao="", regime_internacao="", diarias_solicitadas=2)
    with pytest.raises(ErroDeNegocio):
        solicitar(tipo="prorrogacao", itens=[], autorizacao_principal_id=internacao.id, internacao=dados)
    services.autorizar(autorizacao_id=internacao.id, usuario=auditor)
    prorrogacao = solicitar(tipo="prorrogacao", itens=[], autorizacao_principal_id=internacao.id, internacao=dados)
    assert prorrogacao.situacao == S.EM_ANALISE
    assert (prorrogacao.beneficiario_id, prorrogacao.autorizacao_principal_id) == (internacao.beneficiario_id,
                                                                                   internacao.id)


def _internacao_com_prorrogacao(solicitar, auditor):
    internacao = solicitar(tipo="internacao", itens=[("31003079", 1)], internacao=services.DadosInternacao(
        tipo_internacao="2", regime_internacao="1", diarias_solicitadas=3, data_sugerida=timezone.localdate()))
    services.autorizar(autorizacao_id=internacao.id, usuario=auditor)
    prorrogacao = solicitar(tipo="prorrogacao", itens=[], autorizacao_principal_id=internacao.id,
                            internacao=services.DadosInternacao(tipo_internacao="", regime_internacao="",
                                                                diarias_solicitadas=2))
    return internacao, prorrogacao


@pytest.mark.parametrize("decisao", ["pendente", "autorizada"])
def test_hospitalisation_with_a_live_extension_cannot_be_cancelled(solicitar, auditor, prestador, operadora,
                                                                   decisao):
    """Cancelling the internação left its prorrogação pending (the auditor then authorized it: a senha extending a
    cancelled stay) or authorized (its sessions are billed on the cancelled internação's guide)."""
    internacao, prorrogacao = _internacao_com_prorrogacao(solicitar, auditor)
    if decisao == "autorizada":
        services.autorizar(autorizacao_id=prorrogacao.id, usuario=auditor)
    antes = _estado(internacao)
    with pytest.raises(ErroDeNegocio) as erro:
        services.cancelar_autorizacao(autorizacao_id=internacao.id, prestador_id=prestador.id,
                                      operadora_id=operadora.id, usuario=None)
    assert prorrogacao.numero_guia_operadora in erro.value.mensagem
    assert _estado(internacao) == antes
    services.cancelar_autorizacao(autorizacao_id=prorrogacao.id, prestador_id=prestador.id,
                                  operadora_id=operadora.id, usuario=None)
    services.cancelar_autorizacao(autorizacao_id=internacao.id, prestador_id=prestador.id,
                                  operadora_id=operadora.id, usuario=None)
    assert Autorizacao.objects.get(pk=internacao.pk).situacao == S.CANCELADA


def test_extension_of_a_cancelled_hospitalisation_cannot_be_authorized(solicitar, auditor):
    internacao, prorrogacao = _internacao_com_prorrogacao(solicitar, auditor)
    Autorizacao.objects.filter(pk=internacao.pk).update(situacao=S.CANCELADA)  # as left by the old cancellation
    antes = _estado(prorrogacao)
    with pytest.raises(TransicaoInvalida) as erro:
        services.autorizar(autorizacao_id=prorrogacao.id, usuario=auditor)
    assert internacao.numero_guia_operadora in erro.value.mensagem
    assert _estado(prorrogacao) == antes


def test_hospitalisation_date_must_fall_within_the_senha_validity(solicitar, operadora):
    # 01/01/2099 was accepted: the senha (valid 90 days) would expire decades before the stay began
    hoje = timezone.localdate()
    limite = hoje + datetime.timedelta(days=operadora.validade_autorizacao_dias)

    def internar(data):
        return solicitar(tipo="internacao", itens=[("31003079", 1)], internacao=services.DadosInternacao(
            tipo_internacao="2", regime_internacao="1", diarias_solicitadas=3, data_sugerida=data))

    with pytest.raises(ErroDeNegocio) as erro:
        internar(limite + datetime.timedelta(days=1))
    assert f"{limite:%d/%m/%Y}" in erro.value.mensagem
    assert not Autorizacao.objects.exists()
    assert internar(limite).data_sugerida_internacao == limite


def test_cid_is_checked_and_kept_as_tiss_writes_it(solicitar):
    # a CID-10 that is not one (it was stored as typed, and the resumo de internação billed from the
    # authorization carried it into diagnosticoCID, 4 characters in the XSD)
    for invalido in ("ZZZZZ", "J1", "123", "K35.88"):
        with pytest.raises(ErroDeNegocio) as erro:
            solicitar(itens=[("40304361", 1)], cid=invalido)
        assert erro.value.codigo_tiss == "1509"
    assert not Autorizacao.objects.exists()
    assert solicitar(itens=[("40304361", 1)], cid=" j18.9 ").cid == "J189"


def test_attachments_are_checked_by_content(solicitar):
    falso = services.ArquivoAnexo(arquivo=ContentFile(b"MZ\x90\x00 executavel", name="laudo.pdf"))
    with pytest.raises(ErroDeNegocio) as erro:
        solicitar(anexos=[falso])
    assert "não é um PDF" in erro.value.mensagem
    assert not Autorizacao.objects.exists()
    a = solicitar(anexos=[services.ArquivoAnexo(arquivo=ContentFile(PDF, name="pedido.pdf"), tipo="pedido")])
    assert a.anexos.get().nome_original == "pedido.pdf"


# --- the auditor's decisions ----------------------------------------------------------------------------


@pytest.fixture
def em_analise(solicitar):
    return solicitar(itens=[("40302040", 2), ("20104219", 10)])


def test_authorize_everything(em_analise, auditor):
    a = services.autorizar(autorizacao_id=em_analise.id, usuario=auditor)
    assert a.situacao == S.AUTORIZADA and a.senha and a.decidida_por == auditor
    assert list(a.itens.order_by("sequencial").values_list("quantidade_autorizada", flat=True)) == [2, 10]
    assert EventoAuditoria.objects.filter(acao="autorizacao.autorizada", usuario=auditor).exists()


def test_partial_authorization_needs_reason_and_justification(em_analise, auditor):
    item = em_analise.itens.get(codigo="20104219")
    antes = _estado(em_analise)
    with pytest.raises(ErroDeNegocio):
        services.autorizar(autorizacao_id=em_analise.id, usuario=auditor, quantidades={item.id: 6})
    with pytest.raises(ErroDeNegocio):
        services.autorizar(autorizacao_id=em_analise.id, usuario=auditor, quantidades={item.id: 6},
                           codigo_negativa="9999", justificativa="Quantidade acima do necessário ao quadro.")
    assert _estado(em_analise) == antes
    a = services.autorizar(autorizacao_id=em_analise.id, usuario=auditor, quantidades={item.id: 6},
                           codigo_negativa="3293", justificativa="Seis sessões bastam para a reavaliação.")
    assert a.situacao == S.PARCIALMENTE_AUTORIZADA and a.codigo_negativa == "3293"
    assert a.itens.get(pk=item.pk).quantidade_autorizada == 6


def test_authorizing_nothing_must_be_a_denial(em_analise, auditor):
    zeros = {i.id: 0 for i in em_analise.itens.all()}
    antes = _estado(em_analise)
    with pytest.raises(ErroDeNegocio, match="Negar"):
        services.autorizar(autorizacao_id=em_analise.id, usuario=auditor, quantidades=zeros,
                           codigo_negativa="1426", justificativa="Sem indicação clínica para o exame.")
    assert _estado(em_analise) == antes


def test_quantity_above_requested_or_foreign_item_is_refused(em_analise, auditor, solicitar):
    item = em_analise.itens.get(codigo="20104219")
    alheio = solicitar(itens=[("40302040", 1)]).itens.get()
    antes = _estado(em_analise)
    with pytest.raises(ErroDeNegocio):
        services.autorizar(autorizacao_id=em_analise.id, usuario=auditor, quantidades={item.id: 11})
    with pytest.raises(ErroDeNegocio):
        services.autorizar(autorizacao_id=em_analise.id, usuario=auditor, quantidades={alheio.id: 1})
    assert _estado(em_analise) == antes


def test_deny_needs_a_table_38_code_and_a_real_justification(em_analise, auditor):
    antes = _estado(em_analise)
    for codigo, texto in [("", "Justificativa longa o bastante."), ("0000", "Justificativa longa o bastante."),
                          ("1426", "curta")]:
        with pytest.raises(ErroDeNegocio):
            services.negar(autorizacao_id=em_analise.id, usuario=auditor, codigo_negativa=codigo, justificativa=texto)
    assert _estado(em_analise) == antes
    a = services.negar(autorizacao_id=em_analise.id, usuario=auditor, codigo_negativa="3288",
                       justificativa="Não atende à DUT do Rol para este exame.")
    assert (a.situacao, a.codigo_negativa) == (S.NEGADA, "3288")
    assert set(a.itens.values_list("quantidade_autorizada", "codigo_negativa")) == {(0, "3288")}


def test_asking_for_justification_suspends_the_deadline_and_the_answer_restarts_it(
        solicitar, auditor, prestador, operadora):
    pedido = agora_em(datetime.date(2025, 11, 19))  # prazo 27/11
    a = solicitar(itens=[("40302040", 1)], agora=pedido)
    services.solicitar_justificativa(autorizacao_id=a.id, usuario=auditor, pendencia="documentos",
                                     texto="Envie o pedido médico assinado.", agora=agora_em(datetime.date(2025, 11, 24)))
    a.refresh_from_db()
    assert (a.situacao, a.status_tiss, a.dias_uteis_suspensos) == (S.AGUARDANDO_JUSTIFICATIVA, "5", 3)
    with pytest.raises(ErroDeNegocio, match="documentos"):
        services.responder_pendencia(autorizacao_id=a.id, prestador_id=prestador.id, operadora_id=operadora.id,
                                     usuario=None, texto="Segue")
    services.responder_pendencia(
        autorizacao_id=a.id, prestador_id=prestador.id, operadora_id=operadora.id, usuario=None, texto="Segue.",
        anexos=[services.ArquivoAnexo(arquivo=ContentFile(PDF, name="pedido.pdf"))],
        agora=agora_em(datetime.date(2025, 12, 1)))
    a.refresh_from_db()
    assert a.situacao == S.EM_ANALISE
    assert timezone.localtime(a.prazo_resposta).date() == datetime.date(2025, 12, 4)  # 3 business days later
    assert a.anexos.get().evento.tipo == "resposta"


def test_another_provider_cannot_answer_cancel_or_confirm(em_analise, auditor, outro_prestador, operadora):
    services.solicitar_justificativa(autorizacao_id=em_analise.id, usuario=auditor, pendencia="justificativa",
                                     texto="Justifique a glicemia repetida.")
    antes = _estado(em_analise)
    outro = {"prestador_id": outro_prestador.id, "operadora_id": operadora.id, "usuario": None}
    with pytest.raises(NaoEncontrado):
        services.responder_pendencia(autorizacao_id=em_analise.id, texto="Sou outro", **outro)
    with pytest.raises(NaoEncontrado):
        services.cancelar_autorizacao(autorizacao_id=em_analise.id, **outro)
    with pytest.raises(NaoEncontrado):
        services.solicitar_carta_negativa(autorizacao_id=em_analise.id, **outro)
    with pytest.raises(NaoEncontrado):
        services.confirmar_atendimento(autorizacao_id=em_analise.id, item_id=em_analise.itens.first().id,
                                       data_execucao=timezone.localdate(), **outro)
    assert _estado(em_analise) == antes


def test_same_provider_with_another_operadora_does_not_reach_it(em_analise, prestador, outra_operadora):
    antes = _estado(em_analise)
    with pytest.raises(NaoEncontrado):
        services.cancelar_autorizacao(autorizacao_id=em_analise.id, prestador_id=prestador.id,
                                      operadora_id=outra_operadora.id, usuario=None)
    assert _estado(em_analise) == antes


def _executar(acao: str, autorizacao_id: int, auditor, ids: dict) -> None:
    if acao == "autorizar":
        services.autorizar(autorizacao_id=autorizacao_id, usuario=auditor)
    elif acao == "negar":
        services.negar(autorizacao_id=autorizacao_id, usuario=auditor, codigo_negativa="1426",
                       justificativa="Justificativa suficientemente longa.")
    elif acao == "pedir":
        services.solicitar_justificativa(autorizacao_id=autorizacao_id, usuario=auditor, pendencia="documentos",
                                         texto="Envie o laudo, por favor.")
    elif acao == "responder":
        services.responder_pendencia(autorizacao_id=autorizacao_id, texto="Resposta", **ids)
    elif acao == "cancelar":
        services.cancelar_autorizacao(autorizacao_id=autorizacao_id, **ids)
    elif acao == "carta":
        services.solicitar_carta_negativa(autorizacao_id=autorizacao_id, **ids)


@pytest.mark.parametrize(("estado", "acao"), [
    ("negada", "autorizar"), ("negada", "negar"), ("negada", "pedir"), ("negada", "responder"),
    ("negada", "cancelar"), ("cancelada", "autorizar"), ("cancelada", "negar"), ("cancelada", "pedir"),
    ("cancelada", "responder"), ("cancelada", "cancelar"), ("cancelada", "carta"), ("expirada", "autorizar"),
    ("expirada", "cancelar"), ("expirada", "carta"),
])
def test_forbidden_transitions_from_final_states_change_nothing(solicitar, auditor, prestador, operadora, estado,
                                                               acao):
    ids = {"prestador_id": prestador.id, "operadora_id": operadora.id, "usuario": None}
    if estado == "negada":
        alvo = solicitar(itens=[("40302040", 1)])
        services.negar(autorizacao_id=alvo.id, usuario=auditor, codigo_negativa="1426",
                       justificativa="Sem indicação clínica documentada.")
    elif estado == "cancelada":
        alvo = solicitar(itens=[("20104219", 1)])
        services.cancelar_autorizacao(autorizacao_id=alvo.id, **ids)
    else:
        alvo = solicitar(itens=[("20104219", 1)])
        services.expirar_autorizacoes_vencidas(hoje=alvo.data_validade_senha + datetime.timedelta(days=1))
    antes = _estado(alvo)
    with pytest.raises(TransicaoInvalida):
        _executar(acao, alvo.id, auditor, ids)
    assert _estado(alvo) == antes


def test_authorized_request_cannot_be_decided_again_nor_answered(solicitar, auditor, prestador, operadora):
    a = solicitar(itens=[("20104219", 2)])
    antes = _estado(a)
    with pytest.raises(TransicaoInvalida):
        services.negar(autorizacao_id=a.id, usuario=auditor, codigo_negativa="1426",
                       justificativa="Tarde demais para negar isto.")
    with pytest.raises(TransicaoInvalida):
        services.solicitar_justificativa(autorizacao_id=a.id, usuario=auditor, pendencia="documentos",
                                         texto="Envie o laudo, por favor.")
    with pytest.raises(TransicaoInvalida):
        services.responder_pendencia(autorizacao_id=a.id, prestador_id=prestador.id, operadora_id=operadora.id,
                                     usuario=None, texto="Resposta sem pergunta")
    assert _estado(a) == antes


def test_cancel_and_then_the_senha_reads_as_cancelled(solicitar, prestador, operadora):
    a = solicitar(itens=[("20104219", 2)])
    services.cancelar_autorizacao(autorizacao_id=a.id, prestador_id=prestador.id, operadora_id=operadora.id,
                                  usuario=None, motivo="Paciente desistiu")
    a.refresh_from_db()
    assert a.situacao == S.CANCELADA and a.eventos.filter(codigo_tiss="3179").exists()
    senha = selectors.autorizacao_por_senha(operadora_id=operadora.id, senha=a.senha)
    assert senha.problema_em(timezone.localdate()) == ("1437", "Senha cancelada.")


def test_denial_letter_only_for_denied_and_idempotent(solicitar, auditor, prestador, operadora):
    ids = {"prestador_id": prestador.id, "operadora_id": operadora.id, "usuario": None}
    autorizada = solicitar(itens=[("20104219", 2)])
    with pytest.raises(TransicaoInvalida):
        services.solicitar_carta_negativa(autorizacao_id=autorizada.id, **ids)
    negada = solicitar(itens=[("41010010", 1)])
    primeira = services.solicitar_carta_negativa(autorizacao_id=negada.id, **ids).carta_negativa_solicitada_em
    segunda = services.solicitar_carta_negativa(autorizacao_id=negada.id, **ids).carta_negativa_solicitada_em
    assert primeira == segunda and negada.eventos.filter(tipo="carta_negativa").count() == 1


def test_expiry_is_set_based_and_idempotent(solicitar, operadora):
    a = solicitar(itens=[("20104219", 2)])
    b = solicitar(itens=[("40302040", 1)])  # em análise: untouched
    depois = a.data_validade_senha + datetime.timedelta(days=1)
    assert services.expirar_autorizacoes_vencidas(hoje=a.data_validade_senha) == 0
    assert services.expirar_autorizacoes_vencidas(hoje=depois) == 1
    assert services.expirar_autorizacoes_vencidas(hoje=depois) == 0
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.situacao, b.situacao) == (S.EXPIRADA, S.EM_ANALISE)
    assert EventoAutorizacao.objects.filter(autorizacao=a, tipo="expirada", codigo_tiss="1414").count() == 1


# --- execution and what billing consumes ----------------------------------------------------------------


@pytest.fixture
def seriado(solicitar):
    return solicitar(itens=[("20104219", 3)])


def _confirmar(a, prestador, operadora, data, quantidade=1, **extras):
    return services.confirmar_atendimento(autorizacao_id=a.id, item_id=a.itens.get().id, prestador_id=prestador.id,
                                          operadora_id=operadora.id, usuario=None, data_execucao=data,
                                          quantidade=quantidade, **extras)


def test_sessions_are_confirmed_within_the_balance(seriado, prestador, operadora, medica):
    hoje = timezone.localdate()
    _confirmar(seriado, prestador, operadora, hoje, profissional_executante_id=medica.id)
    _confirmar(seriado, prestador, operadora, hoje, quantidade=2)
    antes = _estado(seriado)
    with pytest.raises(ErroDeNegocio) as erro:
        _confirmar(seriado, prestador, operadora, hoje)
    assert erro.value.codigo_tiss == "3292"
    assert _estado(seriado) == antes


@pytest.mark.parametrize(("dias", "codigo"), [(-1, "1814"), (1, "")])
def test_session_date_outside_the_senha_or_in_the_future_is_refused(seriado, prestador, operadora, dias, codigo):
    data = seriado.data_autorizacao + datetime.timedelta(days=dias)
    antes = _estado(seriado)
    with pytest.raises(ErroDeNegocio) as erro:
        _confirmar(seriado, prestador, operadora, data)
    assert erro.value.codigo_tiss == codigo
    assert _estado(seriado) == antes


def test_session_after_validity_is_1414_but_one_inside_it_can_be_confirmed_late(seriado, prestador, operadora):
    Autorizacao.objects.filter(pk=seriado.pk).update(data_autorizacao=datetime.date(2025, 1, 2),
                                                     data_validade_senha=datetime.date(2025, 4, 2),
                                                     situacao=S.EXPIRADA)
    seriado.refresh_from_db()
    with pytest.raises(ErroDeNegocio) as erro:
        _confirmar(seriado, prestador, operadora, datetime.date(2025, 4, 3))
    assert erro.value.codigo_tiss == "1414"
    assert _confirmar(seriado, prestador, operadora, datetime.date(2025, 4, 2)).pk


def test_request_without_senha_cannot_be_executed(solicitar, prestador, operadora):
    a = solicitar(itens=[("40302040", 1)])
    with pytest.raises(TransicaoInvalida):
        _confirmar(a, prestador, operadora, timezone.localdate())
    assert not Atendimento.objects.exists()


def test_billing_reads_marks_and_releases_confirmed_atendimentos(seriado, prestador, operadora, medica,
                                                                 django_assert_num_queries):
    hoje = timezone.localdate()
    primeiro = _confirmar(seriado, prestador, operadora, hoje, profissional_executante_id=medica.id)
    segundo = _confirmar(seriado, prestador, operadora, hoje)
    with django_assert_num_queries(1):
        linhas = selectors.atendimentos_confirmados(prestador_id=prestador.id, operadora_id=operadora.id,
                                                    inicio=hoje, fim=hoje)
    assert [linha.id for linha in linhas] == [primeiro.id, segundo.id]
    assert (linhas[0].senha, linhas[0].codigo, linhas[0].quantidade, linhas[0].carteira) == (
        seriado.senha, "20104219", 1, seriado.beneficiario.carteira)
    assert linhas[0].profissional_executante.numero_conselho == "123456"
    ids = {"prestador_id": prestador.id, "operadora_id": operadora.id}
    assert services.marcar_atendimentos_faturados(ids=[primeiro.id, segundo.id], lote_id=77, **ids) == 2
    assert services.marcar_atendimentos_faturados(ids=[primeiro.id, segundo.id], lote_id=77, **ids) == 0
    with pytest.raises(ErroDeNegocio):
        services.marcar_atendimentos_faturados(ids=[primeiro.id], lote_id=78, **ids)
    assert selectors.atendimentos_confirmados(**ids) == []
    with pytest.raises(ErroDeNegocio, match="lote"):
        services.desfazer_atendimento(atendimento_id=primeiro.id, usuario=None, **ids)
    assert services.liberar_atendimentos_do_lote(lote_id=77) == 2
    assert len(selectors.atendimentos_confirmados(**ids)) == 2


def test_billing_cannot_mark_another_providers_atendimentos(seriado, prestador, outro_prestador, operadora):
    atendimento = _confirmar(seriado, prestador, operadora, timezone.localdate())
    with pytest.raises(NaoEncontrado):
        services.marcar_atendimentos_faturados(ids=[atendimento.id], lote_id=1, prestador_id=outro_prestador.id,
                                               operadora_id=operadora.id)
    assert Atendimento.objects.get().lote_faturamento_id is None


def test_undo_a_confirmation(seriado, prestador, operadora):
    atendimento = _confirmar(seriado, prestador, operadora, timezone.localdate())
    services.desfazer_atendimento(atendimento_id=atendimento.id, prestador_id=prestador.id,
                                  operadora_id=operadora.id, usuario=None)
    assert not Atendimento.objects.exists()
    assert seriado.eventos.filter(tipo="execucao_desfeita").exists()


def test_senha_lookup_for_guide_validation(seriado, prestador, outro_prestador, operadora):
    _confirmar(seriado, prestador, operadora, timezone.localdate())
    senha = selectors.autorizacao_por_senha(operadora_id=operadora.id, senha=seriado.senha)
    hoje = timezone.localdate()
    assert senha.itens[0].quantidade_executada == 1 and senha.quantidade_autorizada("20104219") == 3
    assert senha.problema_em(hoje, prestador_id=prestador.id, carteira=seriado.beneficiario.carteira) is None
    assert senha.problema_em(hoje, prestador_id=outro_prestador.id)[0] == "3276"
    assert senha.problema_em(hoje, carteira="outra")[0] == "3306"
    assert senha.problema_em(seriado.data_validade_senha + datetime.timedelta(days=1))[0] == "1414"
    assert selectors.autorizacao_por_senha(operadora_id=operadora.id, senha="nao-existe") is None


@pytest.mark.parametrize("pedido", ["1", "2"])
def test_extension_takes_the_character_of_its_hospitalisation_not_the_callers(solicitar, auditor, pedido):
    """The prorrogação's caráter was whatever the caller passed (the demo's elective extension of an urgent
    internação got the 5-business-day RN 623 deadline instead of an immediate one)."""
    agora = agora_em(datetime.date(2025, 11, 19))
    internacao = solicitar(tipo="internacao", itens=[("31003079", 1)], carater="2", agora=agora,
                           internacao=services.DadosInternacao(tipo_internacao="2", regime_internacao="1",
                                                               diarias_solicitadas=3,
                                                               data_sugerida=datetime.date(2025, 11, 19)))
    services.autorizar(autorizacao_id=internacao.id, usuario=auditor, agora=agora)
    depois = agora + datetime.timedelta(days=1)
    prorrogacao = solicitar(tipo="prorrogacao", itens=[], autorizacao_principal_id=internacao.id, carater=pedido,
                            agora=depois, internacao=services.DadosInternacao(
                                tipo_internacao="", regime_internacao="", diarias_solicitadas=2))
    assert prorrogacao.carater_atendimento == "2"
    assert prorrogacao.prazo_resposta == depois  # urgency: answered at once (RN 623/2024)


def test_cancelling_is_refused_with_the_same_reason_the_page_shows(solicitar, auditor, prestador, operadora):
    internacao, prorrogacao = _internacao_com_prorrogacao(solicitar, auditor)
    motivo = selectors.impedimento_de_cancelamento(internacao)
    assert motivo and prorrogacao.numero_guia_operadora in motivo
    with pytest.raises(ErroDeNegocio) as erro:
        services.cancelar_autorizacao(autorizacao_id=internacao.id, prestador_id=prestador.id,
                                      operadora_id=operadora.id, usuario=None)
    assert erro.value.mensagem == motivo
    assert selectors.impedimento_de_cancelamento(prorrogacao) is None
