"""Views of the referrals area: inbox, sending, the state machine, reopening, passing on."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from wtforms import BooleanField, HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from red.blueprints.entrepreneurs.helpers import (
    apply_claim_changes,
    confirm_claim_from,
    identity_form_for,
)
from red.blueprints.referrals import bp
from red.blueprints.stale import STALE_STATUS, stale_edit
from red.extensions import db
from red.forms import FlaskForm
from red.models import Actor, Program, Referral
from red.models.activity import REFERRAL_STATUSES
from red.permissions import (
    NETWORK_LEADS,
    STAFF,
    STAFF_OR_ADMIN,
    access,
    belongs_to_actor,
    is_admin,
)
from red.permissions.people import person_for
from red.permissions.records import referral_for
from red.query import query_args
from red.services import claims
from red.services import referrals as referral_service
from red.services.bounds import as_id
from red.services.calendar import local_today
from red.services.paging import paginate_capped
from red.services.referrals import ReferralError


def _optional_int(value: object) -> int | None:
    return None if value in (None, "") else int(value)  # type: ignore[arg-type]


class SendForm(FlaskForm):
    to_actor_id = SelectField(
        "Actor que recibe", coerce=_optional_int, validators=[DataRequired("Elija el actor.")]
    )
    program_id = SelectField("Programa (opcional)", coerce=_optional_int, choices=[])
    need = TextAreaField(
        "Necesidad de la persona",
        validators=[DataRequired("Describa la necesidad."), Length(max=4000)],
    )
    data_sharing = BooleanField(
        "La persona autorizó compartir sus datos con el actor que recibe (Ley 1581)"
    )


class TransitionForm(FlaskForm):
    version = HiddenField()
    to_status = HiddenField()
    reason = TextAreaField("Motivo o comentario", validators=[Optional(), Length(max=4000)])


def _actor_choices(exclude: int | None) -> list[tuple[Any, str]]:
    rows = db.session.execute(
        select(Actor.id, Actor.name, Actor.acronym)
        .where(Actor.status == "activo")
        .order_by(Actor.name_sort)
    ).all()
    return [("", "Seleccione…")] + [
        (i, f"{a} – {n}" if a else n) for i, n, a in rows if i != exclude
    ]


def _program_choices() -> list[tuple[Any, str]]:
    rows = db.session.execute(
        select(Program.id, Program.name, Actor.acronym, Actor.name)
        .join(Actor, Actor.id == Program.owner_id)
        .where(Program.status == "publicado")
        .order_by(Actor.name_sort, Program.name_sort)
    ).all()
    return [("", "Sin programa específico")] + [(i, f"{p} ({a or n})") for i, p, a, n in rows]


@bp.app_context_processor
def _balance_helper() -> dict[str, Any]:
    """referrals/_balance.html calls this with the `actor` it is given."""

    def referral_balance_for(actor: Actor) -> dict[str, int]:
        return referral_service.referral_balance(db.session, actor.id)

    return {"referral_balance_for": referral_balance_for}


# What the inbox shows of each referral, loaded for the page's rows only.
INBOX_LOADS = (
    joinedload(Referral.entrepreneur),
    joinedload(Referral.claim),
    joinedload(Referral.from_actor),
    joinedload(Referral.to_actor),
    joinedload(Referral.program),
)


@bp.route("/remisiones")
@access(*STAFF_OR_ADMIN)
def inbox():
    args = query_args()
    box = args.choice("bandeja", ("recibidas", "enviadas"), "recibidas")
    status = args.choice("estado", REFERRAL_STATUSES)
    query = select(Referral).order_by(Referral.sent_at.desc(), Referral.id.desc())
    if not is_admin(current_user):
        actor_id = current_user.actor_id
        if box == "enviadas":
            query = query.where(Referral.from_actor_id == actor_id)
        else:
            box = "recibidas"
            query = query.where(Referral.to_actor_id == actor_id)
    if status:
        query = query.where(Referral.status == status)
    if args.flag("vencidas"):
        query = query.where(Referral.status == "enviada", Referral.response_due_on < local_today())
    # An exact count up to the cap, «Más de 1.000» beyond (red/services/paging.py).
    pagination = paginate_capped(
        db.session, query, page=args.page(), per_page=25, load_options=INBOX_LOADS
    )
    return render_template(
        "referrals/inbox.html",
        pagination=pagination,
        box=box,
        status=status,
        statuses=REFERRAL_STATUSES,
        today=local_today(),
        deadline_label=referral_service.deadline_label,
        is_overdue=referral_service.is_overdue,
    )


@bp.route("/remisiones/vencidas")
@access(*NETWORK_LEADS)
def overdue():
    """Referrals still unanswered past the window, flagged to the núcleo (no personal data)."""
    pagination = db.paginate(referral_service.overdue_query(), per_page=50, error_out=False)
    return render_template(
        "referrals/overdue.html",
        pagination=pagination,
        deadline_label=referral_service.deadline_label,
    )


@bp.route("/remisiones/nueva/<int:person_id>", methods=["GET", "POST"])
@access(*STAFF)
def send(person_id: int):
    """Send a referral from a person's page to another actor of the network."""
    person = person_for(person_id, "serve")
    form = SendForm()
    form.to_actor_id.choices = _actor_choices(current_user.actor_id)
    form.program_id.choices = _program_choices()
    if form.validate_on_submit():
        try:
            referral = referral_service.refer_person(
                db.session,
                person=person,
                to_actor_id=form.to_actor_id.data,
                need=form.need.data,
                data_sharing=bool(form.data_sharing.data),
                from_actor_id=current_user.actor_id,
                program_id=form.program_id.data,
                user_id=current_user.id,
            )
        except ReferralError as error:
            getattr(form, error.field or "need").errors.append(str(error))
        else:
            db.session.commit()
            referral_service.notify_receiving_actor(
                db.session,
                referral,
                url_for("referrals.detail", code=referral.code, _external=True),
            )
            db.session.commit()  # the notices
            flash(
                f"Se envió la remisión {referral.code}. El actor debe responder a más "
                f"tardar el {referral.response_due_on.strftime('%d/%m/%Y')}.",
                "success",
            )
            return redirect(url_for("referrals.detail", code=referral.code))
    return render_template("referrals/send.html", form=form, person=person)


