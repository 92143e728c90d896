"""Users and staff roles in /admin/ (Administração de cadastros). Django's admin writes them with its own forms;
every grant or removal made there goes to the audit log through `services.auditar_administracao`."""

import datetime
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.http import HttpRequest, HttpResponse

from operadora.core.auditoria import ip_da_requisicao
from operadora.core.erros import ErroDeNegocio

from . import services
from .acesso import permissoes_operadora
from .models import Usuario
from .permissoes import PermissaoOperadora


def _valor_auditavel(valor: Any) -> Any:
    """A form value as the audit log keeps it: groups by name, permissions by codename, sorted; dates in ISO."""
    if isinstance(valor, models.QuerySet | list | tuple | set):
        return sorted(_valor_auditavel(item) for item in valor)
    if isinstance(valor, models.Model):
        return getattr(valor, "codename", None) or str(valor)
    if isinstance(valor, datetime.date):
        return valor.isoformat()
    return valor


def mudancas_do_formulario(form: Any) -> dict[str, dict[str, Any]]:
    """{field: {"antes", "depois"}} for what the admin form changed; passwords are never recorded."""
    mudancas = {}
    for campo in form.changed_data:
        if "password" in campo:
            continue
        antes = _valor_auditavel(form.initial.get(campo))
        depois = _valor_auditavel(form.cleaned_data.get(campo))
        if antes != depois:
            mudancas[campo] = {"antes": antes, "depois": depois}
    return mudancas


class AuditadoNaAdministracao(admin.ModelAdmin):  # type: ignore[type-arg]
    tipo_auditoria = ""  # "usuario" | "papel"

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # the groups and permissions are saved by now
        services.auditar_administracao(por=request.user, objeto=form.instance,  # type: ignore[arg-type]
                                       tipo=self.tipo_auditoria, evento="alterado" if change else "criado",
                                       mudancas=mudancas_do_formulario(form), ip=ip_da_requisicao(request))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.auditar_administracao(por=request.user, objeto=obj, tipo=self.tipo_auditoria,  # type: ignore[arg-type]
                                       evento="excluido", mudancas=None, ip=ip_da_requisicao(request))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        por: Any = request.user
        for obj in queryset:
            services.auditar_administracao(por=por, objeto=obj, tipo=self.tipo_auditoria, evento="excluido",
                                           mudancas=None, ip=ip_da_requisicao(request))
        super().delete_queryset(request, queryset)


@admin.register(Usuario)
class UsuarioAdmin(AuditadoNaAdministracao, UserAdmin):  # type: ignore[type-arg]
    tipo_auditoria = "usuario"
    list_display = ["username", "first_name", "email", "tipo", "prestador", "is_active"]
    list_filter = ["tipo", "is_active", "is_staff", "groups"]
    raw_id_fields = ["prestador"]
    fieldsets = [*(UserAdmin.fieldsets or ()),
                 ("Operadora Aberta", {"fields": ["tipo", "prestador", "segundo_fator"]})]
    readonly_fields = ["segundo_fator"]
    actions = ["redefinir_segundo_fator"]

    @admin.display(description="segundo fator (TOTP)")
    def segundo_fator(self, obj: Usuario) -> str:
        if obj.tipo != Usuario.Tipo.OPERADORA:
            return "—"
        if obj.totp_secret:
            return "Configurado. Perdeu o aplicativo? Use a ação “Redefinir o segundo fator” na lista de usuários."
        return "Não configurado: cadastra o aplicativo autenticador na próxima entrada."

    def has_administracao_permission(self, request: HttpRequest) -> bool:
        return PermissaoOperadora.ADMINISTRACAO in permissoes_operadora(request.user)  # type: ignore[arg-type]

    @admin.action(description="Redefinir o segundo fator (TOTP): cadastra o aplicativo de novo na próxima entrada",
                  permissions=["administracao"])
    def redefinir_segundo_fator(self, request: HttpRequest, queryset: Any) -> None:
        por: Any = request.user
        redefinidos = []
        for usuario in queryset:
            try:
                services.redefinir_segundo_fator(por=por, usuario_id=usuario.pk, ip=ip_da_requisicao(request))
            except ErroDeNegocio as erro:
                self.message_user(request, f"{usuario.username}: {erro.mensagem}", messages.ERROR)
            else:
                redefinidos.append(usuario.username)
        if redefinidos:
            self.message_user(request, f"Segundo fator redefinido: {', '.join(redefinidos)}. Na próxima entrada, "
                                       "cada um cadastra o aplicativo autenticador de novo.", messages.SUCCESS)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        antes = Usuario.objects.filter(pk=unquote(id)).values_list("password", flat=True).first()
        resposta = super().user_change_password(request, id, form_url)
        usuario = Usuario.objects.filter(pk=unquote(id)).first()
        if request.method == "POST" and usuario is not None and usuario.password != antes:
            por: Any = request.user
            services.auditar_senha_definida_na_administracao(por=por, usuario=usuario, ip=ip_da_requisicao(request))
        return resposta


admin.site.unregister(Group)


@admin.register(Group)
class PapelAdmin(AuditadoNaAdministracao, GroupAdmin):
    """The staff roles (`PAPEIS_DA_OPERADORA`): what each grants changes every member's reach."""

    tipo_auditoria = "papel"
