"""Os erros de validação XSD do libxml2, em português e com os nomes de campo do TISS (`ans:campo`)."""

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
