"""Typed resumo de internação and honorários with their own fields (exported typed and valid in every accepted
TISS version), SP/SADT clinical annexes, automatic billing's solicitante, and the back office's filters."""

import datetime

import pytest

from operadora.authorizations import selectors as autorizacoes
from operadora.billing import selectors, services
from operadora.billing.models import AnexoGuia, Guia, Lote
from operadora.billing.tests.fabricas import nova_guia
from operadora.billing.tests.test_digitacao_e_lotes import digitar_sp_sadt
from operadora.billing.tests.test_faturamento_automatico import atendimentos  # noqa: F401  (fixture)
from operadora.registry.models import Profissional
from operadora.tiss.validation import validar

GESTAO = {"MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "99", "INITIAL_FORMS": "0"}


@pytest.fixture
def cirurgiao(prestador):
    profissional = Profissional.objects.create(
        nome="Dr. Paulo Lima", conselho="06", numero_conselho="654321", uf_conselho="RJ", cbo="225225"
    )
    profissional.prestadores.add(prestador)
    return profissional


def _gestao(prefixo, total):
    return {f"{prefixo}-TOTAL_FORMS": str(total)} | {f"{prefixo}-{k}": v for k, v in GESTAO.items()}


def _digitar(cliente, *, tipo, numero, carteira, medico, inicio, fim):
    """Steps 1 to 5 of a resumo de internação (3) or honorários (4), as a user types them."""
    _, base = nova_guia(
        cliente,
        tipo,
        numero_guia_prestador=numero,
        beneficiario_busca=carteira,
        numero_guia_principal="INT-778",
        numero_guia_operadora="OP-778",
        senha="SEN778",
        data_autorizacao=inicio.isoformat(),
    )
    r = cliente.post(f"{base}/passo/2/", {"profissional": medico.pk, "acao": "proximo"})
    assert r.status_code == 302, r.content.decode()[:3000]
    passo3 = {
        **_gestao("itens", 1),
        **_gestao("despesas", 0),
        "itens-0-tabela": "22",
        "itens-0-codigo": "10101012",
        "itens-0-quantidade": "1",
        "itens-0-data_execucao": (inicio + datetime.timedelta(days=1)).isoformat(),
        "itens-0-valor_unitario": "300.00",
        "itens-0-reducao_acrescimo": "1.00",
        "itens-0-grau_participacao": "00",
        "carater_atendimento": "2",
        "data_inicio_faturamento": inicio.isoformat(),
        "data_fim": fim.isoformat(),
        "observacao": "Digitada no portal",
        "acao": "proximo",
    }
    if tipo == "3":
        passo3 |= {
            **_gestao("declaracoes", 1),
            "declaracoes-0-declaracao_nascido": "12345678901",
            "tipo_faturamento": "4",
            "hora_inicio_faturamento": "08:30",
            "hora_final_faturamento": "17:45",
            "tipo_internacao": "3",
            "regime_internacao": "1",
            "indicacao_acidente": "9",
            "diagnostico_1": "o80",
            "diagnostico_2": "Z37.0",
            "motivo_encerramento": "12",
        }
    else:
        passo3["data_emissao_guia"] = fim.isoformat()
    r = cliente.post(f"{base}/passo/3/", passo3)
    assert r.status_code == 302, r.content.decode()[:6000]
    passo4 = {"profissional": medico.pk, "acao": "proximo"}
    if tipo == "4":
        passo4 |= {
            "local_codigo_na_operadora": "900123",
            "local_nome": "Hospital Central",
            "local_cnes": "1234567",
        }
    r = cliente.post(f"{base}/passo/4/", passo4)
    assert r.status_code == 302, r.content.decode()[:3000]
    assert cliente.post(f"{base}/passo/5/", {"acao": "proximo"}).status_code == 302
    return int(base.rsplit("/", 1)[1]), base


@pytest.mark.django_db
@pytest.mark.parametrize("versao", ["4.02.00", "4.03.00"])
@pytest.mark.parametrize("tipo", ["3", "4"])
def test_internacao_e_honorarios_digitados_saem_tipados_e_validos(
    cliente_portal, operadora, prestador, beneficiario, cirurgiao, hoje, tipo, versao
):
    # given an operadora accepting one TISS version and a guide typed with its own fields
    operadora.versoes_tiss_aceitas = [versao]
    operadora.save()
    inicio, fim = hoje - datetime.timedelta(days=6), hoje - datetime.timedelta(days=2)
    guia_id, base = _digitar(
        cliente_portal,
        tipo=tipo,
        numero=f"R{tipo}",
        carteira=beneficiario.carteira,
        medico=cirurgiao,
        inicio=inicio,
        fim=fim,
    )
    resumo = cliente_portal.get(f"{base}/passo/6/").content.decode()
    assert "Antes de salvar" not in resumo, resumo[:4000]
    assert cliente_portal.post(f"/portal/faturamento/guias/{guia_id}/salvar/").status_code == 302
    guia = Guia.objects.get(pk=guia_id)
    assert guia.situacao == Guia.Situacao.DIGITADA and guia.versao_tiss == versao
    # when it goes in a lote that is exported as ENVIO_LOTE_GUIAS
    r = cliente_portal.post("/portal/faturamento/lotes/novo/", {"tipo_guia": tipo})
    cliente_portal.post(f"{r['Location']}adicionar/", {"guias": [guia_id]})
    xml = cliente_portal.get(f"{r['Location']}envio.xml")
    # then the engine validates it against the version's XSD and the typed values are there (no defaults)
    relatorio = validar(xml.content, selectors.politica_da_operadora(operadora), selectors.registro_schemas())
    assert relatorio.valido, relatorio.erros
    (exportada,) = relatorio.mensagem.lote.guias
    assert (exportada.data_inicio_faturamento, exportada.numero_guia_prestador) == (inicio, f"R{tipo}")
    if tipo == "3":
        assert (exportada.hora_inicio_faturamento, exportada.hora_final_faturamento) == (
            datetime.time(8, 30),
            datetime.time(17, 45),
        )
        assert (exportada.carater_atendimento, exportada.tipo_internacao, exportada.motivo_encerramento) == (
            "2",
            "3",
            "12",
        )
        assert exportada.diagnosticos == ("O80", "Z370")
        assert exportada.declaracoes[0].declaracao_nascido == "12345678901"
        assert exportada.numero_guia_solicitacao_internacao == "INT-778"
    else:
        assert (
            exportada.local_codigo_na_operadora,
            exportada.local_nome_contratado,
            exportada.local_cnes,
        ) == (
            "900123",
            "Hospital Central",
            "1234567",
        )
        assert (exportada.guia_solic_internacao, exportada.senha, exportada.data_fim_faturamento) == (
            "INT-778",
            "SEN778",
            fim,
        )
        profissional = exportada.procedimentos[0].profissionais[0]
        assert (profissional.grau_participacao, profissional.numero_conselho_profissional) == ("00", "654321")
        assert exportada.carater_atendimento == ("2" if versao == "4.03.00" else None)


@pytest.mark.django_db
def test_internacao_sem_os_campos_exigidos_nao_salva_e_diz_o_que_falta(
    cliente_portal, operadora, prestador, beneficiario, hoje
):
    # given a resumo de internação with an item but none of the internação fields
    guia = Guia.objects.create(
        operadora=operadora,
        prestador=prestador,
        tipo="3",
        numero_guia_prestador="RI1",
        carteira=beneficiario.carteira,
        beneficiario=beneficiario,
        data_atendimento=hoje,
        data_fim=hoje,
    )
    guia.itens.create(
        sequencial=1,
        data_execucao=hoje - datetime.timedelta(days=1),
        codigo="10101012",
        quantidade=1,
        valor_unitario=10,
        valor_total=10,
    )
    # when the summary is shown and Salvar is pressed
    pagina = cliente_portal.get(f"/portal/faturamento/guias/{guia.pk}/passo/6/").content.decode()
    cliente_portal.post(f"/portal/faturamento/guias/{guia.pk}/salvar/")
    # then each missing field is listed with its TUSS 38 code and the guide stays a draft
    for texto in (
        "[1506] Informe o tipo de internação",
        "[5033] Informe o motivo de encerramento",
        "[3225] O procedimento 10101012",
    ):
        assert texto in pagina, texto
    assert Guia.objects.get(pk=guia.pk).situacao == Guia.Situacao.RASCUNHO


@pytest.mark.django_db
def test_passo_3_da_internacao_recusa_periodo_invertido_e_cid_invalido(
    cliente_portal, operadora, prestador, hoje
):
    guia = Guia.objects.create(operadora=operadora, prestador=prestador, tipo="3")
    r = cliente_portal.post(
        f"/portal/faturamento/guias/{guia.pk}/passo/3/",
        {
            **_gestao("itens", 1),
            **_gestao("despesas", 0),
            **_gestao("declaracoes", 0),
            "itens-0-tabela": "22",
            "itens-0-codigo": "10101012",
            "itens-0-quantidade": "1",
            "itens-0-data_execucao": hoje.isoformat(),
            "carater_atendimento": "1",
            "tipo_faturamento": "4",
            "data_inicio_faturamento": hoje.isoformat(),
            "hora_inicio_faturamento": "10:00",
            "data_fim": (hoje - datetime.timedelta(days=2)).isoformat(),
            "hora_final_faturamento": "09:00",
            "tipo_internacao": "1",
            "regime_internacao": "1",
            "indicacao_acidente": "9",
            "motivo_encerramento": "12",
            "diagnostico_1": "12345",
            "acao": "proximo",
        },
    )
    pagina = r.content.decode()
    assert r.status_code == 200
    assert "A data final do faturamento é anterior à de início." in pagina and "CID-10 (1)" in pagina
    assert not guia.itens.exists()


@pytest.mark.django_db
def test_anexos_clinicos_da_sp_sadt_estruturados_e_isolados(
    cliente_portal, cliente_portal_outro, operadora, beneficiario, cirurgiao, preco_consulta, hoje
):
    # given an SP/SADT guide being typed
    guia_id, base = digitar_sp_sadt(
        cliente_portal,
        numero="A1",
        carteira=beneficiario.carteira,
        medico=cirurgiao,
        data=hoje - datetime.timedelta(days=2),
    )
    contato = {"profissional_nome": "Dr. Paulo Lima", "profissional_telefone": "(21) 99999-0000"}
    # when it includes an OPME annex (two materials), a quimioterapia and a radioterapia annex
    for material in ("70000001", "70000002"):
        r = cliente_portal.post(
            f"{base}/passo/5/",
            {
                "acao": "anexo_opme",
                **{f"opme-{k}": v for k, v in contato.items()},
                "opme-justificativa_tecnica": "Fratura exposta",
                "opme-tabela": "19",
                "opme-codigo": material,
                "opme-descricao": "Placa de titânio",
                "opme-opcao_fabricante": "1",
                "opme-quantidade": "1",
                "opme-valor": "1500.00",
                "opme-registro_anvisa": "80123450001",
            },
        )
        assert r.status_code == 302, r.content.decode()[:4000]
    quimio = {
        "cid_principal": "C50.9",
        "estadiamento": "2",
        "finalidade": "3",
        "ecog": "1",
        "peso": "70",
        "altura": "165",
        "superficie_corporal": "1.78",
        "tumor": "2",
        "nodulo": "1",
        "metastase": "2",
        "tipo_quimioterapia": "1",
        "plano_terapeutico": "AC-T",
        "numero_ciclos": "4",
        "ciclo_atual": "1",
        "dias_ciclo_atual": "1",
        "intervalo_ciclos": "21",
        "droga_data_provavel": hoje.isoformat(),
        "droga_codigo": "90000001",
        "droga_descricao": "Doxorrubicina",
        "droga_doses": "60",
        "droga_unidade_medida": "036",
        "droga_via": "19",
        "droga_frequencia": "1",
    }
    cliente_portal.post(
        f"{base}/passo/5/",
        {"acao": "anexo_quimioterapia", **{f"quimioterapia-{k}": v for k, v in (contato | quimio).items()}},
    )
    invalido = cliente_portal.post(
        f"{base}/passo/5/",
        {"acao": "anexo_radioterapia", **{f"radioterapia-{k}": v for k, v in contato.items()}},
    )
    assert invalido.status_code == 200 and "Este campo é obrigatório" in invalido.content.decode()
    radio = {
        "cid_principal": "C50",
        "estadiamento": "2",
        "finalidade": "3",
        "ecog": "1",
        "numero_campos": "2",
        "dose_campo": "2",
        "dose_total": "50",
        "nr_dias": "25",
        "data_prevista_inicio": hoje.isoformat(),
    }
    cliente_portal.post(
        f"{base}/passo/5/",
        {"acao": "anexo_radioterapia", **{f"radioterapia-{k}": v for k, v in (contato | radio).items()}},
    )
    # then the annexes are stored structured and shown in the summary
    anexos = {a.tipo: a.dados for a in AnexoGuia.objects.filter(guia_id=guia_id)}
    assert [i["codigo"] for i in anexos["opme"]["itens"]] == ["70000001", "70000002"]
    assert anexos["opme"]["profissional_telefone"] == "21999990000"
    assert anexos["quimioterapia"]["cid_principal"] == "C509"
    assert anexos["quimioterapia"]["itens"][0]["droga_descricao"] == "Doxorrubicina"
    assert anexos["radioterapia"]["dose_total"] == 50
    resumo = cliente_portal.get(f"{base}/passo/6/").content.decode()
    assert "Anexo de OPME" in resumo and "Doxorrubicina" in resumo and "dose total 50 Gy" in resumo
    # and another provider can neither add nor remove them
    assert cliente_portal_outro.post(f"{base}/passo/5/", {"acao": "remover_opme"}).status_code == 404
    assert AnexoGuia.objects.filter(guia_id=guia_id).count() == 3
    cliente_portal.post(f"{base}/passo/5/", {"acao": "remover_radioterapia"})
    assert set(AnexoGuia.objects.filter(guia_id=guia_id).values_list("tipo", flat=True)) == {
        "opme",
        "quimioterapia",
    }


@pytest.mark.django_db
def test_faturamento_automatico_usa_o_solicitante_da_autorizacao(
    operadora,
    prestador,
    atendimentos,  # noqa: F811  (the fixture imported above)
    cirurgiao,
    hoje,
    django_assert_num_queries,  # noqa: F811
):
    # given the senha was requested by another professional than the one who executed the sessions
    autorizacao = atendimentos[0].autorizacao
    autorizacao.profissional_solicitante = cirurgiao
    autorizacao.save()
    with django_assert_num_queries(1):
        linhas = autorizacoes.atendimentos_confirmados(prestador_id=prestador.pk, operadora_id=operadora.pk)
    assert linhas[0].profissional_solicitante.numero_conselho == "654321"
    # when the period is billed automatically
    faturamento = services.gerar_faturamento_automatico(
        operadora=operadora,
        prestador=prestador,
        usuario=None,
        data_final=hoje - datetime.timedelta(days=1),
        hoje=hoje,
    )
    # then the guide's solicitante is the requesting professional (UF as its TISS code)
    guia = Guia.objects.get(lote__faturamento=faturamento)
    assert (guia.solicitante_nome, guia.solicitante_numero, guia.solicitante_uf, guia.solicitante_cbo) == (
        "Dr. Paulo Lima",
        "654321",
        "33",
        "225225",
    )
    assert guia.executante_numero == ""  # the sessions had no executing professional


@pytest.mark.django_db
def test_retaguarda_filtra_protocolos_por_operadora_lote_e_situacao(
    cliente_retaguarda, operadora, outra_operadora, prestador, arquivo_lote
):
    from operadora.billing.tests.conftest import exemplos
    from operadora.core.testing import criar_prestador

    # given protocols of two operadoras
    daqui = services.receber_xml(
        operadora=operadora, prestador=prestador, dados=arquivo_lote(numero_lote="71")
    )
    prestador_de_la = criar_prestador(
        outra_operadora, cnpj="11222333000181", nome="Clínica MG", codigo="200001"
    )
    lote_la = exemplos.lote(
        tipo="1",
        quantidade=1,
        itens=1,
        numero_lote="72",
        registro_ans=outra_operadora.registro_ans,
        codigo_prestador="200001",
        data=datetime.date.today() - datetime.timedelta(days=3),
    )
    de_la = services.receber_xml(
        operadora=outra_operadora,
        prestador=prestador_de_la,
        dados=exemplos.arquivo(lote_la, registro_ans=outra_operadora.registro_ans, codigo_prestador="200001"),
    )
    assert daqui.aceito and de_la.aceito, de_la.erros
    pegs = (daqui.protocolo.numero, de_la.protocolo.numero)

    def listados(**filtros):
        pagina = cliente_retaguarda.get("/operadora/protocolos/", filtros).content.decode()
        return {
            p.pk for p in (daqui.protocolo, de_la.protocolo) if f"/operadora/protocolos/{p.pk}/" in pagina
        }

    # then all operadoras by default, one when chosen, and the lote/situação/period filters narrow it
    assert listados() == {daqui.protocolo.pk, de_la.protocolo.pk}, pegs
    assert listados(operadora=outra_operadora.pk) == {de_la.protocolo.pk}
    assert listados(lote="71") == {daqui.protocolo.pk}
    assert listados(situacao="em_analise") == set()
    assert listados(tipo="1", inicio=datetime.date.today().isoformat()) == {
        daqui.protocolo.pk,
        de_la.protocolo.pk,
    }
    assert cliente_retaguarda.get("/operadora/protocolos/", {"operadora": "999999"}).status_code == 200
    assert Lote.objects.count() == 2
