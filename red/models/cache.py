"""Version counters that let each worker cache pages and know when they went stale."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from red.models.base import Base


class CacheVersion(Base):
    """One counter per cached area (e.g. "catalog"), bumped in the same transaction as any
    change that could alter what the area shows."""

    __tablename__ = "cache_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    # When it was last bumped: the "last updated" of the open data and its Last-Modified.
    changed_at: Mapped[datetime | None]
