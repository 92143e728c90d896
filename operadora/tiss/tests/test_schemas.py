import zipfile
from pathlib import Path

import pytest

from operadora.tiss.errors import ArquivoDeSchemasInvalido, VersaoNaoSuportada
from operadora.tiss.schemas import RegistroSchemas, importar_schemas

from .conftest import SCHEMAS_4_01


def _zip_da_ans(destino: Path, prefixo: str = "Padrao_TISS/") -> Path:
    arquivo = destino / "schemas.zip"
    with zipfile.ZipFile(arquivo, "w") as zip_:
        for xsd in SCHEMAS_4_01.glob("*"):
            zip_.write(xsd, prefixo + xsd.name)
    return arquivo


def test_versoes_embutidas_e_importadas(registro: RegistroSchemas) -> None:
    assert registro.versoes() == ("4.01.00", "4.02.00", "4.03.00")
    assert RegistroSchemas().versoes() == ("4.02.00", "4.03.00")


def test_schema_compilado_uma_vez_por_processo(registro: RegistroSchemas) -> None:
    assert registro.schema("4.03.00") is RegistroSchemas().schema("4.03.00")


def test_versao_indisponivel() -> None:
    with pytest.raises(VersaoNaoSuportada) as erro:
        RegistroSchemas().schema("4.01.00")

    assert erro.value.codigo_tiss == "5028"


def test_importa_zip_da_ans_so_com_os_xsd(tmp_path: Path) -> None:
    destino = importar_schemas(_zip_da_ans(tmp_path), "4.01.00", tmp_path / "schemas")

    assert (destino / "tissV4_01_00.xsd").is_file()
    assert not list(destino.glob("*.wsdl"))
    assert RegistroSchemas(tmp_path / "schemas").schema("4.01.00") is not None


def test_zip_com_caminho_inseguro_e_recusado(tmp_path: Path) -> None:
    with pytest.raises(ArquivoDeSchemasInvalido):
        importar_schemas(_zip_da_ans(tmp_path, prefixo="../../"), "4.01.00", tmp_path / "schemas")

    assert not (tmp_path / "schemas" / "4.01.00").exists()


def test_pacote_sem_a_versao_pedida_nao_instala_nada(tmp_path: Path) -> None:
    with pytest.raises(ArquivoDeSchemasInvalido) as erro:
        importar_schemas(SCHEMAS_4_01, "4.02.00", tmp_path / "schemas")

    assert "tissV4_02_00.xsd" in erro.value.mensagem
    assert list((tmp_path / "schemas").iterdir()) == []


def test_arquivo_que_nao_e_zip(tmp_path: Path) -> None:
    falso = tmp_path / "x.zip"
    falso.write_bytes(b"nada")

    with pytest.raises(ArquivoDeSchemasInvalido):
        importar_schemas(falso, "4.01.00", tmp_path / "schemas")