@bp.route("/remisiones/<code>")
@access(*STAFF_OR_ADMIN)
def detail(code: str):
    referral = referral_for(code)
    return _render_detail(referral)


def _render_detail(referral: Referral, identity_form=None, status: int = 200):
    receiving = is_admin(current_user) or belongs_to_actor(current_user, referral.to_actor_id)
    children = db.session.scalars(
        select(Referral)
        .where(Referral.parent_id == referral.id)
        .options(selectinload(Referral.to_actor))
    ).all()
    form = TransitionForm()
    form.version.data = str(referral.version_id)
    claim = referral.claim if receiving else None
    if claim is not None and identity_form is None and referral.awaits_identity:
        identity_form = identity_form_for(claim)
    return render_template(
        "referrals/detail.html",
        referral=referral,
        receiving=receiving,
        sender=belongs_to_actor(current_user, referral.from_actor_id),
        allowed=sorted(referral_service.TRANSITIONS[referral.status]) if receiving else [],
        statuses=REFERRAL_STATUSES,
        children=children,
        form=form,
        deadline=referral_service.deadline_label(referral),
        overdue=referral_service.is_overdue(referral),
        actor_choices=_actor_choices(referral.to_actor_id)
        if referral.status == "rechazada"
        else [],
        claim=claim,
        identity_form=identity_form if claim is not None and referral.awaits_identity else None,
        changes=claims.proposed_changes(claim) if claim is not None else [],
    ), status


