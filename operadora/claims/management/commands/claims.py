"""`operadora claims analyze PROTOCOLO [--json]` (and `analyze-pending`): runs (or re-runs) the analysis of a protocol and prints the
totals (informado, processado, liberado, glosa) and the glosas. Exit codes: 0 done, 1 refused (the protocol is
not in analysis), 2 usage error (protocol not found). PROTOCOLO is the PEG number (or `ANS:NUMERO` when several
operadoras use the same number)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from operadora.core.erros import ErroDeNegocio, NaoEncontrado

SAIDA_OK, SAIDA_RECUSADO, SAIDA_USO = 0, 1, 2


def executar_analyze(opcoes: dict[str, Any], comando: BaseCommand) -> int:
    from operadora.claims import selectors, services

    try:
        protocolo = selectors.protocolo_por_numero(opcoes["protocolo"])
        analise = services.analisar_protocolo(protocolo_id=protocolo.pk)
    except NaoEncontrado as erro:
        comando.stderr.write(f"operadora claims analyze: {erro.mensagem}")
        return SAIDA_USO
    except ErroDeNegocio as erro:
        comando.stderr.write(f"operadora claims analyze: {erro.mensagem}")
        return SAIDA_RECUSADO
    resultado = selectors.resultado_da_analise(analise)
    if opcoes["json"]:
        comando.stdout.write(json.dumps(resultado, ensure_ascii=False))
        return SAIDA_OK
    t = resultado["totais"]
    comando.stdout.write(
        f"Protocolo {resultado['protocolo']} ({resultado['situacao']}), regras v{resultado['versao_regras']}: "
        f"{t['itens']} item(ns), informado R$ {t['informado']}, processado R$ {t['processado']}, "
        f"liberado R$ {t['liberado']}, glosa R$ {t['glosa']}")
    for g in resultado["glosas"]:
        comando.stdout.write(f"  guia {g['guia']} item {g['sequencial']} {g['procedimento']}: [{g['codigo_glosa']}] "
                             f"R$ {g['valor']} ({g['regra']}, {g['situacao']}) {g['motivo']}")
    return SAIDA_OK


def executar_analyze_pending(opcoes: dict[str, Any], comando: BaseCommand) -> int:
    from operadora.claims import tasks

    quantidade = tasks.analisar_recebidos()
    comando.stdout.write(f"{quantidade} protocolo(s) recebido(s) enviado(s) para análise.")
    return SAIDA_OK


class Command(BaseCommand):
    help = "Análise de contas: analyze PROTOCOLO [--json]."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(dest="subcomando", metavar="SUBCOMANDO", required=True)
        analyze = subparsers.add_parser("analyze", help="Executa (ou reexecuta) a análise de um protocolo.")
        analyze.add_argument("protocolo", metavar="PROTOCOLO")
        analyze.add_argument("--json", action="store_true", help="Imprime o resultado em JSON.")
        analyze.set_defaults(executar=executar_analyze)
        pendentes = subparsers.add_parser("analyze-pending",
                                          help="Enfileira a análise de todo protocolo ainda não analisado.")
        pendentes.set_defaults(executar=executar_analyze_pending)

    def handle(self, *args: Any, **opcoes: Any) -> None:
        codigo = opcoes["executar"](opcoes, self)
        if codigo != SAIDA_OK:
            raise SystemExit(codigo)
