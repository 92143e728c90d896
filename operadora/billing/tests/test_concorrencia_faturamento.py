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


def _duas_vezes_ao_mesmo_tempo(monkeypatch, modulo, leitura: str, acao) -> list[object]:
    """Runs `acao` in two threads (two requests) that both pass `modulo.leitura` before either writes — the barrier
    holds the first until the second arrives, or lets it go after a moment if the second waits on a lock — and
    returns what each got (the result or the exception)."""
    barreira = threading.Barrier(2, timeout=3)
    original = getattr(modulo, leitura)

    def ler_junto(*args, **kwargs):
        lido = original(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            barreira.wait()
        return lido

    monkeypatch.setattr(modulo, leitura, ler_junto)
    resultados: list[object] = []

    def executar():
        try:
            resultados.append(acao())
        except Exception as erro:  # noqa: BLE001 - the test reports what each request got
            resultados.append(erro)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=executar) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return resultados


@pytest.mark.django_db(transaction=True)
def test_dois_gerar_lote_ao_mesmo_tempo_geram_um_so_e_recusam_o_outro(
    operadora, prestador, beneficiario, preco_consulta, hoje, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializa as escritas; a corrida só existe com linhas travadas no PostgreSQL")
    criar_atendimentos_confirmados(operadora, prestador, beneficiario, hoje, (12, 10, 8))
    resultados = _duas_vezes_ao_mesmo_tempo(monkeypatch, autorizacoes, "atendimentos_confirmados",
                                            lambda: gerar_faturamento(operadora, prestador, hoje))
    gerados = [r for r in resultados if isinstance(r, FaturamentoAutomatico)]
    recusas = [r for r in resultados if not isinstance(r, FaturamentoAutomatico)]
    assert len(gerados) == 1, resultados
    assert len(recusas) == 1 and type(recusas[0]) is ErroDeNegocio, resultados
    assert "aguardando envio" in str(recusas[0])
    assert FaturamentoAutomatico.objects.count() == 1 and ItemGuia.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_duas_nf_de_mesmo_numero_ao_mesmo_tempo_gravam_uma_e_recusam_a_outra(
    operadora, prestador, hoje, monkeypatch
):
    """Two tabs sending NF nº 55 at once: one recorded, the other told it was already sent (not a 500 from
    nf_numero_unico)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializa as escritas; a corrida só existe com linhas travadas no PostgreSQL")
    from django.core.files.uploadedfile import SimpleUploadedFile

    from operadora.billing import selectors, services
    from operadora.billing.models import NotaFiscal

    resultados = _duas_vezes_ao_mesmo_tempo(monkeypatch, selectors, "calendario_da_competencia", lambda: (
        services.enviar_nota_fiscal(operadora=operadora, prestador=prestador,
                                    arquivo=SimpleUploadedFile("nf.pdf", b"%PDF-1.4\n"), numero="55",
                                    data_emissao=hoje, valor=1, competencia=hoje)))
    recusas = [r for r in resultados if not isinstance(r, NotaFiscal)]
    assert len(recusas) == 1 and type(recusas[0]) is ErroDeNegocio, resultados
    assert str(recusas[0]) == "A nota fiscal nº 55 já foi enviada."
    assert NotaFiscal.objects.count() == 1
