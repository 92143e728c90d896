"""Sign-in, operadora choice, sign-out, Obter acesso (seed 000), password recovery and e-mailed links."""

import time

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from operadora.accounts import selectors as acessos
from operadora.accounts import services, sessao
from operadora.accounts.acesso import (
    SESSAO_OPERADORA,
    RequisicaoAutenticada,
    portal_autenticado,
    portal_publica,
)
from operadora.accounts.forms import (
    EntrarPortalForm,
    RecuperarSenhaForm,
    RegistroDeAcessoForm,
    VerificarPrestadorForm,
)
from operadora.accounts.tokens import definicao_de_senha
from operadora.core.erros import ErroDeNegocio
from operadora.registry.models import Prestador

from .comum import ip, origem, proximo_seguro

SESSAO_OBTER_ACESSO = "portal_obter_acesso"
SESSAO_ULTIMO_ACESSO = "portal_ultimo_acesso"
SESSAO_MOSTRAR_AVISOS = "portal_mostrar_avisos"
VALIDADE_VERIFICACAO = 30 * 60  # the "Verificar" step holds for 30 minutes


@portal_publica
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("senha")
def entrar(request: HttpRequest) -> HttpResponse:
    form = EntrarPortalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            usuario = services.autenticar_no_portal(documento=form.cleaned_data["documento"],
                                                    senha=form.cleaned_data["senha"], ip=ip(request))
        except ErroDeNegocio as erro:
            form.add_error(None, erro.mensagem)
        else:
            anterior = usuario.last_login
            login(request, usuario, backend="django.contrib.auth.backends.ModelBackend")
            sessao.iniciar(request)
            request.session[SESSAO_ULTIMO_ACESSO] = anterior.isoformat() if anterior else None
            request.session[SESSAO_MOSTRAR_AVISOS] = True
            destino = proximo_seguro(request, reverse("portal:inicio"))
            unico = acessos.credenciamento_unico(usuario)
            if unico is not None:
                request.session[SESSAO_OPERADORA] = unico.operadora_id
                return redirect(destino)
            return redirect(f"{reverse('portal:escolher_operadora')}?{urlencode({'next': destino})}")
    status = 400 if form.errors else 200
    return render(request, "portal/entrar.html", {"form": form, "next": request.GET.get("next", "")}, status=status)


@portal_autenticado
@require_http_methods(["GET", "POST"])
def escolher_operadora(request: RequisicaoAutenticada) -> HttpResponse:
    credenciamentos = list(acessos.credenciamentos_do_usuario(request.user))
    if request.method == "POST":
        escolhido = request.POST.get("operadora", "")
        credenciamento = next((c for c in credenciamentos if str(c.operadora_id) == escolhido), None)
        if credenciamento is not None:
            request.session[SESSAO_OPERADORA] = credenciamento.operadora_id
            messages.success(request, f"Operadora escolhida: {credenciamento.operadora.nome_fantasia}.")
            return redirect(proximo_seguro(request, reverse("portal:inicio")))
        messages.error(request, "Escolha uma das operadoras com que o prestador é credenciado.")
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/escolher_operadora.html",
                  {"credenciamentos": credenciamentos, "next": request.GET.get("next", "")}, status=status)


@portal_autenticado
@require_POST
def sair(request: RequisicaoAutenticada) -> HttpResponse:
    services.registrar_saida(usuario=request.user, ip=ip(request))
    logout(request)
    messages.success(request, "Você saiu do portal.")
    return redirect("portal:entrar")


@portal_publica
@require_http_methods(["GET", "POST"])
def obter_acesso(request: HttpRequest) -> HttpResponse:
    form = VerificarPrestadorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            prestador = services.verificar_prestador_para_acesso(
                tipo_pessoa=form.cleaned_data["tipo_pessoa"], documento=form.cleaned_data["documento"],
                ip=ip(request))
        except ErroDeNegocio as erro:
            form.add_error("documento", erro.mensagem)
        else:
            request.session[SESSAO_OBTER_ACESSO] = {"prestador_id": prestador.pk, "em": time.time()}
            return redirect("portal:registrar_acesso")
    return render(request, "portal/obter_acesso.html", {"form": form}, status=400 if form.errors else 200)


