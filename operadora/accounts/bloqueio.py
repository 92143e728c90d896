"""Lockout and rate limiting over the cache (local memory when embedded, Redis in production).

Each *escopo* (portal sign-in, staff sign-in, second factor, Obter acesso, recovery…) counts failures per key
(the account and the client address) inside a window; reaching the limit blocks that key for a finite cool-off.
Limits come from settings (`ACESSO_*`) with the defaults below, so tests and deployments can tune them."""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from operadora.core.erros import ErroDeNegocio

PADROES = {
    "ACESSO_MAX_FALHAS_CONTA": 5,  # failures per account (login, document) inside the window
    "ACESSO_MAX_FALHAS_IP": 20,  # failures per client address inside the window
    "ACESSO_JANELA_SEGUNDOS": 15 * 60,
    "ACESSO_BLOQUEIO_SEGUNDOS": 15 * 60,  # cool-off
}


def _config(nome: str) -> int:
    return int(getattr(settings, nome, PADROES[nome]))


class AcessoBloqueado(ErroDeNegocio):
    mensagem_padrao = "Muitas tentativas sem sucesso. Por segurança, o acesso foi bloqueado temporariamente."

    def __init__(self, segundos: int) -> None:
        self.segundos = max(1, segundos)
        minutos = math.ceil(self.segundos / 60)
        espera = f"{minutos} minuto{'s' if minutos > 1 else ''}"
        super().__init__(
            f"Muitas tentativas sem sucesso. Por segurança, o acesso foi bloqueado temporariamente: "
            f"tente novamente em {espera}."
        )


@dataclass(frozen=True)
class Chave:
    tipo: str  # "conta" | "ip"
    valor: str

    def limite(self) -> int:
        return _config("ACESSO_MAX_FALHAS_IP" if self.tipo == "ip" else "ACESSO_MAX_FALHAS_CONTA")


def chaves(*, conta: str | None, ip: str | None) -> list[Chave]:
    resultado = []
    if conta:
        resultado.append(Chave("conta", conta.strip().lower()))
    if ip:
        resultado.append(Chave("ip", ip))
    return resultado


def _nome(escopo: str, chave: Chave, sufixo: str) -> str:
    resumo = hashlib.sha256(f"{chave.tipo}:{chave.valor}".encode()).hexdigest()[:32]
    return f"acesso:{escopo}:{sufixo}:{resumo}"


def verificar(escopo: str, lista: list[Chave]) -> None:
    """Raises AcessoBloqueado while any key of the list is in its cool-off."""
    agora = time.time()
    for chave in lista:
        ate = cache.get(_nome(escopo, chave, "bloqueio"))
        if ate is not None and ate > agora:
            raise AcessoBloqueado(math.ceil(ate - agora))


def registrar_falha(escopo: str, lista: list[Chave]) -> list[Chave]:
    """Counts one failure for each key; returns the keys that this failure has just blocked."""
    janela, bloqueio = _config("ACESSO_JANELA_SEGUNDOS"), _config("ACESSO_BLOQUEIO_SEGUNDOS")
    bloqueadas = []
    for chave in lista:
        contador = _nome(escopo, chave, "falhas")
        cache.add(contador, 0, timeout=janela)
        try:
            falhas = cache.incr(contador)
        except ValueError:  # expired between add and incr
            cache.set(contador, 1, timeout=janela)
            falhas = 1
        if falhas >= chave.limite():
            cache.set(_nome(escopo, chave, "bloqueio"), time.time() + bloqueio, timeout=bloqueio)
            cache.delete(contador)
            bloqueadas.append(chave)
    return bloqueadas


def limpar(escopo: str, lista: list[Chave]) -> None:
    """After a success: the account's failures are forgotten (never the address's, nor an active block)."""
    for chave in lista:
        if chave.tipo == "conta":
            cache.delete(_nome(escopo, chave, "falhas"))


def liberar_conta(escopo: str, conta: str) -> None:
    """Lifts the account's block and failures (never the address's): its owner proved who it is another way, by a
    link sent to the registered e-mail."""
    for chave in chaves(conta=conta, ip=None):
        cache.delete(_nome(escopo, chave, "falhas"))
        cache.delete(_nome(escopo, chave, "bloqueio"))
