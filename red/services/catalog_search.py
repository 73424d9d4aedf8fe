"""Searching the published catalog of the Ruta: filters, relevance and facet counts.

Strategy: one portable normalised column, Program.search_norm (name, summary, description and
owner, accent-folded and lower-cased by red.text.fold on every flush), searched with one
LIKE per word — the same SQL on SQLite and PostgreSQL, so both return the same ids.

We did not add FTS5 or tsvector. Measured with tests/bench_catalog_search.py (demo data plus
5,000 synthetic programs whose text comes from a 35-word vocabulary, so a word matches up to
90 % of rows — a worst case), one catalog page (results, count and every facet count) takes
30–85 ms on SQLite and 50–155 ms on PostgreSQL 15. The network offers ~72 programs today. An
engine index would need two DDL paths (FTS5 virtual table + triggers; tsvector + an IMMUTABLE
unaccent wrapper + pg_trgm, which needs superuser to install), a second ranking per engine to
keep identical, and it would lose substring matches ("confec" finds "confección"). What did
matter was not repeating work per facet: facets read one CTE that scans the text once (see
_facet_parts). If the catalog ever grows a hundredfold, this module is the one place to put
FTS5 / tsvector behind `text_condition` and `relevance`.

Relevance: the phrase at the start of the text (the name comes first) ranks highest, then
the phrase anywhere, then words that start a word, then fragments. Facet counts live in
red/services/catalog_facets.py and reuse the same conditions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import (
    Select,
    and_,
    case,
    exists,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session, selectinload

from red.models import (
    Actor,
    Municipality,
    PopulationGroup,
    ProductiveChain,
    Program,
    RouteStage,
    Sector,
    ServiceType,
)
from red.models.catalogs import SUBREGIONS
from red.models.programs import (
    MODALITIES,
    program_chains,
    program_cooperators,
    program_municipalities,
    program_populations,
    program_sectors,
    program_service_types,
    program_stages,
)
from red.pagination import paginate_once
from red.services.calendar import local_today
from red.text import fold

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
MAX_QUERY_WORDS = 8


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
            value = getattr(self, f.name)
            if value is None or value == "" or value is False:
                continue
            out[f.name] = "1" if value is True else str(value)
        return out

    @property
    def words(self) -> list[str]:
        return query_words(self.q)

    def is_empty(self) -> bool:
        return not self.as_args()


def query_words(text: str) -> list[str]:
    """Folded words of a free-text query; punctuation and LIKE wildcards never survive."""
    return re.findall(r"[a-z0-9]+", fold(text))[:MAX_QUERY_WORDS]


# --- conditions ------------------------------------------------------------------------


def open_today_condition(today: date):
    """Inscriptions open today: inside the call dates; no dates means a permanent offer."""
    return and_(
        or_(Program.opens_on.is_(None), Program.opens_on <= today),
        or_(Program.closes_on.is_(None), Program.closes_on >= today),
    )


def _linked(table, column, value_condition):
    return exists().where(table.c.program_id == Program.id, column.in_(value_condition))


def covers_municipality(code: str):
    return or_(
        Program.whole_department.is_(True),
        exists().where(
            program_municipalities.c.program_id == Program.id,
            program_municipalities.c.municipality_code == code,
        ),
    )


def covers_subregion(subregion: str):
    codes = select(Municipality.code).where(Municipality.subregion == subregion)
    return or_(
        Program.whole_department.is_(True),
        _linked(program_municipalities, program_municipalities.c.municipality_code, codes),
    )


def involves_actor(slug: str):
    actor_ids = select(Actor.id).where(Actor.slug == slug)
    return or_(
        Program.owner_id.in_(actor_ids),
        _linked(program_cooperators, program_cooperators.c.actor_id, actor_ids),
    )


def text_condition(words: list[str]):
    return and_(*(Program.search_norm.like(f"%{word}%") for word in words))


def named_conditions(filters: ProgramFilters, today: date) -> dict[str, Any]:
    """The active structured filters (everything but the free text), by URL name."""
    out: dict[str, Any] = {}
    links = (
        ("etapa", RouteStage, RouteStage.number, program_stages, program_stages.c.stage_id),
        (
            "tipo",
            ServiceType,
            ServiceType.code,
            program_service_types,
            program_service_types.c.service_type_id,
        ),
        ("sector", Sector, Sector.code, program_sectors, program_sectors.c.sector_id),
        (
            "cadena",
            ProductiveChain,
            ProductiveChain.code,
            program_chains,
            program_chains.c.chain_id,
        ),
        (
            "poblacion",
            PopulationGroup,
            PopulationGroup.code,
            program_populations,
            program_populations.c.population_id,
        ),
    )
    for name, model, key, table, column in links:
        value = getattr(filters, name)
        if value not in (None, ""):
            out[name] = _linked(table, column, select(model.id).where(key == value))
    if filters.municipio:
        out["municipio"] = covers_municipality(filters.municipio)
    if filters.subregion:
        out["subregion"] = covers_subregion(filters.subregion)
    if filters.actor:
        out["actor"] = involves_actor(filters.actor)
    if filters.costo:
        out["costo"] = Program.is_free.is_(True)
    if filters.modalidad:
        out["modalidad"] = Program.modality == filters.modalidad
    if filters.abierta:
        out["abierta"] = open_today_condition(today)
    return out


def filter_conditions(filters: ProgramFilters, today: date) -> list:
    """WHERE conditions for the published programs that match every filter."""
    conditions = [Program.status == "publicado"]
    if filters.words:
        conditions.append(text_condition(filters.words))
    return conditions + list(named_conditions(filters, today).values())


def relevance(words: list[str]):
    """A portable relevance score over the folded text (higher is better)."""
    phrase = " ".join(words)
    text = Program.search_norm
    score = case((text.like(f"{phrase}%"), 100), else_=0) + case(
        (text.like(f"% {phrase}%"), 20), else_=0
    )
    for word in words:
        score = score + case(
            (or_(text.like(f"{word}%"), text.like(f"% {word}%")), 3), else_=literal(1)
        )
    return score


# --- the search -------------------------------------------------------------------------


def list_options():
    """Eager loads for a list of programs: what the result cards show, no query per row."""
    return (
        selectinload(Program.owner),
        selectinload(Program.stages),
        selectinload(Program.service_types),
        selectinload(Program.municipalities),
        selectinload(Program.populations),
        selectinload(Program.cooperators),
        selectinload(Program.sectors),
    )


def matching_programs(filters: ProgramFilters, today: date, where: Sequence = ()) -> Select:
    """The published programs that match, best match first, with no loader options.

    `where` narrows it further: the open-data API adds its own filters (organization, term,
    modification date) to the same search, so both answer `search` the same way.
    """
    stmt = select(Program).where(*filter_conditions(filters, today), *where)
    if filters.words:
        return stmt.order_by(relevance(filters.words).desc(), Program.name, Program.id)
    return stmt.order_by(Program.name, Program.id)


def programs_query(filters: ProgramFilters, today: date) -> Select:
    """The matching programs, best match first, with what a list shows of each."""
    return matching_programs(filters, today).options(*list_options())


def search_programs(
    session: Session,
    filters: ProgramFilters,
    *,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    today: date | None = None,
) -> SelectPagination:
    """One page of published programs matching the filters, best match first.

    The page's ids and the total come from one statement (no second COUNT over the
    filters), then the page's programs are loaded with their lists.
    """
    return paginate_once(
        session,
        matching_programs(filters, today or local_today()),
        page=page,
        per_page=min(max(per_page, 1), MAX_PER_PAGE),
        load_options=list_options(),
    )
