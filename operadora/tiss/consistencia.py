"""Conferências de um lote que não precisam de banco de dados: as que o XSD não faz.

Estrutura (na árvore, antes mesmo do XSD): no máximo 100 guias, de um só tipo. Conteúdo (no modelo tipado):
números de guia únicos no lote, sequenciais únicos na guia, valores e quantidades não negativos, valores de
itens e totais das guias que fecham,
datas que não estão no futuro, registro ANS das guias igual ao do destino (e ao da operadora que recebe).
"""

from collections.abc import Iterator
from decimal import Decimal

from lxml import etree

from . import codigos
from .guias import (
    Guia,
    GuiaConsulta,
    GuiaHonorarios,
    GuiaOdontologia,
    GuiaResumoInternacao,
    GuiaSPSADT,
    Lote,
    OutraDespesa,
    Procedimento,
    ProcedimentoOdontologia,
    ValorTotalGuia,
)
from .mapeamento import PREFIXO, caminho_do_campo, caminho_tiss
from .mensagem import Cabecalho
from .politica import PoliticaTiss
from .relatorio import ErroValidacao

MAX_GUIAS_POR_LOTE = 100
# Quantidades, fatores e valores dos itens que o XSD (st_decimal sem mínimo) deixa negativos e uma cobrança
# do prestador nunca traz.
_NAO_NEGATIVOS = (
    "quantidade_executada",
    "qtd_us",
    "reducao_acrescimo",
    "valor_unitario",
    "valor_total",
    "valor_proc",
    "valor_franquia",
)
TOLERANCIA = Decimal("0.01")
ZERO = Decimal("0")


def verificar_estrutura_lote(lote: etree._Element) -> list[ErroValidacao]:
    """Quantidade e tipo das guias de `loteGuias`, direto na árvore (vale mesmo se o XSD falhar)."""
    guias_tiss = lote.find(PREFIXO + "guiasTISS")
    if guias_tiss is None:
        return []
    guias = [guia for guia in guias_tiss if isinstance(guia.tag, str)]
    erros: list[ErroValidacao] = []
    caminho = caminho_tiss(guias_tiss)
    if len(guias) > MAX_GUIAS_POR_LOTE:
        erros.append(
            ErroValidacao(
                guias[MAX_GUIAS_POR_LOTE].sourceline,
                caminho,
                codigos.GUIAS_ACIMA_DO_MAXIMO,
                f"O lote tem {len(guias)} guias; o máximo por lote é {MAX_GUIAS_POR_LOTE}.",
            )
        )
    tipos = {etree.QName(guia).localname for guia in guias}
    if len(tipos) > 1:
        nomes = ", ".join(f"ans:{tipo}" for tipo in sorted(tipos))
        erros.append(
            ErroValidacao(
                guias_tiss.sourceline,
                caminho,
                codigos.TIPO_GUIA_INVALIDO,
                f"Um lote deve ter guias de um só tipo; este mistura {nomes}.",
            )
        )
    return erros


