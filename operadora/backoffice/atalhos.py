"""Links of the back-office home. Apps register theirs in `AppConfig.ready()`:

    registrar_atalho(Atalho(chave="analise", rotulo="Análise de contas", nome_url="claims:fila",
                            permissao=PermissaoOperadora.ANALISE_CONTAS))

A link shows to staff holding `permissao` (None: every staff member) when its URL name resolves
(`core.atalhos`)."""

from operadora.accounts.permissoes import PermissaoOperadora
from operadora.core.atalhos import Atalho, RegistroDeAtalhos

__all__ = ["Atalho", "atalhos_para", "registrar_atalho"]

_REGISTRO: RegistroDeAtalhos[PermissaoOperadora] = RegistroDeAtalhos()
registrar_atalho = _REGISTRO.registrar


def atalhos_para(permissoes: set[PermissaoOperadora]) -> list[Atalho[PermissaoOperadora]]:
    return _REGISTRO.visiveis(permissoes.__contains__)
