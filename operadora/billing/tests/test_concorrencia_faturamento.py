"""Two 'Gerar lote' at once (two browser tabs, a double click that beats the confirm dialog): one generation, the
other refused with the reason, never a 500 from the database's unique constraint."""

import contextlib
import threading

import pytest
from django.db import connection, connections

from operadora.authorizations import selectors as autorizacoes
from operadora.billing.models import FaturamentoAutomatico, ItemGuia
from operadora.billing.tests.fabricas import criar_atendimentos_confirmados, gerar_faturamento
from operadora.core.erros import ErroDeNegocio


@pytest.mark.django_db(transaction=True)
def test_dois_gerar_lote_ao_mesmo_tempo_geram_um_so_e_recusam_o_outro(
    operadora, prestador, beneficiario, preco_consulta, hoje, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializa as escritas; a corrida só existe com linhas travadas no PostgreSQL")
    criar_atendimentos_confirmados(operadora, prestador, beneficiario, hoje, (12, 10, 8))
    # Both requests read the period's atendimentos before either writes (the window of two tabs): the barrier
    # holds the first until the second arrives, or lets it go after a moment if the second waits on a lock.
    barreira = threading.Barrier(2, timeout=3)
    original = autorizacoes.atendimentos_confirmados

    def ler_junto(**kwargs):
        lidos = original(**kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            barreira.wait()
        return lidos

    monkeypatch.setattr(autorizacoes, "atendimentos_confirmados", ler_junto)
    resultados: list[object] = []

    def gerar():
        try:
            resultados.append(gerar_faturamento(operadora, prestador, hoje))
        except Exception as erro:  # noqa: BLE001 - the test reports what each request got
            resultados.append(erro)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=gerar) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    gerados = [r for r in resultados if isinstance(r, FaturamentoAutomatico)]
    recusas = [r for r in resultados if not isinstance(r, FaturamentoAutomatico)]
    assert len(gerados) == 1, resultados
    assert len(recusas) == 1 and type(recusas[0]) is ErroDeNegocio, resultados
    assert "aguardando envio" in str(recusas[0])
    assert FaturamentoAutomatico.objects.count() == 1 and ItemGuia.objects.count() == 3
