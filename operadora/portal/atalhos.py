"""Quick-access tiles of the portal home (seed 002: "Tela inicial: 6 acessos rápidos") and of its menu.

Each app registers its own tiles in its `AppConfig.ready()`, without touching the portal's templates:

    from operadora.portal.atalhos import Atalho, registrar_atalho
    registrar_atalho(Atalho(chave="lotes", rotulo="Lotes de pagamento", nome_url="billing:lotes",
                            permissao=PermissaoPortal.FATURAMENTO, descricao="Guias, lotes e protocolos", ordem=40))

A tile shows only to users whose security groups include `permissao` (None: every portal user) and whose URL
name resolves (`core.atalhos`)."""

from operadora.accounts.acesso import ContextoPortal
from operadora.accounts.permissoes import PermissaoPortal
from operadora.core.atalhos import Atalho, RegistroDeAtalhos

__all__ = ["Atalho", "atalho", "atalhos_para", "registrar_atalho", "todos"]

_REGISTRO: RegistroDeAtalhos[PermissaoPortal] = RegistroDeAtalhos()
registrar_atalho = _REGISTRO.registrar
todos = _REGISTRO.todos
atalho = _REGISTRO.atalho


def atalhos_para(contexto: ContextoPortal) -> list[Atalho[PermissaoPortal]]:
    return _REGISTRO.visiveis(contexto.pode)
