"""Signed, expiring links sent by e-mail (Django's token generator and signing; nothing hand-rolled).

- set a password (recovery, a representative's invitation): Django's `default_token_generator`, void once the
  password changes;
- validate an *Obter acesso* registration: `validacao_de_acesso`, void once the access is active;
- confirm a new e-mail address: a signed payload (`assinar_troca_de_email`), void once the address changed.
All expire after settings.PASSWORD_RESET_TIMEOUT (3 days by default); the e-mail change after 2 days."""

from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core import signing
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

SAL_TROCA_EMAIL = "operadora.accounts.troca_de_email"
VALIDADE_TROCA_EMAIL = 2 * 24 * 60 * 60


class TokenDeValidacaoDeAcesso(PasswordResetTokenGenerator):
    key_salt = "operadora.accounts.validacao_de_acesso"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{user.pk}{user.password}{user.is_active}{user.email}{timestamp}"


validacao_de_acesso = TokenDeValidacaoDeAcesso()
definicao_de_senha = default_token_generator


def uid(usuario: Any) -> str:
    return urlsafe_base64_encode(force_bytes(usuario.pk))


def id_do_uid(uidb64: str) -> int | None:
    try:
        valor = force_str(urlsafe_base64_decode(uidb64))
    except (TypeError, ValueError):
        return None
    return int(valor) if valor.isdigit() else None


def assinar_troca_de_email(*, usuario_id: int, novo: str, atual: str) -> str:
    return signing.dumps({"u": usuario_id, "n": novo, "a": atual}, salt=SAL_TROCA_EMAIL, compress=True)


def ler_troca_de_email(token: str) -> dict[str, Any] | None:
    try:
        return signing.loads(token, salt=SAL_TROCA_EMAIL, max_age=VALIDADE_TROCA_EMAIL)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
