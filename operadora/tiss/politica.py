"""A política TISS de uma operadora: o que ela aceita receber e como confere o hash.

Quem chama o motor monta a política (o faturamento, a partir do cadastro da Operadora); o motor não lê
configuração de lugar nenhum.
"""

import datetime
from dataclasses import dataclass
from typing import Final, Literal
from zoneinfo import ZoneInfo

FUSO_BRASILIA = ZoneInfo("America/Sao_Paulo")

ISO_8859_1: Final = "iso-8859-1"
UTF_8: Final = "utf-8"

PoliticaHash = Literal["aceitar_ambos", "iso_8859_1_estrito"]


@dataclass(frozen=True, kw_only=True, slots=True)
class PoliticaTiss:
    max_bytes: int = 20 * 1024 * 1024
    # Profundidade de elementos: uma guia TISS chega a ~12 níveis; um envelope SOAP soma 3.
    max_profundidade: int = 40
    politica_hash: PoliticaHash = "aceitar_ambos"
    versoes_aceitas: tuple[str, ...] = ("4.01.00", "4.02.00", "4.03.00")
    # Registro ANS da operadora que recebe; None dispensa a conferência do destino.
    registro_ans_destino: str | None = None
    # Codificação em que os builders escrevem e calculam o hash.
    codificacao_saida: Literal["iso-8859-1", "utf-8"] = ISO_8859_1
    # Referência de "data no futuro"; None é hoje em Brasília (fixá-la serve a reprocessamentos e testes).
    data_de_referencia: datetime.date | None = None

    def hoje(self) -> datetime.date:
        return self.data_de_referencia or datetime.datetime.now(tz=FUSO_BRASILIA).date()


POLITICA_PADRAO = PoliticaTiss()
