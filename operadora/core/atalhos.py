"""Registries of links an app contributes to another app's pages (the portal home's quick-access tiles, the
back-office home's links) without touching their templates. Each app registers its own in `AppConfig.ready()`.

A link shows to users who hold its `permissao` (None: everyone the page admits) and whose URL name resolves (an app
may register a link before its URL exists). Registering the same `chave` again replaces the link (idempotent)."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

from django.urls import NoReverseMatch, reverse

P = TypeVar("P", bound=Enum)


@dataclass(frozen=True)
class Atalho(Generic[P]):
    chave: str
    rotulo: str
    nome_url: str
    permissao: P | None = None
    descricao: str = ""
    ordem: int = 100

    @property
    def url(self) -> str:
        return reverse(self.nome_url)


class RegistroDeAtalhos(Generic[P]):
    def __init__(self) -> None:
        self._atalhos: dict[str, Atalho[P]] = {}

    def registrar(self, atalho: Atalho[P]) -> None:
        self._atalhos[atalho.chave] = atalho

    def todos(self) -> list[Atalho[P]]:
        return sorted(self._atalhos.values(), key=lambda a: (a.ordem, a.rotulo))

    def atalho(self, chave: str) -> Atalho[P] | None:
        return self._atalhos.get(chave)

    def visiveis(self, pode: Callable[[P], bool]) -> list[Atalho[P]]:
        visiveis = []
        for item in self.todos():
            if item.permissao is not None and not pode(item.permissao):
                continue
            try:
                item.url  # noqa: B018 - an app may register a link before its URL exists
            except NoReverseMatch:
                continue
            visiveis.append(item)
        return visiveis
