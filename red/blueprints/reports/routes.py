"""Views of the reports area: the plan's metas and the network's activity."""

from __future__ import annotations

import calendar
from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from red.blueprints.reports import bp
from red.blueprints.reports.forms import ProgressEntryForm
from red.extensions import db
from red.formatting import MONTHS
from red.models import Actor, Indicator, IndicatorProgress, Municipality
from red.models.activity import REFERRAL_STATUSES
from red.models.catalogs import SUBREGIONS
from red.models.events import FIGURE_QUALIFIERS
from red.models.indicators import INDICATOR_KINDS, MEASURES
from red.permissions import NETWORK_LEADS, NETWORK_READERS, access
from red.permissions.records import indicator_for
from red.query import query_args
from red.seed.report_data import load as load_report
from red.services import activity_charts as charts
from red.services import indicators as service
from red.services.periods import local_today
from red.services.report_figures import reported_figures


@bp.route("/indicadores")
@access(*NETWORK_READERS)
def indicators():
    tables = service.indicator_tables(db.session)
    return render_template(
        "reports/indicators.html",
        tables=tables,
        charts={
            number: service.progress_chart(f"Avance hacia la meta — {title}", items)
            for number, title, items in tables
        },
        counts=service.entry_counts(db.session),
        progress=service.meta_progress,
        kinds=INDICATOR_KINDS,
        apuestas=load_report().apuestas,
    )


def _detail(indicator: Indicator, form: ProgressEntryForm, status: int = 200):
    entries = db.session.scalars(
        select(IndicatorProgress)
        .where(IndicatorProgress.indicator_id == indicator.id)
        .order_by(IndicatorProgress.recorded_on.desc(), IndicatorProgress.id.desc())
    ).all()
    return render_template(
        "reports/indicator_detail.html",
        indicator=indicator,
        entries=entries,
        form=form,
        progress=service.meta_progress(indicator),
        measures=MEASURES,
        can_edit=current_user.role in NETWORK_LEADS,
        title=service.TABLE_TITLES.get(indicator.table_number, ""),
    ), status


@bp.route("/indicadores/meta/<code>")
@access(*NETWORK_READERS)
def indicator_detail(code: str):
    return _detail(indicator_for(code), ProgressEntryForm(recorded_on=local_today()))


@bp.route("/indicadores/meta/<code>/avance", methods=["POST"])
@access(*NETWORK_LEADS)
def indicator_progress(code: str):
    indicator = indicator_for(code)
    form = ProgressEntryForm()
    if form.validate_on_submit():
        try:
            service.add_progress(
                db.session,
                indicator,
                recorded_on=form.recorded_on.data,
                value_text=form.value_text.data,
                evidence=form.evidence.data,
                user_id=current_user.id,
            )
        except service.IndicatorError as error:
            form.value_text.errors.append(str(error))
        else:
            db.session.commit()
            flash("Se registró el avance de la meta.", "success")
            return redirect(url_for("reports.indicator_detail", code=indicator.code))
    return _detail(indicator, form, 422)


def _activity_dates() -> tuple[date, date]:
    """?desde=…&hasta=… (this year so far by default); a reversed range is read both ways."""
    today = local_today()
    args = query_args()
    start = args.date("desde", date(today.year, 1, 1))
    end = args.date("hasta", today)
    return (end, start) if end < start else (start, end)


def _month_ranges(months: list[tuple[int, int, int, int]]) -> dict[tuple[int, int], tuple]:
    """The first and last day of each month of the table, for its drill-down link."""
    return {
        (y, m): (date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])) for y, m, _, _ in months
    }


@bp.route("/indicadores/actividad")
@access(*NETWORK_READERS)
def activity():
    args = query_args()
    start, end = _activity_dates()
    subregion = args.choice("subregion", SUBREGIONS) or None
    municipality = args.text("municipio", max_length=5) or None
    data = service.network_activity(db.session, start, end, subregion, municipality)
    funnel_rows = charts.referral_funnel(db.session, start, end)
    months = charts.monthly_services(db.session, start, end, subregion, municipality)
    municipalities = db.session.execute(
        select(Municipality.code, Municipality.name).order_by(Municipality.name_sort)
    ).all()
    report = reported_figures(db.session)
    chosen = args.choice("informe", report.labels) or None
    report_events, report_total = report.behind(chosen) if chosen else (report.events, None)
    return render_template(
        "reports/activity.html",
        data=data,
        subregions=SUBREGIONS,
        subregion=subregion,
        municipality=municipality,
        municipalities=municipalities,
        report=report,
        chosen=chosen,
        report_events=report_events,
        report_total=report_total,
        month_ranges=_month_ranges(months),
        can_follow_referrals=current_user.role in NETWORK_LEADS,
        qualifiers=FIGURE_QUALIFIERS,
        by_subregion=charts.subregion_chart(data),
        by_month=charts.month_chart(months),
        months=months,
        month_names=MONTHS,
        funnel_rows=funnel_rows,
        funnel=charts.funnel_chart(funnel_rows),
    )


@bp.route("/indicadores/actividad/remisiones/<slug>")
@access(*NETWORK_LEADS)
def referral_flow(slug: str):
    """The referrals behind one actor's row of the funnel: codes, dates, sender and state,
    without the people (the núcleo follows the flow, not the persons)."""
    actor = db.session.scalar(select(Actor).where(Actor.slug == slug))
    if actor is None:
        abort(404)
    start, end = _activity_dates()
    rows, total = charts.referrals_received(db.session, actor.id, start, end)
    return render_template(
        "reports/referral_flow.html",
        actor=actor,
        start=start,
        end=end,
        rows=rows,
        total=total,
        statuses=REFERRAL_STATUSES,
    )
