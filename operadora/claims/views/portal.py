"""Provider pages: demonstrativos (/portal/demonstrativos/, DEMONSTRATIVOS) and recursos de glosa
(/portal/recursos/, RECURSOS_GLOSA). Every object is reached through an access helper that filters by the
context's prestador AND operadora (billing's `acessar_protocolo`/`acessar_lote`, claims' `acessar_glosa`,
`acessar_recurso`, `acessar_pagamento`): another provider's object is a 404."""


from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from operadora.accounts.acesso import ContextoPortal, portal_requer
from operadora.accounts.permissoes import PermissaoPortal
from operadora.billing import selectors as faturamento_selectors
from operadora.core.auditoria import ip_da_requisicao, registrar_visualizacao
from operadora.core.erros import ErroDeNegocio
from operadora.core.formatos import format_brl as brl

from .. import demonstrativos, forms, pdf, selectors, services
from ..models import Glosa, RecursoGlosa
from .arquivos import demonstrativo_de_analise, exigir_formato, resposta_pdf, resposta_xml


class RequisicaoPortal(HttpRequest):
    """The request as `portal_requer` hands it to the views."""

    portal: ContextoPortal


requer_demonstrativos = portal_requer(PermissaoPortal.DEMONSTRATIVOS)
requer_recursos = portal_requer(PermissaoPortal.RECURSOS_GLOSA)
requer_faturamento = portal_requer(PermissaoPortal.FATURAMENTO)
POR_PAGINA = 25


def _protocolo_com_demonstrativo(request: RequisicaoPortal, protocolo_id: int | str):
    protocolo = faturamento_selectors.acessar_protocolo(request.portal, protocolo_id)
    if not protocolo.tem_demonstrativo_analise:
        raise Http404("O demonstrativo fica disponível quando o protocolo é liberado para faturamento.")
    return protocolo


# --- demonstrativos ------------------------------------------------------------------------------------------


@requer_demonstrativos
def demonstrativos_lista(request: RequisicaoPortal) -> HttpResponse:
    periodo = forms.PeriodoForm(request.GET or None)
    dados = periodo.cleaned_data if periodo.is_bound and periodo.is_valid() else {}
    qs = selectors.protocolos_com_demonstrativo(request.portal, numero=request.GET.get("numero", ""),
                                                inicio=dados.get("inicio"), fim=dados.get("fim"))
    pagina = Paginator(qs, POR_PAGINA).get_page(request.GET.get("pagina"))
    pagamentos = selectors.pagamentos_do_prestador(request.portal)[:24]
    hoje = timezone.localdate()
    return render(request, "claims/portal/demonstrativos.html", {
        "periodo": periodo, "pagina": pagina, "pagamentos": pagamentos, "anos": range(hoje.year, hoje.year - 5, -1),
        "pode_recorrer": request.portal.pode(PermissaoPortal.RECURSOS_GLOSA)})


@requer_demonstrativos
def analise(request: RequisicaoPortal, protocolo_id: int) -> HttpResponse:
    protocolo = _protocolo_com_demonstrativo(request, protocolo_id)
    prazo = services.prazo_do_recurso(protocolo)
    guias = selectors.guias_analisadas([protocolo]).get(protocolo.pk, [])
    return render(request, "claims/portal/analise.html", {
        "p": protocolo, "guias": guias,
        "historico": faturamento_selectors.linha_do_tempo(protocolo), "prazo_recurso": prazo,
        "pode_recorrer": (request.portal.pode(PermissaoPortal.RECURSOS_GLOSA) and prazo is not None
                          and timezone.localdate() <= prazo),
        "protocolo_a_recorrer": any(g.glosas_a_recorrer for g in guias)})


@requer_demonstrativos
def analise_arquivo(request: RequisicaoPortal, protocolo_id: int, formato: str) -> HttpResponse:
    return demonstrativo_de_analise(_protocolo_com_demonstrativo(request, protocolo_id), formato)