class _Conferencia:
    """Percorre um lote tipado e acumula os erros, cada um com linha e caminho TISS. Os caminhos só são
    montados quando há erro: num lote válido, nenhuma string de caminho é construída."""

    def __init__(self, lote: Lote, caminho_lote: str, cabecalho: Cabecalho, politica: PoliticaTiss) -> None:
        self.lote = lote
        self.caminho_guias = f"{caminho_lote}/ans:guiasTISS"
        self.cabecalho = cabecalho
        self.politica = politica
        self.hoje = politica.hoje()
        self.erros: list[ErroValidacao] = []

    def erro(self, linha: int | None, caminho: str, codigo: str, mensagem: str) -> None:
        self.erros.append(ErroValidacao(linha, caminho, codigo, mensagem))

    def conferir(self) -> list[ErroValidacao]:
        self.conferir_destino()
        self.conferir_data_da_transacao()
        guias = self.lote.guias
        com_indice = len(guias) > 1
        vistos: set[str] = set()
        for indice, guia in enumerate(guias, start=1):
            caminho = _CaminhoGuia(self.caminho_guias, guia, indice if com_indice else None)
            if guia.numero_guia_prestador in vistos:
                self.erro(
                    guia.linha,
                    str(caminho),
                    codigos.GUIA_JA_APRESENTADA,
                    f"O número de guia {guia.numero_guia_prestador} aparece mais de uma vez no lote.",
                )
            vistos.add(guia.numero_guia_prestador)
            self.conferir_registro_ans(guia, caminho)
            self.conferir_datas(guia, caminho)
            self.conferir_itens(guia, caminho)
            self.conferir_totais(guia, caminho)
        return self.erros

    def conferir_destino(self) -> None:
        esperado = self.politica.registro_ans_destino
        destino = self.cabecalho.destino_registro_ans
        if esperado is not None and destino != esperado:
            self.erro(
                None,
                "ans:cabecalho/ans:destino/ans:registroANS",
                codigos.REGISTRO_ANS_INVALIDO,
                f"A mensagem é destinada ao registro ANS {destino or '(ausente)'}, não a esta operadora ({esperado}).",
            )

    def conferir_data_da_transacao(self) -> None:
        if self.cabecalho.data_registro_transacao > self.hoje:
            self.erro(
                None,
                "ans:cabecalho/ans:identificacaoTransacao/ans:dataRegistroTransacao",
                codigos.DATA_REGISTRO_TRANSACAO_INVALIDA,
                f"A data de registro da transação ({self.cabecalho.data_registro_transacao:%d/%m/%Y}) está no futuro.",
            )

    def conferir_registro_ans(self, guia: Guia, caminho: "_CaminhoGuia") -> None:
        destino = self.cabecalho.destino_registro_ans
        if destino is not None and guia.registro_ans != destino:
            self.erro(
                guia.linha,
                f"{caminho}/{caminho_do_campo(type(guia), 'registro_ans')}",
                codigos.REGISTRO_ANS_INVALIDO,
                f"A guia {guia.numero_guia_prestador} traz o registro ANS {guia.registro_ans}, "
                f"mas a mensagem é destinada ao registro {destino}.",
            )

    def conferir_datas(self, guia: Guia, caminho: "_CaminhoGuia") -> None:
        hoje = self.hoje
        futuras = sorted({data for data in guia.datas_de_atendimento if data > hoje})
        if isinstance(guia, GuiaHonorarios) and guia.data_emissao_guia > hoje:
            futuras.append(guia.data_emissao_guia)
        if futuras:
            datas = ", ".join(f"{data:%d/%m/%Y}" for data in futuras)
            self.erro(
                guia.linha,
                str(caminho),
                codigos.DATA_ATENDIMENTO_POSTERIOR_AO_ENVIO,
                f"A guia {guia.numero_guia_prestador} tem datas no futuro: {datas}.",
            )

    def conferir_itens(self, guia: Guia, caminho: "_CaminhoGuia") -> None:
        if isinstance(guia, GuiaConsulta) and guia.valor_procedimento < ZERO:
            self.erro(
                guia.linha,
                f"{caminho}/{caminho_do_campo(GuiaConsulta, 'valor_procedimento')}",
                codigos.VALOR_INFORMADO_INVALIDO,
                f"A guia {guia.numero_guia_prestador} informa valor de procedimento negativo "
                f"({guia.valor_procedimento}).",
            )
        sequenciais: set[int] = set()
        for item in guia.itens:
            for nome in _NAO_NEGATIVOS:
                valor = getattr(item, nome, None)
                if valor is not None and valor < ZERO:
                    self.erro(
                        item.linha,
                        f"{caminho}/{_caminho_item(guia, item)}/{caminho_do_campo(type(item), nome)}",
                        codigos.VALOR_INFORMADO_INVALIDO,
                        f"O item {item.sequencial_item} da guia {guia.numero_guia_prestador} informa "
                        f"ans:{caminho_do_campo(type(item), nome).rsplit(':', 1)[-1]} negativo ({valor}).",
                    )
            if item.sequencial_item in sequenciais:
                self.erro(
                    item.linha,
                    f"{caminho}/{_caminho_item(guia, item)}",
                    codigos.SEQUENCIAL_INVALIDO,
                    f"O sequencial de item {item.sequencial_item} se repete na guia {guia.numero_guia_prestador}.",
                )
            sequenciais.add(item.sequencial_item)
            if isinstance(item, Procedimento | OutraDespesa):
                calculado = item.valor_calculado
                if abs(calculado - item.valor_total) > TOLERANCIA:
                    self.erro(
                        item.linha,
                        f"{caminho}/{_caminho_item(guia, item)}/{_caminho_valor_total(item)}",
                        codigos.VALOR_INFORMADO_INVALIDO,
                        f"O item {item.sequencial_item} da guia {guia.numero_guia_prestador} informa valor total "
                        f"{item.valor_total}, mas quantidade × valor unitário × redução/acréscimo dá {calculado}.",
                    )

    def conferir_totais(self, guia: Guia, caminho: "_CaminhoGuia") -> None:
        for campo_total, declarado, somado in _totais(guia):
            if declarado is not None and declarado != somado:
                self.erro(
                    guia.linha,
                    f"{caminho}/{campo_total}",
                    codigos.VALOR_GUIA_DIFERENTE_DOS_ITENS,
                    f"O total {campo_total} da guia {guia.numero_guia_prestador} é {declarado}, "
                    f"mas a soma dos itens dá {somado}.",
                )


