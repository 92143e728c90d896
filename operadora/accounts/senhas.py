"""The portal's password rule (seed 000: "Mínimo 8 caracteres, contendo números e letras"), as a Django password
validator so that every form that sets a password applies it together with Django's own validators."""

from typing import Any

from django.core.exceptions import ValidationError


class LetrasENumerosValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
            raise ValidationError("A senha deve conter letras e números.", code="senha_sem_letras_e_numeros")

    def get_help_text(self) -> str:
        return "A senha deve conter letras e números."
