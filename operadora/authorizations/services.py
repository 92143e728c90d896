"""Every write of the authorization flow. Inputs are plain values (ids, strings, dates, files) so the portal, the
back office, the TISS web service, the API and Celery tasks call the same functions.

Provider-side verbs take `prestador_id` and `operadora_id` and only ever reach that provider's requests with that
operadora (anything else is `NaoEncontrado`); operator-side verbs take the staff `usuario`. Each state change
locks the row, checks `rules.TRANSICOES`, writes the timeline (`EventoAutorizacao`) and the audit log."""

import datetime
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from operadora.core import armazenamento, arquivos, auditoria, calendario
from operadora.core.documentos import validar_cid
from operadora.core.erros import ErroDeNegocio, NaoEncontrado, SemPermissao, TransicaoInvalida
from operadora.registry.models import Beneficiario, Credenciamento, Operadora, Profissional
from operadora.registry.selectors import beneficiario_por_carteira, termos_por_codigo

from . import codigos, elegibilidade, rules, selectors
from .models import (
    SITUACOES_COM_SENHA,
    AnexoAutorizacao,
    AnexoClinicoAutorizacao,
    Atendimento,
    Autorizacao,
    ContadorGuiaOperadora,
    EventoAutorizacao,
    ItemAutorizacao,
    RegraAutorizacao,
)

Situacao = Autorizacao.Situacao
Tipo = Autorizacao.Tipo
Evento = EventoAutorizacao.Tipo

MAX_ITENS = 30
MAX_ANEXOS = 10
TAMANHO_MAX_ANEXO = 10 * 1024 * 1024
EXTENSOES_ANEXO = ("pdf", "png", "jpg", "jpeg", "tif", "tiff")
MIN_JUSTIFICATIVA = 20  # RN 623/2024: no generic answers; the auditor explains the denial


@dataclass(frozen=True)
class ItemSolicitado:
    codigo: str
    quantidade: int
    tabela: str = "22"
    dente: str = ""
    regiao: str = ""
    face: str = ""


@dataclass(frozen=True)
class DadosInternacao:
    tipo_internacao: str
    regime_internacao: str
    diarias_solicitadas: int
    data_sugerida: datetime.date | None = None


@dataclass(frozen=True)
class ArquivoAnexo:
    """An uploaded file (Django `UploadedFile`/`File`, or `ContentFile(bytes, name=...)` from the web service)."""

    arquivo: File
    tipo: str = AnexoAutorizacao.Tipo.OUTRO


@dataclass(frozen=True)
class AnexoClinicoSolicitado:
    """A structured clinical annex sent with the request (`tiss.requests.AnexoClinico`): OPME, quimioterapia or
    radioterapia; `dados` the header as the `anexos_clinicos` forms clean it, `itens` its materials or drugs."""

    tipo: str
    dados: dict[str, Any]
    itens: Sequence[dict[str, Any]] = ()


@dataclass
class _Decisao:
    situacao: str
    texto: str
    codigo: str = ""
    eventos: list[tuple[str, str, str]] = field(default_factory=list)


# --- helpers ---------------------------------------------------------------------------------------------


def _agora(agora: datetime.datetime | None) -> datetime.datetime:
    return agora or timezone.now()


def _travar(autorizacao_id: int, *, prestador_id: int | None = None, operadora_id: int | None = None) -> Autorizacao:
    """The request locked for update; a provider only reaches its own, with the chosen operadora."""
    qs = Autorizacao.objects.select_for_update(of=("self",)).select_related("operadora")
    if prestador_id is not None or operadora_id is not None:
        qs = qs.filter(prestador_id=prestador_id or 0, operadora_id=operadora_id or 0)
    autorizacao = qs.filter(pk=autorizacao_id).first()
    if autorizacao is None:
        raise NaoEncontrado("Autorização não encontrada.")
    return autorizacao


def _exigir_transicao(autorizacao: Autorizacao, para: str, acao: str) -> None:
    if not rules.pode_mudar(autorizacao.situacao, para):
        raise TransicaoInvalida(
            f"Não é possível {acao}: a autorização {autorizacao.numero_guia_operadora} está "
            f"{autorizacao.get_situacao_display().lower()}."
        )


def _evento(autorizacao: Autorizacao, tipo: str, *, quando: datetime.datetime, usuario: Any = None,
            texto: str = "", codigo: str = "", por_operadora: bool = False) -> EventoAutorizacao:
    return EventoAutorizacao.objects.create(
        autorizacao=autorizacao, tipo=tipo, quando=quando, texto=texto, codigo_tiss=codigo,
        por_operadora=por_operadora, usuario=usuario if getattr(usuario, "is_authenticated", False) else None,
    )


def _auditar(acao: str, autorizacao: Autorizacao, usuario: Any, descricao: str, ip: str | None = None,
             **detalhes: Any) -> None:
    auditoria.registrar(acao=f"autorizacao.{acao}", usuario=usuario, objeto=autorizacao, descricao=descricao,
                        detalhes={"numero_guia_operadora": autorizacao.numero_guia_operadora,
                                  "situacao": autorizacao.situacao, **detalhes}, ip=ip)


def _validar_codigo_negativa(codigo: str) -> str:
    codigo = (codigo or "").strip()
    if not codigo or not codigos.descricao(codigo):
        raise ErroDeNegocio("Informe o motivo da negativa: um código existente na tabela TUSS 38.")
    return codigo


def _validar_justificativa(texto: str) -> str:
    texto = (texto or "").strip()
    if len(texto) < MIN_JUSTIFICATIVA:
        raise ErroDeNegocio(
            f"Escreva a justificativa da decisão (pelo menos {MIN_JUSTIFICATIVA} caracteres): a RN 623/2024 não "
            "admite respostas genéricas."
        )
    return texto


def _proximo_numero_guia(operadora_id: int, ano: int) -> str:
    contador, _ = ContadorGuiaOperadora.objects.get_or_create(operadora_id=operadora_id, ano=ano)
    ContadorGuiaOperadora.objects.filter(pk=contador.pk).update(ultimo=F("ultimo") + 1)
    contador.refresh_from_db(fields=["ultimo"])
    return f"{ano}{contador.ultimo:08d}"


def _nova_senha(operadora_id: int) -> str:
    """10 random digits, unique within the operadora (the unique constraint guards the race)."""
    while True:
        senha = f"{secrets.randbelow(10**10):010d}"
        if not Autorizacao.objects.filter(operadora_id=operadora_id, senha=senha).exists():
            return senha


