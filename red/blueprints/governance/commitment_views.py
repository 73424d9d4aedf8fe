"""Commitments (compromisos): created from a meeting, progress by the responsible actors,
verification by the núcleo or the body's coordinator."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from red.blueprints.governance import bp
from red.blueprints.governance.forms import CommitmentForm, ProgressForm, VerifyForm
from red.blueprints.stale import STALE_STATUS, stale_edit
from red.extensions import db
from red.models import Actor, Body, Commitment, Meeting
from red.models.governance import COMMITMENT_STATUSES, commitment_actors
from red.permissions import NETWORK_READERS, access
from red.permissions.records import (
    can_report_progress,
    can_verify,
    commitment_for,
    meeting_for,
    visible_commitments_clause,
)
from red.query import query_args
from red.services import governance as service
from red.services.periods import local_today

STATUS_FILTERS = {**COMMITMENT_STATUSES, "vencido": "Vencido"}


def _filtered_query(args, today: date):
    query = select(Commitment).join(Meeting, Meeting.id == Commitment.meeting_id)
    visible = visible_commitments_clause(current_user)
    if visible is not None:
        query = query.where(visible)
    if body_slug := args.text("mesa", max_length=120):
        query = query.join(Body, Body.id == Meeting.body_id).where(Body.slug == body_slug)
    if actor_slug := args.text("actor", max_length=120):
        by_actor = (
            select(commitment_actors.c.commitment_id)
            .join(Actor, Actor.id == commitment_actors.c.actor_id)
            .where(Actor.slug == actor_slug)
        )
        query = query.where(Commitment.id.in_(by_actor))
    status = args.choice("estado", STATUS_FILTERS)
    if status == "vencido":
        query = query.where(
            Commitment.status.in_(("pendiente", "en_curso")), Commitment.due_on < today
        )
    elif status:
        query = query.where(Commitment.status == status)
    if (start := args.date("desde")) is not None:
        query = query.where(Commitment.due_on >= start)
    if (end := args.date("hasta")) is not None:
        query = query.where(Commitment.due_on <= end)
    return query


@bp.route("/compromisos")
@access(*NETWORK_READERS)
def commitments():
    today = local_today()
    query = _filtered_query(query_args(), today).options(
        selectinload(Commitment.actors), joinedload(Commitment.meeting).joinedload(Meeting.body)
    )
    page = db.paginate(query.order_by(Commitment.due_on, Commitment.id), per_page=25)
    bodies = db.session.scalars(select(Body).order_by(Body.kind.desc(), Body.name)).all()
    actors = db.session.execute(
        select(Actor.slug, Actor.name).where(Actor.is_member.is_(True)).order_by(Actor.name_sort)
    ).all()
    return render_template(
        "governance/commitments.html",
        page=page,
        today=today,
        bodies=bodies,
        actors=actors,
        statuses=STATUS_FILTERS,
        labels=COMMITMENT_STATUSES,
    )


@bp.route("/mesas/reuniones/<int:meeting_id>/compromisos/nuevo", methods=["GET", "POST"])
@access(*NETWORK_READERS)
def commitment_new(meeting_id: int):
    meeting = meeting_for(meeting_id, "run")
    members = service.active_members(db.session, meeting.body, meeting.held_on)
    form = CommitmentForm()
    form.actor_ids.choices = [(m.actor_id, m.actor.name) for m in members]
    if form.validate_on_submit():
        try:
            commitment = service.create_commitment(
                db.session,
                meeting,
                description=form.description.data,
                due_on=form.due_on.data,
                actor_ids=form.actor_ids.data,
            )
        except service.GovernanceError as error:
            form.due_on.errors.append(str(error))
        else:
            db.session.commit()
            flash("Se registró el compromiso.", "success")
            return redirect(url_for("governance.commitment_detail", commitment_id=commitment.id))
    return render_template(
        "governance/commitment_form.html", meeting=meeting, body=meeting.body, form=form
    )


@bp.route("/compromisos/<int:commitment_id>")
@access(*NETWORK_READERS)
def commitment_detail(commitment_id: int):
    return _detail_page(commitment_for(commitment_id))


def _detail_page(commitment, *, progress_form=None, verify_form=None):
    """The commitment page; a form that failed validation is shown again with its errors."""
    version = str(commitment.version_id)
    return render_template(
        "governance/commitment_detail.html",
        commitment=commitment,
        today=local_today(),
        labels=COMMITMENT_STATUSES,
        progress_form=progress_form or ProgressForm(version=version),
        verify_form=verify_form or VerifyForm(version=version, completed_on=local_today()),
        can_report=can_report_progress(current_user, commitment),
        can_verify=can_verify(current_user, commitment),
    )


@bp.route("/compromisos/<int:commitment_id>/avance", methods=["POST"])
@access(*NETWORK_READERS)
def commitment_progress(commitment_id: int):
    commitment = commitment_for(commitment_id, "report")
    form = ProgressForm()
    if form.validate_on_submit():
        if stale_edit(form.version, commitment.version_id):
            return _detail_page(commitment, progress_form=form), STALE_STATUS
        try:
            service.report_progress(
                db.session,
                commitment,
                notes=form.notes.data,
                evidence=form.evidence.data,
                today=local_today(),
            )
        except service.GovernanceError as error:
            form.notes.errors.append(str(error))
        else:
            db.session.commit()
            flash("Se registró el avance.", "success")
            return redirect(url_for("governance.commitment_detail", commitment_id=commitment.id))
    return _detail_page(commitment, progress_form=form), 422


@bp.route("/compromisos/<int:commitment_id>/verificar", methods=["POST"])
@access(*NETWORK_READERS)
def commitment_verify(commitment_id: int):
    commitment = commitment_for(commitment_id, "verify")
    form = VerifyForm()
    if form.validate_on_submit():
        if stale_edit(form.version, commitment.version_id):
            return _detail_page(commitment, verify_form=form), STALE_STATUS
        try:
            service.verify_commitment(
                db.session,
                commitment,
                status=form.status.data,
                user_id=current_user.id,
                completed_on=form.completed_on.data,
            )
        except service.GovernanceError as error:
            form.completed_on.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Compromiso marcado como «{COMMITMENT_STATUSES[form.status.data]}».", "success")
            return redirect(url_for("governance.commitment_detail", commitment_id=commitment.id))
    return _detail_page(commitment, verify_form=form), 422
