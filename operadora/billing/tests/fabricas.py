"""Builders of billing test data shared by the unit tests and the browser journeys."""

import datetime

from django.utils import timezone

from operadora.authorizations.models import Atendimento, Autorizacao, ItemAutorizacao


def criar_atendimentos_confirmados(operadora, prestador, beneficiario, hoje, dias_atras):
    """An authorized SP/SADT senha (SEN001) of consulta 10101012 with one confirmed session per `dias_atras`."""
    autorizacao = Autorizacao.objects.create(
        operadora=operadora, prestador=prestador, beneficiario=beneficiario, tipo="sp_sadt",
        numero_guia_prestador="P0001", numero_guia_operadora="2026000001", senha="SEN001",
        data_autorizacao=hoje - datetime.timedelta(days=30), data_validade_senha=hoje + datetime.timedelta(days=60),
        situacao="autorizada", carater_atendimento="1", prazo_resposta=timezone.now(),
    )
    item = ItemAutorizacao.objects.create(
        autorizacao=autorizacao, sequencial=1, codigo="10101012", descricao="Consulta em consultório",
        quantidade_solicitada=5, quantidade_autorizada=5, exigencia="senha",
    )
    return [
        Atendimento.objects.create(autorizacao=autorizacao, item=item, confirmado_em=timezone.now(),
                                   data_execucao=hoje - datetime.timedelta(days=d))
        for d in dias_atras
    ]
