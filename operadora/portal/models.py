"""The portal's own data: the operator's messages to its providers ("Mensagens da operadora", with the *Nova* badge
per user) and how often each user opens each quick-access tile ("Serviços mais acessados por você")."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from operadora.core.models import ModeloComDatas


class MensagemOperadora(ModeloComDatas):
    operadora = models.ForeignKey("registry.Operadora", on_delete=models.PROTECT, related_name="mensagens")
    titulo = models.CharField("título da mensagem", max_length=150)
    texto = models.TextField("texto")
    para_todos = models.BooleanField(
        "para todos os prestadores", default=True,
        help_text="Desmarcado: só os prestadores escolhidos (credenciados da operadora) veem a mensagem.",
    )
    prestadores = models.ManyToManyField("registry.Prestador", verbose_name="prestadores", blank=True,
                                         related_name="mensagens_recebidas")
    publicada_em = models.DateTimeField("enviada em", default=timezone.now, db_index=True)
    publicada_por = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="publicada por", null=True,
                                      on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "mensagem da operadora"
        verbose_name_plural = "mensagens da operadora"
        ordering = ["-publicada_em", "-id"]
        indexes = [models.Index(fields=["operadora", "-publicada_em"], name="mensagem_operadora_data_idx")]

    def __str__(self) -> str:
        return self.titulo


class LeituraMensagem(models.Model):
    mensagem = models.ForeignKey(MensagemOperadora, on_delete=models.CASCADE, related_name="leituras")
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lida_em = models.DateTimeField("lida em", auto_now_add=True)

    class Meta:
        verbose_name = "leitura de mensagem"
        verbose_name_plural = "leituras de mensagens"
        constraints = [models.UniqueConstraint(fields=["mensagem", "usuario"], name="leitura_unica")]

    def __str__(self) -> str:
        return f"{self.mensagem_id} lida por {self.usuario_id}"


class UsoDeAtalho(models.Model):
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    chave = models.CharField("atalho", max_length=60)
    acessos = models.PositiveIntegerField("acessos", default=0)
    ultimo_acesso = models.DateTimeField("último acesso", default=timezone.now)

    class Meta:
        verbose_name = "uso de atalho"
        verbose_name_plural = "usos de atalhos"
        constraints = [models.UniqueConstraint(fields=["usuario", "chave"], name="uso_de_atalho_unico")]

    def __str__(self) -> str:
        return f"{self.chave}: {self.acessos}"
