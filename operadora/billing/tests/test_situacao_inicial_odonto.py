"""The situação inicial (odontograma) typed in step 5 of the Tratamento Odontológico wizard (seed 004): teeth with
their condição clínica (dm_condicaoClinica), doença periodontal, alteração de tecido mole and observação. It goes
inside the GTO of the lote's ENVIO_LOTE_GUIAS (`odontoInicial`) and as its own ENVIO_ANEXO (`anexoSituacaoInicial`),
both valid against the 4.02.00 and 4.03.00 XSDs; another provider's annex is a 404."""

import datetime

import pytest

from operadora.billing import selectors
from operadora.billing.models import AnexoGuia, Guia
from operadora.billing.tests.fabricas import nova_guia
from operadora.tiss import guias as t
from operadora.tiss import requests as pedidos
from operadora.tiss.validation import validar

pytestmark = pytest.mark.django_db

# What the user types, tooth by tooth: 18 typed first as cariado, then again as restaurado (the last one counts).
DENTES_DIGITADOS = [("18", "C"), ("11", "A"), ("36", "E"), ("18", "R"), ("55", "H")]
DENTES_NO_XML = [("11", "A"), ("18", "R"), ("36", "E"), ("55", "H")]


def digitar_odonto(cliente, *, numero, carteira, dentista, data):
    """Steps 1 to 4 of the odontological guide, as a user would; returns the guide's id and base URL."""
    _, base = nova_guia(cliente, "5", numero_guia_prestador=numero, beneficiario_busca=carteira)
    passos = {
        2: {"profissional": dentista.pk},
        3: {
            "itens-TOTAL_FORMS": "1",
            "itens-INITIAL_FORMS": "0",
            "itens-MIN_NUM_FORMS": "1",
            "itens-MAX_NUM_FORMS": "99",
            "itens-0-tabela": "22",
            "itens-0-codigo": "81000065",
            "itens-0-descricao": "Consulta odontológica inicial",
            "itens-0-quantidade": "1",
            "itens-0-data_execucao": data.isoformat(),
            "itens-0-valor_unitario": "100.00",
            "itens-0-reducao_acrescimo": "1.00",
            "itens-0-regiao": "ASAI",
            "tipo_atendimento": "1",
            "tipo_faturamento": "4",
            "indicacao_acidente": "9",
        },
        4: {"profissional": dentista.pk},
    }
    for passo, dados in passos.items():
        r = cliente.post(f"{base}/passo/{passo}/", {**dados, "acao": "proximo"})
        assert r.status_code == 302, r.content.decode()[:4000]
    return int(base.rsplit("/", 1)[1]), base


def incluir_situacao_inicial(cliente, base, dentes=DENTES_DIGITADOS):
    """Step 5, 'Situação inicial + Incluir': one tooth per submission."""
    for dente, condicao in dentes:
        r = cliente.post(
            f"{base}/passo/5/",
            {
                "acao": "anexo_situacao_inicial",
                "situacao_inicial-doenca_periodontal": "true",
                "situacao_inicial-alteracao_tecido_mole": "false",
                "situacao_inicial-observacao": "Gengivite generalizada",
                "situacao_inicial-elemento_dentario": dente,
                "situacao_inicial-condicao_clinica": condicao,
            },
        )
        assert r.status_code == 302, r.content.decode()[:4000]


def _validado(operadora, conteudo, transacao):
    relatorio = validar(conteudo, selectors.politica_da_operadora(operadora), selectors.registro_schemas())
    assert relatorio.valido, relatorio.erros
    assert relatorio.mensagem.transacao == transacao
    return relatorio.mensagem


