"""Item 8 of the Access issue: over EVERY portal URL (discovered from the URL resolver, so URLs added later by
other apps are covered automatically):

- the view declares its access (`portal_requer`, `portal_autenticado` or `portal_publica`);
- an anonymous user is sent to the portal login (GET and POST);
- a representative lacking the view's security groups gets 403, and nothing changed;
- for every kwarg ending in "_id", the user of provider A gets 404 for provider B's object, and nothing changed.

Objects come from the factories each app registers in operadora/<app>/tests/isolamento.py."""

import uuid
from typing import Any

import pytest
from django.urls import reverse
from django.urls.converters import IntConverter, UUIDConverter

from operadora.accounts.permissoes import PermissaoPortal
from operadora.core.testing import (
    FABRICAS_DE_OBJETOS,
    Rota,
    carregar_fabricas_de_objetos,
    cliente_no_portal,
    criar_usuario_do_portal,
    rotas_do_site,
)

carregar_fabricas_de_objetos()
ROTAS = rotas_do_site(("portal/",))
PROTEGIDAS = [r for r in ROTAS if not (r.acesso and r.acesso.nivel == "publica")]
COM_GRUPOS = [r for r in ROTAS if r.acesso and r.acesso.permissoes]
COM_OBJETOS = [r for r in ROTAS if any(k.endswith("_id") for k in r.conversores)]


def _valor_ficticio(conversor) -> Any:
    if isinstance(conversor, IntConverter):
        return 987654321
    if isinstance(conversor, UUIDConverter):
        return uuid.UUID(int=1)
    return "inexistente"


def _objetos(rota: Rota, prestador, operadora) -> tuple[dict, list]:
    """URL kwargs with objects of `prestador` (fictitious values for kwargs with no factory) and the objects."""
    kwargs, objetos = {}, []
    for nome, conversor in rota.conversores.items():
        fabrica = FABRICAS_DE_OBJETOS.get(nome)
        if fabrica is None:
            kwargs[nome] = _valor_ficticio(conversor)
            continue
        resultado = fabrica(prestador, operadora)
        objeto, valor = resultado if isinstance(resultado, tuple) else (resultado, resultado.pk)
        kwargs[nome] = valor
        objetos.append(objeto)
    return kwargs, objetos


def _retrato(objetos: list) -> list:
    return [type(o).objects.filter(pk=o.pk).values().first() for o in objetos]


def test_o_portal_tem_rotas_descobertas():
    nomes = {r.nome for r in ROTAS}
    assert {"portal:inicio", "portal:entrar", "portal:representante", "portal:mensagem"} <= nomes


@pytest.mark.parametrize("rota", ROTAS, ids=str)
def test_toda_pagina_do_portal_declara_o_seu_acesso(rota):
    assert rota.acesso is not None, (
        f"{rota.nome} ({rota.caminho}) não declara acesso: use accounts.acesso.portal_requer(...) "
        "(ou portal_autenticado / portal_publica)")


@pytest.mark.django_db
@pytest.mark.parametrize("rota", PROTEGIDAS, ids=str)
def test_anonimo_vai_para_o_login(client, rota):
    url = reverse(rota.nome, kwargs={k: _valor_ficticio(c) for k, c in rota.conversores.items()})
    for metodo in (client.get, client.post):
        resposta = metodo(url)
        assert resposta.status_code == 302, f"{metodo.__name__.upper()} {url}"
        assert resposta["Location"].startswith("/portal/entrar/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("rota", COM_GRUPOS, ids=str)
def test_representante_sem_o_grupo_recebe_403_e_nada_muda(rota, prestador, operadora):
    # given a representative of provider A with every security group except the ones the page requires
    outros = [p for p in PermissaoPortal if p not in rota.acesso.permissoes]
    representante = criar_usuario_do_portal(prestador, login="52998224725", representante=True, permissoes=outros)
    cliente = cliente_no_portal(representante, operadora)
    kwargs, objetos = _objetos(rota, prestador, operadora)  # provider A's own objects
    antes = _retrato(objetos)
    url = reverse(rota.nome, kwargs=kwargs)
    # when it opens or posts to the page, by URL; then 403 (405 for a GET on a POST-only action), nothing changed
    assert cliente.get(url).status_code in (403, 405)
    assert cliente.post(url).status_code == 403
    assert _retrato(objetos) == antes


@pytest.mark.django_db
@pytest.mark.parametrize("rota", COM_OBJETOS, ids=str)
def test_objeto_de_outro_prestador_da_404_e_nada_muda(rota, cliente_portal, outro_prestador, operadora):
    faltando = [k for k in rota.conversores if k.endswith("_id") and k not in FABRICAS_DE_OBJETOS]
    if faltando:  # a portal URL whose isolation nobody proved fails the suite
        pytest.fail(f"{rota.nome}: SEM PROVA DE ISOLAMENTO: registre uma fábrica para {faltando} em "
                    "operadora/<app>/tests/isolamento.py (@objeto_de_prestador, em operadora/core/testing.py)")
    # given an object of provider B
    kwargs, objetos = _objetos(rota, outro_prestador, operadora)
    antes = _retrato(objetos)
    url = reverse(rota.nome, kwargs=kwargs)
    # when the user of provider A (who has every security group) opens or posts to it; then 404 (405 for a GET on
    # a POST-only action) and nothing changed
    assert cliente_portal.get(url).status_code in (404, 405)
    assert cliente_portal.post(url).status_code == 404
    assert _retrato(objetos) == antes
