"""Searching the published catalog of the Ruta: filters, query understanding and relevance.

The free text is understood first (red/services/query_understanding.py): each term of `q` is a
word or a known phrase that may also name places, sectors and chains, service types or
populations. A program matches a term when its folded text (Program.search_norm: name,
summary, description and owner, refreshed on every flush) contains it, or when it carries
what the term names: a place's municipalities (programs for the whole department count
everywhere), a sector, chain or service type, or a population (programs aimed at it, and the
ones aimed at nobody in particular, which are open to everyone). Every term must match.
All of it is the same portable SQL on SQLite and PostgreSQL, so both return the same ids.

We did not add FTS5 or tsvector. Measured with tests/bench_catalog_search.py (demo data plus
5,000 synthetic programs whose text comes from a 35-word vocabulary, so a word matches up to
90 % of rows — a worst case), one catalog page (results, count and every facet count) takes
30–85 ms on SQLite and 50–155 ms on PostgreSQL 15. The network offers ~72 programs today. An
engine index would need two DDL paths, a second ranking per engine to keep identical, and it
would lose substring matches ("confec" finds "confección"). What did matter was not
repeating work per page: the catalog page now answers from an in-memory copy of the published
catalog (red/services/catalog_index.py), the same conditions as bitmaps; the SQL below is what
the HSDS API runs, with its own filters added.

Relevance, per term: found in the program's name 100, carries what the term names 40 (for a
place: a local program; a program for the whole department only 10, so local ones come
first), found elsewhere in its text 10; then the name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import (
    Integer,
    Select,
    and_,
    case,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.functions import FunctionElement

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
from red.services import catalog_index
from red.services.bounds import clamp_page
from red.services.calendar import local_today
from red.services.query_understanding import (
    MAX_QUERY_WORDS,
    Concept,
    Term,
    Understanding,
    folded_words,
    understand_with,
)

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


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
            raise RuntimeError("ProgramFilters.q needs catalog_search.prepare(session, filters)")
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


class text_position(FunctionElement):
    """1-based position of a substring (0 when absent): instr() on SQLite, strpos() elsewhere."""

    type = Integer()
    inherit_cache = True
    name = "text_position"


@compiles(text_position)
def _text_position_default(element, compiler, **kw):
    return f"strpos({compiler.process(element.clauses, **kw)})"


@compiles(text_position, "sqlite")
def _text_position_sqlite(element, compiler, **kw):
    return f"instr({compiler.process(element.clauses, **kw)})"


def _covers_codes(codes: Sequence[str], *, local_only: bool = False):
    local = exists().where(
        program_municipalities.c.program_id == Program.id,
        program_municipalities.c.municipality_code.in_(sorted(set(codes))),
    )
    return local if local_only else or_(Program.whole_department.is_(True), local)


LINKS = {
    "sector": (program_sectors, program_sectors.c.sector_id),
    "cadena": (program_chains, program_chains.c.chain_id),
    "tipo": (program_service_types, program_service_types.c.service_type_id),
    "poblacion": (program_populations, program_populations.c.population_id),
}


def _carries(kind: str, concepts: Sequence[Concept]):
    """Programs linked to any of these catalog entries (one EXISTS per kind)."""
    table, column = LINKS[kind]
    ids = sorted({c.catalog_id for c in concepts})
    return exists().where(table.c.program_id == Program.id, column.in_(ids))


def _by_kind(term: Term) -> dict[str, list[Concept]]:
    grouped: dict[str, list[Concept]] = {}
    for concept in term.concepts:
        kind = "lugar" if concept.kind in ("municipio", "subregion", "region") else concept.kind
        grouped.setdefault(kind, []).append(concept)
    return grouped


def _places(concepts: Sequence[Concept]) -> list[str]:
    return [code for c in concepts for code in c.municipalities]


def _text_like(term: Term):
    return or_(*(Program.search_norm.like(f"%{fragment}%") for fragment in term.fragments))


def term_condition(term: Term):
    """A program matches a term by its text or by carrying what the term names."""
    parts = [_text_like(term)]
    for kind, concepts in _by_kind(term).items():
        if kind == "lugar":
            parts.append(_covers_codes(_places(concepts)))
        elif kind == "poblacion":
            # Aimed at the population, or at no population in particular (open to everyone).
            anyone = exists().where(program_populations.c.program_id == Program.id)
            parts.append(or_(_carries(kind, concepts), not_(anyone)))
        else:
            parts.append(_carries(kind, concepts))
    return or_(*parts)


def text_condition(terms: Sequence[Term]):
    return and_(*(term_condition(term) for term in terms))


def relevance(terms: Sequence[Term]):
    """Per term: in the name 100, carries what it names 40 (whole department 10), text 10."""
    score = literal(0)
    name_length = func.length(Program.name)
    for term in terms:
        position = text_position(Program.search_norm, term.fragments[0])
        in_name = and_(position > 0, position <= name_length)
        score = score + case((in_name, 100), (_text_like(term), 10), else_=0)
        for kind, concepts in _by_kind(term).items():
            if kind == "lugar":
                codes = _places(concepts)
                score = score + case(
                    (_covers_codes(codes, local_only=True), 40),
                    (Program.whole_department.is_(True), 10),
                    else_=0,
                )
            else:
                score = score + case((_carries(kind, concepts), 40), else_=0)
    return score


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
    if filters.terms:
        conditions.append(text_condition(filters.terms))
    return conditions + list(named_conditions(filters, today).values())


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
    modification date) to the same search, so both answer `search` the same way. The
    filters' text must have been understood first (prepare).
    """
    stmt = select(Program).where(*filter_conditions(filters, today), *where)
    if filters.terms:
        return stmt.order_by(relevance(filters.terms).desc(), Program.name_sort, Program.id)
    return stmt.order_by(Program.name_sort, Program.id)


