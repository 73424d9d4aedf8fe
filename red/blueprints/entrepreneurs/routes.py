"""Views of the entrepreneur registry: list, register, person page, edit, ventures, consent."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from red.blueprints.entrepreneurs import bp
from red.blueprints.entrepreneurs.forms import (
    ConsentForm,
    NewPersonForm,
    PersonForm,
    SensitiveForm,
    VentureForm,
)
from red.blueprints.entrepreneurs.helpers import (
    check_version,
    municipality_choices,
    person_or_404,
    population_choices,
    sector_choices,
    stage_choices,
)
from red.extensions import db
from red.models import PopulationGroup, Venture
from red.pagination import paginate_once
from red.permissions import access, is_admin, require
from red.query import query_args
from red.services import entrepreneurs as registry
from red.services import people_search
from red.services.documents import DocumentError, normalise_document
from red.services.people import (
    PERSON_FIELDS,
    ConsentError,
    has_valid_consent,
    record_consent,
    register_person,
    set_sensitive_data,
)

STAFF_AND_ADMIN = ("admin", "actor_admin", "actor_staff")
PER_PAGE = 25


def _staff_actor_id() -> int | None:
    return None if is_admin(current_user) else current_user.actor_id


def _record_staff_consent(person, form) -> None:
    """The Ley 1581 proof for a consent a member's staff captured (form: ConsentForm fields)."""
    record_consent(
        db.session,
        person,
        channel=form.channel.data,
        policy_version=current_app.config["PRIVACY_POLICY_VERSION"],
        purpose_attention=form.purpose_attention.data,
        purpose_statistics=form.purpose_statistics.data,
        purpose_communications=form.purpose_communications.data,
        sensitive_data=form.sensitive_data.data,
        captured_by_user_id=current_user.id,
        evidence=form.evidence.data or None,
        legal_representative=form.legal_representative.data or None,
    )


@bp.route("/emprendedores")
@access("admin", "actor_admin", "actor_staff", "nucleo")
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
    pagination = paginate_once(
        db.session,
        query,
        page=args.page(),
        per_page=PER_PAGE,
        load_options=registry.PEOPLE_LIST_LOADS,
    )
    return render_template(
        "entrepreneurs/index.html",
        pagination=pagination,
        filters=filters,
        too_many=too_many,
        candidate_cap=people_search.CANDIDATE_CAP,
        municipalities=municipality_choices("Todos"),
        stages=stage_choices("Todas"),
    )


@bp.route("/emprendedores/nuevo", methods=["GET", "POST"])
@access(*STAFF_AND_ADMIN)
def new():
    """Register a person with their consent; a known document leads to the existing record."""
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
    registration = register_person(
        db.session,
        doc_type=form.doc_type.data,
        doc_number=form.doc_number.data,
        registered_by_actor_id=_staff_actor_id(),
        **fields,
    )
    person = registration.person
    try:
        _record_staff_consent(person, form)
    except ConsentError as error:
        db.session.rollback()
        form.purpose_attention.errors.append(str(error))
        return None
    db.session.commit()
    if registration.created:
        flash(f"Se registró a {person.full_name}.", "success")
    else:
        flash(
            "Esa persona ya estaba registrada en la Red: este es su registro. "
            "No se creó una copia; se guardó la autorización que usted tomó.",
            "info",
        )
    return redirect(url_for("entrepreneurs.detail", person_id=person.id))


@bp.route("/emprendedores/<int:person_id>")
@access(*STAFF_AND_ADMIN)
def detail(person_id: int):
    person = person_or_404(person_id)
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
        can_edit=registry.can_edit_person(db.session, current_user, person),
        consented=has_valid_consent(person),
        own_actor_id=current_user.actor_id,
        rights=rights,
    )


