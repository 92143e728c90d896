"""Provider pages (/portal/autorizacoes/): thin — parse, call one service or selector, render.

Every object is reached through `selectors.acessar_autorizacao(request.portal, id)` (404 for another provider's);
writes pass the portal context's prestador and operadora ids to the services, which filter again."""

import csv
from typing import TypedDict

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from operadora.accounts.acesso import RequisicaoPortal, portal_requer
from operadora.accounts.permissoes import PermissaoPortal
from operadora.core import auditoria
from operadora.core.auditoria import ip_da_requisicao
from operadora.core.erros import ErroDeNegocio, NaoEncontrado
from operadora.registry.models import Profissional
from operadora.registry.selectors import buscar_termos_tuss

from .. import elegibilidade, forms, pdf, selectors, services
from ..models import Autorizacao
from .arquivos import baixar_anexo

requer = portal_requer(PermissaoPortal.AUTORIZACOES)
POR_PAGINA = 25


class IdsPortal(TypedDict):
    prestador_id: int
    operadora_id: int


def _autorizacao(request: RequisicaoPortal, autorizacao_id: int) -> Autorizacao:
    try:
        return selectors.acessar_autorizacao(request.portal, autorizacao_id)
    except NaoEncontrado as erro:
        raise Http404(erro.mensagem) from erro


def _ids(request: RequisicaoPortal) -> IdsPortal:
    return {"prestador_id": request.portal.prestador.id, "operadora_id": request.portal.operadora.id}


def _base(request: RequisicaoPortal, **contexto):
    return {"operadora_atual": request.portal.operadora, "contexto": request.portal, **contexto}


@requer
def lista(request: RequisicaoPortal) -> HttpResponse:
    filtros = forms.FiltroForm(request.GET or None)
    busca = forms.BuscaForm(request.GET if "numero" in request.GET else None)
    encontrada = None
    if busca.is_bound and busca.is_valid():
        encontrada = selectors.buscar_por_numero_e_carteira(request.portal, numero=busca.cleaned_data["numero"],
                                                            carteira=busca.cleaned_data["carteira"])
        if encontrada is not None:
            return redirect("autorizacoes_portal:detalhe", autorizacao_id=encontrada.id)
        messages.warning(request, "Nenhuma autorização com esse número para essa carteira.")
    dados = filtros.cleaned_data if filtros.is_bound and filtros.is_valid() else {}
    qs = selectors.autorizacoes_do_prestador(request.portal, selectors.FiltrosAutorizacao(
        inicio=dados.get("inicio"), fim=dados.get("fim"), situacao=dados.get("situacao") or "",
        beneficiario=dados.get("beneficiario") or "", tipo=dados.get("tipo") or ""))
    if filtros.is_bound and filtros.errors:  # a filter it cannot read: nothing listed rather than every request
        qs = qs.none()
    pagina = Paginator(qs, POR_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "authorizations/portal/lista.html", _base(
        request, filtros=filtros, busca=busca if busca.is_bound else forms.BuscaForm(), pagina=pagina))


@requer
def detalhe(request: RequisicaoPortal, autorizacao_id: int) -> HttpResponse:
    autorizacao = _autorizacao(request, autorizacao_id)
    auditoria.registrar_visualizacao(request, acao="autorizacao.visualizada", objeto=autorizacao,
                                     descricao="Dados clínicos consultados no portal do prestador.")
    return render(request, "authorizations/portal/detalhe.html", _base(
        request, a=autorizacao, **selectors.detalhe(autorizacao),
        resposta_form=forms.RespostaForm(), cancelar_form=forms.CancelarForm(),
        profissionais=_profissionais(request), hoje=timezone.localdate()))


def _profissionais(request: RequisicaoPortal):
    return Profissional.objects.filter(prestadores__id=request.portal.prestador.id).order_by("nome")


