"""Automatic billing of internação atendimentos: the resumo de internação takes what the authorization holds
(caráter, tipo/regime de internação, CID-10, the internação request's number, the period of the sessions), the
conference completes what it does not (hours, motivo de encerramento), and only then the lote exports valid and
the generation is sent."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from operadora.authorizations.models import Atendimento, Autorizacao, ItemAutorizacao
from operadora.billing import selectors, services
from operadora.billing.models import FaturamentoAutomatico, Guia
from operadora.billing.tests.fabricas import gerar_faturamento
from operadora.core.erros import ErroDeNegocio
from operadora.registry.models import PrecoContratado
from operadora.tiss.validation import validar

pytestmark = pytest.mark.django_db
APENDICECTOMIA = "31003079"


def _autorizacao(operadora, prestador, beneficiario, hoje, **campos):
    return Autorizacao.objects.create(
        operadora=operadora,
        prestador=prestador,
        beneficiario=beneficiario,
        data_autorizacao=hoje - datetime.timedelta(days=20),
        data_validade_senha=hoje + datetime.timedelta(days=30),
        situacao="autorizada",
        prazo_resposta=timezone.now(),
        **campos,
    )


def _sessoes(autorizacao, hoje, codigo, dias_atras):
    item = ItemAutorizacao.objects.create(
        autorizacao=autorizacao,
        sequencial=1,
        codigo=codigo,
        descricao="Apendicectomia",
        quantidade_solicitada=len(dias_atras),
        quantidade_autorizada=len(dias_atras),
        exigencia="auditoria",
    )
    for dias in dias_atras:
        Atendimento.objects.create(
            autorizacao=autorizacao,
            item=item,
            confirmado_em=timezone.now(),
            data_execucao=hoje - datetime.timedelta(days=dias),
        )


@pytest.fixture
def internacao(operadora, prestador, beneficiario, hoje):
    """An authorized urgent surgical internação (CID K35.9) with sessions 12 and 10 days ago, and a prorrogação of
    it (no tipo/regime/CID of its own) with a session 8 days ago."""
    PrecoContratado.objects.create(
        operadora=operadora,
        prestador=prestador,
        codigo=APENDICECTOMIA,
        valor=Decimal("900.00"),
        vigencia_inicio=datetime.date(2024, 1, 1),
    )
    principal = _autorizacao(
        operadora,
        prestador,
        beneficiario,
        hoje,
        tipo="internacao",
        numero_guia_prestador="INT-01",
        numero_guia_operadora="2026000101",
        senha="SENINT01",
        carater_atendimento="2",
        cid="K35.9",
        tipo_internacao="2",
        regime_internacao="1",
        diarias_autorizadas=3,
    )
    _sessoes(principal, hoje, APENDICECTOMIA, (12, 10))
    prorrogacao = _autorizacao(
        operadora,
        prestador,
        beneficiario,
        hoje,
        tipo="prorrogacao",
        numero_guia_prestador="PRO-01",
        numero_guia_operadora="2026000102",
        senha="SENPRO01",
        carater_atendimento="2",
        autorizacao_principal=principal,
    )
    _sessoes(prorrogacao, hoje, APENDICECTOMIA, (8,))
    return principal


def test_resumo_de_internacao_gerado_traz_o_que_a_autorizacao_tem(operadora, prestador, internacao, hoje):
    faturamento = gerar_faturamento(operadora, prestador, hoje)
    principal = Guia.objects.get(lote__faturamento=faturamento, senha="SENINT01")
    assert principal.tipo == "3"
    assert (principal.carater_atendimento, principal.tipo_internacao, principal.regime_internacao) == (
        "2",
        "2",
        "1",
    )
    assert principal.diagnosticos == ["K359"]
    assert principal.numero_guia_principal == "INT-01"
    assert (principal.data_atendimento, principal.data_fim) == (  # up to the prorrogação's session
        hoje - datetime.timedelta(days=12),
        hoje - datetime.timedelta(days=8),
    )
    assert principal.tipo_faturamento == "4"
    # the hours and the motivo de encerramento are not known: left for the conference
    assert (
        principal.hora_inicio_faturamento,
        principal.hora_final_faturamento,
        principal.motivo_encerramento,
    ) == (
        None,
        None,
        "",
    )



def test_prorrogacao_entra_no_resumo_da_internacao(operadora, prestador, internacao, hoje):
    """A prorrogação extends the same stay: its sessions are billed in the internação's resumo (its senha, guide
    numbers, period up to the prorrogação's last session), not in a second "total" resumo with the prorrogação's
    own senha (which billed one internação as two)."""
    faturamento = gerar_faturamento(operadora, prestador, hoje)
    guias = list(Guia.objects.filter(lote__faturamento=faturamento))
    assert [(g.senha, g.numero_guia_prestador, g.numero_guia_operadora) for g in guias] == [
        ("SENINT01", "INT-01", "2026000101")
    ]
    resumo = guias[0]
    assert [(i.sequencial, i.data_execucao) for i in resumo.itens.order_by("sequencial")] == [
        (1, hoje - datetime.timedelta(days=12)),
        (2, hoje - datetime.timedelta(days=10)),
        (3, hoje - datetime.timedelta(days=8)),
    ]
    assert (resumo.data_atendimento, resumo.data_fim) == (
        hoje - datetime.timedelta(days=12),
        hoje - datetime.timedelta(days=8),
    )
    assert resumo.valor_total == Decimal("2700.00")
    assert resumo.diagnosticos == ["K359"] and resumo.numero_guia_principal == "INT-01"


def test_prorrogacao_sozinha_no_periodo_fatura_com_a_senha_da_internacao(
    operadora, prestador, internacao, hoje
):
    """The internação's own sessions were billed in an earlier period; the prorrogação's session, confirmed later,
    still goes out under the internação's senha and request number (the prorrogação inherits tipo/regime/CID)."""
    # (its sessions moved out of the period stand for sessions billed before)
    Atendimento.objects.filter(autorizacao=internacao).update(data_execucao=hoje - datetime.timedelta(days=200))
    faturamento = gerar_faturamento(operadora, prestador, hoje)
    guia = Guia.objects.get(lote__faturamento=faturamento)
    assert (guia.senha, guia.numero_guia_operadora, guia.numero_guia_principal) == (
        "SENINT01",
        "2026000101",
        "INT-01",
    )
    assert (guia.tipo_internacao, guia.diagnosticos, guia.itens.count()) == ("2", ["K359"], 1)


