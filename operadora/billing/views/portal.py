"""Provider pages under /portal/faturamento/ (seeds 002, 003, 004). Thin: parse, call one service or selector,
render. Every object is reached through `selectors.acessar_*` (provider AND operadora, else 404)."""

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from operadora.accounts.acesso import portal_requer
from operadora.accounts.permissoes import PermissaoPortal
from operadora.claims import selectors as claims_selectors
from operadora.core.auditoria import ip_da_requisicao, registrar_visualizacao
from operadora.core.erros import ErroDeNegocio
from operadora.core.formatos import format_brl
from operadora.registry.selectors import (
    beneficiario_por_carteira,
    buscar_termos_tuss,
    preco_contratado,
    termo_vigente_existe,
)

from .. import capa, codigos, forms, mensagens_tiss, regras, selectors, services
from ..models import TIPOS_DE_ANEXO_DA_GUIA, Guia, Lote, Origem, TipoGuia

FATURAMENTO = PermissaoPortal.FATURAMENTO
PASSOS = {
    1: "Numeração da guia e identificação do beneficiário",
    2: "Dados do solicitante",
    3: "Procedimentos / itens assistenciais",
    4: "Dados do executante",
    5: "Anexos",
    6: "Resumo",
}
POR_PAGINA = 100


def _ctx(request: HttpRequest) -> Any:
    return request.portal  # type: ignore[attr-defined]


def _pagina(request: HttpRequest, qs: Any) -> Page:
    """One page of `qs` (Django's `get_page`: page 1 when `pagina` is not a number, the last when it is past it);
    the links are portal/_paginacao.html."""
    return Paginator(qs, POR_PAGINA).get_page(request.GET.get("pagina"))


# --- guides ----------------------------------------------------------------------------------------------


@portal_requer(FATURAMENTO)
def pesquisar_guias(request: HttpRequest) -> HttpResponse:
    filtro = forms.FiltroGuiasForm(request.GET or None)
    dados = filtro.cleaned_data if filtro.is_valid() else {}
    qs = selectors.pesquisar_guias(
        _ctx(request),
        texto=dados.get("texto") or "",
        tipo=dados.get("tipo") or "",
        situacao=dados.get("situacao") or "",
        inicio=dados.get("inicio"),
        fim=dados.get("fim"),
    )
    if filtro.errors:  # a filter it cannot read: nothing listed rather than every guide under the other filters
        qs = qs.none()
    pagina = _pagina(request, qs)
    return render(
        request,
        "billing/guias.html",
        {
            "filtro": filtro,
            "pagina": pagina,
            "tipos": TipoGuia.choices,
        },
    )


