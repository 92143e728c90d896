"""A mensagem TISS tipada: o cabeçalho e o conteúdo (lote de guias, pedido ou resposta)."""

import datetime
from dataclasses import dataclass
from typing import Any, TypeVar

from lxml import etree

from . import guias, requests, respostas
from .errors import MensagemNaoTiss
from .guias import PrestadorIdentificacao
from .hashing import Lidos
from .mapeamento import PREFIXO, campo, ler, obrigatorio
from .parsing import MENSAGEM_TISS, DocumentoTiss


@dataclass(frozen=True, kw_only=True, slots=True)
class Cabecalho:
    """`cabecalhoTransacao`."""

    tipo_transacao: str = obrigatorio("identificacaoTransacao/tipoTransacao")
    sequencial_transacao: str = obrigatorio("identificacaoTransacao/sequencialTransacao")
    data_registro_transacao: datetime.date = obrigatorio("identificacaoTransacao/dataRegistroTransacao")
    hora_registro_transacao: datetime.time = obrigatorio("identificacaoTransacao/horaRegistroTransacao")
    falha_negocio: str | None = campo("falhaNegocio")
    origem_prestador: PrestadorIdentificacao | None = campo("origem/identificacaoPrestador")
    origem_registro_ans: str | None = campo("origem/registroANS")
    destino_prestador: PrestadorIdentificacao | None = campo("destino/identificacaoPrestador")
    destino_registro_ans: str | None = campo("destino/registroANS")
    padrao: str = obrigatorio("Padrao")
    login_prestador: str | None = campo("loginSenhaPrestador/loginPrestador")
    senha_prestador: str | None = campo("loginSenhaPrestador/senhaPrestador")


T = TypeVar("T")

SENTIDOS = ("prestadorParaOperadora", "operadoraParaPrestador")

# Conteúdos tipados: o caminho do elemento (na mensagemTISS e no *WS) → classe.
_CLASSES: tuple[type, ...] = (guias.Lote, *requests.PEDIDOS, *respostas.RESPOSTAS)
_POR_CAMINHO: dict[str, type] = {}
for _classe in _CLASSES:
    _elemento: str = _classe.ELEMENTO  # type: ignore[attr-defined]
    _POR_CAMINHO[_elemento] = _classe
    _POR_CAMINHO.setdefault(getattr(_classe, "ELEMENTO_WS", _elemento), _classe)


@dataclass(frozen=True, slots=True)
class MensagemTiss:
    """O resultado do parse tipado. `conteudo` é None quando o elemento não tem modelo tipado (todo pedido do
    prestador tem; algumas respostas da operadora, como o recebimento de anexos e as autorizações de internação,
    prorrogação e odontologia, ainda não); o elemento XML fica em `conteudo_xml` para quem precisar."""

    cabecalho: Cabecalho
    conteudo: Any
    conteudo_xml: etree._Element | None

    @property
    def versao(self) -> str:
        return self.cabecalho.padrao

    @property
    def transacao(self) -> str:
        return self.cabecalho.tipo_transacao

    @property
    def lote(self) -> guias.Lote | None:
        return self.conteudo if isinstance(self.conteudo, guias.Lote) else None


def elemento_conteudo(raiz: etree._Element) -> etree._Element | None:
    """O elemento do conteúdo: `prestadorParaOperadora/*` ou `operadoraParaPrestador/*` numa mensagemTISS,
    o segundo filho num elemento `*WS`."""
    if raiz.tag == MENSAGEM_TISS:
        for sentido in SENTIDOS:
            envelope = raiz.find(PREFIXO + sentido)
            if envelope is not None:
                return next((filho for filho in envelope if isinstance(filho.tag, str)), None)
        return None
    elementos = [filho for filho in raiz if isinstance(filho.tag, str)]
    return elementos[1] if len(elementos) > 2 else None


def _classe_e_elemento(conteudo: etree._Element) -> tuple[type | None, etree._Element]:
    nome = etree.QName(conteudo).localname
    classe = _POR_CAMINHO.get(nome)
    if classe is not None:
        return classe, conteudo
    for filho in conteudo:
        if isinstance(filho.tag, str):
            classe = _POR_CAMINHO.get(f"{nome}/{etree.QName(filho).localname}")
            if classe is not None:
                return classe, filho
    return None, conteudo


def cabecalho(raiz: etree._Element, lidos: Lidos | None = None) -> Cabecalho | None:
    elemento = raiz.find(PREFIXO + "cabecalho")
    return _ler(elemento, Cabecalho, lidos) if elemento is not None else None


def _ler(elemento: etree._Element, classe: type[T], lidos: Lidos | None) -> T:
    if lidos is None:
        return ler(elemento, classe)
    textos: list[str] = []
    objeto = ler(elemento, classe, textos)
    lidos[elemento] = textos  # só depois de lido por inteiro: um erro no meio deixa a subárvore de fora
    return objeto


def ler_mensagem(documento: DocumentoTiss, lidos: Lidos | None = None) -> MensagemTiss:
    """O parse tipado de uma mensagem já lida (e, de preferência, já validada contra o XSD).

    `lidos`, se dado, recebe as folhas de cada subárvore lida (cabeçalho e conteúdo), para o hash do epílogo
    (`hashing.texto_do_hash`); só vale para documentos válidos pelo XSD e sem comentários (ver `mapeamento.ler`).
    """
    lido = cabecalho(documento.raiz, lidos)
    if lido is None:
        raise MensagemNaoTiss("A mensagem não traz ans:cabecalho.")
    conteudo = elemento_conteudo(documento.raiz)
    if conteudo is None:
        return MensagemTiss(cabecalho=lido, conteudo=None, conteudo_xml=None)
    classe, elemento = _classe_e_elemento(conteudo)
    tipado = _ler(elemento, classe, lidos) if classe is not None else None
    return MensagemTiss(cabecalho=lido, conteudo=tipado, conteudo_xml=conteudo)
