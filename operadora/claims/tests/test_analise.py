"""The analysis of a protocol: set-based (bounded queries), idempotent, analyst decisions audited, release."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from operadora.billing.models import HistoricoProtocolo, Protocolo
from operadora.claims import services, tasks
from operadora.claims.models import AnaliseProtocolo, Glosa
from operadora.core.erros import ErroDeNegocio, TransicaoInvalida
from operadora.core.models import EventoAuditoria

from .conftest import HEMOGRAMA, item

pytestmark = pytest.mark.django_db


def _guias(beneficiario, quantidade):
    return [{"carteira": beneficiario.carteira if n % 3 else "00000000000",
             "itens": [item(data=datetime.date(2025, 5, 1) + datetime.timedelta(days=n % 28), unitario="150.00"),
                       item(HEMOGRAMA, unitario="20.00", data=datetime.date(2025, 5, 2))]}
            for n in range(quantidade)]


def test_numero_de_consultas_nao_cresce_com_o_numero_de_guias(somente_postgresql, protocolo_factory, beneficiario, preco_consulta,
                                                              django_assert_num_queries):
    # given a protocol of 2 guides and one of 60 guides (120 items)
    pequeno = protocolo_factory(_guias(beneficiario, 2))
    grande = protocolo_factory(_guias(beneficiario, 60))
    services.garantir_regras(pequeno.operadora)
    with CaptureQueriesContext(connection) as consultas:
        services.analisar_protocolo(protocolo_id=pequeno.pk)
    # when the big one is analysed / then exactly the same number of queries
    with django_assert_num_queries(len(consultas.captured_queries)):
        services.analisar_protocolo(protocolo_id=grande.pk)
    assert Glosa.objects.filter(protocolo=grande).count() > Glosa.objects.filter(protocolo=pequeno).count()


def test_reanalisar_e_idempotente_e_preserva_decisoes(protocolo_factory, beneficiario, preco_consulta,
                                                      usuario_retaguarda):
    # given an analysed protocol where the analyst annulled one glosa
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(unitario="150.00")]},
                                   {"carteira": "00000000000", "itens": [item()]}])
    primeira = services.analisar_protocolo(protocolo_id=protocolo.pk)
    antes = sorted(Glosa.objects.filter(protocolo=protocolo).values_list("item_id", "regra", "valor"))
    anulada = Glosa.objects.get(protocolo=protocolo, regra="preco_contratado")
    services.decidir_glosa(glosa_id=anulada.pk, decisao="anular", usuario=usuario_retaguarda,
                           justificativa="Preço renegociado em aditivo de maio.")
    # when the task runs again (a retry after a crash, say)
    tasks.analisar_protocolo.delay(protocolo.pk)
    # then the same glosas, the annulment kept, and the totals the same as after the decision
    assert sorted(Glosa.objects.filter(protocolo=protocolo).values_list("item_id", "regra", "valor")) == antes
    anulada.refresh_from_db()
    assert anulada.situacao == Glosa.Situacao.ANULADA
    analise = AnaliseProtocolo.objects.get(protocolo=protocolo)
    assert analise.execucoes == primeira.execucoes + 1
    assert analise.valor_glosa == Decimal("100.00")  # the unknown carteira; the price difference annulled
    assert protocolo.historico.filter(situacao=Protocolo.Situacao.EM_ANALISE).count() == 1


def test_decisoes_do_analista_sao_auditadas_e_exigem_justificativa(protocolo_factory, beneficiario, preco_consulta,
                                                                   usuario_retaguarda):
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(unitario="150.00")]}])
    services.analisar_protocolo(protocolo_id=protocolo.pk)
    glosa = Glosa.objects.get(protocolo=protocolo)
    # when overriding without a justification / then refused and nothing changes
    with pytest.raises(ErroDeNegocio):
        services.decidir_glosa(glosa_id=glosa.pk, decisao="ajustar", valor=Decimal("10"), usuario=usuario_retaguarda)
    glosa.refresh_from_db()
    assert (glosa.situacao, glosa.valor) == (Glosa.Situacao.PROPOSTA, Decimal("30.00"))
    # when adjusting with a justification / then the new value, who and why, in the audit log with before/after
    services.decidir_glosa(glosa_id=glosa.pk, decisao="ajustar", valor=Decimal("10.00"), usuario=usuario_retaguarda,
                           justificativa="Diferença parcial: reajuste contratual de 2025.")
    glosa.refresh_from_db()
    assert (glosa.situacao, glosa.valor, glosa.valor_proposto) == (Glosa.Situacao.CONFIRMADA, Decimal("10.00"),
                                                                   Decimal("30.00"))
    evento = EventoAuditoria.objects.get(acao="claims.glosa_ajustar")
    assert evento.usuario == usuario_retaguarda
    assert evento.detalhes["antes"]["valor"] == "30.00" and evento.detalhes["depois"]["valor"] == "10.00"
    assert AnaliseProtocolo.objects.get(protocolo=protocolo).valor_glosa == Decimal("10.00")


def test_glosa_manual_so_com_codigo_da_tabela_38(protocolo_factory, beneficiario, usuario_retaguarda):
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item()]}])
    services.analisar_protocolo(protocolo_id=protocolo.pk)
    item_id = protocolo.guias.get().itens.get().pk
    with pytest.raises(ErroDeNegocio, match="tabela TUSS 38"):
        services.incluir_glosa(item_id=item_id, codigo_glosa="9999", valor=Decimal("5"), usuario=usuario_retaguarda,
                               justificativa="Código que não existe na tabela.")
    glosa = services.incluir_glosa(item_id=item_id, codigo_glosa="1811", valor=Decimal("100.00"),
                                   usuario=usuario_retaguarda, justificativa="Sem registro de execução no prontuário.")
    assert glosa.origem == Glosa.Origem.MANUAL
    assert AnaliseProtocolo.objects.get(protocolo=protocolo).valor_glosa == Decimal("100.00")


def test_liberar_confirma_pendentes_e_leva_totais_ao_protocolo(protocolo_factory, beneficiario, preco_consulta,
                                                               usuario_retaguarda):
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(unitario="150.00")]}])
    services.analisar_protocolo(protocolo_id=protocolo.pk)
    services.liberar_protocolo(protocolo_id=protocolo.pk, usuario=usuario_retaguarda)
    protocolo.refresh_from_db()
    assert protocolo.situacao == Protocolo.Situacao.LIBERADO_FATURAMENTO
    assert (protocolo.valor_glosado, protocolo.valor_liberado) == (Decimal("30.00"), Decimal("120.00"))
    assert Glosa.objects.get(protocolo=protocolo).situacao == Glosa.Situacao.CONFIRMADA
    assert HistoricoProtocolo.objects.filter(protocolo=protocolo, situacao="liberado_faturamento").exists()
    # and a released protocol is not analysed again
    with pytest.raises(TransicaoInvalida):
        services.analisar_protocolo(protocolo_id=protocolo.pk)


def test_cli_analyze_json_e_texto(protocolo_factory, beneficiario, preco_consulta, capsys):
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(unitario="150.00")]}])
    call_command("claims", "analyze", protocolo.numero, "--json")
    resultado = json.loads(capsys.readouterr().out)
    assert resultado["totais"] == {"itens": 1, "informado": "150.00", "processado": "150.00", "liberado": "120.00",
                                   "glosa": "30.00", "itens_com_glosa": 1, "guias_com_glosa": 1}
    assert resultado["glosas"][0]["codigo_glosa"] == "1705"
    call_command("claims", "analyze", protocolo.numero)
    assert "glosa R$ 30.00" in capsys.readouterr().out


def test_cli_analyze_protocolo_inexistente_sai_com_2(db, capsys):
    with pytest.raises(SystemExit) as saida:
        call_command("claims", "analyze", "999999")
    assert saida.value.code == 2
    assert "não encontrado" in capsys.readouterr().err


def test_protocolos_recebidos_sem_analise_sao_retomados(protocolo_factory, beneficiario, capsys):
    # given two received protocols whose queued analysis was lost (nothing analysed them)
    protocolos = [protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(data=datetime.date(2025, 5, d))]}])
                  for d in (5, 6)]
    # when the safety net runs / then both are analysed (Celery eager in tests), and a second run finds nothing
    call_command("claims", "analyze-pending")
    assert "2 protocolo(s)" in capsys.readouterr().out
    assert AnaliseProtocolo.objects.filter(protocolo__in=protocolos).count() == 2
    assert tasks.analisar_recebidos() == 0
