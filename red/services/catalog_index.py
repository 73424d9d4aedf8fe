"""The published catalog held in memory: the catalog page's search, facets and cards without SQL.

Why: profiling the logged-in catalog page over 5,000 programs (py-spy, bench/REPORT.md) put
~35 % of its time in the facet statement, ~35 % in the page's search and its eight loads, ~10 %
in the label lists and the stage path, and the rest in the template; 20 statements for a
page whose data changes a few times a day. The published catalog is small (72 programs in the
Red, 5,000 in the benchmark), so each worker keeps it in memory per catalog version (the
counter every catalog change bumps, red/services/page_cache.py) and answers from there; a
request then costs one SELECT of that counter.

Every set of programs is a bitmap (a Python int, bit i = the i-th program in name order), so a
filter is an AND, a facet count is `bit_count()`, and the order by name comes free. This
module holds the index's shape and the per-worker snapshot; catalog_index_build.py reads it
from the database, catalog_matching.py evaluates terms and filters on it with the meaning
catalog_sql.py gives them in SQL (the HSDS API still runs those, with its own extra filters);
tests/test_catalog_understanding.py checks that both give the same programs.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from red.services import page_cache
from red.services.query_understanding import Lexicon, lexicons

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


def bitmap(positions) -> int:
    """The int whose bits at these positions are set (positions need not be sorted)."""
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
    # Result cards as the catalog page renders them (red/blueprints/ruta/rendering.py).
    rendered: dict[tuple[int, str], Any] = field(default_factory=dict)
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
            ("t", fragment), lambda: bitmap(i for i, t in enumerate(self.texts) if fragment in t)
        )

    def name_bits(self, fragment: str) -> int:
        return self._cached(
            ("n", fragment), lambda: bitmap(i for i, t in enumerate(self.names) if fragment in t)
        )

    def open_on(self, today: date) -> int:
        found = self._open.get(today)
        if found is None:
            found = bitmap(
                i
                for i, (opens, closes) in enumerate(self.calls)
                if (opens is None or opens <= today) and (closes is None or closes >= today)
            )
            self._open = {today: found}  # only today's is ever asked again
        return found


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
        from red.services.catalog_index_build import build_index  # it builds this module's types

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
