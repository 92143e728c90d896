"""Business days under the Brazilian holiday calendar (national, plus the state's when given).

Used for ANS deadlines (RN 623/2024: 5, 7 and 10 business days; NIP: 5 or 10)."""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _feriados(uf: str | None, ano: int) -> holidays.HolidayBase:
    return holidays.country_holidays("BR", subdiv=uf or None, years=ano, language="pt_BR")


def eh_feriado(data: datetime.date, uf: str | None = None) -> bool:
    return data in _feriados(uf, data.year)


def eh_dia_util(data: datetime.date, uf: str | None = None) -> bool:
    return data.weekday() < 5 and not eh_feriado(data, uf)


def somar_dias_uteis(inicio: datetime.date, dias: int, uf: str | None = None) -> datetime.date:
    """The date `dias` business days after `inicio` (the start day itself does not count)."""
    data = inicio
    restantes = dias
    while restantes > 0:
        data += datetime.timedelta(days=1)
        if eh_dia_util(data, uf):
            restantes -= 1
    return data


def dias_uteis_entre(inicio: datetime.date, fim: datetime.date, uf: str | None = None) -> int:
    """Business days in (inicio, fim]; negative when fim is before inicio."""
    if fim < inicio:
        return -dias_uteis_entre(fim, inicio, uf)
    total = 0
    data = inicio
    while data < fim:
        data += datetime.timedelta(days=1)
        total += eh_dia_util(data, uf)
    return total
