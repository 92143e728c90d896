"""The glosa rules: the catalogue (code, name, TUSS 38 codes, default parameters) and the pure evaluation of
one billed item against what `motor.carregar_contexto` loaded set-based for the whole protocol. No queries and
no writes here: `motor` loads, `services` persist.

Eligibility, coverage and carência follow the authorization flow's definitions (`authorizations.elegibilidade`):
the same member check (`verificar_beneficiario`), the same group lookup (`grupo_do_codigo`), the same order of
checks and the same TUSS 38 codes; only the data comes from one set-based load instead of per-member queries.
A senha is judged by the authorization flow's own `SenhaAutorizacao.problema_em` (built set-based by
`motor.senhas_autorizadas`), and which procedures need one by the same most-specific-rule choice as
`authorizations.rules.regras_para`.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from operadora.authorizations.elegibilidade import CARENCIA_MAXIMA_URGENCIA_DIAS, verificar_beneficiario
from operadora.authorizations.models import RegraAutorizacao
from operadora.authorizations.rules import grupo_do_codigo
from operadora.authorizations.selectors import SenhaAutorizacao
from operadora.core.formatos import format_brl as brl
from operadora.registry.models import Beneficiario, CoberturaPlano, GrupoProcedimento
from operadora.registry.selectors import PrecosContratados

from . import codigos

CENTAVO = Decimal("0.01")
TABELAS_TUSS = frozenset({"18", "19", "20", "22"})  # own tables (00, 98…) are not checked against TUSS
ZERO = Decimal("0.00")


def dinheiro(valor: Decimal) -> Decimal:
    return valor.quantize(CENTAVO, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class DefinicaoRegra:
    codigo: str
    nome: str
    descricao: str
    codigos_tuss38: tuple[str, ...]
    parametros_padrao: dict[str, Any] = field(default_factory=dict)


CATALOGO: tuple[DefinicaoRegra, ...] = (
    DefinicaoRegra("elegibilidade", "Elegibilidade na data do atendimento",
                   "Carteira existente, incluída antes da data, não desligada nem suspensa na data.",
                   (codigos.CARTEIRA_INVALIDA, codigos.ANTERIOR_A_INCLUSAO, codigos.ATENDIMENTO_APOS_DESLIGAMENTO,
                    codigos.BENEFICIARIO_SUSPENSO)),
    DefinicaoRegra("procedimento", "Procedimento e quantidade válidos",
                   "Código vigente na tabela TUSS na data de execução; quantidade maior que zero.",
                   (codigos.PROCEDIMENTO_INVALIDO, codigos.QUANTIDADE_INVALIDA)),
    DefinicaoRegra("segmentacao", "Segmentação do plano",
                   "O grupo do procedimento exige uma segmentação que o plano do beneficiário tem.",
                   (codigos.SEGMENTACAO_INCOMPATIVEL, codigos.SEM_COBERTURA_ODONTOLOGICA)),
    DefinicaoRegra("cobertura", "Cobertura do plano",
                   "O procedimento pertence a um grupo coberto pelo plano.", (codigos.SEM_COBERTURA_NO_PLANO,)),
    DefinicaoRegra("carencia", "Carência",
                   "A carência do grupo foi cumprida na data (urgência: no máximo 24 horas).",
                   (codigos.EM_CARENCIA,)),
    DefinicaoRegra("limite_anual", "Limite anual de cobertura",
                   "Quantidade no ano (já faturada + este item) até o limite do plano; glosa só o excedente.",
                   (codigos.QUANTIDADE_ACIMA_DA_COBERTA,)),
    DefinicaoRegra("autorizacao", "Autorização (senha)",
                   "Procedimento que exige senha: senha emitida pela operadora, válida na data, do mesmo "
                   "beneficiário, procedimento e prestador, na quantidade autorizada.",
                   (codigos.EXIGE_AUTORIZACAO_PREVIA, codigos.SENHA_INVALIDA, codigos.SENHA_EXPIRADA,
                    codigos.SENHA_CANCELADA, codigos.CODIGO_DIFERENTE_DO_AUTORIZADO,
                    codigos.AUTORIZACAO_POSTERIOR_AO_ATENDIMENTO, codigos.EXECUTANTE_DIFERENTE_DO_SOLICITANTE,
                    codigos.QUANTIDADE_ACIMA_DA_AUTORIZADA),
                   {"verificar_senha_informada": True}),
    DefinicaoRegra("duplicidade", "Cobrança em duplicidade",
                   "Mesmo beneficiário, procedimento e data já cobrados (neste ou em outro protocolo).",
                   (codigos.DUPLICIDADE,)),
    DefinicaoRegra("preco_contratado", "Valor acima do contratado",
                   "Valor unitário acima do preço negociado com o prestador: glosa só a diferença.",
                   (codigos.VALOR_APRESENTADO_A_MAIOR,), {"tolerancia": "0.00"}),
    DefinicaoRegra("quantidade_maxima", "Quantidade máxima por atendimento",
                   "Quantidade por item acima do máximo configurado para o código: glosa o excedente.",
                   (codigos.QUANTIDADE_ACIMA_DA_MAXIMA,),
                   {"por_codigo": {"10101012": 1, "10101039": 1}, "por_prefixo": {"101": 1}}),
    DefinicaoRegra("prazo_faturamento", "Prazo de faturamento",
                   "Execução há mais dias que o prazo da operadora na data do recebimento do protocolo.",
                   (codigos.COBRANCA_FORA_DO_PRAZO,), {"dias": None}),
    DefinicaoRegra("profissional", "Profissional e CBO coerentes com o procedimento",
                   "Conselho, número e UF do executante informados e compatíveis com o CBO; CBO habilitado "
                   "para o procedimento.",
                   (codigos.CONSELHO_INVALIDO, codigos.CBO_NAO_AUTORIZADO),
                   {"cbo_por_prefixo": {"101": ["225", "2231"], "8": ["2232"]},
                    "conselho_por_cbo": {"225": ["06"], "2231": ["06"], "2232": ["08"]}}),
    DefinicaoRegra("sexo_idade", "Sexo e idade compatíveis",
                   "Sexo e idade do beneficiário compatíveis com o procedimento, onde o termo TUSS diz (capítulos "
                   "3.12 masculino / 3.13 feminino, termos 'feminino', 'masculino', 'gestante', 'recém-nascido') "
                   "ou a operadora configurou.",
                   (codigos.SEXO_INCOMPATIVEL, codigos.IDADE_INCOMPATIVEL),
                   {"sexo_por_prefixo": {"312": "M", "313": "F"},
                    "sexo_por_termo": {"feminin": "F", "masculin": "M", "gestante": "F"},
                    "idade_por_codigo": {"10103015": [0, 0], "10103023": [0, 0], "10103031": [0, 0]}}),
)
POR_CODIGO = {d.codigo: d for d in CATALOGO}
ORDEM = [d.codigo for d in CATALOGO]


def configuracao_padrao() -> dict[str, dict[str, Any]]:
    return {d.codigo: {"ativa": True, "parametros": dict(d.parametros_padrao)} for d in CATALOGO}


def normalizar_configuracao(regras: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Completes a stored configuration with the catalogue's defaults (a rule added after the version was
    published runs with its default parameters, switched off, so old versions keep their meaning)."""
    resultado = {}
    for definicao in CATALOGO:
        salva = regras.get(definicao.codigo)
        if salva is None:
            resultado[definicao.codigo] = {"ativa": False, "parametros": dict(definicao.parametros_padrao)}
            continue
        parametros = dict(definicao.parametros_padrao) | dict(salva.get("parametros") or {})
        resultado[definicao.codigo] = {"ativa": bool(salva.get("ativa", True)), "parametros": parametros}
    return resultado


