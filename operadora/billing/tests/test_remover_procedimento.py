"""Step 3 of the wizard: a saved procedure row has a "Remover", as the outras despesas have. Removing it deletes the
item on Próximo and the guide's totals follow; a team follows its procedure; at least one procedure stays where
TISS requires one (consulta, honorários, tratamento odontológico), and an SP/SADT or a resumo de internação keeps
at least a procedure or an outra despesa. Before, a saved row could only be blanked, which the form refused."""

import datetime
from decimal import Decimal

import pytest

from operadora.billing import selectors, services
from operadora.billing.models import Guia, ItemGuia, MembroEquipe, OutraDespesa
from operadora.billing.tests import test_gto_us_franquia_autorizado as _gto
from operadora.billing.tests.fabricas import passo_3_sp_sadt, segundo_procedimento
from operadora.billing.tests.test_digitacao_e_lotes import digitar_sp_sadt
from operadora.core.erros import ErroDeNegocio
from operadora.tiss.validation import validar

pytestmark = pytest.mark.django_db


def _sp_sadt_com_dois_procedimentos(cliente, beneficiario, medico, data):
    guia_id, base = digitar_sp_sadt(
        cliente, numero="REM-1", carteira=beneficiario.carteira, medico=medico, data=data, extra_item=True
    )
    guia = Guia.objects.get(pk=guia_id)
    assert guia.itens.count() == 2 and guia.valor_total == Decimal("157.00")
    return guia, base


def test_passo_3_oferece_remover_em_cada_procedimento(cliente_portal, beneficiario, medico, preco_consulta, hoje):
    # given an SP/SADT guide with two saved procedures
    _, base = _sp_sadt_com_dois_procedimentos(cliente_portal, beneficiario, medico, hoje - datetime.timedelta(days=3))
    # when step 3 is opened again
    pagina = cliente_portal.get(f"{base}/passo/3/").content.decode()
    # then each procedure row has its "Remover" box, and its number (the team's "Procedimento nº")
    assert 'name="itens-0-DELETE"' in pagina and 'name="itens-1-DELETE"' in pagina
    assert "<th>Remover</th>" in pagina and "<th>Nº</th>" in pagina


def test_remover_procedimento_salvo_apaga_o_item_e_os_totais_acompanham(
    cliente_portal, beneficiario, medico, preco_consulta, hoje
):
    # given an SP/SADT guide saved with two procedures (R$ 120,00 + R$ 37,00)
    data = hoje - datetime.timedelta(days=3)
    guia, base = _sp_sadt_com_dois_procedimentos(cliente_portal, beneficiario, medico, data)
    assert cliente_portal.post(f"/portal/faturamento/guias/{guia.pk}/salvar/").status_code == 302
    # when step 3 is posted as the browser shows it, the first row marked "Remover"
    dados = passo_3_sp_sadt(data, valor="", linhas=2) | segundo_procedimento(data)
    dados |= {"itens-INITIAL_FORMS": "2", "itens-0-DELETE": "on"}
    r = cliente_portal.post(f"{base}/passo/3/", dados)
    # then Próximo goes on, the item is gone, the other one is now the first and the totals follow
    assert r.status_code == 302, r.content.decode()[:3000]
    guia.refresh_from_db()
    assert list(guia.itens.values_list("sequencial", "codigo", "valor_total")) == [
        (1, "40304361", Decimal("37.00"))
    ]
    assert (guia.valor_procedimentos, guia.valor_total) == (Decimal("37.00"), Decimal("37.00"))
    assert "R$ 37,00" in cliente_portal.get(f"{base}/passo/6/").content.decode()


