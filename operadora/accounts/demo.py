"""Demo logins: one portal user per demo prestador (login = CPF/CNPJ), one representative per prestador (login =
a CPF, groups Faturamento + Autorizações + Acesso ao chat) and one staff member per role, each with a fixed TOTP
secret (derived from the login, so `operadora demo --json` is stable and scripted journeys can sign in)."""

import base64
import hashlib
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from operadora.registry.demo import DemoRegistro

from .models import Usuario
from .permissoes import PermissaoPortal

SENHA_PRESTADOR = "Portal#2026demo"
SENHA_EQUIPE = "Operadora#2026demo"
SENHA_REPRESENTANTE = "Representante#2026demo"
GRUPOS_REPRESENTANTE = [PermissaoPortal.ACESSO_CHAT, PermissaoPortal.FATURAMENTO, PermissaoPortal.AUTORIZACOES]

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
    totp_secret: str = ""


def segredo_totp_demo(login: str) -> str:
    """A fixed base32 TOTP secret per demo login (demo only: real staff enrol a random one at first sign-in)."""
    return base64.b32encode(hashlib.sha256(f"operadora-aberta-demo:{login}".encode()).digest()[:20]).decode()


def cpf_representante_demo(prestador_cpf_cnpj: str) -> str:
    from stdnum.br import cpf

    base = f"{random.Random(prestador_cpf_cnpj).randrange(10**8, 10**9):09d}"
    return next(base + f"{dv:02d}" for dv in range(100) if cpf.is_valid(base + f"{dv:02d}"))


@transaction.atomic
def criar(registro: DemoRegistro) -> list[LoginDemo]:
    """Creates the logins that do not exist yet; returns the staff logins."""
    for prestador in registro.prestadores.values():
        if not Usuario.objects.filter(username=prestador.cpf_cnpj).exists():
            usuario = Usuario(username=prestador.cpf_cnpj, first_name=prestador.nome[:150], email=prestador.email,
                              tipo=Usuario.Tipo.PRESTADOR, prestador=prestador)
            usuario.set_password(SENHA_PRESTADOR)
            usuario.save()
        login_representante = cpf_representante_demo(prestador.cpf_cnpj)
        if not Usuario.objects.filter(username=login_representante).exists():
            representante = Usuario(username=login_representante, first_name=f"Representante {prestador}"[:150],
                                    email=f"representante.{login_representante}@prestador.exemplo.com.br",
                                    tipo=Usuario.Tipo.REPRESENTANTE, prestador=prestador, lotacao="Faturamento",
                                    cargo="Assistente administrativo", telefone="1130000000",
                                    grupos_portal=[g.value for g in GRUPOS_REPRESENTANTE])
            representante.set_password(SENHA_REPRESENTANTE)
            representante.save()
    equipe = []
    for login, nome, papel, superusuario in EQUIPE:
        grupo, _ = Group.objects.get_or_create(name=papel)
        if not Usuario.objects.filter(username=login).exists():
            usuario = Usuario(username=login, first_name=nome, email=f"{login}@operadora.exemplo.com.br",
                              tipo=Usuario.Tipo.OPERADORA, is_staff=True, is_superuser=superusuario)
            usuario.set_password(SENHA_EQUIPE)
            usuario.save()
            usuario.groups.add(grupo)
        segredo = segredo_totp_demo(login)
        Usuario.objects.filter(username=login, totp_secret="").update(totp_secret=segredo)
        equipe.append(LoginDemo(login, SENHA_EQUIPE, papel, segredo))
    return equipe