def test_conferencia_completa_a_internacao_e_so_entao_exporta_e_envia(
    cliente_portal, operadora, prestador, internacao, hoje
):
    # given the internação billed automatically, all sessions conferred
    cliente_portal.post(
        "/portal/faturamento/automatico/", {"data_final": (hoje - datetime.timedelta(days=1)).isoformat()}
    )
    faturamento = FaturamentoAutomatico.objects.get()
    url = f"/portal/faturamento/automatico/{faturamento.pk}/"
    cliente_portal.post(f"{url}conferir/", {"todos": "1"})
    guia = Guia.objects.get(senha="SENINT01")
    lote_url = f"/portal/faturamento/lotes/{guia.lote_id}/"
    # the conference shows the internação to complete
    pagina = cliente_portal.get(url).content.decode()
    assert f'id="internacao-{guia.pk}"' in pagina and "Motivo de encerramento" in pagina
    # before it is completed: the export says what is missing and the generation is not sent
    r = cliente_portal.get(f"{lote_url}envio.xml", follow=True)
    assert "não tem hora de início do faturamento" in r.content.decode()
    r = cliente_portal.post(f"{url}enviar/", follow=True)
    assert "Complete os dados da internação antes de enviar" in r.content.decode()
    assert FaturamentoAutomatico.objects.get().situacao == "aguardando_envio"
    with pytest.raises(ErroDeNegocio, match="hora de início"):
        services.enviar_faturamento(faturamento_id=faturamento.pk, usuario=None)
    # when the conference completes the resumo (hours, motivo; the CID corrected), the prorrogação inside it
    assert not Guia.objects.filter(senha="SENPRO01").exists()
    for resumo, cid in ((guia, "K358"),):
        r = cliente_portal.post(
            f"{url}internacao/",
            {
                "guia": resumo.pk,
                "hora_inicio_faturamento": "07:15",
                "hora_final_faturamento": "16:40",
                "motivo_encerramento": "12",
                "tipo_internacao": "2",
                "regime_internacao": "1",
                "diagnostico": cid,
            },
            follow=True,
        )
        assert f"Internação da guia {resumo.numero_guia_prestador} completada." in r.content.decode()
    # then the lote exports as a valid ENVIO_LOTE_GUIAS with the authorization's and the conference's values
    xml = cliente_portal.get(f"{lote_url}envio.xml")
    assert xml["Content-Type"] == "application/xml", xml.content[:300]
    relatorio = validar(xml.content, selectors.politica_da_operadora(operadora), selectors.registro_schemas())
    assert relatorio.valido, relatorio.erros
    exportada = next(g for g in relatorio.mensagem.lote.guias if g.numero_guia_prestador == "INT-01")
    assert (exportada.carater_atendimento, exportada.tipo_internacao, exportada.regime_internacao) == (
        "2",
        "2",
        "1",
    )
    assert (exportada.hora_inicio_faturamento, exportada.hora_final_faturamento) == (
        datetime.time(7, 15),
        datetime.time(16, 40),
    )
    assert (exportada.motivo_encerramento, exportada.diagnosticos) == ("12", ("K358",))
    assert exportada.numero_guia_solicitacao_internacao == "INT-01"
    assert exportada.data_final_faturamento == hoje - datetime.timedelta(days=8)
    assert len(exportada.procedimentos) == 3
    # and the generation is sent
    cliente_portal.post(f"{url}enviar/")
    assert FaturamentoAutomatico.objects.get().situacao == "enviado"


