"""Every write of billing. Named verbs, keyword-only arguments, atomic; audit recorded explicitly.

Receipt (`receber_xml` → `receber_lote`, and `enviar_lote` for typed lotes) applies the same rules
(`regras.conferir_guias` + guide already presented + lote number reused) and ends in `_abrir_protocolo`.
A refused lote changes nothing (one transaction, nothing written before the rules pass); a lote resent with the
same number and content returns its first protocol (unique constraint `lote_idempotente`).

Protocol transitions (`iniciar_analise`, `liberar_para_faturamento`, `faturar_protocolo`, `registrar_pagamentos`,
`encerrar_sem_pagamento`, `mudar_situacao_protocolo`) are what the claims analysis calls.
"""

import datetime
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.module_loading import import_string
from lxml import etree

from operadora.core import armazenamento, arquivos, auditoria
from operadora.core.erros import ErroDeNegocio, NaoEncontrado, TransicaoInvalida
from operadora.core.formatos import format_brl
from operadora.registry.models import Credenciamento, Operadora, Prestador
from operadora.registry.selectors import PrecosContratados
from operadora.tiss import guias as t
from operadora.tiss.politica import PoliticaTiss
from operadora.tiss.relatorio import ErroValidacao
from operadora.tiss.validation import validar

from . import codigos, conversao, gravacao, regras, selectors
from .models import (
    TIPOS_DE_ANEXO_DA_GUIA,
    AnexoGuia,
    CalendarioNF,
    DocumentoAnexo,
    FaturamentoAutomatico,
    Guia,
    HistoricoProtocolo,
    ItemGuia,
    Lote,
    MembroEquipe,
    NotaFiscal,
    Origem,
    OutraDespesa,
    Protocolo,
    TipoGuia,
)

ZERO = Decimal("0.00")
S = Protocolo.Situacao

# --- receipt ---------------------------------------------------------------------------------------------


@dataclass
class ResultadoRecebimento:
    """Accepted (a protocol, new or the one of the first receipt) or refused (the report)."""

    protocolo: Protocolo | None = None
    novo: bool = False
    erros: list[ErroValidacao] = field(default_factory=list)

    @property
    def aceito(self) -> bool:
        return self.protocolo is not None

    @classmethod
    def recusa(cls, erro: ErroDeNegocio, caminho: str = "") -> "ResultadoRecebimento":
        return cls(erros=[ErroValidacao(None, caminho, erro.codigo_tiss, erro.mensagem)])

    def como_dict(self) -> dict[str, Any]:
        """The shape the CLI prints and the API returns (stable keys)."""
        if self.protocolo is None:
            return {
                "aceito": False,
                "erros": [
                    {"linha": e.linha, "campo": e.caminho, "codigo": e.codigo, "mensagem": e.mensagem}
                    for e in self.erros
                ],
            }
        p = self.protocolo
        return {
            "protocolo": p.numero,
            "situacao": p.get_situacao_display(),
            "guias": p.quantidade_guias,
            "valor_informado": str(p.valor_informado),
            "lote": p.lote.numero,
            "novo": self.novo,
        }