@requer
@require_http_methods(["GET", "POST"])
def nova(request: RequisicaoPortal, tipo: str = Autorizacao.Tipo.SP_SADT) -> HttpResponse:
    if tipo not in (Autorizacao.Tipo.SP_SADT, Autorizacao.Tipo.INTERNACAO, Autorizacao.Tipo.ODONTOLOGIA):
        raise Http404("Tipo de solicitação desconhecido.")
    prestador_id = request.portal.prestador.id
    form = forms.SolicitacaoForm(request.POST or None, request.FILES or None, prestador_id=prestador_id, tipo=tipo,
                                 initial={"carteira": request.GET.get("carteira", "")})
    itens = forms.ItensFormSet(request.POST or None, prefix="itens")
    anexos_clinicos = forms.AnexosClinicos(request.POST or None) if tipo != Autorizacao.Tipo.ODONTOLOGIA else None
    if request.method == "POST" and anexos_clinicos is not None and not anexos_clinicos.is_valid():
        form.add_error(None, anexos_clinicos.erros())
    if request.method == "POST" and form.is_valid() and itens.is_valid():
        d = form.cleaned_data
        try:
            autorizacao = services.solicitar_autorizacao(
                **_ids(request), carteira=d["carteira"], tipo=tipo,
                anexos_clinicos=anexos_clinicos.solicitados() if anexos_clinicos is not None else (),
                numero_guia_prestador=d["numero_guia_prestador"], itens=forms.itens_do_formset(itens),
                carater=d["carater"], indicacao_clinica=d["indicacao_clinica"], cid=d["cid"],
                atendimento_rn=d["atendimento_rn"],
                profissional_solicitante_id=d["profissional_solicitante"].id if d["profissional_solicitante"] else None,
                observacao=d["observacao"], internacao=form.internacao(), anexos=form.arquivos(),
                usuario=request.user, ip=ip_da_requisicao(request))
        except ErroDeNegocio as erro:
            form.add_error(None, str(erro))
        else:
            messages.success(request, _mensagem_resultado(autorizacao))
            return redirect("autorizacoes_portal:detalhe", autorizacao_id=autorizacao.id)
    return render(request, "authorizations/portal/nova.html", _base(
        request, form=form, itens=itens, anexos_clinicos=anexos_clinicos, tipo=tipo,
        tipo_rotulo=Autorizacao.Tipo(tipo).label,
        tipos=[(t, Autorizacao.Tipo(t).label) for t in (Autorizacao.Tipo.SP_SADT, Autorizacao.Tipo.INTERNACAO,
                                                        Autorizacao.Tipo.ODONTOLOGIA)]),
        status=400 if request.method == "POST" else 200)


def _mensagem_resultado(autorizacao: Autorizacao) -> str:
    if autorizacao.com_senha:
        return (f"{autorizacao.get_situacao_display()}: senha {autorizacao.senha}, válida até "
                f"{autorizacao.data_validade_senha:%d/%m/%Y}.")
    if autorizacao.situacao == Autorizacao.Situacao.NEGADA:
        return f"Solicitação negada: {autorizacao.justificativa_decisao}"
    return (f"Solicitação {autorizacao.numero_guia_operadora} enviada à auditoria médica; resposta até "
            f"{timezone.localtime(autorizacao.prazo_resposta):%d/%m/%Y}.")


@requer
@require_http_methods(["GET", "POST"])
def prorrogar(request: RequisicaoPortal, autorizacao_id: int) -> HttpResponse:
    principal = _autorizacao(request, autorizacao_id)
    if principal.tipo != Autorizacao.Tipo.INTERNACAO or not principal.com_senha:
        messages.error(request, "Só se prorroga uma internação autorizada.")
        return redirect("autorizacoes_portal:detalhe", autorizacao_id=principal.id)
    form = forms.ProrrogacaoForm(request.POST or None, request.FILES or None)
    itens = forms.ItensFormSet(request.POST or None, prefix="itens")
    anexos_clinicos = forms.AnexosClinicos(request.POST or None)
    if request.method == "POST" and not anexos_clinicos.is_valid():
        form.add_error(None, anexos_clinicos.erros())
    if request.method == "POST" and form.is_valid() and itens.is_valid():
        d = form.cleaned_data
        try:
            autorizacao = services.solicitar_autorizacao(
                **_ids(request), carteira=principal.beneficiario.carteira, tipo=Autorizacao.Tipo.PRORROGACAO,
                numero_guia_prestador=d["numero_guia_prestador"], itens=forms.itens_do_formset(itens),
                indicacao_clinica=d["indicacao_clinica"],
                internacao=form.internacao(), autorizacao_principal_id=principal.id, anexos=form.arquivos(),
                anexos_clinicos=anexos_clinicos.solicitados(),
                usuario=request.user, ip=ip_da_requisicao(request))
        except ErroDeNegocio as erro:
            form.add_error(None, str(erro))
        else:
            messages.success(request, _mensagem_resultado(autorizacao))
            return redirect("autorizacoes_portal:detalhe", autorizacao_id=autorizacao.id)
    return render(request, "authorizations/portal/prorrogar.html",
                  _base(request, a=principal, form=form, itens=itens, anexos_clinicos=anexos_clinicos),
                  status=400 if request.method == "POST" else 200)


@requer
@require_POST
def responder(request: RequisicaoPortal, autorizacao_id: int) -> HttpResponse:
    autorizacao = _autorizacao(request, autorizacao_id)
    form = forms.RespostaForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Verifique os arquivos enviados: " + " ".join(
            str(e) for erros in form.errors.values() for e in erros))
        return redirect("autorizacoes_portal:detalhe", autorizacao_id=autorizacao.id)
    try:
        services.responder_pendencia(autorizacao_id=autorizacao.id, **_ids(request), usuario=request.user,
                                     texto=form.cleaned_data["texto"], anexos=form.arquivos(),
                                     ip=ip_da_requisicao(request))
    except ErroDeNegocio as erro:
        messages.error(request, str(erro))
    else:
        messages.success(request, "Resposta enviada à auditoria.")
    return redirect("autorizacoes_portal:detalhe", autorizacao_id=autorizacao.id)


