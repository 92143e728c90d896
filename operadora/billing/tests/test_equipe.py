"""A team of several professionals per procedure (grau de participação, conselho, número, UF, CBO), typed in step 3
of the SP/SADT, resumo de internação and honorários wizards and exported in the guide's team elements
(`equipeSadt`, `identEquipe`, `profissionais`)."""

import datetime
from decimal import Decimal

import pytest

from operadora.billing import selectors, services
from operadora.billing.models import Guia, ItemGuia, MembroEquipe
from operadora.billing.tests import test_digitacao_internacao_anexos as _internacao
from operadora.billing.tests.test_digitacao_e_lotes import digitar_sp_sadt
from operadora.core.erros import ErroDeNegocio
from operadora.tiss.validation import validar

pytestmark = pytest.mark.django_db
_digitar, _gestao = _internacao._digitar, _internacao._gestao
cirurgiao = _internacao.cirurgiao  # the fixture


def _passo3(tipo, inicio, fim):
    """Step 3 as typed for each guide type (one procedure, row 1)."""
    dados = {
        **_gestao("itens", 1),
        **_gestao("despesas", 0),
        "itens-0-tabela": "22",
        "itens-0-codigo": "10101012",
        "itens-0-quantidade": "1",
        "itens-0-data_execucao": (inicio + datetime.timedelta(days=1)).isoformat(),
        "itens-0-valor_unitario": "300.00",
        "itens-0-reducao_acrescimo": "1.00",
        "acao": "proximo",
    }
    if tipo == "2":
        dados |= {
            "tipo_atendimento": "23",
            "tipo_consulta": "1",
            "indicacao_acidente": "9",
            "regime_atendimento": "01",
        }
    elif tipo == "3":
        dados |= {
            **_gestao("declaracoes", 0),
            "carater_atendimento": "2",
            "tipo_faturamento": "4",
            "data_inicio_faturamento": inicio.isoformat(),
            "hora_inicio_faturamento": "08:00",
            "data_fim": fim.isoformat(),
            "hora_final_faturamento": "18:00",
            "tipo_internacao": "2",
            "regime_internacao": "1",
            "indicacao_acidente": "9",
            "motivo_encerramento": "12",
        }
    else:
        dados |= {
            "carater_atendimento": "1",
            "data_inicio_faturamento": inicio.isoformat(),
            "data_fim": fim.isoformat(),
            "data_emissao_guia": fim.isoformat(),
        }
    return dados


def _equipe(medico):
    """Row 1's team: the surgeon from the register and an anaesthetist typed freely."""
    return {
        **_gestao("equipe", 2),
        "equipe-0-item": "1",
        "equipe-0-grau_participacao": "00",
        "equipe-0-profissional": medico.pk,
        "equipe-1-item": "1",
        "equipe-1-grau_participacao": "06",
        "equipe-1-livre": "on",
        "equipe-1-nome": "Dra. Ana Anestesia",
        "equipe-1-conselho": "06",
        "equipe-1-numero": "112233",
        "equipe-1-uf": "35",
        "equipe-1-cbo": "225151",
    }


def _guia_digitada(cliente, tipo, beneficiario, medico, inicio, fim):
    if tipo == "2":
        return digitar_sp_sadt(
            cliente, numero="EQ2", carteira=beneficiario.carteira, medico=medico, data=inicio
        )
    return _digitar(
        cliente,
        tipo=tipo,
        numero=f"EQ{tipo}",
        carteira=beneficiario.carteira,
        medico=medico,
        inicio=inicio,
        fim=fim,
    )