def _conceder_senha(autorizacao: Autorizacao, operadora: Operadora, hoje: datetime.date) -> None:
    autorizacao.senha = autorizacao.senha or _nova_senha(operadora.id)
    autorizacao.data_autorizacao = hoje
    autorizacao.data_validade_senha = hoje + datetime.timedelta(days=operadora.validade_autorizacao_dias)


def _salvar_anexos(autorizacao: Autorizacao, anexos: Sequence[ArquivoAnexo], *, usuario: Any,
                   quando: datetime.datetime, evento: EventoAutorizacao | None = None) -> list[AnexoAutorizacao]:
    salvos = []
    for anexo in anexos:
        nome = anexo.arquivo.name or "anexo"
        registro = AnexoAutorizacao(
            autorizacao=autorizacao, evento=evento, tipo=anexo.tipo, nome_original=nome[:200],
            tamanho=anexo.arquivo.size, enviado_em=quando,
            enviado_por=usuario if getattr(usuario, "is_authenticated", False) else None,
        )
        armazenamento.guardar(registro, "arquivo", anexo.arquivo, nome)
        registro.save()
        salvos.append(registro)
    return salvos


def _validar_anexos_clinicos(tipo: str, anexos: Sequence[AnexoClinicoSolicitado]) -> None:
    """What the TISS `anexoClinico` needs whoever sends it: the request types that carry it, one annex of each kind,
    the drugs of a quimioterapia and the materials of an OPME, a valid diagnosis (1509) and quantities (1806)."""
    if not anexos:
        return
    if tipo not in (Tipo.SP_SADT, Tipo.INTERNACAO, Tipo.PRORROGACAO):
        raise ErroDeNegocio("Os anexos de OPME, quimioterapia e radioterapia acompanham solicitações de SP/SADT, "
                            "de internação ou de prorrogação.")
    vistos: set[str] = set()
    for anexo in anexos:
        if anexo.tipo not in AnexoClinicoAutorizacao.Tipo.values:
            raise ErroDeNegocio("Anexo clínico inválido: OPME, quimioterapia ou radioterapia.")
        rotulo = AnexoClinicoAutorizacao.Tipo(anexo.tipo).label.lower()
        if anexo.tipo in vistos:
            raise ErroDeNegocio(f"Envie um só {rotulo} por solicitação.")
        vistos.add(anexo.tipo)
        if anexo.tipo == AnexoClinicoAutorizacao.Tipo.QUIMIOTERAPIA and not anexo.itens:
            raise ErroDeNegocio("O anexo de quimioterapia precisa de ao menos uma droga.")
        if anexo.tipo == AnexoClinicoAutorizacao.Tipo.OPME and not anexo.itens:
            raise ErroDeNegocio("O anexo de OPME precisa de ao menos um material.")
        if anexo.tipo != AnexoClinicoAutorizacao.Tipo.OPME:
            try:
                validar_cid(str(anexo.dados.get("cid_principal") or ""))
            except ValidationError as erro:
                raise ErroDeNegocio(f"{rotulo.capitalize()}: {erro.messages[0]}",
                                    codigo_tiss=codigos.CID_INVALIDO) from None
            if not anexo.dados.get("cid_principal"):
                raise ErroDeNegocio(f"{rotulo.capitalize()}: informe o CID-10 do diagnóstico.",
                                    codigo_tiss=codigos.CID_INVALIDO)
        for item in anexo.itens:
            quantidade = item.get("quantidade", 1)
            if not isinstance(quantidade, int) or not 1 <= quantidade <= 999:
                raise ErroDeNegocio(f"{rotulo.capitalize()}: quantidade inválida de {item.get('codigo', '')}: "
                                    "de 1 a 999.", codigo_tiss=codigos.QUANTIDADE_INVALIDA)


def validar_anexos(anexos: Sequence[ArquivoAnexo]) -> None:
    """PDF or images (PNG, JPEG, TIFF), at most 10 files of 10 MB each, checked by content, not only by name."""
    if len(anexos) > MAX_ANEXOS:
        raise ErroDeNegocio(f"Envie no máximo {MAX_ANEXOS} arquivos por vez.")
    for anexo in anexos:
        nome = anexo.arquivo.name or ""
        extensao = arquivos.extensao(nome)
        if extensao not in EXTENSOES_ANEXO:
            raise ErroDeNegocio(f"O arquivo {nome} não é aceito: envie PDF, PNG, JPEG ou TIFF.")
        if anexo.arquivo.size > TAMANHO_MAX_ANEXO:
            raise ErroDeNegocio(f"O arquivo {nome} passa de 10 MB.", codigo_tiss="3166")
        if not arquivos.conteudo_confere(anexo.arquivo, extensao):
            raise ErroDeNegocio(f"O conteúdo de {nome} não é um {extensao.upper()} válido.")
        if anexo.tipo not in AnexoAutorizacao.Tipo.values:
            raise ErroDeNegocio("Tipo de documento inválido.")


# --- request ---------------------------------------------------------------------------------------------


