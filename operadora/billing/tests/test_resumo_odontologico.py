"""Seed 004, Etapa 6 (Resumo) of the Tratamento Odontológico guide: the table "Procedimentos Itens Assistenciais
Solicitados/Executados" has Seq. Item, Tabela, Procedimento/Item Assistencial, Dente/Região, Face, Qtd. Solic.,
Qtd. Aut. and Cancelado. The authorized quantity and the cancellation come from the authorization the guide's
senha references (of the same provider and beneficiary), "—" where that is unknown; and "Total de US" agrees with
the items (a "0" beside items all "—" was a made-up value)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from operadora.authorizations.models import Autorizacao, ItemAutorizacao
from operadora.billing import services
from operadora.billing.models import Guia

pytestmark = pytest.mark.django_db
COLUNAS = (
    "<th>Seq. Item</th><th>Tabela</th><th>Procedimento/Item Assistencial</th><th>Dente/Região</th><th>Face</th>"
    "<th>Qtd. Solic.</th><th>Qtd. Aut.</th><th>Cancelado</th>"
)


def _autorizacao(operadora, prestador, beneficiario, hoje, *, senha="ODO1234567", situacao="parcialmente_autorizada"):
    """An odontological authorization: 81000065 asked twice on ASAI, authorized once; 81000049 on tooth 11,
    still pending (no authorized quantity yet)."""
    autorizacao = Autorizacao.objects.create(
        operadora=operadora,
        prestador=prestador,
        beneficiario=beneficiario,
        tipo="odontologia",
        numero_guia_prestador="ODO-P1",
        numero_guia_operadora="2026000077",
        senha=senha,
        data_autorizacao=hoje - datetime.timedelta(days=10),
        data_validade_senha=hoje + datetime.timedelta(days=80),
        situacao=situacao,
        carater_atendimento="1",
        prazo_resposta=timezone.now(),
    )
    ItemAutorizacao.objects.create(
        autorizacao=autorizacao, sequencial=1, codigo="81000065", descricao="Consulta odontológica inicial",
        quantidade_solicitada=2, quantidade_autorizada=1, exigencia="auditoria", regiao="ASAI",
    )
    ItemAutorizacao.objects.create(
        autorizacao=autorizacao, sequencial=2, codigo="81000049", descricao="Consulta odontológica de urgência",
        quantidade_solicitada=1, quantidade_autorizada=None, exigencia="auditoria", dente="11",
    )
    return autorizacao


def _gto(operadora, prestador, beneficiario, hoje, *, senha="ODO1234567", qtd_us=None):
    guia = Guia.objects.create(
        operadora=operadora,
        prestador=prestador,
        tipo="5",
        numero_guia_prestador="GTO-RES",
        carteira=beneficiario.carteira,
        beneficiario=beneficiario,
        senha=senha,
    )
    comum = {"tabela": "22", "data_execucao": hoje - datetime.timedelta(days=2), "valor_unitario": Decimal("100.00")}
    itens = [
        services.ItemDigitado(codigo="81000065", descricao="Consulta odontológica inicial",
                              quantidade=Decimal("2"), regiao="ASAI", qtd_us=qtd_us, **comum),
        services.ItemDigitado(codigo="81000049", descricao="Consulta odontológica de urgência",
                              quantidade=Decimal("1"), dente="11", face="O", **comum),
        services.ItemDigitado(codigo="81000030", descricao="Consulta odontológica",
                              quantidade=Decimal("1"), dente="21", **comum),
    ]
    services.definir_itens(guia_id=guia.pk, itens=itens, usuario=None)
    return guia


def _linha(pagina: str, sequencial: int) -> str:
    inicio = pagina.index(f'<tr id="item-{sequencial}">')
    return pagina[inicio : pagina.index("</tr>", inicio)]


def test_resumo_odontologico_mostra_as_colunas_do_seed_com_a_autorizacao(
    cliente_portal, operadora, prestador, beneficiario, hoje
):
    # given an odontological guide whose senha is an authorization of this provider and beneficiary
    _autorizacao(operadora, prestador, beneficiario, hoje)
    guia = _gto(operadora, prestador, beneficiario, hoje)
    # when its summary is opened
    pagina = cliente_portal.get(f"/portal/faturamento/guias/{guia.pk}/passo/6/").content.decode()
    # then the table has the seed's columns
    assert COLUNAS in pagina
    # and each item its requested quantity, the authorized one and whether it was cancelled, from the authorization
    primeira = _linha(pagina, 1)
    assert "<td>1</td><td>22</td><td>81000065 - Consulta odontológica inicial</td><td>ASAI</td><td></td>" in primeira
    assert '<td class="qtd-solic">2</td><td class="qtd-aut">1</td><td class="cancelado">Não</td>' in primeira
    # and an item still pending at the operator, or not in the authorization, has "—", not a made-up value
    assert '<td class="qtd-solic">1</td><td class="qtd-aut">—</td><td class="cancelado">Não</td>' in _linha(pagina, 2)
    assert '<td class="qtd-aut">—</td><td class="cancelado">—</td>' in _linha(pagina, 3)


def test_resumo_odontologico_mostra_cancelado_quando_a_autorizacao_foi_cancelada(
    cliente_portal, operadora, prestador, beneficiario, hoje
):
    _autorizacao(operadora, prestador, beneficiario, hoje, situacao="cancelada")
    guia = _gto(operadora, prestador, beneficiario, hoje)
    pagina = cliente_portal.get(f"/portal/faturamento/guias/{guia.pk}/passo/6/").content.decode()
    assert '<td class="qtd-aut">1</td><td class="cancelado">Sim</td>' in _linha(pagina, 1)


@pytest.mark.parametrize("caso", ["sem senha", "senha desconhecida", "senha de outro prestador"])
def test_resumo_odontologico_sem_autorizacao_propria_mostra_traco(
    cliente_portal, operadora, prestador, outro_prestador, beneficiario, hoje, caso
):
    # given a guide without a senha, with one the operadora never gave, or with another provider's senha
    if caso == "senha de outro prestador":
        _autorizacao(operadora, outro_prestador, beneficiario, hoje)
    senha = {"sem senha": "", "senha desconhecida": "NAOEXISTE"}.get(caso, "ODO1234567")
    guia = _gto(operadora, prestador, beneficiario, hoje, senha=senha)
    # when its summary is opened
    pagina = cliente_portal.get(f"/portal/faturamento/guias/{guia.pk}/passo/6/").content.decode()
    # then no authorized quantity or cancellation is shown: neither exists for this guide (nor leaks from another's)
    for sequencial in (1, 2, 3):
        assert '<td class="qtd-aut">—</td><td class="cancelado">—</td>' in _linha(pagina, sequencial)


def test_total_de_us_concorda_com_os_itens(cliente_portal, operadora, prestador, beneficiario, hoje):
    # given a guide whose items inform no US, and another with US on one item
    sem_us = _gto(operadora, prestador, beneficiario, hoje)
    com_us = _gto(operadora, prestador, beneficiario, hoje, qtd_us=Decimal("1.50"))
    # then the first shows "—" for the total, as for each item; the second the real sum
    pagina = cliente_portal.get(f"/portal/faturamento/guias/{sem_us.pk}/passo/6/").content.decode()
    assert "Total de US: — · Total Franquia: —" in pagina
    pagina = cliente_portal.get(f"/portal/faturamento/guias/{com_us.pk}/passo/6/").content.decode()
    assert "Total de US: 1,50 · Total Franquia: —" in pagina
    # and a typed 0,00 is a real value: the seed's "Total de US: 0"
    zero = _gto(operadora, prestador, beneficiario, hoje, qtd_us=Decimal("0.00"))
    assert "Total de US: 0 · " in cliente_portal.get(f"/portal/faturamento/guias/{zero.pk}/passo/6/").content.decode()
