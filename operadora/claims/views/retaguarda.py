"""Back-office pages: account audit (/operadora/contas/, ANALISE_CONTAS) and payments (/operadora/pagamentos/,
FINANCEIRO). Thin: parse, call one service or selector, render; business errors become a message, never a 500."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from operadora.accounts.acesso import retaguarda_requer
from operadora.accounts.permissoes import PermissaoOperadora
from operadora.billing import selectors as faturamento_selectors
from operadora.billing import services as faturamento_services
from operadora.billing.models import CalendarioNF, Protocolo
from operadora.core import auditoria
from operadora.core.arquivos import resposta_anexo
from operadora.core.auditoria import ip_da_requisicao
from operadora.core.erros import ErroDeNegocio
from operadora.core.formatos import format_brl as brl
from operadora.registry.models import Credenciamento, Operadora

from .. import codigos, demonstrativos, forms, pdf, regras, selectors, services
from ..models import AnexoRecurso, Glosa, ItemRecurso, Pagamento, RecursoGlosa
from .arquivos import demonstrativo_de_analise, exigir_formato, resposta_pdf, resposta_xml

requer_contas = retaguarda_requer(PermissaoOperadora.ANALISE_CONTAS)
requer_financeiro = retaguarda_requer(PermissaoOperadora.FINANCEIRO)
POR_PAGINA = 50


def _operadora_escolhida(request: HttpRequest) -> Operadora | None:
    valor = request.GET.get("operadora") or request.POST.get("operadora")
    if not valor:
        return None
    try:
        return Operadora.objects.get(pk=int(valor))
    except (ValueError, Operadora.DoesNotExist):
        raise Http404("Operadora não encontrada.") from None


def _objeto(qs: Any, objeto_id: Any) -> Any:
    try:
        return qs.get(pk=int(objeto_id))
    except (ValueError, TypeError, qs.model.DoesNotExist):
        raise Http404("Registro não encontrado.") from None


# --- account audit -----------------------------------------------------------------------------------------


@requer_contas
def fila(request: HttpRequest) -> HttpResponse:
    operadora = _operadora_escolhida(request)
    filtro = forms.FiltroFilaContasForm({"situacao": request.GET.get("situacao", "")})
    qs = selectors.fila_de_analise(operadora_id=operadora.pk if operadora else None,
                                   situacao=filtro.cleaned_data["situacao"] if filtro.is_valid() else "",
                                   prestador=request.GET.get("prestador", ""), numero=request.GET.get("numero", ""))
    if filtro.errors:  # a situação it cannot read: nothing listed rather than the default queue as if applied
        qs = qs.none()
    pagina = Paginator(qs, POR_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "claims/retaguarda/fila.html", {
        "pagina": pagina, "operadoras": Operadora.objects.filter(ativa=True), "operadora": operadora,
        "filtro": filtro, "situacao": filtro.data["situacao"], "situacoes": Protocolo.Situacao.choices,
        "recursos_pendentes": RecursoGlosa.objects.filter(situacao=RecursoGlosa.Situacao.RECEBIDO).count()})


@requer_contas
def protocolo(request: HttpRequest, protocolo_id: int) -> HttpResponse:
    return _pagina_do_protocolo(request, selectors.protocolo_da_retaguarda(protocolo_id))


DECISOES_DA_GLOSA = [("confirmar", "Confirmar"), ("ajustar", "Ajustar valor"), ("anular", "Anular")]


def _pagina_do_protocolo(request: HttpRequest, p: Protocolo, *, status: int = 200,
                         decisao_enviada: dict[str, Any] | None = None,
                         inclusao_enviada: dict[str, str] | None = None) -> HttpResponse:
    """The protocol item by item; a refused glosa decision or inclusion comes back with its form as the analyst
    filled it (status 400)."""
    return render(request, "claims/retaguarda/protocolo.html", {
        "p": p, "analise": getattr(p, "analise", None), "guias": selectors.guias_analisadas([p]).get(p.pk, []),
        "historico": faturamento_selectors.linha_do_tempo(p), "em_analise": p.situacao == Protocolo.Situacao.EM_ANALISE,
        "pode_analisar": p.situacao in (Protocolo.Situacao.RECEBIDO, Protocolo.Situacao.EM_ANALISE),
        "decisoes_da_glosa": DECISOES_DA_GLOSA, "decisao_enviada": decisao_enviada or {},
        "inclusao_enviada": inclusao_enviada or {}}, status=status)


def _enviado(request: HttpRequest, *campos: str) -> dict[str, str]:
    return {campo: request.POST.get(campo, "") for campo in campos}


@requer_contas
def analise_arquivo(request: HttpRequest, protocolo_id: int, formato: str) -> HttpResponse:
    """The protocol's Demonstrativo de Análise de Conta, the file the provider gets (once released)."""
    return demonstrativo_de_analise(selectors.protocolo_da_retaguarda(protocolo_id), formato)


