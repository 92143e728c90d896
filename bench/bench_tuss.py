"""TUSS search latency on the full tables (≈69k terms): our folded-text search vs an exact code lookup (the
floor) and vs a naive case-insensitive scan of the raw term (what one would write without the folded column)."""

import statistics
import time
from collections.abc import Callable

import django

CONSULTAS = ["hemograma", "consulta em consultorio", "RESSONÂNCIA", "diaria enfermaria", "stent coronario",
             "4030436", "restauracao resina", "paracetamol"]
REPETICOES = 15


def _mediana_ms(funcao: Callable[[], object]) -> float:
    funcao()  # warm-up
    tempos = []
    for _ in range(REPETICOES):
        inicio = time.perf_counter()
        funcao()
        tempos.append((time.perf_counter() - inicio) * 1000)
    return statistics.median(tempos)


def run() -> None:
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from operadora.registry.models import TermoTUSS
    from operadora.registry.selectors import buscar_termos_tuss

    call_command("migrate", verbosity=0)
    if TermoTUSS.objects.count() < 60000:
        call_command("carregar_tuss")
    print(f"banco: {connection.vendor}; termos: {TermoTUSS.objects.count()}")

    piso = _mediana_ms(lambda: list(TermoTUSS.objects.filter(tabela="22", codigo="40304361")))
    print(f"piso (código exato): {piso:.2f} ms")
    print(f"{'consulta':<26}{'nossa busca':>14}{'x piso':>9}{'icontains ingênuo':>20}{'resultados':>12}")
    piores = []
    for consulta in CONSULTAS:
        nossa = _mediana_ms(lambda c=consulta: buscar_termos_tuss(c))
        ingenua = _mediana_ms(lambda c=consulta: list(TermoTUSS.objects.filter(termo__icontains=c)[:50]))
        piores.append(nossa)
        print(f"{consulta:<26}{nossa:>11.2f} ms{nossa / piso:>8.1f}x{ingenua:>17.2f} ms"
              f"{len(buscar_termos_tuss(consulta)):>12}")
    print(f"busca TUSS: mediana {statistics.median(piores):.2f} ms, pior {max(piores):.2f} ms (alvo < 50 ms)")
