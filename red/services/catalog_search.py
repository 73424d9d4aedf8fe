"""Searching the published catalog of the Ruta: filters, relevance and facet counts.

Strategy (measured, see tests/bench_catalog_search.py): one portable normalised column,
Program.search_norm (name, summary, description and owner, accent-folded and lower-cased by
red.text.fold on every flush), searched with one LIKE per word, the same SQL on SQLite and
PostgreSQL. We did not add FTS5 or tsvector: with 5,000 programs a full search with facets
runs in a few tens of milliseconds on SQLite (the whole network offers ~72 programs; even a
hundredfold growth stays far under that), while an engine index would need two DDL paths,
triggers or a second migration per database and a second ranking to keep identical. Substring
LIKE also finds word fragments ("confec" finds "confección"), which stemmed full text does
not. If the catalog ever reaches hundreds of thousands of rows, this function is the one
place to put FTS5 / tsvector behind.

Relevance: the phrase at the start of the text (the name comes first) ranks highest, then
the phrase anywhere, then words that start a word, then fragments.

Facets are "disjunctive": each facet's counts apply every other active filter but not its
own, so a person sees how many programs each alternative value would give.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select, and_, case, distinct, exists, func, literal, or_, select, union_all
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


def filter_conditions(filters: ProgramFilters, today: date, exclude: str | None = None) -> list:
    """WHERE conditions for the published programs that match `filters` (minus `exclude`)."""
    conditions = [Program.status == "publicado"]

    def want(name: str) -> bool:
        value = getattr(filters, name)
        return name != exclude and value not in (None, "", False)

    if filters.words:
        conditions.append(text_condition(filters.words))
    if want("etapa"):
        ids = select(RouteStage.id).where(RouteStage.number == filters.etapa)
        conditions.append(_linked(program_stages, program_stages.c.stage_id, ids))
    if want("tipo"):
        ids = select(ServiceType.id).where(ServiceType.code == filters.tipo)
        conditions.append(
            _linked(program_service_types, program_service_types.c.service_type_id, ids)
        )
    if want("sector"):
        ids = select(Sector.id).where(Sector.code == filters.sector)
        conditions.append(_linked(program_sectors, program_sectors.c.sector_id, ids))
    if want("cadena"):
        ids = select(ProductiveChain.id).where(ProductiveChain.code == filters.cadena)
        conditions.append(_linked(program_chains, program_chains.c.chain_id, ids))
    if want("poblacion"):
        ids = select(PopulationGroup.id).where(PopulationGroup.code == filters.poblacion)
        conditions.append(_linked(program_populations, program_populations.c.population_id, ids))
    if want("municipio"):
        conditions.append(covers_municipality(filters.municipio))
    if want("subregion"):
        conditions.append(covers_subregion(filters.subregion))
    if want("actor"):
        conditions.append(involves_actor(filters.actor))
    if want("costo"):
        conditions.append(Program.is_free.is_(True))
    if want("modalidad"):
        conditions.append(Program.modality == filters.modalidad)
    if want("abierta"):
        conditions.append(open_today_condition(today))
    return conditions


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


def programs_query(filters: ProgramFilters, today: date) -> Select:
    stmt = select(Program).where(*filter_conditions(filters, today)).options(*list_options())
    if filters.words:
        return stmt.order_by(relevance(filters.words).desc(), Program.name, Program.id)
    return stmt.order_by(Program.name, Program.id)


def search_programs(
    session: Session,
    filters: ProgramFilters,
    *,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    today: date | None = None,
) -> SelectPagination:
    """One page of published programs matching the filters, best match first."""
    return SelectPagination(
        select=programs_query(filters, today or date.today()),
        session=session,
        page=max(page, 1),
        per_page=min(max(per_page, 1), MAX_PER_PAGE),
        max_per_page=MAX_PER_PAGE,
        error_out=False,
    )


# --- facets ------------------------------------------------------------------------------


@dataclass
class FacetOption:
    value: str
    label: str
    count: int


@dataclass
class Facets:
    """Per filter, its possible values with how many programs each would give."""

    options: dict[str, list[FacetOption]] = field(default_factory=dict)
    gratuito: int = 0
    abierta: int = 0


def _ids(filters: ProgramFilters, today: date, exclude: str) -> Select:
    return select(Program.id).where(*filter_conditions(filters, today, exclude))


def _catalog_facet(session, model, table, column, ids, value_of, order) -> list[FacetOption]:
    counts = (
        select(column.label("key"), func.count(distinct(table.c.program_id)).label("n"))
        .where(table.c.program_id.in_(ids))
        .group_by(column)
        .subquery()
    )
    rows = session.execute(
        select(model, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.key == model.id)
        .where(model.active.is_(True))
        .order_by(*order)
    )
    return [FacetOption(value_of(item), item.name, int(n)) for item, n in rows]


def _whole_department(ids) -> Select:
    return select(Program.id).where(Program.id.in_(ids), Program.whole_department.is_(True))


def _municipality_facet(session, ids) -> list[FacetOption]:
    """Counts per municipality; a whole-department program counts in every municipality."""
    whole = _whole_department(ids)
    local = (
        select(
            program_municipalities.c.municipality_code.label("code"),
            func.count(distinct(program_municipalities.c.program_id)).label("n"),
        )
        .where(
            program_municipalities.c.program_id.in_(ids),
            program_municipalities.c.program_id.not_in(whole),
        )
        .group_by(program_municipalities.c.municipality_code)
        .subquery()
    )
    whole_n = select(func.count()).select_from(whole.subquery()).scalar_subquery()
    rows = session.execute(
        select(Municipality, func.coalesce(local.c.n, 0), whole_n)
        .outerjoin(local, local.c.code == Municipality.code)
        .order_by(Municipality.name)
    ).all()
    return [FacetOption(m.code, m.name, int(n) + int(w)) for m, n, w in rows]


def _subregion_facet(session, ids) -> list[FacetOption]:
    whole = _whole_department(ids)
    links = program_municipalities
    whole_n = select(func.count()).select_from(whole.subquery()).scalar_subquery()
    rows = session.execute(
        select(Municipality.subregion, func.count(distinct(links.c.program_id)), whole_n)
        .select_from(Municipality)
        .outerjoin(
            links,
            and_(
                links.c.municipality_code == Municipality.code,
                links.c.program_id.in_(ids),
                links.c.program_id.not_in(whole),
            ),
        )
        .group_by(Municipality.subregion)
    ).all()
    counts = {name: int(n) + int(w) for name, n, w in rows}
    return [FacetOption(s, s, counts.get(s, 0)) for s in SUBREGIONS]


def _actor_facet(session, ids) -> list[FacetOption]:
    pairs = union_all(
        select(Program.id.label("pid"), Program.owner_id.label("aid")).where(Program.id.in_(ids)),
        select(
            program_cooperators.c.program_id.label("pid"),
            program_cooperators.c.actor_id.label("aid"),
        ).where(program_cooperators.c.program_id.in_(ids)),
    ).subquery()
    counts = (
        select(pairs.c.aid, func.count(distinct(pairs.c.pid)).label("n"))
        .group_by(pairs.c.aid)
        .subquery()
    )
    rows = session.execute(
        select(Actor.slug, Actor.name, Actor.acronym, counts.c.n)
        .join(counts, counts.c.aid == Actor.id)
        .order_by(Actor.name)
    ).all()
    return [FacetOption(slug, acronym or name, int(n)) for slug, name, acronym, n in rows]


def facet_counts(session: Session, filters: ProgramFilters, today: date | None = None) -> Facets:
    """Counts per facet value; a fixed number of statements whatever the catalog size."""
    today = today or date.today()
    facets = Facets()
    opts = facets.options
    opts["etapa"] = _catalog_facet(
        session,
        RouteStage,
        program_stages,
        program_stages.c.stage_id,
        _ids(filters, today, "etapa"),
        lambda s: str(s.number),
        (RouteStage.number,),
    )
    simple = (
        ("tipo", ServiceType, program_service_types, program_service_types.c.service_type_id),
        ("sector", Sector, program_sectors, program_sectors.c.sector_id),
        ("cadena", ProductiveChain, program_chains, program_chains.c.chain_id),
        ("poblacion", PopulationGroup, program_populations, program_populations.c.population_id),
    )
    for name, model, table, column in simple:
        opts[name] = _catalog_facet(
            session,
            model,
            table,
            column,
            _ids(filters, today, name),
            lambda item: item.code,
            (model.position, model.name),
        )
    opts["municipio"] = _municipality_facet(session, _ids(filters, today, "municipio"))
    opts["subregion"] = _subregion_facet(session, _ids(filters, today, "subregion"))
    opts["actor"] = _actor_facet(session, _ids(filters, today, "actor"))
    modality_ids = _ids(filters, today, "modalidad")
    modality_counts = dict(
        session.execute(
            select(Program.modality, func.count(Program.id))
            .where(Program.id.in_(modality_ids))
            .group_by(Program.modality)
        ).all()
    )
    opts["modalidad"] = [
        FacetOption(key, label, int(modality_counts.get(key, 0)))
        for key, label in MODALITIES.items()
    ]
    free_ids = _ids(filters, today, "costo")
    open_ids = _ids(filters, today, "abierta")
    free, open_now = session.execute(
        select(
            select(func.count(Program.id))
            .where(Program.id.in_(free_ids), Program.is_free.is_(True))
            .scalar_subquery(),
            select(func.count(Program.id))
            .where(Program.id.in_(open_ids), open_today_condition(today))
            .scalar_subquery(),
        )
    ).one()
    facets.gratuito, facets.abierta = int(free), int(open_now)
    return facets


def stage_path(session: Session) -> list[tuple[RouteStage, int]]:
    """The Ruta's stages in order, each with its number of published programs."""
    counts = (
        select(program_stages.c.stage_id.label("sid"), func.count().label("n"))
        .join(Program, Program.id == program_stages.c.program_id)
        .where(Program.status == "publicado")
        .group_by(program_stages.c.stage_id)
        .subquery()
    )
    rows = session.execute(
        select(RouteStage, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.sid == RouteStage.id)
        .where(RouteStage.active.is_(True))
        .order_by(RouteStage.number)
    ).all()
    return [(stage, int(n)) for stage, n in rows]
