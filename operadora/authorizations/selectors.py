"""Reads of the authorization flow shared by pages, exports and other apps.

For other apps (contract, see docs/architecture.md):
- `atendimentos_confirmados(prestador_id=, operadora_id=, inicio=, fim=, nao_faturados=True)` → automatic billing
  (with the executing and the requesting professional);
- `autorizacao_por_senha(operadora_id=, senha=)` → guide validation in billing/claims;
- `exige_autorizacao(operadora_id=, plano_id=, codigo_tuss=)` → claims (glosa 1818 when billed without a senha).
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Max, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from operadora.accounts.acesso import ContextoPortal
from operadora.core.erros import NaoEncontrado
from operadora.core.texto import dobrar
from operadora.registry.selectors import termos_por_codigo

from . import codigos
from .models import (
    SITUACOES_COM_SENHA,
    SITUACOES_PENDENTES,
    AnexoAutorizacao,
    Atendimento,
    Autorizacao,
    ItemAutorizacao,
    RegraAutorizacao,
)
from .rules import pode_mudar, regras_para

Situacao = Autorizacao.Situacao
# A prorrogação that still counts for its internação: pending or with a senha (its sessions are billed on the
# internação's guide and senha).
SITUACOES_PRORROGACAO_VIVA = (Situacao.EM_ANALISE, Situacao.AGUARDANDO_JUSTIFICATIVA, *SITUACOES_COM_SENHA)


# --- the one access helper for the provider's portal ------------------------------------------------------


def acessar_autorizacao(contexto: ContextoPortal, autorizacao_id: int | str) -> Autorizacao:
    """The request if it is this provider's with the chosen operadora; `NaoEncontrado` (404) otherwise."""
    try:
        pk = int(autorizacao_id)
    except (TypeError, ValueError):
        raise NaoEncontrado("Autorização não encontrada.") from None
    autorizacao = (
        Autorizacao.objects.select_related("operadora", "prestador", "beneficiario", "beneficiario__plano",
                                           "profissional_solicitante", "autorizacao_principal")
        .filter(pk=pk, prestador_id=contexto.prestador.id, operadora_id=contexto.operadora.id)
        .first()
    )
    if autorizacao is None:
        raise NaoEncontrado("Autorização não encontrada.")
    return autorizacao


def acessar_anexo(contexto: ContextoPortal, anexo_id: int | str) -> AnexoAutorizacao:
    try:
        pk = int(anexo_id)
    except (TypeError, ValueError):
        raise NaoEncontrado("Arquivo não encontrado.") from None
    anexo = AnexoAutorizacao.objects.filter(
        pk=pk, autorizacao__prestador_id=contexto.prestador.id, autorizacao__operadora_id=contexto.operadora.id
    ).first()
    if anexo is None:
        raise NaoEncontrado("Arquivo não encontrado.")
    return anexo


def autorizacao_para_auditoria(autorizacao_id: int | str) -> Autorizacao:
    """Back office (staff with the medical-audit permission sees every operadora of the deployment)."""
    try:
        pk = int(autorizacao_id)
    except (TypeError, ValueError):
        raise NaoEncontrado("Autorização não encontrada.") from None
    autorizacao = (
        Autorizacao.objects.select_related("operadora", "prestador", "beneficiario", "beneficiario__plano",
                                           "profissional_solicitante", "decidida_por", "autorizacao_principal")
        .filter(pk=pk).first()
    )
    if autorizacao is None:
        raise NaoEncontrado("Autorização não encontrada.")
    return autorizacao


