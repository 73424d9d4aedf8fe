"""Business-round views: layout, meeting requests, building the agenda, agendas, results."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from red.blueprints.events.blueprint import bp
from red.blueprints.events.forms import MeetingResultForm, RoundSetupForm
from red.blueprints.stale import STALE_STATUS, stale_edit
from red.extensions import db
from red.models import Event, MeetingRequest, Participation, RoundMeeting, Sector, Venture
from red.models.business_rounds import INTEREST_LEVELS
from red.permissions import STAFF_OR_ADMIN, access, require
from red.permissions.records import (
    can_manage_event,
    event_for,
    participation_for,
    participations_of,
    round_meeting_for,
)
from red.query import query_args
from red.services import business_rounds as rounds
from red.services.bounds import ids_in
from red.services.calendar import BOGOTA

PARTY = (*STAFF_OR_ADMIN, "entrepreneur")


def round_event(slug: str) -> Event:
    event = event_for(slug, "manage")
    if not rounds.is_round(event):
        abort(404)
    return event


def speaks_for(event: Event, participation: Participation) -> bool:
    """The organiser, or the person behind this participation with their own account."""
    if can_manage_event(current_user, event):
        return True
    own = getattr(current_user, "entrepreneur_id", None)
    return own is not None and own == participation.entrepreneur_id


def _round_participants(event: Event, role: str | None = None):
    stmt = (
        select(Participation)
        .options(
            joinedload(Participation.entrepreneur),
            joinedload(Participation.claim),
            joinedload(Participation.venture).joinedload(Venture.sector),
        )
        .where(
            Participation.event_id == event.id,
            Participation.role.in_((role,) if role else ("comprador", "vendedor")),
            Participation.status.in_(rounds.ACTIVE_STATUSES),
        )
        .order_by(Participation.role, Participation.id)
    )
    return db.session.scalars(stmt).unique().all()


@bp.route("/eventos/<slug>/rueda")
@access(*STAFF_OR_ADMIN)
def round_home(slug: str):
    event = round_event(slug)
    setup = rounds.round_setup(db.session, event)
    form = RoundSetupForm()
    if setup is not None:
        starts = setup.starts_at.astimezone(BOGOTA) if setup.starts_at.tzinfo else setup.starts_at
        ends = setup.ends_at.astimezone(BOGOTA) if setup.ends_at.tzinfo else setup.ends_at
        form.tables.data, form.slot_minutes.data = setup.tables, setup.slot_minutes
        form.day.data, form.starts.data, form.ends.data = starts.date(), starts.time(), ends.time()
    return _render_home(event, setup, form)


def _render_home(event: Event, setup, form: RoundSetupForm, status: int = 200):
    participants = _round_participants(event)
    counts = dict(
        db.session.execute(
            select(MeetingRequest.requester_id, db.func.count(MeetingRequest.id))
            .where(MeetingRequest.event_id == event.id)
            .group_by(MeetingRequest.requester_id)
        ).all()
    )
    page = render_template(
        "events/round.html",
        event=event,
        setup=setup,
        form=form,
        participants=participants,
        request_counts=counts,
        slots=rounds.slot_count(setup) if setup else 0,
    )
    return page, status


@bp.route("/eventos/<slug>/rueda/configurar", methods=["POST"])
@access(*STAFF_OR_ADMIN)
def round_configure(slug: str):
    event = round_event(slug)
    form = RoundSetupForm()
    setup = rounds.round_setup(db.session, event)
    if form.validate_on_submit():
        starts = datetime.combine(form.day.data, form.starts.data, tzinfo=BOGOTA)
        ends = datetime.combine(form.day.data, form.ends.data, tzinfo=BOGOTA)
        try:
            rounds.configure_round(
                db.session,
                event,
                tables=form.tables.data,
                slot_minutes=form.slot_minutes.data,
                starts_at=starts,
                ends_at=ends,
            )
        except rounds.RoundError as error:
            form.ends.errors.append(str(error))
        else:
            db.session.commit()
            flash("Se guardó la configuración de la rueda. Genere la agenda de nuevo.", "success")
            return redirect(url_for("events.round_home", slug=event.slug))
    return _render_home(event, setup, form, status=422)


@bp.route("/eventos/<slug>/rueda/agenda", methods=["POST"])
@access(*STAFF_OR_ADMIN)
def round_build(slug: str):
    event = round_event(slug)
    try:
        agenda = rounds.build_round_agenda(db.session, event)
    except rounds.RoundError as error:
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(
            f"Agenda generada: {agenda.scheduled} de {agenda.requested_pairs} citas solicitadas "
            f"({agenda.share:.0%}).",
            "success",
        )
    return redirect(url_for("events.round_home", slug=event.slug))


@bp.route("/eventos/<slug>/rueda/<int:participation_id>/solicitudes", methods=["GET", "POST"])
@access(*PARTY)
def round_requests(slug: str, participation_id: int):
    """Whom this buyer or seller wants to meet, from the other side filtered by sector."""
    event = event_for(slug)
    if not rounds.is_round(event):
        abort(404)
    participation = participation_for(event, participation_id)
    require(speaks_for(event, participation))
    if participation.role not in ("comprador", "vendedor"):
        abort(404)
    if request.method == "POST":
        ids = participations_of(event, ids_in(request.form.getlist("contrapartes")))
        try:
            count = rounds.set_requests(db.session, event, participation, ids)
        except rounds.RoundError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(f"Se guardaron {count} solicitudes de cita.", "success")
        return redirect(request.full_path.rstrip("?"))
    other = "vendedor" if participation.role == "comprador" else "comprador"
    sector = query_args().id("sector")
    candidates = _round_participants(event, other)
    if sector is not None:
        candidates = [c for c in candidates if c.venture and c.venture.sector_id == sector]
    chosen = set(
        db.session.scalars(
            select(MeetingRequest.target_id).where(MeetingRequest.requester_id == participation.id)
        )
    )
    sectors = db.session.scalars(select(Sector).order_by(Sector.position, Sector.name)).all()
    return render_template(
        "events/round_requests.html",
        event=event,
        participation=participation,
        candidates=candidates,
        chosen=chosen,
        sectors=sectors,
        sector=sector,
        can_manage=can_manage_event(current_user, event),
    )


def _meetings_of(event: Event, participation_id: int):
    stmt = (
        select(RoundMeeting)
        .options(
            selectinload(RoundMeeting.first).joinedload(Participation.entrepreneur),
            selectinload(RoundMeeting.first).joinedload(Participation.claim),
            selectinload(RoundMeeting.first).joinedload(Participation.venture),
            selectinload(RoundMeeting.second).joinedload(Participation.entrepreneur),
            selectinload(RoundMeeting.second).joinedload(Participation.claim),
            selectinload(RoundMeeting.second).joinedload(Participation.venture),
        )
        .where(
            RoundMeeting.event_id == event.id,
            (RoundMeeting.first_id == participation_id)
            | (RoundMeeting.second_id == participation_id),
        )
        .order_by(RoundMeeting.slot)
    )
    return db.session.scalars(stmt).all()


@bp.route("/eventos/<slug>/rueda/<int:participation_id>/agenda")
@access(*PARTY)
def round_agenda(slug: str, participation_id: int):
    """Printable agenda of one participant: time, table, counterpart."""
    event = event_for(slug)
    participation = participation_for(event, participation_id)
    require(speaks_for(event, participation))
    return render_template(
        "events/round_agenda.html",
        event=event,
        participation=participation,
        meetings=_meetings_of(event, participation.id),
        interests=INTEREST_LEVELS,
    )


@bp.route("/eventos/<slug>/rueda/citas/<int:meeting_id>/resultado", methods=["GET", "POST"])
@access(*PARTY)
def round_result(slug: str, meeting_id: int):
    event = event_for(slug)
    meeting = round_meeting_for(event, meeting_id)
    require(speaks_for(event, meeting.first) or speaks_for(event, meeting.second))
    form = MeetingResultForm(obj=meeting)
    status = 200
    if not form.is_submitted():
        form.version.data = str(meeting.version_id)
    elif form.validate_on_submit():
        if stale_edit(form.version, meeting.version_id):
            status = STALE_STATUS
        else:
            rounds.record_meeting_result(
                meeting,
                interest=form.interest.data,
                follow_up=form.follow_up.data,
                expected_deal_cop=form.expected_deal_cop.data,
                notes=(form.result_notes.data or "").strip(),
                user_id=current_user.id,
            )
            db.session.commit()
            flash("Se guardó el resultado de la cita.", "success")
            pid = query_args().id("p") or meeting.first_id
            return redirect(url_for("events.round_agenda", slug=event.slug, participation_id=pid))
    return render_template(
        "events/round_result.html", event=event, meeting=meeting, form=form
    ), status
