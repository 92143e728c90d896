import pytest

from operadora.accounts import demo as demo_acessos
from operadora.authorizations import demo
from operadora.authorizations.models import Atendimento, Autorizacao
from operadora.registry import demo as demo_cadastros
from operadora.registry.models import TermoTUSS


@pytest.mark.django_db
def test_demo_has_every_state_and_serial_sessions_and_is_idempotent():
    # Given the register and logins of the demo, and the TUSS terms it uses
    for codigo in (demo.PSICOTERAPIA, demo.CINTILOGRAFIA, demo.APENDICECTOMIA, demo.RX_TORAX):
        TermoTUSS.objects.create(tabela="22", codigo=codigo, termo=f"Termo {codigo}", busca=codigo)
    registro = demo_cadastros.criar()
    demo_acessos.criar(registro)
    # When the authorizations demo runs twice
    primeira = demo.criar(registro)
    total = Autorizacao.objects.count()
    demo.criar(registro)
    # Then every state exists, serial sessions are confirmed and some are left to confirm, nothing duplicated
    assert set(primeira.por_situacao) == set(Autorizacao.Situacao.values)
    assert Autorizacao.objects.count() == total
    assert Atendimento.objects.count() == 3 * len(registro.operadoras)
    seriado = Autorizacao.objects.filter(numero_guia_prestador="DEMO-002").first()
    assert seriado.situacao == "autorizada" and not seriado.atendimentos.exists()
