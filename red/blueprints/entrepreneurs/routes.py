"""Views of the entrepreneur registry: list, register, person page, edit, ventures, consent."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from red.blueprints.auth.safe_redirect import safe_next
from red.blueprints.entrepreneurs import bp
from red.blueprints.entrepreneurs.forms import (
    ConsentForm,
    LinkPersonForm,
    NewPersonForm,
    PersonForm,
    SensitiveForm,
    VentureForm,
)
from red.blueprints.entrepreneurs.helpers import (
    municipality_choices,
    population_choices,
    refuse_identity,
    registry_filter_choices,
    sector_choices,
    stage_choices,
)
from red.blueprints.stale import STALE_STATUS, stale_edit
from red.extensions import db
from red.models import PopulationGroup, Venture
from red.permissions import NETWORK_READERS, STAFF, STAFF_OR_ADMIN, access
from red.permissions.people import person_for, person_page_for, venture_for
from red.query import query_args
from red.services import entrepreneurs as registry
from red.services import identity, people_search
from red.services.documents import DocumentError, normalise_document
from red.services.paging import paginate_capped
from red.services.people import (
    PERSON_FIELDS,
    VENTURE_FIELDS,
    ConsentError,
    PersonError,
    correct_person,
    has_valid_consent,
    record_consent,
    save_venture,
    set_sensitive_data,
)

PER_PAGE = 25


def _authorisation(form) -> identity.Authorisation:
    """The Ley 1581 authorisation a member's staff captured (form: ConsentForm fields)."""
    return identity.Authorisation(
        channel=form.channel.data,
        policy_version=current_app.config["PRIVACY_POLICY_VERSION"],
        purpose_attention=form.purpose_attention.data,
        purpose_statistics=form.purpose_statistics.data,
        purpose_communications=form.purpose_communications.data,
        sensitive_data=form.sensitive_data.data,
        evidence=form.evidence.data or None,
        legal_representative=form.legal_representative.data or None,
        captured_by_user_id=current_user.id,
    )


def _declared_identity(form) -> identity.DeclaredIdentity:
    return identity.DeclaredIdentity(
        doc_type=form.doc_type.data,
        doc_number=form.doc_number.data,
        first_names=form.first_names.data or "",
        last_names=form.last_names.data or "",
        birth_date=form.birth_date.data,
    )


def _record_staff_consent(person, form) -> None:
    """A consent staff captured for a person their actor already sees."""
    authorisation = _authorisation(form)
    record_consent(
        db.session,
        person,
        channel=authorisation.channel,
        policy_version=authorisation.policy_version,
        purpose_attention=authorisation.purpose_attention,
        purpose_statistics=authorisation.purpose_statistics,
        purpose_communications=authorisation.purpose_communications,
        sensitive_data=authorisation.sensitive_data,
        captured_by_user_id=current_user.id,
        actor_id=current_user.actor_id,
        evidence=authorisation.evidence,
        legal_representative=authorisation.legal_representative,
    )


@bp.route("/emprendedores")
@access(*NETWORK_READERS)
def index():
    if current_user.role == "nucleo":
        return render_template(
            "entrepreneurs/aggregates.html", totals=registry.registry_totals(db.session)
        )
    args = query_args()
    filters = registry.PeopleFilters(
        q=args.text("q"), municipality=args.text("municipio", max_length=5), stage=args.id("etapa")
    )
    query, too_many = registry.search_people(db.session, current_user, filters)
    pagination = paginate_capped(
        db.session,
        query,
        page=args.page(),
        per_page=PER_PAGE,
        load_options=registry.PEOPLE_LIST_LOADS,
    )
    municipalities, stages = registry_filter_choices()
    return render_template(
        "entrepreneurs/index.html",
        pagination=pagination,
        filters=filters,
        too_many=too_many,
        candidate_cap=people_search.CANDIDATE_CAP,
        municipalities=municipalities,
        stages=stages,
    )


