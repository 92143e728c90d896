"""Access forms (portal and back office). They parse and validate input; the services decide."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import SetPasswordForm

from operadora.registry.models import Prestador

from .models import Usuario
from .permissoes import PermissaoPortal

ATRIBUTOS_DOCUMENTO = {"inputmode": "numeric", "autocomplete": "username", "data-mascara": "cpf-cnpj",
                       "placeholder": "Informe o CPF ou CNPJ", "maxlength": "18"}


def documento_de_login(valor: str) -> str:
    numero = "".join(c for c in valor.upper() if c.isalnum())
    if len(numero) not in (11, 14):
        raise forms.ValidationError("Informe um CPF (11 dígitos) ou um CNPJ (14 dígitos).")
    return numero


class EntrarPortalForm(forms.Form):
    documento = forms.CharField(label="CPF / CNPJ", max_length=18, widget=forms.TextInput(attrs=ATRIBUTOS_DOCUMENTO))
    senha = forms.CharField(label="Senha", strip=False, max_length=128,
                            widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def clean_documento(self) -> str:
        return documento_de_login(self.cleaned_data["documento"])


class EntrarRetaguardaForm(forms.Form):
    login = forms.CharField(label="Login", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"}))
    senha = forms.CharField(label="Senha", strip=False, max_length=128,
                            widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class CodigoSegundoFatorForm(forms.Form):
    codigo = forms.CharField(
        label="Código do aplicativo autenticador", max_length=7,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}),
    )

    def clean_codigo(self) -> str:
        codigo = "".join(c for c in self.cleaned_data["codigo"] if c.isdigit())
        if len(codigo) != 6:
            raise forms.ValidationError("O código tem 6 dígitos.")
        return codigo


class VerificarPrestadorForm(forms.Form):
    tipo_pessoa = forms.ChoiceField(
        label="Tipo Pessoa", choices=[("F", "Física"), ("J", "Jurídica")], initial="J", widget=forms.RadioSelect
    )
    documento = forms.CharField(label="Número do CPF / CNPJ", max_length=18,
                                widget=forms.TextInput(attrs={**ATRIBUTOS_DOCUMENTO, "autocomplete": "off"}))


class RegistroDeAcessoForm(forms.Form):
    agencia = forms.CharField(label="Número da Agência", max_length=5, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    agencia_dv = forms.CharField(label="DV", max_length=1, required=False)
    conta = forms.CharField(label="Número da Conta Corrente", max_length=12,
                            widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    conta_dv = forms.CharField(label="DV", max_length=2, required=False)
    email = forms.EmailField(label="E-mail", widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    email2 = forms.EmailField(label="Confirme e-mail", widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    senha = forms.CharField(label="Senha", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                            help_text="Regra: mínimo 8 caracteres, contendo números e letras.")
    senha2 = forms.CharField(label="Confirme senha", strip=False,
                             widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args: Any, prestador: Prestador, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prestador = prestador

    def clean(self) -> dict[str, Any]:
        super().clean()
        dados = self.cleaned_data
        if dados.get("email") and dados.get("email2") and dados["email"].lower() != dados["email2"].lower():
            self.add_error("email2", "Os dois e-mails não são iguais.")
        senha, senha2 = dados.get("senha"), dados.get("senha2")
        if senha and senha2 and senha != senha2:
            self.add_error("senha2", "As duas senhas não são iguais.")
        elif senha:
            provisorio = Usuario(username=self.prestador.cpf_cnpj, first_name=self.prestador.nome[:150],
                                 email=dados.get("email", ""))
            try:
                password_validation.validate_password(senha, provisorio)
            except forms.ValidationError as erro:
                self.add_error("senha", erro)
        return dados


class RecuperarSenhaForm(forms.Form):
    documento = forms.CharField(label="CPF / CNPJ", max_length=18, widget=forms.TextInput(attrs=ATRIBUTOS_DOCUMENTO))

    def clean_documento(self) -> str:
        return documento_de_login(self.cleaned_data["documento"])


class AlterarSenhaForm(SetPasswordForm):
    """Meu acesso › Alterar senha: Django's new-password fields and validators; the current password is checked by
    `services.alterar_senha`, under the lockout (not here, where wrong guesses would go uncounted)."""

    old_password = forms.CharField(label="Senha atual", strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    field_order = ["old_password", "new_password1", "new_password2"]


class TrocaDeEmailForm(forms.Form):
    """Meu acesso › Alterar e-mail; the current password is checked by `services.trocar_o_proprio_email`."""

    novo_email = forms.EmailField(label="Novo e-mail")
    novo_email2 = forms.EmailField(label="Confirme o novo e-mail")
    senha = forms.CharField(label="Senha atual", strip=False,
                            widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def clean(self) -> dict[str, Any]:
        super().clean()
        dados = self.cleaned_data
        if dados.get("novo_email") and dados.get("novo_email2") and \
                dados["novo_email"].lower() != dados["novo_email2"].lower():
            self.add_error("novo_email2", "Os dois e-mails não são iguais.")
        return dados


class CaixasDeGrupos(forms.CheckboxSelectMultiple):
    """The security-group checkboxes; those in `travados` show checked and disabled (groups of the representative
    that the editor does not have, so cannot change)."""

    travados: frozenset[str] = frozenset()

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        opcao = super().create_option(*args, **kwargs)
        if opcao["value"] in self.travados:
            opcao["attrs"]["disabled"] = True
        return opcao


class RepresentanteForm(forms.Form):
    """"Novo representante" of seed 000: CPF, telefone, grupos de segurança, nome, e-mail twice, lotação, cargo."""

    cpf = forms.CharField(label="CPF", max_length=14,
                          widget=forms.TextInput(attrs={"placeholder": "Informe o CPF", "inputmode": "numeric",
                                                        "data-mascara": "cpf-cnpj"}))
    telefone = forms.CharField(label="Telefone", max_length=20,
                               widget=forms.TextInput(attrs={"placeholder": "Informe o telefone", "type": "tel"}))
    grupos = forms.MultipleChoiceField(label="Grupos de segurança", choices=PermissaoPortal.choices,
                                       widget=CaixasDeGrupos,
                                       error_messages={"required": "Escolha ao menos um grupo de segurança."})
    nome = forms.CharField(label="Nome", max_length=150, widget=forms.TextInput(attrs={"placeholder": "Informe o nome"}))
    email = forms.EmailField(label="E-mail pessoal", widget=forms.EmailInput(attrs={"placeholder": "Informe o e-mail"}))
    email2 = forms.EmailField(label="Confirmação de e-mail pessoal",
                              widget=forms.EmailInput(attrs={"placeholder": "Informe o e-mail novamente"}))
    lotacao = forms.CharField(label="Lotação", max_length=100,
                              widget=forms.TextInput(attrs={"placeholder": "Informe a lotação"}))
    cargo = forms.CharField(label="Cargo", max_length=100, widget=forms.TextInput(attrs={"placeholder": "Informe o cargo"}))

    def __init__(self, *args: Any, concediveis: Iterable[str], representante: Usuario | None = None,
                 **kwargs: Any) -> None:
        """`concediveis`: the groups the editor may grant (`accounts.acesso.permissoes_portal`). Only those show, plus
        the representative's own beyond them (disabled); the field still accepts any group, so that a group posted
        by hand reaches the service, which refuses it (and records the attempt)."""
        if representante is not None and "initial" not in kwargs:
            kwargs["initial"] = {"cpf": representante.username, "telefone": representante.telefone,
                                 "grupos": representante.grupos_portal, "nome": representante.first_name,
                                 "email": representante.email, "email2": representante.email,
                                 "lotacao": representante.lotacao, "cargo": representante.cargo}
        super().__init__(*args, **kwargs)
        if representante is not None:  # the CPF is the login: it does not change
            self.fields["cpf"].disabled = True
        concedidos = {str(g) for g in concediveis}
        atuais = set(representante.permissoes_portal_concedidas()) if representante is not None else set()
        caixas = self.fields["grupos"].widget
        caixas.choices = [(valor, rotulo) for valor, rotulo in PermissaoPortal.choices
                          if valor in concedidos or valor in atuais]
        caixas.travados = frozenset(atuais - concedidos)
        self.grupos_alem = [PermissaoPortal(g).label for g in PermissaoPortal.values if g in caixas.travados]

    def clean(self) -> dict[str, Any]:
        super().clean()
        dados = self.cleaned_data
        if dados.get("email") and dados.get("email2") and dados["email"].lower() != dados["email2"].lower():
            self.add_error("email2", "Os dois e-mails não são iguais.")
        return dados
