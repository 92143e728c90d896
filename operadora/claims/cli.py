"""`operadora tiss export demonstrativo-analise PROTOCOLO [--out FILE]`: writes the Demonstrativo de Análise de
Conta of a released protocol as TISS XML (stdout by default). Exit codes: 0 written, 1 refused (protocol not
released yet), 2 usage error (protocol not found, file not writable). Plugged into the TISS CLI through
settings.TISS_CLI_SUBCOMMANDS; other apps may add their own `export` kinds to the same `export` parser."""

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

SAIDA_OK, SAIDA_RECUSADO, SAIDA_USO = 0, 1, 2


def executar_demonstrativo_analise(opcoes: dict[str, Any], comando: BaseCommand) -> int:
    from operadora.core.erros import NaoEncontrado

    from . import demonstrativos, selectors

    try:
        protocolo = selectors.protocolo_por_numero(opcoes["protocolo"])
    except NaoEncontrado as erro:
        comando.stderr.write(f"operadora tiss export: {erro.mensagem}")
        return SAIDA_USO
    if not protocolo.tem_demonstrativo_analise:
        comando.stderr.write(f"operadora tiss export: o protocolo {protocolo.numero} está "
                             f"'{protocolo.get_situacao_display()}'; o demonstrativo existe depois da liberação.")
        return SAIDA_RECUSADO
    d = demonstrativos.analise_conta(operadora=protocolo.operadora, prestador=protocolo.prestador,
                                     protocolos=[protocolo], numero=protocolo.numero)
    dados = demonstrativos.xml(d)
    if opcoes.get("out"):
        try:
            Path(opcoes["out"]).write_bytes(dados)
        except OSError as erro:
            comando.stderr.write(f"operadora tiss export: não foi possível gravar {opcoes['out']}: "
                                 f"{erro.strerror or erro}")
            return SAIDA_USO
        comando.stderr.write(f"Demonstrativo do protocolo {protocolo.numero} gravado em {opcoes['out']}.")
    else:
        comando.stdout.write(dados.decode(d.operadora.codificacao_hash_envio), ending="")
    return SAIDA_OK


def _tipos_de_export(subparsers: Any) -> Any:
    """The `export` parser's own subparsers (created once, shared by every app that exports something)."""
    export = subparsers.choices.get("export")
    if export is None:
        export = subparsers.add_parser("export", help="Exporta mensagens TISS da operadora.")
        return export.add_subparsers(dest="tipo_export", metavar="TIPO", required=True)
    return next(a for a in export._actions if isinstance(a, argparse._SubParsersAction))


def register(subparsers: Any) -> None:
    tipos = _tipos_de_export(subparsers)
    analise = tipos.add_parser("demonstrativo-analise",
                               help="Demonstrativo de Análise de Conta de um protocolo (DEMONSTRATIVO_ANALISE_CONTA).")
    analise.add_argument("protocolo", metavar="PROTOCOLO", help="Número do protocolo (ou REGISTRO_ANS:NUMERO).")
    analise.add_argument("--out", metavar="FILE", help="Arquivo de saída (padrão: a saída padrão).")
    analise.set_defaults(executar=executar_demonstrativo_analise)