# --- what the engine evaluates ---------------------------------------------------------------------------


@dataclass(slots=True)
class ItemParaAnalise:
    item_id: int
    guia_id: int
    sequencial: int
    tabela: str
    codigo: str
    quantidade: Decimal
    valor_unitario: Decimal
    valor_total: Decimal
    data_execucao: datetime.date
    carteira: str
    beneficiario_id: int | None
    senha: str
    carater: str
    prestador_id: int
    conselho: str
    numero_conselho: str
    uf_conselho: str
    cbo: str
    despesa: bool = False  # an outra despesa (material, drug, gas, diária, taxa, OPME), not a procedure


@dataclass(slots=True)
class Proposta:
    """A glosa the engine proposes: the rule, the TUSS 38 code, why (text + evidence) and how much."""

    item_id: int
    guia_id: int
    regra: str
    codigo_glosa: str
    motivo: str
    valor: Decimal
    evidencia: dict[str, Any]
    despesa: bool = False

    @property
    def chave_linha(self) -> tuple[str, int]:
        return ("d" if self.despesa else "i", self.item_id)


@dataclass
class Contexto:
    """Everything the rules need for one protocol (or one lote before it is sent), loaded with a fixed number of
    queries by `motor.carregar_contexto`."""

    operadora_id: int
    prazo_faturamento_dias: int
    recebido_em: datetime.date
    beneficiarios: dict[str, Beneficiario]
    grupos: list[GrupoProcedimento]
    coberturas: dict[tuple[int, int], CoberturaPlano]
    termos: dict[tuple[str, str], dict[str, Any]]
    regras_autorizacao: list[RegraAutorizacao]
    autorizacoes: dict[str, SenhaAutorizacao]
    quantidade_ja_cobrada: dict[tuple[str, str], Decimal]
    primeira_cobranca: dict[tuple[str, str, datetime.date], int]
    precos: PrecosContratados
    uso_no_ano: dict[tuple[str, int, str], Decimal]
    grupo_de: dict[str, GrupoProcedimento | None] = field(default_factory=dict)

    def grupo(self, codigo: str) -> GrupoProcedimento | None:
        if codigo not in self.grupo_de:
            self.grupo_de[codigo] = grupo_do_codigo(codigo, self.grupos)
        return self.grupo_de[codigo]


