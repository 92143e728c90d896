"""Seed 003 §5: each row of the conference shows "Proced.: | Taxas: | Mat/Med.: | Outros: | Total:" with the
outras despesas editable. The generated guides carried procedures only and the conference could not add a taxa,
a material or a diária to them."""

import datetime
from decimal import Decimal

import pytest

from operadora.billing import selectors, services
from operadora.billing.models import FaturamentoAutomatico, Guia, OutraDespesa, TipoGuia
from operadora.billing.tests.fabricas import passo_3_sp_sadt
from operadora.billing.tests.test_digitacao_e_lotes import digitar_sp_sadt
from operadora.claims.services import totais_do_protocolo
from operadora.core.erros import ErroDeNegocio, NaoEncontrado, TransicaoInvalida
from operadora.tiss.validation import validar

BASE = "/portal/faturamento"


def _despesa(data, codigo_despesa="07", codigo="60000112", valor="35.00", quantidade="1"):
    return services.DespesaDigitada(
        codigo_despesa=codigo_despesa,
        tabela="18" if codigo_despesa == "07" else "19",
        codigo=codigo,
        descricao=f"Despesa {codigo}",
        quantidade=Decimal(quantidade),
        unidade_medida="036",
        data_execucao=data,
        valor_unitario=Decimal(valor),
    )


def _linha(n, data, codigo_despesa="07", codigo="60000112", valor="35.00", **extra):
    campos = {
        "codigo_despesa": codigo_despesa,
        "tabela": "18" if codigo_despesa == "07" else "19",
        "codigo": codigo,
        "descricao": f"Despesa {codigo}",
        "quantidade": "1",
        "unidade_medida": "036",
        "data_execucao": data.isoformat(),
        "valor_unitario": valor,
    } | extra
    return {f"despesas-{n}-{k}": v for k, v in campos.items()}


def _gestao(total, iniciais=0):
    return {
        "despesas-TOTAL_FORMS": str(total),
        "despesas-INITIAL_FORMS": str(iniciais),
        "despesas-MIN_NUM_FORMS": "0",
        "despesas-MAX_NUM_FORMS": "99",
    }


@pytest.mark.django_db
def test_despesas_entram_nos_totais_e_vao_no_lote_enviado(cliente_portal, operadora, faturamento, hoje):
    guia = Guia.objects.get(lote__faturamento=faturamento)
    dia = hoje - datetime.timedelta(days=10)
    # (the fixture's authorization has no requesting professional, which the XSD demands)
    Guia.objects.filter(pk=guia.pk).update(
        solicitante_nome="Dra. Ana Souza", solicitante_conselho="06", solicitante_numero="123456",
        solicitante_uf="35", solicitante_cbo="225125",
    )  # fmt: skip

    services.definir_despesas_do_faturamento(
        faturamento_id=faturamento.pk,
        guia_id=guia.pk,
        despesas=[
            _despesa(dia, "07", "60000112", "35.00"),
            _despesa(dia, "03", "70000001", "12.50", quantidade="2"),
            _despesa(dia, "05", "60000015", "200.00"),
        ],
        usuario=None,
    )

    guia.refresh_from_db()
    assert (guia.valor_taxas, guia.valor_mat_med, guia.valor_outros) == (
        Decimal("35.00"), Decimal("25.00"), Decimal("200.00")
    )  # fmt: skip
    assert guia.valor_total == Decimal("620.00")  # 3 × R$ 120,00 + 260,00
    faturamento.refresh_from_db()
    assert faturamento.valor_informado == Decimal("620.00") == faturamento.lotes.get().valor_informado
    pagina = cliente_portal.get(f"{BASE}/automatico/{faturamento.pk}/").content.decode()
    assert "Taxas: R$ 35,00" in pagina and "Mat/Med.: R$ 25,00" in pagina and "Outros: R$ 200,00" in pagina
    assert "Total da guia: R$ 620,00" in pagina

    # two sessions confirmed, one left: the despesas go with the guide, the left session does not
    itens = list(guia.itens.order_by("data_execucao"))
    services.conferir_itens(
        faturamento_id=faturamento.pk, estado="conferido", item_ids=[i.pk for i in itens[:2]], usuario=None
    )
    faturamento = services.enviar_faturamento(faturamento_id=faturamento.pk, usuario=None)

    lote = faturamento.lotes.get()
    assert lote.protocolo.valor_informado == Decimal("500.00") == faturamento.valor_informado
    assert totais_do_protocolo(lote.protocolo).quantidade_itens == 5  # 2 procedures + 3 outras despesas
    xml = cliente_portal.get(f"{BASE}/lotes/{lote.pk}/envio.xml")
    relatorio = validar(xml.content, selectors.politica_da_operadora(operadora), selectors.registro_schemas())
    assert relatorio.valido, [(e.caminho, e.mensagem[:300]) for e in relatorio.erros]
    assert xml.content.count(b"<ans:despesa>") == 3 and b"<ans:valorTaxasAlugueis>35.00" in xml.content


