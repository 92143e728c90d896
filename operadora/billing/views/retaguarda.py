"""Back office: received protocols with their guides, the documents and NFs the provider sent for them
(/operadora/protocolos/), and their situação changes."""


from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from operadora.accounts.acesso import permissoes_operadora, retaguarda_requer
from operadora.accounts.permissoes import PermissaoOperadora
from operadora.core.arquivos import resposta_anexo
from operadora.core.auditoria import registrar_visualizacao
from operadora.core.erros import ErroDeNegocio

from .. import forms, selectors, services
from ..models import Protocolo

ANALISE = PermissaoOperadora.ANALISE_CONTAS
POR_PAGINA = 50


# Release, invoicing and payment belong to the claims analysis and the payment run, which carry the glosas and the
# Demonstrativo de Pagamento; this page moves a protocol only between the other situations.
PELA_ANALISE_E_PAGAMENTO = {
    Protocolo.Situacao.LIBERADO_FATURAMENTO,
    Protocolo.Situacao.FATURADO,
    Protocolo.Situacao.PAGO,
}


@retaguarda_requer(ANALISE)
def protocolos(request: HttpRequest) -> HttpResponse:
    """Received protocols of every operadora the staff serves (all by default), filtered by operadora, provider,
    lote, protocolo, guide type, situação and period (issue item 8)."""
    filtro = forms.FiltroProtocolosRetaguardaForm(request.GET or None)
    dados = filtro.cleaned_data if filtro.is_valid() else {}
    operadora = dados.get("operadora")
    qs = selectors.protocolos_recebidos(
        operadora_id=operadora.pk if operadora else None,
        prestador=dados.get("prestador") or "",
        lote=dados.get("lote") or "",
        numero=dados.get("protocolo") or "",
        situacao=dados.get("situacao") or "",
        tipo=dados.get("tipo") or "",
        inicio=dados.get("inicio"),
        fim=dados.get("fim"),
    )
    if filtro.errors:  # a filter it cannot read: nothing listed rather than every protocol under the other filters
        qs = qs.none()
    pagina = Paginator(qs, POR_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "billing/retaguarda/protocolos.html", {"filtro": filtro, "pagina": pagina})


@retaguarda_requer(ANALISE)
def protocolo(request: HttpRequest, protocolo_id: int) -> HttpResponse:
    protocolo = selectors.protocolo_da_operadora(None, protocolo_id)
    return render(
        request,
        "billing/retaguarda/protocolo.html",
        {
            "protocolo": protocolo,
            "guias": list(selectors.guias_do_protocolo(protocolo)),
            "historico": selectors.linha_do_tempo(protocolo),
            "documentos": list(selectors.documentos_do_protocolo(protocolo)),
            "notas": list(selectors.notas_fiscais_do_protocolo(protocolo)),
            "nota_do_pagamento": selectors.nota_fiscal_do_pagamento(protocolo),
            "ve_pagamentos": PermissaoOperadora.FINANCEIRO in permissoes_operadora(request.user),
            "proximas": [
                (s, Protocolo.Situacao(s).label)
                for s in sorted(services.TRANSICOES.get(protocolo.situacao, ()))
                if s not in PELA_ANALISE_E_PAGAMENTO
            ],
        },
    )


@retaguarda_requer(ANALISE)
@require_POST
def mudar_situacao(request: HttpRequest, protocolo_id: int) -> HttpResponse:
    protocolo = selectors.protocolo_da_operadora(None, protocolo_id)
    para, motivo = request.POST.get("para", ""), request.POST.get("motivo", "")[:300]
    if para in PELA_ANALISE_E_PAGAMENTO:
        messages.error(request, "A liberação é feita na Análise de contas (com as glosas) e o faturamento e o "
                                "pagamento, em Pagamentos (com o Demonstrativo de Pagamento).")
        return redirect("billing_retaguarda:protocolo", protocolo_id=protocolo.pk)
    try:
        services.mudar_situacao_protocolo(protocolo_id=protocolo.pk, para=para, usuario=request.user, motivo=motivo)
        messages.success(request, "Situação do protocolo atualizada.")
    except ErroDeNegocio as erro:
        messages.error(request, str(erro))
    return redirect("billing_retaguarda:protocolo", protocolo_id=protocolo.pk)


@retaguarda_requer(ANALISE)
def documento(request: HttpRequest, protocolo_id: int, documento_id: int) -> HttpResponse:
    """A document of the protocol's lote or guides (a medical report: health data), downloaded through the back
    office and recorded — never from a public /media/ address."""
    protocolo = selectors.protocolo_da_operadora(None, protocolo_id)
    documento = selectors.documento_do_protocolo(protocolo, documento_id)
    resposta = resposta_anexo(documento.arquivo, documento.nome_original or f"documento-{documento.pk}")
    registrar_visualizacao(request, acao="billing.documento_baixado", objeto=documento,
                           descricao=f"Documento {documento.nome_original} do protocolo {protocolo.numero} baixado "
                                     "na retaguarda.")
    return resposta


@retaguarda_requer(ANALISE)
def nota_fiscal(request: HttpRequest, protocolo_id: int, nota_fiscal_id: int) -> HttpResponse:
    """An NF of the protocol or of its competência, downloaded through the back office and recorded."""
    protocolo = selectors.protocolo_da_operadora(None, protocolo_id)
    nota = selectors.nota_fiscal_do_protocolo(protocolo, nota_fiscal_id)
    resposta = resposta_anexo(nota.arquivo, f"nf-{nota.numero}.{nota.formato}")
    registrar_visualizacao(request, acao="billing.nf_baixada", objeto=nota,
                           descricao=f"NF {nota.numero} (protocolo {protocolo.numero}) baixada na retaguarda.")
    return resposta
