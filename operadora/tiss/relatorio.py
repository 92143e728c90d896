"""O relatório de validação de uma mensagem TISS (o que `validation.validar` devolve)."""

from dataclasses import dataclass, field
from typing import Any, Literal

from .mensagem import MensagemTiss

Conferido = Literal["iso-8859-1", "utf-8"]


@dataclass(frozen=True, slots=True)
class ErroValidacao:
    """Um problema da mensagem: linha no arquivo, caminho TISS do campo, código da Tabela 38, texto pt-BR."""

    linha: int | None
    caminho: str
    codigo: str
    mensagem: str

    def como_dict(self) -> dict[str, Any]:
        return {"line": self.linha, "path": self.caminho, "code": self.codigo, "message": self.mensagem}


@dataclass(frozen=True, slots=True)
class VerificacaoHash:
    """O hash declarado no epílogo, os calculados e qual deles conferiu (None: nenhum, pela política)."""

    declarado: str | None
    iso_8859_1: str | None
    utf_8: str
    conferido: Conferido | None

    def como_dict(self) -> dict[str, Any]:
        return {
            "declared": self.declarado,
            "iso_8859_1": self.iso_8859_1,
            "utf_8": self.utf_8,
            "matched": self.conferido,
        }


@dataclass(frozen=True, slots=True)
class RelatorioValidacao:
    versao: str | None = None
    transacao: str | None = None
    guias: int = 0
    hash: VerificacaoHash | None = None
    erros: tuple[ErroValidacao, ...] = ()
    # O parse tipado, quando a mensagem passou no XSD (é o que o faturamento persiste).
    mensagem: MensagemTiss | None = field(default=None, compare=False, repr=False)

    @property
    def valido(self) -> bool:
        return not self.erros

    def como_dict(self, arquivo: str) -> dict[str, Any]:
        """A forma do `operadora tiss validate --json` (chaves estáveis, em inglês)."""
        return {
            "file": arquivo,
            "valid": self.valido,
            "version": self.versao,
            "transaction": self.transacao,
            "guides": self.guias,
            "hash": self.hash.como_dict() if self.hash else None,
            "errors": [erro.como_dict() for erro in self.erros],
        }
