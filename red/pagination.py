"""Paging that reads a page and its total in one statement.

Flask-SQLAlchemy's paginate runs the query twice (the page, then a COUNT over the same
filters). For searches that must scan many rows (LIKE '%texto%'), count(*) OVER () returns
the total with the page in a single pass: half the work.
"""

from __future__ import annotations

from typing import Any

from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select, func
from sqlalchemy.orm import Session

from red.services.bounds import clamp_page


class OnePassPagination(SelectPagination):
    def _query_items(self) -> list[Any]:
        stmt = self._query_args["select"]
        stmt = (
            stmt.add_columns(func.count().over().label("_total"))
            .limit(self.per_page)
            .offset(self._query_offset)
        )
        rows = self._query_args["session"].execute(stmt).all()
        self._one_pass_total = rows[0]._total if rows else None
        return [row[0] for row in rows]

    def _query_count(self) -> int:
        total = getattr(self, "_one_pass_total", None)
        if total is not None:
            return total
        return super()._query_count()


def paginate_once(
    session: Session, select: Select, *, page: int, per_page: int
) -> OnePassPagination:
    return OnePassPagination(
        select=select,
        session=session,
        page=clamp_page(page),
        per_page=per_page,
        max_per_page=per_page,
        error_out=False,
    )
