"""Automatic billing (seed 003), attached documents and invoices (seed 004/002) under /portal/faturamento/."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from operadora.accounts.acesso import portal_requer
from operadora.accounts.navegacao import proximo_seguro
from operadora.accounts.permissoes import PermissaoPortal
from operadora.claims import services as claims_services
from operadora.core.arquivos import resposta_anexo
from operadora.core.auditoria import ip_da_requisicao, registrar_visualizacao
from operadora.core.erros import ErroDeNegocio

from .. import capa, forms, selectors, services
from ..models import FaturamentoAutomatico, Guia, ItemGuia, Protocolo, TipoGuia

FATURAMENTO = PermissaoPortal.FATURAMENTO
POR_PAGINA = 100


def _ctx(request: HttpRequest) -> Any:
    return request.portal  # type: ignore[attr-defined]


@portal_requer(FATURAMENTO)
def faturamentos(request: HttpRequest) -> HttpResponse:
    """'Faturamento dos atendimentos': the generations, and 'Gerar lote' for the suggested period."""
    contexto = _ctx(request)
    inicio, fim = services.periodo_sugerido(operadora=contexto.operadora, prestador=contexto.prestador)
    form = forms.GerarFaturamentoForm(request.POST or None, initial={"data_final": fim})
    if request.method == "POST" and form.is_valid():
        try:
            faturamento = services.gerar_faturamento_automatico(
                operadora=contexto.operadora,
                prestador=contexto.prestador,
                usuario=request.user,
                data_final=form.cleaned_data["data_final"],
            )
        except ErroDeNegocio as erro:
            messages.error(request, str(erro))
        else:
            messages.success(
                request, f"Lote gerado. {faturamento.quantidade_itens} procedimento(s) adicionado(s) no lote."
            )
            return redirect("billing:conferencia", faturamento_id=faturamento.pk)
    filtro = forms.FiltroFaturamentosForm(request.GET or None)
    dados = filtro.cleaned_data if filtro.is_valid() else {}
    pagina = Paginator(selectors.faturamentos_do_prestador(contexto, **dados), POR_PAGINA).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "billing/faturamentos.html",
        {"form": form, "data_inicial": inicio, "filtro": filtro, "pagina": pagina},
    )


@portal_requer(FATURAMENTO)
def conferencia(request: HttpRequest, faturamento_id: int) -> HttpResponse:
    """The conference screen: filters, confirm one or all, adjust a session's date, 100 a page."""
    faturamento = selectors.acessar_faturamento(_ctx(request), faturamento_id)
    filtro = forms.FiltroConferenciaForm(request.GET or None)
    dados = filtro.cleaned_data if filtro.is_valid() else {}
    qs = selectors.itens_para_conferencia(faturamento, **dados)
    pagina = Paginator(qs, POR_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "billing/conferencia.html",
        {
            "faturamento": faturamento,
            "filtro": filtro,
            "pagina": pagina,  # seed 003: "mostrando de 1 a 31 iten(s) do total de 31 registros"
            **_pendentes_de_envio(faturamento),
            "lotes": list(faturamento.lotes.select_related("protocolo").order_by("id")),
            "aguardando": faturamento.situacao == FaturamentoAutomatico.Situacao.AGUARDANDO_ENVIO,
            "internacoes": _internacoes(faturamento),
        },
    )


def _pendentes_de_envio(faturamento: FaturamentoAutomatico) -> dict[str, int]:
    """What the warning on Enviar speaks of (seed 003 §6), in one query: the items that will leave the lote (not
    checked; those removed on purpose are not counted) and, of them, the not confirmed ones."""
    conf = ItemGuia.Conferencia
    return ItemGuia.objects.filter(guia__lote__faturamento=faturamento).aggregate(
        nao_conferidos=Count("id", filter=~Q(conferencia__in=[conf.CONFERIDO, conf.REMOVIDO])),
        nao_confirmados=Count("id", filter=Q(conferencia=conf.NAO_CONFIRMADO)),
    )


