"""Fixtures every app's tests share (a pytest plugin, loaded by the root conftest.py).

They build small, explicit registers with the services and models, not mocks."""

import base64
import datetime
import os
import re
import shutil
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connections
from django.test import Client

from operadora.registry.models import (
    Beneficiario,
    CoberturaPlano,
    Contrato,
    Credenciamento,
    GrupoProcedimento,
    Operadora,
    Plano,
    PrecoContratado,
    Prestador,
)

if TYPE_CHECKING:
    from operadora.accounts.models import Usuario


def texto_do_pdf(conteudo: bytes) -> bytes:
    """The page streams of a reportlab PDF (ASCII85 then Flate), decoded: its text is in `(…) Tj` operators
    (Latin-1 letters as octal escapes, e.g. 'ó' is \\363)."""
    return b"".join(zlib.decompress(base64.a85decode(b"".join(fluxo.split()).removesuffix(b"~>")))
                    for fluxo in re.findall(rb"stream\r?\n(.*?)endstream", conteudo, re.S))


class ClienteComUsuario(Client):
    """A test client that remembers whom it signed in (`cliente.usuario`)."""

    usuario: "Usuario"

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def somente_postgresql(db: None) -> None:
    """For tests that count the statements of a bulk path: on SQLite `bulk_create` splits rows into batches of
    999 parameters, so the count grows with the rows by design. Production and CI run PostgreSQL (COPY)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("contagem de consultas do PostgreSQL: no SQLite o bulk_create divide as linhas em lotes")


@dataclass
class MidiaTemporaria:
    """MEDIA_ROOT in the test's tmp_path; `arquivos()` lists the files under it (relative paths, sorted)."""

    raiz: Any

    def arquivos(self) -> list[str]:
        return sorted(str(p.relative_to(self.raiz)) for p in self.raiz.rglob("*") if p.is_file())


@pytest.fixture
def midia_temporaria(settings, tmp_path) -> MidiaTemporaria:
    settings.MEDIA_ROOT = tmp_path / "media"
    return MidiaTemporaria(tmp_path / "media")


@pytest.fixture
def operadora(db) -> Operadora:
    return Operadora.objects.create(registro_ans="359017", cnpj="11444777000161", razao_social="Saúde Teste S.A.",
                                    nome_fantasia="Saúde Teste", uf="SP")


@pytest.fixture
def outra_operadora(db) -> Operadora:
    return Operadora.objects.create(registro_ans="421456", cnpj="11222333000181", razao_social="Outra Operadora",
                                    nome_fantasia="Outra", uf="MG")


def criar_prestador(operadora: Operadora, *, cnpj: str, nome: str, codigo: str, cnes: str = "2077485") -> Prestador:
    prestador = Prestador.objects.create(tipo_pessoa="J", cpf_cnpj=cnpj, nome=nome, tipo=Prestador.Tipo.CLINICA,
                                         cnes=cnes, banco="001", agencia="1234", agencia_dv="5", conta="67890",
                                         conta_dv="1")
    Credenciamento.objects.create(operadora=operadora, prestador=prestador, codigo_na_operadora=codigo,
                                  tipo_rede=Credenciamento.TipoRede.CREDENCIADA, data_inicio=datetime.date(2024, 1, 1))
    return prestador


@pytest.fixture
def prestador(operadora) -> Prestador:
    return criar_prestador(operadora, cnpj="33100200000175", nome="Clínica A", codigo="100001")


@pytest.fixture
def outro_prestador(operadora) -> Prestador:
    return criar_prestador(operadora, cnpj="33101311000104", nome="Clínica B", codigo="100002", cnes="2078015")