@requer_demonstrativos
def analise_periodo(request: RequisicaoPortal, formato: str) -> HttpResponse:
    exigir_formato(formato)
    periodo = forms.PeriodoForm(request.GET)
    if not periodo.is_valid() or not periodo.cleaned_data.get("inicio") or not periodo.cleaned_data.get("fim"):
        messages.error(request, "Informe o período (de/até) do demonstrativo.")
        return redirect("claims_demonstrativos:lista")
    inicio, fim = periodo.cleaned_data["inicio"], periodo.cleaned_data["fim"]
    protocolos = list(selectors.protocolos_com_demonstrativo(request.portal, inicio=inicio, fim=fim)
                      .select_related("operadora", "prestador").order_by("recebido_em", "id"))
    if not protocolos:
        messages.error(request, "Nenhum protocolo liberado nesse período.")
        return redirect("claims_demonstrativos:lista")
    d = demonstrativos.analise_conta(operadora=request.portal.operadora, prestador=request.portal.prestador,
                                     protocolos=protocolos, numero=f"{inicio:%Y%m%d}{fim:%Y%m%d}")
    nome = f"demonstrativo-analise-{inicio:%Y%m%d}-{fim:%Y%m%d}"
    if formato == "xml":
        return resposta_xml(demonstrativos.xml(d), f"{nome}.xml")
    return resposta_pdf(pdf.analise_conta(d), f"{nome}.pdf")


@requer_demonstrativos
def pagamento_arquivo(request: RequisicaoPortal, formato: str) -> HttpResponse:
    """By payment date (?data=AAAA-MM-DD) or by competência (?competencia=AAAA-MM)."""
    exigir_formato(formato)
    qs = selectors.pagamentos_do_prestador(request.portal)
    try:
        if request.GET.get("competencia"):
            competencia = forms.competencia(request.GET["competencia"])
            pagamentos = list(qs.filter(competencia=competencia).order_by("data_pagamento"))
            numero = f"C{competencia:%Y%m}"
        else:
            data = forms.data_iso(request.GET.get("data"), campo="data de pagamento")
            pagamentos = list(qs.filter(data_pagamento=data))
            numero = pagamentos[0].numero if pagamentos else ""
    except ErroDeNegocio as erro:
        messages.error(request, erro.mensagem)
        return redirect("claims_demonstrativos:lista")
    if not pagamentos:
        messages.error(request, "Não há pagamento nessa data/competência.")
        return redirect("claims_demonstrativos:lista")
    operadora, prestador = request.portal.operadora, request.portal.prestador
    if formato == "xml":
        d = demonstrativos.pagamento_ou_odontologia(operadora=operadora, prestador=prestador, pagamentos=pagamentos,
                                                    numero=numero)
        return resposta_xml(demonstrativos.xml(d), f"demonstrativo-pagamento-{numero}.xml")
    d = demonstrativos.pagamento(operadora=operadora, prestador=prestador, pagamentos=pagamentos, numero=numero)
    return resposta_pdf(pdf.pagamento(d), f"demonstrativo-pagamento-{numero}.pdf")


@requer_demonstrativos
def pagamento(request: RequisicaoPortal, pagamento_id: int, formato: str = "pdf") -> HttpResponse:
    """One payment's statement (PDF or XML): the statement of its date, reached by id so that another provider's
    payment is a 404."""
    exigir_formato(formato)
    p = selectors.acessar_pagamento(request.portal, pagamento_id)
    url = reverse("claims_demonstrativos:pagamento_arquivo", args=[formato])
    return redirect(f"{url}?data={p.data_pagamento:%Y-%m-%d}")


