"""`operadora tiss receive PATH [--json]`: receives a lote file exactly as an upload would (for lotes that arrive
by other channels). Prints `{"protocolo", "situacao", "guias", "valor_informado"}` or the report of errors;
exit 0 when accepted (also when it returns an existing protocol), 1 when refused, 2 on usage errors."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

SAIDA_OK, SAIDA_RECUSADO, SAIDA_USO = 0, 1, 2


def executar_receive(opcoes: dict[str, Any], comando: BaseCommand) -> int:
    from operadora.core.erros import ErroDeNegocio

    from . import selectors, services
    from .models import Origem

    caminho = Path(opcoes["caminho"])
    try:
        dados = caminho.read_bytes()
    except OSError as erro:
        comando.stderr.write(
            f"operadora tiss receive: não foi possível ler {caminho}: {erro.strerror or erro}"
        )
        return SAIDA_USO
    try:
        remetente = selectors.remetente_do_arquivo(dados)
    except ErroDeNegocio as recusa:
        resultado = services.recusar_sem_remetente(dados=dados, recusa=recusa)
    else:
        resultado = services.receber_xml(
            operadora=remetente.operadora,
            prestador=remetente.prestador,
            dados=dados,
            origem=Origem.CLI,
            nome_arquivo=caminho.name,
        )
    if opcoes["json"]:
        comando.stdout.write(json.dumps(resultado.como_dict(), ensure_ascii=False))
    elif resultado.protocolo is not None:
        protocolo = resultado.protocolo
        repetido = " (lote já recebido antes: mesmo protocolo)" if not resultado.novo else ""
        comando.stdout.write(
            f"{caminho.name}: protocolo {protocolo.numero}, {protocolo.quantidade_guias} guia(s), "
            f"R$ {protocolo.valor_informado}{repetido}"
        )
    else:
        comando.stdout.write(f"{caminho.name}: recusado ({len(resultado.erros)} erro(s))")
        for problema in resultado.erros:
            onde = f"linha {problema.linha}" if problema.linha else "-"
            comando.stdout.write(f"  [{problema.codigo}] {onde} {problema.caminho}: {problema.mensagem}")
    return SAIDA_OK if resultado.aceito else SAIDA_RECUSADO


def register(subparsers: Any) -> None:
    receive = subparsers.add_parser(
        "receive", help="Recebe um lote de guias (ENVIO_LOTE_GUIAS) como um upload."
    )
    receive.add_argument("caminho", metavar="PATH")
    receive.add_argument("--json", action="store_true", help="Imprime o resultado em JSON.")
    receive.set_defaults(executar=executar_receive)
