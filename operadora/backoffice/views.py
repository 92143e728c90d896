"""Back-office pages: staff sign-in with the TOTP second factor, the home, messages to providers and the audit
log. Thin: parse, call one service, render."""

import time

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from operadora.accounts import segundo_fator, services, sessao
from operadora.accounts.acesso import eh_equipe_verificada, permissoes_operadora, retaguarda_requer
from operadora.accounts.forms import CodigoSegundoFatorForm, EntrarRetaguardaForm
from operadora.accounts.models import Usuario
from operadora.accounts.navegacao import proximo_seguro
from operadora.accounts.permissoes import PermissaoOperadora
from operadora.core.auditoria import ip_da_requisicao
from operadora.core.erros import ErroDeNegocio
from operadora.core.models import EventoAuditoria
from operadora.portal import services as portal_services
from operadora.portal.models import MensagemOperadora

from .atalhos import atalhos_para
from .forms import FiltroAuditoriaForm, MensagemForm

SESSAO_PENDENTE = "retaguarda_pendente"
VALIDADE_PENDENTE = 5 * 60  # password accepted: 5 minutes to type the code


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("senha")
def entrar(request: HttpRequest) -> HttpResponse:
    form = EntrarRetaguardaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            usuario = services.autenticar_na_retaguarda(login=form.cleaned_data["login"],
                                                        senha=form.cleaned_data["senha"],
                                                        ip=ip_da_requisicao(request))
        except ErroDeNegocio as erro:
            form.add_error(None, erro.mensagem)
        else:
            request.session[SESSAO_PENDENTE] = {
                "id": usuario.pk, "em": time.time(), "next": proximo_seguro(request, reverse("backoffice:inicio")),
                "segredo": "" if usuario.totp_secret else segundo_fator.novo_segredo(),
            }
            return redirect("backoffice:verificacao")
    return render(request, "backoffice/entrar.html", {"form": form, "next": request.GET.get("next", "")},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("codigo")
def verificacao(request: HttpRequest) -> HttpResponse:
    pendente = request.session.get(SESSAO_PENDENTE) or {}
    usuario = None
    pendente_id = pendente.get("id")
    if pendente_id is not None and time.time() - pendente.get("em", 0) < VALIDADE_PENDENTE:
        usuario = Usuario.objects.filter(pk=pendente_id, tipo=Usuario.Tipo.OPERADORA, is_active=True).first()
    if usuario is None:
        request.session.pop(SESSAO_PENDENTE, None)
        messages.warning(request, "Informe o login e a senha primeiro.")
        return redirect("backoffice:entrar")
    form = CodigoSegundoFatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            usuario = services.verificar_segundo_fator(usuario_id=usuario.pk, codigo=form.cleaned_data["codigo"],
                                                       ip=ip_da_requisicao(request),
                                                       segredo_novo=pendente.get("segredo") or None)
        except ErroDeNegocio as erro:
            form.add_error("codigo", erro.mensagem)
        else:
            login(request, usuario, backend="django.contrib.auth.backends.ModelBackend")
            request.session.pop(SESSAO_PENDENTE, None)
            sessao.iniciar(request)
            request.session[sessao.SESSAO_2FA] = True
            return redirect(pendente.get("next") or "backoffice:inicio")
    contexto = {"form": form, "usuario": usuario, "segredo": pendente.get("segredo")}
    if pendente.get("segredo"):
        uri = segundo_fator.uri_de_provisionamento(segredo=pendente["segredo"], login=usuario.username)
        contexto["qr"] = segundo_fator.qr_svg(uri)
    return render(request, "backoffice/verificacao.html", contexto, status=400 if form.errors else 200)


@require_POST
def sair(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.registrar_saida(usuario=request.user, ip=ip_da_requisicao(request))
    logout(request)
    messages.success(request, "Você saiu da retaguarda.")
    return redirect("backoffice:entrar")


@require_POST
def renovar_sessao(request: HttpRequest) -> HttpResponse:
    if not eh_equipe_verificada(request):
        return JsonResponse({"restante": 0}, status=401)
    sessao.renovar(request)
    return JsonResponse({"restante": sessao.segundos_restantes(request)})


@retaguarda_requer()
def inicio(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/inicio.html",
                  {"atalhos": atalhos_para(permissoes_operadora(request.user))})


@retaguarda_requer(PermissaoOperadora.MENSAGENS_PRESTADORES)
def mensagens(request: HttpRequest) -> HttpResponse:
    lista = (MensagemOperadora.objects.select_related("operadora", "publicada_por")
             .prefetch_related("prestadores"))
    pagina = Paginator(lista, 25).get_page(request.GET.get("pagina"))
    return render(request, "backoffice/mensagens.html", {"pagina": pagina})


@retaguarda_requer(PermissaoOperadora.MENSAGENS_PRESTADORES)
@require_http_methods(["GET", "POST"])
def nova_mensagem(request: HttpRequest) -> HttpResponse:
    form = MensagemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dados = form.cleaned_data
        try:
            portal_services.publicar_mensagem(
                autor=request.user, operadora=dados["operadora"], titulo=dados["titulo"], texto=dados["texto"],
                prestadores=list(dados["prestadores"]) if dados["destino"] == "selecionados" else None,
                ip=ip_da_requisicao(request))
        except ErroDeNegocio as erro:
            form.add_error(None, erro.mensagem)
        else:
            messages.success(request, "Mensagem publicada no portal do prestador.")
            return redirect("backoffice:mensagens")
    return render(request, "backoffice/nova_mensagem.html", {"form": form}, status=400 if form.errors else 200)


@retaguarda_requer(PermissaoOperadora.ADMINISTRACAO)
def auditoria(request: HttpRequest) -> HttpResponse:
    form = FiltroAuditoriaForm(request.GET or None)
    eventos = EventoAuditoria.objects.select_related("usuario")
    if form.is_valid():
        dados = form.cleaned_data
        if dados["acao"]:
            eventos = eventos.filter(acao__startswith=dados["acao"].strip())
        if dados["usuario"]:
            eventos = eventos.filter(usuario__username__icontains=dados["usuario"].strip())
        if dados["de"]:
            eventos = eventos.filter(quando__date__gte=dados["de"])
        if dados["ate"]:
            eventos = eventos.filter(quando__date__lte=dados["ate"])
    pagina = Paginator(eventos, 50).get_page(request.GET.get("pagina"))
    return render(request, "backoffice/auditoria.html", {"form": form, "pagina": pagina})
