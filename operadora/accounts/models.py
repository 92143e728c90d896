"""Who signs in: operator staff, providers (by CPF/CNPJ) and their representatives.

The custom user model exists from the first migration so that later access features extend it in place."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from .permissoes import PermissaoOperadora


class Usuario(AbstractUser):
    class Tipo(models.TextChoices):
        OPERADORA = "operadora", "Equipe da operadora"
        PRESTADOR = "prestador", "Prestador"
        REPRESENTANTE = "representante", "Representante do prestador"

    tipo = models.CharField("tipo de usuário", max_length=20, choices=Tipo.choices, default=Tipo.OPERADORA)
    prestador = models.ForeignKey(
        "registry.Prestador",
        verbose_name="prestador",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="usuarios",
        help_text="Para prestadores e seus representantes: de quem são os dados que o usuário alcança.",
    )

    class Meta:
        verbose_name = "usuário"
        verbose_name_plural = "usuários"
        permissions = [(p.value, p.label) for p in PermissaoOperadora]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tipo="operadora", prestador__isnull=True)
                | (~models.Q(tipo="operadora") & models.Q(prestador__isnull=False)),
                name="usuario_prestador_coerente",
            )
        ]