@armazenamento.transacao_com_arquivos()  # the attachments' files go if the request rolls back
def solicitar_autorizacao(
    *,
    operadora_id: int,
    prestador_id: int,
    carteira: str,
    tipo: str,
    numero_guia_prestador: str,
    itens: Sequence[ItemSolicitado],
    carater: str = codigos.CARATER_ELETIVO,
    indicacao_clinica: str = "",
    cid: str = "",
    atendimento_rn: bool = False,
    profissional_solicitante_id: int | None = None,
    observacao: str = "",
    internacao: DadosInternacao | None = None,
    autorizacao_principal_id: int | None = None,
    anexos: Sequence[ArquivoAnexo] = (),
    anexos_clinicos: Sequence[AnexoClinicoSolicitado] = (),
    usuario: Any = None,
    origem: str = Autorizacao.Origem.PORTAL,
    agora: datetime.datetime | None = None,
    ip: str | None = None,
) -> Autorizacao:
    """Registers a request and decides what can be decided at once: denial when the member is not eligible,
    automatic authorization (senha + validity) when every eligible item's rule allows it, otherwise the medical
    audit queue with the RN 623 deadline. A prorrogação takes its internação's caráter (`carater` is ignored).
    Raises `ErroDeNegocio` (with its TUSS 38 code) for input that cannot be
    recorded at all (unknown carteira, repeated guide number, invalid quantity, code or tooth)."""
    solicitada_em = agora  # a request made earlier (the demo, an import) keeps its date as "Solicitada em"
    agora = _agora(agora)
    hoje = timezone.localdate(agora)
    credenciamento = (
        Credenciamento.objects.select_related("operadora")
        .filter(operadora_id=operadora_id, prestador_id=prestador_id, situacao=Credenciamento.Situacao.ATIVO)
        .first()
    )
    if credenciamento is None:
        raise SemPermissao("Prestador sem credenciamento ativo com esta operadora.")
    operadora = credenciamento.operadora

    if tipo not in Tipo.values:
        raise ErroDeNegocio("Tipo de solicitação inválido.")
    if tipo != Tipo.PRORROGACAO and carater not in Autorizacao.Carater.values:
        raise ErroDeNegocio("Caráter do atendimento inválido: eletivo (1) ou urgência/emergência (2).",
                            codigo_tiss="1602")
    numero_guia_prestador = (numero_guia_prestador or "").strip()
    if not numero_guia_prestador or len(numero_guia_prestador) > 20:
        raise ErroDeNegocio("Informe o número da guia no prestador (até 20 caracteres).", codigo_tiss="1307")
    if Autorizacao.objects.filter(operadora_id=operadora_id, prestador_id=prestador_id,
                                  numero_guia_prestador=numero_guia_prestador).exists():
        raise ErroDeNegocio(f"A guia {numero_guia_prestador} já foi enviada; consulte-a na lista de autorizações.",
                            codigo_tiss=codigos.GUIA_JA_APRESENTADA)

    principal: Autorizacao | None = None
    beneficiario: Beneficiario | None
    if tipo == Tipo.PRORROGACAO:
        principal = (
            Autorizacao.objects.select_related("beneficiario")
            .filter(pk=autorizacao_principal_id or 0, operadora_id=operadora_id, prestador_id=prestador_id,
                    tipo=Tipo.INTERNACAO, situacao__in=SITUACOES_COM_SENHA)
            .first()
        )
        if principal is None:
            raise ErroDeNegocio("A prorrogação precisa de uma internação autorizada deste prestador.",
                                codigo_tiss=codigos.SENHA_INVALIDA)
        beneficiario = principal.beneficiario
        carater = principal.carater_atendimento  # the stay's, whatever the caller sent (RN 623 deadline)
    else:
        beneficiario = beneficiario_por_carteira(operadora_id=operadora_id, carteira=carteira or "")
        if beneficiario is None:
            raise ErroDeNegocio("Carteira não encontrada nesta operadora.", codigo_tiss=codigos.CARTEIRA_INVALIDA)

    itens = [ItemSolicitado(codigo=(i.codigo or "").strip(), quantidade=i.quantidade, tabela=i.tabela or "22",
                            dente=(i.dente or "").strip(), regiao=(i.regiao or "").strip().upper(),
                            face=(i.face or "").strip().upper()) for i in itens]
    if not itens and tipo != Tipo.PRORROGACAO:
        raise ErroDeNegocio("Informe ao menos um procedimento.")
    if len(itens) > MAX_ITENS:
        raise ErroDeNegocio(f"No máximo {MAX_ITENS} procedimentos por solicitação.")
    for item in itens:
        if not item.codigo.isdigit() or len(item.codigo) > 10:
            raise ErroDeNegocio(f"Código de procedimento inválido: {item.codigo or '(vazio)'}.",
                                codigo_tiss=codigos.PROCEDIMENTO_INVALIDO)
        if item.quantidade is None or item.quantidade < 1 or item.quantidade > 999:
            raise ErroDeNegocio(f"Quantidade inválida para {item.codigo}: de 1 a 999.",
                                codigo_tiss=codigos.QUANTIDADE_INVALIDA)
        if tipo == Tipo.ODONTOLOGIA:
            erro = rules.validar_item_odontologico(dente=item.dente, regiao=item.regiao, face=item.face)
            if erro:
                raise ErroDeNegocio(f"{item.codigo}: {erro}", codigo_tiss="3022" if item.dente else "3021")

    try:
        cid = validar_cid(cid)
    except ValidationError as erro:
        raise ErroDeNegocio(erro.messages[0], codigo_tiss=codigos.CID_INVALIDO) from None

    if profissional_solicitante_id is not None and not Profissional.objects.filter(
        pk=profissional_solicitante_id, prestadores__id=prestador_id
    ).exists():
        raise ErroDeNegocio("O profissional solicitante não está vinculado a este prestador.", codigo_tiss="1417")

    dados_internacao: dict[str, Any] = {}
    if tipo in (Tipo.INTERNACAO, Tipo.PRORROGACAO):
        if internacao is None or not internacao.diarias_solicitadas or internacao.diarias_solicitadas < 1:
            raise ErroDeNegocio("Informe a quantidade de diárias solicitadas.")
        if not (indicacao_clinica or "").strip():
            raise ErroDeNegocio("A indicação clínica é obrigatória para internação.")
        if tipo == Tipo.INTERNACAO:
            if internacao.tipo_internacao not in dict(codigos.TIPOS_INTERNACAO):
                raise ErroDeNegocio("Tipo de internação inválido.")
            if internacao.regime_internacao not in dict(codigos.REGIMES_INTERNACAO):
                raise ErroDeNegocio("Regime de internação inválido.")
            if internacao.data_sugerida is None or internacao.data_sugerida < hoje:
                raise ErroDeNegocio("A data sugerida para a internação deve ser hoje ou depois.")
            limite = hoje + datetime.timedelta(days=operadora.validade_autorizacao_dias)
            if internacao.data_sugerida > limite:  # the senha would expire before the stay begins
                raise ErroDeNegocio(f"A data sugerida para a internação deve estar dentro da validade da "
                                    f"autorização ({operadora.validade_autorizacao_dias} dias): até {limite:%d/%m/%Y}.")
        origem_internacao = principal if principal is not None else internacao
        dados_internacao = {
            "tipo_internacao": origem_internacao.tipo_internacao,
            "regime_internacao": origem_internacao.regime_internacao,
            "diarias_solicitadas": internacao.diarias_solicitadas,
            "data_sugerida_internacao": internacao.data_sugerida if tipo == Tipo.INTERNACAO else None,
        }
    validar_anexos(anexos)
    _validar_anexos_clinicos(tipo, anexos_clinicos)

    # Eligibility and the operator's rules, item by item.
    base = elegibilidade.verificar_beneficiario(beneficiario, data=hoje)
    resultados = (
        elegibilidade.verificar_varios(beneficiario=beneficiario, itens=[(i.codigo, i.quantidade) for i in itens],
                                       data=hoje, carater=carater)
        if base.elegivel else [base for _ in itens]
    )
    aplicadas = rules.regras_para(operadora_id=operadora_id, plano_id=beneficiario.plano_id,
                                  codigos_tuss=[i.codigo for i in itens])
    termos = termos_por_codigo({i.codigo for i in itens}, tabelas={i.tabela for i in itens})

    try:
        with transaction.atomic():  # a concurrent resend of the same provider guide number loses here
            autorizacao = Autorizacao.objects.create(
                operadora=operadora, prestador_id=prestador_id, beneficiario=beneficiario, tipo=tipo, origem=origem,
                numero_guia_prestador=numero_guia_prestador,
                numero_guia_operadora=_proximo_numero_guia(operadora.id, hoje.year),
                carater_atendimento=carater, indicacao_clinica=(indicacao_clinica or "").strip(),
                cid=cid, atendimento_rn=atendimento_rn,
                profissional_solicitante_id=profissional_solicitante_id, observacao=(observacao or "").strip(),
                autorizacao_principal=principal,
                prazo_resposta=rules.prazo_resposta(operadora=operadora, tipo=tipo, carater=carater, desde=agora),
                **dados_internacao,
            )
    except IntegrityError:
        raise ErroDeNegocio(f"A guia {numero_guia_prestador} já foi enviada; consulte-a na lista de autorizações.",
                            codigo_tiss=codigos.GUIA_JA_APRESENTADA) from None
    if solicitada_em is not None:  # criado_em is auto_now_add: set it to the request's moment
        Autorizacao.objects.filter(pk=autorizacao.pk).update(criado_em=solicitada_em)
        autorizacao.criado_em = solicitada_em
    registros = []
    for seq, (item, resultado) in enumerate(zip(itens, resultados, strict=True), start=1):
        registros.append(ItemAutorizacao(
            autorizacao=autorizacao, sequencial=seq, codigo_tabela=item.tabela, codigo=item.codigo,
            descricao=(termos.get(item.codigo) or "")[:300], quantidade_solicitada=item.quantidade,
            exigencia=aplicadas[item.codigo].exigencia, dente=item.dente, regiao=item.regiao, face=item.face,
            quantidade_autorizada=None if resultado.elegivel else 0,
            codigo_negativa="" if resultado.elegivel else resultado.codigo_tiss,
        ))
    ItemAutorizacao.objects.bulk_create(registros)

    evento = _evento(autorizacao, Evento.SOLICITADA, quando=agora, usuario=usuario,
                     texto=f"{autorizacao.get_tipo_display()} {numero_guia_prestador}, "
                           f"{autorizacao.get_carater_atendimento_display().lower()}.")
    _salvar_anexos(autorizacao, anexos, usuario=usuario, quando=agora, evento=evento)
    AnexoClinicoAutorizacao.objects.bulk_create(
        AnexoClinicoAutorizacao(autorizacao=autorizacao, tipo=a.tipo,
                                numero_guia_anexo=str(a.dados.get("numero_guia_anexo") or "")[:20],
                                dados={**a.dados, "itens": list(a.itens)})
        for a in anexos_clinicos
    )
    _auditar("solicitada", autorizacao, usuario, f"Solicitação {autorizacao.numero_guia_operadora} registrada.", ip,
             origem=origem, anexos_clinicos=[a.tipo for a in anexos_clinicos])

    negados = [(r, reg) for r, reg in zip(resultados, registros, strict=True) if not r.elegivel]
    elegiveis = [reg for reg in registros if reg.quantidade_autorizada is None]
    if not base.elegivel or (registros and not elegiveis):
        motivo = base if not base.elegivel else negados[0][0]
        texto = "; ".join(dict.fromkeys(r.mensagem for r, _ in negados)) or base.mensagem
        _decidir_automaticamente(autorizacao, Situacao.NEGADA, codigo=motivo.codigo_tiss, texto=texto, quando=agora)
        return autorizacao

    precisa_auditoria = tipo in (Tipo.INTERNACAO, Tipo.PRORROGACAO) or any(
        reg.exigencia == RegraAutorizacao.Exigencia.AUDITORIA for reg in elegiveis
    )
    if precisa_auditoria:
        _evento(autorizacao, Evento.ENVIADA_AUDITORIA, quando=agora, codigo=codigos.NECESSIDADE_AUDITORIA,
                por_operadora=True,
                texto=f"Prazo de resposta: {timezone.localtime(autorizacao.prazo_resposta):%d/%m/%Y %H:%M}."
                      + (" Itens negados pela elegibilidade: " + "; ".join(r.mensagem for r, _ in negados)
                         if negados else ""))
        return autorizacao

    ItemAutorizacao.objects.filter(autorizacao=autorizacao, quantidade_autorizada__isnull=True).update(
        quantidade_autorizada=F("quantidade_solicitada"), codigo_negativa=""
    )
    livres = [reg.codigo for reg in elegiveis if reg.exigencia == RegraAutorizacao.Exigencia.LIVRE]
    texto = "Liberada automaticamente pelas regras da operadora."
    if livres:
        texto += f" {', '.join(livres)}: {codigos.rotulo(codigos.NAO_NECESSITA_AUTORIZACAO)}."
    if negados:
        texto += " Itens negados: " + "; ".join(r.mensagem for r, _ in negados)
    situacao = Situacao.PARCIALMENTE_AUTORIZADA if negados else Situacao.AUTORIZADA
    _decidir_automaticamente(autorizacao, situacao, codigo=negados[0][0].codigo_tiss if negados else "",
                             texto=texto, quando=agora)
    return autorizacao