def detalhe(autorizacao: Autorizacao) -> dict[str, Any]:
    """Items (with executed quantities), timeline, attachments and confirmed atendimentos of one request."""
    itens = list(
        autorizacao.itens.annotate(total_executado=Sum("atendimentos__quantidade")).order_by("sequencial")
    )
    for item in itens:
        item.executado = item.total_executado or 0
        item.saldo = max((item.quantidade_autorizada or 0) - item.executado, 0)
        item.rotulo_negativa = codigos.rotulo(item.codigo_negativa) if item.codigo_negativa else ""
    return {
        "itens": itens,
        "eventos": list(autorizacao.eventos.select_related("usuario").prefetch_related("anexos")),
        "anexos": list(autorizacao.anexos.all()),
        "anexos_clinicos": list(autorizacao.anexos_clinicos.all()),
        "atendimentos": list(autorizacao.atendimentos.select_related("item", "profissional_executante")),
        "prorrogacoes": list(autorizacao.prorrogacoes.order_by("criado_em")),
        "rotulo_negativa": codigos.rotulo(autorizacao.codigo_negativa) if autorizacao.codigo_negativa else "",
        "cancelavel": pode_mudar(autorizacao.situacao, Situacao.CANCELADA),
        "impedimento_cancelamento": impedimento_de_cancelamento(autorizacao),
    }


def impedimento_de_cancelamento(autorizacao: Autorizacao) -> str | None:
    """Why the provider cannot cancel a request its state would let it cancel (None: it can) — the message
    `services.cancelar_autorizacao` refuses with and the page shows in place of the button. Two queries."""
    if autorizacao.atendimentos.exists():
        return "Há atendimentos confirmados nesta autorização: desfaça as confirmações antes."
    prorrogacoes = sorted(
        autorizacao.prorrogacoes.filter(Q(situacao__in=SITUACOES_PRORROGACAO_VIVA) | Q(atendimentos__isnull=False))
        .values_list("numero_guia_operadora", flat=True).distinct()
    )
    if prorrogacoes:  # its sessions are billed on this internação's guide and senha
        return (f"A internação tem prorrogação em andamento, autorizada ou com atendimentos "
                f"({', '.join(prorrogacoes)}): cancele-a antes.")
    return None


# --- lists and the exact search (seed 002) --------------------------------------------------------------


@dataclass(frozen=True)
class FiltrosAutorizacao:
    inicio: datetime.date | None = None
    fim: datetime.date | None = None
    situacao: str = ""
    beneficiario: str = ""  # carteira (exact) or part of the name
    tipo: str = ""


def autorizacoes_do_prestador(contexto: ContextoPortal, filtros: FiltrosAutorizacao) -> QuerySet[Autorizacao]:
    qs = Autorizacao.objects.select_related("beneficiario").filter(
        prestador_id=contexto.prestador.id, operadora_id=contexto.operadora.id
    )
    if filtros.inicio:
        qs = qs.filter(criado_em__date__gte=filtros.inicio)
    if filtros.fim:
        qs = qs.filter(criado_em__date__lte=filtros.fim)
    if filtros.situacao:
        qs = qs.filter(situacao=filtros.situacao)
    if filtros.tipo:
        qs = qs.filter(tipo=filtros.tipo)
    termo = filtros.beneficiario.strip()
    if termo:
        qs = qs.filter(Q(beneficiario__carteira=termo) | Q(beneficiario__nome__icontains=termo)
                       | Q(beneficiario__nome_social__icontains=termo))
    return qs.order_by("-criado_em", "-id")


def buscar_por_numero_e_carteira(contexto: ContextoPortal, *, numero: str, carteira: str) -> Autorizacao | None:
    """Seed 002: 'informar o número da autorização ou da guia e a matrícula do beneficiário'. Exact match on the
    senha, the operator's guide number or the provider's guide number, AND the carteira."""
    numero, carteira = (numero or "").strip(), (carteira or "").strip()
    if not numero or not carteira:
        return None
    return (
        Autorizacao.objects.filter(prestador_id=contexto.prestador.id, operadora_id=contexto.operadora.id,
                                   beneficiario__carteira=carteira)
        .filter(Q(senha=numero) | Q(numero_guia_operadora=numero) | Q(numero_guia_prestador=numero))
        .order_by("-criado_em").first()
    )