def test_remover_procedimento_leva_a_sua_equipe_e_a_dos_outros_acompanha(
    cliente_portal, beneficiario, medico, preco_consulta, hoje
):
    # given an SP/SADT with two procedures, each with one member of its team
    data = hoje - datetime.timedelta(days=3)
    guia, base = _sp_sadt_com_dois_procedimentos(cliente_portal, beneficiario, medico, data)
    # (the page as the browser posts it: the two saved rows are its initial forms)
    dados = passo_3_sp_sadt(data, valor="", linhas=2) | segundo_procedimento(data) | {"itens-INITIAL_FORMS": "2"}
    equipe = {
        "equipe-TOTAL_FORMS": "2",
        "equipe-INITIAL_FORMS": "0",
        "equipe-MIN_NUM_FORMS": "0",
        "equipe-MAX_NUM_FORMS": "99",
    }
    for n, (item, nome, numero) in enumerate(((1, "Dr. Um", "111111"), (2, "Dra. Dois", "222222"))):
        equipe |= {
            f"equipe-{n}-item": str(item),
            f"equipe-{n}-grau_participacao": "00",
            f"equipe-{n}-livre": "on",
            f"equipe-{n}-nome": nome,
            f"equipe-{n}-conselho": "06",
            f"equipe-{n}-numero": numero,
            f"equipe-{n}-uf": "35",
            f"equipe-{n}-cbo": "225125",
        }
    assert cliente_portal.post(f"{base}/passo/3/", dados | equipe).status_code == 302
    # when the first procedure is removed (its member still names row 1, the other's row 2)
    r = cliente_portal.post(
        f"{base}/passo/3/",
        dados | equipe | {"itens-0-DELETE": "on", "equipe-INITIAL_FORMS": "2"},
    )
    # then the removed procedure's team goes with it and the other team follows its procedure, now nº 1
    assert r.status_code == 302, r.content.decode()[:3000]
    assert list(MembroEquipe.objects.values_list("item__sequencial", "item__codigo", "nome")) == [
        (1, "40304361", "Dra. Dois")
    ]


def test_remover_o_unico_procedimento_e_recusado_onde_o_tiss_o_exige(cliente_portal, beneficiario, dentista, hoje):
    # given an odontological guide (TISS requires its procedimentosExecutados) saved with one procedure
    guia_id, base = _gto._nova_gto(cliente_portal, numero="GTO-REM", carteira=beneficiario.carteira, dentista=dentista)
    assert cliente_portal.post(f"{base}/passo/3/", _gto._passo_3(hoje, {})).status_code == 302
    antes = list(ItemGuia.objects.filter(guia_id=guia_id).values_list("pk", "codigo", "valor_total"))
    # when its only procedure is marked "Remover"
    dados = _gto._passo_3(hoje, {"DELETE": "on"}) | {"itens-INITIAL_FORMS": "1"}
    r = cliente_portal.post(f"{base}/passo/3/", dados)
    # then the user stays on the step and reads why, in Portuguese, and nothing changed
    assert r.status_code == 200
    assert "A guia de tratamento odontológico precisa de ao menos um procedimento" in r.content.decode()
    assert list(ItemGuia.objects.filter(guia_id=guia_id).values_list("pk", "codigo", "valor_total")) == antes


def test_sp_sadt_sem_procedimento_nem_outra_despesa_e_recusada(
    cliente_portal, beneficiario, medico, preco_consulta, hoje
):
    # given an SP/SADT saved with two procedures
    data = hoje - datetime.timedelta(days=3)
    guia, base = _sp_sadt_com_dois_procedimentos(cliente_portal, beneficiario, medico, data)
    # when both are marked "Remover" and there is no outra despesa
    dados = passo_3_sp_sadt(data, valor="", linhas=2) | segundo_procedimento(data, DELETE="on")
    r = cliente_portal.post(f"{base}/passo/3/", dados | {"itens-INITIAL_FORMS": "2", "itens-0-DELETE": "on"})
    # then it is refused in Portuguese and both procedures stay
    assert r.status_code == 200
    assert "Mantenha ao menos um procedimento ou uma outra despesa" in r.content.decode()
    assert guia.itens.count() == 2