@pytest.mark.django_db
def test_despesas_recusadas_sem_mudar_nada(operadora, prestador, faturamento, hoje):
    guia = Guia.objects.get(lote__faturamento=faturamento)
    antes = (faturamento.valor_informado, OutraDespesa.objects.count())

    with pytest.raises(ErroDeNegocio, match="deve estar no período") as erro:
        services.definir_despesas_do_faturamento(
            faturamento_id=faturamento.pk, guia_id=guia.pk, despesas=[_despesa(hoje)], usuario=None
        )
    assert erro.value.codigo_tiss == "1323"
    with pytest.raises(ErroDeNegocio, match="máximo do padrão TISS"):
        services.definir_despesas_do_faturamento(
            faturamento_id=faturamento.pk,
            guia_id=guia.pk,
            despesas=[_despesa(hoje - datetime.timedelta(days=9), valor="999999.99", quantidade="2")],
            usuario=None,
        )
    outra = Guia.objects.create(operadora=operadora, prestador=prestador, tipo="2", situacao="digitada")
    with pytest.raises(NaoEncontrado):
        services.definir_despesas_do_faturamento(
            faturamento_id=faturamento.pk, guia_id=outra.pk, despesas=[], usuario=None
        )
    Guia.objects.filter(pk=guia.pk).update(tipo=TipoGuia.CONSULTA)
    with pytest.raises(ErroDeNegocio, match="Só a SP/SADT e o resumo de internação têm outras despesas"):
        services.definir_despesas_do_faturamento(
            faturamento_id=faturamento.pk,
            guia_id=guia.pk,
            despesas=[_despesa(hoje - datetime.timedelta(days=9))],
            usuario=None,
        )
    FaturamentoAutomatico.objects.filter(pk=faturamento.pk).update(situacao="cancelado")
    with pytest.raises(TransicaoInvalida):
        services.definir_despesas_do_faturamento(
            faturamento_id=faturamento.pk, guia_id=guia.pk, despesas=[], usuario=None
        )

    faturamento.refresh_from_db()
    assert (faturamento.valor_informado, OutraDespesa.objects.count()) == antes


@pytest.mark.django_db
def test_pagina_de_despesas_inclui_salva_e_remove_linhas(cliente_portal, cliente_portal_outro, faturamento, hoje):
    guia = Guia.objects.get(lote__faturamento=faturamento)
    url = f"{BASE}/automatico/{faturamento.pk}/guias/{guia.pk}/despesas/"
    dia = hoje - datetime.timedelta(days=9)
    assert url in cliente_portal.get(f"{BASE}/automatico/{faturamento.pk}/").content.decode()

    # 'Incluir linha de despesa' adds an empty row and saves nothing
    r = cliente_portal.post(url, _gestao(1) | _linha(0, dia) | {"com_despesa": "1"})
    assert r.status_code == 200 and r.content.decode().count("<legend>Despesa ") == 2
    assert "obrigatório" not in r.content.decode()  # the new blank row is not reported before it is typed
    assert not OutraDespesa.objects.exists()
    # an incomplete row is reported in pt-BR and nothing is saved
    r = cliente_portal.post(url, _gestao(1) | _linha(0, dia, codigo=""))
    assert "Confira as linhas destacadas." in r.content.decode() and not OutraDespesa.objects.exists()
    # two rows saved → back to the conference, at the guide
    r = cliente_portal.post(url, _gestao(2) | _linha(0, dia) | _linha(1, dia, "02", "90000001", "8.40"))
    assert r.status_code == 302 and r["Location"].endswith(f"#guia-{guia.pk}")
    guia.refresh_from_db()
    assert (guia.valor_taxas, guia.valor_medicamentos) == (Decimal("35.00"), Decimal("8.40"))
    # the page shows them; 'Remover' on one takes it out
    assert 'value="90000001"' in cliente_portal.get(url).content.decode()
    r = cliente_portal.post(url, _gestao(2, 2) | _linha(0, dia) | _linha(1, dia, "02", "90000001", "8.40", DELETE="on"))
    assert r.status_code == 302
    assert list(OutraDespesa.objects.values_list("codigo", flat=True)) == ["60000112"]
    # another provider reaches nothing and changes nothing
    assert cliente_portal_outro.get(url).status_code == 404
    assert cliente_portal_outro.post(url, _gestao(0)).status_code == 404
    assert OutraDespesa.objects.count() == 1


