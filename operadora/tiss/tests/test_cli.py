"""`operadora tiss`: saídas e códigos de saída (0 válido, 1 inválido, 2 uso)."""

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from operadora.tiss import exemplos
from operadora.tiss.guias import GuiaConsulta

from .conftest import AMOSTRAS, RAIZ_DO_PROJETO, SCHEMAS_4_01, VETORES, construir


@pytest.fixture
def schemas_do_projeto(settings, pasta_schemas: Path) -> Path:
    settings.TISS_SCHEMA_DIR = pasta_schemas
    return pasta_schemas


@pytest.fixture
def lote_valido(tmp_path: Path) -> Path:
    arquivo = tmp_path / "lote.xml"
    arquivo.write_bytes(construir(exemplos.lote(GuiaConsulta)))
    return arquivo


def _tiss(*argumentos: str) -> int:
    try:
        call_command("tiss", *argumentos)
    except SystemExit as saida:
        return int(saida.code or 0)
    return 0


def test_validate_json_uma_linha_por_arquivo(schemas_do_projeto, lote_valido: Path, capsys) -> None:
    codigo = _tiss("validate", str(lote_valido), str(AMOSTRAS / "recurso-glosa-4.01.00.xml"), "--json")

    linhas = [json.loads(linha) for linha in capsys.readouterr().out.splitlines()]
    assert codigo == 1
    assert [linha["valid"] for linha in linhas] == [True, False]
    assert set(linhas[0]) == {"file", "valid", "version", "transaction", "guides", "hash", "errors"}
    assert linhas[0]["hash"]["matched"] == "iso-8859-1"
    assert linhas[1]["version"] == "4.01.00" and linhas[1]["errors"][0]["code"] == "5014"
    assert set(linhas[1]["errors"][0]) == {"line", "path", "code", "message"}


def test_validate_sai_com_zero_quando_tudo_valido(schemas_do_projeto, lote_valido: Path, capsys) -> None:
    assert _tiss("validate", str(lote_valido)) == 0
    assert "válido" in capsys.readouterr().out


def test_arquivo_hostil_nao_gera_traceback(schemas_do_projeto, capsys) -> None:
    codigo = _tiss("validate", str(VETORES / "syn_utf16.xml"), "--json")

    [linha] = capsys.readouterr().out.splitlines()
    assert codigo == 1 and json.loads(linha)["errors"][0]["code"] == "5002"


def test_arquivo_inexistente_e_erro_de_uso(schemas_do_projeto, tmp_path: Path, capsys) -> None:
    assert _tiss("validate", str(tmp_path / "nao-existe.xml")) == 2
    assert "não foi possível ler" in capsys.readouterr().err


def test_hash_nas_duas_codificacoes(capsys) -> None:
    arquivo = str(VETORES / "syn_acento.xml")

    assert _tiss("hash", arquivo, "--encoding", "utf-8") == 0
    assert _tiss("hash", arquivo) == 0
    utf8, latin = capsys.readouterr().out.split()
    assert utf8 == "a20afc9a89aadaa2179d03d225337662" and latin != utf8


def test_hash_de_arquivo_recusado(capsys) -> None:
    assert _tiss("hash", str(VETORES / "syn_multi_hash.xml")) == 1
    assert "[5014]" in capsys.readouterr().err


def test_import_schemas(settings, tmp_path: Path, capsys) -> None:
    settings.TISS_SCHEMA_DIR = tmp_path / "schemas"

    assert _tiss("import-schemas", str(SCHEMAS_4_01), "--version", "4.01.00") == 0
    assert _tiss("import-schemas", str(SCHEMAS_4_01), "--version", "4.02.00") == 1
    assert (tmp_path / "schemas" / "4.01.00" / "tissV4_01_00.xsd").is_file()


def _executar_eco(opcoes: dict, comando) -> int:
    comando.stdout.write(opcoes["texto"])
    return 0


def registrar_eco(subparsers: argparse._SubParsersAction) -> None:
    """Um subcomando de outro app, como o `receive` do faturamento."""
    eco = subparsers.add_parser("eco")
    eco.add_argument("texto")
    eco.set_defaults(executar=_executar_eco)


def test_subcomandos_de_outros_apps(settings, capsys) -> None:
    settings.TISS_CLI_SUBCOMMANDS = [f"{__name__}.registrar_eco"]

    assert _tiss("eco", "olá") == 0
    assert capsys.readouterr().out.strip() == "olá"


def test_linha_de_comando_real_erro_de_uso_sai_com_2() -> None:
    processo = subprocess.run(
        [sys.executable, "-m", "operadora.manage", "tiss", "validate"],
        cwd=RAIZ_DO_PROJETO,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert processo.returncode == 2
    assert "Traceback" not in processo.stderr
