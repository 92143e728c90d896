"""Claims analysis throughput on one core: items analysed per second by `claims.services.analisar_protocolo`
(set-based: a fixed number of queries per protocol), against a baseline measured in the same run — the per-item
way one would write it without the set-based load (the authorization flow's per-member eligibility check and one
contracted-price lookup per item). Target ≥ 5,000 items/s. Everything runs inside a transaction that is rolled
back, so the bench database keeps nothing."""

import datetime
import json
import statistics
import time
from decimal import Decimal
from importlib import resources

import django

GUIAS_POR_PROTOCOLO = 100
ITENS_POR_GUIA = 10
PROTOCOLOS = 5
AMOSTRA_BASELINE = 300
CODIGOS = ["10101012", "40304361", "40302040", "40301630", "40316491", "40302318", "40304370", "40801020"]


class _Desfazer(Exception):
    pass


def _cnpj(base: str) -> str:
    from stdnum.br import cnpj

    return base + cnpj.calc_check_digits(base)


def _unitario(guia: int, item: int) -> Decimal:
    """One item in ten billed above the contracted R$ 80,00 (a realistic share of price glosas)."""
    return Decimal("90.00") if (guia + item) % 10 == 0 else Decimal("80.00")


def _dados(quantidade_beneficiarios: int):
    from django.utils import timezone

    from operadora.billing.models import Guia, HistoricoProtocolo, ItemGuia, Lote, Protocolo
    from operadora.registry.models import (
        Beneficiario,
        CoberturaPlano,
        Contrato,
        Credenciamento,
        GrupoProcedimento,
        Operadora,
        Plano,
        PrecoContratado,
        Prestador,
    )
    from operadora.registry.services import carregar_tabelas_tuss

    registros = json.loads(resources.files("tiss.tuss").joinpath("_data/tuss.json").read_text(encoding="utf-8"))
    carregar_tabelas_tuss(registros=[r for r in registros["records"] if r["tabela"] == "22" and r["codigo"] in CODIGOS])
    # Documents no demo uses (the bench database may hold the registry demo of the other benches).
    operadora = Operadora.objects.create(registro_ans="399990", cnpj=_cnpj("998887770001"), razao_social="Bench S.A.",
                                         nome_fantasia="Bench", uf="SP")
    prestador = Prestador.objects.create(tipo_pessoa="J", cpf_cnpj=_cnpj("998887760001"), nome="Clínica Bench",
                                         tipo=Prestador.Tipo.CLINICA, cnes="2077485")
    Credenciamento.objects.create(operadora=operadora, prestador=prestador, codigo_na_operadora="900001",
                                  tipo_rede="credenciada", data_inicio=datetime.date(2024, 1, 1))
    plano = Plano.objects.create(operadora=operadora, registro_ans_produto="399990001", nome="Bench",
                                 segmentacoes=["ambulatorial", "hospitalar"], abrangencia="estadual",
                                 contratacao="empresarial")
    for codigo, prefixos in (("consultas", ["101"]), ("exames", ["403", "408"])):
        grupo = GrupoProcedimento.objects.create(operadora=operadora, codigo=codigo, nome=codigo,
                                                 segmentacao="ambulatorial", prefixos_tuss=prefixos)
        CoberturaPlano.objects.create(plano=plano, grupo=grupo, carencia_dias=30, limite_anual=50)
    for codigo in CODIGOS:
        PrecoContratado.objects.create(operadora=operadora, prestador=prestador, codigo=codigo,
                                       valor=Decimal("80.00"), vigencia_inicio=datetime.date(2024, 1, 1))
    contrato = Contrato.objects.create(operadora=operadora, numero="B1", tipo="PJ", dia_vencimento=10,
                                       data_inicio=datetime.date(2024, 1, 1))
    agora = timezone.now()
    Beneficiario.objects.bulk_create([Beneficiario(
        operadora=operadora, carteira=f"3999{n:07d}", nome=f"Beneficiário {n}", data_nascimento=datetime.date(1980, 1, 1),
        sexo="F" if n % 2 else "M", parentesco="titular", contrato=contrato, plano=plano,
        data_inclusao=datetime.date(2024, 1, 2), cadastro_atualizado_em=agora,
        situacao="cancelado" if n % 97 == 0 else "ativo",
        data_cancelamento=datetime.date(2025, 1, 1) if n % 97 == 0 else None) for n in range(quantidade_beneficiarios)])
    protocolos = []
    for p in range(PROTOCOLOS):
        lote = Lote.objects.create(operadora=operadora, prestador=prestador, numero=f"B{p}", tipo_guia="2",
                                   situacao="enviado", quantidade_guias=GUIAS_POR_PROTOCOLO)
        protocolo = Protocolo.objects.create(operadora=operadora, prestador=prestador, lote=lote, numero=f"B{p}",
                                             recebido_em=agora, origem="xml", tipo_guia="2",
                                             quantidade_guias=GUIAS_POR_PROTOCOLO,
                                             valor_informado=Decimal(GUIAS_POR_PROTOCOLO * ITENS_POR_GUIA * 90))
        HistoricoProtocolo.objects.create(protocolo=protocolo, situacao="recebido", quando=agora)
        guias = Guia.objects.bulk_create([Guia(
            operadora=operadora, prestador=prestador, tipo="2", situacao="enviada", lote=lote, protocolo=protocolo,
            numero_guia_prestador=f"B{p}-{g}", carteira=f"3999{(p * GUIAS_POR_PROTOCOLO + g) % quantidade_beneficiarios:07d}",
            executante_conselho="06", executante_numero="1", executante_uf="35", executante_cbo="225125",
            valor_total=Decimal(ITENS_POR_GUIA * 90)) for g in range(GUIAS_POR_PROTOCOLO)])
        hoje = timezone.localdate()
        ItemGuia.objects.bulk_create([ItemGuia(
            guia=guia, sequencial=i + 1, data_execucao=hoje - datetime.timedelta(days=1 + (i + g) % 60),
            codigo=CODIGOS[(i + g) % len(CODIGOS)], descricao="Procedimento", quantidade=Decimal(1 + (i % 3 == 0)),
            valor_unitario=_unitario(g, i), valor_total=_unitario(g, i) * (1 + (i % 3 == 0)))
            for g, guia in enumerate(guias) for i in range(ITENS_POR_GUIA)])
        protocolos.append(protocolo)
    return operadora, prestador, protocolos


