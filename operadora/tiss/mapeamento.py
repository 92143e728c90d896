"""Mapeamento declarativo entre as dataclasses do modelo TISS e os elementos do XML.

Cada campo de uma dataclass do modelo diz, em `metadata`, o caminho TISS relativo ao elemento da própria
classe (`campo("cabecalhoGuia/registroANS")`). A partir disso, uma única descrição serve para ler (uma
passada pelos filhos de cada elemento, sem XPath) e para escrever (na ordem em que os campos são declarados,
que é a ordem da sequência no XSD). Assim o parser e os builders não repetem a estrutura de cada guia.

Regras do caminho: segmentos separados por `/`; num campo de lista (`tuple[...]`), repete o último segmento,
a não ser que outro traga o sufixo `[]` (`identEquipe[]/identificacaoEquipe`). `desde="4.03.00"` marca um
elemento que só existe a partir dessa versão: o leitor o aceita sempre, o escritor o omite antes dela.
"""

import dataclasses
import datetime
import types
import typing
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from lxml import etree

from . import codigos
from .errors import CampoInvalido

NAMESPACE = "http://www.ans.gov.br/padroes/tiss/schemas"
PREFIXO = "{" + NAMESPACE + "}"

T = TypeVar("T")


def campo(caminho: str, *, desde: str = "", default: Any = None) -> Any:
    """Um elemento opcional (ou obrigatório, se a anotação não admitir None: então sem default)."""
    return dataclasses.field(default=default, metadata={"tiss": caminho, "desde": desde})


def obrigatorio(caminho: str, *, desde: str = "") -> Any:
    return dataclasses.field(metadata={"tiss": caminho, "desde": desde})


def lista(caminho: str, *, desde: str = "") -> Any:
    return dataclasses.field(default=(), metadata={"tiss": caminho, "desde": desde})


def linha_de_origem() -> Any:
    """Recebe a linha do elemento no XML lido (para apontar erros); não entra em comparações nem no XML."""
    return dataclasses.field(default=None, compare=False, repr=False, metadata={"origem": "linha"})


# --- conversões de texto ---------------------------------------------------------------------------------


def _decimal(valor: str) -> Decimal:
    try:
        numero = Decimal(valor.strip())
    except InvalidOperation:
        raise ValueError(valor) from None
    if not numero.is_finite():
        raise ValueError(valor)
    return numero


def _data(valor: str) -> datetime.date:
    return datetime.date.fromisoformat(valor.strip()[:10])


def _hora(valor: str) -> datetime.time:
    return datetime.time.fromisoformat(valor.strip()[:8])


def _inteiro(valor: str) -> int:
    return int(valor.strip())


@dataclasses.dataclass(slots=True)
class _Conversao:
    """A conversão do texto de um tipo, com o código e o rótulo do erro, e uma memória dos textos já
    convertidos: num lote, datas, horas, quantidades, fatores e valores se repetem de guia para guia, e os
    valores são imutáveis (o mesmo objeto serve a todos os campos que trazem o mesmo texto)."""

    converter: Callable[[str], Any]
    codigo_erro: str
    rotulo: str
    memoria: dict[str, Any] = dataclasses.field(default_factory=dict)


MAX_MEMORIA_CONVERSAO = 4096  # textos distintos por tipo; cheia, a memória recomeça do zero

_CONVERSOES: dict[type, _Conversao] = {
    Decimal: _Conversao(_decimal, codigos.VALOR_INFORMADO_INVALIDO, "valor decimal"),
    int: _Conversao(_inteiro, codigos.VALOR_INFORMADO_INVALIDO, "número inteiro"),
    datetime.date: _Conversao(_data, codigos.DATA_PREENCHIDA_INCORRETAMENTE, "data (AAAA-MM-DD)"),
    datetime.time: _Conversao(_hora, codigos.DATA_PREENCHIDA_INCORRETAMENTE, "hora (HH:MM:SS)"),
}

_ESCRITORES: dict[type, Callable[[Any], str]] = {
    str: str,
    int: str,
    Decimal: lambda valor: format(valor, "f"),
    datetime.date: lambda valor: valor.isoformat(),
    datetime.time: lambda valor: valor.strftime("%H:%M:%S"),
}


# --- descrição compilada de uma classe -------------------------------------------------------------------


@dataclasses.dataclass(slots=True)
class _Campo:
    nome: str
    tipo: type
    lista: bool
    desde: str
    obrigatorio: bool
    caminho: str
    conversao: _Conversao | None = None  # tipos que não são str nem classes do modelo