class _CaminhoGuia:
    """O caminho TISS de uma guia do lote, montado só quando um erro o usa (`str` ou f-string)."""

    __slots__ = ("caminho_guias", "guia", "indice")

    def __init__(self, caminho_guias: str, guia: Guia, indice: int | None) -> None:
        self.caminho_guias = caminho_guias
        self.guia = guia
        self.indice = indice

    def __str__(self) -> str:
        sufixo = f"[{self.indice}]" if self.indice is not None else ""
        return f"{self.caminho_guias}/ans:{self.guia.TAG}{sufixo}"


def _caminho_item(guia: Guia, item: object) -> str:
    nome = "outras_despesas" if isinstance(item, OutraDespesa) else "procedimentos"
    return caminho_do_campo(type(guia), nome)


def _caminho_valor_total(item: Procedimento | OutraDespesa) -> str:
    return caminho_do_campo(type(item), "valor_total")


def _soma(valores: Iterator[Decimal]) -> Decimal:
    return sum(valores, Decimal("0"))


def _totais(guia: Guia) -> Iterator[tuple[str, Decimal | None, Decimal]]:
    """(caminho do total, valor declarado, soma dos itens) de cada total que a guia declara."""
    if isinstance(guia, GuiaSPSADT | GuiaResumoInternacao):
        yield from _totais_por_natureza(guia.valor_total, guia.procedimentos, guia.outras_despesas)
    elif isinstance(guia, GuiaHonorarios):
        yield (
            "ans:valorTotalHonorarios",
            guia.valor_total_honorarios,
            _soma(p.valor_total for p in guia.procedimentos),
        )
    elif isinstance(guia, GuiaOdontologia):
        procedimentos: tuple[ProcedimentoOdontologia, ...] = guia.procedimentos
        yield "ans:valorTotalProc", guia.valor_total_proc, _soma(p.valor_proc for p in procedimentos)
        yield (
            "ans:valorTotalFranquia",
            guia.valor_total_franquia,
            _soma(p.valor_franquia or Decimal("0") for p in procedimentos),
        )
    elif isinstance(guia, GuiaConsulta):
        return


_BASE_VALOR_TOTAL = caminho_do_campo(GuiaSPSADT, "valor_total")
# (código da despesa, campo do ValorTotalGuia, caminho do total), na ordem de `OutraDespesa.CODIGOS_DESPESA`.
_TOTAIS_DE_DESPESA = tuple(
    (codigo, nome, f"{_BASE_VALOR_TOTAL}/{caminho_do_campo(ValorTotalGuia, nome)}")
    for codigo, nome in OutraDespesa.CODIGOS_DESPESA.items()
)
_TOTAL_PROCEDIMENTOS = f"{_BASE_VALOR_TOTAL}/ans:valorProcedimentos"
_TOTAL_GERAL = f"{_BASE_VALOR_TOTAL}/ans:valorTotalGeral"


def _totais_por_natureza(
    total: ValorTotalGuia, procedimentos: tuple[Procedimento, ...], despesas: tuple[OutraDespesa, ...]
) -> Iterator[tuple[str, Decimal | None, Decimal]]:
    soma_procedimentos = _soma(p.valor_total for p in procedimentos)
    yield _TOTAL_PROCEDIMENTOS, total.valor_procedimentos, soma_procedimentos
    # Uma passada pelas despesas, somando por código na ordem do documento (a mesma ordem de soma de antes).
    por_codigo: dict[str, Decimal] = {}
    for despesa in despesas:
        por_codigo[despesa.codigo_despesa] = (
            por_codigo.get(despesa.codigo_despesa, ZERO) + despesa.valor_total
        )
    for codigo, nome, caminho in _TOTAIS_DE_DESPESA:
        yield caminho, getattr(total, nome), por_codigo.get(codigo, ZERO)
    geral = soma_procedimentos + _soma(d.valor_total for d in despesas)
    yield _TOTAL_GERAL, total.valor_total_geral, geral


def verificar_lote(
    lote: Lote, caminho_lote: str, cabecalho: Cabecalho, politica: PoliticaTiss
) -> list[ErroValidacao]:
    """As conferências de conteúdo de um lote tipado; `caminho_lote` é o caminho TISS de `loteGuias`."""
    return _Conferencia(lote, caminho_lote, cabecalho, politica).conferir()