def programs_query(filters: ProgramFilters, today: date) -> Select:
    """The matching programs, best match first, with what a list shows of each."""
    return matching_programs(filters, today).options(*list_options())


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


class ListPagination(Pagination):
    """A page whose items and total are already known (Flask-SQLAlchemy's pager API)."""

    def _query_items(self) -> list[Any]:
        return self._query_args["fetch"](self._query_offset, self.per_page)

    def _query_count(self) -> int:
        return self._query_args["total"]


def _matched(session: Session, filters: ProgramFilters, today: date) -> tuple[Any, int]:
    """The in-memory index and the bitmap of programs matching every term and filter."""
    prepare(session, filters)
    index = filters.snapshot.index
    bits = catalog_index.terms_bits(index, filters.terms)
    for value in catalog_index.filter_bits(index, filters, today).values():
        bits &= value
    return index, bits


def count_matching(session: Session, filters: ProgramFilters, today: date) -> int:
    """How many published programs match (the zero-results page says what each filter hides)."""
    return _matched(session, filters, today)[1].bit_count()


def search_cards(
    session: Session,
    filters: ProgramFilters,
    *,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    today: date | None = None,
) -> ListPagination:
    """One page of matching programs, best match first, as in-memory cards (no SQL when warm).

    Same terms, filters and order as matching_programs' SQL: per term, name 100, what it
    names 40 (whole department 10), text 10; then the name.
    """
    index, bits = _matched(session, filters, today or local_today())
    buckets = catalog_index.ranked(index, bits, filters.terms) if filters.terms else [bits]

    def fetch(offset: int, size: int) -> list:
        return [index.cards[i] for i in catalog_index.page_of(buckets, offset, size)]

    return ListPagination(
        page=clamp_page(page),
        per_page=min(max(per_page, 1), MAX_PER_PAGE),
        max_per_page=MAX_PER_PAGE,
        error_out=False,
        fetch=fetch,
        total=bits.bit_count(),
    )


def search_programs(
    session: Session,
    filters: ProgramFilters,
    *,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    today: date | None = None,
) -> ListPagination:
    """The same page as search_cards, with the ORM programs and their lists (for the API)."""
    cards = search_cards(session, filters, page=page, per_page=per_page, today=today)
    ids = [card.id for card in cards.items]
    if ids:
        loaded = session.scalars(
            select(Program).where(Program.id.in_(ids)).options(*list_options())
        )
        by_id = {p.id: p for p in loaded}
        cards.items = [by_id[i] for i in ids]
    return cards