@pytest.fixture
def plano(operadora) -> Plano:
    plano = Plano.objects.create(operadora=operadora, registro_ans_produto="359001123", nome="Completo",
                                 segmentacoes=["ambulatorial", "hospitalar"], abrangencia="estadual",
                                 contratacao="empresarial")
    consultas = GrupoProcedimento.objects.create(operadora=operadora, codigo="consultas", nome="Consultas",
                                                 segmentacao="ambulatorial", prefixos_tuss=["101"])
    cirurgias = GrupoProcedimento.objects.create(operadora=operadora, codigo="cirurgias", nome="Cirurgias",
                                                 segmentacao="hospitalar", prefixos_tuss=["3"])
    CoberturaPlano.objects.create(plano=plano, grupo=consultas, carencia_dias=30)
    CoberturaPlano.objects.create(plano=plano, grupo=cirurgias, carencia_dias=180)
    return plano


@pytest.fixture
def beneficiario(operadora, plano) -> Beneficiario:
    contrato = Contrato.objects.create(operadora=operadora, numero="PF1", tipo="PF", dia_vencimento=10,
                                       data_inicio=datetime.date(2024, 1, 1))
    return Beneficiario.objects.create(
        operadora=operadora, carteira="35900010000", nome="Maria da Silva", data_nascimento=datetime.date(1980, 5, 17),
        sexo="F", parentesco="titular", contrato=contrato, plano=plano, data_inclusao=datetime.date(2024, 1, 2),
        cadastro_atualizado_em=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )


@pytest.fixture
def preco_consulta(operadora, prestador) -> PrecoContratado:
    return PrecoContratado.objects.create(operadora=operadora, prestador=prestador, codigo="10101012",
                                          valor=Decimal("120.00"), vigencia_inicio=datetime.date(2024, 1, 1))


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium for Playwright journeys; skipped when absent, except where REQUIRE_BROWSER=1 (CI)."""
    caminho = shutil.which("chromium") or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    if caminho is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium do Debian não encontrado (apt-get install chromium).")
        pytest.skip("Chromium do Debian não encontrado: jornadas de navegador puladas (apt-get install chromium).")
    return caminho


@pytest.fixture
def navegador(chromium_path):
    """A headless Debian chromium driven by Playwright (never a downloaded browser)."""
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test body are still sync.
    # Restored afterwards, so that it never leaks into later tests (e.g. the `check --deploy` subprocess).
    anterior = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield from _chromium(chromium_path)
    finally:
        if anterior is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = anterior


def _chromium(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def pagina(navegador):
    contexto = navegador.new_context(locale="pt-BR", timezone_id="America/Sao_Paulo")
    page = contexto.new_page()
    page.set_default_timeout(15000)
    try:
        yield page
    finally:
        # While Playwright's loop runs, the test body's ORM calls get a connection of their own (Django keeps
        # connections per async context); closed here, in that same context, or it outlives the test session and
        # the test database can't be dropped ("is being accessed by other users").
        connections.close_all()
        contexto.close()


# --- Access: signed-in clients and browser sign-in helpers (accounts) --------------------------------------------
# `cliente_portal` / `cliente_portal_outro`: Django test clients signed in as the user of `prestador` /
# `outro_prestador`, with `operadora` chosen. `cliente_representante(*permissoes)`: a representative of `prestador`
# with only those security groups. `cliente_retaguarda`: staff with every permission, second factor verified.
# Browser journeys: `entrar_no_portal(pagina, live_server.url, login, senha)` and
# `entrar_na_retaguarda(pagina, live_server.url, login, senha, totp_secret)`.

SENHA_TESTE = "Senha#2026teste"
TOTP_TESTE = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def criar_usuario_do_portal(prestador: Prestador, *, login: str | None = None, representante: bool = False,
                            permissoes=(), senha: str = SENHA_TESTE, email: str = ""):
    """The provider's own access (login = its CPF/CNPJ) or, with representante=True, a representative (login =
    the CPF given) with the security groups listed."""
    from operadora.accounts.models import Usuario

    usuario = Usuario(
        username=login or prestador.cpf_cnpj, first_name=prestador.nome[:150],
        email=email or f"{login or prestador.cpf_cnpj}@prestador.exemplo.com.br",
        tipo=Usuario.Tipo.REPRESENTANTE if representante else Usuario.Tipo.PRESTADOR, prestador=prestador,
        grupos_portal=[getattr(p, "value", p) for p in permissoes],
        acesso_validado_em=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    usuario.set_password(senha)
    usuario.save()
    return usuario


def cliente_no_portal(usuario, operadora: Operadora):
    """A test Client signed in as `usuario` with `operadora` chosen in the session."""

    from operadora.accounts.acesso import SESSAO_OPERADORA

    cliente = ClienteComUsuario()
    cliente.force_login(usuario)
    sessao = cliente.session
    sessao[SESSAO_OPERADORA] = operadora.pk
    sessao.save()
    cliente.usuario = usuario
    return cliente


@pytest.fixture
def usuario_prestador(prestador):
    return criar_usuario_do_portal(prestador)


@pytest.fixture
def usuario_outro_prestador(outro_prestador):
    return criar_usuario_do_portal(outro_prestador)


@pytest.fixture
def cliente_portal(usuario_prestador, operadora):
    return cliente_no_portal(usuario_prestador, operadora)


@pytest.fixture
def cliente_portal_outro(usuario_outro_prestador, operadora):
    return cliente_no_portal(usuario_outro_prestador, operadora)


@pytest.fixture
def cliente_representante(prestador, operadora):
    """Factory: `cliente_representante(PermissaoPortal.FATURAMENTO, ...)` → a Client signed in as a representative
    of `prestador` with only those groups (`cliente.usuario` is the representative)."""
    cpfs = iter(["52998224725", "11144477735", "12345678909", "98765432100", "39053344705"])

    def fabricar(*permissoes):
        return cliente_no_portal(criar_usuario_do_portal(prestador, login=next(cpfs), representante=True,
                                                         permissoes=permissoes), operadora)

    return fabricar


@pytest.fixture
def usuario_retaguarda(db):
    """Staff member with every back-office permission (superuser) and the TOTP secret TOTP_TESTE."""
    from operadora.accounts.models import Usuario

    usuario = Usuario(username="equipe.teste", first_name="Equipe Teste", email="equipe@operadora.exemplo.com.br",
                      tipo=Usuario.Tipo.OPERADORA, is_staff=True, is_superuser=True, totp_secret=TOTP_TESTE)
    usuario.set_password(SENHA_TESTE)
    usuario.save()
    return usuario


def cliente_na_retaguarda(usuario):
    """A test Client signed in as a staff member with the second factor verified in the session."""

    from operadora.accounts.sessao import SESSAO_2FA

    cliente = ClienteComUsuario()
    cliente.force_login(usuario)
    sessao = cliente.session
    sessao[SESSAO_2FA] = True
    sessao.save()
    cliente.usuario = usuario
    return cliente


@pytest.fixture
def cliente_retaguarda(usuario_retaguarda):
    return cliente_na_retaguarda(usuario_retaguarda)


def entrar_no_portal(pagina, live_server_url: str, login: str, senha: str, operadora_nome: str | None = None):
    """Signs in at /portal/entrar/ with CPF/CNPJ and password; chooses `operadora_nome` (or the first one) when
    the provider serves several; closes the unread-notices prompt. Ends on the portal home."""
    pagina.goto(f"{live_server_url}/portal/entrar/")
    pagina.fill("#id_documento", login)
    pagina.fill("#id_senha", senha)
    pagina.get_by_role("button", name="Entrar").click()
    pagina.wait_for_load_state()
    if "/portal/operadora/" in pagina.url:
        escolhas = pagina.locator("form.escolha-operadora button")
        alvo = escolhas.filter(has_text=operadora_nome) if operadora_nome else escolhas
        alvo.first.click()
        pagina.wait_for_load_state()
    aviso = pagina.locator("#avisos-nao-lidos")
    if aviso.count() and aviso.is_visible():
        aviso.get_by_role("button", name="Continuar").click()
    return pagina


def entrar_na_retaguarda(pagina, live_server_url: str, login: str, senha: str, totp_secret: str):
    """Signs in at /operadora/entrar/ with login, password and the current TOTP code (the next one when the
    current was already used in this 30-second window)."""
    import time

    import pyotp

    totp = pyotp.TOTP(totp_secret)
    pagina.goto(f"{live_server_url}/operadora/entrar/")
    pagina.fill("#id_login", login)
    pagina.fill("#id_senha", senha)
    pagina.get_by_role("button", name="Entrar").click()
    pagina.wait_for_load_state()
    for codigo in (totp.now(), totp.at(time.time() + 30)):
        pagina.fill("#id_codigo", codigo)
        pagina.get_by_role("button", name="Verificar").click()
        pagina.wait_for_load_state()
        if "/operadora/entrar/" not in pagina.url:
            break
    return pagina


# --- Isolation of providers: "an object of provider X", per portal URL kwarg -------------------------------------
# operadora/portal/tests/test_isolamento.py walks EVERY portal URL (from the URL resolver) and checks that an
# anonymous user goes to the login, that a representative without the view's security group gets 403, and that
# for each kwarg ending in "_id" the user of provider A gets 404 for provider B's object, with nothing changed.
# To plug an app's URLs in, create operadora/<app>/tests/isolamento.py with, for each kwarg:
#
#     from operadora.core.testing import objeto_de_prestador
#
#     @objeto_de_prestador("lote_id")
#     def lote(prestador, operadora):          # returns the model instance (its pk goes in the URL),
#         return Lote.objects.create(...)      # or (instance, value_for_the_url)

FABRICAS_DE_OBJETOS: dict = {}


def objeto_de_prestador(kwarg: str):
    def registrar(fabrica):
        FABRICAS_DE_OBJETOS[kwarg] = fabrica
        return fabrica

    return registrar


def carregar_fabricas_de_objetos() -> None:
    """Imports each app's operadora/<app>/tests/isolamento.py, which registers its factories above."""
    import importlib
    import importlib.util

    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("operadora."):
            modulo = f"{config.name}.tests.isolamento"
            if importlib.util.find_spec(f"{config.name}.tests") and importlib.util.find_spec(modulo):
                importlib.import_module(modulo)