def _decidir_automaticamente(autorizacao: Autorizacao, situacao: str, *, codigo: str, texto: str,
                             quando: datetime.datetime) -> None:
    hoje = timezone.localdate(quando)
    autorizacao.situacao = situacao
    autorizacao.decisao_automatica = True
    autorizacao.decidida_em = quando
    autorizacao.codigo_negativa = codigo
    autorizacao.justificativa_decisao = texto
    campos = ["situacao", "decisao_automatica", "decidida_em", "codigo_negativa", "justificativa_decisao",
              "atualizado_em"]
    if situacao in SITUACOES_COM_SENHA:
        _conceder_senha(autorizacao, autorizacao.operadora, hoje)
        campos += ["senha", "data_autorizacao", "data_validade_senha"]
    autorizacao.save(update_fields=campos)
    tipos_evento: dict[str, str] = {Situacao.AUTORIZADA: Evento.AUTORIZADA,
                                    Situacao.PARCIALMENTE_AUTORIZADA: Evento.PARCIAL, Situacao.NEGADA: Evento.NEGADA}
    tipo_evento = tipos_evento[situacao]
    _evento(autorizacao, tipo_evento, quando=quando, texto=texto, codigo=codigo or (
        codigos.AUTORIZADO if situacao == Situacao.AUTORIZADA else ""), por_operadora=True)
    _auditar("decisao_automatica", autorizacao, None, f"Decisão automática: {autorizacao.get_situacao_display()}.",
             codigo_tiss=codigo)


