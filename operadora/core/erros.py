"""Typed domain errors. The edge (page, API, SOAP, CLI) turns them into a 4xx, a JSON error or a TISS
`mensagemErro`; a view never lets one become a 500."""


class ErroDeNegocio(Exception):
    """A rule of the domain refused the request. `codigo_tiss` is the TUSS 38 code when one exists."""

    codigo_tiss: str = ""
    mensagem_padrao: str = "Operação não permitida."

    def __init__(self, mensagem: str | None = None, *, codigo_tiss: str | None = None) -> None:
        self.mensagem = mensagem or self.mensagem_padrao
        if codigo_tiss is not None:
            self.codigo_tiss = codigo_tiss
        super().__init__(self.mensagem)

    def __str__(self) -> str:
        return f"{self.codigo_tiss} - {self.mensagem}" if self.codigo_tiss else self.mensagem


class NaoEncontrado(ErroDeNegocio):
    """The object does not exist or the user may not reach it (the two are indistinguishable on purpose)."""

    mensagem_padrao = "Registro não encontrado."


class SemPermissao(ErroDeNegocio):
    mensagem_padrao = "Você não tem permissão para esta operação."


class TransicaoInvalida(ErroDeNegocio):
    mensagem_padrao = "Esta mudança de situação não é permitida."