@pytest.mark.parametrize("tipo", ["2", "3", "4"])
def test_equipe_de_varios_profissionais_por_procedimento_digitada_e_exportada(
    cliente_portal,
    operadora,
    beneficiario,
    cirurgiao,
    preco_consulta,
    hoje,
    tipo,
):
    inicio, fim = hoje - datetime.timedelta(days=6), hoje - datetime.timedelta(days=2)
    guia_id, base = _guia_digitada(cliente_portal, tipo, beneficiario, cirurgiao, inicio, fim)
    # given step 3 offers the team and a member row can be added
    pagina = cliente_portal.get(f"{base}/passo/3/").content.decode()
    assert "Equipe por procedimento" in pagina
    mais = cliente_portal.post(
        f"{base}/passo/3/", {**_passo3(tipo, inicio, fim), **_gestao("equipe", 0), "acao": "incluir_membro"}
    )
    assert mais.status_code == 200 and 'name="equipe-0-grau_participacao"' in mais.content.decode()
    # when step 3 is posted with a team of two on procedure 1
    r = cliente_portal.post(f"{base}/passo/3/", {**_passo3(tipo, inicio, fim), **_equipe(cirurgiao)})
    assert r.status_code == 302, r.content.decode()[:6000]
    # then both members are saved, the first is the item's executante, and the summary shows them
    item = ItemGuia.objects.get(guia_id=guia_id)
    membros = list(
        MembroEquipe.objects.filter(item=item)
        .order_by("id")
        .values_list("grau_participacao", "nome", "numero_conselho", "uf", "cbo")
    )
    assert membros == [
        ("00", "Dr. Paulo Lima", "654321", "33", "225225"),
        ("06", "Dra. Ana Anestesia", "112233", "35", "225151"),
    ]
    assert (item.grau_participacao, item.executante_numero, item.executante_cbo) == ("00", "654321", "225225")
    resumo = cliente_portal.get(f"{base}/passo/6/").content.decode()
    assert (
        "Equipe do procedimento 1" in resumo
        and "Dra. Ana Anestesia" in resumo
        and "06 - Anestesista" in resumo
    )
    # and re-opening step 3 brings the team back (typed data)
    assert 'value="Dra. Ana Anestesia"' in cliente_portal.get(f"{base}/passo/3/").content.decode()
    # and, saved and exported in a lote, the procedure carries the two professionals (XSD-valid)
    assert cliente_portal.post(f"/portal/faturamento/guias/{guia_id}/salvar/").status_code == 302
    assert Guia.objects.get(pk=guia_id).situacao == Guia.Situacao.DIGITADA, cliente_portal.get(
        f"{base}/passo/6/"
    ).content.decode()[:3000]
    r = cliente_portal.post("/portal/faturamento/lotes/novo/", {"tipo_guia": tipo})
    cliente_portal.post(f"{r['Location']}adicionar/", {"guias": [guia_id]})
    xml = cliente_portal.get(f"{r['Location']}envio.xml")
    relatorio = validar(xml.content, selectors.politica_da_operadora(operadora), selectors.registro_schemas())
    assert relatorio.valido, relatorio.erros
    (exportada,) = relatorio.mensagem.lote.guias
    (procedimento,) = exportada.procedimentos
    equipe = procedimento.profissionais if tipo == "4" else procedimento.equipe
    assert [
        (m.grau_participacao, m.nome_profissional, m.numero_conselho_profissional, m.uf, m.cbos)
        for m in equipe
    ] == [
        ("00", "Dr. Paulo Lima", "654321", "33", "225225"),
        ("06", "Dra. Ana Anestesia", "112233", "35", "225151"),
    ]


def test_membro_de_procedimento_inexistente_ou_sem_profissional_nao_salva(
    cliente_portal,
    beneficiario,
    cirurgiao,
    preco_consulta,
    hoje,
):
    inicio, fim = hoje - datetime.timedelta(days=6), hoje - datetime.timedelta(days=2)
    guia_id, base = _guia_digitada(cliente_portal, "3", beneficiario, cirurgiao, inicio, fim)
    antes = list(MembroEquipe.objects.values_list("pk", flat=True))
    # a member of procedure 2 when the guide has only one
    r = cliente_portal.post(
        f"{base}/passo/3/", {**_passo3("3", inicio, fim), **_equipe(cirurgiao), "equipe-1-item": "2"}
    )
    assert r.status_code == 200 and "A guia não tem o procedimento nº 2." in r.content.decode()
    # a member with a grau but no professional
    sem = {
        **_passo3("3", inicio, fim),
        **_gestao("equipe", 1),
        "equipe-0-item": "1",
        "equipe-0-grau_participacao": "01",
    }
    r = cliente_portal.post(f"{base}/passo/3/", sem)
    assert r.status_code == 200 and "Escolha o profissional do cadastro ou digite" in r.content.decode()
    assert list(MembroEquipe.objects.values_list("pk", flat=True)) == antes


def test_consulta_nao_tem_equipe(cliente_portal, operadora, prestador):
    guia = Guia.objects.create(operadora=operadora, prestador=prestador, tipo="1")
    assert (
        "Equipe por procedimento"
        not in cliente_portal.get(f"/portal/faturamento/guias/{guia.pk}/passo/3/").content.decode()
    )


def test_servico_recusa_equipe_em_guia_sem_equipe(operadora, prestador, hoje):
    guia = Guia.objects.create(operadora=operadora, prestador=prestador, tipo="1")
    membro = services.MembroDigitado("00", "Dr. X", "06", "1", "35", "225125")
    item = services.ItemDigitado(
        tabela="22",
        codigo="10101012",
        descricao="Consulta",
        quantidade=Decimal("1"),
        data_execucao=hoje,
        valor_unitario=Decimal("100"),
        equipe=(membro,),
    )
    with pytest.raises(ErroDeNegocio, match="equipe por procedimento"):
        services.definir_itens(guia_id=guia.pk, itens=[item], usuario=None)
    assert not ItemGuia.objects.filter(guia=guia).exists()
