"""'Faturamento dos atendimentos' lists up to 100 generations a page, each with its login and the protocol (PEG) of
each of its lotes: the queries must not grow with the rows (commit 8576d89 said so; its test did not count)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from operadora.billing.models import FaturamentoAutomatico, Lote, Protocolo
from operadora.core.testing import criar_usuario_do_portal

BASE = "/portal/faturamento/automatico/"
D = datetime.date


def _geracoes(operadora, prestador, quantas: int, *, desde: int) -> None:
    """`quantas` sent generations, each by its own representative, with two lotes that each got a protocol."""
    for n in range(desde, desde + quantas):
        usuario = criar_usuario_do_portal(prestador, login=f"rep{n:08d}", representante=True)
        faturamento = FaturamentoAutomatico.objects.create(
            operadora=operadora, prestador=prestador, data_inicial=D(2020, 1, 1) + datetime.timedelta(days=n),
            data_final=D(2020, 1, 1) + datetime.timedelta(days=n), situacao=FaturamentoAutomatico.Situacao.ENVIADO,
            gerado_por=usuario,
        )  # fmt: skip
        for k in range(2):
            lote = Lote.objects.create(operadora=operadora, prestador=prestador, numero=f"F{n}-{k}", tipo_guia="2",
                                       faturamento=faturamento, situacao=Lote.Situacao.ENVIADO)  # fmt: skip
            Protocolo.objects.create(operadora=operadora, prestador=prestador, lote=lote, numero=f"P{n}-{k}",
                                     recebido_em=timezone.now(), origem="automatico", tipo_guia="2")  # fmt: skip


def _consultas(cliente) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as consultas:
        resposta = cliente.get(BASE)
    assert resposta.status_code == 200
    return len(consultas.captured_queries), resposta.content.decode()


@pytest.mark.django_db
def test_lista_de_faturamentos_nao_consulta_por_linha(cliente_portal, operadora, prestador):
    # given one generation listed, then twelve
    _geracoes(operadora, prestador, 1, desde=0)
    cliente_portal.get(BASE)  # warm the session and permission reads alike
    com_uma, _ = _consultas(cliente_portal)
    _geracoes(operadora, prestador, 11, desde=1)
    # when the list shows twelve generations, each with its login and two protocols
    com_doze, pagina = _consultas(cliente_portal)
    # then every row is there, and the page costs the same queries as with one
    assert pagina.count("<td>rep000000") == 12
    assert all(f">P{n}-{k}</a>" in pagina for n in range(12) for k in range(2))
    assert com_doze == com_uma
