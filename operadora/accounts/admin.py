from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Usuario


@admin.register(Usuario)
class UsuarioAdmin(UserAdmin):
    list_display = ["username", "first_name", "email", "tipo", "prestador", "is_active"]
    list_filter = ["tipo", "is_active", "is_staff", "groups"]
    raw_id_fields = ["prestador"]
    fieldsets = [*(UserAdmin.fieldsets or ()), ("Operadora Aberta", {"fields": ["tipo", "prestador"]})]
