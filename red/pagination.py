"""Paging that reads a page's keys and its total in one statement, then loads the page.

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
