"""Demo authorizations: the operator's rules (the published list) and, for each demo operadora, requests in every
state — automatic, in audit (with RN 623 deadlines), waiting for documents, authorized, partially authorized,
denied (by the auditor and by eligibility), cancelled, expired — plus serial treatments with sessions confirmed and
sessions still to confirm ("Localizar procedimentos").

Idempotent: each request is found by its provider guide number (DEMO-…) before it is created."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from operadora.accounts.models import Usuario
from operadora.registry.demo import DemoRegistro
from operadora.registry.models import Beneficiario, GrupoProcedimento, Operadora, Prestador

from . import services
from .models import Atendimento, Autorizacao, RegraAutorizacao

E = RegraAutorizacao.Exigencia
REGRAS_POR_GRUPO = [
    ("terapias", E.AUTOMATICA, "Tratamento seriado: confirme cada sessão em Localizar procedimentos."),
    ("exames-complexos", E.AUDITORIA, "Anexe o pedido médico e os exames anteriores."),
    ("cirurgias", E.AUDITORIA, "Internação eletiva: resposta em até 10 dias úteis (RN 623/2024)."),
    ("partos", E.AUDITORIA, ""),
]
REGRAS_POR_CODIGO = [
    ("40805026", E.AUTOMATICA, "RX de tórax: senha liberada na hora."),
    ("82000875", E.AUDITORIA, "Exodontia: anexe a radiografia periapical."),
]
PSICOTERAPIA, CINTILOGRAFIA, APENDICECTOMIA, RX_TORAX = "20104219", "40701034", "31003079", "40805026"


@dataclass
class DemoAutorizacoes:
    por_situacao: dict[str, list[str]] = field(default_factory=dict)  # situação → guias na operadora


@transaction.atomic
def criar(registro: DemoRegistro, *, agora: datetime.datetime | None = None) -> DemoAutorizacoes:
    agora = agora or timezone.now()
    auditor = Usuario.objects.filter(username="auditor").first()
    for operadora in registro.operadoras:
        _criar_regras(operadora)
        _criar_solicitacoes(registro, operadora, auditor, agora)
    resultado = DemoAutorizacoes()
    for a in Autorizacao.objects.filter(numero_guia_prestador__startswith="DEMO-").order_by("id"):
        resultado.por_situacao.setdefault(a.situacao, []).append(a.numero_guia_operadora)
    return resultado


def _criar_regras(operadora: Operadora) -> None:
    grupos = {g.codigo: g for g in GrupoProcedimento.objects.filter(operadora=operadora)}
    for codigo, exigencia, observacao in REGRAS_POR_GRUPO:
        if codigo in grupos:
            RegraAutorizacao.objects.get_or_create(operadora=operadora, grupo=grupos[codigo], plano=None,
                                                   defaults={"exigencia": exigencia, "observacao": observacao})
    for codigo, exigencia, observacao in REGRAS_POR_CODIGO:
        RegraAutorizacao.objects.get_or_create(operadora=operadora, codigo_tuss=codigo, plano=None,
                                               defaults={"exigencia": exigencia, "observacao": observacao})


def _beneficiario(registro: DemoRegistro, operadora: Operadora, segmentacao: str, n: int = 0) -> Beneficiario | None:
    # JSON `contains` has no SQLite implementation (the embedded `make run`): filter the few members in Python.
    candidatos = [
        b for b in Beneficiario.objects.select_related("plano").filter(
            operadora=operadora, carteira__in=registro.carteiras_ativas[operadora.registro_ans]).order_by("carteira")
        if segmentacao in b.plano.segmentacoes
    ]
    return candidatos[n % len(candidatos)] if candidatos else None


def _solicitar(operadora: Operadora, prestador: Prestador, beneficiario: Beneficiario | None, numero: str,
               itens: list[tuple[str, int]], quando: datetime.datetime, **extras: Any) -> Autorizacao | None:
    existente = Autorizacao.objects.filter(operadora=operadora, prestador=prestador,
                                           numero_guia_prestador=numero).first()
    if existente is not None or beneficiario is None:
        return None
    return services.solicitar_autorizacao(
        operadora_id=operadora.id, prestador_id=prestador.id, carteira=beneficiario.carteira, tipo=extras.pop(
            "tipo", Autorizacao.Tipo.SP_SADT), numero_guia_prestador=numero,
        itens=[services.ItemSolicitado(codigo=c, quantidade=q) for c, q in itens],
        indicacao_clinica=extras.pop("indicacao_clinica", "Investigação clínica conforme pedido médico anexo."),
        agora=quando, **extras)


def _criar_solicitacoes(registro: DemoRegistro, operadora: Operadora, auditor: Usuario | None,
                        agora: datetime.datetime) -> None:
    prestadores = registro.prestadores
    clinica = prestadores["clinica"] if (operadora.registro_ans, "clinica") in registro.credenciamentos \
        else prestadores["clinica_vv"]
    hospital, laboratorio = prestadores["hospital"], prestadores["laboratorio"]
    amb = _beneficiario(registro, operadora, "ambulatorial")
    amb2 = _beneficiario(registro, operadora, "ambulatorial", 1)
    hosp = _beneficiario(registro, operadora, "hospitalar")
    dias = lambda n: agora - datetime.timedelta(days=n)  # noqa: E731

    # Serial treatment: 3 weekly sessions confirmed in the previous month, 7 to confirm. The automatic billing's
    # default period ends on the last day of the previous month (seed 003), so "Gerar lote" finds these sessions
    # whatever the day the demo is made; the senha stays valid to confirm the rest.
    hoje = timezone.localdate(agora)
    fim_do_mes_anterior = agora - datetime.timedelta(days=(hoje - (hoje.replace(day=1) - datetime.timedelta(days=1))).days)
    mes_anterior = lambda n: fim_do_mes_anterior - datetime.timedelta(days=n)  # noqa: E731
    seriado = _solicitar(operadora, clinica, amb, "DEMO-001", [(PSICOTERAPIA, 10)], mes_anterior(20),
                         indicacao_clinica="Transtorno de ansiedade: psicoterapia semanal.")
    if seriado is not None:
        item = seriado.itens.get()
        for n in (14, 7, 0):
            services.confirmar_atendimento(autorizacao_id=seriado.id, item_id=item.id, prestador_id=clinica.id,
                                           operadora_id=operadora.id, usuario=None,
                                           data_execucao=timezone.localdate(mes_anterior(n)), agora=mes_anterior(n))
    # Another serial treatment, nothing confirmed yet.
    _solicitar(operadora, clinica, amb2, "DEMO-002", [(PSICOTERAPIA, 8)], dias(3))
    # Automatic RX.
    _solicitar(operadora, laboratorio, amb, "DEMO-003", [(RX_TORAX, 1)], dias(1))
    # In audit: elective hospitalisation (10 business days) and an urgent exam.
    _solicitar(operadora, hospital, hosp, "DEMO-004", [(APENDICECTOMIA, 1)], dias(2), tipo=Autorizacao.Tipo.INTERNACAO,
               internacao=services.DadosInternacao(tipo_internacao="2", regime_internacao="1", diarias_solicitadas=2,
                                                   data_sugerida=timezone.localdate(agora) + datetime.timedelta(days=7)))
    _solicitar(operadora, laboratorio, hosp, "DEMO-005", [(CINTILOGRAFIA, 1)], dias(0), carater="2",
               indicacao_clinica="Dor torácica atípica, ECG inconclusivo.")
    _solicitar(operadora, laboratorio, amb2, "DEMO-006", [(CINTILOGRAFIA, 1)], dias(6))
    if auditor is None:
        return
    # Waiting for documents.
    pendente = _solicitar(operadora, laboratorio, amb, "DEMO-007", [(CINTILOGRAFIA, 1)], dias(4))
    if pendente is not None:
        services.solicitar_justificativa(autorizacao_id=pendente.id, usuario=auditor, pendencia="documentos",
                                         texto="Envie o pedido médico e o ecocardiograma anterior.", agora=dias(3))
    # Authorized by the auditor: a hospitalisation, and its extension waiting in audit.
    internacao = _solicitar(operadora, hospital, hosp, "DEMO-008", [(APENDICECTOMIA, 1)], dias(8),
                            tipo=Autorizacao.Tipo.INTERNACAO, carater="2",
                            internacao=services.DadosInternacao(tipo_internacao="2", regime_internacao="1",
                                                                diarias_solicitadas=3,
                                                                data_sugerida=timezone.localdate(dias(8))))
    if internacao is not None:
        services.autorizar(autorizacao_id=internacao.id, usuario=auditor, agora=dias(8))
        _solicitar(operadora, hospital, hosp, "DEMO-009", [], dias(5), tipo=Autorizacao.Tipo.PRORROGACAO,
                   autorizacao_principal_id=internacao.id, indicacao_clinica="Infecção de ferida operatória.",
                   internacao=services.DadosInternacao(tipo_internacao="", regime_internacao="",
                                                       diarias_solicitadas=2))
    # Partially authorized, denied by the auditor, denied by eligibility (carência), cancelled, expired.
    parcial = _solicitar(operadora, clinica, amb2, "DEMO-010", [(PSICOTERAPIA, 2), (CINTILOGRAFIA, 2)], dias(9))
    if parcial is not None:
        item = parcial.itens.get(codigo=CINTILOGRAFIA)
        services.autorizar(autorizacao_id=parcial.id, usuario=auditor, quantidades={item.id: 1},
                           codigo_negativa="3293", justificativa="Um exame basta para a investigação inicial.",
                           agora=dias(7))
    negada = _solicitar(operadora, laboratorio, amb2, "DEMO-011", [(CINTILOGRAFIA, 1)], dias(10))
    if negada is not None:
        services.negar(autorizacao_id=negada.id, usuario=auditor, codigo_negativa="3288",
                       justificativa="Não atende à diretriz de utilização (DUT) do Rol da ANS para este exame.",
                       agora=dias(8))
    em_carencia = next((
        b for b in Beneficiario.objects.select_related("plano").filter(
            operadora=operadora, situacao="ativo",
            data_inclusao__gt=timezone.localdate(agora) - datetime.timedelta(days=60)).order_by("carteira")
        if "hospitalar" in b.plano.segmentacoes
    ), None)
    _solicitar(operadora, hospital, em_carencia, "DEMO-012", [(APENDICECTOMIA, 1)], dias(1))
    cancelada = _solicitar(operadora, clinica, amb, "DEMO-013", [(PSICOTERAPIA, 4)], dias(15))
    if cancelada is not None:
        services.cancelar_autorizacao(autorizacao_id=cancelada.id, prestador_id=clinica.id,
                                      operadora_id=operadora.id, usuario=None, motivo="Paciente mudou de cidade.",
                                      agora=dias(14))
    vencida = _solicitar(operadora, clinica, amb2, "DEMO-014", [(PSICOTERAPIA, 4)],
                         dias(operadora.validade_autorizacao_dias + 10))
    if vencida is not None:
        services.expirar_autorizacoes_vencidas(hoje=timezone.localdate(agora))


def resumo() -> dict[str, int]:
    return {
        "autorizacoes": Autorizacao.objects.filter(numero_guia_prestador__startswith="DEMO-").count(),
        "atendimentos_a_faturar": Atendimento.objects.filter(lote_faturamento_id__isnull=True).count(),
    }