@dataclasses.dataclass(slots=True)
class _No:
    filhos: dict[str, "_No"] = dataclasses.field(default_factory=dict)
    campo: _Campo | None = None
    # Listas que repetem este elemento: (campo, tags abaixo dele até a folha). Mais de uma quando o elemento
    # repetido é uma escolha (`recursoGuia[]/respostaGuia` ou `recursoGuia[]/respostaGuiaItens`).
    repete: list[tuple[_Campo, tuple[str, ...]]] = dataclasses.field(default_factory=list)


# Como `_ler_no` trata cada filho que o modelo conhece, decidido uma vez por classe: descer num grupo
# (`cabecalhoGuia/...`), guardar o texto, convertê-lo, ou ler uma classe aninhada.
_GRUPO, _TEXTO, _CONVERSAO, _CLASSE = range(4)

# tag → (modo, nome do campo, é lista, alvo): o alvo é a `_Leitura` do grupo, a `_Conversao` do tipo ou a
# `_Descricao` da classe aninhada. Tuplas e não objetos: o laço as desempacota de uma vez.
_Leitura = dict[str, tuple[int, str, bool, Any]]


@dataclasses.dataclass(slots=True)
class _Descricao:
    classe: type
    raiz: _No
    leitura: _Leitura
    obrigatorios: tuple[_Campo, ...]
    listas: tuple[_Campo, ...]
    campo_linha: str | None
    novo: Callable[[dict[str, Any]], Any]


def _construtor(classe: type) -> Callable[[dict[str, Any]], Any]:
    """Cria instâncias de `classe` a partir do dicionário de valores lidos, sem passar pelo `__init__`.

    O `__init__` de uma dataclass congelada grava cada campo com `object.__setattr__`, e um lote traz
    ~1.400 objetos de dezenas de campos cada: ele sozinho custava um quinto da validação. Aqui cada campo vai
    direto ao descritor do seu slot, com o default declarado (o objeto continua imutável depois de pronto). Só
    vale para dataclasses com slots, sem `__post_init__` nem `default_factory` — o caso de todo o modelo; as
    demais usam o construtor normal. Um obrigatório ausente é um `TypeError`, como no construtor.
    """
    definicoes = [definicao for definicao in dataclasses.fields(classe) if definicao.init]
    if (
        "__slots__" not in classe.__dict__
        or hasattr(classe, "__post_init__")
        or any(definicao.default_factory is not dataclasses.MISSING for definicao in definicoes)
    ):
        return lambda valores: classe(**valores)
    criar: Callable[[type], Any] = object.__new__
    opcionais = tuple(
        (definicao.name, getattr(classe, definicao.name).__set__, definicao.default)
        for definicao in definicoes
        if definicao.default is not dataclasses.MISSING
    )
    obrigatorios = tuple(
        (definicao.name, getattr(classe, definicao.name).__set__)
        for definicao in definicoes
        if definicao.default is dataclasses.MISSING
    )

    def novo(valores: dict[str, Any]) -> Any:
        # `valores` só traz nomes de campos: o leitor os tira da própria descrição da classe.
        objeto: Any = criar(classe)
        buscar = valores.get
        try:
            for nome, gravar in obrigatorios:
                gravar(objeto, valores[nome])
        except KeyError as ausente:
            raise TypeError(f"{classe.__name__}: falta o campo obrigatório {ausente}") from None
        for nome, gravar, padrao in opcionais:
            gravar(objeto, buscar(nome, padrao))
        return objeto

    return novo


def _tipo_base(anotacao: Any) -> tuple[type, bool]:
    """(tipo do valor, é lista) a partir de `X`, `X | None` ou `tuple[X, ...]`."""
    origem = typing.get_origin(anotacao)
    if origem in (typing.Union, types.UnionType):
        argumentos = [a for a in typing.get_args(anotacao) if a is not type(None)]
        return _tipo_base(argumentos[0])
    if origem is tuple:
        return typing.get_args(anotacao)[0], True
    return anotacao, False


_DESCRICOES: dict[type, _Descricao] = {}


def _descricao(classe: type) -> _Descricao:
    """A descrição compilada da classe (uma vez por classe e processo)."""
    descricao = _DESCRICOES.get(classe)
    if descricao is None:
        descricao = _DESCRICOES[classe] = _compilar_descricao(classe)
    return descricao


