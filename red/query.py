"""Query-string parameters, read in one place.

Views ask `query_args()` for each parameter by kind — page, id, number, date, period,
choice, text, flag — and get a typed value or None. A value of the wrong kind or out of
bounds (red/services/bounds.py) is a BadQueryParameter: a Spanish 400 page that keeps the
user's filters in a form they can correct, or a JSON 400 under /api. Nothing else in the
views reads request.args (tests/test_query_sweep.py checks that, and throws out-of-range
values at every parameter every GET page reads, discovered through `parameter_read`).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date

from blinker import Namespace
from flask import has_request_context, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from red.services import bounds
from red.services.periods import Period, parse_period

# Sent for every parameter a view reads (name, kind): the sweep test listens, nothing else.
parameter_read = Namespace().signal("query-parameter-read")

TRUE_WORDS = {"1", "si", "sí", "true", "on"}
FALSE_WORDS = {"0", "no", "false", "off"}


class BadQueryParameter(BadRequest):
    """One parameter of the query string cannot be used; the page says which and why."""

    def __init__(self, name: str, value: str, reason: str) -> None:
        self.parameter = name
        self.value = value
        self.reason = reason
        shown = value if len(value) <= 40 else f"{value[:40]}…"
        super().__init__(f"El valor «{shown}» de «{name}» no es válido: {reason}.")


class QueryArgs:
    """Typed, bounded getters over a query string. Empty values count as absent."""

    def __init__(self, args: MultiDict) -> None:
        self._args = args

    def _raw(self, name: str, kind: str) -> str | None:
        parameter_read.send(self, name=name, kind=kind)
        value = (self._args.get(name) or "").strip()
        return value or None

    def _parse(self, name: str, kind: str, parser, default=None):
        raw = self._raw(name, kind)
        if raw is None:
            return default
        try:
            return parser(raw)
        except bounds.OutOfBounds as error:
            raise BadQueryParameter(name, raw, str(error)) from error

    def page(self, name: str = "page") -> int:
        """A page number, 1 to MAX_PAGE (1 when absent)."""
        return self._parse(name, "page", lambda v: bounds.parse_int(v, 1, bounds.MAX_PAGE), 1)

    def id(self, name: str) -> int | None:
        """A record id, 1 to MAX_ID."""
        return self._parse(name, "id", lambda v: bounds.parse_int(v, 1, bounds.MAX_ID))

    def number(
        self,
        name: str,
        *,
        minimum: int = bounds.INT64_MIN,
        maximum: int = bounds.INT64_MAX,
        default: int | None = None,
    ) -> int | None:
        """Any other whole number, within 64 bits and the bounds given."""
        return self._parse(name, "int", lambda v: bounds.parse_int(v, minimum, maximum), default)

    def date(self, name: str, default: date | None = None) -> date | None:
        """dd/mm/aaaa or aaaa-mm-dd, 1900 to 2100."""
        return self._parse(name, "date", bounds.parse_date, default)

    def period(self, today: date) -> Period:
        """A reporting period: ?periodo=2025-T3 (or S2, or 2025), or ?desde=…&hasta=…;
        the current quarter when none is given."""
        start, end = self.date("desde"), self.date("hasta")
        if start and end and end < start:
            raise BadQueryParameter("hasta", self.text("hasta"), "es anterior a «desde»")
        key = self.text("periodo", max_length=20)
        try:
            return parse_period(key, start, end, today)
        except ValueError as error:
            raise BadQueryParameter("periodo", key, str(error)) from error

    def choice(self, name: str, choices: Collection[str], default: str = "") -> str:
        """One of the known values (a status, a kind, a sort order)."""

        def known(value: str) -> str:
            if value not in choices:
                raise bounds.OutOfBounds("no es una de las opciones de la lista")
            return value

        return self._parse(name, "choice", known, default)

    def text(self, name: str, *, max_length: int = 200, default: str = "") -> str:
        """Free text (a search): trimmed, and cut at max_length."""
        raw = self._raw(name, "text")
        return raw[:max_length] if raw is not None else default

    def texts(self, name: str, *, max_items: int = 20, max_length: int = 80) -> list[str]:
        """A repeated parameter (?poblacion=a&poblacion=b): the first max_items values."""
        parameter_read.send(self, name=name, kind="texts")
        values = (v.strip()[:max_length] for v in self._args.getlist(name))
        return [v for v in values if v][:max_items]

    def flag(self, name: str) -> bool:
        """A check box in a GET form: 1/si/true/on, or 0/no/false/off."""

        def yes_or_no(value: str) -> bool:
            word = value.lower()
            if word not in TRUE_WORDS | FALSE_WORDS:
                raise bounds.OutOfBounds("debe ser 1 (sí) o 0 (no)")
            return word in TRUE_WORDS

        return self._parse(name, "flag", yes_or_no, False)

    def form(self, form_class, **kwargs):
        """A GET filter form (WTForms) over the query string; its fields are parameters and
        its validators (and the base form's bounds) give the errors, on the page itself."""
        form = form_class(formdata=self._args, **kwargs)
        for field in form:
            parameter_read.send(self, name=field.name, kind="form")
        return form

    def only(self, allowed: Collection[str]) -> None:
        """Refuse a parameter the view does not know, or one sent twice (the open-data API
        promises never to ignore a parameter)."""
        for name in self._args:
            values = self._args.getlist(name)
            if name not in allowed:
                known = ", ".join(allowed) or "ninguno"
                raise BadQueryParameter(
                    name, values[0], f"este parámetro no existe aquí (se aceptan: {known})"
                )
            if len(values) > 1:
                raise BadQueryParameter(name, values[0], "se envió más de una vez")

    def once(self, *names: str) -> None:
        """Refuse these parameters when sent more than once (?page=1&page=2): a second value
        would be silently ignored."""
        for name in names:
            values = self._args.getlist(name)
            if len(values) > 1:
                raise BadQueryParameter(name, values[0], "se envió más de una vez")

    def not_blank(self, *names: str) -> None:
        """Refuse these parameters when sent empty (?per_page=): a page's form leaves blank
        fields out of the filter, but an API client that sends an empty number made a mistake
        that answering with the default would hide."""
        for name in names:
            if name in self._args and not self._args.get(name, "").strip():
                raise BadQueryParameter(name, "", "escriba un número entero")

    def uuid(self, name: str) -> str | None:
        """A public id (UUID with hyphens, any case), in canonical lower-case form."""

        def canonical(value: str) -> str:
            try:
                parsed = uuid.UUID(value)
            except ValueError:
                parsed = None
            if parsed is None or len(value) != 36 or value.count("-") != 4:
                raise bounds.OutOfBounds(
                    "debe ser un identificador UUID, como 3f7b145d-84af-42d7-8fae-eaca714b02b2"
                )
            return str(parsed)

        return self._parse(name, "uuid", canonical)

    def given(self) -> bool:
        """Whether the query string has anything at all (a filter form was submitted)."""
        return bool(self._args)

    def get(self, name: str, default: str | None = None) -> str | None:
        """Mapping-style read for code that takes a dict of filters (free text)."""
        raw = self._raw(name, "text")
        return raw if raw is not None else default


def query_args() -> QueryArgs:
    """The current request's query string, typed."""
    return QueryArgs(request.args if has_request_context() else MultiDict())
