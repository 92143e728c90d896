"""Typing a guide with the wizard, lotes (add, limit, close, send → PEG), capa PDF, export as ENVIO_LOTE_GUIAS,
cancel; and that one provider never reaches another's objects."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from operadora.billing import selectors
from operadora.billing.models import Guia, Lote, Protocolo
from operadora.billing.tests.fabricas import nova_guia, passo_3_sp_sadt, segundo_procedimento
from operadora.tiss.validation import validar


def digitar_sp_sadt(
    cliente, *, numero, carteira, medico, data, codigo="10101012", valor="", extra_item=False
):
    """Goes through the five steps and the summary, as a user would."""
    _, base = nova_guia(cliente, "2", numero_guia_prestador=numero, beneficiario_busca=carteira, senha="S123")
    r = cliente.post(
        f"{base}/passo/2/",
        {
            "profissional": medico.pk,
            "carater_atendimento": "1",
            "interlocutor": "Recepção",
            "acao": "proximo",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    itens = passo_3_sp_sadt(data, codigo=codigo, valor=valor, linhas=2 if extra_item else 1)
    if extra_item:
        itens |= segundo_procedimento(data)
    r = cliente.post(f"{base}/passo/3/", itens)
    assert r.status_code == 302, r.content.decode()[:5000]
    r = cliente.post(f"{base}/passo/4/", {"profissional": medico.pk, "acao": "proximo"})
    assert r.status_code == 302, r.content.decode()[:3000]
    r = cliente.post(f"{base}/passo/5/", {"acao": "proximo"})
    assert r.status_code == 302
    guia_id = int(base.rsplit("/", 1)[1])
    return guia_id, base


@pytest.mark.django_db
def test_assistente_sp_sadt_salva_guia_com_valor_negociado(
    cliente_portal, beneficiario, medico, preco_consulta, hoje
):
    # given a provider typing an SP/SADT guide, leaving the unit value blank
    guia_id, base = digitar_sp_sadt(
        cliente_portal,
        numero="G100",
        carteira=beneficiario.carteira,
        medico=medico,
        data=hoje - datetime.timedelta(days=3),
        extra_item=True,
    )
    resumo = cliente_portal.get(f"{base}/passo/6/")
    assert resumo.status_code == 200 and "Resumo" in resumo.content.decode()
    # when it is saved
    r = cliente_portal.post(f"/portal/faturamento/guias/{guia_id}/salvar/")
    # then it is 'Digitada' (not sent), priced from the contract, with the professional's TISS codes
    assert r.status_code == 302
    guia = Guia.objects.get(pk=guia_id)
    assert guia.situacao == Guia.Situacao.DIGITADA and guia.lote is None
    itens = list(guia.itens.order_by("sequencial"))
    assert itens[0].valor_unitario == Decimal("120.00") and itens[1].valor_total == Decimal("37.00")
    assert guia.valor_total == Decimal("157.00")
    assert (guia.solicitante_conselho, guia.solicitante_uf, guia.executante_cbo) == ("06", "35", "225125")
    assert guia.beneficiario_id == beneficiario.pk and guia.senha == "S123"


@pytest.mark.django_db
def test_assistente_mostra_a_regra_do_prazo_e_nao_salva(
    cliente_portal, beneficiario, medico, preco_consulta, hoje
):
    guia_id, base = digitar_sp_sadt(
        cliente_portal,
        numero="G101",
        carteira=beneficiario.carteira,
        medico=medico,
        data=hoje - datetime.timedelta(days=100),
    )
    resumo = cliente_portal.get(f"{base}/passo/6/").content.decode()
    assert "3214" in resumo and "fora do prazo de faturamento" in resumo
    cliente_portal.post(f"/portal/faturamento/guias/{guia_id}/salvar/")
    assert Guia.objects.get(pk=guia_id).situacao == Guia.Situacao.RASCUNHO


@pytest.mark.django_db
def test_beneficiario_desconhecido_e_erro_claro(cliente_portal, beneficiario):
    r = cliente_portal.post(
        "/portal/faturamento/guias/nova/1/",
        {"numero_guia_prestador": "C1", "beneficiario_busca": "999", "acao": "proximo"},
    )
    assert r.status_code == 200 and "Beneficiário não encontrado" in r.content.decode()
    # and on a saved guide's step 1 too
    _, base = nova_guia(cliente_portal, "1", numero_guia_prestador="C1", beneficiario_busca=beneficiario.carteira)
    r = cliente_portal.post(
        f"{base}/passo/1/", {"numero_guia_prestador": "C1", "beneficiario_busca": "999", "acao": "proximo"}
    )
    assert r.status_code == 200 and "Beneficiário não encontrado" in r.content.decode()


@pytest.mark.django_db
def test_lote_envio_peg_capa_e_xml(
    cliente_portal, operadora, prestador, beneficiario, medico, preco_consulta, hoje
):
    # given two saved guides
    ids = []
    for numero in ("G1", "G2"):
        guia_id, _ = digitar_sp_sadt(
            cliente_portal,
            numero=numero,
            carteira=beneficiario.carteira,
            medico=medico,
            data=hoje - datetime.timedelta(days=5),
        )
        cliente_portal.post(f"/portal/faturamento/guias/{guia_id}/salvar/")
        ids.append(guia_id)
    # when a new SP/SADT lote gets them, is closed and sent
    r = cliente_portal.post("/portal/faturamento/lotes/novo/", {"tipo_guia": "2"})
    lote_url = r["Location"]
    pagina = cliente_portal.get(lote_url).content.decode()
    assert "Este lote já possui 0 guia(s). Limite máximo permitido por lote é de 100 guias." in pagina
    cliente_portal.post(f"{lote_url}adicionar/", {"guias": ids})
    assert "Este lote já possui 2 guia(s)" in cliente_portal.get(lote_url).content.decode()
    cliente_portal.post(f"{lote_url}fechar/")
    cliente_portal.post(f"{lote_url}enviar/")
    # then the lote is sent with a PEG, and the capa and the ENVIO_LOTE_GUIAS are available
    lote = Lote.objects.get(prestador=prestador)
    assert lote.situacao == Lote.Situacao.ENVIADO and lote.protocolo.situacao == Protocolo.Situacao.RECEBIDO
    assert set(Guia.objects.filter(pk__in=ids).values_list("situacao", flat=True)) == {"enviada"}
    capa = cliente_portal.get(f"{lote_url}capa.pdf")
    assert capa.status_code == 200 and capa.content.startswith(b"%PDF")
    xml = cliente_portal.get(f"{lote_url}envio.xml")
    relatorio = validar(xml.content, selectors.politica_da_operadora(operadora), selectors.registro_schemas())
    assert relatorio.valido, relatorio.erros
    assert relatorio.guias == 2
    recibo = cliente_portal.get(f"/portal/faturamento/protocolos/{lote.protocolo.pk}/recebimento.xml")
    assert validar(
        recibo.content, selectors.politica_da_operadora(operadora).__class__(), selectors.registro_schemas()
    ).valido
    # and cancelling (not yet in analysis) returns the typed guides to 'Digitada'
    cliente_portal.post(f"{lote_url}cancelar/")
    lote.refresh_from_db()
    assert lote.situacao == Lote.Situacao.CANCELADO
    assert Protocolo.objects.get(lote=lote).situacao == Protocolo.Situacao.CANCELADO
    assert set(Guia.objects.filter(pk__in=ids).values_list("situacao", flat=True)) == {"digitada"}


@pytest.mark.django_db
def test_limite_de_guias_por_lote(cliente_portal, operadora, prestador, beneficiario):
    operadora.max_guias_lote = 1
    operadora.save()
    guias = [
        Guia.objects.create(
            operadora=operadora,
            prestador=prestador,
            tipo="1",
            situacao="digitada",
            numero_guia_prestador=f"N{i}",
        )
        for i in range(2)
    ]
    r = cliente_portal.post("/portal/faturamento/lotes/novo/", {"tipo_guia": "1"})
    r = cliente_portal.post(f"{r['Location']}adicionar/", {"guias": [g.pk for g in guias]}, follow=True)
    assert "Limite máximo permitido por lote é de 1 guias" in r.content.decode()
    assert Guia.objects.filter(lote__isnull=False).count() == 0


@pytest.mark.django_db
def test_prestador_nao_alcanca_objetos_de_outro(
    cliente_portal, cliente_portal_outro, operadora, prestador, arquivo_lote
):
    # given a lote, guide and protocol of prestador A
    from operadora.billing import services

    resultado = services.receber_xml(
        operadora=operadora, prestador=prestador, dados=arquivo_lote(quantidade=1)
    )
    protocolo = resultado.protocolo
    lote, guia = protocolo.lote, Guia.objects.get(protocolo=protocolo)
    # when B tries every page and action on them
    urls_get = [
        f"/portal/faturamento/lotes/{lote.pk}/",
        f"/portal/faturamento/lotes/{lote.pk}/capa.pdf",
        f"/portal/faturamento/lotes/{lote.pk}/envio.xml",
        f"/portal/faturamento/protocolos/{protocolo.pk}/",
        f"/portal/faturamento/protocolos/{protocolo.pk}/recebimento.xml",
        f"/portal/faturamento/guias/{guia.pk}/passo/6/",
    ]
    urls_post = [
        f"/portal/faturamento/lotes/{lote.pk}/cancelar/",
        f"/portal/faturamento/guias/{guia.pk}/excluir/",
        f"/portal/faturamento/guias/{guia.pk}/salvar/",
    ]
    # then each is a 404 and nothing changed
    for url in urls_get:
        assert cliente_portal_outro.get(url).status_code == 404, url
    for url in urls_post:
        assert cliente_portal_outro.post(url).status_code == 404, url
    lote.refresh_from_db()
    protocolo.refresh_from_db()
    assert lote.situacao == Lote.Situacao.ENVIADO and protocolo.situacao == Protocolo.Situacao.RECEBIDO
    assert Guia.objects.filter(pk=guia.pk, situacao="enviada").exists()
    assert "Lote 1" not in cliente_portal_outro.get("/portal/faturamento/lotes/").content.decode()
    assert cliente_portal.get(f"/portal/faturamento/lotes/{lote.pk}/").status_code == 200


@pytest.mark.django_db
def test_representante_sem_faturamento_nao_entra(cliente_representante):
    from operadora.accounts.permissoes import PermissaoPortal

    cliente = cliente_representante(PermissaoPortal.AUTORIZACOES)
    assert cliente.get("/portal/faturamento/lotes/").status_code == 403
    assert cliente.post("/portal/faturamento/lotes/novo/", {"tipo_guia": "1"}).status_code == 403
    assert not Lote.objects.exists()


@pytest.mark.django_db
def test_regras_aparecem_enquanto_digita_o_procedimento(
    cliente_portal, cliente_portal_outro, operadora, prestador, preco_consulta, hoje
):
    guia = Guia.objects.create(operadora=operadora, prestador=prestador, tipo="2", numero_guia_prestador="V1")
    url = f"/portal/faturamento/guias/{guia.pk}/validar-item/"
    velha = (hoje - datetime.timedelta(days=120)).isoformat()
    r = cliente_portal.get(
        url,
        {"linha": "0", "itens-0-codigo": "10101012", "itens-0-tabela": "22", "itens-0-data_execucao": velha},
    )
    pagina = r.content.decode()
    assert "[3214]" in pagina and "Valor negociado: R$ 120,00" in pagina
    r = cliente_portal.get(
        url,
        {
            "linha": "0",
            "itens-0-codigo": "99999999",
            "itens-0-tabela": "22",
            "itens-0-data_execucao": hoje.isoformat(),
        },
    )
    assert "[1801]" in r.content.decode()
    assert cliente_portal_outro.get(url, {"linha": "0"}).status_code == 404


@pytest.mark.django_db
def test_codigo_sem_valor_negociado_e_aviso_e_nao_visto(cliente_portal, operadora, prestador, hoje):
    # given a code the provider has no contracted price for
    guia = Guia.objects.create(operadora=operadora, prestador=prestador, tipo="2", numero_guia_prestador="V2")
    pagina = cliente_portal.get(f"/portal/faturamento/guias/{guia.pk}/validar-item/", {
        "linha": "0", "itens-0-codigo": "40304361", "itens-0-tabela": "22",
        "itens-0-data_execucao": hoje.isoformat()}).content.decode()
    # then the live check warns that the unit value must be typed (the guide is not saved without it), no ✓
    assert 'class="alerta alerta-warning">Sem valor negociado para este código: informe o valor unitário.' in pagina
    assert "✓" not in pagina


@pytest.mark.django_db
@pytest.mark.parametrize(("tipo", "passos"), [("2", [1, 2, 3, 4, 5]), ("1", [1, 3, 4, 5])])
def test_titulo_do_passo_conta_as_etapas_do_tipo(cliente_portal, beneficiario, tipo, passos):
    # given a new guide of a type with five steps (SP/SADT) or four (Consulta, which has no solicitante step)
    nova = cliente_portal.get(f"/portal/faturamento/guias/nova/{tipo}/").content.decode()
    assert f"Passo 1 de {len(passos)}</h1>" in nova
    _, base = nova_guia(cliente_portal, tipo, numero_guia_prestador="T1", beneficiario_busca=beneficiario.carteira)
    # then each step's title counts its position among that type's steps
    for posicao, passo in enumerate(passos, start=1):
        pagina = cliente_portal.get(f"{base}/passo/{passo}/").content.decode()
        assert f"Passo {posicao} de {len(passos)}</h1>" in pagina, (tipo, passo)


@pytest.mark.django_db
def test_guias_disponiveis_no_lote_mostram_a_data_da_solicitacao_ou_a_da_digitacao(cliente_portal, operadora,
                                                                                     prestador):
    # given two saved SP/SADT guides, one with the request's date, one without
    com_data = Guia.objects.create(operadora=operadora, prestador=prestador, tipo="2", situacao="digitada",
                                   numero_guia_prestador="D1", data_solicitacao=datetime.date(2026, 9, 14))
    Guia.objects.create(operadora=operadora, prestador=prestador, tipo="2", situacao="digitada",
                        numero_guia_prestador="D2")
    # when an open SP/SADT lote lists the guides it can take
    lote = cliente_portal.post("/portal/faturamento/lotes/novo/", {"tipo_guia": "2"})["Location"]
    pagina = cliente_portal.get(lote).content.decode()
    # then the column 'Data solicit./digitação' shows the request's date, else the typing date
    linha = pagina[pagina.index(f'id="g{com_data.pk}"'):]
    assert linha[:linha.index("</tr>")].count("14/09/2026") == 1
    digitada = Guia.objects.get(numero_guia_prestador="D2").criado_em
    linha = pagina[pagina.index('aria-label="Guia D2"'):]
    assert timezone.localtime(digitada).strftime("%d/%m/%Y") in linha[:linha.index("</tr>")]


@pytest.mark.django_db
def test_incluir_procedimento_e_outra_despesa_nao_acusa_erro_na_linha_nova(cliente_portal, beneficiario, hoje):
    """Given step 3 of an SP/SADT with one procedure typed, when the clerk clicks '+ Incluir procedimento' with
    'incluir uma linha de outra despesa' ticked, then the page shows what was typed plus an empty procedure row and
    an empty outra despesa row with their defaults, and no 'Este campo é obrigatório.' on rows not yet typed
    (seen in a browser: every field of the new rows came back red)."""
    guia_id, base = nova_guia(
        cliente_portal, "2", numero_guia_prestador="I1", beneficiario_busca=beneficiario.carteira
    )
    dados = passo_3_sp_sadt(hoje, codigo="40304361", valor="", acao="incluir_item", com_despesa="1")

    pagina = cliente_portal.post(f"{base}/passo/3/", dados).content.decode()

    assert "Este campo é obrigatório." not in pagina
    assert 'name="itens-0-codigo" id="id_itens-0-codigo" value="40304361"' in pagina
    assert 'name="itens-TOTAL_FORMS" value="2"' in pagina and 'name="despesas-TOTAL_FORMS" value="1"' in pagina
    assert f'name="itens-1-data_execucao" value="{hoje.isoformat()}"' in pagina
    assert 'name="itens-1-reducao_acrescimo" value="1.00"' in pagina
    assert 'name="despesas-0-unidade_medida" value="036"' in pagina
    assert not Guia.objects.get(pk=guia_id).itens.exists()  # including a row saves nothing