def _voltar_ao_protocolo(protocolo_id: int) -> HttpResponse:
    return redirect("claims_contas:protocolo", protocolo_id=protocolo_id)


@require_POST
@requer_contas
def analisar(request: HttpRequest, protocolo_id: int) -> HttpResponse:
    p = selectors.protocolo_da_retaguarda(protocolo_id)
    try:
        analise = services.analisar_protocolo(protocolo_id=p.pk, usuario=request.user)
    except ErroDeNegocio as erro:
        messages.error(request, erro.mensagem)
    else:
        versao = analise.conjunto_regras.versao if analise.conjunto_regras else "?"
        messages.success(request, f"Análise executada com as regras v{versao}: {brl(analise.valor_glosa)} em glosas "
                                  "propostas.")
    return _voltar_ao_protocolo(p.pk)


@require_POST
@requer_contas
def decidir(request: HttpRequest, glosa_id: int) -> HttpResponse:
    glosa = _objeto(Glosa.objects.all(), glosa_id)
    try:
        valor = forms.valor_brl(request.POST.get("valor"), campo="valor da glosa") if request.POST.get("valor") else None
        services.decidir_glosa(glosa_id=glosa.pk, decisao=request.POST.get("decisao", ""), valor=valor,
                               justificativa=request.POST.get("justificativa", ""), usuario=request.user,
                               ip=ip_da_requisicao(request))
    except ErroDeNegocio as erro:
        messages.error(request, erro.mensagem)
        return _pagina_do_protocolo(request, selectors.protocolo_da_retaguarda(glosa.protocolo_id), status=400,
                                    decisao_enviada={"glosa": glosa.pk,
                                                     **_enviado(request, "decisao", "valor", "justificativa")})
    messages.success(request, f"Glosa {glosa.codigo_glosa}: decisão registrada.")
    return _voltar_ao_protocolo(glosa.protocolo_id)


@require_POST
@requer_contas
def incluir(request: HttpRequest, protocolo_id: int) -> HttpResponse:
    p = selectors.protocolo_da_retaguarda(protocolo_id)
    try:
        item_id = int(request.POST.get("item", ""))
        if not p.guias.filter(itens__id=item_id).exists():
            raise ErroDeNegocio("Escolha um item deste protocolo.")
        services.incluir_glosa(item_id=item_id, codigo_glosa=request.POST.get("codigo_glosa", "").strip(),
                               valor=forms.valor_brl(request.POST.get("valor"), campo="valor da glosa"),
                               justificativa=request.POST.get("justificativa", ""), usuario=request.user,
                               ip=ip_da_requisicao(request))
    except (ValueError, ErroDeNegocio) as erro:
        messages.error(request, erro.mensagem if isinstance(erro, ErroDeNegocio) else "Escolha um item deste protocolo.")
        return _pagina_do_protocolo(request, p, status=400, inclusao_enviada=_enviado(
            request, "item", "codigo_glosa", "valor", "justificativa"))
    messages.success(request, "Glosa incluída.")
    return _voltar_ao_protocolo(p.pk)


@require_POST
@requer_contas
def liberar(request: HttpRequest, protocolo_id: int) -> HttpResponse:
    p = selectors.protocolo_da_retaguarda(protocolo_id)
    try:
        analise = services.liberar_protocolo(protocolo_id=p.pk, usuario=request.user, ip=ip_da_requisicao(request))
    except ErroDeNegocio as erro:
        messages.error(request, erro.mensagem)
    else:
        messages.success(request, f"Protocolo {p.numero} liberado para faturamento: {brl(analise.valor_liberado)} "
                                  f"liberados, {brl(analise.valor_glosa)} glosados.")
    return _voltar_ao_protocolo(p.pk)


