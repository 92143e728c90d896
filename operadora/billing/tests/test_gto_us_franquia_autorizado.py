"""The odontological guide's per-procedure Qtde US (GTO `qtdUS`), franquia (`valorFranquia`) and `autorizado`
("nothing is lost"): kept when a GTO arrives by XML and written back when its lote is exported as
ENVIO_LOTE_GUIAS (valid against the XSD); typed in step 3 of the wizard (seed 004: "Qtde US", franquia) and shown
in the summary with "Total de US" and "Total Franquia"; bad values refused in Portuguese."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from operadora.billing import conversao, exemplos, selectors, services
from operadora.billing.models import Guia, ItemGuia
from operadora.billing.tests.fabricas import nova_guia
from operadora.core.erros import ErroDeNegocio
from operadora.tiss import guias as t
from operadora.tiss.validation import validar

pytestmark = pytest.mark.django_db


def _exportada(cliente_portal, operadora, lote_id) -> t.GuiaOdontologia:
    xml = cliente_portal.get(f"/portal/faturamento/lotes/{lote_id}/envio.xml")
    assert xml.status_code == 200, xml.content[:1000]
    relatorio = validar(xml.content, selectors.politica_da_operadora(operadora), selectors.registro_schemas())
    assert relatorio.valido, relatorio.erros
    assert relatorio.mensagem.transacao == "ENVIO_LOTE_GUIAS"
    (gto,) = relatorio.mensagem.lote.guias
    assert isinstance(gto, t.GuiaOdontologia)
    return gto


def _gto_com_us_e_nao_autorizado(operadora, hoje) -> t.Lote:
    """The engine's sample GTO (3 procedures) with US on two of them, a franquia on one, and the second one not
    authorized ("false") and the third one in xs:boolean's other spelling ("1")."""
    lote = exemplos.lote(
        tipo="5",
        itens=3,
        numero_lote="77",
        registro_ans=operadora.registro_ans,
        codigo_prestador="100001",
        data=hoje - datetime.timedelta(days=10),
    )
    (gto,) = lote.guias_odontologia
    p1, p2, p3 = gto.procedimentos
    procedimentos = (
        dataclasses.replace(p1, qtd_us=Decimal("2.50"), autorizado="true"),
        dataclasses.replace(p2, qtd_us=Decimal("1.25"), valor_franquia=Decimal("15.00"), autorizado="false"),
        dataclasses.replace(p3, qtd_us=None, valor_franquia=None, autorizado="1"),
    )
    gto = dataclasses.replace(
        gto,
        procedimentos=procedimentos,
        qtd_total_us=Decimal("3.75"),
        valor_total_franquia=Decimal("15.00"),
    )
    return dataclasses.replace(lote, guias_odontologia=(gto,))


@pytest.mark.parametrize("versao", ["4.02.00", "4.03.00"])
def test_gto_recebida_guarda_us_franquia_e_autorizado_e_os_devolve_na_exportacao(
    cliente_portal, operadora, prestador, hoje, versao
):
    # given an operadora on one TISS version and a GTO whose second procedure was not authorized
    operadora.versoes_tiss_aceitas = [versao]
    operadora.save()
    lote = _gto_com_us_e_nao_autorizado(operadora, hoje)
    dados = exemplos.arquivo(
        lote, registro_ans=operadora.registro_ans, codigo_prestador="100001", versao=versao
    )
    assert b"<ans:qtdUS>1.25</ans:qtdUS>" in dados and b"<ans:autorizado>false</ans:autorizado>" in dados
    # when it is received by XML
    resultado = services.receber_xml(operadora=operadora, prestador=prestador, dados=dados)
    assert resultado.aceito, resultado.erros
    guia = Guia.objects.get(protocolo=resultado.protocolo)
    # then each stored procedure has its US, franquia and authorization
    assert [(i.qtd_us, i.valor_franquia, i.autorizado) for i in guia.itens.order_by("sequencial")] == [
        (Decimal("2.50"), Decimal("0.00"), True),
        (Decimal("1.25"), Decimal("15.00"), False),
        (None, None, True),
    ]
    # and the guide page shows them with the totals
    pagina = cliente_portal.get(f"/portal/faturamento/guias/{guia.pk}/passo/6/").content.decode()
    assert "Total de US: 3,75 · Total Franquia: R$ 15,00" in pagina
    assert "<td>Não</td>" in pagina
    # and exporting the lote gives the same values back, valid against the XSD
    exportada = _exportada(cliente_portal, operadora, resultado.protocolo.lote_id)
    assert [(p.qtd_us, p.valor_franquia, p.autorizado) for p in exportada.procedimentos] == [
        (Decimal("2.50"), Decimal("0.00"), "true"),
        (Decimal("1.25"), Decimal("15.00"), "false"),
        (None, None, "true"),
    ]
    assert (exportada.qtd_total_us, exportada.valor_total_franquia) == (Decimal("3.75"), Decimal("15.00"))