@dataclass
class Estado:
    """What earlier items of the same run already consumed (annual limit, authorized quantity)."""

    uso_no_ano: dict[tuple[str, int, str], Decimal] = field(default_factory=dict)
    uso_senha: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    # Per-run memo of what depends only on (member, date) or (code, …): many items share them.
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)


def _proposta(item: ItemParaAnalise, regra: str, codigo_glosa: str, motivo: str, valor: Decimal | None = None, /,
              **evidencia: Any) -> Proposta:
    valor = item.valor_total if valor is None else min(dinheiro(valor), item.valor_total)
    return Proposta(item.item_id, item.guia_id, regra, codigo_glosa, motivo[:300], valor,
                    {k: _json(v) for k, v in evidencia.items()}, item.despesa)


def _json(valor: Any) -> Any:
    if isinstance(valor, Decimal):
        return str(valor)
    if isinstance(valor, datetime.date):
        return valor.isoformat()
    return valor


def _data(valor: datetime.date) -> str:
    return f"{valor:%d/%m/%Y}"


# --- the chain of eligibility (same order and codes as authorizations.elegibilidade) ---------------------


def avaliar_elegibilidade(item: ItemParaAnalise, ctx: Contexto, estado: Estado,
                          ativas: dict[str, dict[str, Any]]) -> list[Proposta]:
    """Member → procedure/quantity → segmentação → coverage → carência → annual limit; the first failure of an
    enabled rule is the glosa (a disabled rule lets the chain go on)."""
    beneficiario = ctx.beneficiarios.get(item.carteira)
    if "elegibilidade" in ativas:
        chave = ("elegivel", item.carteira, item.data_execucao)
        resultado = estado.memo.get(chave)
        if resultado is None:
            resultado = estado.memo[chave] = verificar_beneficiario(beneficiario, data=item.data_execucao)
        if not resultado.elegivel:
            return [_proposta(item, "elegibilidade", resultado.codigo_tiss, resultado.motivo,
                              carteira=item.carteira, data_execucao=item.data_execucao,
                              situacao_beneficiario=beneficiario.situacao if beneficiario else None,
                              data_cancelamento=beneficiario.data_cancelamento if beneficiario else None)]
    if "procedimento" in ativas and item.tabela in TABELAS_TUSS:
        termo = ctx.termos.get((item.tabela, item.codigo))
        vigente = termo is not None and (termo["inicio"] is None or termo["inicio"] <= item.data_execucao) and (
            termo["fim"] is None or termo["fim"] >= item.data_execucao)
        if not vigente:
            return [_proposta(item, "procedimento", codigos.PROCEDIMENTO_INVALIDO,
                              f"Código {item.codigo} não está vigente na tabela TUSS {item.tabela} em "
                              f"{_data(item.data_execucao)}.", tabela=item.tabela, codigo=item.codigo)]
        if item.quantidade <= 0:
            return [_proposta(item, "procedimento", codigos.QUANTIDADE_INVALIDA,
                              "A quantidade executada deve ser maior que zero.", quantidade=item.quantidade)]
    if beneficiario is None or item.despesa:
        return []  # an outra despesa follows its procedure's coverage: only the member and the code are checked
    plano = beneficiario.plano
    grupo = ctx.grupo(item.codigo)
    if grupo is None:
        if "cobertura" in ativas:
            return [_proposta(item, "cobertura", codigos.SEM_COBERTURA_NO_PLANO,
                              f"O procedimento {item.codigo} não está em nenhum grupo coberto pelo plano.",
                              codigo=item.codigo, plano=plano.nome)]
        return []
    if "segmentacao" in ativas and grupo.segmentacao not in (plano.segmentacoes or []):
        codigo = (codigos.SEM_COBERTURA_ODONTOLOGICA if grupo.segmentacao == "odontologica"
                  else codigos.SEGMENTACAO_INCOMPATIVEL)
        return [_proposta(item, "segmentacao", codigo,
                          f"O plano {plano.nome} não tem a segmentação {grupo.get_segmentacao_display()}.",
                          plano=plano.nome, segmentacoes_do_plano=list(plano.segmentacoes or []),
                          segmentacao_exigida=grupo.segmentacao, grupo=grupo.codigo)]
    cobertura = ctx.coberturas.get((plano.id, grupo.id))
    if cobertura is None or not cobertura.coberto:
        if "cobertura" in ativas:
            return [_proposta(item, "cobertura", codigos.SEM_COBERTURA_NO_PLANO,
                              f"O plano {plano.nome} não cobre {grupo.nome}.", plano=plano.nome, grupo=grupo.codigo)]
        return []
    if "carencia" in ativas:
        carencia = cobertura.carencia_dias
        if item.carater == "2":
            carencia = min(carencia, CARENCIA_MAXIMA_URGENCIA_DIAS)
        fim = beneficiario.data_inclusao + datetime.timedelta(days=carencia)
        if item.data_execucao < fim:
            return [_proposta(item, "carencia", codigos.EM_CARENCIA,
                              f"Carência de {carencia} dia(s) para {grupo.nome}: cumprida em {_data(fim)}.",
                              data_inclusao=beneficiario.data_inclusao, carencia_dias=carencia, cumprida_em=fim,
                              data_execucao=item.data_execucao)]
    if "limite_anual" in ativas and cobertura.limite_anual is not None:
        ano = (item.carteira, item.data_execucao.year, grupo.codigo)
        usado = estado.uso_no_ano.get(ano, ctx.uso_no_ano.get(ano, Decimal(0)))
        limite = Decimal(cobertura.limite_anual)
        estado.uso_no_ano[ano] = usado + item.quantidade
        excedente = min(item.quantidade, usado + item.quantidade - limite)
        if excedente > 0:
            return [_proposta(item, "limite_anual", codigos.QUANTIDADE_ACIMA_DA_COBERTA,
                              f"Limite de {cobertura.limite_anual} por ano para {grupo.nome}: já utilizados "
                              f"{usado.normalize()}, glosado o excedente de {excedente.normalize()}.",
                              item.valor_unitario * excedente, limite_anual=cobertura.limite_anual, utilizado=usado,
                              excedente=excedente)]
    return []


