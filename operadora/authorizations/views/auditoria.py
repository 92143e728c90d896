"""Back-office medical audit (/operadora/auditoria/): the queue ordered by the RN 623 deadline and the decision
page. Staff with the AUDITORIA_MEDICA permission; viewing a request's clinical data is audited (LGPD)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from operadora.accounts.acesso import retaguarda_requer
from operadora.accounts.permissoes import PermissaoOperadora
from operadora.core import auditoria
from operadora.core.erros import ErroDeNegocio, NaoEncontrado
from operadora.registry.models import Operadora

from .. import codigos, forms, rules, selectors, services
from ..models import AnexoAutorizacao, Autorizacao
from .arquivos import baixar_anexo

requer = retaguarda_requer(PermissaoOperadora.AUDITORIA_MEDICA)
POR_PAGINA = 50


def _autorizacao(autorizacao_id: int) -> Autorizacao:
    try:
        return selectors.autorizacao_para_auditoria(autorizacao_id)
    except NaoEncontrado as erro:
        raise Http404(erro.mensagem) from erro


@requer
def fila(request: HttpRequest) -> HttpResponse:
    filtros = forms.FiltroFilaForm(request.GET or None)
    dados = filtros.cleaned_data if filtros.is_bound and filtros.is_valid() else {}
    qs = selectors.fila_auditoria(operadora_id=dados.get("operadora"), situacao=dados.get("situacao") or "",
                                  tipo=dados.get("tipo") or "")
    if filtros.is_bound and filtros.errors:  # a filter it cannot read: nothing listed rather than the whole queue
        qs = qs.none()
    pagina = Paginator(qs, POR_PAGINA).get_page(request.GET.get("pagina"))
    agora = timezone.now()
    linhas = [(a, rules.tempo_restante(a.prazo_resposta, uf=a.operadora.uf, agora=agora)) for a in pagina]
    return render(request, "authorizations/auditoria/fila.html", {
        "filtros": filtros, "pagina": pagina, "linhas": linhas, "operadoras": Operadora.objects.filter(ativa=True),
        "operadora_escolhida": request.GET.get("operadora", ""),  # kept as sent, also beside an unreadable filter
    })


@requer
def detalhe(request: HttpRequest, autorizacao_id: int) -> HttpResponse:
    autorizacao = _autorizacao(autorizacao_id)
    anexos = [a.get_tipo_display().lower() for a in autorizacao.anexos_clinicos.all()]
    auditoria.registrar_visualizacao(
        request, acao="autorizacao.visualizada", objeto=autorizacao,
        descricao="Dados clínicos consultados na auditoria médica"
                  + (f" (com {', '.join(anexos)})." if anexos else "."))
    return _pagina(request, autorizacao)


def _pagina(request: HttpRequest, autorizacao: Autorizacao, *, status: int = 200,
            **formularios: Form) -> HttpResponse:
    """The decision page; a refused decision comes back with its form as the auditor filled it (status 400)."""
    dados = selectors.detalhe(autorizacao)
    return render(request, "authorizations/auditoria/detalhe.html", {
        "a": autorizacao, **dados,
        "restante": rules.tempo_restante(autorizacao.prazo_resposta, uf=autorizacao.operadora.uf),
        "autorizar_form": forms.AutorizarForm(itens=dados["itens"], diarias=autorizacao.diarias_solicitadas,
                                              prefix="autorizar"),
        "negar_form": forms.NegarForm(prefix="negar"), "pendencia_form": forms.PendenciaForm(prefix="pendencia"),
        "motivos": [(c, codigos.rotulo(c)) for c in codigos.MOTIVOS_NEGATIVA_AUDITORIA],
        "pendente": autorizacao.situacao in (Autorizacao.Situacao.EM_ANALISE,
                                             Autorizacao.Situacao.AGUARDANDO_JUSTIFICATIVA),
        **formularios,
    }, status=status)


def _executar(request: HttpRequest, autorizacao: Autorizacao, acao, sucesso: str, nome_form: str,
              form: Form) -> HttpResponse:
    try:
        acao()
    except ErroDeNegocio as erro:
        messages.error(request, str(erro))
    else:
        messages.success(request, sucesso)
        return redirect("autorizacoes_auditoria:fila")
    return _pagina(request, autorizacao, status=400, **{nome_form: form})


def _recusado(request: HttpRequest, autorizacao: Autorizacao, nome_form: str, form: Form) -> HttpResponse:
    messages.error(request, _erros(form))
    return _pagina(request, autorizacao, status=400, **{nome_form: form})


def _erros(form) -> str:
    return " ".join(f"{form.fields[campo].label if campo in form.fields else ''}: {e}".lstrip(": ")
                    for campo, erros in form.errors.items() for e in erros)


@requer
@require_POST
def autorizar(request: HttpRequest, autorizacao_id: int) -> HttpResponse:
    autorizacao = _autorizacao(autorizacao_id)
    form = forms.AutorizarForm(request.POST, itens=list(autorizacao.itens.all()),
                               diarias=autorizacao.diarias_solicitadas, prefix="autorizar")
    if not form.is_valid():
        return _recusado(request, autorizacao, "autorizar_form", form)
    d = form.cleaned_data
    return _executar(request, autorizacao, lambda: services.autorizar(
        autorizacao_id=autorizacao.id, usuario=request.user, quantidades=form.quantidades(),
        diarias_autorizadas=d.get("diarias_autorizadas"), codigo_negativa=d["codigo_negativa"],
        justificativa=d["justificativa"], ip=auditoria.ip_da_requisicao(request)),
        f"Autorização {autorizacao.numero_guia_operadora} decidida.", "autorizar_form", form)


@requer
@require_POST
def negar(request: HttpRequest, autorizacao_id: int) -> HttpResponse:
    autorizacao = _autorizacao(autorizacao_id)
    form = forms.NegarForm(request.POST, prefix="negar")
    if not form.is_valid():
        return _recusado(request, autorizacao, "negar_form", form)
    d = form.cleaned_data
    return _executar(request, autorizacao, lambda: services.negar(
        autorizacao_id=autorizacao.id, usuario=request.user, codigo_negativa=d["codigo_negativa"],
        justificativa=d["justificativa"], ip=auditoria.ip_da_requisicao(request)),
        f"Solicitação {autorizacao.numero_guia_operadora} negada.", "negar_form", form)


@requer
@require_POST
def pedir_justificativa(request: HttpRequest, autorizacao_id: int) -> HttpResponse:
    autorizacao = _autorizacao(autorizacao_id)
    form = forms.PendenciaForm(request.POST, prefix="pendencia")
    if not form.is_valid():
        return _recusado(request, autorizacao, "pendencia_form", form)
    d = form.cleaned_data
    return _executar(request, autorizacao, lambda: services.solicitar_justificativa(
        autorizacao_id=autorizacao.id, usuario=request.user, pendencia=d["pendencia"], texto=d["texto"],
        ip=auditoria.ip_da_requisicao(request)),
        f"Pedido enviado ao prestador ({autorizacao.numero_guia_operadora}).", "pendencia_form", form)


@requer
def anexo(request: HttpRequest, anexo_id: int) -> HttpResponse:
    arquivo = AnexoAutorizacao.objects.select_related("autorizacao").filter(pk=anexo_id).first()
    if arquivo is None:
        raise Http404("Arquivo não encontrado.")
    auditoria.registrar_visualizacao(request, acao="autorizacao.anexo_visualizado", objeto=arquivo.autorizacao,
                                     descricao=f"Anexo {arquivo.nome_original} aberto.")
    return baixar_anexo(arquivo)
