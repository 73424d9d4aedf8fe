"""Compliance: the núcleo's scorecard (/nucleo), its drill-down, export, print and settings,
and each member's own view (/mi-cumplimiento)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from red.blueprints.governance import bp
from red.blueprints.governance.compliance_table import score_table, table_rows_html
from red.blueprints.governance.forms import ClosePeriodForm, ScorecardForm
from red.blueprints.stale import STALE_STATUS, stale_edit
from red.extensions import db
from red.models import Actor
from red.permissions import NETWORK_LEADS, STAFF, access
from red.query import query_args
from red.services import compliance as scoring
from red.services.compliance_charts import distribution_chart
from red.services.compliance_details import actor_records, pending_issues, period_issues
from red.services.compliance_periods import CLOSABLE, PeriodError, can_close, close_period
from red.services.periods import (
    Period,
    local_today,
    parse_period,
    period_choices,
    previous_quarters,
)
from red.services.scorecard import ScorecardError, save_scorecard_version, scorecard_history
from red.services.xlsx_export import workbook_bytes


def _period(today: date) -> Period:
    return query_args().period(today)


@dataclass
class TrendPoint:
    label: str
    score: float | None
    x: float = 0
    y: float | None = None


def trend_chart(points: list[TrendPoint], width: int = 360, height: int = 160) -> dict:
    """Coordinates for a small server-rendered SVG line chart of 0–100 scores."""
    left, right, top, bottom = 34, 26, 10, 28  # room for the last quarter's label
    step = (width - left - right) / max(len(points) - 1, 1)
    for index, point in enumerate(points):
        point.x = round(left + index * step, 1)
        if point.score is not None:
            point.y = round(top + (100 - point.score) * (height - top - bottom) / 100, 1)
    drawn = [p for p in points if p.y is not None]
    return {
        "width": width,
        "height": height,
        "points": points,
        "polyline": " ".join(f"{p.x},{p.y}" for p in drawn),
        "grid": [
            (v, round(top + (100 - v) * (height - top - bottom) / 100, 1)) for v in (0, 50, 100)
        ],
        "left": left,
        "baseline": height - bottom,
    }


def _network_trend(cards: list[scoring.Scorecard]) -> dict:
    return trend_chart([TrendPoint(c.period.key.replace("-", " "), c.average()) for c in cards])


def _actor_trend(actor_id: int, today: date, version) -> dict:
    quarters = previous_quarters(today)
    cards = scoring.compute_scorecards(db.session, quarters, today, version, actor_id)
    points = [
        TrendPoint(quarter.key.replace("-", " "), card.rows[0].score if card.rows else None)
        for quarter, card in zip(quarters, cards, strict=True)
    ]
    return trend_chart(points)


def _sorted(card: scoring.Scorecard):
    """A copy of the card with its rows in the order the query string asks for."""
    args = query_args()
    order = args.choice("orden", scoring.SORT_KEYS, default="puntaje")
    descending = (
        args.choice("dir", ("asc", "desc"), "desc" if order == "puntaje" else "asc") == "desc"
    )
    card = copy.copy(card)
    card.rows = scoring.sort_rows(card.rows, order, descending)
    return card, order, descending


def _sorted_card(today: date, period: Period | None = None):
    return _sorted(scoring.compute_scorecard(db.session, period or _period(today), today))


def _cards_for_page(today: date, period: Period | None):
    """The selected period's card and the last four quarters' (closed ones from their
    snapshot), all in one compute_scorecards call: the selected period is usually the
    running quarter, computed once."""
    selected = period or _period(today)
    quarters = previous_quarters(today)
    same = next(
        (
            i
            for i, q in enumerate(quarters)
            if (q.key, q.start, q.end) == (selected.key, selected.start, selected.end)
        ),
        None,
    )
    periods = quarters if same is not None else [*quarters, selected]
    cards = scoring.compute_scorecards(db.session, periods, today)
    return cards[len(quarters) if same is None else same], cards[: len(quarters)]


def _compliance_page(
    today: date, close_form: ClosePeriodForm, status: int = 200, period: Period | None = None
):
    selected, cards = _cards_for_page(today, period)
    card, order, descending = _sorted(selected)
    close_form.periodo.data = card.period.key or ""
    return render_template(
        "governance/compliance.html",
        card=card,
        table_rows=table_rows_html(score_table(card, scoring.COMPONENTS)),
        order=order,
        descending=descending,
        choices=period_choices(today),
        components=scoring.COMPONENTS,
        trend=_network_trend(cards),
        distribution=distribution_chart(cards),
        light_labels=scoring.LIGHT_LABELS,
        can_close=can_close(card.period, today) and card.closed is None,
        close_form=close_form,
    ), status


@bp.route("/nucleo")
@access(*NETWORK_LEADS)
def compliance():
    return _compliance_page(local_today(), ClosePeriodForm())


@bp.route("/nucleo/cerrar-periodo", methods=["POST"])
@access(*NETWORK_LEADS)
def close_compliance_period():
    """Freeze the period's scores (after the user ticks the confirmation)."""
    today = local_today()
    form = ClosePeriodForm()
    period = parse_period(form.periodo.data, None, None, today)
    if form.validate_on_submit() and period.key == form.periodo.data:
        try:
            close_period(db.session, period, user_id=current_user.id, today=today)
        except PeriodError as error:
            form.confirm.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Se cerró el periodo «{period.label}»: sus puntajes quedaron fijos.", "success")
            return redirect(url_for("governance.compliance", periodo=period.key))
    elif not form.errors:
        form.confirm.errors.append(CLOSABLE)
    return _compliance_page(today, form, 422, period)