def _internacoes(faturamento: FaturamentoAutomatico) -> list[dict[str, Any]]:
    """The generation's resumos de internação, each with the form that completes it (prefilled)."""
    return [
        {
            "guia": guia,
            "form": forms.AjusteInternacaoForm(
                initial={
                    "guia": guia.pk,
                    "hora_inicio_faturamento": guia.hora_inicio_faturamento,
                    "hora_final_faturamento": guia.hora_final_faturamento,
                    "motivo_encerramento": guia.motivo_encerramento,
                    "tipo_internacao": guia.tipo_internacao,
                    "regime_internacao": guia.regime_internacao,
                    "diagnostico": (guia.diagnosticos or [""])[0],
                }
            ),
        }
        for guia in Guia.objects.filter(
            lote__faturamento=faturamento, tipo=TipoGuia.RESUMO_INTERNACAO
        ).order_by("id")
    ]


@portal_requer(FATURAMENTO)
@require_POST
def acao_faturamento(request: HttpRequest, faturamento_id: int, acao: str) -> HttpResponseBase:
    faturamento = selectors.acessar_faturamento(_ctx(request), faturamento_id)
    ip = ip_da_requisicao(request)
    try:
        if acao in ("conferir", "nao_confirmar", "remover", "desfazer"):
            estado = {
                "conferir": "conferido",
                "nao_confirmar": "nao_confirmado",
                "remover": "removido",
                "desfazer": "nao_conferido",
            }[acao]
            ids = None if request.POST.get("todos") else [forms.id_postado(i) for i in request.POST.getlist("itens")]
            services.conferir_itens(
                faturamento_id=faturamento.pk, estado=estado, item_ids=ids, usuario=request.user
            )
        elif acao == "data":
            item_id = forms.id_postado(request.POST.get("item", ""))
            if not item_id:
                raise ItemGuia.DoesNotExist
            data = datetime.date.fromisoformat(request.POST.get("data", ""))
            item = services.ajustar_data_item(
                faturamento_id=faturamento.pk, item_id=item_id, data=data, usuario=request.user
            )
            messages.success(
                request,
                f"Data do procedimento {item.codigo} da guia {item.guia.numero_guia_prestador} ajustada para "
                f"{item.data_execucao:%d/%m/%Y}.",
            )
        elif acao == "internacao":
            form = forms.AjusteInternacaoForm(request.POST)
            if form.is_valid():
                dados = form.cleaned_data
                guia = services.ajustar_internacao(
                    faturamento_id=faturamento.pk,
                    guia_id=dados["guia"],
                    hora_inicio_faturamento=dados["hora_inicio_faturamento"],
                    hora_final_faturamento=dados["hora_final_faturamento"],
                    motivo_encerramento=dados["motivo_encerramento"],
                    tipo_internacao=dados["tipo_internacao"],
                    regime_internacao=dados["regime_internacao"],
                    diagnosticos=[dados["diagnostico"]] if dados["diagnostico"] else [],
                    usuario=request.user,
                )
                messages.success(request, f"Internação da guia {guia.numero_guia_prestador} completada.")
            else:
                erros = [
                    f"{form.fields[campo].label or campo}: {' '.join(str(m) for m in lista)}"
                    for campo, lista in form.errors.items()
                    if campo in form.fields
                ]
                messages.error(request, "Dados da internação inválidos — " + "; ".join(erros))
        elif acao == "enviar":
            services.enviar_faturamento(faturamento_id=faturamento.pk, usuario=request.user, ip=ip)
            messages.success(request, "Faturamento enviado à operadora.")
        elif acao == "cancelar":
            services.cancelar_faturamento(faturamento_id=faturamento.pk, usuario=request.user, ip=ip)
            messages.success(request, "Faturamento cancelado: os atendimentos podem ser faturados de novo.")
            return redirect("billing:faturamentos")
        else:
            messages.error(request, "Ação desconhecida.")
    except ValueError:
        messages.error(request, "Data inválida.")
    except ErroDeNegocio as erro:
        messages.error(request, str(erro))
    except ItemGuia.DoesNotExist:
        messages.error(request, "Item inválido: escolha um procedimento desta conferência.")
    except Guia.DoesNotExist:
        messages.error(request, "Guia inválida: escolha uma guia de internação desta conferência.")
    if getattr(request, "htmx", False) and acao not in ("enviar", "cancelar"):
        return conferencia(request, faturamento_id)
    return redirect(proximo_seguro(request, f"/portal/faturamento/automatico/{faturamento.pk}/", campo="voltar"))


