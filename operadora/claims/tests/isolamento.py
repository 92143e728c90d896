"""Objects of a given provider for the portal isolation tests (operadora/portal/tests/test_isolamento.py)."""

import datetime

from operadora.billing.tests.isolamento import protocolo as protocolo_do_prestador
from operadora.claims.models import Pagamento, RecursoGlosa
from operadora.core.testing import objeto_de_prestador


@objeto_de_prestador("recurso_id")
def recurso(prestador, operadora):
    protocolo = protocolo_do_prestador(prestador, operadora)
    return RecursoGlosa.objects.create(operadora=operadora, prestador=prestador, protocolo=protocolo,
                                       numero=f"R{protocolo.pk}", objeto=RecursoGlosa.Objeto.PROTOCOLO,
                                       justificativa="Recurso de teste de isolamento.")


@objeto_de_prestador("pagamento_id")
def pagamento(prestador, operadora):
    data = datetime.date(2025, 6, 20)
    return Pagamento.objects.create(operadora=operadora, prestador=prestador, numero=f"P{prestador.pk}",
                                    data_pagamento=data, competencia=data.replace(day=1))
