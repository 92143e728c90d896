"""Links of the back-office home. Apps register theirs in `AppConfig.ready()`:

    registrar_atalho(Atalho(chave="analise", rotulo="Análise de contas", nome_url="claims:fila",
                            permissao=PermissaoOperadora.ANALISE_CONTAS))

A link shows to staff holding `permissao` (None: every staff member) when its URL name resolves."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from operadora.accounts.permissoes import PermissaoOperadora


@dataclass(frozen=True)
class Atalho:
    chave: str
    rotulo: str
    nome_url: str
    permissao: PermissaoOperadora | None = None
    descricao: str = ""
    ordem: int = 100

    @property
    def url(self) -> str:
        return reverse(self.nome_url)


_ATALHOS: dict[str, Atalho] = {}


def registrar_atalho(atalho: Atalho) -> None:
    _ATALHOS[atalho.chave] = atalho


def atalhos_para(permissoes: set[PermissaoOperadora]) -> list[Atalho]:
    visiveis = []
    for item in sorted(_ATALHOS.values(), key=lambda a: (a.ordem, a.rotulo)):
        if item.permissao is not None and item.permissao not in permissoes:
            continue
        try:
            item.url  # noqa: B018 - an app may register a link before its URL exists
        except NoReverseMatch:
            continue
        visiveis.append(item)
    return visiveis