def _compilar_descricao(classe: type) -> _Descricao:
    dicas = typing.get_type_hints(classe)
    raiz = _No()
    obrigatorios: list[_Campo] = []
    campo_linha = None
    for definicao in dataclasses.fields(classe):
        if definicao.metadata.get("origem") == "linha":
            campo_linha = definicao.name
            continue
        caminho = definicao.metadata.get("tiss")
        if caminho is None:
            continue
        tipo, e_lista = _tipo_base(dicas[definicao.name])
        sem_default = (
            definicao.default is dataclasses.MISSING and definicao.default_factory is dataclasses.MISSING
        )
        descrito = _Campo(
            nome=definicao.name,
            tipo=tipo,
            lista=e_lista,
            desde=definicao.metadata["desde"],
            obrigatorio=sem_default,
            caminho=caminho.replace("[]", ""),
        )
        descrito.conversao = _CONVERSOES.get(tipo)
        if sem_default:
            obrigatorios.append(descrito)
        no = raiz
        segmentos = caminho.split("/")
        tags = [PREFIXO + segmento.removesuffix("[]") for segmento in segmentos]
        for indice, (segmento, tag) in enumerate(zip(segmentos, tags, strict=True)):
            no = no.filhos.setdefault(tag, _No())
            if no.campo is not None:
                raise TypeError(f"{classe.__name__}.{definicao.name}: caminho {caminho} cruza outro campo")
            if segmento.endswith("[]"):
                no.repete.append((descrito, tuple(tags[indice + 1 :])))
        if no.filhos:
            raise TypeError(f"{classe.__name__}.{definicao.name}: caminho {caminho} não é uma folha")
        no.campo = descrito
        if e_lista and "[]" not in caminho:
            no.repete.append((descrito, ()))
    listas = tuple(descrito for descrito in _campos_da_arvore(raiz) if descrito.lista)
    return _Descricao(
        classe=classe,
        raiz=raiz,
        leitura=_compilar_leitura(raiz),
        obrigatorios=tuple(obrigatorios),
        listas=listas,
        campo_linha=campo_linha,
        novo=_construtor(classe),
    )


def _compilar_leitura(no: _No) -> _Leitura:
    leitura: _Leitura = {}
    for tag, filho in no.filhos.items():
        descrito = filho.campo
        if descrito is None:
            leitura[tag] = (_GRUPO, "", False, _compilar_leitura(filho))
        elif dataclasses.is_dataclass(descrito.tipo):
            leitura[tag] = (_CLASSE, descrito.nome, descrito.lista, _descricao(descrito.tipo))
        elif descrito.conversao is not None:
            leitura[tag] = (_CONVERSAO, descrito.nome, descrito.lista, descrito.conversao)
        else:
            leitura[tag] = (_TEXTO, descrito.nome, descrito.lista, None)
    return leitura


# --- leitura ---------------------------------------------------------------------------------------------


def caminho_tiss(elemento: etree._Element) -> str:
    """`ans:mensagemTISS/ans:cabecalho/...` com índices onde há irmãos de mesmo nome."""
    partes: list[str] = []
    atual: etree._Element | None = elemento
    while atual is not None:
        pai = atual.getparent()
        nome = etree.QName(atual).localname
        if atual.tag.startswith(PREFIXO):
            nome = "ans:" + nome
        if pai is not None:
            irmaos = [irmao for irmao in pai if irmao.tag == atual.tag]
            if len(irmaos) > 1:
                nome += f"[{irmaos.index(atual) + 1}]"
        partes.append(nome)
        atual = pai
    return "/".join(reversed(partes))


def _converter(elemento: etree._Element, conversao: _Conversao, texto: str) -> Any:
    """Converte um texto que não está na memória (e o guarda lá), ou levanta o `CampoInvalido` do campo."""
    try:
        valor = conversao.converter(texto)
    except ValueError:
        raise CampoInvalido(
            f"O campo ans:{etree.QName(elemento).localname} deveria ser {conversao.rotulo}, mas traz {texto!r}.",
            codigo_tiss=conversao.codigo_erro,
            caminho=caminho_tiss(elemento),
            linha=elemento.sourceline,
        ) from None
    if len(conversao.memoria) >= MAX_MEMORIA_CONVERSAO:
        conversao.memoria.clear()
    conversao.memoria[texto] = valor
    return valor