def test_linhas_da_gto_para_o_caminho_sem_copy_tambem_guardam_us_e_autorizado(operadora, hoje):
    # given the same GTO, turned into unsaved rows (the embedded SQLite receipt's bulk_create)
    (gto,) = _gto_com_us_e_nao_autorizado(operadora, hoje).guias_odontologia
    # when its rows are made
    linhas = conversao.linhas_da_guia(gto, base={})
    # then the items carry the US and the authorization
    assert [(i.qtd_us, i.autorizado) for i in linhas.itens] == [
        (Decimal("2.50"), True),
        (Decimal("1.25"), False),
        (None, True),
    ]


def _passo_3(data, *linhas):
    """Step 3 of the odontological wizard with one procedure row per dict of `linhas` (its extra fields)."""
    dados = {
        "itens-TOTAL_FORMS": str(len(linhas)),
        "itens-INITIAL_FORMS": "0",
        "itens-MIN_NUM_FORMS": "1",
        "itens-MAX_NUM_FORMS": "99",
        "tipo_atendimento": "1",
        "tipo_faturamento": "4",
        "indicacao_acidente": "9",
        "acao": "proximo",
    }
    for n, extra in enumerate(linhas):
        dados |= {
            f"itens-{n}-tabela": "22",
            f"itens-{n}-codigo": "81000065",
            f"itens-{n}-descricao": "Consulta odontológica inicial",
            f"itens-{n}-quantidade": "1",
            f"itens-{n}-data_execucao": data.isoformat(),
            f"itens-{n}-valor_unitario": "100.00",
            f"itens-{n}-reducao_acrescimo": "1.00",
            f"itens-{n}-regiao": "ASAI",
        }
        dados |= {f"itens-{n}-{campo}": valor for campo, valor in extra.items()}
    return dados


def _nova_gto(cliente, *, numero, carteira, dentista):
    """Steps 1 and 2 of an odontological guide; returns its id and base URL."""
    guia_id, base = nova_guia(cliente, "5", numero_guia_prestador=numero, beneficiario_busca=carteira)
    r = cliente.post(f"{base}/passo/2/", {"profissional": dentista.pk, "acao": "proximo"})
    assert r.status_code == 302, r.content.decode()[:3000]
    return guia_id, base


