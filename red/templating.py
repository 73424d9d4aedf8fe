"""Jinja filters and globals: the formatting of red/formatting.py as filters (dates as
dd/mm/aaaa, money as COP), Spanish sorting, URLs that keep filters, navigation per role."""

from __future__ import annotations

from typing import Any

from flask import Flask, request, url_for
from jinja2 import pass_environment
from jinja2.filters import make_multi_attrgetter

from red import es_co
from red.formatting import (
    figure_prefix,
    format_cop,
    format_date,
    format_datetime,
    format_doc_type,
    format_event_when,
    format_number,
)


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

    from flask_login import current_user

    from red.navigation import badges, nav_link, navigation_for, navigation_groups

    app.jinja_env.globals["nav_link"] = nav_link

    @app.context_processor
    def _navigation() -> dict[str, Any]:
        return {
            "navigation_for": navigation_for,
            "navigation_groups": navigation_groups,
            **badges(current_user),
        }
