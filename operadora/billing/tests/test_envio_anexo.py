"""The OPME, quimioterapia and radioterapia annexes typed in an SP/SADT guide are exported as ENVIO_ANEXO messages
(`loteAnexos`, one annex per message as the XSD demands), valid against the version's XSD, from the guide page,
the 'Documentos anexos' page and the lote; another provider's annex or lote is a 404."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest

from operadora.billing import selectors
from operadora.billing.models import AnexoGuia, Guia
from operadora.billing.tests import test_digitacao_internacao_anexos as _internacao
from operadora.billing.tests.test_digitacao_e_lotes import digitar_sp_sadt
from operadora.tiss import requests as pedidos
from operadora.tiss.validation import validar

pytestmark = pytest.mark.django_db
cirurgiao = _internacao.cirurgiao  # the fixture

CONTATO = {
    "profissional_nome": "Dr. Paulo Lima",
    "profissional_telefone": "(21) 99999-0000",
    "profissional_email": "paulo@exemplo.com.br",
}


def _anexos(hoje):
    """What the user types in step 5 for each annex type (the OPME and the drug are appended one by one)."""
    return {
        "opme": [
            {
                **CONTATO,
                "justificativa_tecnica": "Fratura exposta de rádio",
                "especificacao_material": "Placa bloqueada",
                "tabela": "19",
                "codigo": codigo,
                "descricao": "Placa de titânio",
                "opcao_fabricante": "1",
                "quantidade": "2",
                "valor": "1500.00",
                "registro_anvisa": "80123450001",
            }
            for codigo in ("70000001", "70000002")
        ],
        "quimioterapia": [
            {
                **CONTATO,
                "cid_principal": "C50.9",
                "data_diagnostico": (hoje - datetime.timedelta(days=40)).isoformat(),
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
                "droga_via": "05",
                "droga_frequencia": "1",
            }
        ],
        "radioterapia": [
            {
                **CONTATO,
                "cid_principal": "C50",
                "estadiamento": "2",
                "finalidade": "3",
                "ecog": "1",
                "diagnostico_imagem": "2",
                "numero_campos": "2",
                "dose_campo": "2",
                "dose_total": "50",
                "nr_dias": "25",
                "data_prevista_inicio": hoje.isoformat(),
            }
        ],
    }


def _guia_com_anexos(cliente, beneficiario, medico, hoje, tipos, numero="AX1"):
    guia_id, base = digitar_sp_sadt(
        cliente,
        numero=numero,
        carteira=beneficiario.carteira,
        medico=medico,
        data=hoje - datetime.timedelta(days=2),
    )
    for tipo in tipos:
        for campos in _anexos(hoje)[tipo]:
            r = cliente.post(
                f"{base}/passo/5/", {"acao": f"anexo_{tipo}", **{f"{tipo}-{k}": v for k, v in campos.items()}}
            )
            assert r.status_code == 302, r.content.decode()[:4000]
    return Guia.objects.get(pk=guia_id), base


def _validado(operadora, conteudo):
    relatorio = validar(conteudo, selectors.politica_da_operadora(operadora), selectors.registro_schemas())
    assert relatorio.valido, relatorio.erros
    assert relatorio.mensagem.transacao == "ENVIO_ANEXO"
    lote = relatorio.mensagem.conteudo
    assert isinstance(lote, pedidos.LoteAnexos)
    return lote


@pytest.mark.parametrize("versao", ["4.02.00", "4.03.00"])
@pytest.mark.parametrize("tipo", ["opme", "quimioterapia", "radioterapia"])
def test_cada_anexo_sai_num_envio_anexo_valido_no_xsd(
    cliente_portal,
    operadora,
    beneficiario,
    cirurgiao,
    preco_consulta,
    hoje,
    tipo,
    versao,
):
    # given an operadora on one TISS version and an SP/SADT guide typed with one annex
    operadora.versoes_tiss_aceitas = [versao]
    operadora.save()
    guia, base = _guia_com_anexos(cliente_portal, beneficiario, cirurgiao, hoje, [tipo])
    anexo = AnexoGuia.objects.get(guia=guia)
    # when the annex is exported from the guide page's link
    pagina = cliente_portal.get(f"{base}/passo/6/").content.decode()
    url = f"/portal/faturamento/anexos-clinicos/{anexo.pk}/envio.xml"
    assert url in pagina
    resposta = cliente_portal.get(url)
    # then it is an ENVIO_ANEXO the engine validates against the version's XSD, with the typed values
    assert resposta.status_code == 200 and resposta["Content-Type"] == "application/xml"
    lote = _validado(operadora, resposta.content)
    assert lote.numero_lote == str(anexo.pk)
    enviado = {
        "opme": lote.anexo_solicitacao_opme,
        "quimioterapia": lote.anexo_solicitacao_quimio,
        "radioterapia": lote.anexo_solicitacao_radio,
    }[tipo]
    outros = [lote.anexo_solicitacao_opme, lote.anexo_solicitacao_quimio, lote.anexo_solicitacao_radio]
    assert sum(a is not None for a in outros) == 1 and not lote.anexos_situacao_inicial
    cabecalho = enviado.cabecalho
    assert (cabecalho.registro_ans, cabecalho.numero_guia_referenciada, cabecalho.senha) == (
        operadora.registro_ans,
        "AX1",
        "S123",
    )
    assert cabecalho.data_solicitacao == guia.data_atendimento
    assert enviado.beneficiario.numero_carteira == beneficiario.carteira
    if tipo == "opme":
        assert enviado.profissional_solicitante.telefone_profissional == "21999990000"
        assert [(o.codigo_procedimento, o.quantidade_solicitada) for o in enviado.opmes] == [
            ("70000001", 2),
            ("70000002", 2),
        ]
        assert enviado.opmes[0].valor_solicitado == Decimal("1500.00")
        assert enviado.justificativa_tecnica == "Fratura exposta de rádio"
    else:
        # age and sex from the register (born 17/05/1980, female = TISS 3)
        nascimento = beneficiario.data_nascimento
        em = guia.data_atendimento
        idade = em.year - nascimento.year - ((em.month, em.day) < (nascimento.month, nascimento.day))
        assert (enviado.idade, enviado.sexo) == (idade, "3")
        assert enviado.medico_solicitante.nome_profissional == "Dr. Paulo Lima"
    if tipo == "quimioterapia":
        assert enviado.diagnostico.diagnosticos == ("C509",)
        assert (enviado.peso, enviado.superficie_corporal) == (Decimal("70.00"), Decimal("1.78"))
        (droga,) = enviado.drogas
        assert (droga.codigo_procedimento, droga.qt_doses, droga.via_administracao) == (
            "90000001",
            Decimal("60.00"),
            "05",
        )
        assert (enviado.numero_ciclos, enviado.intervalo_ciclos) == (4, 21)
    if tipo == "radioterapia":
        assert (enviado.dose_total, enviado.nr_dias, enviado.dt_prevista_inicio) == (50, 25, hoje)
        assert enviado.diagnostico_imagem == "2"


def test_anexos_do_lote_um_envio_anexo_por_anexo(
    cliente_portal,
    operadora,
    beneficiario,
    cirurgiao,
    preco_consulta,
    hoje,
):
    # given a lote with an SP/SADT guide carrying the three annexes and one with only an OPME annex
    tres, base = _guia_com_anexos(
        cliente_portal, beneficiario, cirurgiao, hoje, ["opme", "quimioterapia", "radioterapia"]
    )
    um, _ = _guia_com_anexos(cliente_portal, beneficiario, cirurgiao, hoje, ["opme"], numero="AX2")
    for guia in (tres, um):
        assert cliente_portal.post(f"/portal/faturamento/guias/{guia.pk}/salvar/").status_code == 302
    r = cliente_portal.post("/portal/faturamento/lotes/novo/", {"tipo_guia": "2"})
    lote_url = r["Location"]
    cliente_portal.post(f"{lote_url}adicionar/", {"guias": [tres.pk]})
    # when the lote page offers the annexes and they are downloaded
    assert f"{lote_url}anexos/" in cliente_portal.get(lote_url).content.decode()
    resposta = cliente_portal.get(f"{lote_url}anexos/")
    # then a ZIP with one valid ENVIO_ANEXO per annex (the XSD takes one OPME/quimio/radio annex per message)
    assert resposta.status_code == 200 and resposta["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(resposta.content)) as arquivo:
        mensagens = [_validado(operadora, arquivo.read(nome)) for nome in arquivo.namelist()]
    assert sorted(
        ("opme" if m.anexo_solicitacao_opme else "quimio" if m.anexo_solicitacao_quimio else "radio")
        for m in mensagens
    ) == ["opme", "quimio", "radio"]
    # and a lote with a single annex gives the message itself
    cliente_portal.post(f"{lote_url}remover/", {"guia": tres.pk})
    cliente_portal.post(f"{lote_url}adicionar/", {"guias": [um.pk]})
    unico = cliente_portal.get(f"{lote_url}anexos/")
    assert unico["Content-Type"] == "application/xml"
    assert (
        _validado(operadora, unico.content).anexo_solicitacao_opme.opmes[0].codigo_procedimento == "70000001"
    )


def test_lote_sem_anexos_avisa_e_pagina_de_documentos_lista_os_anexos(
    cliente_portal,
    operadora,
    beneficiario,
    cirurgiao,
    preco_consulta,
    hoje,
):
    guia, _ = _guia_com_anexos(cliente_portal, beneficiario, cirurgiao, hoje, ["radioterapia"])
    anexo = AnexoGuia.objects.get(guia=guia)
    documentos = cliente_portal.get("/portal/faturamento/documentos/").content.decode()
    assert f"/portal/faturamento/anexos-clinicos/{anexo.pk}/envio.xml" in documentos
    assert "Anexo de radioterapia" in documentos
    r = cliente_portal.post("/portal/faturamento/lotes/novo/", {"tipo_guia": "2"})
    sem = cliente_portal.get(f"{r['Location']}anexos/", follow=True)
    assert (
        "não têm anexos clínicos (OPME, quimioterapia, radioterapia ou situação inicial)"
        in sem.content.decode()
    )


def test_anexo_incompleto_diz_o_que_falta_sem_erro_500(cliente_portal, operadora, prestador, hoje):
    # given an OPME annex without materials and a quimio annex of a guide whose carteira is not in the register
    guia = Guia.objects.create(
        operadora=operadora,
        prestador=prestador,
        tipo="2",
        numero_guia_prestador="INC1",
        carteira="99999999999",
        data_atendimento=hoje,
    )
    opme = AnexoGuia.objects.create(
        guia=guia, tipo="opme", dados={**CONTATO, "justificativa_tecnica": "x", "itens": []}
    )
    quimio = AnexoGuia.objects.create(guia=guia, tipo="quimioterapia", dados=dict(CONTATO))
    # when they are exported; then the guide page says why, no 500
    r = cliente_portal.get(f"/portal/faturamento/anexos-clinicos/{opme.pk}/envio.xml", follow=True)
    assert "não tem materiais: inclua ao menos um antes de exportar" in r.content.decode()
    r = cliente_portal.get(f"/portal/faturamento/anexos-clinicos/{quimio.pk}/envio.xml", follow=True)
    assert "não tem o beneficiário do cadastro" in r.content.decode()


def test_anexo_e_lote_de_outro_prestador_dao_404(
    cliente_portal,
    cliente_portal_outro,
    beneficiario,
    cirurgiao,
    preco_consulta,
    hoje,
):
    guia, _ = _guia_com_anexos(cliente_portal, beneficiario, cirurgiao, hoje, ["opme"])
    anexo = AnexoGuia.objects.get(guia=guia)
    assert (
        cliente_portal_outro.get(f"/portal/faturamento/anexos-clinicos/{anexo.pk}/envio.xml").status_code
        == 404
    )
    assert (
        f"/anexos-clinicos/{anexo.pk}/"
        not in cliente_portal_outro.get("/portal/faturamento/documentos/").content.decode()
    )
    assert cliente_portal.get(f"/portal/faturamento/anexos-clinicos/{anexo.pk}/envio.xml").status_code == 200