@portal_publica
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("senha", "senha2")
def registrar_acesso(request: HttpRequest) -> HttpResponse:
    verificado = request.session.get(SESSAO_OBTER_ACESSO) or {}
    prestador = None
    prestador_id = verificado.get("prestador_id")
    if prestador_id is not None and time.time() - verificado.get("em", 0) < VALIDADE_VERIFICACAO:
        prestador = Prestador.objects.filter(pk=prestador_id).first()
    if prestador is None:
        messages.warning(request, "Informe e verifique o CPF ou CNPJ do prestador primeiro.")
        return redirect("portal:obter_acesso")
    form = RegistroDeAcessoForm(request.POST or None, prestador=prestador)
    if request.method == "POST" and form.is_valid():
        dados = form.cleaned_data
        try:
            services.solicitar_acesso_prestador(
                prestador_id=prestador.pk, agencia=dados["agencia"], agencia_dv=dados["agencia_dv"],
                conta=dados["conta"], conta_dv=dados["conta_dv"], email=dados["email"], senha=dados["senha"],
                ip=ip(request), origem=origem(request))
        except ErroDeNegocio as erro:
            form.add_error(None, erro.mensagem)
        else:
            del request.session[SESSAO_OBTER_ACESSO]
            return render(request, "portal/obter_acesso_enviado.html", {"email": dados["email"]})
    return render(request, "portal/registrar_acesso.html", {"form": form, "prestador": prestador},
                  status=400 if form.errors else 200)


@portal_publica
@require_http_methods(["GET", "POST"])
def validar_acesso(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows a button (link scanners must not spend the link); POST validates."""
    if request.method == "POST":
        try:
            services.validar_acesso_prestador(uidb64=uidb64, token=token, ip=ip(request))
        except ErroDeNegocio as erro:
            return render(request, "portal/link_invalido.html", {"mensagem": erro.mensagem}, status=400)
        messages.success(request, "Acesso validado! Entre com o seu CPF/CNPJ e a senha cadastrada.")
        return redirect("portal:entrar")
    return render(request, "portal/validar_acesso.html")


@portal_publica
@require_http_methods(["GET", "POST"])
def recuperar_senha(request: HttpRequest) -> HttpResponse:
    form = RecuperarSenhaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.solicitar_recuperacao_de_senha(documento=form.cleaned_data["documento"], ip=ip(request),
                                                    origem=origem(request))
        except ErroDeNegocio as erro:
            form.add_error(None, erro.mensagem)
        else:
            messages.success(request, "Se este CPF/CNPJ tem acesso ativo ao portal, enviamos ao e-mail cadastrado "
                                      "um link para criar uma nova senha.")
            return redirect("portal:entrar")
    return render(request, "portal/recuperar_senha.html", {"form": form}, status=400 if form.errors else 200)


@method_decorator(portal_publica, name="dispatch")
class DefinirSenhaView(PasswordResetConfirmView):
    """The e-mailed link of recovery and of a representative's invitation (Django's token, void once used)."""

    template_name = "portal/definir_senha.html"
    token_generator = definicao_de_senha
    success_url = reverse_lazy("portal:entrar")

    def get_user(self, uidb64: str):  # type: ignore[no-untyped-def]
        usuario = super().get_user(uidb64)
        return usuario if usuario is not None and usuario.tipo != usuario.Tipo.OPERADORA else None

    def dispatch(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # A valid link of an access deactivated since it was sent: say so instead of offering the form.
        usuario = self.get_user(kwargs["uidb64"])
        if usuario is not None and not usuario.is_active:
            token = kwargs["token"]
            if token == self.reset_url_token:
                token = self.request.session.get(INTERNAL_RESET_SESSION_TOKEN, "")
            if self.token_generator.check_token(usuario, token):
                return render(self.request, "portal/link_invalido.html",
                              {"mensagem": services.MENSAGEM_ACESSO_DESATIVADO}, status=400)
        return super().dispatch(*args, **kwargs)

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        usuario = form.user
        motivo = "convite" if usuario.acesso_validado_em is None else "recuperacao"
        try:
            services.definir_senha(usuario=usuario, senha=form.cleaned_data["new_password1"], ip=ip(self.request),
                                   motivo=motivo)
        except ErroDeNegocio as erro:  # deactivated between the page and the post
            return render(self.request, "portal/link_invalido.html", {"mensagem": erro.mensagem}, status=400)
        self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, None)
        messages.success(self.request, "Senha gravada. Entre com o seu CPF/CNPJ e a nova senha.")
        return redirect(self.success_url)


definir_senha = portal_publica(DefinirSenhaView.as_view())
