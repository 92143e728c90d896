"""Os erros do libxml2 em português: os de validação XSD, com os nomes de campo do TISS (`ans:campo`), e os de
sintaxe (XML malformado) que a análise segura devolve ao remetente."""

import re
from collections.abc import Callable

from lxml import etree

from .mapeamento import NAMESPACE, caminho_tiss

_CLARK = re.compile(r"\{" + re.escape(NAMESPACE) + r"\}")
_ELEMENTO = re.compile(r"^Element '([^']+)'(?:, attribute '([^']+)')?: ")


def _nomes(texto: str) -> str:
    """`{http://www.ans.gov.br/...}campo` → `ans:campo`."""
    return _CLARK.sub("ans:", texto)


def _esperados(texto: str) -> str:
    esperados = re.search(r"Expected is (?:one of )?\( ?(.+?) ?\)", texto)
    return f"; esperado: {_nomes(esperados.group(1))}" if esperados else ""


_Regra = tuple[re.Pattern[str], Callable[[re.Match[str], str], str]]

_REGRAS: tuple[_Regra, ...] = (
    (
        re.compile(r"This element is not expected"),
        lambda m, campo: f"O elemento {campo} não é esperado nesta posição{_esperados(m.string)}.",
    ),
    (
        re.compile(r"Missing child element\(s\)"),
        lambda m, campo: f"Faltam elementos obrigatórios dentro de {campo}{_esperados(m.string)}.",
    ),
    (
        re.compile(
            r"\[facet 'maxLength'\] The value (?:'.*' )?has a length of '(\d+)'; this exceeds the allowed maximum length of '(\d+)'"
        ),
        lambda m, campo: f"O campo {campo} tem {m.group(1)} caracteres; o máximo é {m.group(2)}.",
    ),
    (
        re.compile(
            r"\[facet 'minLength'\] The value (?:'.*' )?has a length of '(\d+)'; this underruns the allowed minimum length of '(\d+)'"
        ),
        lambda m, campo: f"O campo {campo} tem {m.group(1)} caracteres; o mínimo é {m.group(2)}.",
    ),
    (
        re.compile(
            r"\[facet 'length'\] The value (?:'.*' )?has a length of '(\d+)'; this differs from the allowed length of '(\d+)'"
        ),
        lambda m, campo: f"O campo {campo} tem {m.group(1)} caracteres; deve ter exatamente {m.group(2)}.",
    ),
    (
        re.compile(r"\[facet 'enumeration'\] The value '(.*)' is not an element of the set \{(.*)\}"),
        lambda m, campo: (
            f"O valor '{m.group(1)}' não está no domínio do campo {campo} (aceitos: {m.group(2)})."
        ),
    ),
    (
        re.compile(r"\[facet 'pattern'\] The value '(.*)' is not accepted by the pattern '(.*)'"),
        lambda m, campo: (
            f"O valor '{m.group(1)}' não segue o formato do campo {campo} (padrão {m.group(2)})."
        ),
    ),
    (
        re.compile(r"\[facet 'totalDigits'\] The value '(.*)' has more digits than are allowed \('(\d+)'\)"),
        lambda m, campo: f"O valor '{m.group(1)}' do campo {campo} tem mais de {m.group(2)} dígitos.",
    ),
    (
        re.compile(
            r"\[facet 'fractionDigits'\] The value '(.*)' has more fractional digits than are allowed \('(\d+)'\)"
        ),
        lambda m, campo: f"O valor '{m.group(1)}' do campo {campo} tem mais de {m.group(2)} casas decimais.",
    ),
    (
        re.compile(r"\[facet '(?:min|max)(?:In|Ex)clusive'\] The value '(.*)' is (?:less|greater) than"),
        lambda m, campo: f"O valor '{m.group(1)}' do campo {campo} está fora da faixa permitida.",
    ),
    (
        re.compile(
            r"'(.*)' is not a valid value of the (?:local )?(?:atomic|list|union) type(?: '([^']+)')?"
        ),
        lambda m, campo: (
            f"O valor '{m.group(1)}' não é válido para o campo {campo}"
            + (f" (tipo {_nomes(m.group(2))})." if m.group(2) else ".")
        ),
    ),
    (
        re.compile(r"Character content other than whitespace is not allowed"),
        lambda m, campo: f"O elemento {campo} não admite texto, só outros elementos.",
    ),
    (
        re.compile(r"Element content is not allowed, because the content type is a simple type"),
        lambda m, campo: f"O campo {campo} admite só um valor, não elementos dentro dele.",
    ),
    (
        re.compile(r"The attribute '(.+)' is not allowed"),
        lambda m, campo: f"O atributo {_nomes(m.group(1))} não é permitido em {campo}.",
    ),
    (
        re.compile(r"No matching global declaration available for the validation root"),
        lambda m, campo: f"O elemento {campo} não é uma mensagem TISS desta versão.",
    ),
)


