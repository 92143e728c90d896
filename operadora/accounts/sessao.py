"""Session policies: idle timeout (portal 30 min, staff 15 min), absolute limit (12 h) and the numbers the
portal's visible countdown shows. Enforced on the server by `PoliticaDeSessaoMiddleware`; the countdown in the
page only tells the user what the server will do.

The middleware also keeps Django's admin behind the staff second factor: /admin/ is reached only by staff who
verified their TOTP code at /operadora/entrar/."""

import math
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from operadora.core.auditoria import ip_da_requisicao, registrar

SESSAO_INICIO = "sessao_inicio"
SESSAO_ATIVIDADE = "sessao_atividade"
SESSAO_2FA = "retaguarda_segundo_fator"  # set only after the staff TOTP code is verified

PADROES = {
    "SESSAO_PORTAL_OCIOSA_SEGUNDOS": 30 * 60,
    "SESSAO_RETAGUARDA_OCIOSA_SEGUNDOS": 15 * 60,
    "SESSAO_ABSOLUTA_SEGUNDOS": 12 * 60 * 60,
    "SESSAO_AVISO_SEGUNDOS": 2 * 60,  # the countdown warns this long before the end
    # The idle clock is written to the session at most this often: a request that follows another within it
    # does not rewrite (UPDATE + COMMIT) the session row. The countdown shows the clock as stored.
    "SESSAO_ATIVIDADE_GRANULARIDADE_SEGUNDOS": 30,
}


def config(nome: str) -> int:
    return int(getattr(settings, nome, PADROES[nome]))


def limite_ocioso(usuario) -> int:
    if getattr(usuario, "tipo", None) == "operadora":
        return config("SESSAO_RETAGUARDA_OCIOSA_SEGUNDOS")
    return config("SESSAO_PORTAL_OCIOSA_SEGUNDOS")


def iniciar(request: HttpRequest) -> None:
    """Called right after `login()`: starts the absolute and the idle clocks."""
    agora = time.time()
    request.session[SESSAO_INICIO] = agora
    request.session[SESSAO_ATIVIDADE] = agora


def _granularidade(usuario) -> int:
    """How stale the stored idle clock may be: the setting, but never more than 1/60 of the idle limit."""
    return min(config("SESSAO_ATIVIDADE_GRANULARIDADE_SEGUNDOS"), limite_ocioso(usuario) // 60)


def renovar(request: HttpRequest) -> None:
    """"Continuar conectado": restarts the idle clock now, whatever the granularity."""
    request.session[SESSAO_ATIVIDADE] = time.time()


def segundos_restantes(request: HttpRequest) -> int:
    """Seconds until the session ends if the user does nothing (idle or absolute limit, whichever is first)."""
    agora = time.time()
    inicio = request.session.get(SESSAO_INICIO, agora)
    atividade = request.session.get(SESSAO_ATIVIDADE, agora)
    ociosa = atividade + limite_ocioso(request.user) - agora
    absoluta = inicio + config("SESSAO_ABSOLUTA_SEGUNDOS") - agora
    return max(0, math.ceil(min(ociosa, absoluta)))


def _expirou(request: HttpRequest, agora: float) -> str | None:
    sessao = request.session
    inicio = sessao.get(SESSAO_INICIO)
    atividade = sessao.get(SESSAO_ATIVIDADE)
    if inicio is not None and agora - inicio > config("SESSAO_ABSOLUTA_SEGUNDOS"):
        return "absoluta"
    if atividade is not None and agora - atividade > limite_ocioso(request.user):
        return "ociosa"
    return None


class PoliticaDeSessaoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        usuario = request.user
        if usuario.is_authenticated:
            agora = time.time()
            motivo = _expirou(request, agora)
            if motivo is not None:
                registrar(acao="acesso.sessao_expirada", usuario=usuario, objeto=usuario, ip=ip_da_requisicao(request),
                          descricao=f"Sessão encerrada por limite de tempo ({motivo}).", detalhes={"motivo": motivo})
                logout(request)
                messages.warning(request, "Sua sessão expirou por inatividade. Entre novamente."
                                 if motivo == "ociosa" else "Sua sessão atingiu o limite de 12 horas. Entre novamente.")
            else:
                sessao = request.session
                if SESSAO_INICIO not in sessao:
                    sessao[SESSAO_INICIO] = agora
                atividade = sessao.get(SESSAO_ATIVIDADE)
                if atividade is None or agora - atividade >= _granularidade(usuario):
                    sessao[SESSAO_ATIVIDADE] = agora
        if request.path.startswith("/admin/") and not self._admin_liberado(request):
            return redirect_to_login(request.get_full_path(), "/operadora/entrar/")
        return self.get_response(request)

    @staticmethod
    def _admin_liberado(request: HttpRequest) -> bool:
        usuario = request.user
        return (usuario.is_authenticated and getattr(usuario, "tipo", None) == "operadora"
                and bool(request.session.get(SESSAO_2FA)))
