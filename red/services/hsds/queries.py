"""What the HSDS API and the tabular package read, in a fixed number of statements.

A page of services is: its ids and total (one statement, through the catalog's own search),
the programs, their owners and the owners' municipalities (three), and — for the nested form —
every attribute and service area of the page's programs (one UNION ALL). Terms come from a
cache keyed by the catalog's version, so they cost nothing on most requests.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, String, and_, cast, exists, false, literal, null, or_, select
from sqlalchemy.orm import Session, selectinload

from red.models import Actor, Program
from red.models.programs import (
    program_chains,
    program_municipalities,
    program_populations,
    program_sectors,
    program_service_types,
    program_stages,
)
from red.services.catalog_search import ProgramFilters, matching_programs, prepare, query_words
from red.services.hsds.records import Area, ServiceData
from red.services.hsds.taxonomies import (
    CHAINS,
    DEPARTMENT_CODE,
    MODALITY,
    PLACES,
    POPULATIONS,
    SECTORS,
    SERVICE_TYPES,
    STAGES,
    Term,
    Terms,
    load_terms,
    with_parents,
)
from red.services.page_cache import version_and_time
from red.services.paging import OnePassPagination, paginate_once

PUBLISHED = Program.status == "publicado"
# (taxonomy, link table, the link's column naming the catalog entry)
TERM_LINKS = (
    (STAGES, program_stages, program_stages.c.stage_id),
    (SERVICE_TYPES, program_service_types, program_service_types.c.service_type_id),
    (POPULATIONS, program_populations, program_populations.c.population_id),
    (SECTORS, program_sectors, program_sectors.c.sector_id),
    (CHAINS, program_chains, program_chains.c.chain_id),
)
LINK_BY_TAXONOMY = {taxonomy.key: (table, column) for taxonomy, table, column in TERM_LINKS}


@dataclass
class ServiceFilters:
    """The HSDS query parameters that narrow services (and services at locations)."""

    search: str = ""
    organization_id: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    modified_after: datetime | None = None


# --- terms, cached per catalog version ---------------------------------------------------

_terms_lock = threading.Lock()
_terms_cache: dict[tuple, Terms] = {}


def catalog_stamp(session: Session) -> tuple[int, datetime | None]:
    """The catalog's version and when it last changed (ETag, Last-Modified, cache keys)."""
    return version_and_time(session)


def terms_for(session: Session, stamp: tuple) -> Terms:
    """Every term, loaded once per catalog version and worker (catalogs change rarely)."""
    with _terms_lock:
        found = _terms_cache.get(stamp)
    if found is None:
        found = load_terms(session)
        with _terms_lock:
            _terms_cache.clear()
            _terms_cache[stamp] = found
    return found


# --- conditions --------------------------------------------------------------------------


def _linked(table, column, key) -> object:
    return exists().where(table.c.program_id == Program.id, column == key)


def term_condition(term: Term | None, terms: Terms):
    """Programs that carry the term (as an attribute or, for places, a service area)."""
    if term is None:
        return false()
    taxonomy, key = terms.key_of[term.id]
    if taxonomy == MODALITY.key:
        return Program.modality == key
    if taxonomy == PLACES.key:
        if key == DEPARTMENT_CODE:
            return Program.whole_department.is_(True)
        return _linked(program_municipalities, program_municipalities.c.municipality_code, key)
    table, column = LINK_BY_TAXONOMY[taxonomy]
    return _linked(table, column, key)


def taxonomy_condition(taxonomy_id: str, terms: Terms):
    """Programs that carry any term of the taxonomy."""
    keys = {t.taxonomy.key for t in terms.by_key.values() if t.taxonomy.id == taxonomy_id}
    if not keys:
        return false()
    (key,) = keys
    if key == MODALITY.key:
        return Program.modality.is_not(None)
    if key == PLACES.key:
        return or_(
            Program.whole_department.is_(True),
            exists().where(program_municipalities.c.program_id == Program.id),
        )
    table, _column = LINK_BY_TAXONOMY[key]
    return exists().where(table.c.program_id == Program.id)


def service_conditions(filters: ServiceFilters, terms: Terms) -> list:
    conditions = []
    if filters.organization_id:
        owner = select(Actor.id).where(Actor.uuid == filters.organization_id)
        conditions.append(Program.owner_id.in_(owner))
    if filters.taxonomy_term_id:
        term = terms.by_id.get(filters.taxonomy_term_id)
        conditions.append(term_condition(term, terms))
    if filters.taxonomy_id:
        conditions.append(taxonomy_condition(filters.taxonomy_id, terms))
    if filters.modified_after:
        since = filters.modified_after
        changed_owners = select(Actor.id).where(Actor.updated_at >= since)
        conditions.append(or_(Program.updated_at >= since, Program.owner_id.in_(changed_owners)))
    return conditions


OFFICE_KNOWN = Program.owner_id.in_(select(Actor.id).where(Actor.municipality_code.is_not(None)))


def services_query(
    session: Session, filters: ServiceFilters, terms: Terms, today, *, at_office: bool = False
) -> Select:
    """The matching published programs, ordered (and `search` understood) as the catalog does."""
    where = service_conditions(filters, terms) + ([OFFICE_KNOWN] if at_office else [])
    search = prepare(session, ProgramFilters(q=filters.search))
    return matching_programs(search, today, where)


# --- loading pages -----------------------------------------------------------------------

PROGRAM_LOAD = (selectinload(Program.owner).selectinload(Actor.municipality),)