@portal_requer(FATURAMENTO)
def despesas_da_conferencia(request: HttpRequest, faturamento_id: int, guia_id: int) -> HttpResponse:
    """The conference's 'Taxas', 'Mat/Med.' and 'Outros' of one generated guide (seed 003): its outras despesas."""
    contexto = _ctx(request)
    faturamento = selectors.acessar_faturamento(contexto, faturamento_id)
    guia = selectors.acessar_guia(contexto, guia_id)
    if guia.lote is None or guia.lote.faturamento_id != faturamento.pk:
        raise Http404("Guia não encontrada nesta conferência.")
    aguardando = faturamento.situacao == FaturamentoAutomatico.Situacao.AGUARDANDO_ENVIO
    conferencia_url = reverse("billing:conferencia", args=[faturamento.pk])
    if request.method == "POST" and aguardando and guia.aceita_outras_despesas:
        formset = forms.DespesasFormSet(request.POST, prefix="despesas")
        if request.POST.get("com_despesa"):
            nova = forms.padroes(forms.DespesaForm) | {"data_execucao": faturamento.data_final}
            formset = forms.linhas_como_digitadas(formset, forms.DespesasFormSet, "despesas", nova)
        elif not formset.is_valid():
            messages.error(request, "Confira as linhas destacadas.")
        else:
            try:
                services.definir_despesas_do_faturamento(
                    faturamento_id=faturamento.pk,
                    guia_id=guia.pk,
                    despesas=[forms.despesa_digitada(d) for d in formset.cleaned_data if forms.linha_mantida(d)],
                    usuario=request.user,
                    ip=ip_da_requisicao(request),
                )
            except ErroDeNegocio as erro:
                messages.error(request, str(erro))
            else:
                messages.success(request, f"Outras despesas da guia {guia.numero_guia_prestador} salvas.")
                return redirect(f"{conferencia_url}#guia-{guia.pk}")
    else:
        formset = forms.DespesasFormSet(initial=forms.despesas_iniciais(guia), prefix="despesas")
    return render(
        request,
        "billing/despesas_conferencia.html",
        {
            "faturamento": faturamento,
            "guia": guia,
            "formset": formset,
            "aguardando": aguardando,
            "despesas": list(guia.outras_despesas.all()),
            "conferencia_url": conferencia_url,
        },
    )


@portal_requer(FATURAMENTO)
def imprimir_faturamento(request: HttpRequest, faturamento_id: int) -> HttpResponse:
    faturamento = selectors.acessar_faturamento(_ctx(request), faturamento_id)
    vias = 1 if request.GET.get("vias") == "1" else 2
    lotes = list(faturamento.lotes.exclude(situacao="cancelado").select_related("protocolo").order_by("id"))
    if not lotes:  # a cancelled generation: its lotes were cancelled, an empty PDF said nothing
        messages.error(
            request,
            f"O faturamento {faturamento.pk} foi cancelado: não há lote a imprimir. Gere o lote de novo."
            if faturamento.situacao == FaturamentoAutomatico.Situacao.CANCELADO
            else f"O faturamento {faturamento.pk} não tem lote a imprimir.",
        )
        return redirect("billing:faturamentos")
    resposta = HttpResponse(
        capa.impressao_faturamento(faturamento, lotes, vias), content_type="application/pdf"
    )
    resposta["Content-Disposition"] = f'inline; filename="faturamento-{faturamento.pk}-{vias}via.pdf"'
    return resposta