def test_digitacao_de_us_e_franquia_no_passo_3_aparece_no_resumo_com_totais_e_no_lote(
    cliente_portal, operadora, beneficiario, dentista, hoje
):
    # given an odontological guide being typed
    guia_id, base = _nova_gto(cliente_portal, numero="GTO-US", carteira=beneficiario.carteira, dentista=dentista)
    pagina = cliente_portal.get(f"{base}/passo/3/").content.decode()
    assert "<th>Qtde US</th><th>Franquia</th>" in pagina
    # when step 3 gets Qtde US and franquia on the first procedure and nothing on the second
    r = cliente_portal.post(
        f"{base}/passo/3/",
        _passo_3(hoje, {"qtd_us": "1.50", "valor_franquia": "10.00"}, {"qtd_us": "", "valor_franquia": ""}),
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    cliente_portal.post(f"{base}/passo/4/", {"profissional": dentista.pk, "acao": "proximo"})
    # then they are stored on the items
    assert list(
        ItemGuia.objects.filter(guia_id=guia_id).order_by("sequencial").values_list("qtd_us", "valor_franquia")
    ) == [(Decimal("1.50"), Decimal("10.00")), (None, None)]
    # and step 3 shows them again
    pagina = cliente_portal.get(f"{base}/passo/3/").content.decode()
    assert 'name="itens-0-qtd_us" value="1.50"' in pagina and 'name="itens-0-valor_franquia" value="10.00"' in pagina
    # and the summary shows them per item and the totals
    resumo = cliente_portal.get(f"{base}/passo/6/").content.decode()
    assert '<td class="valor">1,50</td><td class="valor">R$ 10,00</td>' in resumo
    assert '<td class="valor">—</td><td class="valor">—</td>' in resumo
    assert "Total de US: 1,50 · Total Franquia: R$ 10,00" in resumo
    # and the lote's ENVIO_LOTE_GUIAS carries them, valid against the XSD
    assert cliente_portal.post(f"/portal/faturamento/guias/{guia_id}/salvar/").status_code == 302
    lote_url = cliente_portal.post("/portal/faturamento/lotes/novo/", {"tipo_guia": "5"})["Location"]
    cliente_portal.post(f"{lote_url}adicionar/", {"guias": [guia_id]})
    lote_id = int(lote_url.rstrip("/").rsplit("/", 1)[1])
    gto = _exportada(cliente_portal, operadora, lote_id)
    assert [(p.qtd_us, p.valor_franquia, p.autorizado) for p in gto.procedimentos] == [
        (Decimal("1.50"), Decimal("10.00"), "true"),
        (None, None, "true"),
    ]
    assert (gto.qtd_total_us, gto.valor_total_franquia) == (Decimal("1.50"), Decimal("10.00"))


def test_us_e_franquia_negativos_sao_recusados_em_portugues(
    cliente_portal, operadora, beneficiario, dentista, hoje
):
    # given an odontological guide whose step 3 was saved without US or franquia
    guia_id, base = _nova_gto(cliente_portal, numero="GTO-NEG", carteira=beneficiario.carteira, dentista=dentista)
    assert cliente_portal.post(f"{base}/passo/3/", _passo_3(hoje, {})).status_code == 302
    antes = list(ItemGuia.objects.filter(guia_id=guia_id).values_list("pk", "qtd_us", "valor_franquia"))
    # when a negative Qtde US and a negative franquia are sent, and then US with three decimals and a word
    negativos = cliente_portal.post(
        f"{base}/passo/3/", _passo_3(hoje, {"qtd_us": "-1", "valor_franquia": "-5.00"})
    )
    fora_do_padrao = cliente_portal.post(
        f"{base}/passo/3/", _passo_3(hoje, {"qtd_us": "1.505", "valor_franquia": "dez"})
    )
    # then the user stays on the step and reads why, in Portuguese, and nothing changed
    assert negativos.status_code == 200 and fora_do_padrao.status_code == 200
    pagina = negativos.content.decode()
    assert "A quantidade de US não pode ser negativa." in pagina
    assert "O valor da franquia não pode ser negativo." in pagina
    pagina = fora_do_padrao.content.decode()
    assert "A quantidade de US tem no máximo 2 casas decimais." in pagina
    assert "Informe o valor da franquia como um número (ex.: 10.00)." in pagina
    assert list(ItemGuia.objects.filter(guia_id=guia_id).values_list("pk", "qtd_us", "valor_franquia")) == antes
    # and the summary of a guide whose items inform no US nor franquia shows "—" for the totals, as for the items
    # (a typed 0,00 is a real value and sums to the seed's "Total de US: 0")
    resumo = cliente_portal.get(f"{base}/passo/6/").content.decode()
    assert "Total de US: — · Total Franquia: —" in resumo


def test_servico_recusa_us_e_franquia_fora_da_guia_odontologica(operadora, prestador, hoje):
    # given an SP/SADT guide and a GTO being typed
    sadt = Guia.objects.create(operadora=operadora, prestador=prestador, tipo="2", numero_guia_prestador="SP-US")
    gto = Guia.objects.create(operadora=operadora, prestador=prestador, tipo="5", numero_guia_prestador="GTO-SV")
    item = services.ItemDigitado(
        tabela="22",
        codigo="81000065",
        descricao="Consulta odontológica inicial",
        quantidade=Decimal("1"),
        data_execucao=hoje,
        valor_unitario=Decimal("100.00"),
        qtd_us=Decimal("1.00"),
    )
    # when items with US are set on the SP/SADT, or a negative franquia on the GTO
    with pytest.raises(ErroDeNegocio, match="Só a guia odontológica tem quantidade de US"):
        services.definir_itens(guia_id=sadt.pk, itens=[item], usuario=None)
    with pytest.raises(ErroDeNegocio, match="A franquia do item 1 vai de R\\$ 0,00"):
        services.definir_itens(
            guia_id=gto.pk, itens=[dataclasses.replace(item, valor_franquia=Decimal("-1"))], usuario=None
        )
    # then nothing was stored
    assert not ItemGuia.objects.filter(guia__in=[sadt, gto]).exists()