def test_sp_sadt_so_com_outras_despesas_salva_e_exporta_valida(
    cliente_portal, operadora, beneficiario, medico, preco_consulta, hoje
):
    # given an SP/SADT saved with one procedure and one outra despesa (TISS: procedimentosExecutados is optional)
    data = hoje - datetime.timedelta(days=3)
    guia_id, base = digitar_sp_sadt(cliente_portal, numero="REM-D", carteira=beneficiario.carteira, medico=medico,
                                    data=data)
    despesa = {
        "despesas-TOTAL_FORMS": "1",
        "despesas-0-codigo_despesa": "07",
        "despesas-0-tabela": "18",
        "despesas-0-codigo": "60000112",
        "despesas-0-descricao": "Taxa de sala",
        "despesas-0-quantidade": "1",
        "despesas-0-unidade_medida": "036",
        "despesas-0-data_execucao": data.isoformat(),
        "despesas-0-valor_unitario": "35.00",
    }
    assert cliente_portal.post(f"{base}/passo/3/", passo_3_sp_sadt(data, valor="") | despesa).status_code == 302
    # when the procedure is removed
    dados = passo_3_sp_sadt(data, valor="") | despesa | {
        "itens-INITIAL_FORMS": "1",
        "itens-0-DELETE": "on",
        "despesas-INITIAL_FORMS": "1",
    }
    r = cliente_portal.post(f"{base}/passo/3/", dados)
    # then the guide keeps only the despesa, with its totals, and saves
    assert r.status_code == 302, r.content.decode()[:3000]
    guia = Guia.objects.get(pk=guia_id)
    assert not guia.itens.exists() and OutraDespesa.objects.filter(guia=guia).count() == 1
    assert (guia.valor_procedimentos, guia.valor_total) == (Decimal("0.00"), Decimal("35.00"))
    assert cliente_portal.post(f"/portal/faturamento/guias/{guia_id}/salvar/").status_code == 302
    assert Guia.objects.get(pk=guia_id).situacao == Guia.Situacao.DIGITADA
    # and its lote's ENVIO_LOTE_GUIAS is valid against the XSD
    lote_url = cliente_portal.post("/portal/faturamento/lotes/novo/", {"tipo_guia": "2"})["Location"]
    cliente_portal.post(f"{lote_url}adicionar/", {"guias": [guia_id]})
    lote_id = int(lote_url.rstrip("/").rsplit("/", 1)[1])
    xml = cliente_portal.get(f"/portal/faturamento/lotes/{lote_id}/envio.xml")
    relatorio = validar(xml.content, selectors.politica_da_operadora(operadora), selectors.registro_schemas())
    assert relatorio.valido, relatorio.erros


@pytest.mark.parametrize(
    ("tipo", "mensagem"),
    [
        ("1", "A guia de consulta precisa de ao menos um procedimento"),
        ("4", "A guia de honorários precisa de ao menos um procedimento"),
        ("5", "A guia de tratamento odontológico precisa de ao menos um procedimento"),
        ("2", "Mantenha ao menos um procedimento ou uma outra despesa"),
        ("3", "Mantenha ao menos um procedimento ou uma outra despesa"),
    ],
)
def test_servico_recusa_guia_sem_procedimentos_onde_o_tiss_os_exige(operadora, prestador, hoje, tipo, mensagem):
    # given a guide of each type with one procedure
    guia = Guia.objects.create(operadora=operadora, prestador=prestador, tipo=tipo, numero_guia_prestador="V1")
    item = services.ItemDigitado(
        tabela="22",
        codigo="10101012",
        descricao="Consulta",
        quantidade=Decimal("1"),
        data_execucao=hoje,
        valor_unitario=Decimal("100.00"),
    )
    services.definir_itens(guia_id=guia.pk, itens=[item], usuario=None)
    # when its procedures are set to none (and no outra despesa)
    with pytest.raises(ErroDeNegocio, match=mensagem):
        services.definir_itens(guia_id=guia.pk, itens=[], usuario=None)
    # then the procedure stays
    assert guia.itens.count() == 1