@portal_requer(FATURAMENTO)
def documentos(request: HttpRequest) -> HttpResponse:
    """'Documentos anexos': the documents of lotes and guides (failed ones with the reason); attach to a guide. A
    refused document is recorded (listed with the reason) and the form comes back as typed."""
    contexto = _ctx(request)
    form = forms.DocumentoDaGuiaForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        documento = services.anexar_documento(
            operadora=contexto.operadora,
            prestador=contexto.prestador,
            arquivo=form.cleaned_data["arquivo"],
            numero_guia=form.cleaned_data["guia"],
            tipo_documento=form.cleaned_data["tipo_documento"],
            observacao=form.cleaned_data["observacao"],
            usuario=request.user,
        )
        if documento.situacao != documento.Situacao.FALHOU:
            messages.success(request, f"Documento anexado à guia {form.cleaned_data['guia'].strip()}.")
            return redirect("billing:documentos")
        messages.warning(request, f"Documento não anexado: {documento.motivo_falha}")
    situacao = request.GET.get("situacao", "")[:10]
    pagina = Paginator(selectors.documentos_do_prestador(contexto, situacao=situacao), POR_PAGINA).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "billing/documentos.html",
        {
            "form": form,
            "pagina": pagina,
            "anexos_clinicos": Paginator(selectors.anexos_clinicos_do_prestador(contexto), POR_PAGINA).get_page(
                request.GET.get("pagina_anexos")
            ),
        },
    )


@portal_requer(FATURAMENTO)
def notas_fiscais(request: HttpRequest) -> HttpResponse:
    """The operadora's NF delivery calendar and the upload of NF per protocol or competência."""
    contexto = _ctx(request)
    form = forms.NotaFiscalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        dados = form.cleaned_data
        protocolo = None
        if dados["protocolo"]:
            protocolo = Protocolo.objects.filter(
                operadora=contexto.operadora, prestador=contexto.prestador, numero=dados["protocolo"].strip()
            ).first()
            if protocolo is None:
                form.add_error("protocolo", "Protocolo não encontrado.")
        if not form.errors:
            try:
                nota = claims_services.enviar_nota_fiscal(
                    operadora=contexto.operadora,
                    prestador=contexto.prestador,
                    arquivo=dados["arquivo"],
                    numero=dados["numero"],
                    data_emissao=dados["data_emissao"],
                    valor=dados["valor"],
                    protocolo=protocolo,
                    competencia=dados["competencia"],
                    usuario=request.user,
                )
            except ErroDeNegocio as erro:
                form.add_error(None, str(erro))
            else:
                messages.success(request, f"NF {nota.numero} recebida. {nota.motivo_data_pagamento}")
                return redirect("billing:notas_fiscais")
    return render(
        request,
        "billing/notas_fiscais.html",
        {
            "form": form,
            "calendario": list(selectors.calendario_nf(contexto.operadora)[:24]),
            "notas": list(selectors.notas_fiscais_do_prestador(contexto)[:100]),
        },
    )


@portal_requer(FATURAMENTO)
def baixar_documento(request: HttpRequest, documento_id: int) -> HttpResponse:
    """A document the provider attached (a medical report: health data): its own only, recorded."""
    documento = selectors.acessar_documento(_ctx(request), documento_id)
    resposta = resposta_anexo(documento.arquivo, documento.nome_original or f"documento-{documento.pk}")
    registrar_visualizacao(request, acao="billing.documento_baixado", objeto=documento,
                           descricao=f"Documento {documento.nome_original} baixado no portal do prestador.")
    return resposta


@portal_requer(FATURAMENTO)
def baixar_nota_fiscal(request: HttpRequest, nota_fiscal_id: int) -> HttpResponse:
    """An NF the provider sent: its own only, recorded."""
    nota = selectors.acessar_nota_fiscal(_ctx(request), nota_fiscal_id)
    resposta = resposta_anexo(nota.arquivo, f"nf-{nota.numero}.{nota.formato}")
    registrar_visualizacao(request, acao="billing.nf_baixada", objeto=nota,
                           descricao=f"NF {nota.numero} baixada no portal do prestador.")
    return resposta
