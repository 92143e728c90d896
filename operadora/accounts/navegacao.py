"""Where to go after signing in (a safe `next`) and the site origin for links in e-mails."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def origem(request: HttpRequest) -> str:
    """scheme://host of this request, for the links in e-mails."""
    return request.build_absolute_uri("/").rstrip("/")


def proximo_seguro(request: HttpRequest, padrao: str, *, campo: str = "next") -> str:
    """The `campo` parameter (`next` by default) when it is a path of this site ("/…"); `padrao` otherwise (no open
    redirect, and no bare word that `redirect()` would try to reverse as a URL name)."""
    proximo = request.POST.get(campo) or request.GET.get(campo) or ""
    if proximo.startswith("/") and url_has_allowed_host_and_scheme(
        proximo, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return proximo
    return padrao