@requer_contas
def configuracao(request: HttpRequest) -> HttpResponse:
    operadora = _operadora_escolhida(request) or Operadora.objects.filter(ativa=True).order_by("id").first()
    if operadora is None:
        raise Http404("Nenhuma operadora cadastrada.")
    if request.method == "POST":
        try:
            versao = services.publicar_regras(
                operadora=operadora, configuracao=forms.configuracao_das_regras(request.POST), usuario=request.user,
                observacao=request.POST.get("observacao", ""))
        except ErroDeNegocio as erro:
            messages.error(request, erro.mensagem)
        else:
            messages.success(request, f"Regras v{versao.versao} publicadas: valem para as próximas análises.")
            return redirect(f"{request.path}?operadora={operadora.pk}")
    atual = services.garantir_regras(operadora)
    return render(request, "claims/retaguarda/regras.html", {
        "operadora": operadora, "operadoras": Operadora.objects.filter(ativa=True), "atual": atual,
        "regras": selectors.catalogo_com_configuracao(atual), "versoes": selectors.versoes_de_regras(operadora)[:20],
        "rotulos": {c: codigos.rotulo(c) for d in regras.CATALOGO for c in d.codigos_tuss38}})


@requer_contas
def recursos(request: HttpRequest) -> HttpResponse:
    filtro = forms.FiltroRecursosForm({"situacao": request.GET.get("situacao", RecursoGlosa.Situacao.RECEBIDO)})
    qs = RecursoGlosa.objects.select_related("protocolo", "prestador", "operadora").order_by("criado_em", "id")
    if not filtro.is_valid():  # a situação it cannot read: nothing listed rather than every recurso
        qs = qs.none()
    elif filtro.cleaned_data["situacao"] in RecursoGlosa.Situacao.values:
        qs = qs.filter(situacao=filtro.cleaned_data["situacao"])
    pagina = Paginator(qs, POR_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "claims/retaguarda/recursos.html", {
        "pagina": pagina, "filtro": filtro, "situacao": filtro.data["situacao"],
        "situacoes": RecursoGlosa.Situacao.choices})


@requer_contas
def recurso(request: HttpRequest, recurso_id: int) -> HttpResponse:
    r = _objeto(RecursoGlosa.objects.select_related("protocolo", "prestador", "operadora"), recurso_id)
    auditoria.registrar_visualizacao(request, acao="claims.recurso_visualizado", objeto=r,
                                     descricao=f"Recurso {r.numero} (justificativas clínicas) consultado.")
    status = 200
    if request.method == "POST":
        try:
            decisoes = {}
            for item in r.itens.all():
                escolha = request.POST.get(f"decisao_{item.pk}", "")
                valor = (forms.valor_brl(request.POST.get(f"valor_{item.pk}"), campo="valor acatado")
                         if escolha == ItemRecurso.Decisao.PARCIAL else item.valor_recursado)
                decisoes[item.pk] = services.DecisaoItem(escolha, valor, request.POST.get(f"justificativa_{item.pk}", ""))
            services.responder_recurso(recurso_id=r.pk, decisoes=decisoes, usuario=request.user,
                                       justificativa=request.POST.get("justificativa", ""),
                                       ip=ip_da_requisicao(request))
        except ErroDeNegocio as erro:
            messages.error(request, erro.mensagem)
            status = 400
        else:
            messages.success(request, f"Recurso {r.numero} respondido.")
            return redirect("claims_contas:recurso", recurso_id=r.pk)
    itens = r.itens.select_related("glosa__item", "glosa__despesa", "glosa__guia").order_by("id")
    # a refused answer comes back as the analyst filled it (decision, amount, reasons), never reset to "Acatado"
    preenchido = request.POST
    linhas = [(i, {"decisao": preenchido.get(f"decisao_{i.pk}", ""), "valor": preenchido.get(f"valor_{i.pk}", ""),
                   "justificativa": preenchido.get(f"justificativa_{i.pk}", "")}) for i in itens]
    return render(request, "claims/retaguarda/recurso.html", {
        "r": r, "linhas": linhas, "anexos": r.anexos.all(), "decisoes": ItemRecurso.Decisao.choices,
        "credito": selectors.credito_do_recurso(r),
        "observacao": preenchido.get("justificativa", ""),
        "pendente": r.situacao == RecursoGlosa.Situacao.RECEBIDO}, status=status)


@requer_contas
def recurso_anexo(request: HttpRequest, recurso_id: int, anexo_id: int) -> HttpResponse:
    """An attachment of the appeal, through the back office (audited), never from a public /media/ address."""
    anexo = _objeto(AnexoRecurso.objects.select_related("recurso").filter(recurso_id=recurso_id), anexo_id)
    auditoria.registrar_visualizacao(
        request, acao="claims.recurso_anexo_visualizado", objeto=anexo.recurso,
        descricao=f"Anexo {anexo.nome_original} do recurso {anexo.recurso.numero} aberto.")
    return resposta_anexo(anexo.arquivo, anexo.nome_original or f"anexo-{anexo.pk}")