@bp.route("/emprendedores/<int:person_id>/editar", methods=["GET", "POST"])
@access(*STAFF_AND_ADMIN)
def edit(person_id: int):
    person = person_or_404(person_id)
    require(registry.can_edit_person(db.session, current_user, person))
    form = PersonForm(obj=person)
    form.municipality_code.choices = municipality_choices()
    if request.method == "GET":
        form.version.data = str(person.version_id)
    if form.validate_on_submit():
        check_version(person, form.version.data)
        try:
            number = normalise_document(form.doc_type.data, form.doc_number.data)
        except DocumentError as error:
            form.doc_number.errors.append(str(error))
        else:
            from red.services.people import find_person

            other = find_person(db.session, form.doc_type.data, number)
            if other is not None and other.id != person.id:
                form.doc_number.errors.append(
                    "Ya existe otra persona con ese documento. Si son la misma, pida al "
                    "administrador fusionar los registros."
                )
            else:
                person.doc_type, person.doc_number = form.doc_type.data, number
                for key in PERSON_FIELDS:
                    setattr(person, key, form[key].data or None)
                db.session.commit()
                flash("Se guardaron los cambios.", "success")
                return redirect(url_for("entrepreneurs.detail", person_id=person.id))
    return render_template("entrepreneurs/edit.html", form=form, person=person)


@bp.route("/emprendedores/<int:person_id>/datos-sensibles", methods=["GET", "POST"])
@access(*STAFF_AND_ADMIN)
def sensitive(person_id: int):
    """Sensitive data (ethnicity, disability, victim status) only under its own consent."""
    person = person_or_404(person_id)
    require(registry.can_edit_person(db.session, current_user, person))
    form = SensitiveForm(obj=person)
    form.populations.choices = population_choices()
    if request.method == "GET":
        form.version.data = str(person.version_id)
        form.populations.data = [p.id for p in person.populations]
    if person.sensitive_consent and form.validate_on_submit():
        check_version(person, form.version.data)
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
@access(*STAFF_AND_ADMIN)
def consent(person_id: int):
    person = person_or_404(person_id)
    require(registry.can_edit_person(db.session, current_user, person))
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


def _venture_form(venture: Venture | None) -> VentureForm:
    form = VentureForm(obj=venture)
    form.stage_id.choices = stage_choices()
    form.sector_id.choices = sector_choices()
    form.municipality_code.choices = municipality_choices()
    return form


VENTURE_FIELDS = (
    "name",
    "nit",
    "stage_id",
    "sector_id",
    "ciiu_code",
    "is_formal",
    "is_subsistence",
    "size",
    "employees",
    "sales_range",
    "municipality_code",
    "description",
)


@bp.route("/emprendedores/<int:person_id>/emprendimientos/nuevo", methods=["GET", "POST"])
@access(*STAFF_AND_ADMIN)
def venture_new(person_id: int):
    person = person_or_404(person_id)
    require(registry.can_edit_person(db.session, current_user, person))
    form = _venture_form(None)
    if form.validate_on_submit():
        venture = Venture(entrepreneur_id=person.id)
        for key in VENTURE_FIELDS:
            setattr(venture, key, form[key].data if form[key].data != "" else None)
        db.session.add(venture)
        db.session.commit()
        flash(f"Se agregó el emprendimiento «{venture.name}».", "success")
        return redirect(url_for("entrepreneurs.detail", person_id=person.id))
    return render_template("entrepreneurs/venture_form.html", form=form, person=person)


@bp.route(
    "/emprendedores/<int:person_id>/emprendimientos/<int:venture_id>/editar",
    methods=["GET", "POST"],
)
@access(*STAFF_AND_ADMIN)
def venture_edit(person_id: int, venture_id: int):
    person = person_or_404(person_id)
    require(registry.can_edit_person(db.session, current_user, person))
    venture = db.get_or_404(Venture, venture_id)
    require(venture.entrepreneur_id == person.id)
    form = _venture_form(venture)
    if request.method == "GET":
        form.version.data = str(venture.version_id)
    if form.validate_on_submit():
        check_version(venture, form.version.data)
        for key in VENTURE_FIELDS:
            setattr(venture, key, form[key].data if form[key].data != "" else None)
        db.session.commit()
        flash("Se guardaron los cambios del emprendimiento.", "success")
        return redirect(url_for("entrepreneurs.detail", person_id=person.id))
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
