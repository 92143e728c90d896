"""Demo logins: one portal user per demo prestador (login = CPF/CNPJ) and one staff member per role."""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from operadora.registry.demo import DemoRegistro

from .models import Usuario

SENHA_PRESTADOR = "Portal#2026demo"
SENHA_EQUIPE = "Operadora#2026demo"

# login, nome, papel (grupo), superusuário
EQUIPE = [
    ("admin", "Administradora Demo", "Administrador", True),
    ("atendente", "Atendente Demo", "Atendente CRM", False),
    ("auditor", "Auditor Médico Demo", "Auditor médico", False),
    ("analista", "Analista de Contas Demo", "Analista de contas", False),
    ("financeiro", "Financeiro Demo", "Financeiro", False),
]


@dataclass(frozen=True)
class LoginDemo:
    login: str
    senha: str
    papel: str


@transaction.atomic
def criar(registro: DemoRegistro) -> list[LoginDemo]:
    """Creates the logins that do not exist yet; returns the staff logins."""
    for prestador in registro.prestadores.values():
        if not Usuario.objects.filter(username=prestador.cpf_cnpj).exists():
            usuario = Usuario(username=prestador.cpf_cnpj, first_name=prestador.nome[:150], email=prestador.email,
                              tipo=Usuario.Tipo.PRESTADOR, prestador=prestador)
            usuario.set_password(SENHA_PRESTADOR)
            usuario.save()
    equipe = []
    for login, nome, papel, superusuario in EQUIPE:
        grupo, _ = Group.objects.get_or_create(name=papel)
        if not Usuario.objects.filter(username=login).exists():
            usuario = Usuario(username=login, first_name=nome, email=f"{login}@operadora.exemplo.com.br",
                              tipo=Usuario.Tipo.OPERADORA, is_staff=True, is_superuser=superusuario)
            usuario.set_password(SENHA_EQUIPE)
            usuario.save()
            usuario.groups.add(grupo)
        equipe.append(LoginDemo(login, SENHA_EQUIPE, papel))
    return equipe