# --- authorization ---------------------------------------------------------------------------------------


def exigencia(codigo: str, plano_id: int | None, ctx: Contexto) -> RegraAutorizacao | None:
    """The most specific active authorization rule (code+plan, code, group+plan, group), as
    `authorizations.rules.regras_para` decides it, over the rules loaded once for the protocol."""
    grupo = ctx.grupo(codigo)
    melhor: tuple[int, RegraAutorizacao] | None = None
    for regra in ctx.regras_autorizacao:
        if regra.plano_id is not None and regra.plano_id != plano_id:
            continue
        if regra.codigo_tuss != codigo and not (grupo is not None and regra.grupo_id == grupo.id):
            continue
        peso = (2 if regra.codigo_tuss else 0) + (1 if regra.plano_id else 0)
        if melhor is None or peso > melhor[0]:
            melhor = (peso, regra)
    return melhor[1] if melhor else None


def avaliar_autorizacao(item: ItemParaAnalise, ctx: Contexto, estado: Estado,
                        parametros: dict[str, Any]) -> list[Proposta]:
    beneficiario = ctx.beneficiarios.get(item.carteira)
    chave = ("exigencia", item.codigo, beneficiario.plano_id if beneficiario else None)
    if chave not in estado.memo:
        estado.memo[chave] = exigencia(item.codigo, chave[2], ctx)
    regra = estado.memo[chave]
    exige = regra is not None and regra.exigencia != RegraAutorizacao.Exigencia.LIVRE
    if not item.senha:
        if exige:
            return [_proposta(item, "autorizacao", codigos.EXIGE_AUTORIZACAO_PREVIA,
                              f"O procedimento {item.codigo} exige autorização prévia e a guia não informa senha.",
                              exigencia=regra.exigencia if regra else "", regra_autorizacao=regra.pk if regra else None)]
        return []
    if not exige and not parametros.get("verificar_senha_informada", True):
        return []
    senha = ctx.autorizacoes.get(item.senha)
    if senha is None:
        return [_proposta(item, "autorizacao", codigos.SENHA_INVALIDA,
                          f"A senha {item.senha} não foi emitida por esta operadora.", senha=item.senha)]
    evidencia = {"senha": item.senha, "autorizacao": senha.numero_guia_operadora}
    # The authorization flow's own rule for a senha used on a date (cancelled, not authorized, other provider,
    # other member, before the authorization, after the validity), with its TUSS 38 codes.
    problema = senha.problema_em(item.data_execucao, prestador_id=item.prestador_id, carteira=item.carteira)
    if problema is not None:
        codigo_glosa, motivo = problema
        return [_proposta(item, "autorizacao", codigo_glosa, f"Senha {item.senha}: {motivo}",
                          validade=senha.data_validade_senha, data_autorizacao=senha.data_autorizacao,
                          carteira_da_senha=senha.carteira, **evidencia)]
    autorizada = Decimal(senha.quantidade_autorizada(item.codigo))
    if not any(i.codigo == item.codigo for i in senha.itens):
        if not exige:
            return []
        return [_proposta(item, "autorizacao", codigos.CODIGO_DIFERENTE_DO_AUTORIZADO,
                          f"A senha {item.senha} não autoriza o procedimento {item.codigo}.",
                          codigos_autorizados=sorted({i.codigo for i in senha.itens}), **evidencia)]
    senha_codigo = (item.senha, item.codigo)
    ja = estado.uso_senha.get(senha_codigo, ctx.quantidade_ja_cobrada.get(senha_codigo, Decimal(0)))
    estado.uso_senha[senha_codigo] = ja + item.quantidade
    excedente = min(item.quantidade, ja + item.quantidade - autorizada)
    if excedente > 0:
        return [_proposta(item, "autorizacao", codigos.QUANTIDADE_ACIMA_DA_AUTORIZADA,
                          f"Autorizada(s) {autorizada.normalize()}, já cobrada(s) {ja.normalize()}: glosado o "
                          f"excedente de {excedente.normalize()}.", item.valor_unitario * excedente,
                          quantidade_autorizada=autorizada, ja_cobrada=ja, excedente=excedente, **evidencia)]
    return []


