"""Views of the events area: the public list and page, creating and editing events."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from red.blueprints.events.blueprint import bp
from red.blueprints.events.common import municipality_choices, person_fields
from red.blueprints.events.forms import EventForm, PersonForm, SignupForm
from red.blueprints.stale import STALE_STATUS, stale_edit
from red.extensions import db, limiter
from red.models import Actor, Entrepreneur, Event, Program
from red.models.events import EVENT_KINDS
from red.permissions import PUBLIC, STAFF_OR_ADMIN, access
from red.permissions.records import (
    can_create_event,
    can_manage_event,
    event_for,
    visible_programs_clause,
)
from red.query import query_args
from red.services import claims, event_participants, ical, notifications
from red.services import events as service
from red.services.business_rounds import is_round, round_setup
from red.services.calendar import local_today
from red.services.documents import DocumentError, normalise_document
from red.services.meeting_notices import event_changed
from red.services.people import ConsentError, has_valid_consent, record_consent

PER_PAGE = 20


@bp.route("/eventos")
@access(PUBLIC)
def index():
    args = query_args()
    filters = service.EventFilters(
        q=args.text("q"),
        kind=args.choice("tipo", EVENT_KINDS),
        municipality=args.text("municipio", max_length=5),
        actor=args.text("actor", max_length=120),
        since=args.date("desde"),
        until=args.date("hasta"),
        when=args.choice("cuando", ("proximos", "pasados")),
    )
    page = db.paginate(service.events_query(filters), per_page=PER_PAGE, max_per_page=PER_PAGE)
    actors = db.session.execute(
        select(Actor.slug, Actor.name)
        .where(Actor.id.in_(select(service.event_organizers.c.actor_id)))
        .order_by(Actor.name_sort)
    ).all()
    return render_template(
        "events/index.html",
        page=page,
        filters=filters,
        kinds=EVENT_KINDS,
        municipalities=municipality_choices()[1:],
        actors=actors,
        can_create=can_create_event(current_user),
        today=local_today(),
        reported_figures=event_participants.reported_figures,
    )


def _fill_event_choices(form: EventForm, event: Event | None = None) -> None:
    """The chosen organisers come first, in their order, so a browser (which sends the
    chosen options in the page's order) sends them back in that order."""
    actors = db.session.execute(select(Actor.id, Actor.name).order_by(Actor.name_sort)).all()
    chosen = (form.organizers.data or []) if form.is_submitted() else None
    if chosen is None:
        chosen = [a.id for a in event.organizers] if event else [current_user.actor_id]
    names = dict(actors)
    first = [a_id for a_id in dict.fromkeys(chosen) if a_id in names]
    form.organizers.choices = [(a_id, names[a_id]) for a_id in first] + [
        (a_id, name) for a_id, name in actors if a_id not in set(first)
    ]
    if not form.is_submitted():
        form.organizers.data = first
    programs = db.session.execute(
        select(Program.id, Program.name)
        .where(visible_programs_clause(current_user))
        .order_by(Program.name_sort)
    ).all()
    form.program_id.choices = [("", "— Ninguno —")] + [(p_id, name) for p_id, name in programs]
    form.municipality_code.choices = municipality_choices()


def _event_data(form: EventForm) -> dict:
    data = {name: form[name].data for name in service.EVENT_FIELDS}
    for key in ("period_label", "venue", "city", "description", "reported_notes"):
        data[key] = (data[key] or "").strip() or None
    data["municipality_code"] = data["municipality_code"] or None
    data["country"] = (data["country"] or "").strip() or "Colombia"
    return data


def _selected_organizers(form: EventForm) -> list[Actor]:
    """The chosen actors in the order they were sent: the organiser, then co-organisers."""
    ids = list(dict.fromkeys(form.organizers.data or []))
    found = {a.id: a for a in db.session.scalars(select(Actor).where(Actor.id.in_(ids)))}
    return [found[a_id] for a_id in ids if a_id in found]


@bp.route("/eventos/nuevo", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def new():
    form = EventForm()
    _fill_event_choices(form)
    if form.validate_on_submit():
        try:
            event = service.create_event(
                db.session, current_user, _event_data(form), _selected_organizers(form)
            )
        except service.EventError as error:
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Se creó el evento «{event.name}».", "success")
            return redirect(url_for("events.show", slug=event.slug))
    return render_template("events/form.html", form=form, event=None)


@bp.route("/eventos/<slug>/editar", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def edit(slug: str):
    event = event_for(slug, "manage")
    form = EventForm(obj=event)
    _fill_event_choices(form, event)
    status = 200
    if not form.is_submitted():
        form.version.data = str(event.version_id)
    elif form.validate_on_submit():
        if stale_edit(form.version, event.version_id):
            status = STALE_STATUS
        else:
            before = _calendar_facts(event)
            try:
                service.update_event(
                    db.session, current_user, event, _event_data(form), _selected_organizers(form)
                )
            except service.EventError as error:
                form.name.errors.append(str(error))
            else:
                db.session.commit()
                if _calendar_facts(event) != before:
                    event_changed(db.session, event)
                    db.session.commit()
                flash("Se guardaron los cambios del evento.", "success")
                return redirect(url_for("events.show", slug=event.slug))
    return render_template("events/form.html", form=form, event=event), status


@bp.route("/eventos/<slug>/eliminar", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def delete(slug: str):
    """GET asks for confirmation; the POST deletes an event nobody registered for."""
    event = event_for(slug, "manage")
    error = None
    if request.method == "POST":
        if stale_edit(request.form.get("version"), event.version_id):
            return render_template("events/delete.html", event=event, error=None), STALE_STATUS
        name = event.name
        try:
            service.delete_event(db.session, event)
        except service.EventError as refused:  # raised before any change
            error = str(refused)
        else:
            db.session.commit()
            flash(f"Se eliminó el evento «{name}».", "success")
            return redirect(url_for("events.index"))
    return render_template("events/delete.html", event=event, error=error), 422 if error else 200


@bp.route("/eventos/<slug>")
@access(PUBLIC)
def show(slug: str):
    event = event_for(slug)
    form = SignupForm()
    form.municipality_code.choices = municipality_choices()
    return _show_with_form(event, form)


@bp.route("/eventos/<slug>/inscribirme", methods=["POST"])
@access(PUBLIC)
@limiter.limit("20 per minute")
def signup(slug: str):
    """Public sign-up: the person gives their data and consent; one record per document."""
    event = event_for(slug)
    if not service.registration_is_open(event):
        abort(409, "Las inscripciones de este evento no están abiertas.")
    form = SignupForm()
    form.municipality_code.choices = municipality_choices()
    if not form.validate_on_submit():
        return _show_with_form(event, form), 422
    if not form.consent_attention.data:
        form.consent_attention.errors.append(
            "Para inscribirse debe autorizar el tratamiento de sus datos (Ley 1581 de 2012)."
        )
        return _show_with_form(event, form), 422
    try:
        participation = _sign_up(event, form)
    except DocumentError as error:
        form.doc_number.errors.append(str(error))
    except ConsentError as error:
        form.legal_representative.errors.append(str(error))
    except service.EventError as error:
        form.doc_number.errors.append(str(error))
    else:
        db.session.commit()
        if participation is not None and participation.status == "lista_espera":
            flash(
                f"El cupo está lleno: quedó en lista de espera (puesto {participation.waitlist_position}).",
                "warning",
            )
        else:
            flash(SIGNED_UP, "success")
            _confirm_to_account(participation)
        return redirect(url_for("events.show", slug=event.slug))
    db.session.rollback()
    return _show_with_form(event, form), 422


def _calendar_facts(event: Event) -> tuple:
    """What registered people must hear about when it changes."""
    return (event.name, event.starts_on, event.ends_on, event.venue, event.city)


def _confirm_to_account(participation) -> None:
    """A person signed up with their own account gets the confirmation with the QR pass and
    the .ics (public sign-ups get the page's answer only: it must not tell whether the
    document was already registered)."""
    if participation is not None and participation.entrepreneur_id is not None:
        if (
            current_user.is_authenticated
            and current_user.entrepreneur_id == participation.entrepreneur_id
        ):
            notifications.notify(
                db.session,
                "inscripcion_confirmada",
                notifications.users(current_user.id),
                participation,
            )
            db.session.commit()


SIGNED_UP = (
    "¡Inscripción recibida! Le esperamos en el evento: lleve su documento de identidad, "
    "el equipo organizador lo confirma en la entrada."
)


def _sign_up(event: Event, form: PersonForm):
    """The person's own registration. Logged in with their account and their own document,
    it is theirs at once; otherwise what they declared waits for the organisers to see their
    document at the door (anybody may type anybody's number here)."""
    own = _own_record(form)
    if own is not None:
        if not has_valid_consent(own):
            record_consent(
                db.session,
                own,
                channel="web",
                policy_version=current_app.config["PRIVACY_POLICY_VERSION"],
                purpose_attention=True,
                purpose_statistics=form.consent_statistics.data,
                purpose_communications=form.consent_communications.data,
                legal_representative=form.legal_representative.data,
            )
        return service.register_participant(db.session, event, own)
    claim = claims.file_claim(
        db.session,
        "evento",
        claims.Declaration(
            **person_fields(form),
            doc_type=form.doc_type.data,
            doc_number=form.doc_number.data,
            policy_version=current_app.config["PRIVACY_POLICY_VERSION"],
            legal_representative=form.legal_representative.data,
            consent_statistics=form.consent_statistics.data,
            consent_communications=form.consent_communications.data,
        ),
    )
    return service.register_claimed_participant(db.session, event, claim)


def _own_record(form: PersonForm):
    """The logged-in entrepreneur's record, when the document typed is their own."""
    if not getattr(current_user, "is_authenticated", False) or not current_user.entrepreneur_id:
        return None
    person = db.session.get(Entrepreneur, current_user.entrepreneur_id)
    number = normalise_document(form.doc_type.data, form.doc_number.data)
    if person is None or (person.doc_type, person.doc_number) != (form.doc_type.data, number):
        return None
    return person


def _show_with_form(event: Event, form: PersonForm) -> str:
    return render_template(
        "events/show.html",
        event=event,
        kinds=EVENT_KINDS,
        totals=event_participants.event_totals(db.session, event),
        reported=event_participants.reported_figures(event),
        can_manage=can_manage_event(current_user, event),
        open_registration=service.registration_is_open(event),
        upcoming=service.is_upcoming(event),
        seats=service.seats_taken(db.session, event),
        form=form,
        is_round=is_round(event),
        setup=round_setup(db.session, event),
    )


@bp.route("/eventos/<slug>/calendario.ics")
@access(PUBLIC)
def calendar_file(slug: str):
    """The event as an .ics file (stable UID: importing it again updates the entry)."""
    event = event_for(slug)
    return Response(
        ical.event_ics(event),
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="{ical.ics_filename("evento", event.slug)}"'
        },
    )