def folhas(elemento: etree._Element, excluida: etree._Element | None = None) -> list[str]:
    """O texto de cada folha de `elemento` (ele incluído), em ordem de documento, menos a folha `excluida` — o
    que entra no hash do epílogo TISS (`hashing.texto_do_hash`). Comentários e instruções de processamento são
    folhas para o lxml e entram com o seu texto."""
    return [folha.text or "" for folha in elemento.iter() if len(folha) == 0 and folha is not excluida]


def _valor_com_filhos(elemento: etree._Element) -> str:
    """O valor de um campo simples que traz comentários ou instruções de processamento no meio (os únicos
    filhos que o XSD admite ali): o texto todo, como o XSD o validou, e não só o que vem antes do primeiro
    filho (`<valor>1<!-- x -->50.00</valor>` vale 150.00)."""
    return "".join(elemento.itertext())


def _ler_no(elemento: etree._Element, leitura: _Leitura, valores: dict[str, Any], textos: list[str]) -> None:
    # O laço mais quente do parse tipado: uma consulta a dicionário por elemento, sem XPath, e o valor lido
    # aqui mesmo (sem uma chamada de função por folha de texto). Na mesma passada, `textos` recebe o texto de
    # cada folha em ordem de documento (o hash do epílogo; ver `ler`): os campos de texto são folhas num
    # documento válido pelo XSD; grupos e classes só entram quando vazios; o que o modelo não descreve entra
    # pela caminhada genérica (`folhas`).
    buscar = leitura.get
    anotar = textos.append
    for filho in elemento:
        lido = buscar(filho.tag)  # comentários e instruções têm tag não-texto: não casam
        if lido is None:
            if isinstance(filho.tag, str):
                textos += folhas(filho)
            continue
        modo, nome, lista, alvo = lido
        if modo == _TEXTO:
            valor = filho.text or ""
            anotar(valor)
            if len(filho):
                valor = _valor_com_filhos(filho)
            # Espaços em volta não fazem parte de um número de guia, carteira ou lote (o XSD, com xs:string,
            # os deixa passar): guardados, " G1 " escapava da conferência de guia já apresentada. Só espaços
            # é o mesmo que o campo ausente.
            valor = valor.strip()
            if not valor:
                continue
        elif modo == _GRUPO:
            if len(filho):
                _ler_no(filho, alvo, valores, textos)
            else:
                anotar(filho.text or "")
            continue
        elif modo == _CONVERSAO:
            texto = filho.text or ""
            anotar(texto)
            if len(filho):
                texto = _valor_com_filhos(filho)
            valor = alvo.memoria.get(texto)
            if valor is None:
                valor = _converter(filho, alvo, texto)
        else:
            if not len(filho):
                anotar(filho.text or "")
            valor = _construir(filho, alvo, textos)
        if not lista:
            valores[nome] = valor
        elif nome in valores:
            valores[nome].append(valor)
        else:
            valores[nome] = [valor]


def ler(elemento: etree._Element, classe: type[T], textos: list[str] | None = None) -> T:
    """Lê `elemento` como uma instância de `classe`; elementos que o modelo não descreve são ignorados.

    `textos`, se dado, recebe o texto de cada folha de `elemento` em ordem de documento — o mesmo que
    `folhas(elemento)` — desde que o documento seja válido pelo XSD (campos de texto sem filhos) e não tenha
    comentários nem instruções de processamento: assim a validação calcula o hash do epílogo sem uma segunda
    caminhada pela árvore (`validation.validar_documento`; os testes comparam as duas)."""
    return _construir(elemento, _descricao(classe), [] if textos is None else textos)  # type: ignore[no-any-return]


def _construir(elemento: etree._Element, descricao: _Descricao, textos: list[str]) -> Any:
    valores: dict[str, Any] = {}
    _ler_no(elemento, descricao.leitura, valores, textos)
    for descrito in descricao.listas:
        if descrito.nome in valores:
            valores[descrito.nome] = tuple(valores[descrito.nome])
    if descricao.campo_linha is not None:
        valores[descricao.campo_linha] = elemento.sourceline
    try:
        return descricao.novo(valores)
    except TypeError:
        # Só aqui, no caminho raro, descobrimos qual obrigatório faltou (o construtor já o recusou).
        for descrito in descricao.obrigatorios:
            if descrito.nome not in valores:
                raise CampoInvalido(
                    f"Campo obrigatório ausente ou em branco: ans:{descrito.caminho.replace('/', '/ans:')}.",
                    caminho=caminho_tiss(elemento),
                    linha=elemento.sourceline,
                ) from None
        raise


