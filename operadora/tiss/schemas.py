"""Schemas XSD do TISS: as versões embutidas (pacote `tiss`) e as importadas do arquivo da ANS.

Cada versão é compilada uma vez por processo e reaproveitada. A compilação lê arquivos locais e confiáveis
com um parser próprio, que admite o DOCTYPE do `xmldsig-core-schema.xsd` oficial (nunca o que recebe XML de
fora, ver `parsing`), sem rede.
"""

import re
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path, PurePosixPath

from lxml import etree

from .errors import ArquivoDeSchemasInvalido, VersaoNaoSuportada

DIRETORIO_EMBUTIDO = Path(str(files("tiss"))) / "_data" / "schemas"
VERSOES_EMBUTIDAS = ("4.02.00", "4.03.00")
FORMATO_VERSAO = re.compile(r"^\d\.\d{2}\.\d{2}$")
MAX_BYTES_POR_SCHEMA = 5 * 1024 * 1024

_compilados: dict[Path, "SchemaCompilado"] = {}
_travas: dict[Path, threading.Lock] = {}
_trava_registro = threading.Lock()


def nome_raiz(versao: str) -> str:
    """`tissV4_03_00.xsd`: o schema raiz de uma versão."""
    return f"tissV{versao.replace('.', '_')}.xsd"


def nome_web_services(versao: str) -> str:
    """`tissWebServicesV4_03_00.xsd`: inclui a raiz e declara os elementos `*WS` do SOAP."""
    return f"tissWebServicesV{versao.replace('.', '_')}.xsd"


def _parser_confiavel() -> etree.XMLParser:
    return etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False, huge_tree=False)


class SchemaCompilado:
    """Um XSD compilado. O log de erros de um `XMLSchema` do lxml pertence ao objeto, por isso cada
    validação segura a trava do schema (a validação em si leva milissegundos)."""

    def __init__(self, xsd: etree.XMLSchema) -> None:
        self.xsd = xsd
        self._trava = threading.Lock()

    def validar(self, raiz: etree._Element) -> list[etree._LogEntry]:
        """Os erros de validação de `raiz` (lista vazia se válido)."""
        with self._trava:
            if self.xsd.validate(raiz):
                return []
            return list(self.xsd.error_log)


def _compilar(arquivo: Path) -> etree.XMLSchema:
    try:
        return etree.XMLSchema(etree.parse(str(arquivo), _parser_confiavel()))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as erro:
        raise ArquivoDeSchemasInvalido(f"O schema {arquivo.name} não compila: {erro}") from None


class RegistroSchemas:
    """As versões disponíveis: embutidas e, se houver, as importadas em `diretorio_importados/<versão>/`."""

    def __init__(self, diretorio_importados: Path | None = None) -> None:
        self.diretorio_importados = diretorio_importados

    def diretorio(self, versao: str) -> Path | None:
        if versao in VERSOES_EMBUTIDAS:
            return DIRETORIO_EMBUTIDO / versao
        if self.diretorio_importados is not None and FORMATO_VERSAO.match(versao):
            candidato = self.diretorio_importados / versao
            if (candidato / nome_raiz(versao)).is_file():
                return candidato
        return None

    def versoes(self) -> tuple[str, ...]:
        importadas: list[str] = []
        if self.diretorio_importados is not None and self.diretorio_importados.is_dir():
            importadas = [p.name for p in self.diretorio_importados.iterdir() if self.diretorio(p.name)]
        return tuple(sorted({*VERSOES_EMBUTIDAS, *importadas}))

    def schema(self, versao: str) -> SchemaCompilado:
        """O schema compilado da versão (o de web services, que inclui a raiz, quando existe)."""
        diretorio = self.diretorio(versao)
        if diretorio is None:
            raise VersaoNaoSuportada(f"A versão {versao} do padrão TISS não está disponível.")
        arquivo = diretorio / nome_web_services(versao)
        if not arquivo.is_file():
            arquivo = diretorio / nome_raiz(versao)
        return schema_compilado(arquivo.resolve())


def schema_compilado(arquivo: Path) -> SchemaCompilado:
    """Compila `arquivo` uma vez por processo (com trava por arquivo: duas threads não compilam o mesmo)."""
    compilado = _compilados.get(arquivo)
    if compilado is not None:
        return compilado
    with _trava_registro:
        trava = _travas.setdefault(arquivo, threading.Lock())
    with trava:
        if arquivo not in _compilados:
            _compilados[arquivo] = SchemaCompilado(_compilar(arquivo))
    return _compilados[arquivo]


# --- importação ------------------------------------------------------------------------------------------


def _membros_xsd(arquivo_zip: zipfile.ZipFile) -> Iterator[tuple[str, zipfile.ZipInfo]]:
    for info in arquivo_zip.infolist():
        caminho = PurePosixPath(info.filename)
        if info.is_dir() or caminho.suffix.lower() != ".xsd":
            continue
        if caminho.is_absolute() or ".." in caminho.parts:
            raise ArquivoDeSchemasInvalido(f"Caminho inseguro no arquivo: {info.filename}")
        if info.file_size > MAX_BYTES_POR_SCHEMA:
            raise ArquivoDeSchemasInvalido(f"{caminho.name} é grande demais para um schema.")
        yield caminho.name, info


def _copiar_de_zip(origem: Path, destino: Path) -> None:
    try:
        with zipfile.ZipFile(origem) as arquivo_zip:
            for nome, info in _membros_xsd(arquivo_zip):
                with arquivo_zip.open(info) as entrada, (destino / nome).open("wb") as saida:
                    shutil.copyfileobj(entrada, saida)
    except zipfile.BadZipFile:
        raise ArquivoDeSchemasInvalido(f"{origem.name} não é um arquivo zip válido.") from None


def _copiar_de_pasta(origem: Path, destino: Path) -> None:
    for arquivo in origem.rglob("*.xsd"):
        if arquivo.is_file() and not arquivo.is_symlink():
            if arquivo.stat().st_size > MAX_BYTES_POR_SCHEMA:
                raise ArquivoDeSchemasInvalido(f"{arquivo.name} é grande demais para um schema.")
            shutil.copyfile(arquivo, destino / arquivo.name)


def importar_schemas(origem: Path, versao: str, destino: Path) -> Path:
    """Importa os XSD de `versao` de um zip da ANS ou de uma pasta para `destino/<versao>/`.

    Só copia `.xsd` (achatados pelo nome), confere que a raiz da versão está lá e que o conjunto compila
    antes de instalar; uma importação que falha não deixa nada pela metade.
    """
    if not FORMATO_VERSAO.match(versao):
        raise ArquivoDeSchemasInvalido(f"Versão inválida: {versao!r} (formato esperado: 4.01.00).")
    if not origem.exists():
        raise ArquivoDeSchemasInvalido(f"{origem} não existe.")
    destino.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destino, prefix=f".{versao}-") as temporario:
        pasta = Path(temporario)
        if origem.is_dir():
            _copiar_de_pasta(origem, pasta)
        else:
            _copiar_de_zip(origem, pasta)
        if not (pasta / nome_raiz(versao)).is_file():
            raise ArquivoDeSchemasInvalido(f"{origem.name} não traz {nome_raiz(versao)}.")
        _compilar(pasta / nome_raiz(versao))
        final = destino / versao
        if final.exists():
            shutil.rmtree(final)
        pasta.rename(final)
        pasta.mkdir()  # o TemporaryDirectory espera encontrar a pasta ao sair
    for caminho in list(_compilados):
        if caminho.parent == final.resolve():
            del _compilados[caminho]
    return final
