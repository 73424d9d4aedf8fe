"""Terms and filters evaluated on the in-memory catalog (red/services/catalog_index.py).

The same meaning as catalog_sql.py's conditions, as bitmaps: a term matches a program by its
text or by what it names (a place covers local programs and the whole-department ones, a
population also takes the programs aimed at nobody in particular); ranking splits the matched
bitmap by score, per term: in the name 100, carries what it names 40 (for a place: local 40,
whole department 10), elsewhere in the text 10; within a score, name order.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from red.services.catalog_index import CatalogIndex, positions_of
from red.services.catalog_links import active_filters
from red.services.query_understanding import Term, place_codes


def _place_bits(index: CatalogIndex, codes) -> int:
    bits = 0
    for code in codes:
        bits |= index.post("municipio", code)
    return bits


def term_bits(index: CatalogIndex, term: Term) -> int:
    """Programs matching a term: its text, or what it names (see catalog_sql.term_condition)."""
    bits = 0
    for fragment in term.fragments:
        bits |= index.text_bits(fragment)
    for kind, concepts in term.by_kind().items():
        if kind == "lugar":
            bits |= index.whole | _place_bits(index, place_codes(concepts))
        else:
            for c in concepts:
                bits |= index.post(kind, c.code)
            if kind == "poblacion":
                bits |= index.no_population
    return bits


def score_groups(index: CatalogIndex, term: Term) -> list[list[tuple[int, int]]]:
    """Per term, groups of exclusive (bitmap, points): the first that holds in a group counts."""
    name = 0
    for fragment in term.fragments[:1]:
        name |= index.name_bits(fragment)
    text = 0
    for fragment in term.fragments:
        text |= index.text_bits(fragment)
    groups = [[(name, 100), (text, 10)]]
    for kind, concepts in term.by_kind().items():
        if kind == "lugar":
            groups.append([(_place_bits(index, place_codes(concepts)), 40), (index.whole, 10)])
        else:
            carried = 0
            for c in concepts:
                carried |= index.post(kind, c.code)
            groups.append([(carried, 40)])
    return groups


def ranked(index: CatalogIndex, matched: int, terms: list[Term]) -> list[int]:
    """The matched bitmap split by score, best first (within one score: name order)."""
    parts: dict[int, int] = {0: matched}
    for term in terms:
        for group in score_groups(index, term):
            new: dict[int, int] = {}
            for score, bits in parts.items():
                rest = bits
                for hit_bits, points in group:
                    hit = rest & hit_bits
                    if hit:
                        new[score + points] = new.get(score + points, 0) | hit
                        rest &= ~hit_bits
                if rest:
                    new[score] = new.get(score, 0) | rest
            parts = new
    return [parts[s] for s in sorted(parts, reverse=True)]


def page_of(buckets: list[int], offset: int, per_page: int) -> list[int]:
    out: list[int] = []
    for bits in buckets:
        count = bits.bit_count()
        if offset >= count:
            offset -= count
            continue
        out += positions_of(bits, skip=offset, take=per_page - len(out))
        offset = 0
        if len(out) >= per_page:
            break
    return out


def _linked_bits(name: str):
    return lambda index, value, _today: index.post(name, str(value))


def _place_or_whole(name: str):
    return lambda index, value, _today: index.whole | index.post(name, value)


# Per structured filter (catalog_links.FILTER_NAMES), its programs as a bitmap: the meaning
# catalog_sql.CONDITIONS gives each one in SQL.
FILTER_BITS = {
    **{name: _linked_bits(name) for name in ("etapa", "tipo", "sector", "cadena", "poblacion")},
    "modalidad": _linked_bits("modalidad"),
    "actor": _linked_bits("actor"),
    "municipio": _place_or_whole("municipio"),
    "subregion": _place_or_whole("subregion"),
    "costo": lambda index, _value, _today: index.free,
    "abierta": lambda index, _value, today: index.open_on(today),
}


def filter_bits(index: CatalogIndex, filters: Any, today: date) -> dict[str, int]:
    """The active structured filters (by URL name) as bitmaps."""
    return {
        name: FILTER_BITS[name](index, value, today)
        for name, value in active_filters(filters).items()
    }


def terms_bits(index: CatalogIndex, terms: list[Term]) -> int:
    bits = index.all
    for term in terms:
        bits &= term_bits(index, term)
    return bits