# --- the other rules ---------------------------------------------------------------------------------------


def avaliar_duplicidade(item: ItemParaAnalise, ctx: Contexto, estado: Estado,
                        parametros: dict[str, Any]) -> list[Proposta]:
    primeira = ctx.primeira_cobranca.get((item.carteira, item.codigo, item.data_execucao))
    if primeira is None or primeira == item.item_id:
        return []
    return [_proposta(item, "duplicidade", codigos.DUPLICIDADE,
                      f"{item.codigo} para a carteira {item.carteira} em {_data(item.data_execucao)} já foi cobrado.",
                      item_cobrado_antes=primeira)]


def avaliar_preco(item: ItemParaAnalise, ctx: Contexto, estado: Estado, parametros: dict[str, Any]) -> list[Proposta]:
    preco = ctx.precos.valor(tabela=item.tabela, codigo=item.codigo, em=item.data_execucao)
    if preco is None:
        return []
    tolerancia = Decimal(str(parametros.get("tolerancia") or "0"))
    if item.valor_unitario <= preco + tolerancia:
        return []
    diferenca = (item.valor_unitario - preco) * item.quantidade
    return [_proposta(item, "preco_contratado", codigos.VALOR_APRESENTADO_A_MAIOR,
                      f"Valor unitário {brl(item.valor_unitario)} acima do contratado ({brl(preco)}): glosada a "
                      f"diferença.", diferenca, valor_unitario_informado=item.valor_unitario,
                      valor_contratado=preco, quantidade=item.quantidade)]