@pytest.mark.parametrize("versao", ["4.02.00", "4.03.00"])
def test_situacao_inicial_digitada_sai_no_envio_anexo_e_na_gto_valida_no_xsd(
    cliente_portal, cliente_portal_outro, operadora, beneficiario, dentista, hoje, versao
):
    # given an operadora on one TISS version and an odontological guide typed with its situação inicial
    operadora.versoes_tiss_aceitas = [versao]
    operadora.save()
    guia_id, base = digitar_odonto(
        cliente_portal, numero="GTO1", carteira=beneficiario.carteira, dentista=dentista, data=hoje
    )
    incluir_situacao_inicial(cliente_portal, base)
    anexo = AnexoGuia.objects.get(guia_id=guia_id)
    assert anexo.tipo == AnexoGuia.Tipo.SITUACAO_INICIAL
    # when it is exported from the summary's link as ENVIO_ANEXO
    resumo = cliente_portal.get(f"{base}/passo/6/").content.decode()
    url = f"/portal/faturamento/anexos-clinicos/{anexo.pk}/envio.xml"
    assert url in resumo and "Situação inicial (odontologia)" in resumo and "R - Restaurado" in resumo
    resposta = cliente_portal.get(url)
    # then it is a valid ENVIO_ANEXO carrying one anexoSituacaoInicial with the teeth and conditions typed
    assert resposta.status_code == 200 and resposta["Content-Type"] == "application/xml"
    lote_anexos = _validado(operadora, resposta.content, "ENVIO_ANEXO").conteudo
    assert isinstance(lote_anexos, pedidos.LoteAnexos)
    assert lote_anexos.anexo_solicitacao_opme is None and lote_anexos.anexo_solicitacao_radio is None
    (situacao,) = lote_anexos.anexos_situacao_inicial
    assert [(d.elemento_dentario, d.condicao_clinica) for d in situacao.dentes] == DENTES_NO_XML
    assert (situacao.doenca_periodontal, situacao.alteracao_tecido_mole) == ("true", "false")
    assert situacao.observacao == "Gengivite generalizada"
    assert (situacao.registro_ans, situacao.numero_guia_referenciada, situacao.numero_carteira) == (
        operadora.registro_ans,
        "GTO1",
        beneficiario.carteira,
    )
    # and when the guide is saved, put in a lote and the lote exported as ENVIO_LOTE_GUIAS
    assert cliente_portal.post(f"/portal/faturamento/guias/{guia_id}/salvar/").status_code == 302
    assert Guia.objects.get(pk=guia_id).situacao == Guia.Situacao.DIGITADA
    lote_url = cliente_portal.post("/portal/faturamento/lotes/novo/", {"tipo_guia": "5"})["Location"]
    cliente_portal.post(f"{lote_url}adicionar/", {"guias": [guia_id]})
    envio = cliente_portal.get(f"{lote_url}envio.xml")
    # then the GTO carries the same situação inicial in odontoInicial
    assert envio.status_code == 200, envio.content.decode()[:3000]
    (gto,) = _validado(operadora, envio.content, "ENVIO_LOTE_GUIAS").lote.guias
    assert isinstance(gto, t.GuiaOdontologia) and gto.odonto_inicial is not None
    assert [(d.elemento_dentario, d.condicao_clinica) for d in gto.odonto_inicial.dentes] == DENTES_NO_XML
    assert (gto.odonto_inicial.doenca_periodontal, gto.odonto_inicial.alteracao_tecido_mole) == (
        "true",
        "false",
    )
    # and another provider cannot download it
    assert cliente_portal_outro.get(url).status_code == 404
    # and the lote's annexes give the same ENVIO_ANEXO
    anexos = cliente_portal.get(f"{lote_url}anexos/")
    assert anexos["Content-Type"] == "application/xml"
    assert _validado(operadora, anexos.content, "ENVIO_ANEXO").conteudo == lote_anexos


