"""Who signs in: operator staff, providers (by CPF/CNPJ) and their representatives.

The custom user model exists from the first migration so that later access features extend it in place.
Representatives carry their security groups (`grupos_portal`, values of `PermissaoPortal`); staff carry the TOTP
secret of their second factor; staff roles are Django groups holding `PermissaoOperadora` permissions."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from .permissoes import PermissaoOperadora, PermissaoPortal


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
    telefone = models.CharField("telefone", max_length=20, blank=True)
    lotacao = models.CharField("lotação", max_length=100, blank=True)
    cargo = models.CharField("cargo", max_length=100, blank=True)
    grupos_portal = models.JSONField(
        "grupos de segurança", default=list, blank=True,
        help_text="Representantes: as funcionalidades do portal que alcançam (valores de PermissaoPortal).",
    )
    acesso_validado_em = models.DateTimeField(
        "acesso validado em", null=True, blank=True,
        help_text="Quando o e-mail de validação (Obter acesso) ou o convite de representante foi usado.",
    )
    totp_secret = models.CharField(
        "segredo TOTP", max_length=64, blank=True, help_text="Segundo fator da equipe da operadora (RFC 6238)."
    )
    totp_ultimo_passo = models.BigIntegerField(
        "último passo TOTP usado", null=True, blank=True, help_text="Impede reusar o mesmo código."
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
            ),
            models.UniqueConstraint(
                fields=["prestador"], condition=models.Q(tipo="prestador"), name="um_acesso_por_prestador"
            ),
        ]

    def permissoes_portal_concedidas(self) -> list[str]:
        validas = set(PermissaoPortal.values)
        return [p for p in self.grupos_portal or [] if p in validas]

    @property
    def rotulos_grupos_portal(self) -> list[str]:
        return [PermissaoPortal(p).label for p in self.permissoes_portal_concedidas()]