def services_page(
    session: Session, query: Select, *, page: int, per_page: int
) -> OnePassPagination:
    return paginate_once(session, query, page=page, per_page=per_page, load_options=PROGRAM_LOAD)


def service_data(
    session: Session, programs: Sequence[Program], terms: Terms, *, nested: bool
) -> list[ServiceData]:
    """The programs with their attributes and service areas (one statement when nested)."""
    bundles = {p.id: ServiceData(p) for p in programs}
    if not nested or not bundles:
        return list(bundles.values())
    for row in session.execute(_links_of(list(bundles))):
        bundle = bundles[row.program_id]
        if row.taxonomy == PLACES.key:
            term = terms.get(PLACES, row.key)
            bundle.areas.append(Area(row.uuid, row.attribute_uuid, term))
        else:
            bundle.attributes.append((row.uuid, terms.get(_taxonomy(row.taxonomy), int(row.key))))
    for bundle in bundles.values():
        program = bundle.program
        bundle.attributes.sort(key=lambda pair: (pair[1].taxonomy.key, pair[1].code))
        bundle.attributes.append(
            (program.modality_attribute_uuid, terms.get(MODALITY, program.modality))
        )
        bundle.areas.sort(key=lambda area: area.term.code)
    return list(bundles.values())


def _taxonomy(key: str):
    return next(taxonomy for taxonomy, _t, _c in TERM_LINKS if taxonomy.key == key)


def _links_of(program_ids) -> Select:
    """Every attribute link and covered municipality of the programs, in one statement."""
    parts = [
        select(
            literal(taxonomy.key).label("taxonomy"),
            table.c.program_id,
            cast(column, String).label("key"),
            table.c.uuid,
            cast(null(), String).label("attribute_uuid"),
        ).where(table.c.program_id.in_(program_ids))
        for taxonomy, table, column in TERM_LINKS
    ]
    places = program_municipalities.c
    parts.append(
        select(
            literal(PLACES.key).label("taxonomy"),
            places.program_id,
            places.municipality_code.label("key"),
            places.uuid,
            places.attribute_uuid,
        ).where(places.program_id.in_(program_ids))
    )
    first, *rest = parts
    return first.union_all(*rest)


def program_by_uuid(session: Session, column, value: str) -> Program | None:
    """A published program by one of its public ids (the service's or its location link's)."""
    return session.scalar(select(Program).where(column == value, PUBLISHED).options(*PROGRAM_LOAD))


# --- organizations -----------------------------------------------------------------------

PUBLISHED_ORGANIZATION = or_(
    Actor.status == "activo", exists().where(Program.owner_id == Actor.id, PUBLISHED)
)


def organizations_query(search: str) -> Select:
    """Active actors and the owners of published programs, by name (search: name words)."""
    stmt = select(Actor).where(PUBLISHED_ORGANIZATION)
    for word in query_words(search):
        stmt = stmt.where(Actor.name_norm.like(f"%{word}%"))
    return stmt.order_by(Actor.name_sort, Actor.id)


def organizations_page(
    session: Session, query: Select, *, page: int, per_page: int
) -> OnePassPagination:
    return paginate_once(
        session,
        query,
        page=page,
        per_page=per_page,
        load_options=(selectinload(Actor.municipality),),
    )


def organization_by_uuid(session: Session, value: str) -> Actor | None:
    return session.scalar(
        select(Actor)
        .where(Actor.uuid == value, PUBLISHED_ORGANIZATION)
        .options(selectinload(Actor.municipality))
    )


def services_of(
    session: Session, actor_ids: Sequence[int], terms: Terms, *, nested: bool
) -> dict[int, list[ServiceData]]:
    """The published programs of these actors, by actor, in the catalog's order."""
    if not actor_ids:
        return {}
    programs = session.scalars(
        select(Program)
        .where(Program.owner_id.in_(actor_ids), PUBLISHED)
        .options(*PROGRAM_LOAD)
        .order_by(Program.name_sort, Program.id)
    ).all()
    grouped: dict[int, list[ServiceData]] = defaultdict(list)
    for data in service_data(session, programs, terms, nested=nested):
        grouped[data.program.owner_id].append(data)
    return grouped


# --- terms in use ------------------------------------------------------------------------


def used_terms(session: Session, terms: Terms) -> list[Term]:
    """The terms published services carry, with their parents (HSDS asks data not to ship
    unused terms): one statement."""
    published = select(Program.id).where(PUBLISHED)
    parts = [
        select(literal(t.key).label("taxonomy"), cast(column, String).label("key"))
        .where(table.c.program_id.in_(published))
        .distinct()
        for t, table, column in TERM_LINKS
    ]
    places = program_municipalities.c
    parts += [
        select(literal(PLACES.key), places.municipality_code)
        .where(places.program_id.in_(published))
        .distinct(),
        select(literal(MODALITY.key), Program.modality).where(PUBLISHED).distinct(),
        select(literal(PLACES.key), literal(DEPARTMENT_CODE)).where(
            exists().where(and_(PUBLISHED, Program.whole_department.is_(True)))
        ),
    ]
    first, *rest = parts
    chosen = []
    for taxonomy, key in session.execute(first.union_all(*rest)):
        if taxonomy in LINK_BY_TAXONOMY:
            key = int(key)
        term = terms.by_key.get((taxonomy, key))
        if term is not None:
            chosen.append(term)
    return with_parents(chosen, terms)
