import datetime

import pytest
from django.utils import timezone

from operadora.billing import exemplos
from operadora.billing.tests.fabricas import criar_atendimentos_confirmados, gerar_faturamento
from operadora.registry.models import Profissional


@pytest.fixture
def hoje() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def medico(prestador) -> Profissional:
    """A physician of the register who works for `prestador` (the wizard's solicitante/executante)."""
    profissional = Profissional.objects.create(
        nome="Dra. Ana Souza", conselho="06", numero_conselho="123456", uf_conselho="SP", cbo="225125"
    )
    profissional.prestadores.add(prestador)
    return profissional


@pytest.fixture
def dentista(prestador) -> Profissional:
    """A dentist of the register (CRO/RJ, CBO 223208) who works for `prestador` (the odontological wizard)."""
    profissional = Profissional.objects.create(
        nome="Dra. Maria Santos", conselho="08", numero_conselho="24654", uf_conselho="RJ", cbo="223208"
    )
    profissional.prestadores.add(prestador)
    return profissional


@pytest.fixture
def arquivo_lote(operadora, prestador, hoje):
    """Factory of ENVIO_LOTE_GUIAS bytes from `prestador` (code 100001) to `operadora`."""

    def fabricar(
        *,
        tipo="1",
        quantidade=1,
        itens=2,
        numero_lote="1",
        dias_atras=10,
        prefixo="",
        sequencial="1",
        codigo="100001",
        registro_ans=None,
    ):
        lote = exemplos.lote(
            tipo=tipo,
            quantidade=quantidade,
            itens=itens,
            numero_lote=numero_lote,
            registro_ans=registro_ans or operadora.registro_ans,
            codigo_prestador=codigo,
            data=hoje - datetime.timedelta(days=dias_atras),
            prefixo=prefixo,
        )
        return exemplos.arquivo(
            lote,
            registro_ans=registro_ans or operadora.registro_ans,
            codigo_prestador=codigo,
            sequencial=sequencial,
        )

    return fabricar



@pytest.fixture
def faturamento(operadora, prestador, beneficiario, preco_consulta, hoje):
    """An automatic billing awaiting conference: one SP/SADT lote with 3 confirmed sessions, none conferred."""
    criar_atendimentos_confirmados(operadora, prestador, beneficiario, hoje, (12, 10, 8))
    return gerar_faturamento(operadora, prestador, hoje)