# --- escrita ---------------------------------------------------------------------------------------------


def _presente(valor: Any) -> bool:
    return valor is not None and valor != ()


def _existe_na_versao(descrito: _Campo, versao: str) -> bool:
    return not descrito.desde or versao >= descrito.desde


def _campo_com_valor(descrito: _Campo, objeto: Any, versao: str) -> bool:
    return _existe_na_versao(descrito, versao) and _presente(getattr(objeto, descrito.nome))


def _tem_valor(no: _No, objeto: Any, versao: str) -> bool:
    if no.campo is not None:
        return _campo_com_valor(no.campo, objeto, versao)
    if no.repete:
        return any(_campo_com_valor(descrito, objeto, versao) for descrito, _ in no.repete)
    return any(_tem_valor(filho, objeto, versao) for filho in no.filhos.values())


def _preencher(elemento: etree._Element, valor: Any, versao: str) -> None:
    if dataclasses.is_dataclass(valor):
        escrever_em(elemento, valor, versao)
    else:
        elemento.text = _ESCRITORES[type(valor)](valor)


def _escrever_no(pai: etree._Element, no: _No, objeto: Any, versao: str) -> None:
    for tag, filho in no.filhos.items():
        if not _tem_valor(filho, objeto, versao):
            continue
        if filho.repete:
            for descrito, abaixo in filho.repete:
                if not _campo_com_valor(descrito, objeto, versao):
                    continue
                for item in getattr(objeto, descrito.nome):
                    elemento = etree.SubElement(pai, tag)
                    for tag_abaixo in abaixo:
                        elemento = etree.SubElement(elemento, tag_abaixo)
                    _preencher(elemento, item, versao)
        elif filho.campo is not None:
            _preencher(etree.SubElement(pai, tag), getattr(objeto, filho.campo.nome), versao)
        else:
            _escrever_no(etree.SubElement(pai, tag), filho, objeto, versao)


def escrever_em(elemento: etree._Element, objeto: Any, versao: str) -> etree._Element:
    """Escreve os campos de `objeto` como filhos de `elemento`, na ordem do XSD."""
    _escrever_no(elemento, _descricao(type(objeto)).raiz, objeto, versao)
    return elemento


def escrever(pai: etree._Element, caminho: str, objeto: Any, versao: str) -> etree._Element:
    """Cria `caminho` (ex.: `prestadorParaOperadora/loteGuias`) sob `pai` e escreve `objeto` no último."""
    elemento = pai
    for segmento in caminho.split("/"):
        elemento = etree.SubElement(elemento, PREFIXO + segmento)
    return escrever_em(elemento, objeto, versao)


_CAMINHOS: dict[tuple[type, str], str] = {}


def caminho_do_campo(classe: type, nome: str) -> str:
    """O caminho TISS declarado de um campo, com prefixos: `ans:procedimentosExecutados/ans:procedimentoExecutado`."""
    chave = (classe, nome)
    if chave not in _CAMINHOS:
        definicao = next((d for d in dataclasses.fields(classe) if d.name == nome), None)
        if definicao is None:
            raise KeyError(f"{classe.__name__} não tem o campo {nome}")
        partes = definicao.metadata["tiss"].replace("[]", "").split("/")
        _CAMINHOS[chave] = "/".join("ans:" + parte for parte in partes)
    return _CAMINHOS[chave]


def na_versao(objeto: T, versao: str) -> T:
    """Uma cópia de `objeto` sem os campos que `versao` não tem (o que de fato vai no XML dessa versão)."""
    mudancas: dict[str, Any] = {}
    for descrito in _campos(type(objeto)):
        valor = getattr(objeto, descrito.nome)
        if not _existe_na_versao(descrito, versao):
            mudancas[descrito.nome] = () if descrito.lista else None
        elif dataclasses.is_dataclass(descrito.tipo) and _presente(valor):
            mudancas[descrito.nome] = (
                tuple(na_versao(item, versao) for item in valor)
                if descrito.lista
                else na_versao(valor, versao)
            )
    return dataclasses.replace(objeto, **mudancas)  # type: ignore[type-var]


def _campos(classe: type) -> Iterator[_Campo]:
    return _campos_da_arvore(_descricao(classe).raiz)


def _campos_da_arvore(raiz: _No) -> Iterator[_Campo]:
    pilha = [raiz]
    while pilha:
        no = pilha.pop()
        if no.campo is not None:
            yield no.campo
        pilha.extend(no.filhos.values())
