"""Quick-access tiles of the portal home (seed 002: "Tela inicial: 6 acessos rápidos") and of its menu.

Each app registers its own tiles in its `AppConfig.ready()`, without touching the portal's templates:

    from operadora.portal.atalhos import Atalho, registrar_atalho
    registrar_atalho(Atalho(chave="lotes", rotulo="Lotes de pagamento", nome_url="billing:lotes",
                            permissao=PermissaoPortal.FATURAMENTO, descricao="Guias, lotes e protocolos", ordem=40))

A tile shows only to users whose security groups include `permissao` (None: every portal user) and whose URL
name resolves. Registering the same `chave` again replaces the tile (idempotent)."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from operadora.accounts.acesso import ContextoPortal
from operadora.accounts.permissoes import PermissaoPortal


@dataclass(frozen=True)
class Atalho:
    chave: str
    rotulo: str
    nome_url: str
    permissao: PermissaoPortal | None = None
    descricao: str = ""
    ordem: int = 100

    @property
    def url(self) -> str:
        return reverse(self.nome_url)


_ATALHOS: dict[str, Atalho] = {}


def registrar_atalho(atalho: Atalho) -> None:
    _ATALHOS[atalho.chave] = atalho


def todos() -> list[Atalho]:
    return sorted(_ATALHOS.values(), key=lambda a: (a.ordem, a.rotulo))


def atalho(chave: str) -> Atalho | None:
    return _ATALHOS.get(chave)


def atalhos_para(contexto: ContextoPortal) -> list[Atalho]:
    visiveis = []
    for item in todos():
        if item.permissao is not None and not contexto.pode(item.permissao):
            continue
        try:
            item.url  # noqa: B018 - an app may register a tile before its URL exists
        except NoReverseMatch:
            continue
        visiveis.append(item)
    return visiveis
