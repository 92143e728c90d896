import datetime

import pytest
from django.utils import timezone

from operadora.accounts import demo as demo_acessos
from operadora.authorizations import demo
from operadora.authorizations.models import Atendimento, Autorizacao
from operadora.registry import demo as demo_cadastros
from operadora.registry.models import Prestador, TermoTUSS


@pytest.mark.django_db
def test_demo_has_every_state_and_serial_sessions_and_is_idempotent():
    # Given the register and logins of the demo, and the TUSS terms it uses
    for codigo in (demo.PSICOTERAPIA, demo.CINTILOGRAFIA, demo.APENDICECTOMIA, demo.RX_TORAX):
        TermoTUSS.objects.create(tabela="22", codigo=codigo, termo=f"Termo {codigo}", busca=codigo)
    registro = demo_cadastros.criar()
    demo_acessos.criar(registro)
    # When the authorizations demo runs twice
    primeira = demo.criar(registro)
    total = Autorizacao.objects.count()
    demo.criar(registro)
    # Then every state exists, serial sessions are confirmed and some are left to confirm, nothing duplicated
    assert set(primeira.por_situacao) == set(Autorizacao.Situacao.values)
    assert Autorizacao.objects.count() == total
    assert Atendimento.objects.count() == 3 * len(registro.operadoras)
    seriado = Autorizacao.objects.filter(numero_guia_prestador="DEMO-002").first()
    assert seriado.situacao == "autorizada" and not seriado.atendimentos.exists()
    # and the extension in audit (DEMO-009) has the urgency of its internação (DEMO-008) and so its immediate RN 623
    # deadline (it was elective, due in 5 business days)
    for prorrogacao in Autorizacao.objects.filter(numero_guia_prestador="DEMO-009").select_related(
            "autorizacao_principal"):
        assert prorrogacao.carater_atendimento == prorrogacao.autorizacao_principal.carater_atendimento == "2"
        assert prorrogacao.prazo_resposta == prorrogacao.criado_em
    assert Autorizacao.objects.filter(numero_guia_prestador="DEMO-009").exists()
    # and each request says it was made when its history says (the portal showed "Solicitada em" today over a
    # history that began days before)
    for autorizacao in Autorizacao.objects.prefetch_related("eventos"):
        solicitada = min(e.quando for e in autorizacao.eventos.all())
        assert autorizacao.criado_em == solicitada, autorizacao.numero_guia_prestador


@pytest.mark.django_db
@pytest.mark.parametrize("dia", [1, 15, 28])
def test_demo_deixa_sessoes_no_periodo_padrao_do_faturamento_automatico_em_qualquer_dia_do_mes(dia):
    # Given the demo made on day `dia` of a month (the default period of the automatic billing ends on the last day
    # of the previous month, seed 003)
    from operadora.authorizations.selectors import atendimentos_confirmados
    from operadora.billing.services import periodo_sugerido

    for codigo in (demo.PSICOTERAPIA, demo.CINTILOGRAFIA, demo.APENDICECTOMIA, demo.RX_TORAX):
        TermoTUSS.objects.create(tabela="22", codigo=codigo, termo=f"Termo {codigo}", busca=codigo)
    agora = (timezone.now() - datetime.timedelta(days=62)).replace(day=dia, hour=12)
    registro = demo_cadastros.criar(hoje=timezone.localdate(agora))
    demo_acessos.criar(registro)
    demo.criar(registro, agora=agora)
    # Then, for every operadora, the serial sessions confirmed by the clinic fall in that default period
    for operadora in registro.operadoras:
        clinica = Atendimento.objects.filter(autorizacao__operadora=operadora).values_list(
            "autorizacao__prestador", flat=True).first()
        inicio, fim = periodo_sugerido(operadora=operadora, prestador=Prestador.objects.get(pk=clinica),
                                       hoje=timezone.localdate(agora))
        no_periodo = atendimentos_confirmados(prestador_id=clinica, operadora_id=operadora.pk, inicio=inicio, fim=fim)
        assert len(no_periodo) == 3, (dia, inicio, fim)
        assert fim < timezone.localdate(agora).replace(day=1)
