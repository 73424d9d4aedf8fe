"""Reading the published catalog into a CatalogIndex (red/services/catalog_index.py).

About ten statements, once per catalog version and worker: the published programs in name
order (name_sort, id: the same order as the SQL search), each linked catalog with its
links, the municipalities they cover, the actors who run them, and the label lists the
facets show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from red.es_co import catalog_order
from red.models import Actor, Municipality, Program, RouteStage
from red.models.catalogs import SUBREGIONS
from red.models.programs import MODALITIES, program_cooperators, program_municipalities
from red.services.catalog_index import (
    ActorCard,
    CatalogIndex,
    Named,
    ProgramCard,
    StageCard,
    bitmap,
)
from red.services.catalog_links import LINKS, CatalogLink
from red.text import fold

PROGRAM_COLUMNS = (
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
)


@dataclass
class _Links:
    """What links to each published program: per facet, the values of each program (for its
    card) and the positions carrying each value (for its bitmap)."""

    position: dict[int, int]
    per_program: dict[str, dict[int, list]] = field(default_factory=dict)
    postings: dict[str, dict[str, list[int]]] = field(default_factory=dict)

    def add(self, facet: str, pid: int, value: Any) -> None:
        if pid in self.position:
            self.per_program.setdefault(facet, {}).setdefault(pid, []).append(value)
            self.post(facet, str(value), pid)

    def post(self, facet: str, value: str, pid: int) -> None:
        self.postings.setdefault(facet, {}).setdefault(value, []).append(self.position[pid])

    def of(self, facet: str, pid: int) -> list:
        return self.per_program.get(facet, {}).get(pid, [])

    def bitmaps(self) -> dict[str, dict[str, int]]:
        return {
            facet: {value: bitmap(sorted(set(ps))) for value, ps in values.items()}
            for facet, values in self.postings.items()
        }


def _published(session: Session) -> list:
    rows = session.execute(select(*PROGRAM_COLUMNS).where(Program.status == "publicado")).all()
    rows.sort(key=lambda p: (p.name_sort, p.id))  # as ORDER BY name_sort, id
    return rows


def _catalog(session: Session, link: CatalogLink, links: _Links, index: CatalogIndex) -> dict:
    """One linked catalog: its active entries as facet labels, its links; {code: name}."""
    model = link.model
    rows = session.execute(
        select(model.id, link.key.label("key"), model.name, model.active, model.position)
    ).all()
    rows = sorted(rows, key=lambda r: r.key) if model is RouteStage else catalog_order(rows)
    index.labels[link.name] = [(str(r.key), r.name) for r in rows if r.active]
    key_of = {r.id: r.key for r in rows}
    for pid, catalog_id in session.execute(select(link.table.c.program_id, link.column)).all():
        links.add(link.name, pid, key_of[catalog_id])
    if model is RouteStage:
        index.stage_names = [(r.key, r.name) for r in rows if r.active]
    return {r.key: r.name for r in rows}


def _coverage(session: Session, programs: Sequence, towns: dict, links: _Links) -> None:
    """Municipalities each program names; only local programs are posted under a place
    (programs for the whole department are added to every place's bitmap when asked)."""
    whole = {p.id for p in programs if p.whole_department}
    for pid, code in session.execute(
        select(program_municipalities.c.program_id, program_municipalities.c.municipality_code)
    ).all():
        if pid not in links.position:
            continue
        links.per_program.setdefault("municipio", {}).setdefault(pid, []).append(code)
        if pid not in whole:
            links.post("municipio", code, pid)
            links.post("subregion", towns[code].subregion, pid)


def _people(session: Session, programs: Sequence, actors: dict, links: _Links) -> dict:
    """Owner and cooperators (the actor facet) and the modality; {program: cooperators}."""
    cooperators: dict[int, list[int]] = {}
    for pid, actor_id in session.execute(
        select(program_cooperators.c.program_id, program_cooperators.c.actor_id)
    ).all():
        cooperators.setdefault(pid, []).append(actor_id)
    for p in programs:
        for actor_id in {p.owner_id, *cooperators.get(p.id, [])}:
            links.post("actor", actors[actor_id].slug, p.id)
        links.post("modalidad", p.modality, p.id)
    return cooperators


def _actor_card(actor: Any) -> ActorCard:
    shown = f"{actor.acronym} – {actor.name}" if actor.acronym else actor.name
    return ActorCard(actor.name, actor.acronym, shown)


def _card(p: Any, links: _Links, actors: dict, cooperators: dict, names: dict) -> ProgramCard:
    return ProgramCard(
        id=p.id,
        slug=p.slug,
        name=p.name,
        summary=p.summary,
        is_free=p.is_free,
        cost_cop=p.cost_cop,
        modality=p.modality,
        whole_department=p.whole_department,
        closes_on=p.closes_on,
        owner=_actor_card(actors[p.owner_id]),
        cooperators=tuple(_actor_card(actors[a]) for a in cooperators.get(p.id, [])),
        stages=tuple(StageCard(n) for n in sorted(links.of("etapa", p.id))),
        municipalities=tuple(
            Named(names["municipio"][c])
            for c in links.of("municipio", p.id)
            if c in names["municipio"]
        ),
        populations=tuple(Named(names["poblacion"][c]) for c in links.of("poblacion", p.id)),
    )


def _fill(index: CatalogIndex, programs: Sequence, links: _Links, cards: list) -> None:
    """The per-program lists and the bitmaps that are not a facet value."""
    index.cards = cards
    index.texts = [p.search_norm or "" for p in programs]
    index.names = [fold(p.name) for p in programs]
    index.calls = [(p.opens_on, p.closes_on) for p in programs]
    index.postings = links.bitmaps()
    index.all = (1 << len(programs)) - 1
    index.whole = bitmap(i for i, p in enumerate(programs) if p.whole_department)
    index.free = bitmap(i for i, p in enumerate(programs) if p.is_free)
    targeted = 0
    for bits in index.postings.get("poblacion", {}).values():
        targeted |= bits
    index.no_population = index.all & ~targeted


def build_index(session: Session) -> CatalogIndex:
    """Read the published catalog once: programs, their links, actors and the label lists."""
    index = CatalogIndex()
    programs = _published(session)
    links = _Links(position={p.id: i for i, p in enumerate(programs)})
    actors = {
        a.id: a
        for a in session.execute(
            select(Actor.id, Actor.slug, Actor.name, Actor.acronym).order_by(
                Actor.name_sort, Actor.id
            )
        ).all()
    }
    towns = {
        m.code: m
        for m in session.execute(
            select(Municipality.code, Municipality.name, Municipality.subregion).order_by(
                Municipality.name_sort, Municipality.code
            )
        ).all()
    }
    names = {link.name: _catalog(session, link, links, index) for link in LINKS.values()}
    names["municipio"] = {code: m.name for code, m in towns.items()}
    _coverage(session, programs, towns, links)
    cooperators = _people(session, programs, actors, links)
    cards = [_card(p, links, actors, cooperators, names) for p in programs]
    _fill(index, programs, links, cards)
    index.labels["municipio"] = [(m.code, m.name) for m in towns.values()]
    index.labels["subregion"] = [(s, s) for s in SUBREGIONS]
    index.labels["modalidad"] = list(MODALITIES.items())
    index.actor_labels = {a.slug: (a.acronym or a.name) for a in actors.values()}
    return index
