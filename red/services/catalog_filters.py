"""The catalog's filters as they travel in the URL, and what their free text means.

`ProgramFilters` is what a search is asked (`/ruta?q=agro&municipio=54810`, the API's
`search`): read from a query string, written back for links and chips. prepare() pins what
the text means (red/services/query_understanding.py) and the in-memory catalog the page
runs on, once per page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from sqlalchemy.orm import Session

from red.models.catalogs import SUBREGIONS
from red.models.programs import MODALITIES
from red.services import catalog_index
from red.services.query_understanding import (
    MAX_QUERY_WORDS,
    Term,
    Understanding,
    folded_words,
    understand_with,
)


@dataclass
class ProgramFilters:
    """The catalog's filters, named as in the URL (so a search can be shared)."""

    q: str = ""
    etapa: int | None = None
    tipo: str = ""
    sector: str = ""
    cadena: str = ""
    municipio: str = ""
    subregion: str = ""
    poblacion: str = ""
    actor: str = ""
    costo: str = ""
    modalidad: str = ""
    abierta: bool = False
    # What `q` means, filled in by prepare() (it needs the database); never part of the URL.
    understood: Understanding | None = field(default=None, compare=False, repr=False)
    # The in-memory catalog the search ran on (catalog_index.snapshot), also set by prepare().
    snapshot: Any = field(default=None, compare=False, repr=False)

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> ProgramFilters:
        """Read filters from a query string; unknown or malformed values are ignored."""

        def text(key: str, limit: int = 80) -> str:
            return str(args.get(key) or "").strip()[:limit]

        etapa = text("etapa", 3)
        modalidad = text("modalidad")
        subregion = text("subregion")
        return cls(
            q=text("q", 200),
            etapa=int(etapa) if etapa.isdigit() else None,
            tipo=text("tipo"),
            sector=text("sector"),
            cadena=text("cadena"),
            municipio=text("municipio", 5) if text("municipio").isdigit() else "",
            subregion=subregion if subregion in SUBREGIONS else "",
            poblacion=text("poblacion"),
            actor=text("actor", 120),
            costo="gratuito" if text("costo") == "gratuito" else "",
            modalidad=modalidad if modalidad in MODALITIES else "",
            abierta=text("abierta") in ("1", "si", "true"),
        )

    def as_args(self) -> dict[str, str]:
        """The non-empty filters as query-string arguments."""
        out = {}
        for f in fields(self):
            if f.name in ("understood", "snapshot"):
                continue
            value = getattr(self, f.name)
            if value is None or value == "" or value is False:
                continue
            out[f.name] = "1" if value is True else str(value)
        return out

    @property
    def terms(self) -> list[Term]:
        """The understood terms of `q` (prepare() must have run when there is a `q`)."""
        if not self.q.strip():
            return []
        if self.understood is None:
            raise RuntimeError("ProgramFilters.q needs catalog_filters.prepare(session, filters)")
        return self.understood.terms

    def is_empty(self) -> bool:
        return not self.as_args()


def query_words(text: str) -> list[str]:
    """Folded words of a free-text query; punctuation and LIKE wildcards never survive."""
    return folded_words(text)[:MAX_QUERY_WORDS]


def prepare(
    session: Session, filters: ProgramFilters, *, version: tuple | None = None
) -> ProgramFilters:
    """Understand the filters' free text once, for the search, the facets and the API.

    Also pins the catalog snapshot (lexicon and in-memory index) the page will use, so a
    page asks for the catalog's version once.
    """
    if filters.snapshot is None:
        filters.snapshot = catalog_index.snapshot(session, version)
    if filters.understood is None:
        filters.understood = understand_with(filters.snapshot.lexicon, filters.q)
    return filters


def without(filters: ProgramFilters, remove: Mapping[str, str | None]) -> ProgramFilters:
    """The same filters with some URL arguments dropped or changed (a chip's «×»)."""
    changes: dict[str, Any] = {}
    for key, value in remove.items():
        if key == "q":
            changes.update(q=value or "", understood=None)
        else:
            default = next(f.default for f in fields(filters) if f.name == key)
            changes[key] = default if value is None else value
    return replace(filters, **changes)
