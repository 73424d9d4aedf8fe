"""The two parts of the catalog page that cost most to render, made cheaply.

Profiled under gunicorn (py-spy, the 100k benchmark data, a logged-in user, a new query each
time): the twenty result cards took ~10 % of the page and the ~155 options of the «Filtrar»
panel ~5 %, as much as all the page's SQL. A card shows only what the catalog holds, so it is
rendered once per catalog version and worker (kept in the in-memory catalog, which a new
version replaces) by the same macro as ever; the options are one string built here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from flask import get_template_attribute, url_for
from markupsafe import Markup, escape

from red.services.catalog_facets import FacetOption
from red.services.catalog_index import CatalogIndex, ProgramCard


def result_cards(
    index: CatalogIndex, cards: Sequence[ProgramCard], modalities: dict
) -> list[Markup]:
    """Each card's HTML (ruta/_program_card.html), rendered the first time it is shown."""
    # One url_for for the page: program slugs are URL-safe ([a-z0-9-]).
    base = url_for("ruta.program", slug="x")[:-1]
    macro = None
    out = []
    for card in cards:
        key = (card.id, base)
        html = index.rendered.get(key)
        if html is None:
            macro = macro or get_template_attribute("ruta/_program_card.html", "program_card")
            html = index.rendered[key] = Markup(macro(card, modalities, base))
        out.append(html)
    return out


def facet_options(options: Iterable[FacetOption], selected: object) -> Markup:
    """The <option>s of a facet, each with its count; the chosen value marked selected."""
    chosen = "" if selected is None else str(selected)
    return Markup(
        "".join(
            f'<option value="{escape(o.value)}"{" selected" if o.value == chosen else ""}>'
            f"{escape(o.label)} ({o.count})</option>"
            for o in options
        )
    )
