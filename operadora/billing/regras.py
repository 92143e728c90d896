"""Receipt rules shared by every way in (portal typing, XML upload, CLI, later SOAP): each works on a neutral
summary of the presented guides, so a typed lote and a received file are judged alike. Reports use the
engine's `ErroValidacao` (line, TISS path or guide number, TUSS 38 code, pt-BR message).

Database-free; the checks that need the database (guide already presented, lote number reused) live in
`services` and use the same report shape.
"""

import datetime
from collections.abc import Iterable, Sequence
from collections.abc import Set as ConjuntoDeTextos
from dataclasses import dataclass

from operadora.registry.models import Operadora
from operadora.tiss import guias as t
from operadora.tiss.relatorio import ErroValidacao

from . import codigos
from .conversao import TIPO_POR_CLASSE


@dataclass(frozen=True, slots=True)
class GuiaApresentada:
    numero: str
    tipo: str
    registro_ans: str
    datas: tuple[datetime.date, ...]
    linha: int | None = None
    caminho: str = ""


def apresentadas_do_lote(lote: t.Lote) -> list[GuiaApresentada]:
    """The summaries of a typed lote's guides (paths as the engine reports them)."""
    guias = lote.guias
    resultado = []
    for indice, guia in enumerate(guias, start=1):
        sufixo = f"[{indice}]" if len(guias) > 1 else ""
        resultado.append(
            GuiaApresentada(
                numero=guia.numero_guia_prestador,
                tipo=TIPO_POR_CLASSE[type(guia)],
                registro_ans=guia.registro_ans,
                datas=tuple(guia.datas_de_atendimento),
                linha=guia.linha,
                caminho=f"ans:loteGuias/ans:guiasTISS/ans:{guia.TAG}{sufixo}",
            )
        )
    return resultado


def _fmt(data: datetime.date) -> str:
    return f"{data:%d/%m/%Y}"


def data_limite_faturamento(operadora: Operadora, hoje: datetime.date) -> datetime.date:
    """The oldest service date still within the operadora's billing deadline."""
    return hoje - datetime.timedelta(days=operadora.prazo_faturamento_dias)


def conferir_guias(
    *, operadora: Operadora, guias: Sequence[GuiaApresentada], hoje: datetime.date
) -> list[ErroValidacao]:
    """≤ the operadora's max per lote, one guide type, the operadora's registro ANS, service dates inside the
    billing deadline and not in the future. Every refused guide is listed with its reason and code."""
    erros: list[ErroValidacao] = []
    if len(guias) > operadora.max_guias_lote:
        erros.append(
            ErroValidacao(
                None,
                "ans:loteGuias/ans:guiasTISS",
                codigos.GUIAS_ACIMA_DO_MAXIMO,
                f"Este lote tem {len(guias)} guias. Limite máximo permitido por lote é de "
                f"{operadora.max_guias_lote} guias.",
            )
        )
    if not guias:
        erros.append(
            ErroValidacao(
                None, "ans:loteGuias/ans:guiasTISS", codigos.MENSAGEM_FORA_DO_PADRAO, "O lote não tem guias."
            )
        )
    tipos = {g.tipo for g in guias}
    if len(tipos) > 1:
        erros.append(
            ErroValidacao(
                None,
                "ans:loteGuias/ans:guiasTISS",
                codigos.TIPO_GUIA_INVALIDO,
                "Um lote deve ter guias de um só tipo.",
            )
        )
    limite = data_limite_faturamento(operadora, hoje)
    for guia in guias:
        onde = guia.caminho or f"guia {guia.numero}"
        if guia.registro_ans != operadora.registro_ans:
            erros.append(
                ErroValidacao(
                    guia.linha,
                    onde,
                    codigos.REGISTRO_ANS_INVALIDO,
                    f"A guia {guia.numero} traz o registro ANS {guia.registro_ans}, não o da "
                    f"operadora {operadora.nome_fantasia} ({operadora.registro_ans}).",
                )
            )
        if not guia.datas:
            erros.append(
                ErroValidacao(
                    guia.linha,
                    onde,
                    codigos.DATA_ATENDIMENTO_NAO_INFORMADA,
                    f"A guia {guia.numero} não informa a data do atendimento.",
                )
            )
            continue
        antiga = min(guia.datas)
        if antiga < limite:
            erros.append(
                ErroValidacao(
                    guia.linha,
                    onde,
                    codigos.COBRANCA_FORA_DO_PRAZO,
                    f"A guia {guia.numero} tem atendimento em {_fmt(antiga)}, fora do prazo de faturamento de "
                    f"{operadora.prazo_faturamento_dias} dias (aceitos atendimentos desde {_fmt(limite)}).",
                )
            )
        futura = max(guia.datas)
        if futura > hoje:
            erros.append(
                ErroValidacao(
                    guia.linha,
                    onde,
                    codigos.DATA_ATENDIMENTO_POSTERIOR_AO_ENVIO,
                    f"A guia {guia.numero} tem data de atendimento no futuro ({_fmt(futura)}).",
                )
            )
    return erros


def guias_repetidas(guias: Iterable[GuiaApresentada], ja_apresentadas: ConjuntoDeTextos[str]) -> list[ErroValidacao]:
    return [
        ErroValidacao(
            g.linha,
            g.caminho or f"guia {g.numero}",
            codigos.GUIA_JA_APRESENTADA,
            f"A guia {g.numero} já foi apresentada a esta operadora em outro lote.",
        )
        for g in guias
        if g.numero in ja_apresentadas
    ]