def test_ajuste_da_internacao_recusa_dados_invalidos_sem_erro_500(
    cliente_portal, cliente_portal_outro, operadora, prestador, internacao, hoje
):
    faturamento = gerar_faturamento(operadora, prestador, hoje)
    url = f"/portal/faturamento/automatico/{faturamento.pk}/internacao/"
    guia = Guia.objects.get(senha="SENINT01")
    validos = {
        "guia": guia.pk,
        "hora_inicio_faturamento": "07:15",
        "hora_final_faturamento": "16:40",
        "motivo_encerramento": "12",
        "tipo_internacao": "2",
        "regime_internacao": "1",
    }
    r = cliente_portal.post(url, {**validos, "motivo_encerramento": "99", "diagnostico": "123"}, follow=True)
    pagina = r.content.decode()
    assert r.status_code == 200 and "Dados da internação inválidos" in pagina and "CID-10" in pagina
    r = cliente_portal.post(url, {**validos, "guia": "987654321"}, follow=True)
    assert "Guia inválida" in r.content.decode()
    assert cliente_portal_outro.post(url, validos).status_code == 404
    guia.refresh_from_db()
    assert (guia.hora_inicio_faturamento, guia.motivo_encerramento) == (None, "")


def test_resumo_com_a_prorrogacao_passa_na_analise_da_senha(operadora, prestador, internacao, hoje):
    """The internação authorized 2 sessions and its prorrogação 1 more, after the internação's validity: billed in
    the internação's resumo under its senha, the analysis read only the internação's authorization and glosed the
    prorrogação's session (3210, authorized quantity exceeded) — money the operadora had authorized."""
    from operadora.claims import services as claims_services
    from operadora.claims.models import Glosa

    Autorizacao.objects.filter(pk=internacao.pk).update(data_validade_senha=hoje - datetime.timedelta(days=9))
    prorrogacao = Autorizacao.objects.get(autorizacao_principal=internacao)
    Autorizacao.objects.filter(pk=prorrogacao.pk).update(data_validade_senha=hoje + datetime.timedelta(days=20))
    faturamento = gerar_faturamento(operadora, prestador, hoje)
    guia = Guia.objects.get(lote__faturamento=faturamento)
    services.conferir_itens(faturamento_id=faturamento.pk, estado="conferido", usuario=None)
    services.ajustar_internacao(faturamento_id=faturamento.pk, guia_id=guia.pk, usuario=None,
                                hora_inicio_faturamento=datetime.time(7), hora_final_faturamento=datetime.time(16),
                                motivo_encerramento="12")  # fmt: skip
    lote = services.enviar_faturamento(faturamento_id=faturamento.pk, usuario=None).lotes.get()

    claims_services.analisar_protocolo(protocolo_id=lote.protocolo.pk)

    da_senha = Glosa.objects.filter(protocolo=lote.protocolo, regra="autorizacao")
    assert not da_senha.exists(), list(da_senha.values_list("codigo_glosa", "motivo"))