# --- the auditor's decisions -----------------------------------------------------------------------------


@transaction.atomic
def autorizar(
    *,
    autorizacao_id: int,
    usuario: Any,
    quantidades: dict[int, int] | None = None,
    diarias_autorizadas: int | None = None,
    codigo_negativa: str = "",
    justificativa: str = "",
    agora: datetime.datetime | None = None,
    ip: str | None = None,
) -> Autorizacao:
    """Authorizes the items under audit: all as asked (`quantidades` None) or some, with smaller quantities (item
    id → quantity, 0 denies the item). Anything less than asked makes it *parcialmente autorizada* and needs the
    TUSS 38 reason and a justification."""
    agora = _agora(agora)
    autorizacao = _travar(autorizacao_id)
    _exigir_transicao(autorizacao, Situacao.AUTORIZADA, "autorizar")
    principal = autorizacao.autorizacao_principal
    if principal is not None and principal.situacao == Situacao.CANCELADA:
        raise TransicaoInvalida(f"Não é possível autorizar: a internação {principal.numero_guia_operadora}, que "
                                "esta solicitação prorroga, foi cancelada.")
    itens = list(autorizacao.itens.select_for_update())
    pendentes = [i for i in itens if i.quantidade_autorizada is None]
    quantidades = quantidades or {}
    desconhecidos = set(quantidades) - {i.id for i in pendentes}
    if desconhecidos:
        raise ErroDeNegocio("Há itens que não pertencem a esta solicitação ou já foram decididos.")
    reduzidos = []
    for item in pendentes:
        quantidade = quantidades.get(item.id, item.quantidade_solicitada)
        if quantidade is None or quantidade < 0 or quantidade > item.quantidade_solicitada:
            raise ErroDeNegocio(f"Quantidade autorizada de {item.codigo} deve ir de 0 a {item.quantidade_solicitada}.")
        item.quantidade_autorizada = quantidade
        if quantidade < item.quantidade_solicitada:
            reduzidos.append(item)
    diarias = autorizacao.diarias_solicitadas
    if autorizacao.diarias_solicitadas is not None and diarias_autorizadas is not None:
        if not 0 < diarias_autorizadas <= autorizacao.diarias_solicitadas:
            raise ErroDeNegocio(f"Diárias autorizadas devem ir de 1 a {autorizacao.diarias_solicitadas}.")
        diarias = diarias_autorizadas
    if pendentes and all(i.quantidade_autorizada == 0 for i in pendentes) and not any(
        i.quantidade_autorizada for i in itens if i not in pendentes
    ):
        raise ErroDeNegocio("Nenhuma quantidade foi autorizada: para negar a solicitação inteira, use Negar.")
    parcial = bool(reduzidos) or (diarias or 0) < (autorizacao.diarias_solicitadas or 0) or any(
        i.codigo_negativa for i in itens if i not in pendentes
    )
    exige_motivo = bool(reduzidos) or (diarias or 0) < (autorizacao.diarias_solicitadas or 0)
    if exige_motivo:
        codigo_negativa = _validar_codigo_negativa(codigo_negativa)
        justificativa = _validar_justificativa(justificativa)
        for item in reduzidos:
            item.codigo_negativa = codigo_negativa
    ItemAutorizacao.objects.bulk_update(pendentes, ["quantidade_autorizada", "codigo_negativa"])

    autorizacao.situacao = Situacao.PARCIALMENTE_AUTORIZADA if parcial else Situacao.AUTORIZADA
    autorizacao.diarias_autorizadas = diarias
    autorizacao.decidida_em = agora
    autorizacao.decidida_por = usuario
    autorizacao.decisao_automatica = False
    if parcial and not exige_motivo:  # only items the eligibility already denied
        codigo_negativa = next((i.codigo_negativa for i in itens if i.codigo_negativa), "")
    autorizacao.codigo_negativa = codigo_negativa if parcial else ""
    autorizacao.justificativa_decisao = (justificativa or "").strip()
    autorizacao.pendencia = ""
    _conceder_senha(autorizacao, autorizacao.operadora, timezone.localdate(agora))
    autorizacao.save(update_fields=[
        "situacao", "diarias_autorizadas", "decidida_em", "decidida_por", "decisao_automatica", "codigo_negativa",
        "justificativa_decisao", "pendencia", "senha", "data_autorizacao", "data_validade_senha", "atualizado_em",
    ])
    resumo = ", ".join(f"{i.codigo}: {i.quantidade_autorizada}/{i.quantidade_solicitada}" for i in itens)
    if autorizacao.diarias_solicitadas is not None:
        resumo += f". Diárias: {diarias}/{autorizacao.diarias_solicitadas}"
    _evento(autorizacao, Evento.PARCIAL if parcial else Evento.AUTORIZADA, quando=agora, usuario=usuario,
            por_operadora=True, codigo=autorizacao.codigo_negativa or codigos.AUTORIZADO,
            texto=f"Autorizado: {resumo}." + (f" {justificativa.strip()}" if justificativa else ""))
    _auditar("autorizada", autorizacao, usuario, f"Autorização {autorizacao.get_situacao_display().lower()}.", ip,
             quantidades={i.codigo: i.quantidade_autorizada for i in itens}, diarias_autorizadas=diarias)
    return autorizacao