def traduzir(mensagem: str) -> str:
    """A mensagem do libxml2 em português; sem regra conhecida, uma frase geral que cita o original."""
    elemento = _ELEMENTO.match(mensagem)
    campo = _nomes(elemento.group(1)) if elemento else "o elemento"
    resto = mensagem[elemento.end() :] if elemento else mensagem
    for padrao, frase in _REGRAS:
        encontrado = padrao.search(resto)
        if encontrado:
            return frase(encontrado, campo)
    return f"O campo {campo} não está conforme o schema TISS ({_nomes(resto.strip())})."


def caminho_do_erro(raiz: etree._Element, caminho_libxml: str | None) -> str:
    """O caminho do libxml2 (`/*/*[2]/...`) reescrito com os nomes TISS (`ans:mensagemTISS/ans:cabecalho/...`)."""
    if not caminho_libxml:
        return ""
    arvore = raiz.getroottree()
    prefixos = {prefixo: uri for prefixo, uri in arvore.getroot().nsmap.items() if prefixo}
    try:
        encontrados = arvore.xpath(caminho_libxml, namespaces=prefixos)
    except etree.XPathError:
        return _nomes(caminho_libxml)
    if isinstance(encontrados, list) and encontrados and isinstance(encontrados[0], etree._Element):
        return caminho_tiss(encontrados[0])
    return _nomes(caminho_libxml)


_SINTAXE: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str], str]], ...] = (
    (
        re.compile(r"Invalid bytes in character encoding"),
        lambda m, codificacao: (
            "há bytes que não são UTF-8 — o arquivo declara UTF-8 (ou não declara a codificação, e então vale "
            "UTF-8), mas parece estar em ISO-8859-1; declare encoding=\"ISO-8859-1\" ou salve-o em UTF-8"
            if codificacao == "utf-8"
            else "há bytes inválidos para a codificação declarada"
        ),
    ),
    (
        re.compile(r"(?:PCDATA invalid Char value|invalid xmlChar value|CharRef: invalid) ?(\d*)"),
        lambda m, _: (
            f"caractere de controle{f' (código {m.group(1)})' if m.group(1) else ''} ou inválido, "
            "que o XML não admite; remova-o"
        ),
    ),
    (
        re.compile(r"EntityRef: (?:no name|expecting ';')"),
        lambda m, _: "um '&' solto no texto; no XML ele se escreve &amp;",
    ),
    (
        re.compile(r"Entity '([^']+)' not defined"),
        lambda m, _: (
            f"a entidade &{m.group(1)}; não existe; o XML TISS só admite &amp; &lt; &gt; &quot; &apos; e "
            "referências numéricas"
        ),
    ),
    (
        re.compile(r"Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)"),
        lambda m, _: (
            f"o elemento ans:{_local(m.group(1))}, aberto na linha {m.group(2)}, não foi fechado antes de "
            f"</ans:{_local(m.group(3))}>"
        ),
    ),
    (
        re.compile(r"Extra content at the end of the document"),
        lambda m, _: "há conteúdo depois do fim do elemento raiz; o arquivo deve ter uma só mensagem",
    ),
    (
        re.compile(r"Document is empty|Start tag expected"),
        lambda m, _: "o arquivo está vazio ou não é XML",
    ),
    (
        re.compile(r"Premature end of data|EndTag: '</' not found|Couldn't find end of Start Tag"),
        lambda m, _: "o arquivo termina antes de fechar os elementos (foi cortado?)",
    ),
    (
        re.compile(r"Double hyphen within comment|Comment not terminated"),
        lambda m, _: "comentário malformado (um comentário não pode ter -- no meio)",
    ),
    (
        re.compile(r"Sequence '\]\]>' not allowed in content"),
        lambda m, _: "a sequência ]]> não pode aparecer no texto; escreva ]]&gt;",
    ),
    (
        re.compile(r"Attribute (\S+) redefined"),
        lambda m, _: f"o atributo {m.group(1)} aparece duas vezes no mesmo elemento",
    ),
    (
        re.compile(r"Text node too long"),
        lambda m, _: "um campo traz um texto grande demais (mais de 10 MB)",
    ),
)


def _local(nome: str) -> str:
    return nome.rsplit(":", 1)[-1]


def traduzir_sintaxe(mensagem: str, codificacao: str) -> str:
    """O motivo de um XML malformado (mensagem do libxml2, sem o sufixo de linha e coluna) em português;
    sem regra conhecida, cita o original."""
    original = re.sub(r", line \d+, column \d+$", "", mensagem.strip())
    for padrao, frase in _SINTAXE:
        encontrado = padrao.search(original)
        if encontrado:
            return frase(encontrado, codificacao)
    return f"erro de sintaxe ({original})"