@portal_requer(FATURAMENTO)
def nova_guia(request: HttpRequest, tipo: str) -> HttpResponse:
    """Step 1 of a new guide of `tipo`. Nothing is created until step 1 is saved (Próximo with valid data): then
    the draft comes into existence, of the signed-in provider and operadora, and the wizard goes on with its id."""
    if tipo not in TipoGuia.values:
        messages.error(request, "Tipo de guia inválido.")
        return redirect("billing:guias")
    contexto = _ctx(request)
    guia = Guia(operadora=contexto.operadora, prestador=contexto.prestador, tipo=tipo)  # not saved: the page's
    form = forms.PassoBeneficiario(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        dados = _dados_do_passo_1(form, contexto.operadora)
        if dados is not None:
            guia = services.criar_rascunho_guia(
                operadora=contexto.operadora,
                prestador=contexto.prestador,
                tipo=tipo,
                usuario=request.user,
                passo_1=dados,
            )
            return redirect("billing:passo", guia_id=guia.pk, passo=_seguinte(guia, 1))
    return _pagina_do_passo(request, guia, 1, {"form": form})


def _dados_do_passo_1(form: forms.PassoBeneficiario, operadora: Any) -> dict[str, Any] | None:
    """Step 1's fields as the guide keeps them, with the beneficiary found by carteira or by a name that names
    only one; None (with the error on the form) when none is found."""
    dados = dict(form.cleaned_data)
    busca = dados.pop("beneficiario_busca").strip()
    beneficiario = beneficiario_por_carteira(operadora_id=operadora.pk, carteira=busca)
    if beneficiario is None:
        candidatos = list(operadora.beneficiarios.filter(nome__icontains=busca)[:2]) if busca else []
        beneficiario = candidatos[0] if len(candidatos) == 1 else None
    if beneficiario is None:
        form.add_error(
            "beneficiario_busca",
            "Beneficiário não encontrado nesta operadora (informe a carteira "
            "ou um nome que identifique um só beneficiário).",
        )
        return None
    dados["beneficiario"] = beneficiario
    dados["tipo_identificacao"] = dados["tipo_identificacao"] or ""
    return dados


def _inicial_profissional(guia: Guia, prefixo: str) -> dict[str, Any]:
    return {
        "profissional": getattr(guia, f"{prefixo}_id"),
        "nome": getattr(guia, f"{prefixo}_nome"),
        "conselho": getattr(guia, f"{prefixo}_conselho"),
        "numero": getattr(guia, f"{prefixo}_numero"),
        "uf": getattr(guia, f"{prefixo}_uf"),
        "cbo": getattr(guia, f"{prefixo}_cbo"),
        "livre": bool(getattr(guia, f"{prefixo}_numero")) and not getattr(guia, f"{prefixo}_id"),
    }


def _itens_iniciais(guia: Guia) -> list[dict[str, Any]]:
    return [
        {
            "tabela": i.tabela,
            "codigo": i.codigo,
            "descricao": i.descricao,
            "quantidade": i.quantidade,
            "data_execucao": i.data_execucao,
            "valor_unitario": i.valor_unitario,
            "reducao_acrescimo": i.reducao_acrescimo,
            "dente": i.dente,
            "regiao": i.regiao,
            "face": i.face,
            "qtd_us": i.qtd_us,
            "valor_franquia": i.valor_franquia,
            "grau_participacao": i.grau_participacao,
        }
        for i in guia.itens.all()
    ]


TIPOS_COM_EQUIPE = (TipoGuia.SP_SADT, TipoGuia.RESUMO_INTERNACAO, TipoGuia.HONORARIOS)


def _equipe_inicial(guia: Guia) -> list[dict[str, Any]]:
    """The saved teams as rows of the team formset (typed data, behind the lock)."""
    return [
        {
            "item": item.sequencial,
            "grau_participacao": m.grau_participacao,
            "livre": True,
            "nome": m.nome,
            "conselho": m.conselho,
            "numero": m.numero_conselho,
            "uf": m.uf,
            "cbo": m.cbo,
        }
        for item in guia.itens.all()
        for m in item.equipe.all()
    ]


def _equipe(dados: Any, guia: Guia) -> Any:
    """The team formset of step 3 (SP/SADT, internação, honorários). A post without the team's management form
    (a client that does not know the team) means no team."""
    if guia.tipo not in TIPOS_COM_EQUIPE or (dados is not None and "equipe-TOTAL_FORMS" not in dados):
        return None
    return forms.EquipeFormSet(
        dados,
        initial=_equipe_inicial(guia) if dados is None else None,
        prefix="equipe",
        form_kwargs={"prestador": guia.prestador},
    )


def _formularios(request: HttpRequest, guia: Guia, passo: int) -> dict[str, Any]:
    dados = request.POST if request.method == "POST" else None
    prestador = guia.prestador
    if passo == 1:
        inicial = {
            campo: getattr(guia, campo)
            for campo in forms.PassoBeneficiario.base_fields
            if hasattr(guia, campo)
        }
        inicial["beneficiario_busca"] = guia.carteira
        return {"form": forms.PassoBeneficiario(dados, initial=inicial)}
    if passo == 2:
        inicial = _inicial_profissional(guia, "solicitante") | {
            "telefone": guia.solicitante_telefone,
            "email": guia.solicitante_email,
            "interlocutor": guia.interlocutor,
            "data_solicitacao": guia.data_solicitacao,
            "carater_atendimento": guia.carater_atendimento,
            "indicacao_clinica": guia.indicacao_clinica,
        }
        return {"form": forms.PassoSolicitante(dados, initial=inicial, prestador=prestador)}
    if passo == 3:
        inicial = {
            campo: getattr(guia, campo)
            for campo in forms.PassoAtendimento.base_fields
            if hasattr(guia, campo)
        }
        inicial["data_inicio_faturamento"] = guia.data_atendimento
        inicial |= {f"diagnostico_{n}": cid for n, cid in enumerate(guia.diagnosticos or [], start=1)}
        itens = _itens_iniciais(guia) or [
            {
                "data_execucao": timezone.localdate(),
                "quantidade": 1,
                "tabela": "22",
                "reducao_acrescimo": Decimal("1.00"),
            }
        ]
        despesas_permitidas = guia.aceita_outras_despesas
        return {
            "form": forms.PassoAtendimento(dados, initial=inicial, tipo=guia.tipo),
            "itens": forms.ItensFormSet(dados, initial=itens, prefix="itens"),
            "despesas": forms.DespesasFormSet(dados, initial=forms.despesas_iniciais(guia), prefix="despesas")
            if despesas_permitidas
            else None,
            "declaracoes": forms.DeclaracoesFormSet(
                dados, initial=guia.declaracoes or None, prefix="declaracoes"
            )
            if guia.tipo == TipoGuia.RESUMO_INTERNACAO
            else None,
            "equipe": _equipe(dados, guia),
        }
    if passo == 4:
        inicial = _inicial_profissional(guia, "executante")
        if guia.tipo == TipoGuia.HONORARIOS:
            inicial |= {campo: getattr(guia, campo) for campo in CAMPOS_LOCAL}
            return {"form": forms.PassoExecutanteHonorarios(dados, initial=inicial, prestador=prestador)}
        return {"form": forms.PassoExecutante(dados, initial=inicial, prestador=prestador)}
    if passo == 5:
        acao = request.POST.get("acao", "") if dados else ""
        anexo_clinico = acao.startswith(("anexo_", "remover_"))
        formularios: dict[str, Any] = {
            "form": forms.DocumentoForm(None if anexo_clinico else dados, request.FILES or None)
        }
        if tipos_de_anexo := TIPOS_DE_ANEXO_DA_GUIA.get(guia.tipo):
            formularios["anexos_clinicos"] = {
                tipo: forms.FORMS_ANEXO[tipo](
                    dados if acao == f"anexo_{tipo}" else None,
                    prefix=tipo,
                    initial=_anexo_inicial(guia, tipo),
                )
                for tipo in tipos_de_anexo
            }
        return formularios
    return {}


CAMPOS_LOCAL = ("local_codigo_na_operadora", "local_cnpj", "local_nome", "local_cnes")


def _anexo_inicial(guia: Guia, tipo: str) -> dict[str, Any]:
    """The annex header already typed (its items or teeth are appended one by one, so they start blank)."""
    anexo = next((a for a in guia.anexos.all() if a.tipo == tipo), None)
    return {k: v for k, v in (anexo.dados if anexo else {}).items() if k not in ("itens", "dentes")}


def _guardar_anexo_clinico(request: HttpRequest, guia: Guia, formularios: dict[str, Any]) -> bool | None:
    """Step 5 of an SP/SADT guide (OPME/quimio/radio) or an odontological one (situação inicial): include or remove
    a structured annex. None: not this."""
    acao = request.POST.get("acao", "")
    tipo = acao.removeprefix("anexo_").removeprefix("remover_")
    if not acao.startswith(("anexo_", "remover_")) or tipo not in formularios["anexos_clinicos"]:
        return None
    try:
        if acao.startswith("remover_"):
            services.remover_anexo_clinico(guia_id=guia.pk, tipo=tipo, usuario=request.user)
            messages.success(request, "Anexo removido.")
            return True
        form = formularios["anexos_clinicos"][tipo]
        if not form.is_valid():
            return False
        dados = form.dados()
        item = {k: dados.pop(k) for k in form.ITEM if k in dados}
        services.definir_anexo_clinico(
            guia_id=guia.pk, tipo=tipo, dados=dados, item=item or None, usuario=request.user
        )
    except ErroDeNegocio as erro:
        messages.error(request, str(erro))
        return True
    messages.success(request, "Anexo incluído.")
    return True


def _guardar_passo(request: HttpRequest, guia: Guia, passo: int, formularios: dict[str, Any]) -> bool:
    """Validates and saves the step; False keeps the user on the page with the errors."""
    form: Any = formularios.get("form")
    contexto = _ctx(request)
    if passo == 5:
        if request.FILES and form.is_valid():
            documento = services.anexar_documento(
                operadora=contexto.operadora,
                prestador=contexto.prestador,
                arquivo=form.cleaned_data["arquivo"],
                guia=guia,
                tipo_documento=form.cleaned_data["tipo_documento"],
                observacao=form.cleaned_data["observacao"],
                usuario=request.user,
            )
            if documento.situacao == documento.Situacao.FALHOU:
                messages.warning(request, f"Documento não anexado: {documento.motivo_falha}")
            else:
                messages.success(request, f"Documento {documento.nome_original} anexado.")
            return False
        services.atualizar_guia(guia_id=guia.pk, dados={}, passo=6, usuario=request.user)
        return True
    if passo == 3:
        itens, despesas, declaracoes, equipe = (
            formularios["itens"],
            formularios["despesas"],
            formularios["declaracoes"],
            formularios["equipe"],
        )
        validos = (
            form.is_valid()
            & itens.is_valid()
            & (despesas is None or despesas.is_valid())
            & (declaracoes is None or declaracoes.is_valid())
            & (equipe is None or equipe.is_valid())
        )
        if not validos:
            return False
        linhas: list[services.ItemDigitado] = []
        # the row numbers as shown (the team's "Procedimento nº") → the kept procedures' new numbers; None: removed
        numeros: dict[int, int | None] = {}
        odonto = guia.tipo == TipoGuia.ODONTOLOGIA
        for linha, dados in enumerate(itens.cleaned_data, start=1):
            if not forms.linha_mantida(dados):
                if dados.get("DELETE"):
                    numeros[linha] = None
                continue
            numeros[linha] = len(linhas) + 1
            descricao = dados.get("descricao") or next(
                (t.termo for t in buscar_termos_tuss(dados["codigo"], tabelas=[dados["tabela"]], limite=1)),
                "",
            )
            linhas.append(
                services.ItemDigitado(
                    tabela=dados["tabela"],
                    codigo=dados["codigo"].strip(),
                    descricao=descricao,
                    quantidade=dados["quantidade"],
                    data_execucao=dados["data_execucao"],
                    valor_unitario=dados.get("valor_unitario"),  # blank: the contracted price (services)
                    reducao_acrescimo=dados.get("reducao_acrescimo") or Decimal("1.00"),
                    dente=dados.get("dente", ""),
                    regiao=dados.get("regiao", ""),
                    face=dados.get("face", ""),
                    grau_participacao=dados.get("grau_participacao", ""),
                    # Only the odontological guide shows (and keeps) Qtde US and franquia.
                    qtd_us=dados.get("qtd_us") if odonto else None,
                    valor_franquia=dados.get("valor_franquia") if odonto else None,
                )
            )
        equipes = _equipes_digitadas(equipe, numeros) if equipe is not None else {}
        if equipes is None:
            return False
        linhas = [dataclasses.replace(linha, equipe=equipes.get(n, ())) for n, linha in enumerate(linhas, 1)]
        outras = [
            forms.despesa_digitada(d)
            for d in (despesas.cleaned_data if despesas is not None else [])
            if forms.linha_mantida(d)
        ]
        # Items first (they set the first service date); then the step's fields, so that a typed billing period
        # (internação, honorários) is the guide's period.
        try:
            services.definir_itens(guia_id=guia.pk, itens=linhas, despesas=outras, usuario=request.user)
        except ErroDeNegocio as erro:
            messages.error(request, str(erro))
            return False
        campos = form.campos_da_guia()
        if declaracoes is not None:
            campos["declaracoes"] = [
                {k: v for k, v in d.items() if v and k != "DELETE"}
                for d in declaracoes.cleaned_data
                if d and not d.get("DELETE") and any(v for k, v in d.items() if k != "DELETE")
            ]
        services.atualizar_guia(guia_id=guia.pk, dados=campos, passo=4, usuario=request.user)
        return True
    if not form.is_valid():
        return False
    dados = dict(form.cleaned_data)
    if passo == 1:
        passo_1 = _dados_do_passo_1(form, guia.operadora)
        if passo_1 is None:
            return False
        dados = passo_1
    elif passo in (2, 4):
        prefixo = "solicitante" if passo == 2 else "executante"
        extras = {
            k: dados[k]
            for k in (
                "telefone",
                "email",
                "interlocutor",
                "data_solicitacao",
                "carater_atendimento",
                "indicacao_clinica",
            )
            if k in dados
        }
        if "telefone" in extras:
            extras["solicitante_telefone"] = extras.pop("telefone")
            extras["solicitante_email"] = extras.pop("email")
        dados = form.campos_da_guia(prefixo) | extras
        if passo == 4:
            dados["cnes_executante"] = guia.prestador.cnes
            dados |= {campo: form.cleaned_data[campo] for campo in CAMPOS_LOCAL if campo in form.cleaned_data}
    services.atualizar_guia(guia_id=guia.pk, dados=dados, passo=passo + 1, usuario=request.user)
    return True


def _equipes_digitadas(equipe: Any, numeros: dict[int, int | None]) -> dict[int, tuple[Any, ...]] | None:
    """The team rows grouped by the kept procedures' numbers (`numeros`: the row numbers shown → the new ones,
    None for a removed row, whose team goes with it); None (with the error on the row) when a row names a
    procedure the guide does not have."""
    equipes: dict[int, list[services.MembroDigitado]] = {}
    for membro in equipe.forms:
        dados = membro.cleaned_data
        if not forms.linha_mantida(dados):
            continue
        if dados["item"] not in numeros:
            membro.add_error("item", f"A guia não tem o procedimento nº {dados['item']}.")
            return None
        numero = numeros[dados["item"]]
        if numero is None:
            continue
        equipes.setdefault(numero, []).append(
            services.MembroDigitado(
                grau_participacao=dados["grau_participacao"],
                nome=dados["nome"],
                conselho=dados["conselho"],
                numero_conselho=dados["numero"],
                uf=dados["uf"],
                cbo=dados["cbo"],
            )
        )
    return {n: tuple(membros) for n, membros in equipes.items()}


def _passos_da_guia(guia: Guia) -> dict[int, str]:
    if guia.tipo == TipoGuia.CONSULTA:  # a consulta has no solicitante
        return {n: t for n, t in PASSOS.items() if n != 2}
    return PASSOS


def _seguinte(guia: Guia, passo: int) -> int:
    """The wizard's step after `passo` for this guide's type (the summary after the last)."""
    return next((p for p in _passos_da_guia(guia) if p > passo), 6)


@portal_requer(FATURAMENTO)
def passo(request: HttpRequest, guia_id: int, passo: int) -> HttpResponse:
    """The typing wizard (seed 004): 1 beneficiário → 2 solicitante → 3 procedimentos → 4 executante → 5 anexos
    → 6 resumo (*Salvar*, which does not send). Each step saves the draft."""
    guia = selectors.acessar_guia(_ctx(request), guia_id)
    passos = _passos_da_guia(guia)
    if passo not in passos:
        return redirect(
            "billing:passo", guia_id=guia.pk, passo=min(p for p in passos if p > passo) if passo < 6 else 6
        )
    if guia.situacao not in (Guia.Situacao.RASCUNHO, Guia.Situacao.DIGITADA) and passo != 6:
        return redirect("billing:passo", guia_id=guia.pk, passo=6)
    formularios = _formularios(request, guia, passo)
    anexo = (
        _guardar_anexo_clinico(request, guia, formularios)
        if request.method == "POST" and "anexos_clinicos" in formularios
        else None
    )
    if anexo is True:
        return redirect("billing:passo", guia_id=guia.pk, passo=5)
    if request.method == "POST" and anexo is None:
        if request.POST.get("acao") == "incluir_item" and passo == 3:
            formularios = _com_linha_a_mais(request, guia, formularios)
        elif request.POST.get("acao") == "incluir_membro" and passo == 3 and formularios.get("equipe") is not None:
            formularios = _com_membro_a_mais(request, guia, formularios)
        elif _guardar_passo(request, guia, passo, formularios):
            if request.POST.get("acao") == "anterior":
                anteriores = [p for p in passos if p < passo]
                return redirect(
                    "billing:passo", guia_id=guia.pk, passo=anteriores[-1] if anteriores else passo
                )
            return redirect("billing:passo", guia_id=guia.pk, passo=_seguinte(guia, passo))
        elif passo == 5:
            return redirect("billing:passo", guia_id=guia.pk, passo=5)
    guia.refresh_from_db()
    if passo == 6:  # the guide's summary: how a saved or sent guide is read
        registrar_visualizacao(request, acao="billing.guia_visualizada", objeto=guia,
                               descricao="Resumo da guia (dados clínicos) consultado.")
    return _pagina_do_passo(request, guia, passo, formularios)


def _pagina_do_passo(request: HttpRequest, guia: Guia, passo: int, formularios: dict[str, Any]) -> HttpResponse:
    """The wizard's page of `passo`; `guia` may be a new guide not saved yet (step 1 of `nova_guia`)."""
    passos = _passos_da_guia(guia)
    salva = guia.pk is not None
    itens_guia = list(guia.itens.prefetch_related("equipe")) if salva else []
    return render(
        request,
        "billing/guia_passo.html",
        {
            "guia": guia,
            "passo": passo,
            "passos": passos,
            # the position among this type's steps (a Consulta has no step 2), the summary not counted
            "etapa": list(passos).index(passo) + 1,
            "etapas": len(passos) - 1,
            "titulo_passo": passos[passo],
            "pendencias": services.pendencias_da_guia(guia) if passo in (3, 6) else [],
            "itens_guia": itens_guia,
            "termos_cbo": selectors.termos_cbo_da_guia(guia, itens_guia) if passo == 6 else {},
            "itens_na_autorizacao": selectors.itens_na_autorizacao(guia, itens_guia)
            if passo == 6 and guia.tipo == TipoGuia.ODONTOLOGIA
            else [],
            "despesas_guia": list(guia.outras_despesas.all()) if salva else [],
            "documentos": list(guia.documentos.all()) if salva else [],
            "anexos_guia": list(guia.anexos.all()) if salva else [],
            "motivos_encerramento": dict(forms.motivos_encerramento()),
            "graus": dict(forms.GRAU_PARTICIPACAO),
            "condicoes_clinicas": dict(forms.CONDICAO_CLINICA),
            "odonto": guia.tipo == TipoGuia.ODONTOLOGIA,
            **formularios,
        },
    )


def _com_linha_a_mais(
    request: HttpRequest, guia: Guia, formularios: dict[str, Any], *, linha_a_mais: bool = True
) -> dict[str, Any]:
    """'Incluir procedimento': re-renders step 3 with what was typed plus an empty row (and an empty outra despesa
    row when 'incluir uma linha de outra despesa' is ticked), none of them validated."""
    dados = request.POST.copy()
    data = dados.get("itens-0-data_execucao", "")
    formularios["itens"] = forms.linhas_como_digitadas(
        forms.ItensFormSet(dados, prefix="itens"),
        forms.ItensFormSet,
        "itens",
        forms.padroes(forms.ItemForm) | {"data_execucao": data} if linha_a_mais else None,
    )
    if formularios.get("despesas") is not None:
        formularios["despesas"] = forms.linhas_como_digitadas(
            forms.DespesasFormSet(dados, prefix="despesas"),
            forms.DespesasFormSet,
            "despesas",
            forms.padroes(forms.DespesaForm) | {"data_execucao": data} if request.POST.get("com_despesa") else None,
        )
    formularios["form"] = forms.PassoAtendimento(dados, tipo=guia.tipo)
    if formularios.get("declaracoes") is not None:
        formularios["declaracoes"] = forms.DeclaracoesFormSet(dados, prefix="declaracoes")
    if formularios.get("equipe") is not None:
        formularios["equipe"] = _equipe(dados, guia)
    return formularios


def _com_membro_a_mais(request: HttpRequest, guia: Guia, formularios: dict[str, Any]) -> dict[str, Any]:
    """'Incluir membro da equipe': re-renders step 3 with what was typed plus an empty team row."""
    dados = request.POST.copy()
    if (total := forms.total_de_linhas(dados, "equipe", ausente=0)) is not None:
        dados["equipe-TOTAL_FORMS"] = str(total + 1)
    formularios = _com_linha_a_mais(request, guia, formularios, linha_a_mais=False)
    formularios["equipe"] = _equipe(dados, guia)
    return formularios


@portal_requer(FATURAMENTO)
@require_POST
def salvar_guia(request: HttpRequest, guia_id: int) -> HttpResponse:
    guia = selectors.acessar_guia(_ctx(request), guia_id)
    try:
        services.salvar_guia(guia_id=guia.pk, usuario=request.user, ip=ip_da_requisicao(request))
    except ErroDeNegocio as erro:
        messages.error(request, f"A guia não pôde ser salva: {erro}")
        return redirect("billing:passo", guia_id=guia.pk, passo=6)
    messages.success(
        request,
        f"Guia {guia.numero_guia_prestador} salva. Ela ainda não foi enviada: inclua-a em "
        "um lote de pagamento.",
    )
    return redirect("billing:guias")


@portal_requer(FATURAMENTO)
@require_POST
def excluir_guia(request: HttpRequest, guia_id: int) -> HttpResponse:
    guia = selectors.acessar_guia(_ctx(request), guia_id)
    try:
        services.excluir_rascunho(guia_id=guia.pk, usuario=request.user)
        messages.success(request, "Guia excluída.")
    except ErroDeNegocio as erro:
        messages.error(request, str(erro))
    return redirect("billing:guias")


@portal_requer(FATURAMENTO)
def buscar_tuss(request: HttpRequest) -> HttpResponse:
    """htmx: the <option>s of the TUSS search datalist."""
    termos = buscar_termos_tuss(request.GET.get("q", "")[:100], tabelas=["22", "18", "19", "20"], limite=20)
    return render(request, "billing/_tuss_opcoes.html", {"termos": termos})


@portal_requer(FATURAMENTO)
def valor_negociado(request: HttpRequest) -> HttpResponse:
    """htmx: the contracted unit value of a code on a date, to prefill the row."""
    contexto = _ctx(request)
    try:
        data = datetime.date.fromisoformat(request.GET.get("data", ""))
    except ValueError:
        data = timezone.localdate()
    preco = preco_contratado(
        operadora_id=contexto.operadora.pk,
        prestador_id=contexto.prestador.pk,
        codigo=request.GET.get("codigo", "").strip()[:10],
        em=data,
        tabela=request.GET.get("tabela", "22")[:2],
    )
    return HttpResponse(f"{preco:.2f}" if preco is not None else "", content_type="text/plain")


@portal_requer(FATURAMENTO)
def validar_item(request: HttpRequest, guia_id: int) -> HttpResponse:
    """htmx, as the user types a procedure row: the receipt rules for that code and date (the XML path's rules),
    and the contracted value that a blank unit value will take."""
    guia = selectors.acessar_guia(_ctx(request), guia_id)
    linha = request.GET.get("linha", "0")[:3]
    codigo = request.GET.get(f"itens-{linha}-codigo", "").strip()[:10]
    tabela = request.GET.get(f"itens-{linha}-tabela", "22")[:2]
    try:
        data = datetime.date.fromisoformat(request.GET.get(f"itens-{linha}-data_execucao", ""))
    except ValueError:
        data = None
    avisos = []
    if data is not None:
        apresentada = regras.GuiaApresentada(
            numero=guia.numero_guia_prestador or "(nova)",
            tipo=guia.tipo,
            registro_ans=guia.operadora.registro_ans,
            datas=(data,),
        )
        avisos += [
            f"[{e.codigo}] {e.mensagem}"
            for e in regras.conferir_guias(
                operadora=guia.operadora, guias=[apresentada], hoje=timezone.localdate()
            )
        ]
    valor = ""
    if codigo:
        if not termo_vigente_existe(tabela=tabela, codigo=codigo):
            avisos.append(
                f"[{codigos.PROCEDIMENTO_INVALIDO}] Código {codigo} não encontrado na tabela TUSS {tabela}."
            )
        preco = preco_contratado(
            operadora_id=guia.operadora_id,
            prestador_id=guia.prestador_id,
            codigo=codigo,
            em=data or timezone.localdate(),
            tabela=tabela,
        )
        if preco is not None:
            valor = f"Valor negociado: {format_brl(preco)}"
        else:  # a warning, not a ✓: without a unit value the guide is not saved ([5050] valor zerado)
            avisos.append("Sem valor negociado para este código: informe o valor unitário.")
    return render(request, "billing/_aviso_item.html", {"avisos": avisos, "valor": valor})


@portal_requer(FATURAMENTO)
def buscar_beneficiario(request: HttpRequest) -> HttpResponse:
    """htmx: beneficiaries of the chosen operadora by name or carteira (step 1)."""
    contexto = _ctx(request)
    texto = request.GET.get("beneficiario_busca", "").strip()[:100]
    encontrados = []
    if len(texto) >= 3:
        qs = contexto.operadora.beneficiarios.all()
        encontrados = list(
            (
                qs.filter(carteira__startswith=texto) if texto.isdigit() else qs.filter(nome__icontains=texto)
            ).order_by("nome")[:10]
        )
    return render(request, "billing/_beneficiarios.html", {"beneficiarios": encontrados})


# --- lotes -----------------------------------------------------------------------------------------------


@portal_requer(FATURAMENTO)
def lotes(request: HttpRequest) -> HttpResponse:
    """Lotes de pagamento and protocol status tracking, with filters (seed 004 §4)."""
    filtro = forms.FiltroLotesForm(request.GET or None)
    dados = filtro.cleaned_data if filtro.is_valid() else {}
    qs = selectors.lotes_do_prestador(_ctx(request), **{k: v for k, v in dados.items() if v})
    if filtro.errors:  # a filter it cannot read: nothing listed rather than every lote under the other filters
        qs = qs.none()
    pagina = _pagina(request, qs)
    return render(
        request,
        "billing/lotes.html",
        {
            "filtro": filtro,
            "pagina": pagina,
            "novo": forms.NovoLoteForm(),
            "pode_demonstrativos": _ctx(request).pode(PermissaoPortal.DEMONSTRATIVOS),
        },
    )


@portal_requer(FATURAMENTO)
@require_POST
def novo_lote(request: HttpRequest) -> HttpResponse:
    form = forms.NovoLoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Escolha o tipo de guia do lote.")
        return redirect("billing:lotes")
    contexto = _ctx(request)
    lote = services.criar_lote(
        operadora=contexto.operadora,
        prestador=contexto.prestador,
        tipo_guia=form.cleaned_data["tipo_guia"],
        usuario=request.user,
    )
    return redirect("billing:lote", lote_id=lote.pk)


@portal_requer(FATURAMENTO)
def lote(request: HttpRequest, lote_id: int) -> HttpResponse:
    lote = selectors.acessar_lote(_ctx(request), lote_id)
    protocolo = getattr(lote, "protocolo", None)
    return render(
        request,
        "billing/lote.html",
        {
            "lote": lote,
            "protocolo": protocolo,
            "guias": list(Guia.objects.filter(lote=lote).select_related("beneficiario").order_by("id")),
            "disponiveis": list(selectors.guias_disponiveis_para_lote(lote)[:200])
            if lote.situacao == Lote.Situacao.ABERTO and lote.faturamento_id is None
            else [],
            "limite": lote.operadora.max_guias_lote,
            "calendario": selectors.calendario_do_lote(lote, protocolo),
            "historico": selectors.linha_do_tempo(protocolo) if protocolo else [],
            # A lote of an automatic billing is conferred, sent and cancelled from its conference (seed 003).
            "do_faturamento": lote.faturamento_id is not None,
            "pode_cancelar": lote.faturamento_id is None
            and lote.situacao != Lote.Situacao.CANCELADO
            and (protocolo is None or protocolo.situacao == protocolo.Situacao.RECEBIDO),
            "documento": forms.DocumentoForm(),
            "tem_anexos_clinicos": selectors.anexos_clinicos_do_lote(lote).exists(),
            "pode_demonstrativos": _ctx(request).pode(PermissaoPortal.DEMONSTRATIVOS),
            "pagamento": _pagamento_do_protocolo(request, protocolo),
        },
    )


def _acao_lote(request: HttpRequest, lote_id: int, acao: str) -> HttpResponse:
    lote = selectors.acessar_lote(_ctx(request), lote_id)
    try:
        if acao == "adicionar":
            ids = [forms.id_postado(i) for i in request.POST.getlist("guias")]
            services.adicionar_guias_ao_lote(lote_id=lote.pk, guia_ids=ids, usuario=request.user)
            messages.success(request, f"{len(set(ids))} guia(s) adicionada(s) ao lote {lote.numero}.")
        elif acao == "remover":
            services.remover_guia_do_lote(
                lote_id=lote.pk, guia_id=forms.id_postado(request.POST.get("guia", "")), usuario=request.user
            )
            messages.success(request, f"Guia removida do lote {lote.numero}; ela volta à lista de guias digitadas.")
        elif acao == "fechar":
            services.fechar_lote(lote_id=lote.pk, usuario=request.user)
            messages.success(request, f"Lote {lote.numero} fechado.")
        elif acao == "reabrir":
            services.reabrir_lote(lote_id=lote.pk, usuario=request.user)
            messages.success(request, f"Lote {lote.numero} reaberto: inclua ou remova guias e feche-o de novo.")
        elif acao == "cancelar":
            services.cancelar_lote(
                lote_id=lote.pk,
                usuario=request.user,
                motivo=request.POST.get("motivo", "")[:300],
                ip=ip_da_requisicao(request),
            )
            messages.success(request, f"Lote {lote.numero} cancelado.")
        elif acao == "enviar":
            resultado = services.enviar_lote(
                lote_id=lote.pk, usuario=request.user, ip=ip_da_requisicao(request)
            )
            if resultado.protocolo is not None:
                messages.success(
                    request, f"Lote enviado à operadora: protocolo (PEG) {resultado.protocolo.numero}."
                )
            else:
                for erro in resultado.erros:
                    messages.error(request, f"{erro.codigo} - {erro.mensagem}")
        elif acao == "documento":
            form = forms.DocumentoForm(request.POST, request.FILES)
            if form.is_valid():
                documento = services.anexar_documento(
                    operadora=lote.operadora,
                    prestador=lote.prestador,
                    arquivo=form.cleaned_data["arquivo"],
                    lote=lote,
                    tipo_documento=form.cleaned_data["tipo_documento"],
                    observacao=form.cleaned_data["observacao"],
                    usuario=request.user,
                )
                if documento.situacao == documento.Situacao.FALHOU:
                    messages.warning(request, f"Documento não anexado: {documento.motivo_falha}")
                else:
                    messages.success(request, f"Documento {documento.nome_original} anexado ao lote {lote.numero}.")
            else:
                messages.error(request, "Escolha o arquivo do documento.")
    except ErroDeNegocio as erro:
        messages.error(request, str(erro))
    return redirect("billing:lote", lote_id=lote.pk)


@portal_requer(FATURAMENTO)
@require_POST
def acao_lote(request: HttpRequest, lote_id: int, acao: str) -> HttpResponse:
    selectors.acessar_lote(_ctx(request), lote_id)  # another provider's lote is a 404 whatever the action
    if acao not in {"adicionar", "remover", "fechar", "reabrir", "cancelar", "enviar", "documento"}:
        messages.error(request, "Ação desconhecida.")
        return redirect("billing:lotes")
    return _acao_lote(request, lote_id, acao)


@portal_requer(FATURAMENTO)
def capa_lote(request: HttpRequest, lote_id: int) -> HttpResponse:
    lote = selectors.acessar_lote(_ctx(request), lote_id)
    resposta = HttpResponse(capa.capa_do_lote(lote), content_type="application/pdf")
    resposta["Content-Disposition"] = f'inline; filename="capa-lote-{lote.numero}.pdf"'
    return resposta


@portal_requer(FATURAMENTO)
def xml_lote(request: HttpRequest, lote_id: int) -> HttpResponse:
    lote = selectors.acessar_lote(_ctx(request), lote_id)
    if not lote.quantidade_guias:
        messages.error(request, "O lote não tem guias para exportar.")
        return redirect("billing:lote", lote_id=lote.pk)
    try:
        conteudo = mensagens_tiss.envio_lote_xml(lote)
    except ErroDeNegocio as erro:
        messages.error(request, f"O lote não pôde ser exportado: {erro}")
        return redirect("billing:lote", lote_id=lote.pk)
    registrar_visualizacao(request, acao="billing.lote_exportado", objeto=lote,
                           descricao=f"Lote {lote.numero} exportado em XML (ENVIO_LOTE_GUIAS).")
    resposta = HttpResponse(conteudo, content_type="application/xml")
    resposta["Content-Disposition"] = f'attachment; filename="lote-{lote.numero}.xml"'
    return resposta


@portal_requer(FATURAMENTO)
def anexos_lote(request: HttpRequest, lote_id: int) -> HttpResponse:
    """The clinical annexes of the lote's guides as ENVIO_ANEXO (one message per annex: the XML itself, or a ZIP
    when there are several)."""
    lote = selectors.acessar_lote(_ctx(request), lote_id)
    try:
        arquivo = mensagens_tiss.anexos_do_lote(lote)
    except ErroDeNegocio as erro:
        messages.error(request, f"Os anexos não puderam ser exportados: {erro}")
        return redirect("billing:lote", lote_id=lote.pk)
    if arquivo is None:
        messages.error(
            request,
            "As guias deste lote não têm anexos clínicos (OPME, quimioterapia, radioterapia ou situação inicial).",
        )
        return redirect("billing:lote", lote_id=lote.pk)
    registrar_visualizacao(request, acao="billing.anexos_do_lote_exportados", objeto=lote,
                           descricao=f"Anexos clínicos do lote {lote.numero} exportados ({arquivo.nome}).")
    resposta = HttpResponse(arquivo.conteudo, content_type=arquivo.tipo_conteudo)
    resposta["Content-Disposition"] = f'attachment; filename="{arquivo.nome}"'
    return resposta


@portal_requer(FATURAMENTO)
def xml_anexo_clinico(request: HttpRequest, anexo_clinico_id: int) -> HttpResponse:
    """One OPME, quimioterapia, radioterapia or situação inicial annex of a guide as a valid ENVIO_ANEXO."""
    anexo = selectors.acessar_anexo_clinico(_ctx(request), anexo_clinico_id)
    try:
        conteudo = mensagens_tiss.envio_anexo_xml(anexo)
    except ErroDeNegocio as erro:
        messages.error(request, f"O anexo não pôde ser exportado: {erro}")
        return redirect("billing:passo", guia_id=anexo.guia_id, passo=6)
    registrar_visualizacao(request, acao="billing.anexo_clinico_exportado", objeto=anexo.guia,
                           descricao=f"Anexo clínico ({anexo.get_tipo_display()}) exportado em XML.")
    resposta = HttpResponse(conteudo, content_type="application/xml")
    resposta["Content-Disposition"] = f'attachment; filename="{mensagens_tiss.nome_do_envio_anexo(anexo)}"'
    return resposta


@portal_requer(FATURAMENTO)
def protocolo(request: HttpRequest, protocolo_id: int) -> HttpResponse:
    protocolo = selectors.acessar_protocolo(_ctx(request), protocolo_id)
    return render(
        request,
        "billing/protocolo.html",
        {
            "protocolo": protocolo,
            "historico": selectors.linha_do_tempo(protocolo),
            "guias": list(selectors.guias_do_protocolo(protocolo)[:200]),
            "etapas": _etapas(protocolo),
            "pode_demonstrativos": _ctx(request).pode(PermissaoPortal.DEMONSTRATIVOS),
            "pagamento": _pagamento_do_protocolo(request, protocolo),
        },
    )


def _pagamento_do_protocolo(request: HttpRequest, protocolo: Any) -> Any:
    """The payment whose Demonstrativo de Pagamento includes the protocol, once it is faturado (seed 004 §6), for
    users with 'Demonstrativos' only; None otherwise."""
    contexto = _ctx(request)
    if protocolo is None or not contexto.pode(PermissaoPortal.DEMONSTRATIVOS):
        return None
    return claims_selectors.pagamento_do_protocolo(contexto, protocolo)


def _etapas(protocolo: Any) -> list[dict[str, Any]]:
    """The timeline Não enviado → Enviado → Em análise → Liberado para faturamento → Faturado → Pago."""
    S = protocolo.Situacao
    ordem = [S.RECEBIDO, S.EM_ANALISE, S.LIBERADO_FATURAMENTO, S.FATURADO, S.PAGO]
    quando = {h.situacao: h.quando for h in protocolo.historico.all()}
    atual = ordem.index(protocolo.situacao) if protocolo.situacao in ordem else -1
    etapas = [{"nome": "Não enviado", "feito": True, "quando": protocolo.lote.criado_em}]
    for indice, situacao in enumerate(ordem):
        etapas.append(
            {
                "nome": S(situacao).label,
                "feito": indice <= atual or situacao in quando,
                "quando": quando.get(situacao),
                "atual": indice == atual,
            }
        )
    if protocolo.situacao not in ordem:
        etapas.append(
            {
                "nome": protocolo.get_situacao_display(),
                "feito": True,
                "atual": True,
                "quando": quando.get(protocolo.situacao),
            }
        )
    return etapas


@portal_requer(FATURAMENTO)
def recebimento_xml(request: HttpRequest, protocolo_id: int) -> HttpResponse:
    protocolo = selectors.acessar_protocolo(_ctx(request), protocolo_id)
    resposta = HttpResponse(
        mensagens_tiss.protocolo_recebimento_xml(protocolo), content_type="application/xml"
    )
    resposta["Content-Disposition"] = f'attachment; filename="protocolo-{protocolo.numero}.xml"'
    return resposta


# --- XML upload ------------------------------------------------------------------------------------------


@portal_requer(FATURAMENTO)
def enviar_xml(request: HttpRequest) -> HttpResponse:
    """One or many files → the report in the page (line, field, message) or one protocol per accepted lote."""
    contexto = _ctx(request)
    form = forms.UploadXmlForm(request.POST if request.method == "POST" else None, request.FILES or None)
    resultados = []
    if request.method == "POST" and form.is_valid():
        for arquivo in form.cleaned_data["arquivos"]:
            resultado = services.receber_arquivo(
                arquivo=arquivo,
                operadora=contexto.operadora,
                prestador=contexto.prestador,
                origem=Origem.XML,
                usuario=request.user,
                ip=ip_da_requisicao(request),
                credenciamento=contexto.credenciamento,
            )
            resultados.append({"arquivo": arquivo.name, "resultado": resultado})
    return render(request, "billing/enviar_xml.html", {"form": form, "resultados": resultados}, status=200)


@portal_requer(FATURAMENTO)
def inicio(request: HttpRequest) -> HttpResponse:
    return redirect(reverse("billing:lotes"))
