from pathlib import Path

import pytest

from operadora.tiss import builders, exemplos
from operadora.tiss.politica import PoliticaTiss
from operadora.tiss.schemas import RegistroSchemas, importar_schemas

RAIZ_DO_PROJETO = Path(__file__).resolve().parents[3]
TISS_COMPARTILHADO = RAIZ_DO_PROJETO.parent / "shared" / "tiss"
AMOSTRAS = TISS_COMPARTILHADO / "samples"
VETORES = AMOSTRAS / "hash-vectors"
SCHEMAS_4_01 = TISS_COMPARTILHADO / "schemas" / "4.01.00"
VERSOES = ("4.01.00", "4.02.00", "4.03.00")


@pytest.fixture(scope="session")
def pasta_schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Uma pasta de schemas importados com a 4.01.00 (as outras vêm do pacote `tiss`)."""
    destino = tmp_path_factory.mktemp("tiss-schemas")
    importar_schemas(SCHEMAS_4_01, "4.01.00", destino)
    return destino


@pytest.fixture(scope="session")
def registro(pasta_schemas: Path) -> RegistroSchemas:
    return RegistroSchemas(pasta_schemas)


@pytest.fixture
def politica() -> PoliticaTiss:
    return PoliticaTiss(registro_ans_destino=exemplos.REGISTRO_ANS)


def construir(conteudo: object, versao: str = "4.03.00", **kwargs: object) -> bytes:
    """A mensagem de `conteudo` com o cabeçalho dos exemplos."""
    return builders.construir_mensagem(
        conteudo,
        versao=versao,
        sequencial_transacao="1",
        registro_ans=exemplos.REGISTRO_ANS,
        prestador=exemplos.PRESTADOR,
        momento=exemplos.MOMENTO,
        **kwargs,  # type: ignore[arg-type]
    )