@requer_contas
def recurso_xml(request: HttpRequest, recurso_id: int, tipo: str) -> HttpResponse:
    r = _objeto(RecursoGlosa.objects.select_related("protocolo__lote", "prestador", "operadora"), recurso_id)
    if tipo not in ("recebimento", "resposta"):
        raise Http404("Arquivo indisponível.")
    if tipo == "resposta" and r.situacao == RecursoGlosa.Situacao.RECEBIDO:
        raise Http404("O recurso ainda não foi respondido.")
    d = demonstrativos.resposta_recurso(r) if tipo == "resposta" else demonstrativos.recebimento_recurso(r)
    return resposta_xml(demonstrativos.xml(d, sequencial=r.numero), f"recurso-{r.numero}-{tipo}.xml")


# --- payments ------------------------------------------------------------------------------------------------


@requer_financeiro
def pagamentos(request: HttpRequest) -> HttpResponse:
    operadora = _operadora_escolhida(request) or Operadora.objects.filter(ativa=True).order_by("id").first()
    if operadora is None:
        raise Http404("Nenhuma operadora cadastrada.")
    return _pagina_de_pagamentos(request, operadora)


def _pagina_de_pagamentos(request: HttpRequest, operadora: Operadora, *, status: int = 200,
                          enviado: dict[str, Any] | None = None) -> HttpResponse:
    """The payments page; a refused form (calendar, billing, adjustment) comes back as finance filled it (status
    400): `enviado` = {"calendario" | "faturar" | "ajuste": the fields posted}."""
    hoje = timezone.localdate()
    previstos = list(Pagamento.objects.filter(operadora=operadora, situacao=Pagamento.Situacao.PREVISTO)
                     .select_related("prestador").order_by("data_pagamento", "prestador__nome"))
    return render(request, "claims/retaguarda/pagamentos.html", {
        "operadora": operadora, "operadoras": Operadora.objects.filter(ativa=True),
        "calendario": CalendarioNF.objects.filter(operadora=operadora, competencia__gte=hoje.replace(day=1)
                                                  - datetime.timedelta(days=62)).order_by("competencia")[:12],
        "a_faturar": Protocolo.objects.filter(operadora=operadora, situacao=Protocolo.Situacao.LIBERADO_FATURAMENTO)
        .select_related("prestador", "lote").order_by("recebido_em")[:200],
        "previstos": previstos, "datas_previstas": sorted({p.data_pagamento for p in previstos}),
        "pagos": Pagamento.objects.filter(operadora=operadora, situacao=Pagamento.Situacao.PAGO)
        .select_related("prestador").order_by("-data_pagamento", "-id")[:30],
        "credenciados": Credenciamento.objects.filter(operadora=operadora).select_related("prestador")
        .order_by("prestador__nome"),
        "parametros": services.parametros_de_pagamento(operadora), "hoje": hoje, "enviado": enviado or {}},
        status=status)


def _voltar_aos_pagamentos(operadora: Operadora) -> HttpResponse:
    return redirect(f"/operadora/pagamentos/?operadora={operadora.pk}")


@require_POST
@requer_financeiro
def faturar(request: HttpRequest) -> HttpResponse:
    operadora = _operadora_escolhida(request)
    if operadora is None:
        raise Http404("Operadora não encontrada.")
    def recusado(protocolos: list[str]) -> HttpResponse:
        return _pagina_de_pagamentos(request, operadora, status=400, enviado={
            "faturar": {"protocolos": protocolos, "data": request.POST.get("data", "")}})

    try:
        data = forms.data_iso(request.POST["data"], campo="data de pagamento") if request.POST.get("data") else None
        ids = [int(i) for i in request.POST.getlist("protocolo")]
    except ErroDeNegocio as erro:
        messages.error(request, erro.mensagem)
        return recusado(request.POST.getlist("protocolo"))
    except ValueError:
        raise Http404("Protocolo não encontrado.") from None
    if not ids:
        messages.error(request, "Escolha ao menos um protocolo liberado.")
        return recusado([])
    recusados = []
    for protocolo_id, numero in Protocolo.objects.filter(operadora=operadora, pk__in=ids).values_list("pk", "numero"):
        try:
            pagamento = services.faturar(protocolo_id=protocolo_id, usuario=request.user, data_pagamento=data,
                                         ip=ip_da_requisicao(request))
        except ErroDeNegocio as erro:
            messages.error(request, f"Protocolo {numero}: {erro.mensagem}")
            recusados.append(str(protocolo_id))
        else:
            messages.success(request, f"Protocolo {numero} faturado: pagamento em "
                                      f"{pagamento.data_pagamento:%d/%m/%Y}.")
    return recusado(recusados) if recusados else _voltar_aos_pagamentos(operadora)