@pytest.mark.django_db
def test_assistente_remove_uma_outra_despesa_salva(cliente_portal, beneficiario, medico, preco_consulta, hoje):
    """Step 3 of the wizard: a saved outra despesa could not be taken out (its row could only be blanked, which
    the form refused as required fields)."""
    data = hoje - datetime.timedelta(days=3)
    _, base = digitar_sp_sadt(cliente_portal, numero="G300", carteira=beneficiario.carteira, medico=medico, data=data)
    passo = passo_3_sp_sadt(data) | _gestao(1) | _linha(0, data)
    r = cliente_portal.post(f"{base}/passo/3/", passo)
    assert r.status_code == 302
    assert OutraDespesa.objects.count() == 1

    # the page as the browser posts it again: one saved procedure and one saved despesa, marked 'Remover'
    de_novo = passo | {"itens-INITIAL_FORMS": "1"} | _gestao(1, 1) | {"despesas-0-DELETE": "on"}
    r = cliente_portal.post(f"{base}/passo/3/", de_novo)

    assert r.status_code == 302, r.content.decode()[:3000]
    assert not OutraDespesa.objects.exists()


@pytest.mark.django_db
def test_despesa_sem_valor_unitario_leva_o_valor_negociado(cliente_portal, operadora, prestador, faturamento, hoje):
    """A procedure left without unit value takes the contracted price; an outra despesa had to be priced by hand
    even when the contract prices its code (a taxa of table 18, a material of 19). Now it takes it too, and a
    code the contract does not price is refused with the reason, the rows kept as typed."""
    from operadora.registry.models import PrecoContratado

    PrecoContratado.objects.create(operadora=operadora, prestador=prestador, tabela="18", codigo="60000112",
                                   valor=Decimal("42.30"), vigencia_inicio=hoje - datetime.timedelta(days=400))
    guia = Guia.objects.get(lote__faturamento=faturamento)
    url = f"{BASE}/automatico/{faturamento.pk}/guias/{guia.pk}/despesas/"
    dia = hoje - datetime.timedelta(days=9)

    # a code without contracted price and no unit value: refused, saying so, the typed rows back on the page
    r = cliente_portal.post(url, _gestao(2) | _linha(0, dia, valor="") | _linha(1, dia, "03", "70000999", ""))
    pagina = r.content.decode()
    assert r.status_code == 200 and not OutraDespesa.objects.exists()
    assert "70000999" in pagina and "não tem valor negociado" in pagina and "informe o valor unitário" in pagina

    # the taxa priced by the contract, the material typed
    r = cliente_portal.post(url, _gestao(2) | _linha(0, dia, valor="") | _linha(1, dia, "03", "70000999", "3.10"))
    assert r.status_code == 302
    assert sorted(OutraDespesa.objects.values_list("codigo", "valor_unitario", "valor_total")) == [
        ("60000112", Decimal("42.30"), Decimal("42.30")),
        ("70000999", Decimal("3.10"), Decimal("3.10")),
    ]
    guia.refresh_from_db()
    assert (guia.valor_taxas, guia.valor_materiais) == (Decimal("42.30"), Decimal("3.10"))
