"""`operadora tiss …`: validar mensagens, calcular o hash do epílogo e importar schemas da ANS.

Códigos de saída (outros checks dependem deles): 0 tudo válido, 1 algum arquivo inválido ou erro de
execução, 2 erro de uso. Outros apps acrescentam subcomandos por `settings.TISS_CLI_SUBCOMMANDS`: caminhos
pontuados de funções `register(subparsers)`, que criam o subparser e fazem
`parser.set_defaults(executar=funcao)`, com `funcao(opcoes: dict, comando: BaseCommand) -> int`.
"""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import import_string

from operadora.tiss.errors import ErroTiss
from operadora.tiss.hashing import calcular_arquivo
from operadora.tiss.politica import ISO_8859_1, UTF_8, PoliticaTiss
from operadora.tiss.relatorio import RelatorioValidacao
from operadora.tiss.schemas import RegistroSchemas, importar_schemas
from operadora.tiss.validation import validar

SAIDA_OK = 0
SAIDA_INVALIDO = 1
SAIDA_USO = 2


def _erro_de_uso(comando: BaseCommand, mensagem: str) -> int:
    comando.stderr.write(f"operadora tiss: erro: {mensagem}")
    return SAIDA_USO


def _texto(arquivo: str, relatorio: RelatorioValidacao) -> str:
    if relatorio.valido:
        return (
            f"{arquivo}: válido (versão {relatorio.versao}, {relatorio.transacao}, {relatorio.guias} guia(s), "
            f"hash conferido em {relatorio.hash.conferido if relatorio.hash else '-'})"
        )
    linhas = [f"{arquivo}: inválido ({len(relatorio.erros)} erro(s))"]
    for erro in relatorio.erros:
        onde = f"linha {erro.linha}" if erro.linha else "-"
        linhas.append(f"  [{erro.codigo}] {onde} {erro.caminho}: {erro.mensagem}")
    return "\n".join(linhas)


def executar_validate(opcoes: dict[str, Any], comando: BaseCommand) -> int:
    registro = RegistroSchemas(Path(settings.TISS_SCHEMA_DIR))
    politica = PoliticaTiss()
    todos_validos = True
    for nome in opcoes["caminhos"]:
        try:
            dados = Path(nome).read_bytes()
        except OSError as erro:  # inexistente, pasta, sem permissão: erro de uso
            return _erro_de_uso(comando, f"não foi possível ler {nome}: {erro.strerror or erro}")
        relatorio = validar(dados, politica, registro)
        todos_validos = todos_validos and relatorio.valido
        if opcoes["json"]:
            comando.stdout.write(json.dumps(relatorio.como_dict(nome), ensure_ascii=False))
        else:
            comando.stdout.write(_texto(nome, relatorio))
    return SAIDA_OK if todos_validos else SAIDA_INVALIDO


def executar_hash(opcoes: dict[str, Any], comando: BaseCommand) -> int:
    caminho = Path(opcoes["caminho"])
    if not caminho.is_file():
        return _erro_de_uso(comando, f"{caminho} não é um arquivo")
    try:
        calculado = calcular_arquivo(caminho, PoliticaTiss())
    except ErroTiss as erro:
        comando.stderr.write(f"{caminho}: [{erro.codigo_tiss}] {erro.mensagem}")
        return SAIDA_INVALIDO
    valor = calculado.na_codificacao(opcoes["codificacao"])
    if valor is None:
        comando.stderr.write(f"{caminho}: o texto tem caracteres fora do ISO-8859-1; use --encoding utf-8.")
        return SAIDA_INVALIDO
    comando.stdout.write(valor)
    return SAIDA_OK


def executar_import_schemas(opcoes: dict[str, Any], comando: BaseCommand) -> int:
    try:
        destino = importar_schemas(Path(opcoes["caminho"]), opcoes["versao"], Path(settings.TISS_SCHEMA_DIR))
    except ErroTiss as erro:
        comando.stderr.write(f"operadora tiss import-schemas: {erro.mensagem}")
        return SAIDA_INVALIDO
    comando.stdout.write(f"Schemas TISS {opcoes['versao']} importados em {destino}.")
    return SAIDA_OK


def _registrar_nativos(subparsers: Any) -> None:
    validate = subparsers.add_parser("validate", help="Valida mensagens TISS (XSD, hash, consistência).")
    validate.add_argument("caminhos", nargs="+", metavar="PATH")
    validate.add_argument("--json", action="store_true", help="Um objeto JSON por arquivo, um por linha.")
    validate.set_defaults(executar=executar_validate)

    hash_ = subparsers.add_parser("hash", help="Calcula o hash do epílogo de uma mensagem.")
    hash_.add_argument("caminho", metavar="PATH")
    hash_.add_argument("--encoding", dest="codificacao", choices=(ISO_8859_1, UTF_8), default=ISO_8859_1)
    hash_.set_defaults(executar=executar_hash)

    importar = subparsers.add_parser(
        "import-schemas", help="Importa os XSD de uma versão (zip da ANS ou pasta)."
    )
    importar.add_argument("caminho", metavar="PATH")
    importar.add_argument("--version", dest="versao", required=True, metavar="X", help="Ex.: 4.01.00")
    importar.set_defaults(executar=executar_import_schemas)


class Command(BaseCommand):
    help = "Motor TISS: validate, hash e import-schemas (e os subcomandos que outros apps registram)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(dest="subcomando", metavar="SUBCOMANDO", required=True)
        _registrar_nativos(subparsers)
        for caminho in settings.TISS_CLI_SUBCOMMANDS:
            import_string(caminho)(subparsers)

    def handle(self, *args: Any, **opcoes: Any) -> None:
        # SystemExit e não CommandError: este sempre sai com 1 e imprime "CommandError:"; aqui o código de
        # saída é o contrato (0 válido, 1 inválido, 2 uso) e a mensagem já foi escrita.
        codigo = opcoes["executar"](opcoes, self)
        if codigo != SAIDA_OK:
            raise SystemExit(codigo)
