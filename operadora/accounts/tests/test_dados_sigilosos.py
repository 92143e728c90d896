"""Passwords and second-factor codes never reach an error report (Django's mail_admins/log of a 500 lists the
POST data except the parameters the view marks as sensitive)."""

import pytest
from django.views.debug import SafeExceptionReporterFilter

from operadora.core.testing import SENHA_TESTE

SIGILOSO = "Segredo-123-sigiloso"


def _relatorio(resposta):
    """The POST data as an error report of this request would show it."""
    return SafeExceptionReporterFilter().get_post_parameters(resposta.wsgi_request)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "campos"),
    [
        ("/portal/entrar/", ["senha"]),
        ("/portal/obter-acesso/registro/", ["senha", "senha2"]),
        ("/operadora/entrar/", ["senha"]),
        ("/operadora/entrar/verificacao/", ["codigo"]),
    ],
)
def test_senha_e_codigo_ficam_ocultos_no_relatorio_de_erro_das_paginas_publicas(client, url, campos):
    # given a sign-in page; when someone posts a password (or TOTP code)
    resposta = client.post(url, {**dict.fromkeys(campos, SIGILOSO), "documento": "x", "login": "x"})
    # then an error report of that request would not show it
    relatorio = _relatorio(resposta)
    assert all(relatorio[campo] != SIGILOSO for campo in campos)
    assert relatorio.get("login", relatorio.get("documento")) == "x"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "campos"),
    [
        ("/portal/conta/senha/", ["old_password", "new_password1", "new_password2"]),
        ("/portal/conta/email/", ["senha"]),
    ],
)
def test_senha_fica_oculta_no_relatorio_de_erro_das_paginas_da_conta(cliente_portal, url, campos):
    # given a signed-in provider user; when it posts its passwords on "Meu acesso"
    resposta = cliente_portal.post(url, dict.fromkeys(campos, SIGILOSO) | {"email": "a@b.com.br"})
    # then an error report of that request would not show them, and nothing changed
    relatorio = _relatorio(resposta)
    assert all(relatorio[campo] != SIGILOSO for campo in campos)
    cliente_portal.usuario.refresh_from_db()
    assert cliente_portal.usuario.check_password(SENHA_TESTE)
