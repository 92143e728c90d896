"""The access e-mails (plain text, pt-BR), sent after the transaction commits."""

from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string


def enviar_apos_commit(*, para: str, assunto: str, template: str, contexto: dict[str, Any]) -> None:
    corpo = render_to_string(f"accounts/email/{template}.txt", contexto)

    def enviar() -> None:
        send_mail(f"[Operadora Aberta] {assunto}", corpo, None, [para])

    transaction.on_commit(enviar)
