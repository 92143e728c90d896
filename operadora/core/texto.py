"""Text folding for accent- and case-insensitive search (the same fold on the stored text and on the query)."""

import unicodedata


def dobrar(texto: str) -> str:
    """'Coração  Ê' → 'coracao e': NFKD without combining marks, casefolded, spaces collapsed."""
    sem_acento = "".join(c for c in unicodedata.normalize("NFKD", texto) if not unicodedata.combining(c))
    return " ".join(sem_acento.casefold().split())
