"""Meu acesso: change the password; change the e-mail (confirmed on the new address)."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from operadora.accounts import services
from operadora.accounts.acesso import RequisicaoAutenticada, portal_autenticado, portal_publica
from operadora.accounts.forms import AlterarSenhaForm, TrocaDeEmailForm
from operadora.core.erros import ErroDeNegocio

from .comum import ip, origem


@portal_autenticado
def conta(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/conta.html")


@portal_autenticado
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def alterar_senha(request: RequisicaoAutenticada) -> HttpResponse:
    form = AlterarSenhaForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            usuario = services.alterar_senha(usuario=request.user, senha_atual=form.cleaned_data["old_password"],
                                             nova_senha=form.cleaned_data["new_password1"], ip=ip(request))
        except ErroDeNegocio as erro:
            form.add_error("old_password" if isinstance(erro, services.SenhaAtualIncorreta) else None, erro.mensagem)
        else:
            update_session_auth_hash(request, usuario)
            messages.success(request, "Senha alterada.")
            return redirect("portal:conta")
    return render(request, "portal/alterar_senha.html", {"form": form}, status=400 if form.errors else 200)


@portal_autenticado
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("senha")
def trocar_email(request: RequisicaoAutenticada) -> HttpResponse:
    form = TrocaDeEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.trocar_o_proprio_email(usuario=request.user, senha_atual=form.cleaned_data["senha"],
                                            novo_email=form.cleaned_data["novo_email"], ip=ip(request),
                                            origem=origem(request))
        except services.SenhaAtualIncorreta as erro:
            form.add_error("senha", erro.mensagem)
        except ErroDeNegocio as erro:
            form.add_error("novo_email" if isinstance(erro, services.AcessoRecusado) else None, erro.mensagem)
        else:
            messages.success(request, f"Enviamos um link de confirmação para {form.cleaned_data['novo_email']}. "
                                      "O e-mail só muda depois da confirmação.")
            return redirect("portal:conta")
    return render(request, "portal/trocar_email.html", {"form": form}, status=400 if form.errors else 200)


@portal_publica
@require_http_methods(["GET", "POST"])
def confirmar_email(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        try:
            usuario = services.confirmar_troca_de_email(token=token, ip=ip(request))
        except ErroDeNegocio as erro:
            return render(request, "portal/link_invalido.html", {"mensagem": erro.mensagem}, status=400)
        messages.success(request, f"E-mail alterado para {usuario.email}.")
        return redirect("portal:conta" if request.user.is_authenticated else "portal:entrar")
    return render(request, "portal/confirmar_email.html")