def itens_para_confirmar(contexto: ContextoPortal, *, carteira: str = "", hoje: datetime.date | None = None
                         ) -> list[ItemAutorizacao]:
    """'Localizar procedimentos' (seed 003): authorized items with a balance left whose senha is still in force
    (or expired recently: sessions done while it was valid can still be confirmed)."""
    hoje = hoje or timezone.localdate()
    qs = (
        ItemAutorizacao.objects.select_related("autorizacao", "autorizacao__beneficiario")
        .filter(autorizacao__prestador_id=contexto.prestador.id, autorizacao__operadora_id=contexto.operadora.id,
                autorizacao__situacao__in=SITUACOES_COM_SENHA, quantidade_autorizada__gt=0,
                autorizacao__data_validade_senha__gte=hoje - datetime.timedelta(days=30))
        .annotate(total_executado=Sum("atendimentos__quantidade"))
        .order_by("autorizacao__beneficiario__nome", "autorizacao__data_autorizacao", "sequencial")
    )
    if carteira.strip():
        qs = qs.filter(autorizacao__beneficiario__carteira=carteira.strip())
    itens: list[ItemAutorizacao] = []
    for item in qs:
        item.executado = item.total_executado or 0
        item.saldo = (item.quantidade_autorizada or 0) - item.executado
        if item.saldo > 0:
            itens.append(item)
    return itens


# --- the back-office audit queue -------------------------------------------------------------------------


def fila_auditoria(*, operadora_id: int | None = None, situacao: str = "", tipo: str = "") -> QuerySet[Autorizacao]:
    """Requests waiting for the operator, most urgent deadline first (those waiting for the provider last)."""
    qs = Autorizacao.objects.select_related("operadora", "prestador", "beneficiario").filter(
        situacao__in=[situacao] if situacao in SITUACOES_PENDENTES else SITUACOES_PENDENTES
    )
    if operadora_id:
        qs = qs.filter(operadora_id=operadora_id)
    if tipo:
        qs = qs.filter(tipo=tipo)
    esperando_prestador = Case(When(situacao=Situacao.AGUARDANDO_JUSTIFICATIVA, then=Value(1)), default=Value(0))
    return qs.order_by(esperando_prestador, "prazo_resposta", "id")


# --- the published list (which procedures need a senha) --------------------------------------------------


@dataclass(frozen=True)
class LinhaListaPublicada:
    alvo: str  # TUSS code or group name
    descricao: str
    plano: str
    exigencia: str
    observacao: str
    atualizado_em: datetime.datetime


def lista_publicada(*, operadora_id: int, texto: str = "") -> list[LinhaListaPublicada]:
    """The rules that require a senha, for the provider to consult, with TUSS descriptions; filtered by code
    prefix or words of the description (accent/case-insensitive)."""
    regras = list(
        RegraAutorizacao.objects.select_related("grupo", "plano")
        .filter(operadora_id=operadora_id, ativa=True)
        .exclude(exigencia=RegraAutorizacao.Exigencia.LIVRE)
        .order_by("grupo__nome", "codigo_tuss")
    )
    termos = termos_por_codigo((r.codigo_tuss for r in regras), tabelas=["22", "18"])
    linhas = []
    for regra in regras:
        if regra.codigo_tuss:
            alvo, descricao = regra.codigo_tuss, termos.get(regra.codigo_tuss, "")
        else:
            grupo = regra.grupo
            assert grupo is not None  # a rule is for a code or for a group (check constraint)
            prefixos = ", ".join(f"{p}…" for p in grupo.prefixos_tuss)
            alvo, descricao = f"Grupo: {grupo.nome}", f"Códigos TUSS iniciados por {prefixos}"
        linhas.append(LinhaListaPublicada(
            alvo=alvo, descricao=descricao, plano=regra.plano.nome if regra.plano else "Todos os planos",
            exigencia=regra.get_exigencia_display(), observacao=regra.observacao, atualizado_em=regra.atualizado_em,
        ))
    consulta = dobrar(texto or "").strip()
    if consulta:
        palavras = consulta.split()
        linhas = [
            linha for linha in linhas
            if (consulta.isdigit() and linha.alvo.startswith(consulta))
            or all(p in dobrar(f"{linha.alvo} {linha.descricao} {linha.observacao}") for p in palavras)
        ]
    return linhas