@require_POST
@requer_financeiro
def calendario(request: HttpRequest) -> HttpResponse:
    operadora = _operadora_escolhida(request)
    if operadora is None:
        raise Http404("Operadora não encontrada.")
    try:
        faturamento_services.definir_calendario_nf(
            operadora=operadora, competencia=forms.competencia(request.POST.get("competencia")),
            data_limite_envio=forms.data_iso(request.POST.get("data_limite_envio"), campo="data de corte"),
            data_pagamento=forms.data_iso(request.POST.get("data_pagamento"), campo="data de pagamento"),
            usuario=request.user)
    except ErroDeNegocio as erro:
        messages.error(request, erro.mensagem)
        return _pagina_de_pagamentos(request, operadora, status=400, enviado={"calendario": {
            campo: request.POST.get(campo, "") for campo in ("competencia", "data_limite_envio", "data_pagamento")}})
    messages.success(request, "Calendário atualizado.")
    return _voltar_aos_pagamentos(operadora)


@require_POST
@requer_financeiro
def executar(request: HttpRequest) -> HttpResponse:
    operadora = _operadora_escolhida(request)
    if operadora is None:
        raise Http404("Operadora não encontrada.")
    try:
        data = forms.data_iso(request.POST.get("data"), campo="data de pagamento")
        feitos = services.executar_pagamentos(operadora=operadora, data_pagamento=data, usuario=request.user,
                                              ip=ip_da_requisicao(request))
    except ErroDeNegocio as erro:
        messages.error(request, erro.mensagem)
    else:
        messages.success(request, f"{len(feitos)} pagamento(s) de {data:%d/%m/%Y} registrados como pagos.")
    return _voltar_aos_pagamentos(operadora)


@require_POST
@requer_financeiro
def ajuste(request: HttpRequest) -> HttpResponse:
    operadora = _operadora_escolhida(request)
    if operadora is None:
        raise Http404("Operadora não encontrada.")
    credenciamento = _objeto(Credenciamento.objects.filter(operadora=operadora).select_related("prestador"),
                             request.POST.get("credenciamento"))
    try:
        services.registrar_ajuste(operadora=operadora, prestador=credenciamento.prestador,
                                  indicador=request.POST.get("indicador", ""),
                                  valor=forms.valor_brl(request.POST.get("valor")),
                                  descricao=request.POST.get("descricao", ""), usuario=request.user,
                                  ip=ip_da_requisicao(request))
    except ErroDeNegocio as erro:
        messages.error(request, erro.mensagem)
        return _pagina_de_pagamentos(request, operadora, status=400, enviado={"ajuste": {
            campo: request.POST.get(campo, "") for campo in ("credenciamento", "indicador", "valor", "descricao")}})
    messages.success(request, "Ajuste registrado para o próximo pagamento.")
    return _voltar_aos_pagamentos(operadora)


@requer_financeiro
def pagamento(request: HttpRequest, pagamento_id: int) -> HttpResponse:
    p = _objeto(Pagamento.objects.select_related("operadora", "prestador"), pagamento_id)
    return render(request, "claims/retaguarda/pagamento.html", {
        "p": p, "protocolos": Protocolo.objects.filter(pagamento_claims__pagamento=p).select_related("lote"),
        "lancamentos": p.lancamentos.order_by("id")})


@requer_financeiro
def pagamento_arquivo(request: HttpRequest, pagamento_id: int, formato: str) -> HttpResponse:
    exigir_formato(formato)
    p = _objeto(Pagamento.objects.select_related("operadora", "prestador"), pagamento_id)
    nome = f"demonstrativo-pagamento-{p.numero}"
    if formato == "xml":
        d = demonstrativos.pagamento_ou_odontologia(operadora=p.operadora, prestador=p.prestador, pagamentos=[p],
                                                    numero=p.numero)
        return resposta_xml(demonstrativos.xml(d), f"{nome}.xml")
    d = demonstrativos.pagamento(operadora=p.operadora, prestador=p.prestador, pagamentos=[p], numero=p.numero)
    return resposta_pdf(pdf.pagamento(d), f"{nome}.pdf")