def _proximo_numero(chave: str) -> int:
    """The next value of a counter, in one statement (safe under concurrency)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO billing_sequencia (chave, ultimo) VALUES (%s, 1) "
            "ON CONFLICT (chave) DO UPDATE SET ultimo = billing_sequencia.ultimo + 1 RETURNING ultimo",
            [chave],
        )
        return int(cursor.fetchone()[0])


def _abrir_protocolo(
    *,
    lote: Lote,
    quantidade_itens: int,
    usuario: Any,
    agora: datetime.datetime,
    motivo: str,
    pk: int | None = None,
) -> Protocolo:
    """The protocol (PEG) and its first history row. The number comes from the operadora's counter, whose row
    stays locked until the transaction ends: call this as late in the transaction as possible."""
    numero = _proximo_numero(f"protocolo:{lote.operadora_id}")
    local = timezone.localdate(agora)
    protocolo = Protocolo.objects.create(
        pk=pk,
        operadora_id=lote.operadora_id,
        prestador_id=lote.prestador_id,
        lote=lote,
        numero=str(numero),
        recebido_em=agora,
        origem=lote.origem,
        versao_tiss=lote.versao_tiss,
        tipo_guia=lote.tipo_guia,
        quantidade_guias=lote.quantidade_guias,
        quantidade_itens=quantidade_itens,
        valor_informado=lote.valor_informado,
        competencia=local.replace(day=1),
    )
    HistoricoProtocolo.objects.create(
        protocolo=protocolo,
        situacao=S.RECEBIDO,
        quando=agora,
        usuario=usuario if getattr(usuario, "is_authenticated", False) else None,
        motivo=motivo,
    )
    for acao in _acoes_protocolo_recebido():
        acao(protocolo.pk)
    return protocolo


def _acoes_protocolo_recebido() -> list[Callable[[int], None]]:
    """settings.PROTOCOLO_RECEBIDO_ACOES: what other apps do with a protocol just received (claims queues its
    analysis), called explicitly here instead of through a signal."""
    return [import_string(caminho) for caminho in settings.PROTOCOLO_RECEBIDO_ACOES]


def _digest_do_conteudo(elemento: etree._Element) -> str:
    """SHA-256 of the lote element in canonical form: the same lote resent in a new transaction (new header,
    other formatting) has the same digest."""
    return hashlib.sha256(etree.tostring(elemento, method="c14n")).hexdigest()


def _identifica_prestador(
    lido: t.PrestadorIdentificacao | None, *, prestador: Prestador, codigo: str
) -> bool:
    if lido is None:
        return False
    documentos = {lido.cnpj, lido.cpf} - {None}
    return lido.codigo_prestador_na_operadora == codigo or prestador.cpf_cnpj in documentos


def receber_arquivo(*, arquivo: Any, operadora: Operadora, **recebimento: Any) -> ResultadoRecebimento:
    """An uploaded lote file (portal page, REST API): refused by its size before it is read into memory
    (the operadora's limit, 5002), otherwise `receber_xml` of its bytes."""
    if arquivo.size > operadora.tamanho_max_xml_mb * 1024 * 1024:
        return ResultadoRecebimento.recusa(
            ErroDeNegocio(
                f"O arquivo passa do limite de {operadora.tamanho_max_xml_mb} MB desta operadora.",
                codigo_tiss="5002",
            )
        )
    return receber_xml(operadora=operadora, dados=arquivo.read(), nome_arquivo=arquivo.name, **recebimento)


def receber_xml(
    *,
    operadora: Operadora,
    prestador: Prestador,
    dados: bytes,
    origem: str = Origem.XML,
    usuario: Any = None,
    ip: str | None = None,
    nome_arquivo: str = "",
    credenciamento: Credenciamento | None = None,
) -> ResultadoRecebimento:
    """A lote file from the provider (upload, CLI, web service): the engine validates it once (XSD, hash,
    consistency, typed parse), then `receber_lote` applies the receipt rules and persists it.
    `credenciamento` (the provider's with this operadora) spares its lookup when the caller has it."""
    relatorio = validar(dados, selectors.politica_da_operadora(operadora), selectors.registro_schemas())
    if not relatorio.valido or relatorio.mensagem is None:
        return ResultadoRecebimento(erros=list(relatorio.erros))
    mensagem = relatorio.mensagem
    if mensagem.lote is None or mensagem.conteudo_xml is None or mensagem.transacao != t.Lote.TRANSACAO:
        return ResultadoRecebimento.recusa(
            ErroDeNegocio(
                f"O arquivo é uma transação {mensagem.transacao}; aqui se recebe ENVIO_LOTE_GUIAS.",
                codigo_tiss=codigos.MENSAGEM_FORA_DO_PADRAO,
            ),
            "ans:cabecalho/ans:identificacaoTransacao",
        )
    if credenciamento is None or (credenciamento.prestador_id, credenciamento.operadora_id) != (
        prestador.pk,
        operadora.pk,
    ):
        credenciamento = prestador.credenciamentos.filter(operadora=operadora).first()
    codigo = credenciamento.codigo_na_operadora if credenciamento else ""
    if not _identifica_prestador(mensagem.cabecalho.origem_prestador, prestador=prestador, codigo=codigo):
        return ResultadoRecebimento.recusa(
            ErroDeNegocio(
                f"A origem do arquivo não é o prestador conectado ({prestador}, código {codigo}).",
                codigo_tiss=codigos.REMETENTE_NAO_IDENTIFICADO,
            ),
            "ans:cabecalho/ans:origem",
        )
    return receber_lote(
        operadora=operadora,
        prestador=prestador,
        lote=mensagem.lote,
        versao=mensagem.versao,
        digest=_digest_do_conteudo(mensagem.conteudo_xml),
        origem=origem,
        usuario=usuario,
        ip=ip,
        nome_arquivo=nome_arquivo,
    )


def _lote_existente(*, operadora: Operadora, prestador: Prestador, numero: str) -> Lote | None:
    return (
        Lote.objects.select_related("protocolo")
        .filter(operadora=operadora, prestador=prestador, numero=numero)
        .exclude(situacao=Lote.Situacao.CANCELADO)
        .first()
    )


def _numeros_ja_apresentados(
    *, operadora: Operadora, prestador: Prestador, numeros: Iterable[str]
) -> set[str]:
    return set(
        Guia.objects.filter(operadora=operadora, prestador=prestador, numero_guia_prestador__in=list(numeros))
        .exclude(situacao__in=[Guia.Situacao.CANCELADA, Guia.Situacao.RASCUNHO])
        .exclude(numero_guia_prestador="")  # guia_numero_unico's condition, for any number of values
        .values_list("numero_guia_prestador", flat=True)
    )


_CAMPO_DO_REMETENTE = {
    codigos.REGISTRO_ANS_INVALIDO: "ans:cabecalho/ans:destino/ans:registroANS",
    codigos.REMETENTE_NAO_IDENTIFICADO: "ans:cabecalho/ans:origem",
}


def recusar_sem_remetente(*, dados: bytes, recusa: ErroDeNegocio) -> ResultadoRecebimento:
    """A lote file whose sender (`selectors.remetente_do_arquivo`) could not be identified, for channels that
    learn it from the file (the CLI): the file's own problems first — the engine's report under the default
    policy, with line and field — and only when it has none, the identification refusal, with its field."""
    relatorio = validar(dados, PoliticaTiss(), selectors.registro_schemas())
    if not relatorio.valido:
        return ResultadoRecebimento(erros=list(relatorio.erros))
    return ResultadoRecebimento.recusa(recusa, _CAMPO_DO_REMETENTE.get(recusa.codigo_tiss, "ans:cabecalho"))


def receber_lote(
    *,
    operadora: Operadora,
    prestador: Prestador,
    lote: t.Lote,
    versao: str,
    digest: str,
    origem: str,
    usuario: Any = None,
    ip: str | None = None,
    nome_arquivo: str = "",
) -> ResultadoRecebimento:
    """The receipt of a typed lote (from any channel). Idempotent by provider + lote number + content digest.
    What the database already knows (lote number, guide numbers, beneficiários) is read in one query."""
    apresentadas = regras.apresentadas_do_lote(lote)
    campos = [conversao.campos_da_guia(g) for g in lote.guias]
    conhecido = selectors.conhecido_do_recebimento(
        operadora_id=operadora.pk,
        prestador_id=prestador.pk,
        numero_lote=lote.numero_lote,
        numeros_guias=[g.numero for g in apresentadas],
        carteiras={c.guia.get("carteira", "") for c in campos},
    )
    existente = (
        _lote_existente(operadora=operadora, prestador=prestador, numero=lote.numero_lote)
        if conhecido.lote_id is not None
        else None
    )
    if existente is not None:
        if existente.digest == digest and hasattr(existente, "protocolo"):
            return ResultadoRecebimento(protocolo=existente.protocolo, novo=False)
        return ResultadoRecebimento.recusa(
            ErroDeNegocio(
                f"O lote número {lote.numero_lote} já foi enviado com outro conteúdo; use outro número de lote.",
                codigo_tiss=codigos.NUMERO_LOTE_JA_INFORMADO,
            ),
            "ans:loteGuias/ans:numeroLote",
        )
    erros = regras.conferir_guias(operadora=operadora, guias=apresentadas, hoje=timezone.localdate())
    erros += regras.guias_repetidas(apresentadas, conhecido.numeros_apresentados)
    if erros:
        return ResultadoRecebimento(erros=erros)
    try:
        with transaction.atomic():
            protocolo = _persistir_lote_recebido(
                operadora=operadora,
                prestador=prestador,
                lote_tiss=lote,
                versao=versao,
                digest=digest,
                origem=origem,
                usuario=usuario,
                campos=campos,
                beneficiarios=conhecido.beneficiarios,
            )
            auditoria.registrar(
                acao="billing.lote_recebido",
                usuario=usuario,
                objeto=protocolo,
                ip=ip,
                descricao=f"Lote {lote.numero_lote} recebido: protocolo {protocolo.numero}",
                detalhes={"arquivo": nome_arquivo, "origem": origem, "guias": len(apresentadas)},
            )
    except IntegrityError:
        # A concurrent receipt of the same lote (or guide numbers) won the race: answer as a resend would.
        existente = _lote_existente(operadora=operadora, prestador=prestador, numero=lote.numero_lote)
        if existente is not None and existente.digest == digest and hasattr(existente, "protocolo"):
            return ResultadoRecebimento(protocolo=existente.protocolo, novo=False)
        return ResultadoRecebimento.recusa(
            ErroDeNegocio(
                "O lote ou alguma de suas guias acabou de ser recebido por outro envio.",
                codigo_tiss=codigos.GUIA_JA_APRESENTADA,
            )
        )
    return ResultadoRecebimento(protocolo=protocolo, novo=True)


def _inserir_linhas(linhas: Sequence[conversao.LinhasGuia]) -> int:
    """Bulk insert of guides (already saved), items, teams, outras despesas and annexes; returns item count."""
    itens, despesas, anexos = [], [], []
    for linha in linhas:
        for item in linha.itens:
            item.guia = linha.guia
        for despesa in linha.despesas:
            despesa.guia = linha.guia
        for anexo in linha.anexos:
            anexo.guia = linha.guia
        itens += linha.itens
        despesas += linha.despesas
        anexos += linha.anexos
    gravacao.inserir_em_massa(itens)
    membros = []
    for linha in linhas:
        for item, equipe in zip(linha.itens, linha.equipes, strict=True):
            for membro in equipe:
                membro.item = item
                membros.append(membro)
    gravacao.inserir_em_massa(membros)
    gravacao.inserir_em_massa(despesas)
    gravacao.inserir_em_massa(anexos)
    return len(itens) + len(despesas)


def _persistir_lote_recebido(
    *,
    operadora: Operadora,
    prestador: Prestador,
    lote_tiss: t.Lote,
    versao: str,
    digest: str,
    origem: str,
    usuario: Any,
    campos: list[conversao.CamposGuia],
    beneficiarios: dict[str, int],
) -> Protocolo:
    """Lote, protocol and history rows, then the guides with their items, teams, outras despesas and annexes
    written straight from the engine's typed guides (`conversao.campos_da_guia` → COPY, no model instances)."""
    agora = timezone.now()
    lote = Lote.objects.create(
        operadora=operadora,
        prestador=prestador,
        numero=lote_tiss.numero_lote,
        tipo_guia=campos[0].guia["tipo"],
        situacao=Lote.Situacao.ENVIADO,
        origem=origem,
        digest=digest,
        versao_tiss=versao,
        quantidade_guias=len(campos),
        valor_informado=sum((c.guia.get("valor_total", ZERO) for c in campos), ZERO),
        criado_por=usuario if getattr(usuario, "is_authenticated", False) else None,
        fechado_em=agora,
        enviado_em=agora,
    )
    abrir = {
        "lote": lote,
        "quantidade_itens": sum(len(c.itens) + len(c.despesas) for c in campos),
        "usuario": usuario,
        "agora": agora,
        "motivo": f"Lote recebido ({Origem(origem).label}).",
    }
    comuns = {
        "operadora_id": operadora.pk,
        "prestador_id": prestador.pk,
        "situacao": Guia.Situacao.ENVIADA,
        "origem": origem,
        "versao_tiss": versao,
        "passo": 6,
        "lote_id": lote.pk,
    }
    for c in campos:
        c.guia.update(comuns)
        c.guia["beneficiario_id"] = beneficiarios.get(c.guia.get("carteira", ""))
    if connection.vendor == "postgresql":
        # The guides go in first, pointing at the protocol's reserved key (foreign keys are checked at COMMIT:
        # Django creates them DEFERRABLE INITIALLY DEFERRED); the protocol number is taken last, so the
        # counter's row lock covers only the protocol's rows and the COMMIT, not the COPY: concurrent receipts
        # of other lotes don't wait for each other's guides.
        protocolo_id = _copiar_guias(campos)
        return _abrir_protocolo(**abrir, pk=protocolo_id)
    # Embedded SQLite (one writer at a time): the same values through model instances and bulk_create.
    protocolo = _abrir_protocolo(**abrir)
    linhas = []
    for c in campos:
        c.guia["protocolo_id"] = protocolo.pk
        linhas.append(
            conversao.LinhasGuia(
                Guia(**c.guia),
                [ItemGuia(**i) for i in c.itens],
                [[MembroEquipe(**m) for m in equipe] for equipe in c.equipes],
                [OutraDespesa(**d) for d in c.despesas],
                [AnexoGuia(**a) for a in c.anexos],
            )
        )
    gravacao.inserir_em_massa([linha.guia for linha in linhas])
    _inserir_linhas(linhas)
    return protocolo


def _copiar_guias(campos: Sequence[conversao.CamposGuia]) -> int:
    """COPY of the guides and their children, every primary key (and the protocol's, returned) reserved in one
    query first."""
    itens = [item for c in campos for item in c.itens]
    membros = [membro for c in campos for equipe in c.equipes for membro in equipe]
    despesas = [despesa for c in campos for despesa in c.despesas]
    anexos = [anexo for c in campos for anexo in c.anexos]
    ids = gravacao.reservar_ids(
        {
            Protocolo: 1,
            Guia: len(campos),
            ItemGuia: len(itens),
            MembroEquipe: len(membros),
            OutraDespesa: len(despesas),
            AnexoGuia: len(anexos),
        }
    )
    protocolo_id = ids[Protocolo][0]
    id_item = iter(ids[ItemGuia])
    for c, guia_id in zip(campos, ids[Guia], strict=True):
        c.guia["protocolo_id"] = protocolo_id
        for item, equipe in zip(c.itens, c.equipes, strict=True):
            item["guia_id"] = guia_id
            item_id = next(id_item)  # `itens` is in this same order
            for membro in equipe:
                membro["item_id"] = item_id
        for despesa in c.despesas:
            despesa["guia_id"] = guia_id
        for anexo in c.anexos:
            anexo["guia_id"] = guia_id
    gravacao.copiar(Guia, [c.guia for c in campos], ids[Guia])
    gravacao.copiar(ItemGuia, itens, ids[ItemGuia])
    gravacao.copiar(MembroEquipe, membros, ids[MembroEquipe])
    gravacao.copiar(OutraDespesa, despesas, ids[OutraDespesa])
    gravacao.copiar(AnexoGuia, anexos, ids[AnexoGuia])
    return protocolo_id


# --- typed guides (the wizard) ---------------------------------------------------------------------------


@transaction.atomic
def criar_rascunho_guia(
    *, operadora: Operadora, prestador: Prestador, tipo: str, usuario: Any, passo_1: dict[str, Any] | None = None
) -> Guia:
    """A new draft of `tipo`; the executante defaults to the provider itself with its CNES. The portal creates it
    when step 1 is saved, with that step's fields (`passo_1`, as `atualizar_guia` takes them), so that choosing a
    guide type leaves no empty draft behind."""
    guia = Guia.objects.create(
        operadora=operadora,
        prestador=prestador,
        tipo=tipo,
        situacao=Guia.Situacao.RASCUNHO,
        origem=Origem.PORTAL,
        cnes_executante=prestador.cnes,
        digitada_por=usuario,
        indicacao_acidente="9",
        regime_atendimento="01",
        carater_atendimento="1",
        tipo_faturamento="4" if tipo in ("3", "5") else "",
        versao_tiss=selectors.versao_tiss_atual(operadora),
    )
    auditoria.registrar(
        acao="billing.guia_rascunho",
        usuario=usuario,
        objeto=guia,
        descricao=f"Rascunho de guia {guia.get_tipo_display()}",
    )
    if passo_1 is not None:
        guia = atualizar_guia(guia_id=guia.pk, dados=passo_1, passo=2, usuario=usuario)
    return guia


def _editavel(guia: Guia) -> None:
    if guia.situacao not in (Guia.Situacao.RASCUNHO, Guia.Situacao.DIGITADA):
        raise TransicaoInvalida("Esta guia já está em um lote ou foi enviada; não pode ser alterada.")


CAMPOS_EDITAVEIS = frozenset(
    f.name
    for f in Guia._meta.get_fields()
    if getattr(f, "concrete", False)
    and f.name
    not in {
        "id",
        "operadora",
        "prestador",
        "tipo",
        "situacao",
        "origem",
        "lote",
        "protocolo",
        "criado_em",
        "atualizado_em",
        "digitada_por",
        "versao_tiss",
    }
)


@transaction.atomic
def atualizar_guia(*, guia_id: int, dados: dict[str, Any], passo: int, usuario: Any) -> Guia:
    """Saves one wizard step's fields into the draft (or saved guide) and moves the wizard to `passo`."""
    guia = Guia.objects.select_for_update().get(pk=guia_id)
    _editavel(guia)
    campos, alterados = [], []
    for nome, valor in dados.items():
        if nome in CAMPOS_EDITAVEIS:
            if getattr(guia, nome) != valor:
                alterados.append(nome)
            setattr(guia, nome, valor)
            campos.append(nome)
    if "beneficiario" in dados:
        beneficiario = dados["beneficiario"]
        guia.carteira = beneficiario.carteira if beneficiario else guia.carteira
        guia.nome_beneficiario = beneficiario.nome if beneficiario else guia.nome_beneficiario
        campos += ["carteira", "nome_beneficiario"]
    guia.passo = max(guia.passo, passo)
    guia.save(update_fields=[*set(campos), "passo", "atualizado_em"])
    if alterados:  # LGPD: who changed the guide's data (clinical indication, CID…) — the fields' names, not values
        auditoria.registrar(acao="billing.guia_alterada", usuario=usuario, objeto=guia,
                            descricao=f"Passo {passo} da guia salvo.", detalhes={"campos": sorted(alterados)})
    return guia


@dataclass(frozen=True)
class MembroDigitado:
    """One member of a procedure's team typed in the wizard (step 3)."""

    grau_participacao: str
    nome: str
    conselho: str
    numero_conselho: str
    uf: str
    cbo: str


@dataclass(frozen=True)
class ItemDigitado:
    """One procedure row of the wizard (step 3); `equipe` is its team (the first member is its executante)."""

    tabela: str
    codigo: str
    descricao: str
    quantidade: Decimal
    data_execucao: datetime.date
    valor_unitario: Decimal | None  # None: the contracted price on its date (`precificar`), 0,00 without one
    reducao_acrescimo: Decimal = Decimal("1.00")
    hora_inicial: datetime.time | None = None
    hora_final: datetime.time | None = None
    via_acesso: str = ""
    tecnica: str = ""
    dente: str = ""
    regiao: str = ""
    face: str = ""
    grau_participacao: str = ""
    equipe: tuple[MembroDigitado, ...] = ()
    qtd_us: Decimal | None = None  # odontological guide: Qtde US (GTO qtdUS)
    valor_franquia: Decimal | None = None  # odontological guide: franquia (GTO valorFranquia)


@dataclass(frozen=True)
class DespesaDigitada:
    codigo_despesa: str
    tabela: str
    codigo: str
    descricao: str
    quantidade: Decimal
    unidade_medida: str
    data_execucao: datetime.date
    valor_unitario: Decimal | None  # None: the contracted price on its date (`precificar`), refused without one
    registro_anvisa: str = ""
    codigo_ref_fabricante: str = ""
    autorizacao_funcionamento: str = ""


Digitada = TypeVar("Digitada", "ItemDigitado", "DespesaDigitada")


def precificar(guia: Guia, linhas: Sequence[Digitada], *, exigir: bool) -> list[Digitada]:
    """Typed rows left without unit value take the contracted price of their table and code on their date (one
    query for all). Without one, a procedure takes 0,00, which the guide's pendências report (5050) as the wizard
    typed it; an outra despesa (`exigir`) is refused (5050) naming its code."""
    sem_valor = {linha.codigo.strip() for linha in linhas if linha.valor_unitario is None}
    precos = PrecosContratados.ler(operadora_id=guia.operadora_id, prestador_id=guia.prestador_id, codigos=sem_valor)
    precificadas = []
    for linha in linhas:
        if linha.valor_unitario is None:
            preco = precos.valor(tabela=linha.tabela, codigo=linha.codigo.strip(), em=linha.data_execucao)
            if preco is None and exigir:
                raise ErroDeNegocio(
                    f"A despesa de código {linha.codigo} (tabela {linha.tabela}) não tem valor negociado em "
                    f"{linha.data_execucao:%d/%m/%Y}: informe o valor unitário.",
                    codigo_tiss=codigos.VALOR_INFORMADO_INVALIDO,
                )
            linha = replace(linha, valor_unitario=ZERO if preco is None else preco)
        precificadas.append(linha)
    return precificadas


def _unitario(linha: "ItemDigitado | DespesaDigitada") -> Decimal:
    """The unit value of a priced row (`precificar` runs first in every write)."""
    if linha.valor_unitario is None:
        raise ValueError("linha sem valor unitário: chame precificar antes")
    return linha.valor_unitario


def _total(quantidade: Decimal, unitario: Decimal, fator: Decimal) -> Decimal:
    return (quantidade * unitario * fator).quantize(Decimal("0.01"))


# The largest values the TISS XSD takes: an item's valorTotal is st_decimal8-2, a guide's valorTotalGeral
# st_decimal10-2 (both also fit the columns, which a product of huge typed values would overflow).
MAXIMO_VALOR_ITEM = Decimal("999999.99")
MAXIMO_VALOR_GUIA = Decimal("99999999.99")
MAXIMO_US_ITEM = Decimal("99999.99")  # GTO qtdUS, st_decimal7-2
MAXIMO_US_GUIA = Decimal("999999.99")  # GTO qtdTotalUS, st_decimal8-2


def _conferir_valores_digitados(
    itens: Sequence["ItemDigitado"], despesas: Sequence["DespesaDigitada"], *, ja_na_guia: Decimal = ZERO
) -> None:
    """Refuses typed values the guide could not carry in TISS (and the database could not store);
    `ja_na_guia` is what the guide's untouched rows already add up to."""
    totais = [_total(i.quantidade, _unitario(i), i.reducao_acrescimo) for i in itens] + [
        _total(d.quantidade, _unitario(d), Decimal("1.00")) for d in despesas
    ]
    for n, total in enumerate(totais, start=1):
        if total > MAXIMO_VALOR_ITEM:
            raise ErroDeNegocio(
                f"O valor total do item {n} ({format_brl(total)}) passa do máximo do padrão TISS, "
                f"{format_brl(MAXIMO_VALOR_ITEM)}: confira a quantidade e o valor unitário.",
                codigo_tiss=codigos.VALOR_INFORMADO_INVALIDO,
            )
    if sum(totais, ja_na_guia) > MAXIMO_VALOR_GUIA:
        raise ErroDeNegocio(
            f"O valor total da guia passa do máximo do padrão TISS, {format_brl(MAXIMO_VALOR_GUIA)}: divida os "
            "procedimentos em mais de uma guia.",
            codigo_tiss=codigos.VALOR_INFORMADO_INVALIDO,
        )
    for n, i in enumerate(itens, start=1):
        if i.qtd_us is not None and not ZERO <= i.qtd_us <= MAXIMO_US_ITEM:
            raise ErroDeNegocio(
                f"A quantidade de US do item {n} vai de 0 a 99999,99 (padrão TISS).",
                codigo_tiss=codigos.VALOR_INFORMADO_INVALIDO,
            )
        if i.valor_franquia is not None and not ZERO <= i.valor_franquia <= MAXIMO_VALOR_GUIA:
            raise ErroDeNegocio(
                f"A franquia do item {n} vai de R$ 0,00 a {format_brl(MAXIMO_VALOR_GUIA)} (padrão TISS).",
                codigo_tiss=codigos.VALOR_INFORMADO_INVALIDO,
            )
    if sum((i.qtd_us or ZERO for i in itens), ZERO) > MAXIMO_US_GUIA:
        raise ErroDeNegocio(
            "O total de US da guia passa do máximo do padrão TISS, 999999,99: divida os procedimentos em mais "
            "de uma guia.",
            codigo_tiss=codigos.VALOR_INFORMADO_INVALIDO,
        )
    if sum((i.valor_franquia or ZERO for i in itens), ZERO) > MAXIMO_VALOR_GUIA:
        raise ErroDeNegocio(
            f"O total da franquia da guia passa do máximo do padrão TISS, {format_brl(MAXIMO_VALOR_GUIA)}.",
            codigo_tiss=codigos.VALOR_INFORMADO_INVALIDO,
        )


@transaction.atomic
def definir_itens(
    *, guia_id: int, itens: Sequence[ItemDigitado], despesas: Sequence[DespesaDigitada] = (), usuario: Any
) -> Guia:
    """Replaces the guide's procedures with their teams and the outras despesas (step 3), and recomputes the
    totals. An item with a team takes its first member as executante and grau de participação (as a received
    guide does); without one, the guide's executante."""
    guia = Guia.objects.select_for_update().get(pk=guia_id)
    _editavel(guia)
    if any(i.equipe for i in itens) and guia.tipo not in (
        TipoGuia.SP_SADT,
        TipoGuia.RESUMO_INTERNACAO,
        TipoGuia.HONORARIOS,
    ):
        raise ErroDeNegocio("Só a SP/SADT, o resumo de internação e os honorários têm equipe por procedimento.")
    if guia.tipo != TipoGuia.ODONTOLOGIA and any(
        i.qtd_us is not None or i.valor_franquia is not None for i in itens
    ):
        raise ErroDeNegocio("Só a guia odontológica tem quantidade de US e franquia por procedimento.")
    if despesas and not guia.aceita_outras_despesas:
        raise ErroDeNegocio(SEM_OUTRAS_DESPESAS)
    if not itens and not despesas:
        raise ErroDeNegocio(_sem_procedimento(guia), codigo_tiss=codigos.PROCEDIMENTO_INVALIDO)
    itens, despesas = precificar(guia, itens, exigir=False), precificar(guia, despesas, exigir=True)
    _conferir_valores_digitados(itens, despesas)
    guia.itens.all().delete()
    guia.outras_despesas.all().delete()

    def executante(i: ItemDigitado) -> tuple[str, str, str, str, str]:
        if i.equipe:
            m = i.equipe[0]
            return m.grau_participacao, m.conselho, m.numero_conselho, m.uf, m.cbo
        return (
            i.grau_participacao,
            guia.executante_conselho,
            guia.executante_numero,
            guia.executante_uf,
            guia.executante_cbo,
        )

    linhas = []
    for n, i in enumerate(itens, start=1):
        grau, conselho, numero, uf, cbo = executante(i)
        linhas.append(
            ItemGuia(
                guia=guia,
                sequencial=n,
                tabela=i.tabela,
                codigo=i.codigo,
                descricao=i.descricao[:150],
                quantidade=i.quantidade,
                data_execucao=i.data_execucao,
                hora_inicial=i.hora_inicial,
                hora_final=i.hora_final,
                via_acesso=i.via_acesso,
                tecnica=i.tecnica,
                reducao_acrescimo=i.reducao_acrescimo,
                valor_unitario=_unitario(i),
                valor_total=_total(i.quantidade, _unitario(i), i.reducao_acrescimo),
                dente=i.dente,
                regiao=i.regiao,
                face=i.face,
                qtd_us=i.qtd_us,
                valor_franquia=i.valor_franquia,
                grau_participacao=grau,
                executante_conselho=conselho,
                executante_numero=numero,
                executante_uf=uf,
                executante_cbo=cbo,
            )
        )
    outras = _outras_despesas(guia, despesas, depois_de=len(linhas))
    ItemGuia.objects.bulk_create(linhas)
    MembroEquipe.objects.bulk_create(
        MembroEquipe(
            item=linha,
            grau_participacao=m.grau_participacao,
            nome=m.nome[:70],
            conselho=m.conselho,
            numero_conselho=m.numero_conselho,
            uf=m.uf,
            cbo=m.cbo,
        )
        for linha, i in zip(linhas, itens, strict=True)
        for m in i.equipe
    )
    OutraDespesa.objects.bulk_create(outras)
    _recalcular_totais(guia, linhas, outras)
    guia.passo = max(guia.passo, 4)
    guia.save()
    auditoria.registrar(acao="billing.guia_procedimentos_definidos", usuario=usuario, objeto=guia,
                        descricao="Procedimentos e outras despesas da guia salvos (passo 3).",
                        detalhes={"procedimentos": len(linhas), "outras_despesas": len(outras)})
    return guia


SEM_OUTRAS_DESPESAS = "Só a SP/SADT e o resumo de internação têm outras despesas (padrão TISS)."


def _sem_procedimento(guia: Guia) -> str:
    """Why a guide cannot be left without procedures. TISS requires them in the consulta, the honorários and the
    tratamento odontológico; the SP/SADT and the resumo de internação may bill only outras despesas."""
    if guia.aceita_outras_despesas:
        return "Mantenha ao menos um procedimento ou uma outra despesa na guia."
    return (
        f"A guia de {guia.get_tipo_display().lower()} precisa de ao menos um procedimento (padrão TISS): "
        "mantenha um ou exclua a guia."
    )


def _outras_despesas(guia: Guia, despesas: Sequence[DespesaDigitada], *, depois_de: int) -> list[OutraDespesa]:
    """The typed outras despesas as unsaved rows, numbered after the guide's `depois_de` items."""
    return [
        OutraDespesa(
            guia=guia,
            sequencial=depois_de + n,
            codigo_despesa=d.codigo_despesa,
            tabela=d.tabela,
            codigo=d.codigo,
            descricao=d.descricao[:150],
            quantidade=d.quantidade,
            unidade_medida=d.unidade_medida,
            data_execucao=d.data_execucao,
            valor_unitario=_unitario(d),
            valor_total=_total(d.quantidade, _unitario(d), Decimal("1.00")),
            registro_anvisa=d.registro_anvisa,
            codigo_ref_fabricante=d.codigo_ref_fabricante,
            autorizacao_funcionamento=d.autorizacao_funcionamento,
        )
        for n, d in enumerate(despesas, start=1)
    ]


def _recalcular_totais(guia: Guia, itens: Sequence[ItemGuia], despesas: Sequence[OutraDespesa]) -> None:
    guia.valor_procedimentos = sum((i.valor_total for i in itens), ZERO)
    for campo in conversao.CAMPO_TOTAL_POR_DESPESA.values():
        setattr(guia, campo, ZERO)
    for despesa in despesas:
        campo = conversao.CAMPO_TOTAL_POR_DESPESA[despesa.codigo_despesa]
        setattr(guia, campo, getattr(guia, campo) + despesa.valor_total)
    guia.valor_total = guia.valor_procedimentos + sum((d.valor_total for d in despesas), ZERO)
    datas = [i.data_execucao for i in itens] + [d.data_execucao for d in despesas]
    guia.data_atendimento = min(datas) if datas else None


def pendencias_da_guia(guia: Guia, *, hoje: datetime.date | None = None) -> list[ErroValidacao]:
    """What keeps a typed guide from being saved: the same rules as the XML path (deadline, dates, registro ANS)
    plus the required fields the XSD would demand. Shown inline in the wizard and checked by `salvar_guia`."""
    hoje = hoje or timezone.localdate()
    erros: list[ErroValidacao] = []

    def falta(campo: str, codigo: str, mensagem: str) -> None:
        erros.append(ErroValidacao(None, campo, codigo, mensagem))

    if not guia.numero_guia_prestador:
        falta("numero_guia_prestador", codigos.NUMERO_GUIA_INVALIDO, "Informe o nº da guia no prestador.")
    if not guia.carteira:
        falta("carteira", codigos.NUMERO_CARTEIRA_INVALIDO, "Informe o beneficiário (nome ou carteira).")
    elif guia.beneficiario_id is None:
        falta(
            "carteira",
            codigos.NUMERO_CARTEIRA_INVALIDO,
            f"A carteira {guia.carteira} não é de um beneficiário desta operadora.",
        )
    if guia.tipo == "2" and not (
        guia.solicitante_numero and guia.solicitante_conselho and guia.solicitante_uf
    ):
        falta(
            "solicitante_numero",
            codigos.CONSELHO_PROFISSIONAL_INVALIDO,
            "Informe o profissional solicitante (conselho, número e UF).",
        )
    if guia.tipo == "2" and not guia.solicitante_cbo:
        falta("solicitante_cbo", codigos.CBO_INVALIDO, "Informe o CBO do profissional solicitante.")
    if guia.tipo in ("1", "5") and not (
        guia.executante_numero and guia.executante_conselho and guia.executante_uf
    ):
        falta(
            "executante_numero",
            codigos.CONSELHO_PROFISSIONAL_INVALIDO,
            "Informe o profissional executante (conselho, número e UF).",
        )
    if guia.tipo in ("1", "5") and not guia.executante_cbo:
        falta("executante_cbo", codigos.CBO_INVALIDO, "Informe o CBO do profissional executante.")
    itens = list(guia.itens.all())
    despesas = list(guia.outras_despesas.all()) if guia.aceita_outras_despesas else []
    erros += _pendencias_internacao_honorarios(guia, itens)
    if not itens and not despesas:
        falta(
            "itens",
            codigos.PROCEDIMENTO_INVALIDO,
            "Inclua ao menos um procedimento ou uma outra despesa."
            if guia.aceita_outras_despesas
            else "Inclua ao menos um procedimento.",
        )
    if guia.tipo == "1" and len(itens) > 1:
        falta("itens", "5057", "A guia de consulta tem um só procedimento.")
    for item in itens:
        if item.valor_total <= 0:
            falta(
                f"itens[{item.sequencial}]",
                codigos.VALOR_INFORMADO_INVALIDO,
                f"O procedimento {item.codigo} tem valor zerado.",
            )
    datas = [i.data_execucao for i in itens] + [d.data_execucao for d in despesas]
    apresentada = regras.GuiaApresentada(
        numero=guia.numero_guia_prestador or "(sem número)",
        tipo=guia.tipo,
        registro_ans=guia.operadora.registro_ans,
        datas=tuple(datas),
        caminho="data_execucao",
    )
    if datas:
        erros += regras.conferir_guias(operadora=guia.operadora, guias=[apresentada], hoje=hoje)
    if (
        guia.numero_guia_prestador
        and Guia.objects.filter(
            operadora_id=guia.operadora_id,
            prestador_id=guia.prestador_id,
            numero_guia_prestador=guia.numero_guia_prestador,
        )
        .exclude(pk=guia.pk)
        .exclude(situacao__in=[Guia.Situacao.CANCELADA, Guia.Situacao.RASCUNHO])
        .exists()
    ):
        falta(
            "numero_guia_prestador",
            codigos.GUIA_JA_APRESENTADA,
            f"Já existe uma guia nº {guia.numero_guia_prestador} deste prestador.",
        )
    return erros


def _pendencias_internacao_honorarios(guia: Guia, itens: Sequence[ItemGuia]) -> list[ErroValidacao]:
    """Resumo de internação and honorários: the billed period, its fields the XSD requires, the items inside
    the period and (honorários) each item's grau de participação and the local contratado."""
    if guia.tipo not in ("3", "4"):
        return []
    erros: list[ErroValidacao] = []

    def falta(campo: str, mensagem: str, codigo: str = codigos.DATA_PREENCHIDA_INCORRETAMENTE) -> None:
        erros.append(ErroValidacao(None, campo, codigo, mensagem))

    exigidos = {
        "3": (
            ("carater_atendimento", "o caráter do atendimento", codigos.CARATER_INVALIDO),
            ("tipo_faturamento", "o tipo de faturamento", codigos.DATA_PREENCHIDA_INCORRETAMENTE),
            ("data_atendimento", "a data de início do faturamento", codigos.DATA_ATENDIMENTO_NAO_INFORMADA),
            (
                "hora_inicio_faturamento",
                "a hora de início do faturamento",
                codigos.DATA_PREENCHIDA_INCORRETAMENTE,
            ),
            ("data_fim", "a data final do faturamento", codigos.DATA_PREENCHIDA_INCORRETAMENTE),
            ("hora_final_faturamento", "a hora final do faturamento", codigos.DATA_PREENCHIDA_INCORRETAMENTE),
            ("tipo_internacao", "o tipo de internação", codigos.TIPO_INTERNACAO_INVALIDO),
            ("regime_internacao", "o regime de internação", codigos.REGIME_INTERNACAO_INVALIDO),
            ("motivo_encerramento", "o motivo de encerramento", codigos.MOTIVO_ENCERRAMENTO_INVALIDO),
        ),
        "4": (
            ("carater_atendimento", "o caráter do atendimento", codigos.CARATER_INVALIDO),
            ("data_atendimento", "a data de início do faturamento", codigos.DATA_ATENDIMENTO_NAO_INFORMADA),
            ("data_fim", "a data final do faturamento", codigos.DATA_PREENCHIDA_INCORRETAMENTE),
            ("local_nome", "o nome do local contratado", codigos.DATA_PREENCHIDA_INCORRETAMENTE),
            ("local_cnes", "o CNES do local contratado", codigos.DATA_PREENCHIDA_INCORRETAMENTE),
        ),
    }[guia.tipo]
    for campo, rotulo, codigo in exigidos:
        if getattr(guia, campo) in (None, ""):
            falta(campo, f"Informe {rotulo}.", codigo)
    if guia.tipo == "4" and not (guia.local_codigo_na_operadora or guia.local_cnpj):
        falta("local_codigo_na_operadora", "Informe o código do local contratado na operadora ou o seu CNPJ.")
    inicio, fim = guia.data_atendimento, guia.data_fim
    if inicio and fim:
        for item in itens:
            if not inicio <= item.data_execucao <= fim:
                falta(
                    f"itens[{item.sequencial}]",
                    f"O procedimento {item.codigo} ({item.data_execucao:%d/%m/%Y}) está fora do período "
                    f"faturado ({inicio:%d/%m/%Y} a {fim:%d/%m/%Y}).",
                    codigos.INICIO_INTERNACAO_POSTERIOR_AO_PROCEDIMENTO
                    if item.data_execucao < inicio
                    else codigos.DATA_PREENCHIDA_INCORRETAMENTE,
                )
    if guia.tipo == "4":
        for item in itens:
            if not item.grau_participacao:
                falta(
                    f"itens[{item.sequencial}]",
                    f"Informe o grau de participação do item {item.sequencial}.",
                    codigos.GRAU_PARTICIPACAO_INCOMPATIVEL,
                )
        if not (
            guia.executante_numero and guia.executante_conselho and guia.executante_uf and guia.executante_cbo
        ):
            falta(
                "executante_numero",
                "Informe o profissional executante (conselho, número, UF e CBO).",
                codigos.CONSELHO_PROFISSIONAL_INVALIDO,
            )
    return erros


@transaction.atomic
def salvar_guia(*, guia_id: int, usuario: Any, ip: str | None = None) -> Guia:
    """'Salvar' at the summary: the guide becomes Digitada (it is not sent). Raises with the first pending rule."""
    guia = Guia.objects.select_for_update().select_related("operadora").get(pk=guia_id)
    _editavel(guia)
    pendencias = pendencias_da_guia(guia)
    if pendencias:
        raise ErroDeNegocio("; ".join(p.mensagem for p in pendencias), codigo_tiss=pendencias[0].codigo)
    guia.situacao = Guia.Situacao.DIGITADA
    guia.passo = 6
    guia.save(update_fields=["situacao", "passo", "atualizado_em"])
    auditoria.registrar(
        acao="billing.guia_digitada",
        usuario=usuario,
        objeto=guia,
        ip=ip,
        descricao=f"Guia {guia.numero_guia_prestador} digitada",
    )
    return guia


@transaction.atomic
def definir_anexo_clinico(
    *, guia_id: int, tipo: str, dados: dict[str, Any], item: dict[str, Any] | None = None, usuario: Any
) -> None:
    """Step 5 of an SP/SADT or odontological guide: its structured annex (one of each type per guide; which types,
    `TIPOS_DE_ANEXO_DA_GUIA`). `dados` replace the annex's header; `item` (an OPME material, a drug, a tooth of
    the situação inicial) is appended to its list — a tooth typed again replaces its condição clínica."""
    guia = Guia.objects.select_for_update().get(pk=guia_id)
    _editavel(guia)
    if tipo not in TIPOS_DE_ANEXO_DA_GUIA.get(guia.tipo, ()):
        raise ErroDeNegocio(
            "Anexos de OPME, quimioterapia e radioterapia são da guia SP/SADT; a situação inicial, da guia de "
            "tratamento odontológico."
        )
    anexo = guia.anexos.filter(tipo=tipo).first()
    situacao_inicial = tipo == AnexoGuia.Tipo.SITUACAO_INICIAL
    chave = "dentes" if situacao_inicial else "itens"
    itens = list((anexo.dados if anexo else {}).get(chave, []))
    if item and situacao_inicial:
        itens = sorted(
            [d for d in itens if d["elemento_dentario"] != item["elemento_dentario"]] + [item],
            key=lambda d: int(d["elemento_dentario"]),
        )
    elif item:
        itens.append(item)
    conteudo = {**dados, chave: itens}
    if anexo is None:
        anexo = guia.anexos.create(
            tipo=tipo, numero_guia_anexo=dados.get("numero_guia_anexo", ""), dados=conteudo
        )
    else:
        anexo.dados, anexo.numero_guia_anexo = conteudo, dados.get("numero_guia_anexo", "")
        anexo.save(update_fields=["dados", "numero_guia_anexo"])
    auditoria.registrar(
        acao="billing.anexo_clinico",
        usuario=usuario,
        objeto=guia,
        descricao=f"{anexo.get_tipo_display()} da guia {guia.numero_guia_prestador or guia.pk}",
    )


@transaction.atomic
def remover_anexo_clinico(*, guia_id: int, tipo: str, usuario: Any) -> None:
    guia = Guia.objects.select_for_update().get(pk=guia_id)
    _editavel(guia)
    if tipo not in TIPOS_DE_ANEXO_DA_GUIA.get(guia.tipo, ()):
        return
    if guia.anexos.filter(tipo=tipo).delete()[0]:
        auditoria.registrar(
            acao="billing.anexo_clinico_removido",
            usuario=usuario,
            objeto=guia,
            descricao=f"Anexo {tipo} removido da guia {guia.numero_guia_prestador or guia.pk}",
        )


@armazenamento.transacao_com_arquivos()
def excluir_rascunho(*, guia_id: int, usuario: Any) -> None:
    guia = Guia.objects.select_for_update().get(pk=guia_id)
    if guia.situacao not in (Guia.Situacao.RASCUNHO, Guia.Situacao.DIGITADA):
        raise TransicaoInvalida("Só se exclui uma guia que ainda não está em lote.")
    auditoria.registrar(
        acao="billing.guia_excluida",
        usuario=usuario,
        objeto=guia,
        descricao=f"Guia {guia.numero_guia_prestador or guia.pk} excluída",
    )
    armazenamento.descartar_com_as_linhas(DocumentoAnexo.objects.filter(guia=guia), "arquivo")  # they go with it
    guia.delete()


# --- lotes -----------------------------------------------------------------------------------------------


@transaction.atomic
def criar_lote(
    *,
    operadora: Operadora,
    prestador: Prestador,
    tipo_guia: str,
    usuario: Any,
    origem: str = Origem.PORTAL,
    faturamento: Any = None,
) -> Lote:
    numero = _proximo_numero(f"lote:{operadora.pk}:{prestador.pk}")
    while Lote.objects.filter(operadora=operadora, prestador=prestador, numero=str(numero)).exists():
        numero = _proximo_numero(f"lote:{operadora.pk}:{prestador.pk}")  # a number already used by a file
    lote = Lote.objects.create(
        operadora=operadora,
        prestador=prestador,
        numero=str(numero),
        tipo_guia=tipo_guia,
        origem=origem,
        criado_por=usuario,
        faturamento=faturamento,
        versao_tiss=selectors.versao_tiss_atual(operadora),
    )
    auditoria.registrar(
        acao="billing.lote_criado", usuario=usuario, objeto=lote, descricao=f"Lote {lote.numero}"
    )
    return lote


def _lote_travado(lote_id: int) -> Lote:
    return Lote.objects.select_for_update().select_related("operadora").get(pk=lote_id)


def _lote_avulso_travado(lote_id: int) -> Lote:
    """The lote, locked, for an action of the lote page (add/remove guides, close, reopen, send, cancel). A lote of
    an automatic billing is refused: it is conferred, sent and cancelled as a whole from its conference (seed 003),
    where unconfirmed items leave the lote before it is sent and cancelling frees the atendimentos."""
    lote = _lote_travado(lote_id)
    if lote.faturamento_id is not None:
        raise TransicaoInvalida(
            f"O lote {lote.numero} é do faturamento dos atendimentos: confira, envie ou cancele pela tela de "
            "conferência do faturamento."
        )
    return lote


def _atualizar_totais_lote(lote: Lote) -> None:
    totais = Guia.objects.filter(lote=lote).aggregate(n=Count("id"), valor=Sum("valor_total"))
    lote.quantidade_guias = totais["n"]
    lote.valor_informado = totais["valor"] or ZERO
    lote.save(update_fields=["quantidade_guias", "valor_informado", "atualizado_em"])


GUIA_INVALIDA_NO_LOTE = "Guia inválida: escolha uma das guias listadas no lote."


@transaction.atomic
def adicionar_guias_ao_lote(*, lote_id: int, guia_ids: Sequence[int], usuario: Any) -> Lote:
    lote = _lote_avulso_travado(lote_id)
    if lote.situacao != Lote.Situacao.ABERTO:
        raise TransicaoInvalida("Só se adicionam guias a um lote aberto.")
    if not guia_ids:
        raise ErroDeNegocio("Escolha ao menos uma guia para adicionar ao lote.")
    disponiveis = selectors.guias_disponiveis_para_lote(lote).filter(pk__in=guia_ids)
    if disponiveis.count() != len(set(guia_ids)):
        raise NaoEncontrado(GUIA_INVALIDA_NO_LOTE)
    limite = lote.operadora.max_guias_lote
    if lote.quantidade_guias + disponiveis.count() > limite:
        raise ErroDeNegocio(
            f"Este lote já possui {lote.quantidade_guias} guia(s). Limite máximo permitido por lote "
            f"é de {limite} guias.",
            codigo_tiss=codigos.GUIAS_ACIMA_DO_MAXIMO,
        )
    disponiveis.update(lote=lote, situacao=Guia.Situacao.EM_LOTE)
    _atualizar_totais_lote(lote)
    return lote


@transaction.atomic
def remover_guia_do_lote(*, lote_id: int, guia_id: int, usuario: Any) -> Lote:
    lote = _lote_avulso_travado(lote_id)
    if lote.situacao != Lote.Situacao.ABERTO:
        raise TransicaoInvalida("Só se removem guias de um lote aberto.")
    if not Guia.objects.filter(lote=lote, pk=guia_id).update(lote=None, situacao=Guia.Situacao.DIGITADA):
        raise NaoEncontrado(GUIA_INVALIDA_NO_LOTE)
    _atualizar_totais_lote(lote)
    return lote


@transaction.atomic
def fechar_lote(*, lote_id: int, usuario: Any) -> Lote:
    return _fechar(_lote_avulso_travado(lote_id), usuario=usuario)


def _fechar(lote: Lote, *, usuario: Any) -> Lote:
    if lote.situacao != Lote.Situacao.ABERTO:
        raise TransicaoInvalida("Só se fecha um lote aberto.")
    if lote.quantidade_guias == 0:
        raise ErroDeNegocio("Adicione ao menos uma guia antes de fechar o lote.")
    lote.situacao, lote.fechado_em = Lote.Situacao.FECHADO, timezone.now()
    lote.save(update_fields=["situacao", "fechado_em", "atualizado_em"])
    auditoria.registrar(
        acao="billing.lote_fechado", usuario=usuario, objeto=lote, descricao=f"Lote {lote.numero}"
    )
    return lote


@transaction.atomic
def reabrir_lote(*, lote_id: int, usuario: Any) -> Lote:
    lote = _lote_avulso_travado(lote_id)
    if lote.situacao != Lote.Situacao.FECHADO:
        raise TransicaoInvalida("Só se reabre um lote fechado e não enviado.")
    lote.situacao, lote.fechado_em = Lote.Situacao.ABERTO, None
    lote.save(update_fields=["situacao", "fechado_em", "atualizado_em"])
    return lote


@transaction.atomic
def enviar_lote(*, lote_id: int, usuario: Any, ip: str | None = None) -> ResultadoRecebimento:
    """Sends a closed typed lote: the receipt rules, then the protocol (PEG). Sending twice returns the protocol."""
    return _enviar(_lote_avulso_travado(lote_id), usuario=usuario, ip=ip)


def _enviar(lote: Lote, *, usuario: Any, ip: str | None) -> ResultadoRecebimento:
    if lote.situacao == Lote.Situacao.ENVIADO:
        return ResultadoRecebimento(protocolo=lote.protocolo, novo=False)
    if lote.situacao != Lote.Situacao.FECHADO:
        raise TransicaoInvalida("Feche o lote antes de enviá-lo.")
    guias = list(Guia.objects.filter(lote=lote).prefetch_related("itens", "outras_despesas").order_by("id"))
    apresentadas = [
        regras.GuiaApresentada(
            numero=g.numero_guia_prestador,
            tipo=g.tipo,
            registro_ans=lote.operadora.registro_ans,
            datas=tuple(
                [i.data_execucao for i in g.itens.all() if i.conferencia != ItemGuia.Conferencia.REMOVIDO]
                + [d.data_execucao for d in g.outras_despesas.all()]
            ),
        )
        for g in guias
    ]
    erros = regras.conferir_guias(operadora=lote.operadora, guias=apresentadas, hoje=timezone.localdate())
    if erros:
        return ResultadoRecebimento(erros=erros)
    agora = timezone.now()
    conteudo = "|".join(f"{g.pk}:{g.numero_guia_prestador}:{g.valor_total}" for g in guias)
    lote.digest = hashlib.sha256(conteudo.encode()).hexdigest()
    lote.situacao, lote.enviado_em = Lote.Situacao.ENVIADO, agora
    lote.save(update_fields=["digest", "situacao", "enviado_em", "atualizado_em"])
    n_itens = sum(len(g.itens.all()) + len(g.outras_despesas.all()) for g in guias)
    protocolo = _abrir_protocolo(
        lote=lote,
        quantidade_itens=n_itens,
        usuario=usuario,
        agora=agora,
        motivo=f"Lote enviado ({lote.get_origem_display()}).",
    )
    Guia.objects.filter(lote=lote).update(situacao=Guia.Situacao.ENVIADA, protocolo=protocolo)
    auditoria.registrar(
        acao="billing.lote_enviado",
        usuario=usuario,
        objeto=protocolo,
        ip=ip,
        descricao=f"Lote {lote.numero} enviado: protocolo {protocolo.numero}",
    )
    return ResultadoRecebimento(protocolo=protocolo, novo=True)


@transaction.atomic
def cancelar_lote(*, lote_id: int, usuario: Any, motivo: str = "", ip: str | None = None) -> Lote:
    """Cancels a lote while its protocol is not yet in analysis. Typed guides return to 'Digitada' (they can go
    into another lote); guides received in a file are cancelled with it."""
    return _cancelar(_lote_avulso_travado(lote_id), usuario=usuario, motivo=motivo, ip=ip)


def _cancelar(lote: Lote, *, usuario: Any, motivo: str, ip: str | None) -> Lote:
    if lote.situacao == Lote.Situacao.CANCELADO:
        return lote
    protocolo = Protocolo.objects.select_for_update().filter(lote=lote).first()
    if protocolo is not None:
        _transicionar(protocolo, S.CANCELADO, usuario=usuario, motivo=motivo or "Cancelado pelo prestador.")
    agora = timezone.now()
    lote.situacao, lote.cancelado_em = Lote.Situacao.CANCELADO, agora
    lote.save(update_fields=["situacao", "cancelado_em", "atualizado_em"])
    digitadas = Q(origem=Origem.PORTAL)
    if Guia.objects.filter(digitadas, lote=lote).update(lote=None, protocolo=None, situacao=Guia.Situacao.DIGITADA):
        _atualizar_totais_lote(lote)  # the typed guides left it (the protocol keeps what was sent)
    Guia.objects.filter(~digitadas, lote=lote).update(situacao=Guia.Situacao.CANCELADA)
    ItemGuia.objects.filter(guia__lote=lote).exclude(atendimento_ref="").update(atendimento_ref="")
    auditoria.registrar(
        acao="billing.lote_cancelado",
        usuario=usuario,
        objeto=lote,
        ip=ip,
        descricao=f"Lote {lote.numero} cancelado",
        detalhes={"motivo": motivo},
    )
    return lote


# --- protocol lifecycle (called by the portal, the back office and the claims analysis) -------------------

TRANSICOES: dict[str, frozenset[str]] = {
    S.RECEBIDO: frozenset({S.EM_ANALISE, S.CANCELADO}),
    S.EM_ANALISE: frozenset({S.AGUARDANDO_INFORMACAO, S.LIBERADO_FATURAMENTO, S.ENCERRADO_SEM_PAGAMENTO}),
    S.AGUARDANDO_INFORMACAO: frozenset({S.EM_ANALISE}),
    S.LIBERADO_FATURAMENTO: frozenset({S.FATURADO, S.ENCERRADO_SEM_PAGAMENTO}),
    S.FATURADO: frozenset({S.PAGO}),
}


def _conferir_transicao(protocolo: Protocolo, para: str) -> None:
    if para not in S.values:
        raise TransicaoInvalida(f"Situação de protocolo desconhecida: '{para[:40]}'.")
    if para not in TRANSICOES.get(protocolo.situacao, frozenset()):
        raise TransicaoInvalida(
            f"O protocolo {protocolo.numero} está '{protocolo.get_situacao_display()}' e não pode passar a "
            f"'{S(para).label}'."
        )


def _transicionar(protocolo: Protocolo, para: str, *, usuario: Any, motivo: str = "") -> None:
    _conferir_transicao(protocolo, para)
    anterior = protocolo.situacao
    protocolo.situacao = para
    protocolo.save(update_fields=["situacao", "atualizado_em"])
    HistoricoProtocolo.objects.create(
        protocolo=protocolo,
        situacao_anterior=anterior,
        situacao=para,
        quando=timezone.now(),
        motivo=motivo[:300],
        usuario=usuario if getattr(usuario, "is_authenticated", False) else None,
    )
    auditoria.registrar(
        acao="billing.protocolo_situacao",
        usuario=usuario,
        objeto=protocolo,
        descricao=f"Protocolo {protocolo.numero}: {S(anterior).label} → {S(para).label}",
        detalhes={"de": anterior, "para": para, "motivo": motivo},
    )


def _protocolo_travado(protocolo_id: int) -> Protocolo:
    return Protocolo.objects.select_for_update().select_related("operadora").get(pk=protocolo_id)


@transaction.atomic
def mudar_situacao_protocolo(
    *, protocolo_id: int, para: str, usuario: Any = None, motivo: str = ""
) -> Protocolo:
    """The generic transition (validated against TRANSICOES, recorded in the timeline and the audit log)."""
    protocolo = _protocolo_travado(protocolo_id)
    _transicionar(protocolo, para, usuario=usuario, motivo=motivo)
    return protocolo


def iniciar_analise(*, protocolo_id: int, usuario: Any = None) -> Protocolo:
    return mudar_situacao_protocolo(
        protocolo_id=protocolo_id, para=S.EM_ANALISE, usuario=usuario, motivo="Análise de contas iniciada."
    )


@transaction.atomic
def liberar_para_faturamento(
    *,
    protocolo_id: int,
    valor_glosado: Decimal,
    usuario: Any = None,
    guias_com_glosa: int = 0,
    itens_com_glosa: int = 0,
    motivo: str = "",
) -> Protocolo:
    """End of analysis: glosas decided; the Demonstrativo de Análise de Conta becomes available."""
    protocolo = _protocolo_travado(protocolo_id)
    if valor_glosado < 0 or valor_glosado > protocolo.valor_informado:
        raise ErroDeNegocio("O valor glosado deve estar entre zero e o valor informado do protocolo.")
    _transicionar(protocolo, S.LIBERADO_FATURAMENTO, usuario=usuario, motivo=motivo or "Análise concluída.")
    protocolo.valor_processado = protocolo.valor_informado
    protocolo.valor_glosado = valor_glosado
    protocolo.valor_liberado = protocolo.valor_informado - valor_glosado
    protocolo.guias_com_glosa, protocolo.itens_com_glosa = guias_com_glosa, itens_com_glosa
    protocolo.save(
        update_fields=[
            "valor_processado",
            "valor_glosado",
            "valor_liberado",
            "guias_com_glosa",
            "itens_com_glosa",
            "atualizado_em",
        ]
    )
    return protocolo


def data_pagamento_do_protocolo(protocolo: Protocolo) -> tuple[datetime.date | None, str]:
    """The payment date the NF calendar gives: the date the NF that covers the protocol earned (its own NF, else the
    NF of its competência: `selectors.nota_fiscal_do_pagamento`; a late one moves it to a later calendar date), else
    the calendar's date for its competência."""
    nota = selectors.nota_fiscal_do_pagamento(protocolo)
    if nota is not None and nota.data_pagamento_prevista:
        return nota.data_pagamento_prevista, nota.motivo_data_pagamento
    calendario = selectors.calendario_da_competencia(protocolo.operadora_id, protocolo.competencia)
    if calendario is None:
        return None, ""
    return calendario.data_pagamento, "Calendário de entrega de NF"


@transaction.atomic
def faturar_protocolo(
    *, protocolo_id: int, usuario: Any = None, data_pagamento_prevista: datetime.date | None = None
) -> Protocolo:
    """Payment date set (from the NF calendar unless given); the Demonstrativo de Pagamento becomes available."""
    protocolo = _protocolo_travado(protocolo_id)
    motivo = "Informada pela operadora."
    if data_pagamento_prevista is None:
        data_pagamento_prevista, motivo = data_pagamento_do_protocolo(protocolo)
    if data_pagamento_prevista is None:
        raise ErroDeNegocio(
            "Não há data de pagamento: cadastre o calendário de NF da competência ou informe-a."
        )
    _transicionar(
        protocolo,
        S.FATURADO,
        usuario=usuario,
        motivo=f"Pagamento previsto para {data_pagamento_prevista:%d/%m/%Y}.",
    )
    protocolo.data_pagamento_prevista, protocolo.motivo_data_pagamento = data_pagamento_prevista, motivo[:200]
    protocolo.save(update_fields=["data_pagamento_prevista", "motivo_data_pagamento", "atualizado_em"])
    return protocolo


@transaction.atomic
def registrar_pagamentos(
    *, protocolo_ids: Sequence[int], data_pagamento: datetime.date, usuario: Any = None
) -> list[Protocolo]:
    """*Pago* for the protocols of a payment run, set-based: locked in one query, one UPDATE, the timeline and the
    audit log in one INSERT each (a run pays thousands; it was ~7 queries per protocol). Any protocol that cannot
    be paid refuses the whole run (TransicaoInvalida), as one at a time did."""
    protocolos = list(Protocolo.objects.select_for_update().filter(pk__in=protocolo_ids).order_by("pk"))
    faltam = set(protocolo_ids) - {p.pk for p in protocolos}
    if faltam:
        raise NaoEncontrado(f"Protocolo(s) não encontrado(s): {', '.join(map(str, sorted(faltam)))}.")
    for protocolo in protocolos:
        _conferir_transicao(protocolo, S.PAGO)
    agora, motivo = timezone.now(), f"Pago em {data_pagamento:%d/%m/%Y}."
    quem = usuario if getattr(usuario, "is_authenticated", False) else None
    anteriores = {p.pk: p.situacao for p in protocolos}
    for protocolo in protocolos:
        protocolo.situacao, protocolo.data_pagamento, protocolo.atualizado_em = S.PAGO, data_pagamento, agora
    Protocolo.objects.bulk_update(protocolos, ["situacao", "data_pagamento", "atualizado_em"])
    HistoricoProtocolo.objects.bulk_create(
        HistoricoProtocolo(protocolo=p, situacao_anterior=anteriores[p.pk], situacao=S.PAGO, quando=agora,
                           motivo=motivo, usuario=quem)
        for p in protocolos
    )
    auditoria.registrar_varios(acao="billing.protocolo_situacao", usuario=usuario, objetos=[
        (p, f"Protocolo {p.numero}: {S(anteriores[p.pk]).label} → {S.PAGO.label}",
         {"de": anteriores[p.pk], "para": S.PAGO, "motivo": motivo})
        for p in protocolos
    ])
    return protocolos


def encerrar_sem_pagamento(*, protocolo_id: int, usuario: Any = None, motivo: str) -> Protocolo:
    return mudar_situacao_protocolo(
        protocolo_id=protocolo_id, para=S.ENCERRADO_SEM_PAGAMENTO, usuario=usuario, motivo=motivo
    )


# --- documents and invoices ------------------------------------------------------------------------------

TIPOS_DOCUMENTO_ACEITOS = {"pdf", "jpg", "jpeg", "png", "xml", "tif", "tiff"}
MAX_DOCUMENTO = 10 * 1024 * 1024


@armazenamento.transacao_com_arquivos()
def anexar_documento(
    *,
    operadora: Operadora,
    prestador: Prestador,
    arquivo: Any,
    guia: Guia | None = None,
    lote: Lote | None = None,
    numero_guia: str = "",
    tipo_documento: str = "",
    observacao: str = "",
    usuario: Any = None,
) -> DocumentoAnexo:
    """Attaches a document to a guide or to a lote. A refused file is recorded as 'Falhou' with the reason, so the
    provider sees which failed and why. `guia` is the guide being typed (step 5 of the wizard, seed 004: "Nesta
    etapa pode ser incluída a situação inicial do beneficiário e outros documentos"), a draft included;
    `numero_guia` (the 'Documentos anexos' page) names a saved or sent guide by its number among the provider's
    guides with this operadora that are not cancelled."""
    nome = getattr(arquivo, "name", "arquivo")[:200]
    numero_guia = numero_guia.strip()
    pelo_numero = guia is None and bool(numero_guia)
    if pelo_numero:
        do_numero = Guia.objects.filter(operadora=operadora, prestador=prestador, numero_guia_prestador=numero_guia)
        # The saved or sent guide of that number (guia_numero_unico's condition: its partial index answers), else a
        # draft of that number (refused below with the reason; drafts are few, read by situação)
        guia = (
            do_numero.exclude(situacao__in=[Guia.Situacao.CANCELADA, Guia.Situacao.RASCUNHO]).first()
            or do_numero.filter(situacao=Guia.Situacao.RASCUNHO).order_by("-id").first()
        )
    documento = DocumentoAnexo(
        operadora=operadora,
        prestador=prestador,
        guia=guia,
        lote=lote,
        nome_original=nome,
        tipo_documento=tipo_documento[:40],
        observacao=observacao[:500],
        enviado_por=usuario,
    )
    extensao = arquivos.extensao(nome)
    if guia is None and lote is None:
        documento.situacao = DocumentoAnexo.Situacao.FALHOU
        documento.motivo_falha = (
            f"Guia {numero_guia[:20]} não encontrada." if numero_guia else "Escolha a guia ou o lote."
        )
    elif lote is not None and lote.situacao == Lote.Situacao.CANCELADO:
        documento.situacao = DocumentoAnexo.Situacao.FALHOU
        documento.motivo_falha = "Não se anexam documentos a um lote cancelado."
    elif guia is not None and (
        guia.situacao == Guia.Situacao.CANCELADA or (pelo_numero and guia.situacao == Guia.Situacao.RASCUNHO)
    ):
        documento.situacao = DocumentoAnexo.Situacao.FALHOU
        documento.motivo_falha = "Só se anexam documentos a guias salvas ou enviadas."
    elif extensao not in TIPOS_DOCUMENTO_ACEITOS:
        documento.situacao = DocumentoAnexo.Situacao.FALHOU
        documento.motivo_falha = (
            f"Tipo de arquivo não aceito ({'.' + extensao if extensao else 'sem extensão'}): envie PDF, imagem ou "
            "XML."
        )
    elif getattr(arquivo, "size", 0) > MAX_DOCUMENTO:
        documento.situacao = DocumentoAnexo.Situacao.FALHOU
        documento.motivo_falha = "O arquivo passa de 10 MB."
    elif not arquivos.conteudo_confere(arquivo, extensao):
        documento.situacao = DocumentoAnexo.Situacao.FALHOU
        documento.motivo_falha = f"O conteúdo de {nome[:100]} não é um {extensao.upper()} válido."
    else:
        armazenamento.guardar(documento, "arquivo", arquivo, nome)
    documento.save()
    auditoria.registrar(
        acao="billing.documento_anexado",
        usuario=usuario,
        objeto=documento,
        descricao=f"Documento {nome}: {documento.get_situacao_display()}",
    )
    return documento


def _travar_prestador(prestador: Prestador) -> None:
    """Serializes a provider's writes whose uniqueness is checked before inserting (one automatic billing
    'aguardando envio', one NF per number): a second request at once waits here for the first to commit, then finds
    its row and is refused with the reason, instead of reaching the unique constraint (IntegrityError, a 500).
    Locking the rows looked for locks nothing while they do not exist yet."""
    Prestador.objects.select_for_update().filter(pk=prestador.pk).exists()


@transaction.atomic
def definir_calendario_nf(
    *,
    operadora: Operadora,
    competencia: datetime.date,
    data_limite_envio: datetime.date,
    data_pagamento: datetime.date,
    usuario: Any = None,
) -> CalendarioNF:
    if data_pagamento <= data_limite_envio:  # so a late NF always moves to a payment not yet made
        raise ErroDeNegocio("A data de pagamento deve ser depois do prazo de entrega da NF.")
    calendario, _ = CalendarioNF.objects.update_or_create(
        operadora=operadora,
        competencia=competencia.replace(day=1),
        defaults={"data_limite_envio": data_limite_envio, "data_pagamento": data_pagamento},
    )
    return calendario


@armazenamento.transacao_com_arquivos()
def enviar_nota_fiscal(
    *,
    operadora: Operadora,
    prestador: Prestador,
    arquivo: Any,
    numero: str,
    data_emissao: datetime.date,
    valor: Decimal,
    protocolo: Protocolo | None = None,
    competencia: datetime.date | None = None,
    usuario: Any = None,
    hoje: datetime.date | None = None,
) -> NotaFiscal:
    """Upload of an NF (PDF or XML) per protocol or competência. Delivered after the calendar's limit, the payment
    moves to the next competência's payment date, with the reason recorded — for the protocol, or, for an NF of a
    competência, for that competência's protocols with no NF of their own (`selectors.protocolos_da_nota_fiscal`)."""
    hoje = hoje or timezone.localdate()
    if protocolo is not None:  # its state as it is now, locked (the caller's instance may be older)
        protocolo = _protocolo_travado(protocolo.pk)
    nome = getattr(arquivo, "name", "")
    extensao = arquivos.extensao(nome)
    if extensao not in ("pdf", "xml"):
        raise ErroDeNegocio("Envie a nota fiscal em PDF ou XML.")
    if getattr(arquivo, "size", 0) > MAX_DOCUMENTO:
        raise ErroDeNegocio("O arquivo passa de 10 MB.")
    if not arquivos.conteudo_confere(arquivo, extensao):
        raise ErroDeNegocio(f"O conteúdo de {nome[:100]} não é um {extensao.upper()} válido.")
    if protocolo is None and competencia is None:
        raise ErroDeNegocio("Informe o protocolo ou a competência da nota fiscal.")
    if valor <= 0:
        raise ErroDeNegocio(
            "Informe o valor da nota fiscal.", codigo_tiss=codigos.VALOR_NOTA_FISCAL_DIVERGENTE
        )
    if data_emissao > hoje:
        raise ErroDeNegocio(f"A data de emissão da nota fiscal ({data_emissao:%d/%m/%Y}) não pode ser futura.")
    if protocolo is not None and protocolo.situacao in (S.CANCELADO, S.ENCERRADO_SEM_PAGAMENTO):
        raise ErroDeNegocio(
            f"O protocolo {protocolo.numero} está '{protocolo.get_situacao_display()}': não há pagamento para a "
            "nota fiscal."
        )
    if protocolo is None and competencia is not None and competencia.replace(day=1) > hoje.replace(day=1):
        raise ErroDeNegocio(f"A competência {competencia:%m/%Y} ainda não começou: informe um mês até o atual.")
    competencia = (
        protocolo.competencia if protocolo and protocolo.competencia else competencia or hoje
    ).replace(day=1)
    calendario = selectors.calendario_da_competencia(operadora.pk, competencia)
    no_prazo, data_pagamento, motivo = True, None, ""
    if calendario is not None:
        data_pagamento, motivo = calendario.data_pagamento, "Entregue no prazo do calendário."
        if hoje > calendario.data_limite_envio:
            no_prazo = False
            seguinte = (
                CalendarioNF.objects.filter(operadora=operadora, data_limite_envio__gte=hoje)
                .order_by("data_limite_envio")
                .first()
            )
            data_pagamento = seguinte.data_pagamento if seguinte else None
            motivo = (
                f"NF entregue em {hoje:%d/%m/%Y}, após o prazo de {calendario.data_limite_envio:%d/%m/%Y}: "
                f"pagamento reagendado" + (f" para {data_pagamento:%d/%m/%Y}." if data_pagamento else ".")
            )
    _travar_prestador(prestador)  # two tabs sending the same number: the second waits and is told below
    if NotaFiscal.objects.filter(operadora=operadora, prestador=prestador, numero=numero.strip()).exists():
        raise ErroDeNegocio(f"A nota fiscal nº {numero} já foi enviada.")
    nota = NotaFiscal(
        operadora=operadora,
        prestador=prestador,
        protocolo=protocolo,
        competencia=competencia,
        numero=numero.strip(),
        data_emissao=data_emissao,
        valor=valor,
        formato=NotaFiscal.Formato(extensao),
        no_prazo=no_prazo,
        data_pagamento_prevista=data_pagamento,
        motivo_data_pagamento=motivo[:200],
        enviada_por=usuario,
    )
    armazenamento.guardar(nota, "arquivo", arquivo)
    nota.save(force_insert=True)
    # The protocols this NF covers (its own, or its competência's without an NF of their own): not yet invoiced,
    # they take the calendar's date; invoiced, only a late NF moves the date the operator gave them (an NF on time
    # leaves a date typed when invoicing as it is).
    if data_pagamento:
        situacoes = (S.LIBERADO_FATURAMENTO,) if no_prazo else (S.LIBERADO_FATURAMENTO, S.FATURADO)
        selectors.protocolos_da_nota_fiscal(nota).filter(situacao__in=situacoes).update(
            data_pagamento_prevista=data_pagamento, motivo_data_pagamento=motivo[:200]
        )
    auditoria.registrar(
        acao="billing.nf_enviada",
        usuario=usuario,
        objeto=nota,
        descricao=f"NF {nota.numero} ({'no prazo' if no_prazo else 'fora do prazo'})",
    )
    return nota


# --- automatic billing (seed 003) ------------------------------------------------------------------------
# Built on the Authorizations API: `authorizations.selectors.atendimentos_confirmados` (confirmed, not yet billed),
# `authorizations.services.marcar_atendimentos_faturados` / `liberar_atendimentos_do_lote`.

TIPO_GUIA_DA_AUTORIZACAO = {"sp_sadt": "2", "odontologia": "5", "internacao": "3", "prorrogacao": "3"}
CONF = ItemGuia.Conferencia


def periodo_sugerido(
    *, operadora: Operadora, prestador: Prestador, hoje: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """Start = the day after the last billed period (or the oldest date inside the billing deadline); end = the
    last day of the previous month."""
    hoje = hoje or timezone.localdate()
    fim = hoje.replace(day=1) - datetime.timedelta(days=1)
    ultimo = (
        FaturamentoAutomatico.objects.filter(operadora=operadora, prestador=prestador)
        .exclude(situacao=FaturamentoAutomatico.Situacao.CANCELADO)
        .order_by("-data_final")
        .first()
    )
    inicio = (
        (ultimo.data_final + datetime.timedelta(days=1))
        if ultimo
        else regras.data_limite_faturamento(operadora, hoje)
    )
    return inicio, fim


@transaction.atomic
def gerar_faturamento_automatico(
    *,
    operadora: Operadora,
    prestador: Prestador,
    usuario: Any,
    data_final: datetime.date | None = None,
    hoje: datetime.date | None = None,
) -> FaturamentoAutomatico:
    """'Gerar lote': the confirmed atendimentos of the period become guides (one per authorization) in lotes
    split by guide type and at the operadora's maximum; each item remembers its atendimento (billed once)."""
    from operadora.authorizations import selectors as autorizacoes
    from operadora.authorizations import services as servicos_autorizacoes

    hoje = hoje or timezone.localdate()
    # Two generations at once (two tabs): the second waits, then finds the first one 'aguardando envio' below.
    _travar_prestador(prestador)
    if FaturamentoAutomatico.objects.filter(
        operadora=operadora, prestador=prestador, situacao=FaturamentoAutomatico.Situacao.AGUARDANDO_ENVIO
    ).exists():
        raise ErroDeNegocio(
            "Já existe um faturamento aguardando envio: envie-o ou cancele-o antes de gerar outro."
        )
    inicio, fim_sugerido = periodo_sugerido(operadora=operadora, prestador=prestador, hoje=hoje)
    fim = data_final or fim_sugerido
    if fim >= hoje:
        raise ErroDeNegocio("A data final deve ser anterior a hoje.")
    if fim < inicio:
        raise ErroDeNegocio(f"A data final deve ser posterior à data inicial ({inicio:%d/%m/%Y}).")
    atendimentos = autorizacoes.atendimentos_confirmados(
        prestador_id=prestador.pk, operadora_id=operadora.pk, inicio=inicio, fim=fim
    )
    if not atendimentos:
        raise ErroDeNegocio(f"Nenhum atendimento confirmado entre {inicio:%d/%m/%Y} e {fim:%d/%m/%Y}.")
    faturamento = FaturamentoAutomatico.objects.create(
        operadora=operadora, prestador=prestador, data_inicial=inicio, data_final=fim, gerado_por=usuario
    )
    precos = PrecosContratados.ler(operadora_id=operadora.pk, prestador_id=prestador.pk,
                                   codigos={a.codigo for a in atendimentos})
    # One guide per authorization; a prorrogação's sessions go into the resumo of the internação it extends.
    por_autorizacao: dict[int, list[Any]] = {}
    for atendimento in atendimentos:
        por_autorizacao.setdefault(atendimento.guia.autorizacao_id, []).append(atendimento)
    bases = {a[0].guia.numero_guia_prestador for a in por_autorizacao.values()}
    usados = _numeros_ja_apresentados(operadora=operadora, prestador=prestador, numeros=bases)
    por_tipo: dict[str, list[conversao.LinhasGuia]] = {}
    for grupo in por_autorizacao.values():
        grupo.sort(key=lambda a: (a.data_execucao, a.id))
        # the guide's own authorization's data (caráter, professionals, CID) when it has sessions here
        primeiro = next((a for a in grupo if a.autorizacao_id == a.guia.autorizacao_id), grupo[0])
        senha = primeiro.guia
        tipo = TIPO_GUIA_DA_AUTORIZACAO.get(primeiro.tipo_guia, "2")
        numero = senha.numero_guia_prestador
        if numero in usados:
            numero = f"{numero[:15]}-{fim:%y%m}"
        prof = primeiro.profissional_executante
        executante = (
            {
                "executante_nome": prof.nome[:70],
                "executante_conselho": prof.conselho,
                "executante_numero": prof.numero_conselho,
                "executante_uf": conversao.uf_tiss(prof.uf_conselho),
                "executante_cbo": prof.cbo,
            }
            if prof
            else {}
        )
        guia = Guia(
            operadora=operadora,
            prestador=prestador,
            tipo=tipo,
            situacao=Guia.Situacao.EM_LOTE,
            origem=Origem.AUTOMATICO,
            passo=6,
            numero_guia_prestador=numero,
            numero_guia_operadora=senha.numero_guia_operadora,
            senha=senha.senha,
            data_autorizacao=senha.data_autorizacao,
            validade_senha=senha.data_validade_senha,
            carteira=primeiro.carteira,
            beneficiario_id=primeiro.beneficiario_id,
            nome_beneficiario=primeiro.nome_beneficiario[:200],
            atendimento_rn=primeiro.atendimento_rn,
            carater_atendimento=primeiro.carater_atendimento or "1",
            indicacao_clinica=primeiro.indicacao_clinica[:500],
            cnes_executante=prestador.cnes,
            indicacao_acidente="9",
            regime_atendimento="01",
            tipo_atendimento="04" if tipo == "2" else "1",
            tipo_faturamento="4",
            versao_tiss=selectors.versao_tiss_atual(operadora),
            contratado_solicitante="",
            data_solicitacao=senha.data_autorizacao,
            **executante,
            **_solicitante_do_atendimento(primeiro),
        )
        itens = []
        for n, a in enumerate(grupo, start=1):
            unitario = precos.valor(tabela=a.codigo_tabela, codigo=a.codigo, em=a.data_execucao) or ZERO
            itens.append(
                ItemGuia(
                    sequencial=n,
                    data_execucao=a.data_execucao,
                    tabela=a.codigo_tabela,
                    codigo=a.codigo,
                    descricao=a.descricao[:150],
                    quantidade=Decimal(a.quantidade),
                    valor_unitario=unitario,
                    valor_total=_total(Decimal(a.quantidade), unitario, Decimal("1.00")),
                    executante_conselho=guia.executante_conselho,
                    executante_numero=guia.executante_numero,
                    executante_uf=guia.executante_uf,
                    executante_cbo=guia.executante_cbo,
                    atendimento_ref=f"authorizations.Atendimento:{a.id}",
                    conferencia=CONF.NAO_CONFERIDO,
                )
            )
        _recalcular_totais(guia, itens, [])
        if tipo == TipoGuia.RESUMO_INTERNACAO:
            _internacao_da_autorizacao(guia, primeiro, itens)
        por_tipo.setdefault(tipo, []).append(conversao.LinhasGuia(guia, itens, [[] for _ in itens], [], []))
    for tipo, linhas in sorted(por_tipo.items()):
        for inicio_fatia in range(0, len(linhas), operadora.max_guias_lote):
            fatia = linhas[inicio_fatia : inicio_fatia + operadora.max_guias_lote]
            lote = criar_lote(
                operadora=operadora,
                prestador=prestador,
                tipo_guia=tipo,
                usuario=usuario,
                origem=Origem.AUTOMATICO,
                faturamento=faturamento,
            )
            for linha in fatia:
                linha.guia.lote = lote
            gravacao.inserir_em_massa([linha.guia for linha in fatia])
            _inserir_linhas(fatia)
            _atualizar_totais_lote(lote)
            ids = [int(i.atendimento_ref.rsplit(":", 1)[1]) for linha in fatia for i in linha.itens]
            servicos_autorizacoes.marcar_atendimentos_faturados(
                ids=ids, lote_id=lote.pk, prestador_id=prestador.pk, operadora_id=operadora.pk
            )
    _atualizar_totais_faturamento(faturamento)
    auditoria.registrar(
        acao="billing.faturamento_gerado",
        usuario=usuario,
        objeto=faturamento,
        descricao=f"{faturamento.quantidade_itens} procedimento(s) adicionado(s) no lote",
    )
    return faturamento


def _internacao_da_autorizacao(guia: Guia, atendimento: Any, itens: Sequence[ItemGuia]) -> None:
    """A resumo de internação from confirmed atendimentos: what the authorization holds (caráter, tipo and regime de
    internação, CID-10, the internação request's number) and the billed period from the sessions' first to last
    date. The hours and the motivo de encerramento are not known here: the conference asks for them
    (`ajustar_internacao`) and `enviar_faturamento` refuses the guide without them."""
    guia.numero_guia_principal = atendimento.numero_guia_internacao or guia.numero_guia_principal
    guia.tipo_internacao = atendimento.tipo_internacao
    guia.regime_internacao = atendimento.regime_internacao
    guia.diagnosticos = [atendimento.cid.replace(".", "").upper()] if atendimento.cid else []
    guia.data_fim = max(i.data_execucao for i in itens)


def _solicitante_do_atendimento(atendimento: Any) -> dict[str, str]:
    """The requesting professional of the authorization (Authorizations' `profissional_solicitante`)."""
    prof = atendimento.profissional_solicitante
    if prof is None:
        return {}
    return {
        "solicitante_nome": prof.nome[:70],
        "solicitante_conselho": prof.conselho,
        "solicitante_numero": prof.numero_conselho,
        "solicitante_uf": conversao.uf_tiss(prof.uf_conselho),
        "solicitante_cbo": prof.cbo,
    }


def _atualizar_totais_faturamento(faturamento: FaturamentoAutomatico) -> None:
    """Its procedures neither removed nor marked not confirmed, and the outras despesas of its guides."""
    ativos = ItemGuia.objects.filter(guia__lote__faturamento=faturamento).exclude(
        conferencia__in=[CONF.REMOVIDO, CONF.NAO_CONFIRMADO]
    )
    totais = ativos.aggregate(n=Count("id"), valor=Sum("valor_total"))
    despesas = OutraDespesa.objects.filter(guia__lote__faturamento=faturamento).aggregate(valor=Sum("valor_total"))
    faturamento.quantidade_itens = totais["n"]
    faturamento.valor_informado = (totais["valor"] or ZERO) + (despesas["valor"] or ZERO)
    faturamento.save(update_fields=["quantidade_itens", "valor_informado", "atualizado_em"])


def _faturamento_travado(faturamento_id: int) -> FaturamentoAutomatico:
    return (
        FaturamentoAutomatico.objects.select_for_update().select_related("operadora").get(pk=faturamento_id)
    )


@transaction.atomic
def conferir_itens(
    *, faturamento_id: int, estado: str, usuario: Any, item_ids: Sequence[int] | None = None
) -> int:
    """Marks items (or all, when `item_ids` is None) as conferido / não confirmado / removido / não conferido."""
    faturamento = _faturamento_travado(faturamento_id)
    if faturamento.situacao != FaturamentoAutomatico.Situacao.AGUARDANDO_ENVIO:
        raise TransicaoInvalida("Este faturamento já foi enviado ou cancelado.")
    if estado not in CONF.values:
        raise ErroDeNegocio("Situação de conferência inválida.")
    itens = ItemGuia.objects.filter(guia__lote__faturamento=faturamento)
    if item_ids is not None:
        if not item_ids:
            raise ErroDeNegocio("Escolha ao menos um procedimento.")
        itens = itens.filter(pk__in=list(item_ids))
        if itens.count() != len(set(item_ids)):
            raise NaoEncontrado("Item inválido: escolha um procedimento desta conferência.")
    alterados = itens.update(conferencia=estado)
    _atualizar_totais_faturamento(faturamento)
    return alterados


@transaction.atomic
def ajustar_data_item(*, faturamento_id: int, item_id: int, data: datetime.date, usuario: Any) -> ItemGuia:
    """Serial treatments: adjusts a session's date (inside the period and what the senha covers)."""
    from operadora.authorizations import codigos as codigos_autorizacao
    from operadora.authorizations import selectors as autorizacoes

    faturamento = _faturamento_travado(faturamento_id)
    if faturamento.situacao != FaturamentoAutomatico.Situacao.AGUARDANDO_ENVIO:
        raise TransicaoInvalida("Este faturamento já foi enviado ou cancelado.")
    if not faturamento.data_inicial <= data <= faturamento.data_final:
        raise ErroDeNegocio(
            f"A data deve estar no período {faturamento.data_inicial:%d/%m/%Y} a "
            f"{faturamento.data_final:%d/%m/%Y}.",
            codigo_tiss=codigos.DATA_PREENCHIDA_INCORRETAMENTE,
        )
    item = ItemGuia.objects.select_for_update().select_related("guia").get(
        pk=item_id, guia__lote__faturamento=faturamento
    )
    # What the senha covers, by the rule confirming the session and the analysis use: a session moved before the
    # authorization (1814) or past the senha's validity (1414) would be glosed, so it is refused here.
    senha = autorizacoes.autorizacao_por_senha(operadora_id=faturamento.operadora_id, senha=item.guia.senha)
    problema = senha.problema_em(data) if senha is not None else None
    if problema is not None and problema[0] in ("1814", codigos_autorizacao.SENHA_EXPIRADA):
        raise ErroDeNegocio(f"{problema[1]} ({data:%d/%m/%Y})", codigo_tiss=problema[0])
    item.data_execucao = data
    item.save(update_fields=["data_execucao"])
    guia = item.guia
    periodo = guia.itens.aggregate(inicio=models.Min("data_execucao"), fim=models.Max("data_execucao"))
    guia.data_atendimento = periodo["inicio"]
    campos = ["data_atendimento", "atualizado_em"]
    if guia.tipo == TipoGuia.RESUMO_INTERNACAO:  # the billed period follows the sessions
        guia.data_fim = periodo["fim"]
        campos.append("data_fim")
    guia.save(update_fields=campos)
    return item


@transaction.atomic
def definir_despesas_do_faturamento(
    *,
    faturamento_id: int,
    guia_id: int,
    despesas: Sequence[DespesaDigitada],
    usuario: Any,
    ip: str | None = None,
) -> Guia:
    """The conference's 'Taxas', 'Mat/Med.' and 'Outros' (seed 003): replaces the outras despesas of one of the
    generation's SP/SADT or resumo de internação guides (dated inside the period) with the same value rules as the
    wizard; the totals of the guide, its lote and the generation follow."""
    faturamento = _faturamento_travado(faturamento_id)
    if faturamento.situacao != FaturamentoAutomatico.Situacao.AGUARDANDO_ENVIO:
        raise TransicaoInvalida("Este faturamento já foi enviado ou cancelado.")
    guia = (
        Guia.objects.select_for_update(of=("self",)).select_related("lote")
        .filter(pk=guia_id, lote__faturamento=faturamento).first()
    )
    if guia is None or guia.lote is None:
        raise NaoEncontrado("Guia inválida: escolha uma guia desta conferência.")
    if not guia.aceita_outras_despesas:
        raise ErroDeNegocio(SEM_OUTRAS_DESPESAS)
    for n, despesa in enumerate(despesas, start=1):
        if not faturamento.data_inicial <= despesa.data_execucao <= faturamento.data_final:
            raise ErroDeNegocio(
                f"A data da despesa {n} deve estar no período {faturamento.data_inicial:%d/%m/%Y} a "
                f"{faturamento.data_final:%d/%m/%Y}.",
                codigo_tiss=codigos.DATA_PREENCHIDA_INCORRETAMENTE,
            )
    itens = list(guia.itens.all())
    despesas = precificar(guia, despesas, exigir=True)
    _conferir_valores_digitados((), despesas, ja_na_guia=sum((i.valor_total for i in itens), ZERO))
    guia.outras_despesas.all().delete()
    outras = _outras_despesas(guia, despesas, depois_de=max((i.sequencial for i in itens), default=0))
    OutraDespesa.objects.bulk_create(outras)
    _recalcular_totais(guia, itens, outras)
    guia.save()
    _atualizar_totais_lote(guia.lote)
    _atualizar_totais_faturamento(faturamento)
    auditoria.registrar(
        acao="billing.despesas_da_conferencia",
        usuario=usuario,
        objeto=guia,
        ip=ip,
        descricao=f"Outras despesas da guia {guia.numero_guia_prestador} na conferência: {len(outras)} "
        f"({format_brl(sum((d.valor_total for d in outras), ZERO))})",
    )
    return guia


@transaction.atomic
def ajustar_internacao(
    *,
    faturamento_id: int,
    guia_id: int,
    hora_inicio_faturamento: datetime.time,
    hora_final_faturamento: datetime.time,
    motivo_encerramento: str,
    tipo_internacao: str = "",
    regime_internacao: str = "",
    diagnosticos: Sequence[str] = (),
    usuario: Any,
) -> Guia:
    """The conference completes a resumo de internação generated from atendimentos with what the authorization does
    not hold: the hours of the billed period and the motivo de encerramento (TUSS 39); the tipo/regime de internação
    and the CID-10 the authorization gave may be corrected (blank keeps them)."""
    faturamento = _faturamento_travado(faturamento_id)
    if faturamento.situacao != FaturamentoAutomatico.Situacao.AGUARDANDO_ENVIO:
        raise TransicaoInvalida("Este faturamento já foi enviado ou cancelado.")
    guia = Guia.objects.select_for_update().get(
        pk=guia_id, lote__faturamento=faturamento, tipo=TipoGuia.RESUMO_INTERNACAO
    )
    if guia.data_atendimento == guia.data_fim and hora_final_faturamento < hora_inicio_faturamento:
        raise ErroDeNegocio(
            "A hora final é anterior à de início no mesmo dia.",
            codigo_tiss=codigos.DATA_PREENCHIDA_INCORRETAMENTE,
        )
    if not motivo_encerramento:
        raise ErroDeNegocio("Informe o motivo de encerramento.", codigo_tiss=codigos.MOTIVO_ENCERRAMENTO_INVALIDO)
    guia.hora_inicio_faturamento = hora_inicio_faturamento
    guia.hora_final_faturamento = hora_final_faturamento
    guia.motivo_encerramento = motivo_encerramento
    campos = ["hora_inicio_faturamento", "hora_final_faturamento", "motivo_encerramento", "atualizado_em"]
    for campo, valor in (("tipo_internacao", tipo_internacao), ("regime_internacao", regime_internacao)):
        if valor:
            setattr(guia, campo, valor)
            campos.append(campo)
    if diagnosticos:
        guia.diagnosticos = list(diagnosticos)[:4]
        campos.append("diagnosticos")
    guia.save(update_fields=campos)
    auditoria.registrar(
        acao="billing.internacao_ajustada",
        usuario=usuario,
        objeto=guia,
        descricao=f"Internação da guia {guia.numero_guia_prestador} completada na conferência",
    )
    return guia


def _internacoes_incompletas(faturamento: FaturamentoAutomatico) -> list[str]:
    """The resumos de internação of the generation, with conferred items, that still miss a field the TISS guide
    requires (the same pending rules as the wizard)."""
    guias = (
        Guia.objects.filter(
            lote__faturamento=faturamento,
            tipo=TipoGuia.RESUMO_INTERNACAO,
            itens__conferencia=CONF.CONFERIDO,
        )
        .distinct()
        .prefetch_related("itens")
        .order_by("id")
    )
    problemas = []
    for guia in guias:
        itens = [i for i in guia.itens.all() if i.conferencia == CONF.CONFERIDO]
        pendencias = _pendencias_internacao_honorarios(guia, itens)
        if pendencias:
            problemas.append(f"guia {guia.numero_guia_prestador}: {' '.join(p.mensagem for p in pendencias)}")
    return problemas


@transaction.atomic
def enviar_faturamento(*, faturamento_id: int, usuario: Any, ip: str | None = None) -> FaturamentoAutomatico:
    """'Enviar': only the checked items stay in the guides; the unchecked and removed ones leave (their atendimentos
    become billable again) and those marked 'Não confirmado' leave with their confirmations undone. Each lote is
    closed and sent through the receipt rules (one PEG per lote), Aguardando envio → Enviado."""
    from operadora.authorizations import services as servicos_autorizacoes

    faturamento = _faturamento_travado(faturamento_id)
    if faturamento.situacao == FaturamentoAutomatico.Situacao.ENVIADO:
        return faturamento
    if faturamento.situacao != FaturamentoAutomatico.Situacao.AGUARDANDO_ENVIO:
        raise TransicaoInvalida("Este faturamento foi cancelado.")
    itens = ItemGuia.objects.filter(guia__lote__faturamento=faturamento)
    if not itens.filter(conferencia=CONF.CONFERIDO).exists():
        raise ErroDeNegocio("Nenhum procedimento conferido: confira ao menos um antes de enviar.")
    if incompletas := _internacoes_incompletas(faturamento):
        raise ErroDeNegocio(
            "Complete os dados da internação antes de enviar — " + "; ".join(incompletas),
            codigo_tiss=codigos.DATA_PREENCHIDA_INCORRETAMENTE,
        )
    # What is sent is what was checked: the other items leave the guides (the operator's analysis, the statements
    # and the XML read a guide's rows as billed). 'Não confirmado' means the atendimento did not happen, so its
    # confirmation is undone below (the senha's balance returns); the others are only taken out of the lote
    # (billable in a later one).
    fora = list(itens.exclude(conferencia=CONF.CONFERIDO).values_list("conferencia", "atendimento_ref"))
    nao_realizados = [
        int(ref.rsplit(":", 1)[1]) for estado, ref in fora if estado == CONF.NAO_CONFIRMADO and ref
    ]
    itens.exclude(conferencia=CONF.CONFERIDO).delete()
    for lote in list(faturamento.lotes.exclude(situacao=Lote.Situacao.CANCELADO)):
        guias = list(Guia.objects.filter(lote=lote).prefetch_related("itens", "outras_despesas"))
        agora = timezone.now()
        for guia in guias:  # totals recomputed in memory, written in one UPDATE (was one save per guide)
            mantidos = list(guia.itens.all())
            guia.atualizado_em = agora
            if mantidos:
                _recalcular_totais(guia, mantidos, list(guia.outras_despesas.all()))
            else:
                guia.situacao, guia.lote = Guia.Situacao.CANCELADA, None
        Guia.objects.bulk_update(guias, ["situacao", "lote", "atualizado_em", "valor_procedimentos", "valor_total",
                                         "data_atendimento", *conversao.CAMPO_TOTAL_POR_DESPESA.values()])
        servicos_autorizacoes.liberar_atendimentos_do_lote(lote_id=lote.pk)
        ids = list(
            ItemGuia.objects.filter(guia__lote=lote, conferencia=CONF.CONFERIDO).values_list(
                "atendimento_ref", flat=True
            )
        )
        if ids:
            servicos_autorizacoes.marcar_atendimentos_faturados(
                ids=[int(r.rsplit(":", 1)[1]) for r in ids],
                lote_id=lote.pk,
                prestador_id=faturamento.prestador_id,
                operadora_id=faturamento.operadora_id,
            )
        _atualizar_totais_lote(lote)
        if lote.quantidade_guias == 0:
            lote.situacao, lote.cancelado_em = Lote.Situacao.CANCELADO, timezone.now()
            lote.save(update_fields=["situacao", "cancelado_em", "atualizado_em"])
            continue
        lote = _lote_travado(lote.pk)
        _fechar(lote, usuario=usuario)
        resultado = _enviar(lote, usuario=usuario, ip=ip)
        if not resultado.aceito:
            raise ErroDeNegocio(
                "; ".join(e.mensagem for e in resultado.erros), codigo_tiss=resultado.erros[0].codigo
            )
    servicos_autorizacoes.desfazer_atendimentos_nao_realizados(
        ids=nao_realizados,
        prestador_id=faturamento.prestador_id,
        operadora_id=faturamento.operadora_id,
        usuario=usuario,
        ip=ip,
    )
    faturamento.situacao, faturamento.enviado_em = FaturamentoAutomatico.Situacao.ENVIADO, timezone.now()
    faturamento.save(update_fields=["situacao", "enviado_em", "atualizado_em"])
    _atualizar_totais_faturamento(faturamento)
    auditoria.registrar(
        acao="billing.faturamento_enviado",
        usuario=usuario,
        objeto=faturamento,
        ip=ip,
        descricao=f"Faturamento enviado: {faturamento.quantidade_itens} procedimento(s); fora do lote: "
        f"{len(nao_realizados)} não confirmado(s) (confirmação desfeita), "
        f"{len(fora) - len(nao_realizados)} não conferido(s) ou removido(s)",
    )
    return faturamento


@transaction.atomic
def cancelar_faturamento(
    *, faturamento_id: int, usuario: Any, ip: str | None = None
) -> FaturamentoAutomatico:
    """Cancels the generation (and its protocols, while not in analysis); its atendimentos can be billed again."""
    from operadora.authorizations import services as servicos_autorizacoes

    faturamento = _faturamento_travado(faturamento_id)
    if faturamento.situacao == FaturamentoAutomatico.Situacao.CANCELADO:
        return faturamento
    for lote in list(faturamento.lotes.all()):
        _cancelar(_lote_travado(lote.pk), usuario=usuario, motivo="Faturamento automático cancelado.", ip=ip)
        servicos_autorizacoes.liberar_atendimentos_do_lote(lote_id=lote.pk)
    faturamento.situacao, faturamento.cancelado_em = FaturamentoAutomatico.Situacao.CANCELADO, timezone.now()
    faturamento.save(update_fields=["situacao", "cancelado_em", "atualizado_em"])
    auditoria.registrar(
        acao="billing.faturamento_cancelado",
        usuario=usuario,
        objeto=faturamento,
        ip=ip,
        descricao="Faturamento automático cancelado",
    )
    return faturamento
