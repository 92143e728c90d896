"""Who may reach what. Every portal view is wrapped in `portal_requer(...)` and every back-office view in
`retaguarda_requer(...)`; object access helpers of the other apps (`acessar_lote(contexto, id)`, …) take the
`ContextoPortal` these put on the request, so a provider's user only ever reaches its own data with the chosen
operadora."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from operadora.registry.models import Credenciamento, Operadora, Prestador

from .models import Usuario
from .permissoes import PermissaoOperadora, PermissaoPortal

SESSAO_OPERADORA = "portal_operadora_id"
LOGIN_PORTAL = "/portal/entrar/"
LOGIN_RETAGUARDA = "/operadora/entrar/"
ESCOLHER_OPERADORA = "/portal/operadora/"


@dataclass(frozen=True)
class ContextoPortal:
    usuario: Usuario
    prestador: Prestador
    operadora: Operadora
    credenciamento: Credenciamento

    def pode(self, permissao: PermissaoPortal) -> bool:
        return permissoes_portal(self.usuario) >= {permissao}


def permissoes_portal(usuario: Usuario) -> set[PermissaoPortal]:
    """The provider itself has every permission; a representative has those of its security groups."""
    if usuario.tipo == Usuario.Tipo.PRESTADOR:
        return set(PermissaoPortal)
    if usuario.tipo == Usuario.Tipo.REPRESENTANTE:
        return {PermissaoPortal(p) for p in getattr(usuario, "permissoes_portal_concedidas", lambda: [])()}
    return set()


def contexto_portal(request: HttpRequest) -> ContextoPortal | None:
    """The portal context of a signed-in provider user with a chosen, active credentialing; None otherwise."""
    usuario = request.user
    if not usuario.is_authenticated or not isinstance(usuario, Usuario) or usuario.prestador_id is None:
        return None
    operadora_id = request.session.get(SESSAO_OPERADORA)
    if operadora_id is None:
        return None
    credenciamento = (
        Credenciamento.objects.select_related("operadora", "prestador")
        .filter(prestador_id=usuario.prestador_id, operadora_id=operadora_id,
                situacao=Credenciamento.Situacao.ATIVO, operadora__ativa=True)
        .first()
    )
    if credenciamento is None:
        return None
    return ContextoPortal(usuario, credenciamento.prestador, credenciamento.operadora, credenciamento)


def portal_requer(*permissoes: PermissaoPortal) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Portal view decorator: signed-in provider user, chosen operadora, and every permission listed.
    Puts the `ContextoPortal` on `request.portal`."""

    def decorador(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def envolvida(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            usuario = request.user
            if not usuario.is_authenticated or getattr(usuario, "prestador_id", None) is None:
                return redirect_to_login(request.get_full_path(), LOGIN_PORTAL)
            contexto = contexto_portal(request)
            if contexto is None:
                return redirect(ESCOLHER_OPERADORA)
            if not all(contexto.pode(p) for p in permissoes):
                raise PermissionDenied("Seu perfil não dá acesso a esta funcionalidade.")
            request.portal = contexto  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return envolvida

    return decorador


def permissoes_operadora(usuario: Usuario) -> set[PermissaoOperadora]:
    if not usuario.is_authenticated or usuario.tipo != Usuario.Tipo.OPERADORA or not usuario.is_active:
        return set()
    if usuario.is_superuser:
        return set(PermissaoOperadora)
    concedidas = usuario.get_all_permissions()
    return {p for p in PermissaoOperadora if f"accounts.{p.value}" in concedidas}


def retaguarda_requer(
    *permissoes: PermissaoOperadora,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Back-office view decorator: signed-in staff (second factor verified) with every permission listed."""

    def decorador(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def envolvida(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            usuario = request.user
            if not usuario.is_authenticated or getattr(usuario, "tipo", None) != Usuario.Tipo.OPERADORA:
                return redirect_to_login(request.get_full_path(), LOGIN_RETAGUARDA)
            if not permissoes_operadora(usuario) >= set(permissoes):
                raise PermissionDenied("Seu papel não dá acesso a esta funcionalidade.")
            return view(request, *args, **kwargs)

        return envolvida

    return decorador