def _baseline(operadora, prestador, protocolo) -> float:
    """Items/s of the per-item way: one eligibility check (authorizations.elegibilidade.verificar) and one price
    lookup per item."""
    from operadora.authorizations import elegibilidade
    from operadora.billing.models import ItemGuia
    from operadora.registry.selectors import preco_contratado

    itens = list(ItemGuia.objects.filter(guia__protocolo=protocolo).select_related("guia")[:AMOSTRA_BASELINE])
    inicio = time.perf_counter()
    for item in itens:
        elegibilidade.verificar(data=item.data_execucao, operadora_id=operadora.pk, carteira=item.guia.carteira,
                                codigo_tuss=item.codigo, quantidade=int(item.quantidade))
        preco_contratado(operadora_id=operadora.pk, prestador_id=prestador.pk, codigo=item.codigo,
                         em=item.data_execucao)
    return len(itens) / (time.perf_counter() - inicio)


def run() -> None:
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from operadora.claims import services

    call_command("migrate", verbosity=0)
    print(f"banco: {connection.vendor}; {PROTOCOLOS} protocolos × {GUIAS_POR_PROTOCOLO} guias × {ITENS_POR_GUIA} itens")
    try:
        with transaction.atomic():
            operadora, prestador, protocolos = _dados(quantidade_beneficiarios=2000)
            services.garantir_regras(operadora)
            services.analisar_protocolo(protocolo_id=protocolos[0].pk)  # warm-up (and moves it to 'em análise')
            taxas, taxas_cpu, consultas = [], [], 0
            for protocolo in protocolos:
                itens = GUIAS_POR_PROTOCOLO * ITENS_POR_GUIA
                with CaptureQueriesContext(connection) as capturadas:
                    inicio, inicio_cpu = time.perf_counter(), time.process_time()
                    analise = services.analisar_protocolo(protocolo_id=protocolo.pk)
                    duracao, cpu = time.perf_counter() - inicio, time.process_time() - inicio_cpu
                consultas = len(capturadas.captured_queries)
                taxas.append(itens / duracao)
                taxas_cpu.append(itens / cpu)
            base = _baseline(operadora, prestador, protocolos[1])
            nossa = statistics.median(taxas)
            print(f"análise set-based: mediana {nossa:,.0f} itens/s (pior {min(taxas):,.0f}), {consultas} consultas "
                  f"por protocolo de {GUIAS_POR_PROTOCOLO * ITENS_POR_GUIA} itens; no último, "
                  f"{analise.itens_com_glosa} itens com glosa (R$ {analise.valor_glosa})")
            print(f"CPU do processo Python (um núcleo, sem esperar o banco): mediana "
                  f"{statistics.median(taxas_cpu):,.0f} itens/s")
            print(f"linha de base por item (elegibilidade + preço, uma consulta por item): {base:,.0f} itens/s")
            print(f"razão: {nossa / base:.1f}x a linha de base; alvo ≥ 5.000 itens/s: "
                  f"{'atingido' if nossa >= 5000 else 'NÃO atingido'}")
            raise _Desfazer
    except _Desfazer:
        pass