@transaction.atomic
def negar(*, autorizacao_id: int, usuario: Any, codigo_negativa: str, justificativa: str,
          agora: datetime.datetime | None = None, ip: str | None = None) -> Autorizacao:
    """Denies the whole request with a TUSS 38 reason and the auditor's justification."""
    agora = _agora(agora)
    autorizacao = _travar(autorizacao_id)
    _exigir_transicao(autorizacao, Situacao.NEGADA, "negar")
    codigo_negativa = _validar_codigo_negativa(codigo_negativa)
    justificativa = _validar_justificativa(justificativa)
    autorizacao.itens.filter(quantidade_autorizada__isnull=True).update(quantidade_autorizada=0,
                                                                        codigo_negativa=codigo_negativa)
    autorizacao.situacao = Situacao.NEGADA
    autorizacao.decidida_em = agora
    autorizacao.decidida_por = usuario
    autorizacao.decisao_automatica = False
    autorizacao.codigo_negativa = codigo_negativa
    autorizacao.justificativa_decisao = justificativa
    autorizacao.pendencia = ""
    autorizacao.save(update_fields=["situacao", "decidida_em", "decidida_por", "decisao_automatica",
                                    "codigo_negativa", "justificativa_decisao", "pendencia", "atualizado_em"])
    _evento(autorizacao, Evento.NEGADA, quando=agora, usuario=usuario, por_operadora=True, codigo=codigo_negativa,
            texto=justificativa)
    _auditar("negada", autorizacao, usuario, f"Negada: {codigos.rotulo(codigo_negativa)}.", ip,
             codigo_tiss=codigo_negativa)
    return autorizacao


@transaction.atomic
def solicitar_justificativa(*, autorizacao_id: int, usuario: Any, pendencia: str, texto: str,
                            agora: datetime.datetime | None = None, ip: str | None = None) -> Autorizacao:
    """Asks the provider for a technical justification or documents; the RN 623 deadline stops until it answers."""
    agora = _agora(agora)
    autorizacao = _travar(autorizacao_id)
    _exigir_transicao(autorizacao, Situacao.AGUARDANDO_JUSTIFICATIVA, "pedir justificativa")
    if pendencia not in Autorizacao.Pendencia.values:
        raise ErroDeNegocio("Escolha o que pedir: justificativa técnica ou documentos.")
    texto = (texto or "").strip()
    if len(texto) < 10:
        raise ErroDeNegocio("Explique ao prestador o que ele precisa enviar.")
    uf = autorizacao.operadora.uf
    restantes = calendario.dias_uteis_entre(timezone.localdate(agora), timezone.localdate(autorizacao.prazo_resposta),
                                            uf)
    autorizacao.situacao = Situacao.AGUARDANDO_JUSTIFICATIVA
    autorizacao.pendencia = pendencia
    autorizacao.dias_uteis_suspensos = max(restantes, 0)
    autorizacao.save(update_fields=["situacao", "pendencia", "dias_uteis_suspensos", "atualizado_em"])
    codigo = codigos.SEM_JUSTIFICATIVA if pendencia == Autorizacao.Pendencia.JUSTIFICATIVA \
        else codigos.DOCUMENTACAO_INCOMPLETA
    _evento(autorizacao, Evento.PENDENCIA, quando=agora, usuario=usuario, por_operadora=True, texto=texto,
            codigo=codigo)
    _auditar("pendencia", autorizacao, usuario, f"Pedido ao prestador: {autorizacao.get_pendencia_display()}.", ip)
    return autorizacao


@armazenamento.transacao_com_arquivos()  # the attachments' files go if the request rolls back
def responder_pendencia(*, autorizacao_id: int, prestador_id: int, operadora_id: int, usuario: Any, texto: str,
                        anexos: Sequence[ArquivoAnexo] = (), agora: datetime.datetime | None = None,
                        ip: str | None = None) -> Autorizacao:
    """The provider answers with text and files; the request goes back to audit and the deadline runs again."""
    agora = _agora(agora)
    autorizacao = _travar(autorizacao_id, prestador_id=prestador_id, operadora_id=operadora_id)
    _exigir_transicao(autorizacao, Situacao.EM_ANALISE, "responder")
    if autorizacao.situacao != Situacao.AGUARDANDO_JUSTIFICATIVA:
        raise TransicaoInvalida("Esta autorização não está aguardando resposta do prestador.")
    texto = (texto or "").strip()
    if not texto and not anexos:
        raise ErroDeNegocio("Escreva a justificativa ou anexe os documentos pedidos.")
    if autorizacao.pendencia == Autorizacao.Pendencia.DOCUMENTOS and not anexos:
        raise ErroDeNegocio("A operadora pediu documentos: anexe ao menos um arquivo.")
    validar_anexos(anexos)
    hoje = timezone.localdate(agora)
    if autorizacao.carater_atendimento == codigos.CARATER_URGENCIA:
        autorizacao.prazo_resposta = agora
    else:
        dias = autorizacao.dias_uteis_suspensos or 0
        autorizacao.prazo_resposta = rules.fim_do_dia(
            calendario.somar_dias_uteis(hoje, dias, autorizacao.operadora.uf) if dias else hoje
        )
    autorizacao.situacao = Situacao.EM_ANALISE
    autorizacao.dias_uteis_suspensos = None
    autorizacao.save(update_fields=["situacao", "prazo_resposta", "dias_uteis_suspensos", "atualizado_em"])
    evento = _evento(autorizacao, Evento.RESPOSTA, quando=agora, usuario=usuario, texto=texto)
    salvos = _salvar_anexos(autorizacao, anexos, usuario=usuario, quando=agora, evento=evento)
    _auditar("resposta_prestador", autorizacao, usuario, "Prestador respondeu à pendência.", ip,
             anexos=[a.nome_original for a in salvos])
    return autorizacao


