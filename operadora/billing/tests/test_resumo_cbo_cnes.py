"""Seed 004, Etapa 6 – Resumo: the typed guide's summary names each CBO with its description ("CBOS: 223208 -
Cirurgião dentista - clínico geral") and the executante's CNES with the establishment's name ("CNES: 8888888 -
ALBERTO TORRES, 50"), the CBO terms (TISS table 24) read in one query however large the team."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from operadora.billing.models import Guia, ItemGuia, MembroEquipe
from operadora.registry.models import TermoTUSS

BASE = "/portal/faturamento"
CBO_DENTISTA = "223208"
CBO_ANESTESISTA = "225151"
CBO_DESCONHECIDO = "999999"


@pytest.fixture
def termos_cbo(db):
    TermoTUSS.objects.bulk_create([
        TermoTUSS(tabela="24", codigo=CBO_DENTISTA, termo="Cirurgião dentista - clínico geral",
                  busca="cirurgiao dentista - clinico geral", vigencia_inicio=datetime.date(2010, 1, 1)),
        TermoTUSS(tabela="24", codigo=CBO_ANESTESISTA, termo="Médico anestesiologista",
                  busca="medico anestesiologista", vigencia_inicio=datetime.date(2010, 1, 1)),
        # the same code in another table is not a CBO
        TermoTUSS(tabela="22", codigo=CBO_DESCONHECIDO, termo="Procedimento que não é CBO",
                  busca="procedimento que nao e cbo", vigencia_inicio=datetime.date(2010, 1, 1)),
    ])  # fmt: skip


def _guia(operadora, prestador, hoje, *, membros: int, cnes: str, cbo_executante: str = CBO_DENTISTA) -> Guia:
    """A typed SP/SADT guide whose one procedure has `membros` team members (alternating known/unknown CBOs)."""
    guia = Guia.objects.create(
        operadora=operadora, prestador=prestador, tipo="2", situacao=Guia.Situacao.DIGITADA,
        numero_guia_prestador=f"RES-{membros}", carteira="35900010000", nome_beneficiario="Maria Souza",
        solicitante_nome="Dra. Maria Santos", solicitante_conselho="06", solicitante_numero="24654",
        solicitante_uf="33", solicitante_cbo=CBO_DENTISTA,
        executante_nome="Dra. Maria Santos", executante_conselho="06", executante_numero="24654",
        executante_uf="33", executante_cbo=cbo_executante, cnes_executante=cnes,
    )  # fmt: skip
    item = ItemGuia.objects.create(
        guia=guia, sequencial=1, data_execucao=hoje - datetime.timedelta(days=3), codigo="10101012",
        descricao="Consulta", quantidade=Decimal(1), valor_unitario=Decimal("93.50"), valor_total=Decimal("93.50"),
    )  # fmt: skip
    MembroEquipe.objects.bulk_create(
        MembroEquipe(item=item, grau_participacao="06", nome=f"Membro {n}", conselho="06",
                     numero_conselho=str(1000 + n), uf="35", cbo=CBO_ANESTESISTA if n % 2 else CBO_DESCONHECIDO)
        for n in range(membros)
    )  # fmt: skip
    return guia


def _resumo(cliente, guia: Guia) -> str:
    resposta = cliente.get(f"{BASE}/guias/{guia.pk}/passo/6/")
    assert resposta.status_code == 200
    return re.sub(r"\s+", " ", resposta.content.decode())


@pytest.mark.django_db
def test_resumo_mostra_cbo_com_descricao_e_cnes_com_nome_do_prestador(
    cliente_portal, operadora, prestador, hoje, termos_cbo
):
    # given a typed guide: solicitante, executante and a team of two (one CBO in table 24, one not)
    guia = _guia(operadora, prestador, hoje, membros=2, cnes=prestador.cnes)

    # when the clerk opens its summary
    pagina = _resumo(cliente_portal, guia)

    # then each CBO of table 24 shows its description (seed 004), an unknown one just its code
    solicitante = re.search(r'<p id="dados-solicitante">(.*?)</p>', pagina)
    executante = re.search(r'<span id="dados-executante">(.*?)</span>', pagina)
    equipe = re.search(r'<p class="equipe-item" id="equipe-item-1">(.*?)</p>', pagina)
    assert solicitante and executante and equipe
    assert "CBO 223208 - Cirurgião dentista - clínico geral" in solicitante.group(1)
    assert "CBO 223208 - Cirurgião dentista - clínico geral" in executante.group(1)
    assert "CBO 225151 - Médico anestesiologista" in equipe.group(1)
    assert "CBO 999999;" in equipe.group(1) and "Procedimento que não é CBO" not in pagina
    # and the executante's CNES, the provider's own, carries the provider's name
    assert f"CNES {prestador.cnes} - {prestador}<br>" in pagina
    # and amounts keep their format
    assert "R$ 93,50" in pagina


@pytest.mark.django_db
def test_resumo_sem_termo_mostra_so_o_codigo_e_cnes_de_outro_estabelecimento_sem_nome(
    cliente_portal, operadora, prestador, hoje, termos_cbo
):
    # given a guide whose executante's CBO is not in table 24 and whose CNES is not the provider's
    guia = _guia(operadora, prestador, hoje, membros=0, cnes="9999999", cbo_executante=CBO_DESCONHECIDO)

    pagina = _resumo(cliente_portal, guia)

    executante = re.search(r'<span id="dados-executante">(.*?)</span>', pagina)
    assert executante and executante.group(1).endswith("CBO 999999")
    assert "CNES 9999999<br>" in pagina


@pytest.mark.django_db
def test_consultas_do_resumo_nao_crescem_com_a_equipe(cliente_portal, operadora, prestador, hoje, termos_cbo):
    # given two guides, one with a team of 1 and one with a team of 12 (CBOs known and unknown)
    pequena = _guia(operadora, prestador, hoje, membros=1, cnes=prestador.cnes)
    grande = _guia(operadora, prestador, hoje, membros=12, cnes=prestador.cnes)
    _resumo(cliente_portal, pequena)  # warm the session/permission caches alike for both

    # when both summaries are rendered
    with CaptureQueriesContext(connection) as com_um:
        _resumo(cliente_portal, pequena)
    with CaptureQueriesContext(connection) as com_doze:
        pagina = _resumo(cliente_portal, grande)

    # then the larger team costs no extra query (the CBO terms are read once for the page)
    assert "CBO 225151 - Médico anestesiologista" in pagina
    assert len(com_doze.captured_queries) == len(com_um.captured_queries)
    assert sum('"registry_termotuss"' in q["sql"] for q in com_doze.captured_queries) == 1
