"""The núcleo's scorecard table with its display strings made once in Python.

The page prints 40 actors × 5 components; formatting each number through the template
filter, building each actor's link with `url_for` and calling the badge macro per row was
a third of the page's time. The template now only places these strings (the same text and
links as before: the compliance rules stay in red/services/compliance*.py)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from flask import url_for

from red.formatting import format_number
from red.services.compliance import Scorecard

# The colours of _macros/badges.html's status_badge for the traffic lights ("sin": none).
LIGHT_TONES = {"verde": "success", "amarillo": "warning", "rojo": "danger"}
_PLAIN_SLUG = re.compile(r"[a-z0-9-]+\Z")  # nothing url_for would quote
_SLOT = "__slug__"


class Cell(NamedTuple):
    key: str
    percent: str  # "63,5"
    detail: str  # "3 de 4"


class TableRow(NamedTuple):
    name: str
    url: str
    cells: list[Cell | None]  # None: nothing to measure in the period
    score: str
    tone: str
    light_label: str


@lru_cache(maxsize=4096)
def one_decimal(value: float) -> str:
    """The `numero(1)` filter's text; the same few values (0,0, 50,0, 100,0…) repeat."""
    return format_number(value, 1)


def score_table(card: Scorecard, components) -> list[TableRow]:  # noqa: ANN001
    args = card.period.query_args()
    pattern = url_for("governance.compliance_actor", slug=_SLOT, **args)
    table = []
    for row in card.rows:
        slug = row.actor.slug
        if _PLAIN_SLUG.match(slug):
            url = pattern.replace(_SLOT, slug, 1)
        else:
            url = url_for("governance.compliance_actor", slug=slug, **args)
        cells = []
        for key in components:
            c = row.components[key]
            cells.append(Cell(key, one_decimal(c.percent), c.detail) if c.measured else None)
        score = "—" if row.score is None else one_decimal(row.score)
        tone = LIGHT_TONES.get(row.light, "secondary")
        table.append(TableRow(row.actor.name, url, cells, score, tone, row.light_label))
    return table