def ultima_alteracao_regras(*, operadora_id: int) -> datetime.datetime | None:
    return RegraAutorizacao.objects.filter(operadora_id=operadora_id).aggregate(m=Max("atualizado_em"))["m"]


def exige_autorizacao(*, operadora_id: int, plano_id: int | None, codigo_tuss: str) -> bool:
    """Whether billing this code needs a senha with this operadora and plan (claims: glosa 1818 otherwise)."""
    return regras_para(operadora_id=operadora_id, plano_id=plano_id, codigos_tuss=[codigo_tuss])[codigo_tuss].exige_senha


# --- for billing and claims ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfissionalExecutante:
    nome: str
    conselho: str  # TUSS 26
    numero_conselho: str
    uf_conselho: str
    cbo: str  # TUSS 24


@dataclass(frozen=True)
class GuiaDaSenha:
    """The authorization whose guide bills an atendimento: its own, or for a prorrogação the internação it extends
    (the resumo de internação goes out under the internação's senha and numbers)."""

    autorizacao_id: int
    senha: str
    numero_guia_operadora: str
    numero_guia_prestador: str
    data_autorizacao: datetime.date | None
    data_validade_senha: datetime.date | None


@dataclass(frozen=True)
class AtendimentoConfirmado:
    """One confirmed execution, as automatic billing needs it to build a guide item."""

    id: int
    autorizacao_id: int
    tipo_guia: str  # Autorizacao.Tipo
    carteira: str
    beneficiario_id: int
    nome_beneficiario: str
    atendimento_rn: bool
    codigo_tabela: str
    codigo: str
    descricao: str
    quantidade: int
    data_execucao: datetime.date
    senha: str
    numero_guia_operadora: str
    numero_guia_prestador: str
    data_autorizacao: datetime.date | None
    data_validade_senha: datetime.date | None
    carater_atendimento: str
    indicacao_clinica: str
    profissional_executante: ProfissionalExecutante | None
    lote_faturamento_id: int | None
    guia: GuiaDaSenha  # where it is billed: its authorization's guide, or the internação's for a prorrogação
    # The authorization's requesting professional (billing's solicitante), same fields as the executante.
    profissional_solicitante: ProfissionalExecutante | None = None
    # Internação / prorrogação (billing's resumo de internação): the authorization's CID-10, tipo and regime de
    # internação, and the number of the internação request (a prorrogação's is its principal's). A prorrogação
    # without its own tipo/regime takes the principal's.
    cid: str = ""
    tipo_internacao: str = ""
    regime_internacao: str = ""
    numero_guia_internacao: str = ""


