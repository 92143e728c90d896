"""Validação de lotes SP/SADT de 100 guias (~3 itens cada): este motor contra o piso e contra um par.

- motor: `operadora.tiss.validation.validar` (análise segura, XSD, hash, consistência e parse tipado);
- piso: `lxml.etree.fromstring` + `XMLSchema.validate` dos mesmos bytes, com o mesmo schema compilado;
- par: `tiss.validate` do pacote `tiss` (PyPI).

Tudo na mesma execução; imprime medianas e razões (sem aprovar ou reprovar nada). Metas: motor ≤ 3× o piso
e ≥ 10× mais rápido que o par.
"""

import gc
import statistics
import time
from collections.abc import Callable

import tiss
from lxml import etree

from operadora.tiss import builders, exemplos
from operadora.tiss.guias import GuiaSPSADT
from operadora.tiss.politica import PoliticaTiss
from operadora.tiss.schemas import RegistroSchemas
from operadora.tiss.validation import validar

VERSAO = "4.03.00"
LOTES = 5
GUIAS_POR_LOTE = 100
ITENS_POR_GUIA = 3
RODADAS = 20
RODADAS_PAR = 3  # o par é ~30× mais lento: menos rodadas bastam para a mediana


def _lotes() -> list[bytes]:
    return [
        builders.construir_lote_guias(
            exemplos.lote(
                GuiaSPSADT, quantidade=GUIAS_POR_LOTE, itens=ITENS_POR_GUIA, numero_lote=str(numero)
            ),
            versao=VERSAO,
            sequencial_transacao=str(numero),
            registro_ans=exemplos.REGISTRO_ANS,
            prestador=exemplos.PRESTADOR,
            momento=exemplos.MOMENTO,
        )
        for numero in range(1, LOTES + 1)
    ]


def _medianas(
    funcoes: dict[str, Callable[[bytes], object]], lotes: list[bytes], rodadas: int
) -> dict[str, float]:
    """Mediana por lote de cada função, intercaladas (mesmo lote, mesma rodada) para que o ruído da máquina
    afete todas por igual. Coleta de lixo desligada durante a medição, como no `timeit`."""
    tempos: dict[str, list[float]] = {nome: [] for nome in funcoes}
    gc.collect()
    gc.disable()
    try:
        for _ in range(rodadas):
            for dados in lotes:
                for nome, funcao in funcoes.items():
                    inicio = time.perf_counter()
                    funcao(dados)
                    tempos[nome].append(time.perf_counter() - inicio)
    finally:
        gc.enable()
    return {nome: statistics.median(medidos) for nome, medidos in tempos.items()}


def run() -> None:
    lotes = _lotes()
    registro = RegistroSchemas()
    politica = PoliticaTiss(registro_ans_destino=exemplos.REGISTRO_ANS)
    schema = registro.schema(VERSAO).xsd

    def motor(dados: bytes) -> object:
        return validar(dados, politica, registro)

    def piso(dados: bytes) -> object:
        return schema.validate(etree.fromstring(dados))

    def par(dados: bytes) -> object:
        return tiss.validate(dados)

    relatorio = motor(lotes[0])
    assert relatorio.valido and relatorio.guias == GUIAS_POR_LOTE, relatorio.erros
    assert piso(lotes[0])
    for funcao in (motor, piso, par):  # aquecimento: schemas compilados, caches preenchidos
        funcao(lotes[0])

    tamanho = statistics.mean(len(dados) for dados in lotes) / 1024
    print(
        f"{LOTES} lotes de {GUIAS_POR_LOTE} guias SP/SADT × {ITENS_POR_GUIA} itens, ~{tamanho:.0f} KiB cada, TISS {VERSAO}"
    )
    medianas = _medianas({"piso (lxml + XSD)": piso, "motor (operadora.tiss)": motor}, lotes, RODADAS)
    # O par roda intercalado com o motor (menos rodadas: é ~30× mais lento), e a razão par/motor usa a mediana
    # do motor desse mesmo bloco: as duas medidas sob a mesma carga da máquina, como a razão motor/piso.
    com_par = _medianas({"par (tiss.validate)": par, "motor": motor}, lotes, RODADAS_PAR)
    medianas["par (tiss.validate)"] = com_par["par (tiss.validate)"]
    for nome, segundos in medianas.items():
        print(f"  {nome:<24} mediana {segundos * 1000:8.2f} ms/lote")
    piso_s, motor_s, par_s = medianas.values()
    print(f"  motor / piso = {motor_s / piso_s:.2f}×   (meta ≤ 3×)")
    print(
        f"  par / motor  = {par_s / com_par['motor']:.1f}×   (meta ≥ 10×; motor a {com_par['motor'] * 1000:.2f} ms "
        "no bloco do par)"
    )
