"""Validação completa de uma mensagem TISS recebida: XSD da versão declarada em `Padrao`, hash do epílogo
pela política da operadora, conferências de consistência e o parse tipado, tudo sobre uma única leitura
dos bytes.

`validar` sempre devolve um `RelatorioValidacao`: entradas recusadas pela análise segura (XXE, tamanho,
profundidade, codificação) viram um relatório inválido com o erro tipado correspondente.
"""

from lxml import etree

from . import codigos, consistencia, hashing
from .errors import CampoInvalido, ErroTiss, VersaoNaoSuportada
from .mapeamento import PREFIXO, caminho_tiss
from .mensagem import Cabecalho, MensagemTiss, cabecalho, elemento_conteudo, ler_mensagem
from .parsing import DocumentoTiss, analisar
from .politica import ISO_8859_1, UTF_8, PoliticaTiss
from .relatorio import Conferido, ErroValidacao, RelatorioValidacao, VerificacaoHash
from .schemas import RegistroSchemas
from .traducao import caminho_do_erro, traduzir

MAX_ERROS_XSD = 200
_TAG_PADRAO = f"{PREFIXO}cabecalho/{PREFIXO}Padrao"
_TAG_TRANSACAO = f"{PREFIXO}cabecalho/{PREFIXO}identificacaoTransacao/{PREFIXO}tipoTransacao"


def _erro_de(erro: ErroTiss, *, linha: int | None = None, caminho: str = "") -> ErroValidacao:
    return ErroValidacao(
        linha or getattr(erro, "linha", None),
        caminho or getattr(erro, "caminho", ""),
        erro.codigo_tiss,
        erro.mensagem,
    )


def _erros_xsd(documento: DocumentoTiss, versao: str, registro: RegistroSchemas) -> list[ErroValidacao]:
    entradas = registro.schema(versao).validar(documento.raiz)
    return [
        ErroValidacao(
            entrada.line or None,
            caminho_do_erro(documento.raiz, entrada.path),
            codigos.MENSAGEM_FORA_DO_PADRAO,
            traduzir(entrada.message),
        )
        for entrada in entradas[:MAX_ERROS_XSD]
    ]


def verificar_hash(
    raiz: etree._Element, politica: PoliticaTiss, lidos: hashing.Lidos | None = None
) -> tuple[VerificacaoHash, list[ErroValidacao]]:
    """Confere o hash declarado contra o calculado em ISO-8859-1 e em UTF-8, pela política. `lidos`: as
    folhas que o parse tipado já coletou (ver `validar_documento`)."""
    elemento, calculado = hashing.conferir(raiz, lidos)
    declarado = (elemento.text or "").strip() if elemento is not None else None
    normalizado = (declarado or "").lower()
    conferido: Conferido | None = None
    if normalizado and normalizado == calculado.iso_8859_1:
        conferido = ISO_8859_1
    elif normalizado and normalizado == calculado.utf_8 and politica.politica_hash == "aceitar_ambos":
        conferido = UTF_8
    verificacao = VerificacaoHash(declarado, calculado.iso_8859_1, calculado.utf_8, conferido)
    if conferido is not None:
        return verificacao, []
    if elemento is None:
        mensagem = "A mensagem não traz o hash do epílogo."
    elif politica.politica_hash == "iso_8859_1_estrito":
        mensagem = (
            f"O hash declarado ({declarado or 'vazio'}) não confere com o calculado sobre ISO-8859-1 "
            f"({calculado.iso_8859_1 or 'impossível: o texto tem caracteres fora do ISO-8859-1'}); "
            "esta operadora exige ISO-8859-1."
        )
    else:
        latin = calculado.iso_8859_1 or "impossível, o texto tem caracteres fora do ISO-8859-1"
        mensagem = (
            f"O hash declarado ({declarado or 'vazio'}) não confere com o calculado "
            f"(ISO-8859-1: {latin}; UTF-8: {calculado.utf_8})."
        )
    caminho = caminho_tiss(elemento) if elemento is not None else ""
    linha = elemento.sourceline if elemento is not None else None
    return verificacao, [ErroValidacao(linha, caminho, codigos.HASH_INVALIDO, mensagem)]


def _texto(raiz: etree._Element, caminho: str) -> str:
    """O valor de um campo do cabeçalho como o XSD o vê (comentários no meio não o cortam), sem espaços."""
    elemento = raiz.find(caminho)
    return "".join(elemento.itertext()).strip() if elemento is not None else ""