@transaction.atomic
def cancelar_autorizacao(*, autorizacao_id: int, prestador_id: int, operadora_id: int, usuario: Any,
                         motivo: str = "", agora: datetime.datetime | None = None,
                         ip: str | None = None) -> Autorizacao:
    """The provider cancels a pending or authorized request with no confirmed atendimento (senha cancelada)."""
    agora = _agora(agora)
    autorizacao = _travar(autorizacao_id, prestador_id=prestador_id, operadora_id=operadora_id)
    _exigir_transicao(autorizacao, Situacao.CANCELADA, "cancelar")
    impedimento = selectors.impedimento_de_cancelamento(autorizacao)
    if impedimento:
        raise ErroDeNegocio(impedimento)
    autorizacao.situacao = Situacao.CANCELADA
    autorizacao.cancelada_em = agora
    autorizacao.motivo_cancelamento = (motivo or "").strip()[:300] or "A pedido do prestador."
    autorizacao.pendencia = ""
    autorizacao.save(update_fields=["situacao", "cancelada_em", "motivo_cancelamento", "pendencia", "atualizado_em"])
    _evento(autorizacao, Evento.CANCELADA, quando=agora, usuario=usuario, texto=autorizacao.motivo_cancelamento,
            codigo=codigos.CANCELADO_PELO_PRESTADOR)
    _auditar("cancelada", autorizacao, usuario, "Cancelada pelo prestador.", ip)
    return autorizacao


@transaction.atomic
def solicitar_carta_negativa(*, autorizacao_id: int, prestador_id: int, operadora_id: int, usuario: Any,
                             agora: datetime.datetime | None = None, ip: str | None = None) -> Autorizacao:
    """Records the provider's request for the formal denial letter (idempotent); the PDF is then available."""
    agora = _agora(agora)
    autorizacao = _travar(autorizacao_id, prestador_id=prestador_id, operadora_id=operadora_id)
    if autorizacao.situacao not in (Situacao.NEGADA, Situacao.PARCIALMENTE_AUTORIZADA):
        raise TransicaoInvalida("A carta de negativa existe só para solicitações negadas (total ou parcialmente).")
    if autorizacao.carta_negativa_solicitada_em is None:
        autorizacao.carta_negativa_solicitada_em = agora
        autorizacao.save(update_fields=["carta_negativa_solicitada_em", "atualizado_em"])
        _evento(autorizacao, Evento.CARTA_NEGATIVA, quando=agora, usuario=usuario,
                texto="Carta de negativa emitida em PDF.")
        _auditar("carta_negativa", autorizacao, usuario, "Carta de negativa solicitada.", ip)
    return autorizacao


# --- execution (what automatic billing consumes) ---------------------------------------------------------


@transaction.atomic
def confirmar_atendimento(
    *,
    autorizacao_id: int,
    item_id: int,
    prestador_id: int,
    operadora_id: int,
    usuario: Any,
    data_execucao: datetime.date,
    quantidade: int = 1,
    profissional_executante_id: int | None = None,
    agora: datetime.datetime | None = None,
    ip: str | None = None,
) -> Atendimento:
    """Confirms that the provider performed `quantidade` of an authorized item on `data_execucao` (one session
    of a serial treatment, usually 1). Within the senha's validity, not in the future, within the balance."""
    agora = _agora(agora)
    autorizacao = _travar(autorizacao_id, prestador_id=prestador_id, operadora_id=operadora_id)
    if autorizacao.situacao not in SITUACOES_COM_SENHA:
        raise TransicaoInvalida("Só se confirmam atendimentos de autorizações com senha.",
                                codigo_tiss=codigos.SENHA_INVALIDA)
    item = ItemAutorizacao.objects.select_for_update().filter(pk=item_id, autorizacao_id=autorizacao.id).first()
    if item is None:
        raise NaoEncontrado("Procedimento não encontrado nesta autorização.")
    if not item.quantidade_autorizada:
        raise ErroDeNegocio(f"O procedimento {item.codigo} não foi autorizado.",
                            codigo_tiss=codigos.NAO_AUTORIZADO_PELA_AUDITORIA)
    if quantidade is None or quantidade < 1:
        raise ErroDeNegocio("A quantidade deve ser maior que zero.", codigo_tiss=codigos.QUANTIDADE_INVALIDA)
    if data_execucao is None:
        raise ErroDeNegocio("Informe a data do atendimento.")
    if data_execucao > timezone.localdate(agora):
        raise ErroDeNegocio("A data do atendimento não pode ser futura.")
    if autorizacao.data_autorizacao is None or autorizacao.data_validade_senha is None:
        raise TransicaoInvalida("Autorização sem data de validade.", codigo_tiss=codigos.SENHA_INVALIDA)
    if data_execucao < autorizacao.data_autorizacao:
        raise ErroDeNegocio(f"O atendimento não pode ser anterior à autorização "
                            f"({autorizacao.data_autorizacao:%d/%m/%Y}).", codigo_tiss="1814")
    if data_execucao > autorizacao.data_validade_senha:
        raise ErroDeNegocio(f"A senha valia até {autorizacao.data_validade_senha:%d/%m/%Y}.",
                            codigo_tiss=codigos.SENHA_EXPIRADA)
    executado = item.atendimentos.aggregate(total=Sum("quantidade"))["total"] or 0
    if executado + quantidade > item.quantidade_autorizada:
        raise ErroDeNegocio(
            f"Saldo insuficiente em {item.codigo}: autorizadas {item.quantidade_autorizada}, já confirmadas "
            f"{executado}.", codigo_tiss=codigos.QUANTIDADE_ACIMA_DA_AUTORIZADA)
    if profissional_executante_id is not None and not Profissional.objects.filter(
        pk=profissional_executante_id, prestadores__id=prestador_id
    ).exists():
        raise ErroDeNegocio("O profissional executante não está vinculado a este prestador.", codigo_tiss="3269")
    atendimento = Atendimento.objects.create(
        autorizacao=autorizacao, item=item, data_execucao=data_execucao, quantidade=quantidade,
        profissional_executante_id=profissional_executante_id, confirmado_em=agora,
        confirmado_por=usuario if getattr(usuario, "is_authenticated", False) else None,
    )
    _evento(autorizacao, Evento.EXECUCAO, quando=agora, usuario=usuario,
            texto=f"{item.codigo} × {quantidade} em {data_execucao:%d/%m/%Y} "
                  f"({executado + quantidade} de {item.quantidade_autorizada}).")
    _auditar("atendimento_confirmado", autorizacao, usuario, f"Atendimento de {item.codigo} confirmado.", ip,
             atendimento_id=atendimento.id, data_execucao=data_execucao.isoformat(), quantidade=quantidade)
    return atendimento


