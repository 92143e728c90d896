from django.contrib import admin

from .models import EventoAuditoria


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
