from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from .auditoria import registrar_visualizacao
from .models import EventoAuditoria


class VisualizacaoAuditadaAdmin(admin.ModelAdmin):
    """For models holding health data (CID, clinical indication, justifications): opening one in the admin is
    recorded like the back-office pages that show it (`auditoria.registrar_visualizacao`)."""

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        resposta = super().change_view(request, object_id, form_url, extra_context)
        objeto = getattr(resposta, "context_data", {}).get("original") if resposta.status_code == 200 else None
        if objeto is not None:
            registrar_visualizacao(request, acao="admin.visualizado", objeto=objeto,
                                   descricao=f"{objeto._meta.verbose_name} aberto(a) no admin.")
        return resposta


@admin.register(EventoAuditoria)
class EventoAuditoriaAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by services and never edited."""

    list_display = ["quando", "usuario", "acao", "objeto_tipo", "objeto_id", "ip"]
    list_filter = ["acao"]
    search_fields = ["acao", "objeto_id", "descricao", "usuario__username"]
    date_hierarchy = "quando"

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
