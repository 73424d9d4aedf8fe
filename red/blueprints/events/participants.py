"""Organiser views: register participants, check-in at the door, outcomes, export, summary."""

from __future__ import annotations

from io import BytesIO

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from red.blueprints.entrepreneurs.helpers import (
    apply_claim_changes,
    confirm_claim_from,
    identity_form_for,
    refuse_identity,
)
from red.blueprints.events.blueprint import bp
from red.blueprints.events.common import municipality_choices, person_fields
from red.blueprints.events.forms import OutcomeForm, PersonForm, RegisterExistingForm
from red.blueprints.stale import STALE_STATUS, stale_edit
from red.extensions import db
from red.jobs.exports_more import participants_too_big
from red.models import Participation, Venture
from red.models.events import EVENT_KINDS, PARTICIPATION_ROLES, PARTICIPATION_STATUSES
from red.permissions import NETWORK_READERS, STAFF_OR_ADMIN, access
from red.permissions.people import optional_venture_for, person_for
from red.permissions.records import event_for, participation_for
from red.query import query_args
from red.services import claims, event_participants, identity
from red.services import events as service
from red.services.documents import DocumentError
from red.services.people import ConsentError

PER_PAGE = 30


@bp.route("/eventos/<slug>/participantes")
@access(*STAFF_OR_ADMIN)
def participants(slug: str):
    event = event_for(slug, "manage")
    args = query_args()
    q = args.text("q")
    status = args.choice("estado", PARTICIPATION_STATUSES)
    page = db.paginate(
        event_participants.participants_query(event, q, status),
        per_page=PER_PAGE,
        max_per_page=PER_PAGE,
    )
    buscar = args.text("buscar")
    found = []
    if buscar:
        found = (
            db.session.scalars(event_participants.visible_people_query(current_user, buscar))
            .unique()
            .all()
        )
    registered = set(
        db.session.scalars(
            select(Participation.entrepreneur_id).where(
                Participation.event_id == event.id, Participation.status != "cancelado"
            )
        )
    )
    return render_template(
        "events/participants.html",
        event=event,
        page=page,
        q=q,
        status=status,
        statuses=PARTICIPATION_STATUSES,
        roles=PARTICIPATION_ROLES,
        buscar=buscar,
        found=found,
        registered=registered,
        totals=event_participants.event_totals(db.session, event),
    )


@bp.route("/eventos/<slug>/participantes", methods=["POST"])
@access(*STAFF_OR_ADMIN)
def register_existing(slug: str):
    event = event_for(slug, "manage")
    form = RegisterExistingForm()
    if not form.validate_on_submit():
        abort(400)
    person = person_for(form.entrepreneur_id.data, "serve")
    venture = optional_venture_for(person, request.form.get("venture_id"))
    try:
        participation = service.register_participant(
            db.session,
            event,
            person,
            venture=venture,
            role=form.role.data,
            offer=form.offer.data,
            by_actor_id=current_user.actor_id,
        )
    except service.EventError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        _flash_registered(participation)
    return redirect(url_for("events.participants", slug=event.slug))


def _flash_registered(participation: Participation) -> None:
    name = participation.entrepreneur.full_name
    if participation.status == "lista_espera":
        flash(
            f"Cupo lleno: {name} quedó en lista de espera (puesto {participation.waitlist_position}).",
            "warning",
        )
    else:
        flash(f"Inscripción registrada: {name}.", "success")


