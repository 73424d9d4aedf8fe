"""How Red writes values for people, in Spanish of Colombia: dates as dd/mm/aaaa in
Colombia's time, numbers and money as COP, document types, an event's dates. Plain functions
with no web dependency: the templates use them as filters (red/templating.py) and the
services use them for charts, exports and open data."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from red import es_co
from red.services.calendar import BOGOTA


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