@bp.route("/nucleo/imprimir")
@access(*NETWORK_LEADS)
def compliance_print():
    today = local_today()
    card, _order, _descending = _sorted_card(today)
    return render_template(
        "governance/compliance_print.html", card=card, components=scoring.COMPONENTS
    )


@bp.route("/nucleo/exportar")
@access(*NETWORK_LEADS)
def compliance_export():
    today = local_today()
    card, _order, _descending = _sorted_card(today)
    header = ["Actor", "Sigla"]
    for label in scoring.COMPONENTS.values():
        header += [label, f"{label} (%)"]
    header += ["Puntaje", "Semáforo"]
    rows = []
    for row in card.rows:
        line = [row.actor.name, row.actor.acronym or ""]
        for key in scoring.COMPONENTS:
            component = row.components[key]
            line += [component.detail if component.measured else "Sin datos", component.percent]
        line += [row.score, row.light_label]
        rows.append(line)
    notes = [
        f"Cumplimiento de los actores miembros — {card.period.label}",
        f"Calculado el {today:%d/%m/%Y} con la {card.version_label}.",
    ]
    data = workbook_bytes("Cumplimiento", header, rows, notes)
    return send_file(
        BytesIO(data),
        as_attachment=True,
        download_name=f"cumplimiento-{card.period.key or 'personalizado'}.xlsx",
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _actor_page(actor: Actor, today: date, template: str, **extra):
    period = _period(today)
    card = scoring.compute_scorecard(db.session, period, today, actor_id=actor.id)
    row = card.rows[0] if card.rows else None
    records = actor_records(db.session, actor.id, period, today, card.settings)
    return render_template(
        template,
        actor=actor,
        card=card,
        row=row,
        records=records,
        choices=period_choices(today),
        components=scoring.COMPONENTS,
        trend=_actor_trend(actor.id, today, card.version),
        today=today,
        past_issues=period_issues(records),
        **extra,
    )


@bp.route("/nucleo/actores/<slug>")
@access(*NETWORK_LEADS)
def compliance_actor(slug: str):
    actor = db.session.scalar(select(Actor).where(Actor.slug == slug))
    if actor is None:
        abort(404)
    return _actor_page(actor, local_today(), "governance/compliance_actor.html", own=False)


@bp.route("/mi-cumplimiento")
@access(*STAFF)
def my_compliance():
    actor = db.session.get(Actor, current_user.actor_id)
    if actor is None:
        abort(404)
    today = local_today()
    settings = scoring.settings_of(scoring.current_version(db.session))
    return _actor_page(
        actor,
        today,
        "governance/compliance_actor.html",
        own=True,
        issues=pending_issues(db.session, actor.id, today, settings),
    )


def _form_settings(form: ScorecardForm) -> dict:
    return {
        "weights": {key: form[key].data for key in scoring.COMPONENTS},
        "green_min": form.green_min.data,
        "yellow_min": form.yellow_min.data,
        "response_window_days": form.response_window_days.data,
        "review_window_days": form.review_window_days.data,
    }


@bp.route("/nucleo/configuracion", methods=["GET", "POST"])
@access("admin")
def scorecard_settings():
    version = scoring.current_version(db.session)
    settings = scoring.settings_of(version)
    form = ScorecardForm()
    if request.method == "GET":
        for key in scoring.COMPONENTS:
            form[key].data = settings["weights"][key]
        for name in ("green_min", "yellow_min", "response_window_days", "review_window_days"):
            form[name].data = settings[name]
        form.current.data = str(version.id) if version else ""
    error, status, submitted = None, 200, form.validate_on_submit()
    if submitted and stale_edit(form.current, version.id if version else None):
        status = STALE_STATUS
    elif submitted:
        try:
            saved = save_scorecard_version(
                db.session, _form_settings(form), user_id=current_user.id, note=form.note.data
            )
        except ScorecardError as exc:
            error = str(exc)
        else:
            db.session.commit()
            flash(f"Se guardó la versión {saved.id} de la configuración.", "success")
            return redirect(url_for("governance.scorecard_settings"))
    return render_template(
        "governance/scorecard_settings.html",
        form=form,
        version=version,
        history=scorecard_history(db.session),
        components=scoring.COMPONENTS,
        error=error,
    ), (422 if error or form.errors else status)
