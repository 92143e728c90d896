"""Who may reach what. Every portal view is wrapped in `portal_requer(...)` (or, for the few pages before the
operadora is chosen, `portal_autenticado`; for sign-in pages, `portal_publica`) and every back-office view in
`retaguarda_requer(...)`; object access helpers of the other apps (`acessar_lote(contexto, id)`, …) take the
`ContextoPortal` these put on the request, so a provider's user only ever reaches its own data with the chosen
operadora.

The decorators mark the view (`view.acesso_portal`, `view.acesso_retaguarda`) so that the isolation tests can
discover, for every portal URL, what it requires (see operadora/portal/tests/test_isolamento.py)."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from operadora.registry.models import Credenciamento, Operadora, Prestador
from operadora.registry.selectors import credenciamentos_ativos

from .models import Usuario
from .permissoes import PermissaoOperadora, PermissaoPortal
from .sessao import SESSAO_2FA

SESSAO_OPERADORA = "portal_operadora_id"
LOGIN_PORTAL = "/portal/entrar/"
LOGIN_RETAGUARDA = "/operadora/entrar/"
ESCOLHER_OPERADORA = "/portal/operadora/"

View = Callable[..., HttpResponseBase]


@dataclass(frozen=True)
class ContextoPortal:
    usuario: Usuario
    prestador: Prestador
    operadora: Operadora
    credenciamento: Credenciamento
    # Every operadora this user may switch to (id, nome fantasia), by name: the header's switcher.
    operadoras: tuple[tuple[int, str], ...] = ()

    def pode(self, permissao: PermissaoPortal) -> bool:
        return permissao in permissoes_portal(self.usuario)


@dataclass(frozen=True)
class AcessoPortal:
    """What a portal view requires; `nivel` is "publica", "autenticado" (no operadora yet) or "contexto"."""

    nivel: str
    permissoes: tuple[PermissaoPortal, ...] = ()


class RequisicaoPortal(HttpRequest):
    """The request as `portal_requer` hands it to a view: the signed-in user and the portal context (and
    django-htmx's `htmx`). Annotate portal views with it instead of ignoring types."""

    user: Usuario
    portal: ContextoPortal
    htmx: Any


class RequisicaoAutenticada(HttpRequest):
    """A request whose user is signed in (portal_autenticado, retaguarda_requer)."""

    user: Usuario
    htmx: Any


def eh_usuario_do_portal(usuario: Any) -> TypeGuard[Usuario]:
    return bool(usuario.is_authenticated and getattr(usuario, "prestador_id", None) is not None
                and usuario.tipo in (Usuario.Tipo.PRESTADOR, Usuario.Tipo.REPRESENTANTE))


def permissoes_portal(usuario: Usuario) -> set[PermissaoPortal]:
    """The provider itself has every permission; a representative has those of its security groups."""
    if not usuario.is_active:
        return set()
    if usuario.tipo == Usuario.Tipo.PRESTADOR:
        return set(PermissaoPortal)
    if usuario.tipo == Usuario.Tipo.REPRESENTANTE:
        return {PermissaoPortal(p) for p in usuario.permissoes_portal_concedidas()}
    return set()


def contexto_portal(request: HttpRequest) -> ContextoPortal | None:
    """The portal context of a signed-in provider user with a chosen, active credentialing; None otherwise."""
    usuario = request.user
    if not eh_usuario_do_portal(usuario):
        return None
    operadora_id = request.session.get(SESSAO_OPERADORA)
    if operadora_id is None:
        return None
    prestador_id = usuario.prestador_id
    if prestador_id is None:
        return None
    # One query on every portal page: the provider's active credentialings (a handful), the chosen one among them.
    ativos = list(credenciamentos_ativos(prestador_id).select_related("prestador").order_by("operadora__nome_fantasia"))
    credenciamento = next((c for c in ativos if c.operadora_id == operadora_id), None)
    if credenciamento is None:
        return None
    return ContextoPortal(usuario, credenciamento.prestador, credenciamento.operadora, credenciamento,
                          tuple((c.operadora_id, c.operadora.nome_fantasia) for c in ativos))


def _marcar(view: View, envolvida: View, acesso: AcessoPortal) -> View:
    envolvida.acesso_portal = acesso  # type: ignore[attr-defined]
    return envolvida


def portal_requer(*permissoes: PermissaoPortal) -> Callable[[View], View]:
    """Portal view decorator: signed-in provider user, chosen operadora, and every permission listed.
    Puts the `ContextoPortal` on `request.portal`; 403 when a security group is missing."""

    def decorador(view: View) -> View:
        @wraps(view)
        def envolvida(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not eh_usuario_do_portal(request.user):
                return redirect_to_login(request.get_full_path(), LOGIN_PORTAL)
            contexto = contexto_portal(request)
            if contexto is None:
                return redirect_to_login(request.get_full_path(), ESCOLHER_OPERADORA)
            if not all(contexto.pode(p) for p in permissoes):
                raise PermissionDenied("Seu perfil não dá acesso a esta funcionalidade.")
            request.portal = contexto  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return _marcar(view, envolvida, AcessoPortal("contexto", tuple(permissoes)))

    return decorador


def portal_autenticado(view: View) -> View:
    """For the pages a signed-in provider user reaches before choosing the operadora (choice, own account)."""

    @wraps(view)
    def envolvida(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not eh_usuario_do_portal(request.user):
            return redirect_to_login(request.get_full_path(), LOGIN_PORTAL)
        request.portal = contexto_portal(request)  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return _marcar(view, envolvida, AcessoPortal("autenticado"))


def portal_publica(view: View) -> View:
    """Marks a portal page that anyone reaches (sign-in, Obter acesso, recovery, e-mailed links)."""
    view.acesso_portal = AcessoPortal("publica")  # type: ignore[attr-defined]
    return view


def permissoes_operadora(usuario: Usuario | AnonymousUser) -> set[PermissaoOperadora]:
    if not isinstance(usuario, Usuario) or usuario.tipo != Usuario.Tipo.OPERADORA or not usuario.is_active:
        return set()
    if usuario.is_superuser:
        return set(PermissaoOperadora)
    concedidas = usuario.get_all_permissions()
    return {p for p in PermissaoOperadora if f"accounts.{p.value}" in concedidas}


def eh_equipe_verificada(request: HttpRequest) -> bool:
    usuario = request.user
    return (usuario.is_authenticated and getattr(usuario, "tipo", None) == Usuario.Tipo.OPERADORA
            and bool(request.session.get(SESSAO_2FA)))


def retaguarda_requer(*permissoes: PermissaoOperadora) -> Callable[[View], View]:
    """Back-office view decorator: signed-in staff whose TOTP second factor was verified in this session, with
    every permission listed (403 otherwise)."""

    def decorador(view: View) -> View:
        @wraps(view)
        def envolvida(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not eh_equipe_verificada(request):
                return redirect_to_login(request.get_full_path(), LOGIN_RETAGUARDA)
            if not permissoes_operadora(request.user) >= set(permissoes):
                raise PermissionDenied("Seu papel não dá acesso a esta funcionalidade.")
            return view(request, *args, **kwargs)

        envolvida.acesso_retaguarda = tuple(permissoes)  # type: ignore[attr-defined]
        return envolvida

    return decorador
