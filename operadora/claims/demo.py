"""Demo claims: SP/SADT lotes of the Clínica Vida Plena typed and sent through billing's services, analysed by the
real rules (price above the contracted one, duplicate billing, member cancelled, carência, quantity above the
maximum), analyst decisions, releases, appeals in every state (received, accepted, partly accepted, kept),
adjustments, and paid competências with their Demonstrativos de Pagamento.

Idempotent: each scenario is found by its guide numbers (CONTAS-NN-…) before anything is made."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from operadora.accounts.models import Usuario
from operadora.billing import services as faturamento
from operadora.billing.conversao import UF_IBGE
from operadora.billing.models import Guia, Protocolo
from operadora.registry.demo import DemoRegistro
from operadora.registry.models import Beneficiario, Operadora, Prestador, Profissional

from . import services
from .models import Glosa, ItemRecurso

CONSULTA, HEMOGRAMA = "10101012", "40304361"


@dataclass(frozen=True)
class Cenario:
    lote: str
    dias_atras: int
    passos: tuple[str, ...]


# lote → what happens after the analysis
CENARIOS = (
    Cenario("CONTAS-01", 60, ("decidir", "liberar", "recorrer_acatado", "faturar", "pagar")),
    Cenario("CONTAS-02", 45, ("liberar", "recorrer_parcial", "recorrer_mantido", "ajuste", "faturar", "pagar")),
    Cenario("CONTAS-03", 25, ("liberar", "recorrer", "faturar")),
    Cenario("CONTAS-04", 12, ()),
)


# The hospital's lotes the billing demo receives and leaves in analysis (`billing.demo.CICLO`), taken on here so
# that each state has its analysis, statement and payment: lote number → what follows the analysis.
CICLO_DO_HOSPITAL = {
    "DEMO03": ("liberar",),
    "DEMO04": ("liberar", "faturar"),
    "DEMO05": ("liberar", "faturar", "pagar"),
}


@transaction.atomic
def criar(registro: DemoRegistro, *, hoje: datetime.date | None = None) -> dict[str, int]:
    hoje = hoje or timezone.localdate()
    analista = Usuario.objects.filter(username="analista").first()
    financeiro = Usuario.objects.filter(username="financeiro").first()
    _ciclo_do_hospital(registro, analista=analista, financeiro=financeiro, hoje=hoje)
    operadora = registro.operadoras[0]
    if (operadora.registro_ans, "clinica") not in registro.credenciamentos:
        return {}
    prestador = registro.prestadores["clinica"]
    usuario = Usuario.objects.filter(prestador=prestador).first()
    services.garantir_regras(operadora)
    feitos, pagar = 0, False
    for cenario in CENARIOS:
        if Guia.objects.filter(operadora=operadora, prestador=prestador,
                               numero_guia_prestador__startswith=f"{cenario.lote}-").exists():
            continue
        membros = _beneficiarios(operadora, registro.carteiras_ativas.get(operadora.registro_ans, []), hoje)
        protocolo = _enviar_lote(operadora, prestador, usuario, cenario, membros, hoje)
        if protocolo is None:
            continue
        services.analisar_protocolo(protocolo_id=protocolo.pk, usuario=analista)
        _seguir(protocolo, cenario, analista=analista, financeiro=financeiro, usuario=usuario, hoje=hoje)
        feitos += 1
        pagar = pagar or "pagar" in cenario.passos
    if pagar:  # received today, so paid today: one run pays them together (one payment per provider and date)
        services.executar_pagamentos(operadora=operadora, data_pagamento=hoje, usuario=financeiro)
    return {"protocolos_analisados": feitos}


def _ciclo_do_hospital(registro: DemoRegistro, *, analista: Any, financeiro: Any, hoje: datetime.date) -> None:
    """Analysed by the operadora's rules, released (its proposals confirmed), billed (the NF calendar's date, or
    today when it is also paid) and paid. Idempotent: only the protocols still in analysis are taken on."""
    hospital = registro.prestadores.get("hospital")
    if hospital is None:
        return
    protocolos = Protocolo.objects.filter(
        prestador=hospital, lote__numero__in=CICLO_DO_HOSPITAL, situacao=Protocolo.Situacao.EM_ANALISE
    ).select_related("lote", "operadora")
    for protocolo in protocolos.order_by("id"):
        passos = CICLO_DO_HOSPITAL[protocolo.lote.numero]
        services.garantir_regras(protocolo.operadora)
        services.analisar_protocolo(protocolo_id=protocolo.pk, usuario=analista)
        services.liberar_protocolo(protocolo_id=protocolo.pk, usuario=analista)
        if "faturar" in passos:
            services.faturar(protocolo_id=protocolo.pk, usuario=financeiro,
                             data_pagamento=hoje if "pagar" in passos else None)  # not before its receipt
        if "pagar" in passos:
            services.executar_pagamentos(operadora=protocolo.operadora, data_pagamento=hoje, usuario=financeiro)


def _beneficiarios(operadora: Operadora, carteiras_ativas: list[str], hoje: datetime.date) -> dict[str, Any]:
    qs = Beneficiario.objects.filter(operadora=operadora).select_related("plano").order_by("carteira")
    ativos = {b.carteira: b for b in qs.filter(carteira__in=carteiras_ativas[:2])}
    return {
        "ativo": ativos.get(carteiras_ativas[0]) if carteiras_ativas else None,
        "outro": ativos.get(carteiras_ativas[1]) if len(carteiras_ativas) > 1 else None,
        "cancelado": qs.filter(situacao="cancelado", data_cancelamento__isnull=False).first(),
        "carencia": qs.filter(situacao="ativo", data_inclusao__gt=hoje - datetime.timedelta(days=25)).first(),
    }


def _enviar_lote(operadora: Operadora, prestador: Prestador, usuario: Any, cenario: Cenario,
                 membros: dict[str, Any], hoje: datetime.date):
    """Typed SP/SADT guides, a lote closed and sent: billing's receipt gives the protocol."""
    data = hoje - datetime.timedelta(days=cenario.dias_atras)
    profissional = Profissional.objects.filter(prestadores=prestador).first()
    medico: dict[str, Any] = {}
    if profissional is not None:
        for prefixo in ("solicitante", "executante"):
            medico |= {prefixo: profissional, f"{prefixo}_nome": profissional.nome[:70],
                       f"{prefixo}_conselho": profissional.conselho, f"{prefixo}_numero": profissional.numero_conselho,
                       f"{prefixo}_uf": UF_IBGE.get(profissional.uf_conselho, ""), f"{prefixo}_cbo": profissional.cbo}
    Item = faturamento.ItemDigitado
    guias = [
        (membros["ativo"], [Item(tabela="22", codigo=CONSULTA, descricao="Consulta em consultório", quantidade=Decimal(1),
                                 data_execucao=data, valor_unitario=Decimal("150.00")),
                            Item(tabela="22", codigo=HEMOGRAMA, descricao="Hemograma", quantidade=Decimal(1),
                                 data_execucao=data, valor_unitario=Decimal("18.50"))]),
        (membros["ativo"], [Item(tabela="22", codigo=CONSULTA, descricao="Consulta em consultório", quantidade=Decimal(1),
                                 data_execucao=data, valor_unitario=Decimal("120.00"))]),
        (membros["cancelado"], [Item(tabela="22", codigo=CONSULTA, descricao="Consulta em consultório",
                                     quantidade=Decimal(1), data_execucao=data, valor_unitario=Decimal("120.00"))]),
        (membros["carencia"], [Item(tabela="22", codigo=CONSULTA, descricao="Consulta em consultório",
                                    quantidade=Decimal(1), data_execucao=data, valor_unitario=Decimal("120.00"))]),
        (membros["outro"], [Item(tabela="22", codigo=CONSULTA, descricao="Consulta em consultório", quantidade=Decimal(2),
                                 data_execucao=data, valor_unitario=Decimal("120.00"))]),
    ]
    salvas = []
    for n, (beneficiario, itens) in enumerate(guias, start=1):
        if beneficiario is None:
            continue
        guia = faturamento.criar_rascunho_guia(operadora=operadora, prestador=prestador, tipo="2", usuario=usuario)
        faturamento.atualizar_guia(guia_id=guia.pk, passo=5, usuario=usuario, dados={
            "numero_guia_prestador": f"{cenario.lote}-{n}", "beneficiario": beneficiario, "tipo_atendimento": "04",
            "interlocutor": "Recepção", **medico})
        faturamento.definir_itens(guia_id=guia.pk, usuario=usuario, itens=itens)
        salvas.append(faturamento.salvar_guia(guia_id=guia.pk, usuario=usuario))
    lote = faturamento.criar_lote(operadora=operadora, prestador=prestador, tipo_guia="2", usuario=usuario)
    faturamento.adicionar_guias_ao_lote(lote_id=lote.pk, guia_ids=[g.pk for g in salvas], usuario=usuario)
    faturamento.fechar_lote(lote_id=lote.pk, usuario=usuario)
    resultado = faturamento.enviar_lote(lote_id=lote.pk, usuario=usuario)
    return resultado.protocolo if resultado.aceito else None