@bp.route("/eventos/<slug>/participantes/nuevo", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def register_new(slug: str):
    """Create a person (and venture) on the spot, with their consent, and register them."""
    event = event_for(slug, "manage")
    form = PersonForm()
    form.municipality_code.choices = municipality_choices()
    if form.validate_on_submit():
        if not form.consent_attention.data:
            form.consent_attention.errors.append(
                "Sin la autorización de tratamiento de datos no se puede registrar a la persona."
            )
        else:
            try:
                _register_new(event, form)
            except DocumentError as error:
                form.doc_number.errors.append(str(error))
            except ConsentError as error:
                form.legal_representative.errors.append(str(error))
            except service.EventError as error:
                form.doc_number.errors.append(str(error))
            except identity.IdentityError as error:
                refuse_identity(form, error)
                return render_template("events/person_form.html", event=event, form=form)
            else:
                return redirect(url_for("events.participants", slug=event.slug))
            db.session.rollback()
    return render_template("events/person_form.html", event=event, form=form)


def _register_new(event, form: PersonForm) -> None:
    """Register (or reach, when the identity matches) the person, then sign them up."""
    identity_data = identity.DeclaredIdentity(
        doc_type=form.doc_type.data,
        doc_number=form.doc_number.data,
        first_names=form.first_names.data or "",
        last_names=form.last_names.data or "",
        birth_date=form.birth_date.data,
    )
    authorisation = identity.Authorisation(
        channel="presencial",
        policy_version=current_app.config["PRIVACY_POLICY_VERSION"],
        purpose_attention=True,
        purpose_statistics=form.consent_statistics.data,
        purpose_communications=form.consent_communications.data,
        legal_representative=form.legal_representative.data or None,
        captured_by_user_id=current_user.id,
    )
    person = identity.register_or_link(
        db.session, current_user, identity_data, authorisation, **person_fields(form)
    ).person
    venture = None
    name = (form.venture_name.data or "").strip()
    if name:
        ventures = db.session.scalars(select(Venture).where(Venture.entrepreneur_id == person.id))
        venture = next((v for v in ventures if v.name.lower() == name.lower()), None)
        if venture is None:
            venture = Venture(
                entrepreneur=person, name=name, municipality_code=person.municipality_code
            )
            db.session.add(venture)
            db.session.flush()
    participation = service.register_participant(
        db.session,
        event,
        person,
        venture=venture,
        role=form.role.data,
        offer=form.offer.data,
        by_actor_id=current_user.actor_id,
    )
    db.session.commit()
    _flash_registered(participation)


@bp.route("/eventos/<slug>/participantes/<int:participation_id>/identidad", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def confirm_identity(slug: str, participation_id: int):
    """A public sign-up, at the door: the organisers see the person's document and confirm
    who they are; afterwards, the declared data that differs from the record, to apply."""
    event = event_for(slug, "manage")
    participation = participation_for(event, participation_id)
    claim = participation.claim
    if claim is None:
        abort(404)
    form = identity_form_for(claim) if participation.awaits_identity else None
    status = 200
    if request.method == "POST" and form is not None:
        if confirm_claim_from(form, claim) is not None:
            return redirect(
                url_for("events.confirm_identity", slug=slug, participation_id=participation_id)
            )
        status = 422
    return render_template(
        "events/identity.html",
        event=event,
        participation=participation,
        claim=claim,
        identity_form=form,
        changes=claims.proposed_changes(claim),
    ), status


@bp.route(
    "/eventos/<slug>/participantes/<int:participation_id>/identidad/cambios", methods=["POST"]
)
@access(*STAFF_OR_ADMIN)
def claim_changes(slug: str, participation_id: int):
    event = event_for(slug, "manage")
    participation = participation_for(event, participation_id)
    if participation.claim is None:
        abort(404)
    apply_claim_changes(participation.claim)
    return redirect(
        url_for("events.confirm_identity", slug=slug, participation_id=participation_id)
    )


@bp.route("/eventos/<slug>/participantes/<int:participation_id>/cancelar", methods=["POST"])
@access(*STAFF_OR_ADMIN)
def cancel(slug: str, participation_id: int):
    event = event_for(slug, "manage")
    participation = participation_for(event, participation_id)
    try:
        promoted = service.cancel_participation(db.session, participation)
    except service.EventError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(f"Se canceló la inscripción de {participation.entrepreneur.full_name}.", "success")
        for p in promoted:
            flash(
                f"{p.entrepreneur.full_name}: su inscripción pasó de la lista de espera a un cupo.",
                "info",
            )
    return redirect(url_for("events.participants", slug=event.slug))


@bp.route("/eventos/<slug>/ingreso")
@access(*STAFF_OR_ADMIN)
def checkin(slug: str):
    """The door: one search box (name or document), one button per registrant."""
    event = event_for(slug, "manage")
    q = query_args().text("q")
    results = []
    if q:
        results = (
            db.session.scalars(event_participants.participants_query(event, q).limit(15))
            .unique()
            .all()
        )
    return render_template(
        "events/checkin.html",
        event=event,
        q=q,
        results=results,
        statuses=PARTICIPATION_STATUSES,
        totals=event_participants.event_totals(db.session, event),
    )


@bp.route("/eventos/<slug>/ingreso/<int:participation_id>", methods=["POST"])
@access(*STAFF_OR_ADMIN)
def checkin_mark(slug: str, participation_id: int):
    event = event_for(slug, "manage")
    participation = participation_for(event, participation_id)
    undo = request.form.get("deshacer") == "1"
    name = participation.entrepreneur.full_name  # read before the commit expires it
    try:
        if undo:
            service.undo_check_in(participation)
        else:
            service.check_in(participation)
    except service.EventError as error:
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(
            f"Se deshizo el ingreso de {name}." if undo else f"Ingreso registrado: {name}.",
            "success",
        )
    return redirect(url_for("events.checkin", slug=event.slug, q=request.form.get("q", "")))


@bp.route(
    "/eventos/<slug>/participantes/<int:participation_id>/resultados", methods=["GET", "POST"]
)
@access(*STAFF_OR_ADMIN)
def outcome(slug: str, participation_id: int):
    event = event_for(slug, "manage")
    participation = participation_for(event, participation_id)
    form = OutcomeForm(obj=participation)
    status = 200
    if not form.is_submitted():
        form.version.data = str(participation.version_id)
    elif form.validate_on_submit():
        if stale_edit(form.version, participation.version_id):
            status = STALE_STATUS
        else:
            try:
                service.record_outcome(
                    participation,
                    sales_cop=form.sales_cop.data,
                    contacts=form.contacts.data,
                    deals=form.deals.data,
                    notes=(form.notes.data or "").strip(),
                )
            except service.EventError as error:
                form.sales_cop.errors.append(str(error))
            else:
                db.session.commit()
                flash("Se guardaron los resultados.", "success")
                return redirect(url_for("events.participants", slug=event.slug))
    page = render_template(
        "events/outcome.html", event=event, participation=participation, form=form
    )
    return page, status


@bp.route("/eventos/<slug>/exportar.xlsx")
@access(*STAFF_OR_ADMIN)
def export(slug: str):
    event = event_for(slug, "manage")
    if participants_too_big(db.session, event):  # a job instead (red/blueprints/jobs/exports.py)
        return redirect(url_for("jobs.participants_export", slug=slug))
    content = event_participants.export_participants(db.session, event)
    return send_file(
        BytesIO(content),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"participantes-{event.slug}.xlsx",
    )


@bp.route("/eventos/<slug>/resumen")
@access(*NETWORK_READERS)
def summary(slug: str):
    """Aggregates only (no personal data), so the núcleo and any member can read it."""
    event = event_for(slug)
    return render_template(
        "events/summary.html",
        event=event,
        kinds=EVENT_KINDS,
        totals=event_participants.event_totals(db.session, event),
        labels=event_participants.TOTAL_LABELS,
        reported=event_participants.reported_figures(event),
    )