def _por_prefixo(codigo: str, tabela: dict[str, Any]) -> Any:
    melhor = None
    for prefixo, valor in tabela.items():
        if codigo.startswith(prefixo) and (melhor is None or len(prefixo) > len(melhor[0])):
            melhor = (prefixo, valor)
    return melhor[1] if melhor else None


def avaliar_quantidade(item: ItemParaAnalise, ctx: Contexto, estado: Estado,
                       parametros: dict[str, Any]) -> list[Proposta]:
    maximo = (parametros.get("por_codigo") or {}).get(item.codigo)
    if maximo is None:
        maximo = _memo_prefixo(estado, "quantidade_por_prefixo", item.codigo, parametros.get("por_prefixo") or {})
    if maximo is None or item.quantidade <= Decimal(str(maximo)):
        return []
    excedente = item.quantidade - Decimal(str(maximo))
    return [_proposta(item, "quantidade_maxima", codigos.QUANTIDADE_ACIMA_DA_MAXIMA,
                      f"Quantidade {item.quantidade.normalize()} acima do máximo de {maximo} por atendimento para "
                      f"{item.codigo}: glosado o excedente.", item.valor_unitario * excedente,
                      maximo=maximo, quantidade=item.quantidade, excedente=excedente)]


def avaliar_prazo(item: ItemParaAnalise, ctx: Contexto, estado: Estado, parametros: dict[str, Any]) -> list[Proposta]:
    dias = parametros.get("dias") or ctx.prazo_faturamento_dias
    limite = item.data_execucao + datetime.timedelta(days=int(dias))
    if ctx.recebido_em <= limite:
        return []
    return [_proposta(item, "prazo_faturamento", codigos.COBRANCA_FORA_DO_PRAZO,
                      f"Executado em {_data(item.data_execucao)} e apresentado em {_data(ctx.recebido_em)}: "
                      f"prazo de {dias} dias vencido em {_data(limite)}.", prazo_dias=dias, limite=limite,
                      recebido_em=ctx.recebido_em)]


def _memo_prefixo(estado: Estado, nome: str, chave: str, tabela: dict[str, Any]) -> Any:
    memo = (nome, chave)
    if memo not in estado.memo:
        estado.memo[memo] = _por_prefixo(chave, tabela)
    return estado.memo[memo]


def avaliar_profissional(item: ItemParaAnalise, ctx: Contexto, estado: Estado,
                         parametros: dict[str, Any]) -> list[Proposta]:
    permitidos = _memo_prefixo(estado, "cbo_por_prefixo", item.codigo, parametros.get("cbo_por_prefixo") or {})
    if permitidos is None and not item.conselho and not item.cbo:
        return []  # no professional is asked for this procedure (e.g. a lab exam without one)
    if not (item.conselho and item.numero_conselho and item.uf_conselho):
        return [_proposta(item, "profissional", codigos.CONSELHO_INVALIDO,
                          "Conselho, número e UF do profissional executante devem ser informados.",
                          conselho=item.conselho, numero=item.numero_conselho, uf=item.uf_conselho)]
    conselhos = _memo_prefixo(estado, "conselho_por_cbo", item.cbo, parametros.get("conselho_por_cbo") or {})
    if conselhos is not None and item.conselho not in conselhos:
        return [_proposta(item, "profissional", codigos.CONSELHO_INVALIDO,
                          f"O conselho {item.conselho} não corresponde ao CBO {item.cbo} do executante.",
                          conselho=item.conselho, cbo=item.cbo, conselhos_esperados=conselhos)]
    if permitidos is not None and not any(item.cbo.startswith(p) for p in permitidos):
        return [_proposta(item, "profissional", codigos.CBO_NAO_AUTORIZADO,
                          f"O CBO {item.cbo or '(não informado)'} não está habilitado para {item.codigo}.",
                          cbo=item.cbo, cbos_permitidos=permitidos)]
    return []


def _idade(nascimento: datetime.date, em: datetime.date) -> int:
    return em.year - nascimento.year - ((em.month, em.day) < (nascimento.month, nascimento.day))