@transaction.atomic
def desfazer_atendimento(*, atendimento_id: int, prestador_id: int, operadora_id: int, usuario: Any,
                         agora: datetime.datetime | None = None, ip: str | None = None) -> None:
    """Removes a confirmation not yet in a billing lote (to fix a wrong date, say)."""
    agora = _agora(agora)
    atendimento = (
        Atendimento.objects.select_for_update(of=("self",)).select_related("autorizacao", "item")
        .filter(pk=atendimento_id, autorizacao__prestador_id=prestador_id, autorizacao__operadora_id=operadora_id)
        .first()
    )
    if atendimento is None:
        raise NaoEncontrado("Atendimento não encontrado.")
    if atendimento.lote_faturamento_id is not None:
        raise ErroDeNegocio("Este atendimento já está num lote de faturamento: cancele o lote antes.")
    autorizacao = atendimento.autorizacao
    descricao = _descricao_atendimento(atendimento)
    atendimento.delete()
    _evento(autorizacao, Evento.EXECUCAO_DESFEITA, quando=agora, usuario=usuario, texto=descricao)
    _auditar("atendimento_desfeito", autorizacao, usuario, f"Confirmação desfeita: {descricao}.", ip,
             atendimento_id=atendimento_id)


def _descricao_atendimento(atendimento: Atendimento) -> str:
    return f"{atendimento.item.codigo} × {atendimento.quantidade} em {atendimento.data_execucao:%d/%m/%Y}"


@transaction.atomic
def desfazer_atendimentos_nao_realizados(*, ids: Iterable[int], prestador_id: int, operadora_id: int,
                                         usuario: Any, agora: datetime.datetime | None = None,
                                         ip: str | None = None) -> int:
    """Billing's conference: the provider marked these atendimentos 'Não confirmado' (they did not happen), so
    their confirmations are removed and the senhas' balances return; one history event and one audit record per
    authorization. Refuses, changing nothing, when one is missing, of another provider, or in a billing lote.
    Returns how many were removed."""
    ids = set(ids)
    if not ids:
        return 0
    agora = _agora(agora)
    atendimentos = list(
        Atendimento.objects.select_for_update(of=("self",)).select_related("autorizacao", "item")
        .filter(pk__in=ids, autorizacao__prestador_id=prestador_id, autorizacao__operadora_id=operadora_id)
        .order_by("autorizacao_id", "data_execucao", "id")
    )
    if len(atendimentos) != len(ids):
        raise NaoEncontrado("Há atendimentos que não existem ou não são deste prestador.")
    if any(a.lote_faturamento_id is not None for a in atendimentos):
        raise ErroDeNegocio("Há atendimentos num lote de faturamento: tire-os do lote antes.")
    por_autorizacao: dict[int, list[Atendimento]] = {}
    for a in atendimentos:
        por_autorizacao.setdefault(a.autorizacao_id, []).append(a)
    Atendimento.objects.filter(pk__in=ids).delete()
    for grupo in por_autorizacao.values():
        autorizacao = grupo[0].autorizacao
        descricao = "; ".join(_descricao_atendimento(a) for a in grupo)
        _evento(autorizacao, Evento.EXECUCAO_DESFEITA, quando=agora, usuario=usuario,
                texto=f"Não confirmado na conferência do faturamento: {descricao}")
        _auditar("atendimento_desfeito", autorizacao, usuario,
                 f"Confirmação desfeita (não confirmado na conferência do faturamento): {descricao}.", ip,
                 atendimento_ids=[a.id for a in grupo])
    return len(atendimentos)


@transaction.atomic
def marcar_atendimentos_faturados(*, ids: Iterable[int], lote_id: int, prestador_id: int, operadora_id: int,
                                  agora: datetime.datetime | None = None) -> int:
    """Billing: puts these atendimentos in lote `lote_id`. Idempotent (those already in this lote are left as
    they are); refuses, changing nothing, when one is missing, of another provider, or in another lote.
    Returns how many were newly marked."""
    ids = set(ids)
    atendimentos = list(
        Atendimento.objects.select_for_update()
        .filter(pk__in=ids, autorizacao__prestador_id=prestador_id, autorizacao__operadora_id=operadora_id)
        .only("id", "lote_faturamento_id")
    )
    if len(atendimentos) != len(ids):
        raise NaoEncontrado("Há atendimentos que não existem ou não são deste prestador.")
    em_outro = [a.id for a in atendimentos if a.lote_faturamento_id not in (None, lote_id)]
    if em_outro:
        raise ErroDeNegocio(f"Atendimentos já faturados em outro lote: {sorted(em_outro)}.", codigo_tiss="3209")
    return Atendimento.objects.filter(pk__in=ids, lote_faturamento_id__isnull=True).update(
        lote_faturamento_id=lote_id, faturado_em=_agora(agora)
    )


@transaction.atomic
def liberar_atendimentos_do_lote(*, lote_id: int) -> int:
    """Billing: the lote was cancelled, so its atendimentos are billable again. Returns how many were freed."""
    return Atendimento.objects.filter(lote_faturamento_id=lote_id).update(lote_faturamento_id=None, faturado_em=None)


# --- housekeeping ----------------------------------------------------------------------------------------


@transaction.atomic
def expirar_autorizacoes_vencidas(*, hoje: datetime.date | None = None) -> int:
    """Authorized requests whose senha validity has passed become *expirada* (set-based; confirmed atendimentos
    stay billable). Idempotent: run daily by `tasks.expirar_autorizacoes`."""
    hoje = hoje or timezone.localdate()
    ids = list(
        Autorizacao.objects.select_for_update()
        .filter(situacao__in=[Situacao.AUTORIZADA, Situacao.PARCIALMENTE_AUTORIZADA], data_validade_senha__lt=hoje)
        .values_list("id", flat=True)
    )
    if not ids:
        return 0
    agora = timezone.now()
    Autorizacao.objects.filter(pk__in=ids).update(situacao=Situacao.EXPIRADA, atualizado_em=agora)
    EventoAutorizacao.objects.bulk_create(
        EventoAutorizacao(autorizacao_id=i, tipo=Evento.EXPIRADA, quando=agora, por_operadora=True,
                          codigo_tiss=codigos.SENHA_EXPIRADA, texto="Validade da senha encerrada.")
        for i in ids
    )
    auditoria.registrar(acao="autorizacao.expiradas", descricao=f"{len(ids)} senha(s) expirada(s).",
                        detalhes={"ids": ids[:1000], "total": len(ids)})
    return len(ids)