@requer
@require_POST
def cancelar(request: RequisicaoPortal, autorizacao_id: int) -> HttpResponse:
    autorizacao = _autorizacao(request, autorizacao_id)
    form = forms.CancelarForm(request.POST)
    form.is_valid()
    try:
        services.cancelar_autorizacao(autorizacao_id=autorizacao.id, **_ids(request), usuario=request.user,
                                      motivo=form.cleaned_data.get("motivo", ""), ip=ip_da_requisicao(request))
    except ErroDeNegocio as erro:
        messages.error(request, str(erro))
    else:
        messages.success(request, "Autorização cancelada.")
    return redirect("autorizacoes_portal:detalhe", autorizacao_id=autorizacao.id)


@requer
@require_POST
def confirmar_atendimento(request: RequisicaoPortal, autorizacao_id: int) -> HttpResponse:
    autorizacao = _autorizacao(request, autorizacao_id)
    form = forms.ConfirmarAtendimentoForm(request.POST, prestador_id=request.portal.prestador.id)
    if not form.is_valid():
        messages.error(request, "Informe a data (dd/mm/aaaa) e a quantidade do atendimento.")
    else:
        d = form.cleaned_data
        try:
            services.confirmar_atendimento(
                autorizacao_id=autorizacao.id, item_id=d["item"], **_ids(request), usuario=request.user,
                data_execucao=d["data_execucao"], quantidade=d["quantidade"],
                profissional_executante_id=d["profissional_executante"].id if d["profissional_executante"] else None,
                ip=ip_da_requisicao(request))
        except ErroDeNegocio as erro:
            messages.error(request, str(erro))
        else:
            messages.success(request, f"Atendimento de {d['data_execucao']:%d/%m/%Y} confirmado.")
    destino = request.POST.get("voltar")
    if destino == "localizar":
        return redirect("autorizacoes_portal:localizar")
    return redirect("autorizacoes_portal:detalhe", autorizacao_id=autorizacao.id)


@requer
@require_POST
def desfazer_atendimento(request: RequisicaoPortal, autorizacao_id: int, atendimento_id: int) -> HttpResponse:
    autorizacao = _autorizacao(request, autorizacao_id)
    try:
        services.desfazer_atendimento(atendimento_id=atendimento_id, **_ids(request), usuario=request.user,
                                      ip=ip_da_requisicao(request))
    except NaoEncontrado as erro:
        raise Http404(erro.mensagem) from erro
    except ErroDeNegocio as erro:
        messages.error(request, str(erro))
    else:
        messages.success(request, "Confirmação desfeita.")
    return redirect("autorizacoes_portal:detalhe", autorizacao_id=autorizacao.id)


@requer
def guia_pdf(request: RequisicaoPortal, autorizacao_id: int) -> HttpResponse:
    autorizacao = _autorizacao(request, autorizacao_id)
    if not autorizacao.com_senha:
        messages.error(request, "Só se imprime a guia de uma solicitação autorizada.")
        return redirect("autorizacoes_portal:detalhe", autorizacao_id=autorizacao.id)
    conteudo = pdf.guia_autorizada(autorizacao, selectors.detalhe(autorizacao))
    auditoria.registrar_visualizacao(request, acao="autorizacao.guia_impressa", objeto=autorizacao,
                                     descricao="Guia autorizada (indicação clínica) impressa no portal do prestador.")
    return _pdf(conteudo, f"guia-{autorizacao.numero_guia_operadora}.pdf")


@requer
@require_http_methods(["GET", "POST"])
def carta_negativa(request: RequisicaoPortal, autorizacao_id: int) -> HttpResponse:
    autorizacao = _autorizacao(request, autorizacao_id)
    if request.method == "POST":
        try:
            services.solicitar_carta_negativa(autorizacao_id=autorizacao.id, **_ids(request), usuario=request.user,
                                              ip=ip_da_requisicao(request))
        except ErroDeNegocio as erro:
            messages.error(request, str(erro))
            return redirect("autorizacoes_portal:detalhe", autorizacao_id=autorizacao.id)
        return redirect("autorizacoes_portal:carta_negativa", autorizacao_id=autorizacao.id)
    if autorizacao.carta_negativa_solicitada_em is None:
        messages.error(request, "Solicite a carta de negativa pelo botão na página da autorização.")
        return redirect("autorizacoes_portal:detalhe", autorizacao_id=autorizacao.id)
    conteudo = pdf.carta_negativa(autorizacao, selectors.detalhe(autorizacao))
    auditoria.registrar_visualizacao(request, acao="autorizacao.carta_negativa_aberta", objeto=autorizacao,
                                     descricao="Carta de negativa aberta no portal do prestador.")
    return _pdf(conteudo, f"negativa-{autorizacao.numero_guia_operadora}.pdf")


