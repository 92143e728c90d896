"""Pure rules of the authorization flow: which rule applies to a procedure, the RN 623/2024 answer deadline, the
allowed state changes, and the shape of odontological items. No writes here."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from operadora.core import calendario
from operadora.registry.models import GrupoProcedimento, Operadora

from . import codigos
from .models import Autorizacao, RegraAutorizacao

Situacao = Autorizacao.Situacao
Exigencia = RegraAutorizacao.Exigencia

# RN 623/2024: answer at once for urgency; 10 business days for elective hospitalisation; 5 for the other
# assistential requests (days follow the Brazilian holiday calendar of the operadora's UF).
PRAZO_DIAS_UTEIS_ELETIVO = 5
PRAZO_DIAS_UTEIS_INTERNACAO_ELETIVA = 10

TRANSICOES: dict[str, set[str]] = {
    Situacao.EM_ANALISE: {Situacao.AUTORIZADA, Situacao.PARCIALMENTE_AUTORIZADA, Situacao.NEGADA,
                          Situacao.AGUARDANDO_JUSTIFICATIVA, Situacao.CANCELADA},
    Situacao.AGUARDANDO_JUSTIFICATIVA: {Situacao.EM_ANALISE, Situacao.NEGADA, Situacao.CANCELADA},
    Situacao.AUTORIZADA: {Situacao.CANCELADA, Situacao.EXPIRADA},
    Situacao.PARCIALMENTE_AUTORIZADA: {Situacao.CANCELADA, Situacao.EXPIRADA},
    Situacao.NEGADA: set(),
    Situacao.CANCELADA: set(),
    Situacao.EXPIRADA: set(),
}


def pode_mudar(de: str, para: str) -> bool:
    return para in TRANSICOES.get(de, set())


def grupo_do_codigo(codigo: str, grupos: Iterable[GrupoProcedimento]) -> GrupoProcedimento | None:
    """The group whose longest TUSS prefix matches `codigo` (groups are per operadora)."""
    melhor: tuple[int, GrupoProcedimento] | None = None
    for grupo in grupos:
        for prefixo in grupo.prefixos_tuss or []:
            if codigo.startswith(prefixo) and (melhor is None or len(prefixo) > melhor[0]):
                melhor = (len(prefixo), grupo)
    return melhor[1] if melhor else None


@dataclass(frozen=True)
class RegraAplicada:
    codigo: str
    exigencia: str
    regra: RegraAutorizacao | None
    grupo: GrupoProcedimento | None

    @property
    def exige_senha(self) -> bool:
        return self.exigencia != Exigencia.LIVRE


def regras_para(*, operadora_id: int, plano_id: int | None, codigos_tuss: Iterable[str]) -> dict[str, RegraAplicada]:
    """For each code: the most specific active rule (code+plan, code, group+plan, group) — two queries."""
    codigos_tuss = list(dict.fromkeys(codigos_tuss))
    grupos = list(GrupoProcedimento.objects.filter(operadora_id=operadora_id))
    grupo_de = {c: grupo_do_codigo(c, grupos) for c in codigos_tuss}
    grupos_ids = {g.id for g in grupo_de.values() if g is not None}
    regras = list(
        RegraAutorizacao.objects.filter(operadora_id=operadora_id, ativa=True)
        .filter(Q(plano__isnull=True) | Q(plano_id=plano_id))
        .filter(Q(codigo_tuss__in=codigos_tuss) | Q(grupo_id__in=grupos_ids))
    )

    def especificidade(regra: RegraAutorizacao) -> int:
        return (2 if regra.codigo_tuss else 0) + (1 if regra.plano_id else 0)

    resultado = {}
    for codigo in codigos_tuss:
        grupo = grupo_de[codigo]
        candidatas = [r for r in regras if r.codigo_tuss == codigo or (grupo and r.grupo_id == grupo.id)]
        regra = max(candidatas, key=especificidade, default=None)
        resultado[codigo] = RegraAplicada(codigo, regra.exigencia if regra else Exigencia.LIVRE, regra, grupo)
    return resultado


def prazo_resposta(*, operadora: Operadora, tipo: str, carater: str, desde: datetime.datetime) -> datetime.datetime:
    """When the operator must answer (RN 623/2024): at once for urgency; otherwise the end of the 5th (10th for
    elective hospitalisation) business day after the request, under the holidays of the operadora's UF."""
    if carater == codigos.CARATER_URGENCIA:
        return desde
    dias = (PRAZO_DIAS_UTEIS_INTERNACAO_ELETIVA if tipo == Autorizacao.Tipo.INTERNACAO
            else PRAZO_DIAS_UTEIS_ELETIVO)
    return fim_do_dia(calendario.somar_dias_uteis(timezone.localdate(desde), dias, operadora.uf))


def fim_do_dia(data: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(data, datetime.time(23, 59, 59)))


@dataclass(frozen=True)
class TempoRestante:
    """How the audit queue shows a deadline: business days left (negative when late), and a short text."""

    dias_uteis: int
    atrasada: bool
    texto: str


def tempo_restante(prazo: datetime.datetime, *, uf: str, agora: datetime.datetime | None = None) -> TempoRestante:
    agora = agora or timezone.now()
    if prazo <= agora:
        hoje = timezone.localdate(agora)
        dias = calendario.dias_uteis_entre(timezone.localdate(prazo), hoje, uf)
        if dias == 0:
            horas = int((agora - prazo).total_seconds() // 3600)
            return TempoRestante(0, True, "vencida agora" if horas < 1 else f"vencida há {horas} h")
        return TempoRestante(-dias, True, f"atrasada {dias} dia{'s' if dias > 1 else ''} úte{'is' if dias > 1 else 'l'}")
    dias = calendario.dias_uteis_entre(timezone.localdate(agora), timezone.localdate(prazo), uf)
    if dias == 0:
        horas = max(1, int((prazo - agora).total_seconds() // 3600))
        return TempoRestante(0, False, f"vence hoje (faltam {horas} h)")
    return TempoRestante(dias, False, f"{dias} dia{'s' if dias > 1 else ''} úte{'is' if dias > 1 else 'l'}")


def validar_item_odontologico(*, dente: str, regiao: str, face: str) -> str | None:
    """A pt-BR message when the tooth/region/face of an odontological item is not a TISS value, else None."""
    if dente and regiao:
        return "Informe o dente ou a região da boca, não os dois."
    if not dente and not regiao:
        return "Informe o dente ou a região da boca."
    if dente and dente not in codigos.DENTES:
        return f"Dente {dente} inválido: use a numeração FDI (11 a 48, 51 a 85)."
    if regiao and regiao not in codigos.REGIOES_BOCA:
        return f"Região {regiao} inválida (ex.: AS, AI, HASD, S1…)."
    if face and (len(face) > 5 or not set(face) <= codigos.FACES_DENTE):
        return "Face inválida: combine até 5 letras entre O, L, M, V, D, I e P."
    return None
