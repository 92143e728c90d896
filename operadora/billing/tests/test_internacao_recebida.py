"""Resumo de internação and honorários received by XML keep their own fields in the typed columns (not in
`extras`), show them in the guide page like a typed guide, and give them back when the lote is exported."""

import datetime
import importlib

import pytest
from django.apps import apps

from operadora.billing import selectors, services
from operadora.billing.models import Guia
from operadora.tiss.validation import validar

pytestmark = pytest.mark.django_db


def _receber(arquivo_lote, operadora, prestador, tipo):
    resultado = services.receber_xml(
        operadora=operadora,
        prestador=prestador,
        dados=arquivo_lote(tipo=tipo, numero_lote=f"9{tipo}", itens=1, dias_atras=10),
    )
    assert resultado.aceito, resultado.erros
    return resultado.protocolo, Guia.objects.get(protocolo=resultado.protocolo)


def _exportada(cliente_portal, operadora, lote):
    xml = cliente_portal.get(f"/portal/faturamento/lotes/{lote.pk}/envio.xml")
    assert xml.status_code == 200, xml.content[:500]
    relatorio = validar(xml.content, selectors.politica_da_operadora(operadora), selectors.registro_schemas())
    assert relatorio.valido, relatorio.erros
    (guia,) = relatorio.mensagem.lote.guias
    return guia


def test_resumo_de_internacao_recebido_guarda_nas_colunas_e_volta_na_exportacao(
    cliente_portal, operadora, prestador, arquivo_lote, hoje
):
    # given a resumo de internação received by XML (the engine's sample: 07:00–12:00, CID K359, a DN)
    protocolo, guia = _receber(arquivo_lote, operadora, prestador, "3")
    # then its internação fields are in the typed columns, none left in extras
    assert (guia.hora_inicio_faturamento, guia.hora_final_faturamento) == (
        datetime.time(7, 0),
        datetime.time(12, 0),
    )
    assert guia.diagnosticos == ["K359"]
    assert guia.declaracoes == [{"declaracao_nascido": "12345678901"}]
    assert not {"hora_inicio_faturamento", "hora_final_faturamento", "diagnosticos", "declaracoes"} & set(
        guia.extras
    )
    # and the guide page shows them as it does for a typed guide
    pagina = cliente_portal.get(f"/portal/faturamento/guias/{guia.pk}/passo/6/").content.decode()
    assert (
        "07:00" in pagina and "12:00" in pagina and "K359" in pagina and "nascido vivo 12345678901" in pagina
    )
    # and exporting the lote gives the same values back (round trip)
    exportada = _exportada(cliente_portal, operadora, protocolo.lote)
    assert (exportada.hora_inicio_faturamento, exportada.hora_final_faturamento) == (
        datetime.time(7, 0),
        datetime.time(12, 0),
    )
    assert exportada.diagnosticos == ("K359",)
    assert exportada.declaracoes[0].declaracao_nascido == "12345678901"


def test_honorarios_recebidos_guardam_o_local_contratado_nas_colunas(
    cliente_portal, operadora, prestador, arquivo_lote, hoje
):
    # given honorários received by XML (the engine's sample: local 000789 Hospital Exemplo, emitted the day after)
    protocolo, guia = _receber(arquivo_lote, operadora, prestador, "4")
    # then the local contratado and the emission date are in their columns
    assert (guia.local_codigo_na_operadora, guia.local_nome, guia.local_cnpj) == (
        "000789",
        "Hospital Exemplo",
        "",
    )
    assert len(guia.local_cnes) == 7
    assert guia.data_emissao_guia == hoje - datetime.timedelta(days=9)
    assert not {"local_nome_contratado", "local_cnes", "data_emissao_guia"} & set(guia.extras)
    # shown in the guide page, and given back by the export
    pagina = cliente_portal.get(f"/portal/faturamento/guias/{guia.pk}/passo/6/").content.decode()
    assert "Local contratado: Hospital Exemplo" in pagina and "000789" in pagina
    exportada = _exportada(cliente_portal, operadora, protocolo.lote)
    assert (exportada.local_codigo_na_operadora, exportada.local_nome_contratado, exportada.local_cnes) == (
        "000789",
        "Hospital Exemplo",
        guia.local_cnes,
    )
    assert exportada.data_emissao_guia == guia.data_emissao_guia


def test_migracao_0005_move_o_que_ficou_em_extras_para_as_colunas(operadora, prestador, hoje):
    # given a resumo received before this change (its fields in extras) and a typed one (columns only)
    antiga = Guia.objects.create(
        operadora=operadora,
        prestador=prestador,
        tipo="3",
        numero_guia_prestador="ANTIGA",
        extras={
            "hora_inicio_faturamento": "07:30:00",
            "hora_final_faturamento": "18:00:00",
            "diagnosticos": ["K359"],
            "declaracoes": [],
            "outro": "fica",
        },
    )
    digitada = Guia.objects.create(
        operadora=operadora,
        prestador=prestador,
        tipo="3",
        numero_guia_prestador="DIGITADA",
        hora_inicio_faturamento=datetime.time(9, 0),
    )
    # when the data migration runs
    migracao = importlib.import_module("operadora.billing.migrations.0005_extras_de_internacao_nas_colunas")
    migracao.mover_extras_para_colunas(apps, None)
    # then the values are in the columns and only unrelated keys stay in extras
    antiga.refresh_from_db()
    digitada.refresh_from_db()
    assert (antiga.hora_inicio_faturamento, antiga.hora_final_faturamento, antiga.diagnosticos) == (
        datetime.time(7, 30),
        datetime.time(18, 0),
        ["K359"],
    )
    assert antiga.extras == {"outro": "fica"}
    assert digitada.hora_inicio_faturamento == datetime.time(9, 0)
