"""The núcleo's scorecard table with its display strings made once in Python.

The page prints 40 actors × 5 components; formatting each number through the template
filter, building each actor's link with `url_for` and calling the badge macro per row was
a third of the page's time. Placing the strings through the template loop was still the
largest part of the page's rendering (about 1,400 escapes and 250 loop steps per
request), so the table's rows are now written here, each value escaped once, as the exact
markup the template loop produced (the compliance rules stay in red/services/compliance*.py).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from flask import url_for
from markupsafe import Markup, escape

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


_EMPTY_CELL = '    <td class="text-end"><span title="Nada que medir en el periodo">—</span></td>\n'


def _cell(url: str, cell: Cell | None) -> str:
    if cell is None:
        return _EMPTY_CELL
    detail = escape(cell.detail)
    return (
        f'    <td class="text-end"><a href="{url}#{escape(cell.key)}" title="{detail}">'
        f"{escape(cell.percent)} %</a><br>"
        f'<span class="small text-body-secondary">{detail}</span></td>\n'
    )


def table_rows_html(table: list[TableRow]) -> Markup:
    """The <tbody>'s rows, byte for byte what the template's loop wrote."""
    parts = []
    for row in table:
        url = escape(row.url)
        parts.append(
            "  <tr>\n"
            f'    <th scope="row" class="fw-normal"><a href="{url}">{escape(row.name)}</a></th>\n'
        )
        parts.extend(_cell(url, cell) for cell in row.cells)
        parts.append(
            f'    <td class="text-end fw-semibold">{escape(row.score)}</td>\n'
            f'    <td><span class="badge text-bg-{escape(row.tone)}">{escape(row.light_label)}'
            "</span>\n</td>\n  </tr>\n"
        )
    return Markup("".join(parts))
