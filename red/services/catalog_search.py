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
from sqlalchemy import (
    Select,
    String,
    and_,
    case,
    cast,
    distinct,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
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


def _facet_parts(filters: ProgramFilters, today: date) -> list[Select]:
    """One SELECT (facet, key, n) per facet, all reading one CTE.

    The CTE holds the published programs matching the free text, with one 0/1 column per
    active filter, so the text scan and each filter run once per page, not once per facet
    (both engines materialise a CTE referenced more than once). Each facet then keeps the
    rows that pass every filter but its own. Link tables have (program_id, x) primary keys,
    so count(*) per key already counts distinct programs.
    """
    conditions = named_conditions(filters, today)
    where = [Program.status == "publicado"]
    if filters.words:
        where.append(text_condition(filters.words))
    matched = (
        select(
            Program.id,
            Program.owner_id,
            Program.modality,
            Program.whole_department,
            case((Program.is_free.is_(True), 1), else_=0).label("free"),
            case((open_today_condition(today), 1), else_=0).label("open_now"),
            *(case((cond, 1), else_=0).label(f"f_{name}") for name, cond in conditions.items()),
        )
        .where(*where)
        .cte("matched")
    )

    def rows(exclude: str, *extra) -> Select:
        keep = [matched.c[f"f_{name}"] == 1 for name in conditions if name != exclude]
        return select(matched).where(*keep, *extra).subquery()

    def ids(exclude: str, *extra) -> Select:
        sub = rows(exclude, *extra)
        return select(sub.c.id)

    def linked(name, table, column, key_column, target, target_id):
        return (
            select(literal(name), cast(key_column, String), func.count())
            .select_from(table)
            .join(target, target_id == column)
            .where(table.c.program_id.in_(ids(name)))
            .group_by(key_column)
        )

    links = program_municipalities
    parts = [
        linked(
            "etapa",
            program_stages,
            program_stages.c.stage_id,
            RouteStage.number,
            RouteStage,
            RouteStage.id,
        ),
        linked(
            "tipo",
            program_service_types,
            program_service_types.c.service_type_id,
            ServiceType.code,
            ServiceType,
            ServiceType.id,
        ),
        linked(
            "sector", program_sectors, program_sectors.c.sector_id, Sector.code, Sector, Sector.id
        ),
        linked(
            "cadena",
            program_chains,
            program_chains.c.chain_id,
            ProductiveChain.code,
            ProductiveChain,
            ProductiveChain.id,
        ),
        linked(
            "poblacion",
            program_populations,
            program_populations.c.population_id,
            PopulationGroup.code,
            PopulationGroup,
            PopulationGroup.id,
        ),
    ]
    # Municipality and subregion: programs for the whole department count everywhere once.
    for name in ("municipio", "subregion"):
        local = ids(name, matched.c.whole_department.is_(False))
        if name == "municipio":
            parts.append(
                select(literal(name), links.c.municipality_code, func.count())
                .where(links.c.program_id.in_(local))
                .group_by(links.c.municipality_code)
            )
        else:
            parts.append(
                select(
                    literal(name), Municipality.subregion, func.count(distinct(links.c.program_id))
                )
                .select_from(links)
                .join(Municipality, Municipality.code == links.c.municipality_code)
                .where(links.c.program_id.in_(local))
                .group_by(Municipality.subregion)
            )
        whole = rows(name, matched.c.whole_department.is_(True))
        parts.append(select(literal(f"{name}*"), literal(""), func.count()).select_from(whole))
    owners = rows("actor")
    pairs = union_all(
        select(owners.c.id.label("pid"), owners.c.owner_id.label("aid")),
        select(program_cooperators.c.program_id, program_cooperators.c.actor_id).where(
            program_cooperators.c.program_id.in_(ids("actor"))
        ),
    ).subquery()
    parts.append(
        select(literal("actor"), Actor.slug, func.count())
        .select_from(pairs)
        .join(Actor, Actor.id == pairs.c.aid)
        .group_by(Actor.slug)
    )
    modality = rows("modalidad")
    parts.append(
        select(literal("modalidad"), modality.c.modality, func.count()).group_by(
            modality.c.modality
        )
    )
    free = rows("costo", matched.c.free == 1)
    parts.append(select(literal("costo"), literal(""), func.count()).select_from(free))
    open_now = rows("abierta", matched.c.open_now == 1)
    parts.append(select(literal("abierta"), literal(""), func.count()).select_from(open_now))
    return parts


def _options(session: Session, model, value_of, order) -> list[tuple[str, str]]:
    rows = session.scalars(select(model).where(model.active.is_(True)).order_by(*order))
    return [(value_of(item), item.name) for item in rows]


def facet_counts(session: Session, filters: ProgramFilters, today: date | None = None) -> Facets:
    """Counts per facet value: one statement for every count, one per list of labels."""
    today = today or date.today()
    counts: dict[str, dict[str, int]] = {}
    for facet, key, n in session.execute(union_all(*_facet_parts(filters, today))):
        counts.setdefault(facet, {})[key] = int(n)
    facets = Facets()
    opts = facets.options

    def build(name: str, labels: list[tuple[str, str]], extra: int = 0) -> list[FacetOption]:
        got = counts.get(name, {})
        return [FacetOption(value, label, got.get(value, 0) + extra) for value, label in labels]

    opts["etapa"] = build(
        "etapa", _options(session, RouteStage, lambda s: str(s.number), (RouteStage.number,))
    )
    for name, model in (
        ("tipo", ServiceType),
        ("sector", Sector),
        ("cadena", ProductiveChain),
        ("poblacion", PopulationGroup),
    ):
        opts[name] = build(
            name, _options(session, model, lambda i: i.code, (model.position, model.name))
        )
    municipalities = session.execute(
        select(Municipality.code, Municipality.name).order_by(Municipality.name)
    ).all()
    opts["municipio"] = build(
        "municipio", [(c, n) for c, n in municipalities], counts.get("municipio*", {}).get("", 0)
    )
    opts["subregion"] = build(
        "subregion", [(s, s) for s in SUBREGIONS], counts.get("subregion*", {}).get("", 0)
    )
    actor_counts = counts.get("actor", {})
    actors = session.execute(
        select(Actor.slug, Actor.name, Actor.acronym)
        .where(Actor.slug.in_(list(actor_counts) or [""]))
        .order_by(Actor.name)
    ).all()
    opts["actor"] = [
        FacetOption(slug, acr or name, actor_counts[slug]) for slug, name, acr in actors
    ]
    opts["modalidad"] = build("modalidad", list(MODALITIES.items()))
    facets.gratuito = counts.get("costo", {}).get("", 0)
    facets.abierta = counts.get("abierta", {}).get("", 0)
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
