"""Sweep of bad input over EVERY page and endpoint outside billing (billing has its own, in
operadora/billing/tests/test_entradas_invalidas.py): the portal (/portal/), the back office (/operadora/) and the
REST API (/api/), discovered from the URL resolver, so pages added later are swept too.

Each page is requested signed in as whom it is for (the provider's user for the portal and the API, the staff
member for the back office, nobody for the sign-in pages), with the provider's own objects in its URL. What the
view reads is found by watching which keys it asks request.GET / request.POST / request.FILES for (and whether it
asks if htmx made the request); then:

- GET: each hostile value (an impossible date, a month 13, the first and the last date, letters, a negative, zero,
  a 30-digit number, 99999999, a superscript digit — '²'.isdigit() is True, int('²') fails —, 10,000 characters,
  blanks, control characters) in every parameter at once, with pagina/page too; the values that a field may let
  through also in each parameter alone, the others valid;
- POST: empty; then each junk value in each key alone, the others valid (an operadora, a protocol, a glosa, dates
  and texts a service accepts: so the junk reaches the parsing and the service behind the form); junk files in
  each file field;
- ids that do not exist (987654321, 20 digits) in each integer URL kwarg, junk in each text segment, and, on the
  portal, another provider's objects with hostile input.

Every request runs in a savepoint rolled back afterwards, so each input meets the same objects. Never a 500; a
400/404 comes with a pt-BR page or JSON (not Django's English default); an id that does not exist is a 404. A
failure lists every request that broke: method, URL, input and the exception."""

import datetime
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import QueryDict
from django.template import Template
from django.test import Client
from django.urls import reverse
from django.urls.converters import IntConverter
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.http import urlencode
from django_htmx.middleware import HtmxDetails

from operadora.core.testing import FABRICAS_DE_OBJETOS, Rota, carregar_fabricas_de_objetos, rotas_do_site

# --- the routes -------------------------------------------------------------------------------------------------

AREAS = ("portal/", "operadora/", "api/")
FORA_DA_VARREDURA = ("operadora.billing.",)  # swept in operadora/billing/tests/test_entradas_invalidas.py


class RotaVarrida(Rota):
    """A route of the sweep: which area it is in, whether it is public, its id and text kwargs."""

    @property
    def area(self) -> str:
        return next(a for a in AREAS if self.caminho.startswith(a)).rstrip("/")

    @property
    def publica(self) -> bool:
        """Reached without signing in: the portal's sign-in pages and the back office's sign-in steps."""
        if self.area == "portal":
            return self.acesso is not None and self.acesso.nivel == "publica"
        if self.area == "operadora":
            return getattr(self.view, "acesso_retaguarda", None) is None
        return False

    @property
    def ids(self) -> list[str]:
        return [k for k, c in self.conversores.items() if isinstance(c, IntConverter)]

    @property
    def segmentos(self) -> list[str]:
        return [k for k, c in self.conversores.items() if not isinstance(c, IntConverter)]


carregar_fabricas_de_objetos()
ROTAS = rotas_do_site(AREAS, exceto_modulos=FORA_DA_VARREDURA, tipo=RotaVarrida)
COM_IDS = [r for r in ROTAS if r.ids]
COM_SEGMENTOS = [r for r in ROTAS if r.segmentos]
DO_PORTAL_COM_OBJETOS = [r for r in ROTAS if r.area == "portal" and not r.publica
                         and any(k in FABRICAS_DE_OBJETOS for k in r.ids)]

# --- the hostile input ------------------------------------------------------------------------------------------

TEXTO_LONGO = ("abc " * 2500)[:10_000]
VALORES_HOSTIS = {
    "data 31/02/2026": "31/02/2026",
    "mês 13": "2026-13-01",
    "data mínima": "0001-01-01",
    "data máxima": "9999-12-31",
    "letras": "abc",  # also a value outside every choice list
    "negativo": "-1",
    "zero": "0",
    "30 dígitos": "9" * 30,
    "página enorme": "99999999",
    "dígito sobrescrito": "²",
    "10.000 caracteres": TEXTO_LONGO,
    "só espaços": "   ",
    "caracteres de controle": "a\x0bb\x1fc",
}
# POST forms get fewer: an impossible date or a negative is refused by a form field the way letters are; the
# extreme dates, the overflowing and the superscript digits, the long, blank and control text are what reach past
# the fields into services
VALORES_HOSTIS_POST = {rotulo: VALORES_HOSTIS[rotulo] for rotulo in (
    "data mínima", "data máxima", "letras", "30 dígitos", "dígito sobrescrito", "10.000 caracteres", "só espaços",
    "caracteres de controle")}
