"""Reads of access shared by pages and the API. `acessar_representante` is THE way to reach a representative:
it filters by the signed-in user's provider, so another provider's representative is a 404."""

from django.db.models import Q, QuerySet
from django.http import Http404

from operadora.registry.models import Credenciamento
from operadora.registry.selectors import credenciamentos_ativos

from .acesso import ContextoPortal
from .models import Usuario


def representantes(contexto: ContextoPortal, *, cpf: str = "", nome: str = "") -> QuerySet[Usuario]:
    consulta = Usuario.objects.filter(prestador=contexto.prestador, tipo=Usuario.Tipo.REPRESENTANTE)
    cpf = "".join(c for c in cpf if c.isdigit())
    if cpf:
        consulta = consulta.filter(username__startswith=cpf)
    if nome.strip():
        consulta = consulta.filter(Q(first_name__icontains=nome.strip()) | Q(last_name__icontains=nome.strip()))
    return consulta.order_by("-is_active", "first_name")


def acessar_representante(contexto: ContextoPortal, representante_id: int) -> Usuario:
    representante = Usuario.objects.filter(pk=representante_id, prestador=contexto.prestador,
                                           tipo=Usuario.Tipo.REPRESENTANTE).first()
    if representante is None:
        raise Http404("Representante não encontrado.")
    return representante


def credenciamentos_do_usuario(usuario: Usuario) -> QuerySet[Credenciamento]:
    """The operadoras a provider's user may choose (active credentialing, active operadora)."""
    if usuario.prestador_id is None:
        return Credenciamento.objects.none()
    return credenciamentos_ativos(usuario.prestador_id).order_by("operadora__nome_fantasia")


def credenciamento_unico(usuario: Usuario) -> Credenciamento | None:
    """When the provider serves exactly one operadora, the portal chooses it without asking."""
    ativos = list(credenciamentos_do_usuario(usuario)[:2])
    return ativos[0] if len(ativos) == 1 else None