@requer
def anexo(request: RequisicaoPortal, anexo_id: int) -> HttpResponse:
    try:
        arquivo = selectors.acessar_anexo(request.portal, anexo_id)
    except NaoEncontrado as erro:
        raise Http404(erro.mensagem) from erro
    auditoria.registrar_visualizacao(request, acao="autorizacao.anexo_visualizado", objeto=arquivo.autorizacao,
                                     descricao=f"Anexo {arquivo.nome_original} aberto no portal do prestador.")
    return baixar_anexo(arquivo)


@requer
def localizar(request: RequisicaoPortal) -> HttpResponse:
    """'Localizar procedimentos' (seed 003): authorized items with sessions left to confirm."""
    carteira = request.GET.get("carteira", "").strip()
    return render(request, "authorizations/portal/localizar.html", _base(
        request, itens=selectors.itens_para_confirmar(request.portal, carteira=carteira), carteira=carteira,
        hoje=timezone.localdate()))


@requer
def verificar_elegibilidade(request: RequisicaoPortal) -> HttpResponse:
    form = forms.ElegibilidadeForm(request.GET if "carteira" in request.GET else None,
                                   initial={"data_atendimento": timezone.localdate(), "quantidade": 1})
    resultado, exige_senha = None, None
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        resultado = elegibilidade.verificar(operadora_id=request.portal.operadora.id, carteira=d["carteira"],
                                            codigo_tuss=d["codigo_tuss"] or None, data=d["data_atendimento"],
                                            quantidade=d["quantidade"], carater=d["carater"])
        if resultado.elegivel and d["codigo_tuss"] and resultado.beneficiario is not None:
            exige_senha = selectors.exige_autorizacao(operadora_id=request.portal.operadora.id,
                                                      plano_id=resultado.beneficiario.plano_id,
                                                      codigo_tuss=d["codigo_tuss"])
    template = ("authorizations/portal/_resultado_elegibilidade.html" if request.htmx
                else "authorizations/portal/elegibilidade.html")
    return render(request, template, _base(request, form=form, resultado=resultado, exige_senha=exige_senha))


@requer
def procedimentos_com_autorizacao(request: RequisicaoPortal, formato: str = "") -> HttpResponse:
    """The published list (seed 002): searchable, downloadable as CSV and PDF, with its last change date."""
    operadora = request.portal.operadora
    texto = request.GET.get("q", "").strip()[:100]
    linhas = selectors.lista_publicada(operadora_id=operadora.id, texto=texto)
    ultima = selectors.ultima_alteracao_regras(operadora_id=operadora.id)
    if formato == "csv":
        resposta = HttpResponse(content_type="text/csv; charset=utf-8")
        resposta["Content-Disposition"] = f'attachment; filename="procedimentos-com-autorizacao-{operadora.registro_ans}.csv"'
        resposta.write("\ufeff")  # Excel opens UTF-8 with the BOM
        escritor = csv.writer(resposta, delimiter=";")
        escritor.writerow(["procedimento_ou_grupo", "descricao", "plano", "exigencia", "orientacao", "alterado_em"])
        for linha in linhas:
            escritor.writerow([linha.alvo, linha.descricao, linha.plano, linha.exigencia, linha.observacao,
                               timezone.localtime(linha.atualizado_em).strftime("%d/%m/%Y")])
        return resposta
    if formato == "pdf":
        return _pdf(pdf.lista_publicada(operadora, linhas, ultima),
                    f"procedimentos-com-autorizacao-{operadora.registro_ans}.pdf")
    template = ("authorizations/portal/_tabela_lista_publicada.html" if request.htmx
                else "authorizations/portal/lista_publicada.html")
    return render(request, template, _base(request, linhas=linhas, ultima=ultima, q=texto))


@requer
def sugerir_tuss(request: RequisicaoPortal) -> HttpResponse:
    """htmx: TUSS 22 terms for the code field's datalist."""
    termos = buscar_termos_tuss(request.GET.get("q", "")[:60], tabelas=["22", "18"], em=timezone.localdate(),
                                limite=15) if len(request.GET.get("q", "").strip()) >= 3 else []
    return render(request, "authorizations/portal/_sugestoes_tuss.html", {"termos": termos})


def _pdf(conteudo: bytes, nome: str) -> HttpResponse:
    resposta = HttpResponse(conteudo, content_type="application/pdf")
    resposta["Content-Disposition"] = f'inline; filename="{nome}"'
    return resposta
