"""The published catalog held in memory: the catalog page's search, facets and cards without SQL.

Why: profiling the logged-in catalog page over 5,000 programs (py-spy, bench/REPORT.md) put
~35 % of its time in the facet statement, ~35 % in the page's search and its eight loads, ~10 %
in the label lists and the stage path, and the rest in the template; 20 statements for a
page whose data changes a few times a day. The published catalog is small (72 programs in the
Red, 5,000 in the benchmark), so each worker keeps it in memory per catalog version (the
counter every catalog change bumps, red/services/page_cache.py) and answers from there; a
request then costs one SELECT of that counter.

Every set of programs is a bitmap (a Python int, bit i = the i-th program in name order), so a
filter is an AND, a facet count is `bit_count()`, and the order by name comes free. The
conditions mean exactly what catalog_search's SQL conditions mean (the HSDS API still runs
those, with its own extra filters); tests/test_catalog_understanding.py checks that both give
the same programs.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from red.es_co import catalog_order
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
from red.services import page_cache
from red.services.query_understanding import Lexicon, Term, lexicons
from red.text import fold

TEXT_CACHE = 4096  # folded fragments remembered per catalog version and worker


# --- what a result card shows ---------------------------------------------------------------


@dataclass(frozen=True)
class ActorCard:
    name: str
    acronym: str | None
    display_name: str


@dataclass(frozen=True)
class Named:
    name: str


@dataclass(frozen=True)
class StageCard:
    number: int


@dataclass(frozen=True)
class ProgramCard:
    """The fields of a Program that ruta/_program_card.html reads, kept in memory."""

    id: int
    slug: str
    name: str
    summary: str | None
    is_free: bool
    cost_cop: int | None
    modality: str
    whole_department: bool
    closes_on: date | None
    owner: ActorCard
    cooperators: tuple[ActorCard, ...]
    stages: tuple[StageCard, ...]
    municipalities: tuple[Named, ...]
    populations: tuple[Named, ...]


# --- the index --------------------------------------------------------------------------------


def _bits(positions) -> int:
    raw = bytearray()
    for i in positions:
        byte = i >> 3
        if byte >= len(raw):
            raw.extend(b"\0" * (byte + 1 - len(raw)))
        raw[byte] |= 1 << (i & 7)
    return int.from_bytes(raw, "little")


def positions_of(bits: int, skip: int = 0, take: int | None = None) -> list[int]:
    """The set bits' positions in increasing order, after skipping `skip` of them."""
    out: list[int] = []
    raw = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    for byte_index, byte in enumerate(raw):
        while byte:
            low = byte & -byte
            if skip:
                skip -= 1
            else:
                out.append(byte_index * 8 + low.bit_length() - 1)
                if take is not None and len(out) >= take:
                    return out
            byte ^= low
    return out