@bp.route("/remisiones/<code>/identidad", methods=["POST"])
@access(*STAFF_OR_ADMIN)
def confirm_identity(code: str):
    """The receiving actor met the person and saw their document: who they really are."""
    referral = referral_for(code, "answer")
    if referral.claim is None or not referral.awaits_identity:
        flash("La identidad de esta persona ya está confirmada.", "info")
        return redirect(url_for("referrals.detail", code=code))
    form = identity_form_for(referral.claim)
    if confirm_claim_from(form, referral.claim) is None:
        # The refusal rolled the session back: the page reads the referral afresh, through
        # the same loader (relationships never lazy-load).
        return _render_detail(referral_for(code), identity_form=form, status=422)
    return redirect(url_for("referrals.detail", code=code))


@bp.route("/remisiones/<code>/cambios", methods=["POST"])
@access(*STAFF_OR_ADMIN)
def claim_changes(code: str):
    """Apply, field by field, what the person declared that differs from their record."""
    referral = referral_for(code, "answer")
    if referral.claim is None:
        return redirect(url_for("referrals.detail", code=code))
    apply_claim_changes(referral.claim)
    return redirect(url_for("referrals.detail", code=code))


@bp.route("/remisiones/<code>/estado", methods=["POST"])
@access(*STAFF_OR_ADMIN)
def transition(code: str):
    """Every state change goes through the one state machine (services.referrals)."""
    referral = referral_for(code, "answer")
    form = TransitionForm()
    if stale_edit(form.version, referral.version_id):
        return _render_detail(referral, status=STALE_STATUS)
    to_status = form.to_status.data or ""
    try:
        referral_service.transition_referral(
            db.session,
            referral,
            to_status,
            user_id=current_user.id,
            reason=form.reason.data if to_status == "rechazada" else None,
            comment=form.reason.data if to_status != "rechazada" else None,
        )
    except ReferralError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("referrals.detail", code=code))
    referral_service.mark_read(referral)
    referral_service.notify_sending_actor(db.session, referral)
    db.session.commit()
    flash(f"La remisión quedó «{REFERRAL_STATUSES[to_status]}».", "success")
    return redirect(url_for("referrals.detail", code=code))


@bp.route("/remisiones/<code>/reabrir", methods=["POST"])
@access(*STAFF_OR_ADMIN)
def reopen(code: str):
    referral = referral_for(code, "answer")
    if stale_edit(request.form.get("version"), referral.version_id):
        return _render_detail(referral, status=STALE_STATUS)
    try:
        referral_service.reopen_referral(
            db.session, referral, user_id=current_user.id, comment=request.form.get("reason", "")
        )
    except ReferralError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("referrals.detail", code=code))
    db.session.commit()
    flash("Se reabrió la remisión.", "success")
    return redirect(url_for("referrals.detail", code=code))


@bp.route("/remisiones/<code>/leida", methods=["POST"])
@access(*STAFF_OR_ADMIN)
def mark_read(code: str):
    referral = referral_for(code, "answer")
    referral_service.mark_read(referral)
    db.session.commit()
    return redirect(url_for("referrals.detail", code=code))


@bp.route("/remisiones/<code>/remitir", methods=["POST"])
@access(*STAFF_OR_ADMIN)
def pass_on(code: str):
    """A rejected referral goes on to another actor; the new one points back at it."""
    referral = referral_for(code)
    actor_id = current_user.actor_id or referral.from_actor_id or referral.to_actor_id
    to_actor_id = request.form.get("to_actor_id", type=as_id)
    try:
        if not to_actor_id:
            raise ReferralError("Elija el actor al que se remite.")
        new_referral = referral_service.pass_on_referral(
            db.session,
            referral,
            to_actor_id=to_actor_id,
            from_actor_id=actor_id,
            user_id=current_user.id,
            need=request.form.get("need") or None,
        )
    except ReferralError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("referrals.detail", code=code))
    db.session.commit()
    referral_service.notify_receiving_actor(
        db.session,
        new_referral,
        url_for("referrals.detail", code=new_referral.code, _external=True),
    )
    db.session.commit()  # the notices
    flash(f"Se remitió a otro actor: nueva remisión {new_referral.code}.", "success")
    return redirect(url_for("referrals.detail", code=new_referral.code))