# --- Every URL of the site, from the URL resolver (the isolation tests and the bad-input sweep walk them) ---------


@dataclass(frozen=True)
class Rota:
    nome: str  # "namespace:name", or the path when the pattern has no name
    caminho: str  # the pattern, e.g. "portal/faturamento/lotes/<int:lote_id>/"
    view: Any
    conversores: dict = field(hash=False)  # kwarg → path converter
    extras: dict = field(hash=False, default_factory=dict)  # the pattern's fixed kwargs ({"formato": "csv"})

    def __str__(self) -> str:
        return self.nome

    @property
    def acesso(self) -> Any:
        """What a portal view requires (`accounts.acesso.AcessoPortal`), None for other views."""
        return getattr(self.view, "acesso_portal", None)


def rotas_do_site(prefixos: tuple[str, ...], *, exceto_modulos: tuple[str, ...] = (), tipo: type = Rota) -> list:
    """The URL patterns whose path starts with one of `prefixos` (views of `exceto_modulos` left out), as `tipo`
    (Rota or a subclass with the properties a test needs), sorted by name: URLs added later are walked too."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def andar(padroes: Any, prefixo: str, espacos: list[str]) -> Iterator[Any]:
        for padrao in padroes:
            trecho = str(padrao.pattern).lstrip("^")
            if isinstance(padrao, URLResolver):
                yield from andar(padrao.url_patterns, prefixo + trecho,
                                 espacos + [padrao.namespace] if padrao.namespace else espacos)
            elif isinstance(padrao, URLPattern):
                caminho = prefixo + trecho
                modulo = getattr(padrao.callback, "__module__", "")
                if caminho.startswith(prefixos) and not (exceto_modulos and modulo.startswith(exceto_modulos)):
                    nome = ":".join([*espacos, padrao.name]) if padrao.name else caminho
                    yield tipo(nome, caminho, padrao.callback, dict(getattr(padrao.pattern, "converters", {})),
                               dict(padrao.default_args))

    return sorted(andar(get_resolver().url_patterns, "", []), key=lambda r: r.nome)
