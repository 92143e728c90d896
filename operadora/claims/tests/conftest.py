"""Claims fixtures: received protocols built with billing's models (the state billing's receipt leaves: a lote
'enviado', its protocol 'recebido', guides 'enviada' with their items), authorizations and rule versions."""

import datetime
import functools
import json
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest
from django.utils import timezone

from operadora.authorizations.models import Autorizacao, ItemAutorizacao, RegraAutorizacao
from operadora.billing.models import Guia, HistoricoProtocolo, ItemGuia, Lote, OutraDespesa, Protocolo
from operadora.registry.models import CoberturaPlano, GrupoProcedimento, Operadora, Prestador

HOJE = datetime.date(2025, 6, 2)
CONSULTA = "10101012"
HEMOGRAMA = "40304361"


def item(codigo: str = CONSULTA, *, quantidade: str = "1", unitario: str = "100.00", data: datetime.date = HOJE,
         **extras: Any) -> dict[str, Any]:
    return {"codigo": codigo, "quantidade": Decimal(quantidade), "valor_unitario": Decimal(unitario),
            "data_execucao": data, **extras}


def criar_protocolo(operadora: Operadora, prestador: Prestador, guias: list[dict[str, Any]], *,
                    recebido_em: datetime.date = HOJE, numero: str | None = None,
                    tipo_guia: str = "1") -> Protocolo:
    """guias: [{"carteira": ..., "senha": ..., "itens": [item(...), ...], ...guide fields}]"""
    sequencia = Protocolo.objects.count() + Lote.objects.count() + 1
    numero = numero or str(1000 + sequencia)
    total = sum((i["quantidade"] * i["valor_unitario"] for g in guias for i in [*g["itens"], *g.get("despesas", [])]),
                Decimal("0.00"))
    momento = timezone.make_aware(datetime.datetime.combine(recebido_em, datetime.time(10, 0)))
    lote = Lote.objects.create(operadora=operadora, prestador=prestador, numero=numero, tipo_guia=tipo_guia,
                               situacao=Lote.Situacao.ENVIADO, quantidade_guias=len(guias), valor_informado=total,
                               enviado_em=momento)
    protocolo = Protocolo.objects.create(
        operadora=operadora, prestador=prestador, lote=lote, numero=numero, recebido_em=momento, origem="portal",
        tipo_guia=tipo_guia, quantidade_guias=len(guias), valor_informado=total,
        quantidade_itens=sum(len(g["itens"]) for g in guias), competencia=recebido_em.replace(day=1))
    HistoricoProtocolo.objects.create(protocolo=protocolo, situacao=Protocolo.Situacao.RECEBIDO, quando=momento)
    for n, dados in enumerate(guias, start=1):
        dados = dict(dados)
        itens = dados.pop("itens")
        despesas = dados.pop("despesas", [])
        guia_total = sum((i["quantidade"] * i["valor_unitario"] for i in [*itens, *despesas]), Decimal("0.00"))
        padrao = {"executante_conselho": "06", "executante_numero": "123456", "executante_uf": "35",
                  "executante_cbo": "225125", "carater_atendimento": "1"}
        guia = Guia.objects.create(
            operadora=operadora, prestador=prestador, tipo=tipo_guia, situacao=Guia.Situacao.ENVIADA, lote=lote,
            protocolo=protocolo, numero_guia_prestador=dados.pop("numero", f"{numero}{n:03d}"),
            data_atendimento=itens[0]["data_execucao"], valor_total=guia_total, valor_procedimentos=guia_total,
            **(padrao | dados))
        ItemGuia.objects.bulk_create([
            ItemGuia(guia=guia, sequencial=s, descricao=i.get("descricao", "Procedimento"),
                     valor_total=i["quantidade"] * i["valor_unitario"],
                     **{k: v for k, v in i.items() if k != "descricao"})
            for s, i in enumerate(itens, start=1)
        ])
        OutraDespesa.objects.bulk_create([
            OutraDespesa(guia=guia, sequencial=s, codigo_despesa=d.pop("codigo_despesa", "03"), unidade_medida="036",
                         descricao=d.pop("descricao", "Material"), tabela=d.pop("tabela", "19"),
                         valor_total=d["quantidade"] * d["valor_unitario"], **d)
            for s, d in enumerate((dict(x) for x in despesas), start=1)
        ])
    return protocolo


CODIGOS_USADOS = {"10101012", "10103015", "20104227", "30602378", "31201121", "31309054", "40302040", "40304361", "81000065"}


@functools.cache
def _registros_reais() -> list[dict[str, Any]]:
    dados = json.loads(resources.files("tiss.tuss").joinpath("_data/tuss.json").read_text(encoding="utf-8"))
    return [r for r in dados["records"] if r["tabela"] == "22" and r["codigo"] in CODIGOS_USADOS]


@pytest.fixture
def termos_tuss(db):
    """The TUSS 22 terms the tests bill: the real rows of the table the tiss package ships."""
    from operadora.registry.services import carregar_tabelas_tuss

    carregar_tabelas_tuss(registros=_registros_reais())


@pytest.fixture
def grupo_exames(operadora, plano):
    grupo = GrupoProcedimento.objects.create(operadora=operadora, codigo="exames", nome="Exames",
                                             segmentacao="ambulatorial", prefixos_tuss=["403"])
    return CoberturaPlano.objects.create(plano=plano, grupo=grupo, carencia_dias=30)


@pytest.fixture
def protocolo_factory(operadora, prestador, beneficiario, termos_tuss, grupo_exames):
    def fabricar(guias: list[dict[str, Any]], **kwargs: Any) -> Protocolo:
        return criar_protocolo(operadora, prestador, guias, **kwargs)
    return fabricar


def criar_autorizacao(*, operadora: Operadora, prestador: Prestador, beneficiario, senha: str, codigo: str = HEMOGRAMA,
                      quantidade: int = 1, situacao: str = Autorizacao.Situacao.AUTORIZADA,
                      data_autorizacao: datetime.date = datetime.date(2025, 5, 20),
                      validade: datetime.date = datetime.date(2025, 8, 18)) -> Autorizacao:
    autorizacao = Autorizacao.objects.create(
        operadora=operadora, prestador=prestador, beneficiario=beneficiario, tipo=Autorizacao.Tipo.SP_SADT,
        numero_guia_prestador=f"S{senha}", numero_guia_operadora=f"O{senha}", senha=senha,
        data_autorizacao=data_autorizacao, data_validade_senha=validade, situacao=situacao,
        prazo_resposta=timezone.now())
    ItemAutorizacao.objects.create(autorizacao=autorizacao, sequencial=1, codigo=codigo, descricao="Hemograma",
                                   quantidade_solicitada=quantidade, quantidade_autorizada=quantidade,
                                   exigencia=RegraAutorizacao.Exigencia.AUTOMATICA)
    return autorizacao


@pytest.fixture
def exige_senha_hemograma(operadora):
    return RegraAutorizacao.objects.create(operadora=operadora, codigo_tuss=HEMOGRAMA,
                                           exigencia=RegraAutorizacao.Exigencia.AUTOMATICA)