def _glosa(protocolo, codigo: str) -> Glosa | None:
    return Glosa.objects.filter(protocolo=protocolo, codigo_glosa=codigo).order_by("id").first()


def _recorrer(protocolo, glosa: Glosa | None, usuario: Any, justificativa: str):
    if glosa is None:
        return None
    return services.recorrer(operadora_id=protocolo.operadora_id, prestador_id=protocolo.prestador_id,
                             protocolo_id=protocolo.pk, itens=[services.ItemPedido(glosa.pk, glosa.valor, "")],
                             justificativa=justificativa, usuario=usuario)


def _responder(recurso, decisao: str, analista: Any, valor: Decimal | None = None, motivo: str = "") -> None:
    if recurso is None:
        return
    item = ItemRecurso.objects.filter(recurso=recurso).first()
    if item is None:
        return
    services.responder_recurso(recurso_id=recurso.pk, usuario=analista, decisoes={
        item.pk: services.DecisaoItem(decisao, valor or item.valor_recursado, motivo)})


def _seguir(protocolo, cenario: Cenario, *, analista: Any, financeiro: Any, usuario: Any, hoje: datetime.date) -> None:
    for passo in cenario.passos:
        if passo == "decidir" and (duplicada := _glosa(protocolo, "3209")) is not None:
            services.decidir_glosa(glosa_id=duplicada.pk, decisao="anular", usuario=analista,
                                   justificativa="Segunda consulta no mesmo dia justificada no prontuário (retorno).")
        elif passo == "liberar":
            services.liberar_protocolo(protocolo_id=protocolo.pk, usuario=analista)
        elif passo == "recorrer_acatado":
            recurso = _recorrer(protocolo, _glosa(protocolo, "1705"), usuario,
                                "Valor conforme aditivo contratual de reajuste anexado.")
            _responder(recurso, "acatado", analista)
        elif passo == "recorrer_parcial":
            recurso = _recorrer(protocolo, _glosa(protocolo, "1705"), usuario,
                                "Reajuste contratual vigente desde o mês do atendimento.")
            _responder(recurso, "parcial", analista, Decimal("15.00"), "Reajuste vale só a partir do dia 15.")
        elif passo == "recorrer_mantido":
            recurso = _recorrer(protocolo, _glosa(protocolo, "1006"), usuario,
                                "Beneficiário informou que o plano estava ativo na data.")
            _responder(recurso, "mantido", analista, motivo="Cancelamento a pedido do titular registrado (RN 561).")
        elif passo == "recorrer":
            _recorrer(protocolo, _glosa(protocolo, "3210"), usuario, "A segunda unidade foi um retorno no mesmo dia.")
        elif passo == "ajuste":
            services.registrar_ajuste(operadora=protocolo.operadora, prestador=protocolo.prestador, indicador="1",
                                      valor=Decimal("12.40"), descricao="Taxa de emissão de boleto", usuario=financeiro)
        elif passo == "faturar":
            services.faturar(protocolo_id=protocolo.pk, usuario=financeiro,  # paid on receipt day at the earliest
                             data_pagamento=hoje if "pagar" in cenario.passos else None)
        # "pagar": one payment run for the clinic's protocols billed for today, after every scenario (`criar`)
