"""Declarative base with a naming convention, so constraint names are stable on every database."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, MetaData, String, func, orm
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Timezone-aware now; stored as UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    # Timezone-aware datetimes everywhere; given on the registry because Flask-SQLAlchemy
    # builds its own subclass of this base.
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: DateTime(timezone=True)},
    )


# "select" until every load the pages need is explicit; then "raise_on_sql" (issue 18).
DEFAULT_LAZY = "select"


def relationship(*args: Any, lazy: str = DEFAULT_LAZY, **kwargs: Any) -> Any:
    """sqlalchemy.orm.relationship, but a relationship that is not loaded raises instead of
    loading itself: the one rule for every relationship in red/models.

    A lazy load in a list is one query per row; with this default it fails the test that
    reaches it, so each query says what it reads (selectinload/joinedload in the query, or
    lazy="selectin"/"joined" here with a comment when every use needs it). "raise_on_sql"
    rather than "raise": a many-to-one whose object is already in the session (a get by
    primary key, no SQL) still resolves.
    """
    return orm.relationship(*args, lazy=lazy, **kwargs)


class TimestampMixin:
    """created_at / updated_at on every domain record."""

    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )


def in_check(column: str, values: tuple[str, ...] | list[str]) -> str:
    """SQL text for a CHECK constraint that a state column holds one of the known values."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


def new_public_id() -> str:
    """A random UUID in its canonical text form (the same 36 characters on every database)."""
    return str(uuid.uuid4())


def public_id() -> Mapped[str]:
    """The open-data (Open Referral HSDS) identifier of something Red publishes.

    Generated once when the row is written, never derived from the integer key or the slug,
    so the same program keeps the same id in the API and in every download, and a deleted
    record's id never comes back.
    """
    return mapped_column(String(36), default=new_public_id, unique=True, index=True)


def public_id_column(name: str) -> Column:
    """public_id() for a plain association table (its rows are published as HSDS links)."""
    return Column(name, String(36), default=new_public_id, nullable=False, unique=True, index=True)


def sort_key_type(length: int) -> String:
    """A sort key compares byte by byte on both databases: SQLite's default BINARY collation,
    and COLLATE "C" on PostgreSQL, whose database collation (en_US…) would otherwise skip
    the "~" that puts ñ after n (red.es_co.sort_key)."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")


def sort_key_column(*sources: str, length: int = 260, index: bool = False) -> Mapped[str]:
    """A *_sort column: red.es_co.sort_key of the named columns, joined by a space.

    The default reads the row being inserted, so bulk inserts (seeds, imports) fill it as
    ORM inserts do; later edits are refreshed by the flush hook in red.services.normalise.
    """

    def from_row(context) -> str:
        from red.es_co import sort_key

        row = context.get_current_parameters()
        return sort_key(" ".join(str(row[s]) for s in sources if row.get(s)))[:length]

    return mapped_column(sort_key_type(length), default=from_row, server_default="", index=index)
