"""Text helpers shared by models and services: accent folding and slugs."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str | None) -> str:
    """Lower-case, strip accents (NFKD) and collapse spaces.

    Stored in *_norm columns so a plain LIKE finds "Cúcuta" when the user types "cucuta"
    on SQLite and PostgreSQL alike. The ñ folds to n, which is what people type on phones.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.lower()).strip()


def slugify(text: str, max_length: int = 80) -> str:
    """URL slug from a Spanish name: "Cúcuta Moda – CÚMO" -> "cucuta-moda-cumo"."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug[:max_length].rstrip("-") or "item"