def atendimentos_confirmados(
    *,
    prestador_id: int,
    operadora_id: int,
    inicio: datetime.date | None = None,
    fim: datetime.date | None = None,
    nao_faturados: bool = True,
) -> list[AtendimentoConfirmado]:
    """The provider's confirmed atendimentos with this operadora executed in [inicio, fim] — by default only
    those not yet in a lote — ordered by beneficiary, senha and date. One query."""
    qs = Atendimento.objects.select_related(
        "autorizacao", "autorizacao__beneficiario", "autorizacao__profissional_solicitante", "item",
        "profissional_executante", "autorizacao__autorizacao_principal",
    ).filter(autorizacao__prestador_id=prestador_id, autorizacao__operadora_id=operadora_id)
    if inicio:
        qs = qs.filter(data_execucao__gte=inicio)
    if fim:
        qs = qs.filter(data_execucao__lte=fim)
    if nao_faturados:
        qs = qs.filter(lote_faturamento_id__isnull=True)
    resultado = []
    for a in qs.order_by("autorizacao__beneficiario__nome", "autorizacao__senha", "data_execucao", "id"):
        autorizacao, beneficiario, prof = a.autorizacao, a.autorizacao.beneficiario, a.profissional_executante
        solicitante = autorizacao.profissional_solicitante
        internacao = autorizacao.autorizacao_principal or autorizacao
        faturada = internacao if autorizacao.tipo == Autorizacao.Tipo.PRORROGACAO else autorizacao
        resultado.append(AtendimentoConfirmado(
            id=a.id, autorizacao_id=autorizacao.id, tipo_guia=autorizacao.tipo, carteira=beneficiario.carteira,
            beneficiario_id=beneficiario.id, nome_beneficiario=beneficiario.nome,
            atendimento_rn=autorizacao.atendimento_rn, codigo_tabela=a.item.codigo_tabela, codigo=a.item.codigo,
            descricao=a.item.descricao, quantidade=a.quantidade, data_execucao=a.data_execucao,
            senha=autorizacao.senha, numero_guia_operadora=autorizacao.numero_guia_operadora,
            numero_guia_prestador=autorizacao.numero_guia_prestador,
            data_autorizacao=autorizacao.data_autorizacao, data_validade_senha=autorizacao.data_validade_senha,
            carater_atendimento=autorizacao.carater_atendimento, indicacao_clinica=autorizacao.indicacao_clinica,
            profissional_executante=ProfissionalExecutante(prof.nome, prof.conselho, prof.numero_conselho,
                                                           prof.uf_conselho, prof.cbo) if prof else None,
            lote_faturamento_id=a.lote_faturamento_id,
            profissional_solicitante=ProfissionalExecutante(
                solicitante.nome, solicitante.conselho, solicitante.numero_conselho, solicitante.uf_conselho,
                solicitante.cbo,
            ) if solicitante else None,
            cid=autorizacao.cid or internacao.cid,
            tipo_internacao=autorizacao.tipo_internacao or internacao.tipo_internacao,
            regime_internacao=autorizacao.regime_internacao or internacao.regime_internacao,
            numero_guia_internacao=internacao.numero_guia_prestador
            if autorizacao.tipo in (Autorizacao.Tipo.INTERNACAO, Autorizacao.Tipo.PRORROGACAO) else "",
            guia=GuiaDaSenha(faturada.id, faturada.senha, faturada.numero_guia_operadora,
                             faturada.numero_guia_prestador, faturada.data_autorizacao, faturada.data_validade_senha),
        ))
    return resultado


@dataclass(frozen=True)
class ItemDaSenha:
    codigo_tabela: str
    codigo: str
    quantidade_solicitada: int
    quantidade_autorizada: int  # 0 while pending: see `pendente`
    quantidade_executada: int
    dente: str = ""  # odontology: the tooth, region and faces the item was asked for
    regiao: str = ""
    face: str = ""
    pendente: bool = False  # the operator has not decided this item yet (no authorized quantity)


@dataclass(frozen=True)
class SenhaAutorizacao:
    """What a guide validation needs to know about a senha."""

    autorizacao_id: int
    senha: str
    numero_guia_operadora: str
    numero_guia_prestador: str
    prestador_id: int
    beneficiario_id: int
    carteira: str
    tipo: str
    situacao: str
    data_autorizacao: datetime.date | None
    data_validade_senha: datetime.date | None
    diarias_autorizadas: int | None
    itens: tuple[ItemDaSenha, ...]

    def problema_em(self, data: datetime.date, *, prestador_id: int | None = None,
                    carteira: str | None = None) -> tuple[str, str] | None:
        """(TUSS 38 code, pt-BR reason) when this senha does not cover a service on `data`; None when it does."""
        if self.situacao == Situacao.CANCELADA:
            return codigos.SENHA_CANCELADA, "Senha cancelada."
        if self.situacao not in SITUACOES_COM_SENHA:
            return codigos.SENHA_INVALIDA, "Solicitação sem senha válida (não autorizada)."
        if prestador_id is not None and prestador_id != self.prestador_id:
            return codigos.EXECUTANTE_DIFERENTE_DO_SOLICITANTE, "A senha foi dada a outro prestador."
        if carteira is not None and carteira.strip() != self.carteira:
            return codigos.SENHA_INVALIDA, "A senha é de outro beneficiário."
        if self.data_autorizacao and data < self.data_autorizacao:
            return "1814", "Atendimento anterior à data da autorização."
        if self.data_validade_senha and data > self.data_validade_senha:
            return codigos.SENHA_EXPIRADA, f"Senha válida até {self.data_validade_senha:%d/%m/%Y}."
        return None

    def quantidade_autorizada(self, codigo: str) -> int:
        return sum(i.quantidade_autorizada for i in self.itens if i.codigo == codigo)


