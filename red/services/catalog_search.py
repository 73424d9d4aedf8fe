"""Searching the published catalog of the Ruta: one page of results, best match first.

The free text is understood first (red/services/query_understanding.py): each term of `q` is a
word or a known phrase that may also name places, sectors and chains, service types or
populations; catalog_sql.py says what a term and each filter mean. The catalog page answers
from an in-memory copy of the published catalog (red/services/catalog_index.py, the same
conditions as bitmaps in catalog_matching.py); the HSDS API runs the SQL, with its own
filters added (matching_programs).

We did not add FTS5 or tsvector. Measured with tests/bench_catalog_search.py (demo data plus
5,000 synthetic programs whose text comes from a 35-word vocabulary, so a word matches up to
90 % of rows — a worst case), one catalog page (results, count and every facet count) took
30–85 ms on SQLite and 50–155 ms on PostgreSQL 15 in SQL. The network offers ~72 programs
today. An engine index would need two DDL paths, a second ranking per engine to keep
identical, and it would lose substring matches ("confec" finds "confección"). What did
matter was not repeating work per page, hence the in-memory copy.

Relevance, per term: found in the program's name 100, carries what the term names 40 (for a
place: a local program; a program for the whole department only 10, so local ones come
first), found elsewhere in its text 10; then the name (name_sort: the Spanish order).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from red.models import Program
from red.services import catalog_matching
from red.services.bounds import clamp_page
from red.services.calendar import local_today

# The filters live in catalog_filters.py; the API, HSDS and the views take them from here.
from red.services.catalog_filters import (  # noqa: F401
    ProgramFilters,
    prepare,
    query_words,
    without,
)
from red.services.catalog_sql import filter_conditions, relevance

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


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
    bits = catalog_matching.terms_bits(index, filters.terms)
    for value in catalog_matching.filter_bits(index, filters, today).values():
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
    buckets = catalog_matching.ranked(index, bits, filters.terms) if filters.terms else [bits]

    def fetch(offset: int, size: int) -> list:
        return [index.cards[i] for i in catalog_matching.page_of(buckets, offset, size)]

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
