"""Demo billing: typed guides (saved, in an open lote, sent), lotes received by XML with protocols in every state
of the lifecycle, the NF calendar of the coming competências. The period ready for automatic billing comes from
the Authorizations demo (sessions confirmed and not yet billed).

Idempotent: lotes are found by their number (DEMO…) and typed guides by their number before anything is made."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from operadora.accounts.models import Usuario
from operadora.registry.demo import DemoRegistro
from operadora.registry.models import Beneficiario, Operadora, Prestador, Profissional

from . import exemplos, services
from .conversao import UF_IBGE
from .models import Guia, Lote, Origem, Protocolo

S = Protocolo.Situacao
# lote number → the transitions that take its protocol to the state shown. DEMO03–DEMO05 are left in analysis:
# the claims demo (`claims.demo.CICLO_DO_HOSPITAL`) takes them on through the real analysis, release, billing and
# payment, so that their statements and payments exist (billing's bare transitions would leave none).
CICLO = {
    "DEMO01": [],
    "DEMO02": ["analise"],
    "DEMO03": ["analise"],
    "DEMO04": ["analise"],
    "DEMO05": ["analise"],
    "DEMO06": ["cancelar"],
    "DEMO07": ["analise", "encerrar"],
}


@transaction.atomic
def criar(registro: DemoRegistro, *, hoje: datetime.date | None = None) -> dict[str, int]:
    hoje = hoje or timezone.localdate()
    analista = Usuario.objects.filter(username="analista").first()
    for operadora in registro.operadoras:
        _calendario(operadora, hoje)
        hospital = registro.prestadores["hospital"]
        credenciamento = registro.credenciamentos[(operadora.registro_ans, "hospital")]
        for indice, (numero, passos) in enumerate(CICLO.items()):
            _lote_recebido(
                operadora,
                hospital,
                credenciamento.codigo_na_operadora,
                numero,
                tipo="2" if indice % 2 else "1",
                passos=passos,
                # each lote on its own day: the same beneficiaries and codes on one day are glosed as billed
                # twice (duplicidade), which left the hospital's payment at R$ 0,00
                data=hoje - datetime.timedelta(days=20 + indice),
                analista=analista,
                carteiras=registro.carteiras_ativas.get(operadora.registro_ans, []),
            )
    operadora = registro.operadoras[0]
    if (operadora.registro_ans, "clinica") in registro.credenciamentos:
        _guias_digitadas(
            operadora,
            registro.prestadores["clinica"],
            registro.carteiras_ativas[operadora.registro_ans],
            hoje,
        )
    return {
        "guias": Guia.objects.count(),
        "lotes": Lote.objects.count(),
        "protocolos": Protocolo.objects.count(),
    }


def _calendario(operadora: Operadora, hoje: datetime.date) -> None:
    mes = (hoje.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    for _ in range(4):
        seguinte = (mes + datetime.timedelta(days=32)).replace(day=1)
        services.definir_calendario_nf(
            operadora=operadora,
            competencia=mes,
            data_limite_envio=seguinte + datetime.timedelta(days=9),
            data_pagamento=seguinte + datetime.timedelta(days=24),
        )
        mes = seguinte


def _lote_recebido(
    operadora: Operadora,
    prestador: Prestador,
    codigo: str,
    numero: str,
    *,
    tipo: str,
    passos: list[str],
    data: datetime.date,
    analista: Usuario | None,
    carteiras: list[str],
) -> None:
    """A lote received by XML whose guides bill registered beneficiaries (their names show on the pages), taken
    through `passos` of the protocol lifecycle."""
    if Lote.objects.filter(operadora=operadora, prestador=prestador, numero=numero).exists():
        return
    lote = exemplos.lote(
        tipo=tipo,
        quantidade=3,
        itens=2,
        numero_lote=numero,
        registro_ans=operadora.registro_ans,
        codigo_prestador=codigo,
        data=data,
        prefixo=f"{numero}-",
        carteiras=carteiras,
    )
    dados = exemplos.arquivo(lote, registro_ans=operadora.registro_ans, codigo_prestador=codigo)
    resultado = services.receber_xml(operadora=operadora, prestador=prestador, dados=dados, origem=Origem.XML)
    if not resultado.aceito:
        return
    protocolo = resultado.protocolo
    assert protocolo is not None
    for passo in passos:
        if passo == "analise":
            services.iniciar_analise(protocolo_id=protocolo.pk, usuario=analista)
        elif passo == "encerrar":
            services.encerrar_sem_pagamento(
                protocolo_id=protocolo.pk, usuario=analista, motivo="Todas as guias glosadas (demonstração)."
            )
        elif passo == "cancelar":
            services.cancelar_lote(lote_id=protocolo.lote_id, usuario=None, motivo="Enviado por engano.")


def _guias_digitadas(
    operadora: Operadora, prestador: Prestador, carteiras: list[str], hoje: datetime.date
) -> None:
    """Three SP/SADT guides typed in the portal: one only saved, one in an open lote, one sent."""
    usuario = Usuario.objects.filter(prestador=prestador).first()
    profissional = Profissional.objects.filter(prestadores=prestador).first()
    salvas = []
    for indice, numero in enumerate(("DIG-0001", "DIG-0002", "DIG-0003")):
        guia = Guia.objects.filter(
            operadora=operadora, prestador=prestador, numero_guia_prestador=numero
        ).first()
        if guia is None:
            beneficiario = Beneficiario.objects.get(
                operadora=operadora, carteira=carteiras[indice % len(carteiras)]
            )
            guia = services.criar_rascunho_guia(
                operadora=operadora, prestador=prestador, tipo="2", usuario=usuario
            )
            medico: dict[str, object] = {}
            if profissional is not None:
                for prefixo in ("solicitante", "executante"):
                    medico |= {
                        prefixo: profissional,
                        f"{prefixo}_nome": profissional.nome[:70],
                        f"{prefixo}_conselho": profissional.conselho,
                        f"{prefixo}_numero": profissional.numero_conselho,
                        f"{prefixo}_uf": UF_IBGE.get(profissional.uf_conselho, ""),
                        f"{prefixo}_cbo": profissional.cbo,
                    }
            services.atualizar_guia(
                guia_id=guia.pk,
                passo=5,
                usuario=usuario,
                dados={
                    "numero_guia_prestador": numero,
                    "beneficiario": beneficiario,
                    "tipo_atendimento": "04",
                    "interlocutor": "Recepção",
                    **medico,
                },
            )
            data = hoje - datetime.timedelta(days=7 + indice)
            services.definir_itens(
                guia_id=guia.pk,
                usuario=usuario,
                itens=[
                    services.ItemDigitado(
                        tabela="22",
                        codigo="10101012",
                        descricao="Consulta em consultório",
                        quantidade=Decimal("1"),
                        data_execucao=data,
                        valor_unitario=Decimal("120.00"),
                    ),
                    services.ItemDigitado(
                        tabela="22",
                        codigo="40304361",
                        descricao="Hemograma com contagem de plaquetas",
                        quantidade=Decimal("1"),
                        data_execucao=data,
                        valor_unitario=Decimal("18.50"),
                    ),
                ],
            )
            guia = services.salvar_guia(guia_id=guia.pk, usuario=usuario)
        salvas.append(guia)
    if not Lote.objects.filter(operadora=operadora, prestador=prestador, origem=Origem.PORTAL).exists():
        enviado = services.criar_lote(
            operadora=operadora, prestador=prestador, tipo_guia="2", usuario=usuario
        )
        services.adicionar_guias_ao_lote(lote_id=enviado.pk, guia_ids=[salvas[2].pk], usuario=usuario)
        services.fechar_lote(lote_id=enviado.pk, usuario=usuario)
        services.enviar_lote(lote_id=enviado.pk, usuario=usuario)
        aberto = services.criar_lote(operadora=operadora, prestador=prestador, tipo_guia="2", usuario=usuario)
        services.adicionar_guias_ao_lote(lote_id=aberto.pk, guia_ids=[salvas[1].pk], usuario=usuario)