def _versao(documento: DocumentoTiss, politica: PoliticaTiss, registro: RegistroSchemas) -> str:
    versao = _texto(documento.raiz, _TAG_PADRAO)
    if not versao:
        raise VersaoNaoSuportada("A mensagem não informa a versão do padrão (ans:Padrao).")
    if versao not in politica.versoes_aceitas or registro.diretorio(versao) is None:
        aceitas = ", ".join(v for v in politica.versoes_aceitas if registro.diretorio(v))
        raise VersaoNaoSuportada(f"A versão {versao} do padrão TISS não é aceita; aceitas: {aceitas}.")
    return versao


def _conteudo_e_consistencia(
    documento: DocumentoTiss, politica: PoliticaTiss, lidos: hashing.Lidos | None
) -> tuple[MensagemTiss | None, list[ErroValidacao]]:
    try:
        mensagem = ler_mensagem(documento, lidos)
    except CampoInvalido as erro:
        return None, [_erro_de(erro)]
    lote = mensagem.lote
    if lote is None or mensagem.conteudo_xml is None:
        return mensagem, []
    caminho_lote = caminho_tiss(mensagem.conteudo_xml)
    return mensagem, consistencia.verificar_lote(lote, caminho_lote, mensagem.cabecalho, politica)


def validar_documento(
    documento: DocumentoTiss, politica: PoliticaTiss, registro: RegistroSchemas
) -> RelatorioValidacao:
    """A validação de um documento já lido pela análise segura."""
    raiz = documento.raiz
    transacao = _texto(raiz, _TAG_TRANSACAO) or None
    erros: list[ErroValidacao] = []
    try:
        versao: str | None = _versao(documento, politica, registro)
    except VersaoNaoSuportada as erro:
        versao = None
        erros.append(_erro_de(erro))
    conteudo = elemento_conteudo(raiz)
    guias = 0
    if conteudo is not None and conteudo.tag == PREFIXO + "loteGuias":
        erros.extend(consistencia.verificar_estrutura_lote(conteudo))
        guias_tiss = conteudo.find(PREFIXO + "guiasTISS")
        guias = sum(1 for guia in guias_tiss if isinstance(guia.tag, str)) if guias_tiss is not None else 0
    xsd = _erros_xsd(documento, versao, registro) if versao else []
    erros.extend(xsd)
    # Num documento válido pelo XSD e sem comentários nem instruções de processamento, o parse tipado coleta
    # as folhas do cabeçalho e do conteúdo na mesma passada, e o hash do epílogo não caminha de novo por elas
    # (uma passada de ~12 mil elementos a menos num lote de 100 guias SP/SADT).
    mensagem: MensagemTiss | None = None
    erros_conteudo: list[ErroValidacao] = []
    lidos: hashing.Lidos | None = None
    if versao and not xsd:
        sem_comentarios = next(raiz.iter(etree.Comment, etree.ProcessingInstruction), None) is None
        lidos = {} if sem_comentarios else None
        mensagem, erros_conteudo = _conteudo_e_consistencia(documento, politica, lidos)
    try:
        verificacao, erros_hash = verificar_hash(raiz, politica, lidos)
    except ErroTiss as erro:
        verificacao, erros_hash = None, [_erro_de(erro)]
    erros.extend(erros_hash)
    erros.extend(erros_conteudo)
    return RelatorioValidacao(
        versao=versao or _texto(raiz, _TAG_PADRAO) or None,
        transacao=transacao,
        guias=guias,
        hash=verificacao,
        erros=tuple(erros),
        mensagem=mensagem,
    )


def validar(dados: bytes, politica: PoliticaTiss, registro: RegistroSchemas) -> RelatorioValidacao:
    """Valida os bytes de uma mensagem TISS (mensagemTISS ou envelope SOAP) e devolve o relatório."""
    try:
        documento = analisar(dados, politica)
    except ErroTiss as erro:
        return RelatorioValidacao(erros=(_erro_de(erro),))
    return validar_documento(documento, politica, registro)


__all__ = [
    "Cabecalho",
    "ErroValidacao",
    "RelatorioValidacao",
    "VerificacaoHash",
    "cabecalho",
    "validar",
    "validar_documento",
    "verificar_hash",
]