def _sexo_do_procedimento(item: ItemParaAnalise, ctx: Contexto,
                          parametros: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    termo = ctx.termos.get((item.tabela, item.codigo))
    extras = (termo or {}).get("extras") or {}
    sexo = extras.get("sexo") or _por_prefixo(item.codigo, parametros.get("sexo_por_prefixo") or {})
    if sexo is None and termo is not None:
        texto = termo["termo_dobrado"]
        sexo = next((s for palavra, s in (parametros.get("sexo_por_termo") or {}).items() if palavra in texto), None)
    return sexo, extras


def avaliar_sexo_idade(item: ItemParaAnalise, ctx: Contexto, estado: Estado,
                       parametros: dict[str, Any]) -> list[Proposta]:
    beneficiario = ctx.beneficiarios.get(item.carteira)
    if beneficiario is None:
        return []
    chave = ("sexo_do_procedimento", item.tabela, item.codigo)
    if chave not in estado.memo:
        estado.memo[chave] = _sexo_do_procedimento(item, ctx, parametros)
    sexo, extras = estado.memo[chave]
    if sexo and beneficiario.sexo in ("M", "F") and beneficiario.sexo != sexo:
        return [_proposta(item, "sexo_idade", codigos.SEXO_INCOMPATIVEL,
                          f"O procedimento {item.codigo} é do sexo {'feminino' if sexo == 'F' else 'masculino'}; o "
                          f"beneficiário é do sexo {beneficiario.get_sexo_display().lower()}.",
                          sexo_do_procedimento=sexo, sexo_do_beneficiario=beneficiario.sexo)]
    faixa = (parametros.get("idade_por_codigo") or {}).get(item.codigo)
    minima = extras.get("idade_minima", faixa[0] if faixa else None)
    maxima = extras.get("idade_maxima", faixa[1] if faixa else None)
    if minima is None and maxima is None:
        return []
    idade = _idade(beneficiario.data_nascimento, item.data_execucao)
    if (minima is not None and idade < int(minima)) or (maxima is not None and idade > int(maxima)):
        return [_proposta(item, "sexo_idade", codigos.IDADE_INCOMPATIVEL,
                          f"Idade de {idade} ano(s) fora da faixa do procedimento {item.codigo} "
                          f"({minima if minima is not None else 0} a {maxima if maxima is not None else '∞'}).",
                          idade=idade, idade_minima=minima, idade_maxima=maxima)]
    return []


Avaliador = Callable[[ItemParaAnalise, Contexto, Estado, dict[str, Any]], list[Proposta]]
AVALIADORES: dict[str, Avaliador] = {
    "autorizacao": avaliar_autorizacao,
    "duplicidade": avaliar_duplicidade,
    "preco_contratado": avaliar_preco,
    "quantidade_maxima": avaliar_quantidade,
    "prazo_faturamento": avaliar_prazo,
    "profissional": avaliar_profissional,
    "sexo_idade": avaliar_sexo_idade,
}
# What applies to an outra despesa besides the member and the code: its contracted price and the deadline.
REGRAS_DE_DESPESA = ("preco_contratado", "prazo_faturamento")
CADEIA_ELEGIBILIDADE = ("elegibilidade", "procedimento", "segmentacao", "cobertura", "carencia", "limite_anual")


def avaliar(itens: Iterable[ItemParaAnalise], ctx: Contexto, configuracao: dict[str, dict[str, Any]]) -> list[Proposta]:
    """Every enabled rule over every item, in order (items in guide/sequence order, so quantities consumed by
    earlier items count for later ones)."""
    ativas = {codigo: cfg["parametros"] for codigo, cfg in configuracao.items() if cfg["ativa"]}
    cadeia = any(codigo in ativas for codigo in CADEIA_ELEGIBILIDADE)
    outras = [(AVALIADORES[codigo], parametros) for codigo, parametros in ativas.items() if codigo in AVALIADORES]
    estado = Estado()
    propostas: list[Proposta] = []
    da_despesa = [(AVALIADORES[c], ativas[c]) for c in REGRAS_DE_DESPESA if c in ativas]
    for item in itens:
        if item.despesa:
            if cadeia:
                propostas.extend(avaliar_elegibilidade(item, ctx, estado, ativas))
            for avaliador, parametros in da_despesa:
                propostas.extend(avaliador(item, ctx, estado, parametros))
            continue
        if cadeia:
            propostas.extend(avaliar_elegibilidade(item, ctx, estado, ativas))
        for avaliador, parametros in outras:
            propostas.extend(avaliador(item, ctx, estado, parametros))
    return propostas
