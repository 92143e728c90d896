"""What every app's models share: timestamps and the audit log (LGPD: who changed or viewed what, when)."""

from django.conf import settings
from django.db import models


class ModeloComDatas(models.Model):
    criado_em = models.DateTimeField("criado em", auto_now_add=True)
    atualizado_em = models.DateTimeField("atualizado em", auto_now=True)

    class Meta:
        abstract = True


class EventoAuditoria(models.Model):
    """One audited fact. Written only through `operadora.core.auditoria.registrar`; never updated."""

    quando = models.DateTimeField("quando", auto_now_add=True, db_index=True)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="usuário", null=True, blank=True, on_delete=models.SET_NULL
    )
    acao = models.CharField("ação", max_length=80, db_index=True)
    objeto_tipo = models.CharField("tipo do objeto", max_length=80, blank=True)
    objeto_id = models.CharField("id do objeto", max_length=64, blank=True)
    descricao = models.CharField("descrição", max_length=500, blank=True)
    detalhes = models.JSONField("detalhes", default=dict, blank=True)
    ip = models.GenericIPAddressField("endereço IP", null=True, blank=True)

    class Meta:
        verbose_name = "evento de auditoria"
        verbose_name_plural = "eventos de auditoria"
        ordering = ["-quando", "-id"]
        indexes = [models.Index(fields=["objeto_tipo", "objeto_id"], name="auditoria_objeto_idx")]

    def __str__(self) -> str:
        return f"{self.quando:%d/%m/%Y %H:%M} {self.acao} {self.objeto_tipo}#{self.objeto_id}"
