"""The catalog search as SQL: what a term and each structured filter mean as WHERE conditions.

A program matches a term when its folded text (Program.search_norm: name, summary,
description and owner, refreshed on every flush) contains it, or when it carries what the
term names: a place's municipalities (programs for the whole department count everywhere),
a sector, chain or service type, or a population (programs aimed at it, and the ones aimed
at nobody in particular, which are open to everyone). Every term must match. The same
portable SQL on SQLite and PostgreSQL, so both return the same ids; the HSDS API runs it, and
the catalog page runs the same meaning on its in-memory copy (catalog_matching.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Integer, and_, case, exists, func, literal, not_, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from red.models import Actor, Municipality, Program
from red.models.programs import program_cooperators, program_municipalities, program_populations
from red.services.catalog_links import LINKS, active_filters
from red.services.query_understanding import Concept, Term, place_codes


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


def _carries(kind: str, concepts: Sequence[Concept]):
    """Programs linked to any of these catalog entries (one EXISTS per kind)."""
    link = LINKS[kind]
    ids = sorted({c.catalog_id for c in concepts})
    return exists().where(link.table.c.program_id == Program.id, link.column.in_(ids))


def _text_like(term: Term):
    return or_(*(Program.search_norm.like(f"%{fragment}%") for fragment in term.fragments))


def term_condition(term: Term):
    """A program matches a term by its text or by carrying what the term names."""
    parts = [_text_like(term)]
    for kind, concepts in term.by_kind().items():
        if kind == "lugar":
            parts.append(_covers_codes(place_codes(concepts)))
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
        for kind, concepts in term.by_kind().items():
            if kind == "lugar":
                codes = place_codes(concepts)
                score = score + case(
                    (_covers_codes(codes, local_only=True), 40),
                    (Program.whole_department.is_(True), 10),
                    else_=0,
                )
            else:
                score = score + case((_carries(kind, concepts), 40), else_=0)
    return score


def _linked_condition(name: str):
    link = LINKS[name]
    return lambda value, _today: _linked(
        link.table, link.column, select(link.model.id).where(link.key == value)
    )


# Per structured filter (catalog_links.FILTER_NAMES), its WHERE condition: what
# catalog_matching.FILTER_BITS computes on the in-memory catalog.
CONDITIONS = {
    **{name: _linked_condition(name) for name in LINKS},
    "municipio": lambda value, _today: covers_municipality(value),
    "subregion": lambda value, _today: covers_subregion(value),
    "actor": lambda value, _today: involves_actor(value),
    "costo": lambda _value, _today: Program.is_free.is_(True),
    "modalidad": lambda value, _today: Program.modality == value,
    "abierta": lambda _value, today: open_today_condition(today),
}


def named_conditions(filters: Any, today: date) -> dict[str, Any]:
    """The active structured filters (everything but the free text), by URL name."""
    return {name: CONDITIONS[name](value, today) for name, value in active_filters(filters).items()}


def filter_conditions(filters: Any, today: date) -> list:
    """WHERE conditions for the published programs that match every filter."""
    conditions = [Program.status == "publicado"]
    if filters.terms:
        conditions.append(text_condition(filters.terms))
    return conditions + list(named_conditions(filters, today).values())
