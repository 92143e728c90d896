"""Representantes (seed 000): list and search by CPF/name, Novo representante, edit, deactivate/reactivate,
resend the invitation. Every view requires the *Gestão de representantes* group; every object goes through
`accounts.selectors.acessar_representante` (`_alvo`: an access outside the user's reach is a 404, recorded)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from operadora.accounts import selectors, services
from operadora.accounts.acesso import permissoes_portal, portal_requer
from operadora.accounts.forms import RepresentanteForm
from operadora.accounts.models import Usuario
from operadora.accounts.permissoes import PermissaoPortal
from operadora.core.erros import ErroDeNegocio

from .comum import ip, origem

GESTAO = PermissaoPortal.GESTAO_REPRESENTANTES


def _alvo(request: HttpRequest, representante_id: int, tentativa: str) -> Usuario:
    contexto = request.portal  # type: ignore[attr-defined]
    try:
        return selectors.acessar_representante(contexto, representante_id)
    except Http404:
        services.registrar_tentativa_fora_do_alcance(contexto=contexto, representante_id=representante_id,
                                                     tentativa=tentativa, ip=ip(request))
        raise


@portal_requer(GESTAO)
def representantes(request: HttpRequest) -> HttpResponse:
    contexto = request.portal  # type: ignore[attr-defined]
    cpf, nome = request.GET.get("cpf", "")[:14], request.GET.get("nome", "")[:150]
    lista = selectors.representantes(contexto, cpf=cpf, nome=nome)
    pagina = Paginator(lista, 25).get_page(request.GET.get("pagina"))
    total = selectors.representantes(contexto).count()
    return render(request, "portal/representantes.html",
                  {"pagina": pagina, "cpf": cpf, "nome": nome, "total": total})


@portal_requer(GESTAO)
@require_http_methods(["GET", "POST"])
def novo_representante(request: HttpRequest) -> HttpResponse:
    contexto = request.portal  # type: ignore[attr-defined]
    form = RepresentanteForm(request.POST or None, concediveis=permissoes_portal(contexto.usuario))
    if request.method == "POST" and form.is_valid():
        dados = form.cleaned_data
        try:
            representante = services.criar_representante(
                contexto=contexto, cpf=dados["cpf"], nome=dados["nome"], telefone=dados["telefone"],
                email=dados["email"], lotacao=dados["lotacao"], cargo=dados["cargo"], grupos=dados["grupos"],
                ip=ip(request), origem=origem(request))
        except ErroDeNegocio as erro:
            form.add_error(None, erro.mensagem)
        else:
            messages.success(request, f"Representante {representante.first_name} gravado. Enviamos a "
                                      f"{representante.email} o link para gravar a senha.")
            return redirect("portal:representantes")
    return render(request, "portal/representante_form.html", {"form": form, "representante": None},
                  status=400 if form.errors else 200)


@portal_requer(GESTAO)
@require_http_methods(["GET", "POST"])
def representante(request: HttpRequest, representante_id: int) -> HttpResponse:
    contexto = request.portal  # type: ignore[attr-defined]
    alvo = _alvo(request, representante_id, "alterar" if request.method == "POST" else "ver")
    form = RepresentanteForm(request.POST or None, representante=alvo, concediveis=permissoes_portal(contexto.usuario))
    if request.method == "POST" and form.is_valid():
        dados = form.cleaned_data
        try:
            services.alterar_representante(
                contexto=contexto, representante=alvo, nome=dados["nome"], telefone=dados["telefone"],
                email=dados["email"], lotacao=dados["lotacao"], cargo=dados["cargo"], grupos=dados["grupos"],
                ip=ip(request), origem=origem(request))
        except ErroDeNegocio as erro:
            form.add_error(None, erro.mensagem)
        else:
            messages.success(request, "Representante alterado.")
            if dados["email"].lower() != (alvo.email or "").lower():
                messages.info(request, f"O e-mail só muda para {dados['email']} depois que o representante o "
                                       "confirmar pelo link que enviamos a esse endereço; o e-mail atual foi avisado.")
            return redirect("portal:representantes")
    return render(request, "portal/representante_form.html", {"form": form, "representante": alvo},
                  status=400 if form.errors else 200)


def _acao(request: HttpRequest, representante_id: int, tentativa: str, servico, sucesso: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    alvo = _alvo(request, representante_id, tentativa)
    try:
        servico(alvo)
    except ErroDeNegocio as erro:
        messages.error(request, erro.mensagem)
    else:
        messages.success(request, sucesso.format(nome=alvo.first_name))
    return redirect("portal:representantes")


@portal_requer(GESTAO)
@require_POST
def desativar_representante(request: HttpRequest, representante_id: int) -> HttpResponse:
    return _acao(request, representante_id, "desativar", lambda alvo: services.desativar_representante(
        contexto=request.portal, representante=alvo, ip=ip(request)), "Representante {nome} desativado.")  # type: ignore[attr-defined]


@portal_requer(GESTAO)
@require_POST
def reativar_representante(request: HttpRequest, representante_id: int) -> HttpResponse:
    return _acao(request, representante_id, "reativar", lambda alvo: services.reativar_representante(
        contexto=request.portal, representante=alvo, ip=ip(request)), "Representante {nome} reativado.")  # type: ignore[attr-defined]


@portal_requer(GESTAO)
@require_POST
def reenviar_convite(request: HttpRequest, representante_id: int) -> HttpResponse:
    return _acao(request, representante_id, "reenviar_convite", lambda alvo: services.reenviar_convite(
        contexto=request.portal, representante=alvo, ip=ip(request), origem=origem(request)),  # type: ignore[attr-defined]
        "Convite reenviado a {nome}.")