@requer_demonstrativos
def informe_rendimentos(request: RequisicaoPortal, ano: int) -> HttpResponse:
    hoje = timezone.localdate()
    if not 2000 <= ano <= hoje.year:
        raise Http404("Ano inválido.")
    informe = selectors.informe_rendimentos(operadora=request.portal.operadora, prestador=request.portal.prestador,
                                            ano=ano)
    return resposta_pdf(pdf.informe_rendimentos(informe), f"informe-rendimentos-{ano}.pdf")


@requer_faturamento
@require_http_methods(["GET", "POST"])
def previa_arquivo(request: RequisicaoPortal) -> HttpResponse:
    """Upload an ENVIO_LOTE_GUIAS file only to see the glosas it would get (nothing is received or saved)."""
    previa, nome = None, ""
    if request.method == "POST":
        arquivo = request.FILES.get("arquivo")
        if arquivo is None:
            messages.error(request, "Escolha o arquivo XML do lote.")
        elif (arquivo.size or 0) > request.portal.operadora.tamanho_max_xml_mb * 1024 * 1024:
            messages.error(request, "O arquivo passa do tamanho máximo aceito pela operadora.")
        else:
            nome = arquivo.name or ""
            previa = selectors.previa_do_arquivo(operadora=request.portal.operadora,
                                                 prestador=request.portal.prestador, dados=arquivo.read())
    return render(request, "claims/portal/previa_arquivo.html", {"previa": previa, "nome": nome})


@requer_faturamento
def previa_lote(request: RequisicaoPortal, lote_id: int) -> HttpResponse:
    lote = faturamento_selectors.acessar_lote(request.portal, lote_id)
    return render(request, "claims/portal/previa.html", {"lote": lote, "previa": selectors.previa_do_lote(lote)})


# --- recursos de glosa ---------------------------------------------------------------------------------------


@requer_recursos
def recursos_lista(request: RequisicaoPortal) -> HttpResponse:
    pagina = Paginator(selectors.recursos_do_prestador(request.portal), POR_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "claims/portal/recursos.html", {"pagina": pagina})


def _glosas_escolhidas(request: RequisicaoPortal, ids: list[str]) -> list[Glosa]:
    glosas = [selectors.acessar_glosa(request.portal, i) for i in dict.fromkeys(ids)]
    if len({g.protocolo_id for g in glosas}) > 1:
        raise ErroDeNegocio("Um recurso é de um protocolo só: escolha glosas do mesmo protocolo.")
    return glosas


@requer_recursos
@require_http_methods(["GET", "POST"])
def recurso_novo(request: RequisicaoPortal) -> HttpResponse:
    dados = request.POST if request.method == "POST" else request.GET
    ids = dados.getlist("glosa")
    if not ids and dados.get("protocolo"):
        protocolo = _protocolo_com_demonstrativo(request, dados["protocolo"])
        ids = [str(g) for g in selectors.glosas_a_recorrer(protocolo)]
        if not ids:
            messages.error(request, f"Todas as glosas do protocolo {protocolo.numero} já foram recorridas: "
                                    "acompanhe as respostas em Recursos de glosa.")
            return redirect("claims_demonstrativos:analise", protocolo_id=protocolo.pk)
    if not ids:
        messages.error(request, "Escolha, no demonstrativo, a glosa a recorrer.")
        return redirect("claims_demonstrativos:lista")
    try:
        glosas = _glosas_escolhidas(request, ids)
    except ErroDeNegocio as erro:
        messages.error(request, erro.mensagem)
        return redirect("claims_demonstrativos:lista")
    objeto = dados.get("objeto", services.ObjetoRecurso.ITEM)
    status = 200
    if request.method == "POST":
        try:
            itens = [services.ItemPedido(g.pk, forms.valor_brl(request.POST.get(f"valor_{g.pk}"), campo="valor recursado"),
                                         request.POST.get(f"justificativa_{g.pk}", "")) for g in glosas]
            recurso = services.recorrer(
                operadora_id=request.portal.operadora.pk, prestador_id=request.portal.prestador.pk,
                protocolo_id=glosas[0].protocolo_id, itens=itens, justificativa=request.POST.get("justificativa", ""),
                objeto=objeto, usuario=request.user, anexos=request.FILES.getlist("anexos"),
                ip=ip_da_requisicao(request))
        except ErroDeNegocio as erro:
            messages.error(request, str(erro))  # with the TISS code when there is one (2904, 2909)
            status = 400
        else:
            messages.success(request, f"Recurso {recurso.numero} enviado: {brl(recurso.valor_recursado)} em análise.")
            return redirect("claims_recursos:detalhe", recurso_id=recurso.pk)
    # a refused appeal comes back as the provider filled it (amounts, reasons), never reset to the glosed values
    preenchido = request.POST
    # the glosed amount offered as the provider writes it (30,00; 1.234,56), which `forms.valor_brl` reads back
    linhas = [(g, {"valor": preenchido.get(f"valor_{g.pk}", brl(g.valor).removeprefix("R$ ")),
                   "justificativa": preenchido.get(f"justificativa_{g.pk}", "")}) for g in glosas]
    return render(request, "claims/portal/recurso_novo.html", {
        "linhas": linhas, "protocolo": glosas[0].protocolo, "objeto": objeto,
        "justificativa": preenchido.get("justificativa", ""),
        "prazo": services.prazo_do_recurso(glosas[0].protocolo)}, status=status)