# Each value goes to every parameter at once; these also go to each parameter alone, around valid values for the
# others (an impossible date, a page number or blanks are refused by a field whatever the other fields hold)
SOZINHOS_NA_CONSULTA = ("data mínima", "data máxima", "letras", "30 dígitos", "dígito sobrescrito",
                        "10.000 caracteres", "caracteres de controle")
PARAMETROS_DE_PAGINA = ("pagina", "page")
SONDA, SONDA_ARQUIVO = "_sonda", "_sonda_arquivo"
IDS_INEXISTENTES = (987654321, 10**20 - 1)  # an id never given, and one no integer column holds
# junk, long, zero; in base64 (the e-mailed links' user id): letters and a number no integer column holds
SEGMENTOS_HOSTIS = ("zz", "a" * 300, "0", "YWJj", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5")


def _arquivos_hostis() -> list[tuple[str, SimpleUploadedFile]]:
    return [
        ("arquivo vazio", SimpleUploadedFile("vazio.xml", b"", content_type="text/xml")),
        ("XML quebrado", SimpleUploadedFile("lote.xml", b"<?xml version='1.0'?><a><b></a>",
                                            content_type="text/xml")),
        ("binário com nome de PDF", SimpleUploadedFile("laudo.pdf", bytes(range(256)) * 4,
                                                        content_type="application/pdf")),
    ]


# --- which keys a view reads -----------------------------------------------------------------------------------


@dataclass
class Leituras:
    dados: set[str] = field(default_factory=set)  # GET / POST keys
    arquivos: set[str] = field(default_factory=set)  # FILES keys
    htmx: bool = False  # the view asks whether htmx made the request (it answers a fragment then)


@contextmanager
def _espiar_leituras(monkeypatch) -> Iterator[Leituras]:
    """Records every key looked up in a QueryDict (request.GET/POST) or in request.FILES while the block runs:
    forms and views read through get/getlist/[]/in."""
    lidas = Leituras()
    get, getitem, getlist = MultiValueDict.get, MultiValueDict.__getitem__, MultiValueDict.getlist

    def anotar(dicionario, chave) -> None:
        if not isinstance(chave, str):
            return
        # only the dicts that carry the probe: the data sent (request.GET on a GET, request.POST on a POST) and
        # request.FILES, not the other one, nor the URL resolver's own MultiValueDicts
        if dict.__contains__(dicionario, SONDA) or dict.__contains__(dicionario, SONDA_ARQUIVO):
            (lidas.dados if isinstance(dicionario, QueryDict) else lidas.arquivos).add(chave)

    def espiar_get(self, chave, padrao=None):
        anotar(self, chave)
        return get(self, chave, padrao)

    def espiar_getitem(self, chave):
        anotar(self, chave)
        return getitem(self, chave)

    def espiar_getlist(self, chave, padrao=None):
        anotar(self, chave)
        return getlist(self, chave, padrao)

    def espiar_contains(self, chave):
        anotar(self, chave)
        return dict.__contains__(self, chave)

    def espiar_htmx(self) -> bool:
        lidas.htmx = True
        return htmx(self)

    htmx = HtmxDetails.__bool__
    with monkeypatch.context() as m:
        m.setattr(HtmxDetails, "__bool__", espiar_htmx)
        m.setattr(MultiValueDict, "get", espiar_get)
        m.setattr(MultiValueDict, "__getitem__", espiar_getitem)
        m.setattr(MultiValueDict, "getlist", espiar_getlist)
        m.setattr(MultiValueDict, "__contains__", espiar_contains)
        yield lidas


FORMULARIO_REPETIDO = re.compile(r"^(?P<prefixo>.+)-(?P<n>\d+)-(?P<campo>.+)$")
# parsed exactly as a key that is swept: the management form's bounds as its TOTAL_FORMS, a file input's 'clear'
# checkbox as any checkbox
MESMO_CAMINHO = ("-MIN_NUM_FORMS", "-MAX_NUM_FORMS", "-clear")


def _sem_ruido(chaves: set[str]) -> list[str]:
    """What the view reads, minus the framework's own keys (CSRF, the sweep's probe), the repeated forms of a
    formset after the first (itens-1-codigo parses as itens-0-codigo does), MESMO_CAMINHO, and all but the first of
    a family of three or more keys with one prefix (ativa_<regra>, parametros_<regra>: one loop parses them
    all)."""
    lidas = sorted(c for c in chaves if c not in {"csrfmiddlewaretoken", SONDA, SONDA_ARQUIVO}
                   and not ((m := FORMULARIO_REPETIDO.match(c)) and m["n"] != "0")
                   and not c.endswith(MESMO_CAMINHO))
    familias: dict[str, list[str]] = {}
    for chave in lidas:
        familias.setdefault(chave.split("_", 1)[0] if "_" in chave else chave, []).append(chave)
    return [c for c in lidas if len(f := familias[c.split("_", 1)[0] if "_" in c else c]) < 3 or c == f[0]]


_VARRIDAS: set[tuple[str, str, str]] = set()


FORMSET = re.compile(r"^[\w]+-(\d+-.+|TOTAL_FORMS|INITIAL_FORMS)$")


def _ainda_nao_varridas(rota: Rota, metodo: str, chaves: list[str]) -> list[str]:
    """The keys of `chaves` no other URL of the same view (and fixed kwargs) had swept yet in this session:
    nova/ and nova/<tipo>/ share the form, so the second sweeps only the fields of its own type; a formset's
    fields are swept once per views module (nova/ and prorrogar/ share the items' formset)."""
    view = f"{rota.view.__module__}.{rota.view.__qualname__}{sorted(rota.extras.items())}"

    def onde(chave: str) -> str:
        return rota.view.__module__ if FORMSET.match(chave) else view

    novas = [c for c in chaves if (metodo, onde(c), c) not in _VARRIDAS]
    _VARRIDAS.update((metodo, onde(c), c) for c in novas)
    return novas


# --- the check --------------------------------------------------------------------------------------------------

INGLES_PADRAO = ("Bad Request", "Not Found", "Forbidden", "Server Error", "not found on this server",
                 "Method Not Allowed", "Not found.", "Invalid")
ACENTO = re.compile(r"[áàâãéêíóôõúç]", re.IGNORECASE)


def _exececao(resposta) -> str:
    if getattr(resposta, "exc_info", None):
        tipo, valor, _ = resposta.exc_info
        return f" — {tipo.__name__}: {str(valor)[:200]}"
    return ""


def _falha(resposta, *, quer_404: bool = False) -> str | None:
    """Why this response breaks the rule, or None."""
    status = resposta.status_code
    if status >= 500:
        return f"{status}{_exececao(resposta)}"
    if quer_404 and status not in (404, 405):
        return f"{status} (esperado 404)"
    if status in (400, 404):
        texto = resposta.content.decode(errors="replace")
        if not ACENTO.search(texto) or any(frase in texto for frase in INGLES_PADRAO):
            return f"{status} sem mensagem em português: {texto[:200]!r}"
    return None


def _resumo(valor: Any, limite: int = 40) -> str:
    texto = str(valor)
    return texto if len(texto) <= limite else f"{texto[:limite // 2]}…({len(texto)} caracteres)"


def _isolada(enviar, *args: Any, **kwargs: Any):
    """One request in a savepoint rolled back afterwards: each input meets the same objects (an accepted
    decision or cancellation does not leave the next input to bounce off a decided request)."""
    with transaction.atomic():
        resposta = enviar(*args, **kwargs)
        transaction.set_rollback(True)
    return resposta


class Relatorio:
    def __init__(self) -> None:
        self.falhas: list[str] = []
        self.requisicoes = 0

    def conferir(self, metodo: str, url: str, entrada: Any, resposta, **kwargs: Any) -> None:
        self.requisicoes += 1
        motivo = _falha(resposta, **kwargs)
        if motivo:
            self.falhas.append(f"{metodo} {_resumo(url, 160)} {entrada}: {motivo}")

    def afirmar(self) -> None:
        assert not self.falhas, f"{len(self.falhas)} de {self.requisicoes} requisições:\n" + "\n".join(self.falhas)


# --- the world the pages see ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _cache_e_arquivos(settings, tmp_path):
    """Lockout counters live in the cache; uploads go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _templates_sem_instrumentacao(monkeypatch):
    """The sweep reads status codes and bodies, never response.context: templates render without the test
    runner's instrumentation (a signal and a copy of the context per template, a sixth of the module's time)."""
    if hasattr(Template, "_original_render"):
        monkeypatch.setattr(Template, "_render", Template._original_render)


class Cenario:
    """Clients signed in as each area's user, the provider's own objects for the URL kwargs (made on demand,
    once per test) and valid values for the keys that pick an object."""

    def __init__(self, *, operadora, prestador, outro_prestador, beneficiario, usuario_prestador,
                 usuario_retaguarda, cliente_portal, cliente_retaguarda) -> None:
        self.operadora, self.prestador, self.outro_prestador = operadora, prestador, outro_prestador
        self.beneficiario = beneficiario
        self.usuario_prestador, self.usuario_retaguarda = usuario_prestador, usuario_retaguarda
        self._clientes = {"portal": cliente_portal, "operadora": cliente_retaguarda, "api": cliente_portal}
        self._objetos: dict[tuple[str, str], Any] = {}

    # clients
    def cliente(self, rota: Rota) -> Client:
        cliente = Client() if rota.publica else self._clientes[rota.area]
        cliente.raise_request_exception = False  # a 500 becomes a response with exc_info, listed in the report
        preparar = PREPARACOES.get(rota.nome)
        if preparar:
            preparar(self, cliente)
        return cliente

    # objects
    def _objeto(self, kwarg: str, area: str, rota: str = "") -> Any:
        """The provider's object for a URL kwarg: made once per test, by the route's own factory, the area's, the
        kwarg's local one or the isolation tests' (FABRICAS_DE_OBJETOS); None when nobody makes one."""
        if (rota, kwarg) in FABRICAS_POR_ROTA:
            chave, fabrica = (kwarg, rota), FABRICAS_POR_ROTA[(rota, kwarg)]
        elif (area, kwarg) in FABRICAS_LOCAIS or kwarg in FABRICAS_LOCAIS:
            chave, fabrica = (kwarg, area), FABRICAS_LOCAIS.get((area, kwarg)) or FABRICAS_LOCAIS[kwarg]
        else:
            chave, fabrica = (kwarg, ""), None
        if chave not in self._objetos:
            if fabrica is not None:
                self._objetos[chave] = fabrica(self, area)
            elif kwarg in FABRICAS_DE_OBJETOS:
                resultado = FABRICAS_DE_OBJETOS[kwarg](self.prestador, self.operadora)
                self._objetos[chave] = resultado[0] if isinstance(resultado, tuple) else resultado
            else:
                self._objetos[chave] = None
        return self._objetos[chave]

    def kwargs_validos(self, rota: Rota) -> dict[str, Any]:
        kwargs: dict[str, Any] = {}
        for nome in rota.ids:
            objeto = self._objeto(nome, rota.area, rota.nome)
            kwargs[nome] = objeto.pk if objeto is not None else VALORES_NO_CAMINHO.get(nome, IDS_INEXISTENTES[0])
        for nome in rota.segmentos:
            kwargs[nome] = VALORES_NO_CAMINHO.get(f"{rota.nome}:{nome}", VALORES_NO_CAMINHO.get(nome, "x"))
        return kwargs

    def url(self, rota: Rota, **trocas: Any) -> str:
        return reverse(rota.nome, kwargs=self.kwargs_validos(rota) | trocas)

    def base(self, rota: Rota, chaves: list[str]) -> dict[str, str]:
        """A valid value for each key the sweep knows (by name), so that a junk value in one key is a deviation
        from an otherwise valid form: it reaches its parser and the service behind it instead of stopping at
        'operadora não encontrada' or at the first missing field."""
        validos = {**VALIDOS_POR_CHAVE, **{
            "operadora": lambda: self.operadora.pk,
            "protocolo": lambda: self._protocolo_da_rota(rota).pk,
            "glosa": lambda: self._objeto("glosa_id", rota.area).pk,
            "item": lambda: (self._objeto("autorizacao_id", rota.area, rota.nome).itens.first().pk
                             if rota.nome.startswith("autorizacoes_")
                             else self._protocolo_da_rota(rota).guias.first().itens.first().pk),
            "credenciamento": lambda: self.prestador.credenciamentos.get(operadora=self.operadora).pk,
            "carteira": lambda: self.beneficiario.carteira,
        }}
        base = {c: str(validos[c]()) for c in chaves if c in validos}
        for c in chaves:
            for padrao, valor in VALIDOS_POR_PADRAO:
                if c not in base and re.fullmatch(padrao, c):
                    base[c] = valor
        return base

    def _protocolo_da_rota(self, rota: Rota):
        # payments bill released protocols: the portal's (released) one
        return self._objeto("protocolo_id", "portal" if rota.nome.startswith("claims_pagamentos:") else rota.area)


def _hoje(dias: int = 0):
    return lambda: (timezone.localdate() + datetime.timedelta(days=dias)).isoformat()


def _texto(tamanho: int = 40):
    return lambda: ("Texto de teste escrito com calma e detalhe. " * 3)[:tamanho]


VALIDOS_POR_CHAVE = {
    # periods and money (claims)
    "competencia": lambda: f"{timezone.localdate():%Y-%m}",
    "data": _hoje(), "data_pagamento": _hoje(), "data_limite_envio": _hoje(),
    "valor": lambda: "10,00", "codigo_glosa": lambda: "1801", "decisao": lambda: "ajustar",
    "justificativa": _texto(), "indicador": lambda: "2", "descricao": lambda: "Ajuste de teste",
    "objeto": lambda: "item",
    # authorization requests, eligibility and atendimentos (authorizations)
    "numero_guia_prestador": lambda: "G123", "carater": lambda: "1", "indicacao_clinica": _texto(),
    "quantidade": lambda: "1", "data_atendimento": _hoje(), "data_execucao": _hoje(), "data_sugerida": _hoje(1),
    "tipo_internacao": lambda: "1", "regime_internacao": lambda: "1", "diarias_solicitadas": lambda: "2",
    "itens-TOTAL_FORMS": lambda: "1", "itens-INITIAL_FORMS": lambda: "0", "itens-0-codigo": lambda: "10101012",
    "itens-0-quantidade": lambda: "1", "motivo": _texto(), "texto": _texto(),
    "autorizar-justificativa": _texto(), "negar-justificativa": _texto(), "negar-codigo_negativa": lambda: "1426",
    "autorizar-codigo_negativa": lambda: "1426", "pendencia-pendencia": lambda: "justificativa",
    "pendencia-texto": _texto(),
    # representatives, messages (portal, back office)
    "cpf": lambda: "39053344705", "nome": lambda: "Ana Souza", "telefone": lambda: "11999990000",
    "email": lambda: "ana@clinica.exemplo.com.br", "email2": lambda: "ana@clinica.exemplo.com.br",
    "grupos": lambda: "faturamento", "lotacao": lambda: "Recepção", "cargo": lambda: "Atendente",
    "destino": lambda: "todos", "titulo": lambda: "Aviso", "tipo_documento": lambda: "pedido",
    # Obter acesso's second step (the bank account of outro_prestador, whose CNPJ was verified)
    "agencia": lambda: "1234", "agencia_dv": lambda: "5", "conta": lambda: "67890", "conta_dv": lambda: "1",
    "senha": lambda: "Senha#2026nova", "senha2": lambda: "Senha#2026nova",
}
VALIDOS_POR_PADRAO = [
    (r"decisao_\d+", "parcial"),  # an appeal's item decided 'parcial' makes the page read its valor_<id>
    (r"valor_\d+", "5,00"),
    (r"justificativa_\d+", "Valor contratado na tabela vigente."),
    (r"autorizar-qtd_\d+", "1"),
]


def _protocolo(cenario: Cenario, area: str):
    """A protocol of the provider as the account audit leaves it: received, analysed (in analysis, with proposed
    glosas, one of them by hand); on the portal also released (its statement and glosas are visible)."""
    from operadora.claims import services as claims
    from operadora.claims.models import Glosa

    protocolo = FABRICAS_DE_OBJETOS["protocolo_id"](cenario.prestador, cenario.operadora)
    claims.analisar_protocolo(protocolo_id=protocolo.pk)
    guia = protocolo.guias.first()
    item = guia.itens.first()
    Glosa.objects.create(protocolo=protocolo, guia=guia, item=item, regra="varredura", codigo_glosa="1801",
                         motivo="Glosa de teste", valor_proposto=item.valor_total, valor=item.valor_total)
    if area == "portal":
        claims.liberar_protocolo(protocolo_id=protocolo.pk, usuario=cenario.usuario_retaguarda)
    protocolo.refresh_from_db()
    return protocolo


def _glosa(cenario: Cenario, area: str):
    return cenario._objeto("protocolo_id", area).glosas.filter(regra="varredura").get()


def _recurso(cenario: Cenario, area: str):
    from operadora.claims.models import ItemRecurso, RecursoGlosa

    glosa = cenario._objeto("glosa_id", area)
    recurso = RecursoGlosa.objects.create(operadora=cenario.operadora, prestador=cenario.prestador,
                                          protocolo=glosa.protocolo, guia=glosa.guia, numero=f"RV{glosa.pk}",
                                          objeto=RecursoGlosa.Objeto.GUIA, justificativa="Recurso da varredura.")
    ItemRecurso.objects.create(recurso=recurso, glosa=glosa, valor_recursado=Decimal("10.00"),
                               justificativa="Valor contratado.")
    return recurso


def _autorizacao_em_analise(cenario: Cenario, area: str):
    """A request waiting for the medical audit, its item not decided yet (the audit's forms ask its quantity)."""
    from operadora.authorizations.models import Autorizacao

    autorizacao = FABRICAS_DE_OBJETOS["autorizacao_id"](cenario.prestador, cenario.operadora)
    Autorizacao.objects.filter(pk=autorizacao.pk).update(situacao=Autorizacao.Situacao.EM_ANALISE, senha="")
    autorizacao.itens.update(quantidade_autorizada=None)
    return autorizacao


def _aguardando_justificativa(cenario: Cenario, area: str):
    """A request the audit sent back to the provider (responder's form)."""
    from operadora.authorizations.models import Autorizacao

    autorizacao = FABRICAS_DE_OBJETOS["autorizacao_id"](cenario.prestador, cenario.operadora)
    Autorizacao.objects.filter(pk=autorizacao.pk).update(situacao=Autorizacao.Situacao.AGUARDANDO_JUSTIFICATIVA,
                                                        pendencia=Autorizacao.Pendencia.JUSTIFICATIVA, senha="")
    autorizacao.itens.update(quantidade_autorizada=None)
    return autorizacao


def _internacao_autorizada(cenario: Cenario, area: str):
    """An authorized internação (the only kind that is extended: prorrogar's form)."""
    from operadora.authorizations.models import Autorizacao

    autorizacao = FABRICAS_DE_OBJETOS["autorizacao_id"](cenario.prestador, cenario.operadora)
    Autorizacao.objects.filter(pk=autorizacao.pk).update(tipo=Autorizacao.Tipo.INTERNACAO, diarias_solicitadas=3,
                                                        diarias_autorizadas=3)
    return autorizacao


# kwarg → factory(cenario, area); (area, kwarg) and (route name, kwarg) for the pages that need another state
FABRICAS_LOCAIS: dict[Any, Any] = {"protocolo_id": _protocolo, "glosa_id": _glosa, "recurso_id": _recurso,
                                   ("operadora", "autorizacao_id"): _autorizacao_em_analise}
FABRICAS_POR_ROTA = {("autorizacoes_portal:prorrogar", "autorizacao_id"): _internacao_autorizada,
                     ("autorizacoes_portal:responder", "autorizacao_id"): _aguardando_justificativa}
VALORES_NO_CAMINHO: dict[str, Any] = {
    "ano": timezone.localdate().year,
    "formato": "pdf",
    "autorizacoes_portal:nova_tipo:tipo": "internacao",  # the internação fields (nova/ is the SP/SADT form)
    "tipo": "recebimento",
    "chave": "lotes",
    "uidb64": "MQ",
    "token": "abc-123",
}


def _pendente_na_retaguarda(cenario: Cenario, cliente: Client) -> None:
    """The back office's code step: the password was accepted a moment ago."""
    from operadora.backoffice.views import SESSAO_PENDENTE

    sessao = cliente.session
    sessao[SESSAO_PENDENTE] = {"id": cenario.usuario_retaguarda.pk, "em": time.time(), "next": "/operadora/",
                               "segredo": ""}
    sessao.save()


def _prestador_verificado(cenario: Cenario, cliente: Client) -> None:
    """Obter acesso's second step: the provider's CPF/CNPJ was verified a moment ago."""
    from operadora.portal.views.acesso import SESSAO_OBTER_ACESSO

    sessao = cliente.session
    sessao[SESSAO_OBTER_ACESSO] = {"prestador_id": cenario.outro_prestador.pk, "em": time.time()}
    sessao.save()


PREPARACOES = {"backoffice:verificacao": _pendente_na_retaguarda, "portal:registrar_acesso": _prestador_verificado}


@pytest.fixture
def cenario(operadora, prestador, outro_prestador, beneficiario, usuario_prestador, usuario_retaguarda,
            cliente_portal, cliente_retaguarda) -> Cenario:
    from operadora.registry.models import TermoTUSS

    # the procedure the request forms ask for exists in TUSS 22 (a consultation, covered by the plan)
    TermoTUSS.objects.create(tabela="22", codigo="10101012", termo="Consulta em consultório",
                             busca="consulta em consultorio", vigencia_inicio=datetime.date(2010, 1, 1))
    return Cenario(operadora=operadora, prestador=prestador, outro_prestador=outro_prestador,
                   beneficiario=beneficiario, usuario_prestador=usuario_prestador,
                   usuario_retaguarda=usuario_retaguarda, cliente_portal=cliente_portal,
                   cliente_retaguarda=cliente_retaguarda)


def _descobrir(monkeypatch, enviar, base, *, com_arquivo: bool = False) -> Leituras:
    """Which keys the view reads: a probe first (a bound form reads its fields only when the data is not empty;
    on a POST, a probe file too, to see request.FILES), then again with every key found (valid values where
    `base` knows one), until nothing new turns up (a key may be read only when another is set)."""
    todas = Leituras()
    for _ in range(4):
        sonda: dict[str, Any] = {SONDA: "1"}
        if com_arquivo:
            sonda[SONDA_ARQUIVO] = SimpleUploadedFile("sonda.txt", b"sonda")
        chaves = _sem_ruido(todas.dados)
        with _espiar_leituras(monkeypatch) as lidas:
            _isolada(enviar, sonda | dict.fromkeys(chaves, "1") | base(chaves))
        novas = lidas.dados - todas.dados
        todas.dados |= lidas.dados
        todas.arquivos |= lidas.arquivos
        todas.htmx |= lidas.htmx
        if not novas:
            break
    return todas


# --- the sweep --------------------------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


def test_a_varredura_cobre_as_areas_e_deixa_o_faturamento_de_fora():
    nomes = {r.nome for r in ROTAS}
    assert {"portal:inicio", "autorizacoes_portal:lista", "claims_contas:fila", "claims_pagamentos:faturar",
            "backoffice:registro_auditoria", "api:tuss"} <= nomes
    assert not [r for r in ROTAS if r.caminho.startswith(("portal/faturamento/", "api/v1/faturamento/"))]


def test_a_espia_ve_os_parametros_que_a_pagina_le(cenario, monkeypatch):
    # the sweep is blind if the spy misses what a view reads: a form's fields, request.GET.get and `in`
    rota = next(r for r in ROTAS if r.nome == "autorizacoes_portal:lista")
    cliente = cenario.cliente(rota)
    lidas = _descobrir(monkeypatch, lambda dados: cliente.get(cenario.url(rota), dados), lambda chaves: {})
    assert {"inicio", "fim", "situacao", "tipo", "beneficiario", "numero", "pagina"} <= lidas.dados


def test_a_espia_ve_a_pagina_que_responde_ao_htmx(cenario, monkeypatch):
    rota = next(r for r in ROTAS if r.nome == "autorizacoes_portal:elegibilidade")
    cliente = cenario.cliente(rota)
    assert _descobrir(monkeypatch, lambda dados: cliente.get(cenario.url(rota), dados), lambda chaves: {}).htmx


@pytest.mark.parametrize("rota", ROTAS, ids=str)
def test_consulta_hostil_nunca_da_500(rota, cenario, monkeypatch):
    # given the page, signed in as whom it is for
    cliente, url = cenario.cliente(rota), cenario.url(rota)
    relatorio = Relatorio()
    descoberta = _descobrir(monkeypatch, lambda dados: cliente.get(url, dados),
                            lambda chaves: cenario.base(rota, chaves))
    lidas = _sem_ruido(descoberta.dados)
    base = cenario.base(rota, lidas)
    # (a page that answers htmx with a fragment gets every request twice: as a page and as the fragment)
    cabecalhos = [{}, {"HTTP_HX_REQUEST": "true"}] if descoberta.htmx else [{}]
    # when every parameter it reads gets each hostile value, alone and all together (with the page numbers)
    sozinhas = _ainda_nao_varridas(rota, "GET", lidas)
    for rotulo, valor in VALORES_HOSTIS.items():
        for cabecalho in cabecalhos:
            como = " (htmx)" if cabecalho else ""
            for chave in sozinhas if rotulo in SOZINHOS_NA_CONSULTA else ():
                relatorio.conferir("GET", url, f"{chave}={rotulo}{como}",
                                   _isolada(cliente.get, url, base | {chave: valor}, **cabecalho))
            if lidas:
                todas = dict.fromkeys([*lidas, *PARAMETROS_DE_PAGINA], valor)
                relatorio.conferir("GET", url, f"todos={rotulo}{como}",
                                   _isolada(cliente.get, url, todas, **cabecalho))
    if not lidas:  # a page that reads no parameter: once, with a bit of everything
        consulta = {f"p{n}": valor for n, valor in enumerate(VALORES_HOSTIS.values())}
        relatorio.conferir("GET", url, "um de cada",
                           _isolada(cliente.get, url, consulta | {"pagina": "abc", "page": "-1"}))
    # then never a 500, and a 4xx says what happened in Portuguese
    relatorio.afirmar()


@pytest.mark.parametrize("rota", ROTAS, ids=str)
def test_post_vazio_ou_com_lixo_nunca_da_500(rota, cenario, monkeypatch):
    cliente, url = cenario.cliente(rota), cenario.url(rota)
    relatorio = Relatorio()
    # when the form is posted empty
    vazio = _isolada(cliente.post, url, {})
    relatorio.conferir("POST", url, "vazio", vazio)
    if vazio.status_code != 405:
        # and with each junk value in each key it reads (around valid values for the keys that pick an object)
        lidas = _descobrir(monkeypatch, lambda dados: cliente.post(url, dados),
                           lambda chaves: cenario.base(rota, chaves), com_arquivo=True)
        chaves = _sem_ruido(lidas.dados)
        base = cenario.base(rota, chaves)
        sozinhas = _ainda_nao_varridas(rota, "POST", chaves)
        for rotulo, valor in VALORES_HOSTIS_POST.items():
            for chave in sozinhas:
                relatorio.conferir("POST", url, f"{chave}={rotulo}",
                                   _isolada(cliente.post, url, base | {chave: valor}))
        for chave in _sem_ruido(lidas.arquivos):
            for rotulo, arquivo in _arquivos_hostis():
                relatorio.conferir("POST", url, f"{chave}={rotulo}",
                                   _isolada(cliente.post, url, base | {chave: arquivo}))
    # then never a 500
    relatorio.afirmar()


@pytest.mark.parametrize("rota", COM_IDS, ids=str)
def test_id_inexistente_da_404_em_portugues(rota, cenario):
    cliente = cenario.cliente(rota)
    relatorio = Relatorio()
    for kwarg in rota.ids:
        if kwarg == "ano":
            continue  # a year, not an object: swept with the path segments below
        for valor in IDS_INEXISTENTES:
            url = cenario.url(rota, **{kwarg: valor})
            relatorio.conferir("GET", url, f"{kwarg}={_resumo(valor)}", _isolada(cliente.get, url), quer_404=True)
            relatorio.conferir("POST", url, f"{kwarg}={_resumo(valor)}", _isolada(cliente.post, url),
                               quer_404=True)
    relatorio.afirmar()


@pytest.mark.parametrize("rota", [*COM_SEGMENTOS, *[r for r in COM_IDS if "ano" in r.ids]], ids=str)
def test_segmento_do_caminho_invalido_nunca_da_500(rota, cenario):
    cliente = cenario.cliente(rota)
    relatorio = Relatorio()
    for kwarg in rota.segmentos:
        for valor in SEGMENTOS_HOSTIS:
            url = cenario.url(rota, **{kwarg: valor})
            relatorio.conferir("GET", url, f"{kwarg}={_resumo(valor)}", _isolada(cliente.get, url))
            relatorio.conferir("POST", url, f"{kwarg}={_resumo(valor)}", _isolada(cliente.post, url))
    if "ano" in rota.ids:
        for valor in (0, 1999, 10**20 - 1):
            url = cenario.url(rota, ano=valor)
            relatorio.conferir("GET", url, f"ano={valor}", _isolada(cliente.get, url))
    relatorio.afirmar()


@pytest.mark.parametrize("rota", DO_PORTAL_COM_OBJETOS, ids=str)
def test_objeto_de_outro_prestador_com_consulta_hostil_da_404(rota, cenario):
    # given another provider's objects in the URL (its own isolation is test_isolamento's; here with bad input)
    kwargs: dict[str, Any] = {}
    for nome in rota.ids:
        if nome in FABRICAS_DE_OBJETOS:
            resultado = FABRICAS_DE_OBJETOS[nome](cenario.outro_prestador, cenario.operadora)
            kwargs[nome] = resultado[1] if isinstance(resultado, tuple) else resultado.pk
        else:
            kwargs[nome] = VALORES_NO_CAMINHO.get(nome, IDS_INEXISTENTES[0])
    for nome in rota.segmentos:
        kwargs[nome] = VALORES_NO_CAMINHO.get(f"{rota.nome}:{nome}", VALORES_NO_CAMINHO.get(nome, "x"))
    url = reverse(rota.nome, kwargs=kwargs)
    cliente = cenario.cliente(rota)
    relatorio = Relatorio()
    consulta = {"pagina": "abc", "page": TEXTO_LONGO, "inicio": "31/02/2026"}
    relatorio.conferir("GET", url, "pagina=letras, page=10.000 caracteres, inicio=31/02/2026",
                       _isolada(cliente.get, url, consulta), quer_404=True)
    dados = {"motivo": TEXTO_LONGO, "texto": "abc", "data_execucao": "31/02/2026"}
    relatorio.conferir("POST", url, "motivo=10.000 caracteres, texto=letras, data_execucao=31/02/2026",
                       _isolada(cliente.post, url, dados), quer_404=True)
    relatorio.afirmar()


def _campos_demais(settings) -> dict[str, str]:
    return {f"c{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}


def _texto_grande_demais(settings) -> dict[str, str]:
    return {"nome": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}


@pytest.mark.parametrize(
    ("metodo", "area", "url", "dados"),
    [("get", "operadora", "/operadora/contas/", _campos_demais),
     ("post", "portal", "/portal/representantes/novo/", _campos_demais),
     ("post", "portal", "/portal/representantes/novo/", _texto_grande_demais)],
    ids=["GET com parâmetros demais", "POST com campos demais", "POST de texto maior que o limite"],
)
def test_envio_que_o_django_recusa_da_400_em_portugues(cenario, settings, metodo, area, url, dados):
    # Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields or DATA_UPLOAD_MAX_MEMORY_SIZE bytes of them
    # (TooManyFieldsSent, RequestDataTooBig) before any view runs: its 400 page was English ("Bad Request (400)")
    cliente = cenario.cliente(next(r for r in ROTAS if r.area == area and not r.publica))
    corpo = urlencode(dados(settings))
    if metodo == "get":
        resposta = cliente.get(f"{url}?{corpo}")
    else:  # as a browser posts a form without files
        resposta = cliente.post(url, corpo, content_type="application/x-www-form-urlencoded")
    assert resposta.status_code == 400
    assert "Não foi possível ler os dados enviados" in resposta.content.decode()