def prorrogacoes_com_senha(internacao_ids: Iterable[int]) -> dict[int, list[Autorizacao]]:
    """The authorized prorrogações of these internações, by internação. One query."""
    por_internacao: dict[int, list[Autorizacao]] = {}
    for prorrogacao in Autorizacao.objects.filter(
        autorizacao_principal_id__in=list(internacao_ids), tipo=Autorizacao.Tipo.PRORROGACAO,
        situacao__in=SITUACOES_COM_SENHA,
    ).order_by("id"):
        if prorrogacao.autorizacao_principal_id is not None:  # (the filter already says so; for the type checker)
            por_internacao.setdefault(prorrogacao.autorizacao_principal_id, []).append(prorrogacao)
    return por_internacao


def senha_da_autorizacao(autorizacao: Autorizacao, itens: Mapping[int, Sequence[ItemDaSenha]],
                         prorrogacoes: Sequence[Autorizacao] = ()) -> SenhaAutorizacao:
    """The `SenhaAutorizacao` of an authorization (`itens` by authorization id, with the prorrogações' too). An
    internação's senha covers its authorized prorrogações, whose sessions are billed in the internação's resumo:
    their items and diárias add to it and its validity runs to the latest one's."""
    validades = [a.data_validade_senha for a in (autorizacao, *prorrogacoes) if a.data_validade_senha]
    diarias = [a.diarias_autorizadas for a in (autorizacao, *prorrogacoes) if a.diarias_autorizadas is not None]
    return SenhaAutorizacao(
        autorizacao_id=autorizacao.id, senha=autorizacao.senha,
        numero_guia_operadora=autorizacao.numero_guia_operadora,
        numero_guia_prestador=autorizacao.numero_guia_prestador, prestador_id=autorizacao.prestador_id,
        beneficiario_id=autorizacao.beneficiario_id, carteira=autorizacao.beneficiario.carteira,
        tipo=autorizacao.tipo, situacao=autorizacao.situacao, data_autorizacao=autorizacao.data_autorizacao,
        data_validade_senha=max(validades) if validades else None,
        diarias_autorizadas=sum(diarias) if diarias else None,
        itens=tuple(item for a in (autorizacao, *prorrogacoes) for item in itens.get(a.id, ())),
    )


def autorizacao_por_senha(*, operadora_id: int, senha: str) -> SenhaAutorizacao | None:
    """The authorization behind a senha (None when the operadora never gave it: TUSS 38 3306), an internação's
    with its authorized prorrogações (`senha_da_autorizacao`). Three queries."""
    senha = (senha or "").strip()
    if not senha:
        return None
    autorizacao = Autorizacao.objects.select_related("beneficiario").filter(operadora_id=operadora_id,
                                                                           senha=senha).first()
    if autorizacao is None:
        return None
    prorrogacoes = (prorrogacoes_com_senha([autorizacao.id]).get(autorizacao.id, [])
                    if autorizacao.tipo == Autorizacao.Tipo.INTERNACAO else [])
    itens: dict[int, list[ItemDaSenha]] = {}
    for i in ItemAutorizacao.objects.filter(autorizacao_id__in=[autorizacao.id, *(p.id for p in prorrogacoes)]
                                            ).annotate(total_executado=Sum("atendimentos__quantidade")
                                                       ).order_by("autorizacao_id", "sequencial"):
        itens.setdefault(i.autorizacao_id, []).append(
            ItemDaSenha(i.codigo_tabela, i.codigo, i.quantidade_solicitada, i.quantidade_autorizada or 0,
                        i.total_executado or 0, dente=i.dente, regiao=i.regiao, face=i.face,
                        pendente=i.quantidade_autorizada is None))
    return senha_da_autorizacao(autorizacao, itens, prorrogacoes)