@requer_recursos
@require_POST
def recurso_xml_enviar(request: RequisicaoPortal) -> HttpResponse:
    arquivo = request.FILES.get("arquivo")
    if arquivo is None:
        messages.error(request, "Escolha o arquivo XML do recurso (RECURSO_GLOSA).")
        return redirect("claims_recursos:lista")
    if (arquivo.size or 0) > request.portal.operadora.tamanho_max_xml_mb * 1024 * 1024:
        messages.error(request, "O arquivo passa do tamanho máximo aceito pela operadora.")
        return redirect("claims_recursos:lista")
    try:
        recurso = services.receber_recurso_xml(operadora=request.portal.operadora, prestador=request.portal.prestador,
                                               dados=arquivo.read(), usuario=request.user,
                                               ip=ip_da_requisicao(request))
    except ErroDeNegocio as erro:
        messages.error(request, str(erro))
        return redirect("claims_recursos:lista")
    messages.success(request, f"Recurso {recurso.numero} recebido do arquivo {arquivo.name}.")
    return redirect("claims_recursos:detalhe", recurso_id=recurso.pk)


@requer_recursos
def recurso_detalhe(request: RequisicaoPortal, recurso_id: int) -> HttpResponse:
    r = selectors.acessar_recurso(request.portal, recurso_id)
    registrar_visualizacao(request, acao="claims.recurso_visualizado", objeto=r,
                           descricao=f"Recurso {r.numero} (justificativas clínicas) consultado no portal.")
    return render(request, "claims/portal/recurso.html", {
        "r": r, "itens": r.itens.select_related("glosa__item", "glosa__despesa", "glosa__guia").order_by("id"),
        "anexos": r.anexos.all(), "credito": selectors.credito_do_recurso(r),
        "respondido": r.situacao != RecursoGlosa.Situacao.RECEBIDO})


@requer_recursos
def recurso_arquivo(request: RequisicaoPortal, recurso_id: int, tipo: str) -> HttpResponse:
    r = selectors.acessar_recurso(request.portal, recurso_id)
    if tipo not in ("recebimento", "resposta") or (tipo == "resposta" and r.situacao == RecursoGlosa.Situacao.RECEBIDO):
        raise Http404("Arquivo indisponível.")
    d = demonstrativos.resposta_recurso(r) if tipo == "resposta" else demonstrativos.recebimento_recurso(r)
    return resposta_xml(demonstrativos.xml(d, sequencial=r.numero), f"recurso-{r.numero}-{tipo}.xml")