def test_passo_5_valida_a_situacao_inicial_em_portugues_e_a_remove(
    cliente_portal, cliente_portal_outro, beneficiario, dentista, hoje
):
    # given an odontological guide being typed
    guia_id, base = digitar_odonto(
        cliente_portal, numero="GTO2", carteira=beneficiario.carteira, dentista=dentista, data=hoje
    )
    pagina = cliente_portal.get(f"{base}/passo/5/").content.decode()
    assert "Situação inicial (odontograma)" in pagina and "E - Extração indicada" in pagina
    # when a tooth is sent without a condition, a tooth outside dm_dente, and nothing about the periodontium
    sem_condicao = cliente_portal.post(
        f"{base}/passo/5/",
        {"acao": "anexo_situacao_inicial", "situacao_inicial-elemento_dentario": "11"},
    ).content.decode()
    fora_da_tabela = cliente_portal.post(
        f"{base}/passo/5/",
        {
            "acao": "anexo_situacao_inicial",
            "situacao_inicial-doenca_periodontal": "false",
            "situacao_inicial-alteracao_tecido_mole": "false",
            "situacao_inicial-elemento_dentario": "10",
            "situacao_inicial-condicao_clinica": "X",
        },
    ).content.decode()
    # then nothing is stored and the user reads why, in Portuguese
    assert "Escolha a condição clínica do dente." in sem_condicao
    assert "Informe se há doença periodontal." in sem_condicao
    assert "Informe se há alteração de tecido mole." in sem_condicao
    assert "10 não é um dente da tabela TISS." in fora_da_tabela
    assert "X não é uma condição clínica da tabela TISS (A, E, H, C ou R)." in fora_da_tabela
    assert not AnexoGuia.objects.filter(guia_id=guia_id).exists()
    # and a valid one is stored; another provider cannot remove it, its owner can
    incluir_situacao_inicial(cliente_portal, base, dentes=[("21", "H")])
    assert AnexoGuia.objects.get(guia_id=guia_id).dados["dentes"] == [
        {"elemento_dentario": "21", "condicao_clinica": "H"}
    ]
    assert (
        cliente_portal_outro.post(f"{base}/passo/5/", {"acao": "remover_situacao_inicial"}).status_code == 404
    )
    assert AnexoGuia.objects.filter(guia_id=guia_id).exists()
    cliente_portal.post(f"{base}/passo/5/", {"acao": "remover_situacao_inicial"})
    assert not AnexoGuia.objects.filter(guia_id=guia_id).exists()


def test_situacao_inicial_so_na_guia_odontologica(cliente_portal, operadora, prestador, hoje):
    # given an SP/SADT guide being typed
    from operadora.billing import services

    guia = Guia.objects.create(
        operadora=operadora, prestador=prestador, tipo="2", numero_guia_prestador="SP9", data_atendimento=hoje
    )
    # when a situação inicial is posted to its step 5, or set through the service
    cliente_portal.post(
        f"/portal/faturamento/guias/{guia.pk}/passo/5/",
        {
            "acao": "anexo_situacao_inicial",
            "situacao_inicial-doenca_periodontal": "false",
            "situacao_inicial-alteracao_tecido_mole": "false",
            "situacao_inicial-elemento_dentario": "11",
            "situacao_inicial-condicao_clinica": "H",
        },
    )
    with pytest.raises(services.ErroDeNegocio, match="situação inicial, da guia de tratamento odontológico"):
        services.definir_anexo_clinico(
            guia_id=guia.pk,
            tipo="situacao_inicial",
            dados={},
            item={"elemento_dentario": "11", "condicao_clinica": "H"},
            usuario=None,
        )
    # then the SP/SADT guide has no situação inicial
    assert not AnexoGuia.objects.filter(guia=guia).exists()


def test_situacao_inicial_recebida_sem_dentes_ou_campos_diz_o_que_falta(
    cliente_portal, operadora, prestador, hoje
):
    # given a GTO received with a situação inicial whose periodontium was not informed (optional inside the GTO,
    # required in the ENVIO_ANEXO) and one without teeth
    guia = Guia.objects.create(
        operadora=operadora,
        prestador=prestador,
        tipo="5",
        situacao=Guia.Situacao.ENVIADA,
        numero_guia_prestador="GTO9",
        carteira="00000000001",
        data_atendimento=hoje - datetime.timedelta(days=1),
    )
    sem_periodonto = AnexoGuia.objects.create(
        guia=guia,
        tipo="situacao_inicial",
        dados={"dentes": [{"elemento_dentario": "11", "condicao_clinica": "A"}], "doenca_periodontal": ""},
    )
    sem_dentes = AnexoGuia.objects.create(guia=guia, tipo="situacao_inicial", dados={"dentes": []})
    # when they are exported, then the user reads what is missing (no 500)
    falta = cliente_portal.get(
        f"/portal/faturamento/anexos-clinicos/{sem_periodonto.pk}/envio.xml", follow=True
    )
    assert "não tem doença periodontal na situação inicial (odontologia)" in falta.content.decode()
    vazio = cliente_portal.get(f"/portal/faturamento/anexos-clinicos/{sem_dentes.pk}/envio.xml", follow=True)
    assert "A situação inicial da guia GTO9 não tem dentes" in vazio.content.decode()
