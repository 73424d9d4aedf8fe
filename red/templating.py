"""Jinja filters and globals: dates as dd/mm/aaaa, money as COP, navigation per role."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, request, url_for
from jinja2 import pass_environment
from jinja2.filters import make_multi_attrgetter

from red import es_co

BOGOTA = ZoneInfo("America/Bogota")


def format_date(value: date | datetime | None) -> str:
    """dd/mm/aaaa; datetimes are shown in Colombia's time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(BOGOTA)
        return value.strftime("%d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(BOGOTA)
    return value.strftime("%d/%m/%Y %H:%M")


def format_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """Colombian style: 28.000.000 and 63,5 (red.es_co, the same rules the forms read)."""
    return es_co.format_number(value, decimals)


def format_cop(value: int | float | Decimal | None) -> str:
    """Money as COP: $ 28.000.000."""
    if value is None:
        return ""
    return f"$ {format_number(value)}"


def format_doc_type(code: str | None) -> str:
    """DIAN document code as people know it: 13 -> CC, 48 -> PPT, 41 -> Pasaporte."""
    from red.models.people import DOCUMENT_TYPES

    label = DOCUMENT_TYPES.get(code or "", code or "")
    if label.endswith(")") and "(" in label:
        return label[label.rindex("(") + 1 : -1]
    return label


MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre")  # fmt: skip
QUARTERS = ("primer", "segundo", "tercer", "último")
QUALIFIERS = {"mas_de": "más de ", "alrededor_de": "alrededor de "}


def format_event_when(event: Any) -> str:
    """An event's dates as precisely as they are known: «03/05/2026», «diciembre de 2025»,
    «último trimestre de 2025», «2024», «2024 y 2025» (two editions, joint figures)."""
    start, end = event.starts_on, event.ends_on or event.starts_on
    if start is None:
        return event.period_label or "Fecha por definir"
    precision = getattr(event, "date_precision", "dia") or "dia"
    if precision == "dia":
        return format_date(start) + (f" al {format_date(end)}" if end != start else "")
    if precision == "mes":
        return f"{MONTHS[start.month - 1]} de {start.year}"
    if precision == "trimestre":
        return f"{QUARTERS[(start.month - 1) // 3]} trimestre de {start.year}"
    if start.year == end.year:
        return str(start.year)
    if end.year == start.year + 1:
        return f"{start.year} y {end.year}"
    return f"{start.year} a {end.year}"


def figure_prefix(event: Any) -> str:
    """«más de » before a figure the report gives as a lower bound."""
    return QUALIFIERS.get(getattr(event, "figures_qualifier", None) or "", "")


def url_with(**changes: Any) -> str:
    """The current URL with some query arguments changed (None removes one); keeps filters."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = [value]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


@pass_environment
def sort_spanish(
    environment: Any,
    value: Any,
    reverse: bool = False,
    case_sensitive: bool = False,
    attribute: str | int | None = None,
) -> list[Any]:
    """Jinja's sort filter, with text in Spanish order (Ábrego with the A, ñ after n).

    Replaces the built-in `sort`, whose case folding leaves "Ábrego" after "Villa del
    Rosario"; numbers and dates sort as before. case_sensitive is accepted and ignored.
    """
    getter = make_multi_attrgetter(environment, attribute)

    def key(item: Any) -> list[Any]:
        return [es_co.sort_key(v) if isinstance(v, str) else v for v in getter(item)]

    return sorted(value, key=key, reverse=reverse)


def register(app: Flask) -> None:
    app.jinja_env.filters["sort"] = sort_spanish
    app.jinja_env.filters["fecha"] = format_date
    app.jinja_env.filters["fecha_hora"] = format_datetime
    app.jinja_env.filters["numero"] = format_number
    app.jinja_env.filters["cop"] = format_cop
    app.jinja_env.filters["tipo_doc"] = format_doc_type
    app.jinja_env.globals["url_with"] = url_with
    app.jinja_env.filters["cuando"] = format_event_when
    app.jinja_env.globals["figure_prefix"] = figure_prefix

    from red.seed.report_data import network_facts

    app.jinja_env.globals["network_facts"] = network_facts

    from red.extensions import db
    from red.seed.demo_activity import has_demo_activity

    app.jinja_env.globals["demo_activity_present"] = lambda: has_demo_activity(db.session)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from red.navigation import navigation_for, navigation_groups

    @app.context_processor
    def _navigation() -> dict[str, Any]:
        return {"navigation_for": navigation_for, "navigation_groups": navigation_groups}