@bp.route("/emprendedores/nuevo", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def new():
    """Register a person with their consent. A document already in the Red reaches its record
    only when the names (and birth date) match: never a copy, never somebody else."""
    form = NewPersonForm()
    form.municipality_code.choices = municipality_choices()
    if form.validate_on_submit():
        try:
            normalise_document(form.doc_type.data, form.doc_number.data)
        except DocumentError as error:
            form.doc_number.errors.append(str(error))
        else:
            result = _register(form)
            if result is not None:
                return result
    return render_template("entrepreneurs/new.html", form=form)


def _register(form: NewPersonForm):
    fields = {k: (form[k].data or None) for k in PERSON_FIELDS}
    try:
        outcome = identity.register_or_link(
            db.session, current_user, _declared_identity(form), _authorisation(form), **fields
        )
    except ConsentError as error:
        db.session.rollback()
        form.purpose_attention.errors.append(str(error))
        return None
    except identity.IdentityError as error:
        refuse_identity(form, error)
        return None
    db.session.commit()
    person = outcome.person
    if outcome.created:
        flash(f"Se registró a {person.full_name}.", "success")
    elif outcome.linked:
        flash(LINKED_MESSAGE.format(name=person.full_name), "success")
    else:
        flash(
            "Esa persona ya estaba registrada en su organización: este es su registro. "
            "No se creó una copia; se guardó la autorización que usted tomó.",
            "info",
        )
    return redirect(url_for("entrepreneurs.detail", person_id=person.id))


LINKED_MESSAGE = (
    "{name} ya estaba en la Red: quedó vinculada a su organización con la autorización que "
    "usted registró. Los datos del formulario no cambiaron su registro; corríjalo en "
    "«Editar» si hace falta."
)


@bp.route("/emprendedores/vincular", methods=["GET", "POST"])
@access(*STAFF)
def link():
    """Reach a person the Red already knows: document, names and their authorisation.

    Until the identity matches, the page says nothing about the stored record; the answer is
    the same whether the document is unknown or the names differ.
    """
    form = LinkPersonForm(siguiente=query_args().text("siguiente", max_length=500))
    if form.validate_on_submit():
        try:
            outcome = identity.link_person(
                db.session, current_user, _declared_identity(form), _authorisation(form)
            )
        except DocumentError as error:
            form.doc_number.errors.append(str(error))
        except ConsentError as error:
            db.session.rollback()
            form.purpose_attention.errors.append(str(error))
        except identity.IdentityError as error:
            refuse_identity(form, error)
        else:
            db.session.commit()
            person = outcome.person
            if outcome.linked:
                flash(LINKED_MESSAGE.format(name=person.full_name), "success")
            else:
                flash(
                    f"{person.full_name} ya era de su organización; se guardó la autorización.",
                    "info",
                )
            return redirect(_next_with_person(form.siguiente.data, person.id))
    return render_template("entrepreneurs/link.html", form=form)


def _next_with_person(next_path: str | None, person_id: int) -> str:
    """Back to the form that sent the user here (a local path only), with the person chosen."""
    if safe_next(next_path):
        separator = "&" if "?" in next_path else "?"
        return f"{next_path}{separator}persona={person_id}"
    return url_for("entrepreneurs.detail", person_id=person_id)


@bp.route("/emprendedores/<int:person_id>")
@access(*STAFF_OR_ADMIN)
def detail(person_id: int):
    person, can_edit = person_page_for(person_id, registry.PERSON_PAGE_LOADS)
    if person.merged_into_id:
        return redirect(url_for("entrepreneurs.detail", person_id=person.merged_into_id))
    from sqlalchemy import select

    from red.models import RightsRequest

    rights = db.session.scalars(
        select(RightsRequest)
        .where(RightsRequest.entrepreneur_id == person.id)
        .order_by(RightsRequest.filed_on.desc())
    ).all()
    return render_template(
        "entrepreneurs/detail.html",
        person=person,
        timeline=registry.person_timeline(db.session, current_user, person),
        can_edit=can_edit,
        consented=has_valid_consent(person),
        own_actor_id=current_user.actor_id,
        rights=rights,
    )


@bp.route("/emprendedores/<int:person_id>/editar", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def edit(person_id: int):
    person = person_for(person_id, "edit")
    form = PersonForm(obj=person)
    form.municipality_code.choices = municipality_choices()
    if request.method == "GET":
        form.version.data = str(person.version_id)
    if form.validate_on_submit():
        if stale_edit(form.version, person.version_id):
            page = render_template("entrepreneurs/edit.html", form=form, person=person)
            return page, STALE_STATUS
        try:
            correct_person(
                db.session,
                person,
                doc_type=form.doc_type.data,
                doc_number=form.doc_number.data,
                values={key: form[key].data for key in PERSON_FIELDS},
            )
        except PersonError as error:
            getattr(form, error.field or "doc_number").errors.append(str(error))
        else:
            db.session.commit()
            flash("Se guardaron los cambios.", "success")
            return redirect(url_for("entrepreneurs.detail", person_id=person.id))
    return render_template("entrepreneurs/edit.html", form=form, person=person)


@bp.route("/emprendedores/<int:person_id>/datos-sensibles", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def sensitive(person_id: int):
    """Sensitive data (ethnicity, disability, victim status) only under its own consent."""
    person = person_for(person_id, "edit")
    form = SensitiveForm(obj=person)
    form.populations.choices = population_choices()
    if request.method == "GET":
        form.version.data = str(person.version_id)
        form.populations.data = [p.id for p in person.populations]
    if person.sensitive_consent and form.validate_on_submit():
        if stale_edit(form.version, person.version_id):
            page = render_template("entrepreneurs/sensitive.html", form=form, person=person)
            return page, STALE_STATUS
        groups = (
            db.session.scalars(
                db.select(PopulationGroup).where(PopulationGroup.id.in_(form.populations.data))
            ).all()
            if form.populations.data
            else []
        )
        set_sensitive_data(
            person,
            groups,
            ethnicity=form.ethnicity.data or None,
            has_disability=form.has_disability.data,
            is_conflict_victim=form.is_conflict_victim.data,
        )
        db.session.commit()
        flash("Se guardaron los datos sensibles autorizados.", "success")
        return redirect(url_for("entrepreneurs.detail", person_id=person.id))
    return render_template("entrepreneurs/sensitive.html", form=form, person=person)


@bp.route("/emprendedores/<int:person_id>/autorizacion", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def consent(person_id: int):
    person = person_for(person_id, "edit")
    form = ConsentForm()
    if form.validate_on_submit():
        try:
            _record_staff_consent(person, form)
        except ConsentError as error:
            form.purpose_attention.errors.append(str(error))
        else:
            db.session.commit()
            flash("Se guardó la autorización.", "success")
            return redirect(url_for("entrepreneurs.detail", person_id=person.id))
    return render_template("entrepreneurs/consent.html", form=form, person=person)


def _venture_values(form: VentureForm) -> dict:
    return {key: form[key].data for key in VENTURE_FIELDS}


def _venture_form(venture: Venture | None) -> VentureForm:
    form = VentureForm(obj=venture)
    form.stage_id.choices = stage_choices()
    form.sector_id.choices = sector_choices()
    form.municipality_code.choices = municipality_choices()
    return form


@bp.route("/emprendedores/<int:person_id>/emprendimientos/nuevo", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def venture_new(person_id: int):
    person = person_for(person_id, "edit")
    form = _venture_form(None)
    if form.validate_on_submit():
        venture = save_venture(db.session, person, None, _venture_values(form))
        db.session.commit()
        flash(f"Se agregó el emprendimiento «{venture.name}».", "success")
        return redirect(url_for("entrepreneurs.detail", person_id=person.id))
    return render_template("entrepreneurs/venture_form.html", form=form, person=person)


@bp.route(
    "/emprendedores/<int:person_id>/emprendimientos/<int:venture_id>/editar",
    methods=["GET", "POST"],
)
@access(*STAFF_OR_ADMIN)
def venture_edit(person_id: int, venture_id: int):
    person = person_for(person_id, "edit")
    venture = venture_for(person, venture_id)
    form = _venture_form(venture)
    if request.method == "GET":
        form.version.data = str(venture.version_id)
    if form.validate_on_submit():
        if stale_edit(form.version, venture.version_id):
            return _venture_page(form, person, venture), STALE_STATUS
        save_venture(db.session, person, venture, _venture_values(form))
        db.session.commit()
        flash("Se guardaron los cambios del emprendimiento.", "success")
        return redirect(url_for("entrepreneurs.detail", person_id=person.id))
    return _venture_page(form, person, venture)


def _venture_page(form: VentureForm, person, venture: Venture) -> str:
    return render_template(
        "entrepreneurs/venture_form.html", form=form, person=person, venture=venture
    )


@bp.app_context_processor
def _workspace_labels() -> dict:
    """Spanish labels of the workspace's codes, for every template (no queries)."""
    from red.models.activity import REFERRAL_STATUSES
    from red.models.events import PARTICIPATION_STATUSES
    from red.models.people import (
        CONSENT_CHANNELS,
        DOCUMENT_TYPES,
        RIGHTS_REQUEST_KINDS,
        RIGHTS_REQUEST_STATUSES,
    )

    return {
        "doc_types": DOCUMENT_TYPES,
        "consent_channels": CONSENT_CHANNELS,
        "rights_kinds": RIGHTS_REQUEST_KINDS,
        "rights_statuses": RIGHTS_REQUEST_STATUSES,
        "referral_statuses": REFERRAL_STATUSES,
        "participation_statuses": PARTICIPATION_STATUSES,
    }