@dataclass
class CatalogIndex:
    """Published programs in name order, with one bitmap per filter value."""

    cards: list[ProgramCard] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # Program.search_norm
    names: list[str] = field(default_factory=list)  # folded names
    calls: list[tuple[date | None, date | None]] = field(default_factory=list)
    all: int = 0
    whole: int = 0
    free: int = 0
    no_population: int = 0
    # facet name → value → bitmap; "municipio"/"subregion" hold local (not whole) programs
    postings: dict[str, dict[str, int]] = field(default_factory=dict)
    labels: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    actor_labels: dict[str, str] = field(default_factory=dict)
    stage_names: list[tuple[int, str]] = field(default_factory=list)
    _text: OrderedDict = field(default_factory=OrderedDict)
    _open: dict[date, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def post(self, facet: str, value: str) -> int:
        return self.postings.get(facet, {}).get(value, 0)

    def _cached(self, key: tuple, compute) -> int:
        with self._lock:
            found = self._text.get(key)
            if found is not None:
                self._text.move_to_end(key)
                return found
        value = compute()
        with self._lock:
            self._text[key] = value
            while len(self._text) > TEXT_CACHE:
                self._text.popitem(last=False)
        return value

    def text_bits(self, fragment: str) -> int:
        return self._cached(
            ("t", fragment), lambda: _bits(i for i, t in enumerate(self.texts) if fragment in t)
        )

    def name_bits(self, fragment: str) -> int:
        return self._cached(
            ("n", fragment), lambda: _bits(i for i, t in enumerate(self.names) if fragment in t)
        )

    def open_on(self, today: date) -> int:
        found = self._open.get(today)
        if found is None:
            found = _bits(
                i
                for i, (opens, closes) in enumerate(self.calls)
                if (opens is None or opens <= today) and (closes is None or closes >= today)
            )
            self._open = {today: found}  # only today's is ever asked again
        return found


def _links(session: Session, table, column, value_of) -> list[tuple[int, Any]]:
    rows = session.execute(select(table.c.program_id, column)).all()
    return [(pid, value_of(v)) for pid, v in rows]


def build_index(session: Session) -> CatalogIndex:
    """Read the published catalog once: programs, their links, actors and the label lists."""
    index = CatalogIndex()
    programs = session.execute(
        select(
            Program.id,
            Program.slug,
            Program.name,
            Program.name_sort,
            Program.summary,
            Program.search_norm,
            Program.is_free,
            Program.cost_cop,
            Program.modality,
            Program.whole_department,
            Program.opens_on,
            Program.closes_on,
            Program.owner_id,
        ).where(Program.status == "publicado")
    ).all()
    programs.sort(key=lambda p: (p.name_sort, p.id))  # as ORDER BY name_sort, id
    position = {p.id: i for i, p in enumerate(programs)}
    actors = {
        a.id: a
        for a in session.execute(
            select(Actor.id, Actor.slug, Actor.name, Actor.acronym).order_by(
                Actor.name_sort, Actor.id
            )
        ).all()
    }

    def actor_card(actor_id: int) -> ActorCard:
        a = actors[actor_id]
        return ActorCard(a.name, a.acronym, f"{a.acronym} – {a.name}" if a.acronym else a.name)

    stages = dict(session.execute(select(RouteStage.id, RouteStage.number)).all())
    municipalities = session.execute(
        select(Municipality.code, Municipality.name, Municipality.subregion).order_by(
            Municipality.name_sort, Municipality.code
        )
    ).all()
    town = {m.code: m for m in municipalities}
    catalogs = {
        "tipo": (ServiceType, program_service_types, program_service_types.c.service_type_id),
        "sector": (Sector, program_sectors, program_sectors.c.sector_id),
        "cadena": (ProductiveChain, program_chains, program_chains.c.chain_id),
        "poblacion": (PopulationGroup, program_populations, program_populations.c.population_id),
    }
    per_program: dict[str, dict[int, list]] = {}
    postings: dict[str, dict[str, list[int]]] = {}

    def link(facet: str, pid: int, value) -> None:
        if pid in position:
            per_program.setdefault(facet, {}).setdefault(pid, []).append(value)
            postings.setdefault(facet, {}).setdefault(str(value), []).append(position[pid])

    population_names: dict[str, str] = {}
    for facet, (model, table, column) in catalogs.items():
        rows = catalog_order(
            session.execute(select(model.id, model.code, model.name, model.active, model.position))
        )
        codes = {r.id: r.code for r in rows}
        index.labels[facet] = [(r.code, r.name) for r in rows if r.active]
        if facet == "poblacion":
            population_names = {r.code: r.name for r in rows}
        for pid, code in _links(session, table, column, codes.__getitem__):
            link(facet, pid, code)
    for pid, number in _links(session, program_stages, program_stages.c.stage_id, stages.get):
        link("etapa", pid, number)
    whole_ids = {p.id for p in programs if p.whole_department}
    for pid, code in session.execute(
        select(program_municipalities.c.program_id, program_municipalities.c.municipality_code)
    ).all():
        per_program.setdefault("municipio", {}).setdefault(pid, []).append(code)
        if pid in position and pid not in whole_ids:
            postings.setdefault("municipio", {}).setdefault(code, []).append(position[pid])
            postings.setdefault("subregion", {}).setdefault(town[code].subregion, []).append(
                position[pid]
            )
    cooperators: dict[int, list[int]] = {}
    for pid, actor_id in session.execute(
        select(program_cooperators.c.program_id, program_cooperators.c.actor_id)
    ).all():
        cooperators.setdefault(pid, []).append(actor_id)
    for p in programs:
        for actor_id in {p.owner_id, *cooperators.get(p.id, [])}:
            postings.setdefault("actor", {}).setdefault(actors[actor_id].slug, []).append(
                position[p.id]
            )
        postings.setdefault("modalidad", {}).setdefault(p.modality, []).append(position[p.id])
    index.postings = {
        facet: {value: _bits(sorted(set(ps))) for value, ps in values.items()}
        for facet, values in postings.items()
    }
    for p in programs:
        links = {facet: per_program.get(facet, {}).get(p.id, []) for facet in per_program}
        index.cards.append(
            ProgramCard(
                id=p.id,
                slug=p.slug,
                name=p.name,
                summary=p.summary,
                is_free=p.is_free,
                cost_cop=p.cost_cop,
                modality=p.modality,
                whole_department=p.whole_department,
                closes_on=p.closes_on,
                owner=actor_card(p.owner_id),
                cooperators=tuple(actor_card(a) for a in cooperators.get(p.id, [])),
                stages=tuple(StageCard(n) for n in sorted(links.get("etapa", []))),
                municipalities=tuple(
                    Named(town[c].name) for c in links.get("municipio", []) if c in town
                ),
                populations=tuple(Named(population_names[c]) for c in links.get("poblacion", [])),
            )
        )
        index.texts.append(p.search_norm or "")
        index.names.append(fold(p.name))
        index.calls.append((p.opens_on, p.closes_on))
    n = len(programs)
    index.all = (1 << n) - 1
    index.whole = _bits(i for i, p in enumerate(programs) if p.whole_department)
    index.free = _bits(i for i, p in enumerate(programs) if p.is_free)
    targeted = 0
    for bits in index.postings.get("poblacion", {}).values():
        targeted |= bits
    index.no_population = index.all & ~targeted
    stage_rows = session.execute(
        select(RouteStage.number, RouteStage.name, RouteStage.active).order_by(RouteStage.number)
    ).all()
    index.stage_names = [(r.number, r.name) for r in stage_rows if r.active]
    index.labels["etapa"] = [(str(num), name) for num, name in index.stage_names]
    index.labels["municipio"] = [(m.code, m.name) for m in municipalities]
    index.labels["subregion"] = [(s, s) for s in SUBREGIONS]
    index.labels["modalidad"] = list(MODALITIES.items())
    index.actor_labels = {a.slug: (a.acronym or a.name) for a in actors.values()}
    return index


# --- one snapshot per catalog version ----------------------------------------------------------


@dataclass
class Snapshot:
    lexicon: Lexicon
    index: CatalogIndex


class _IndexCache:
    def __init__(self) -> None:
        self._key: tuple[int, datetime | None] | None = None
        self._index: CatalogIndex | None = None
        self._lock = threading.Lock()

    def get(self, session: Session, key: tuple[int, datetime | None]) -> CatalogIndex:
        with self._lock:
            if self._key == key and self._index is not None:
                return self._index
        index = build_index(session)
        with self._lock:
            self._key, self._index = key, index
        return index

    def clear(self) -> None:
        with self._lock:
            self._key, self._index = None, None


indexes = _IndexCache()


def snapshot(session: Session, version: tuple | None = None) -> Snapshot:
    """The lexicon and the index for the catalog as it is now: one SELECT when both are warm
    (none when the caller already read the version, page_cache.version_and_time)."""
    key = version or page_cache.version_and_time(session)
    return Snapshot(lexicons.get(session, key), indexes.get(session, key))


# --- evaluating terms and filters ----------------------------------------------------------------

PLACE = ("municipio", "subregion", "region")


def _place_bits(index: CatalogIndex, codes) -> int:
    bits = 0
    for code in codes:
        bits |= index.post("municipio", code)
    return bits


def _grouped(term: Term) -> dict[str, list]:
    out: dict[str, list] = {}
    for c in term.concepts:
        out.setdefault("lugar" if c.kind in PLACE else c.kind, []).append(c)
    return out


def _codes(concepts) -> list[str]:
    return [code for c in concepts for code in c.municipalities]


def term_bits(index: CatalogIndex, term: Term) -> int:
    """Programs matching a term: its text, or what it names (see catalog_search.term_condition)."""
    bits = 0
    for fragment in term.fragments:
        bits |= index.text_bits(fragment)
    for kind, concepts in _grouped(term).items():
        if kind == "lugar":
            bits |= index.whole | _place_bits(index, _codes(concepts))
        else:
            for c in concepts:
                bits |= index.post(kind, c.code)
            if kind == "poblacion":
                bits |= index.no_population
    return bits


def score_groups(index: CatalogIndex, term: Term) -> list[list[tuple[int, int]]]:
    """Per term, groups of exclusive (bitmap, points): the first that holds in a group counts."""
    name = 0
    for fragment in term.fragments[:1]:
        name |= index.name_bits(fragment)
    text = 0
    for fragment in term.fragments:
        text |= index.text_bits(fragment)
    groups = [[(name, 100), (text, 10)]]
    for kind, concepts in _grouped(term).items():
        if kind == "lugar":
            groups.append([(_place_bits(index, _codes(concepts)), 40), (index.whole, 10)])
        else:
            carried = 0
            for c in concepts:
                carried |= index.post(kind, c.code)
            groups.append([(carried, 40)])
    return groups


def ranked(index: CatalogIndex, matched: int, terms: list[Term]) -> list[int]:
    """The matched bitmap split by score, best first (within one score: name order)."""
    parts: dict[int, int] = {0: matched}
    for term in terms:
        for group in score_groups(index, term):
            new: dict[int, int] = {}
            for score, bits in parts.items():
                rest = bits
                for hit_bits, points in group:
                    hit = rest & hit_bits
                    if hit:
                        new[score + points] = new.get(score + points, 0) | hit
                        rest &= ~hit_bits
                if rest:
                    new[score] = new.get(score, 0) | rest
            parts = new
    return [parts[s] for s in sorted(parts, reverse=True)]


def page_of(buckets: list[int], offset: int, per_page: int) -> list[int]:
    out: list[int] = []
    for bits in buckets:
        count = bits.bit_count()
        if offset >= count:
            offset -= count
            continue
        out += positions_of(bits, skip=offset, take=per_page - len(out))
        offset = 0
        if len(out) >= per_page:
            break
    return out


def filter_bits(index: CatalogIndex, filters: Any, today: date) -> dict[str, int]:
    """The active structured filters (by URL name) as bitmaps, as named_conditions means them."""
    out: dict[str, int] = {}
    if filters.etapa is not None:
        out["etapa"] = index.post("etapa", str(filters.etapa))
    for name in ("tipo", "sector", "cadena", "poblacion", "modalidad", "actor"):
        value = getattr(filters, name)
        if value:
            out[name] = index.post(name, value)
    if filters.municipio:
        out["municipio"] = index.whole | index.post("municipio", filters.municipio)
    if filters.subregion:
        out["subregion"] = index.whole | index.post("subregion", filters.subregion)
    if filters.costo:
        out["costo"] = index.free
    if filters.abierta:
        out["abierta"] = index.open_on(today)
    return out


def terms_bits(index: CatalogIndex, terms: list[Term]) -> int:
    bits = index.all
    for term in terms:
        bits &= term_bits(index, term)
    return bits
