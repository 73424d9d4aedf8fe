"""Members keep their own offer: list, create, edit, change status, confirm review."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from red.blueprints.ruta import bp
from red.blueprints.ruta.forms import ProgramForm
from red.blueprints.stale import STALE_STATUS, stale_edit
from red.es_co import catalog_order
from red.extensions import db
from red.models import (
    Actor,
    Municipality,
    PopulationGroup,
    ProductiveChain,
    RouteStage,
    Sector,
    ServiceType,
)
from red.models.programs import PROGRAM_STATUSES
from red.permissions import STAFF_OR_ADMIN, access, can_manage_actor, is_admin, require
from red.permissions.records import program_for
from red.query import query_args
from red.services import programs
from red.services.calendar import local_today
from red.services.catalog_filters import query_words


@bp.route("/ruta/gestion")
@access(*STAFF_OR_ADMIN)
def manage():
    """The member's programs (all statuses); an admin sees every actor's, with a filter."""
    actor_id = None if is_admin(current_user) else current_user.actor_id
    args = query_args()
    actor_slug = args.text("actor", max_length=120) if actor_id is None else ""
    if actor_slug:
        actor_id = db.session.scalar(select(Actor.id).where(Actor.slug == actor_slug)) or -1
    status = args.choice("estado", PROGRAM_STATUSES)
    stale_only = args.flag("sin_revisar")
    q = args.text("q")
    cutoff = programs.review_cutoff(db.session)
    page = db.paginate(
        programs.managed_programs_query(
            actor_id, status=status, stale_only=stale_only, q_words=query_words(q), cutoff=cutoff
        ),
        per_page=25,
        error_out=False,
    )
    actors = (
        db.session.execute(select(Actor.slug, Actor.name).order_by(Actor.name_sort, Actor.id)).all()
        if is_admin(current_user)
        else []
    )
    return render_template(
        "ruta/manage.html",
        page=page,
        status=status,
        stale_only=stale_only,
        q=q,
        actor_slug=actor_slug,
        actors=actors,
        statuses=PROGRAM_STATUSES,
        stale_count=programs.count_needing_review(
            db.session, None if is_admin(current_user) and not actor_slug else actor_id, cutoff
        ),
        cutoff=cutoff,
        review_days=programs.review_window_days(db.session),
        transitions=programs.PROGRAM_TRANSITIONS,
        transition_labels=programs.TRANSITION_LABELS,
    )


def _fill_program_choices(form: ProgramForm) -> None:
    def catalog(model):
        return catalog_order(db.session.scalars(select(model).where(model.active.is_(True))))

    stages = db.session.scalars(
        select(RouteStage).where(RouteStage.active.is_(True)).order_by(RouteStage.number)
    ).all()
    form.stage_ids.choices = [(s.id, f"{s.number}. {s.name}") for s in stages]
    form.service_type_ids.choices = [(s.id, s.name) for s in catalog(ServiceType)]
    form.population_ids.choices = [(p.id, p.name) for p in catalog(PopulationGroup)]
    form.chain_ids.choices = [(c.id, c.name) for c in catalog(ProductiveChain)]
    form.sector_ids.choices = [(s.id, f"{s.code} – {s.name}") for s in catalog(Sector)]
    municipalities = db.session.scalars(
        select(Municipality).order_by(Municipality.name_sort, Municipality.code)
    ).all()
    form.municipality_codes.choices = [(m.code, m.name) for m in municipalities]
    actors = db.session.scalars(select(Actor).order_by(Actor.name_sort, Actor.id)).all()
    form.cooperator_ids.choices = [(a.id, a.display_name) for a in actors]
    form.owner_id.choices = [(a.id, a.display_name) for a in actors]


def _apply_error(form: ProgramForm, error: programs.ProgramError) -> None:
    target = getattr(form, error.field, None) if error.field else None
    if target is None:
        form.form_errors.append(str(error))
    else:
        target.errors = [*target.errors, str(error)]


@bp.route("/ruta/nuevo", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def create():
    form = ProgramForm()
    _fill_program_choices(form)
    if not is_admin(current_user):
        del form.owner_id
    if form.validate_on_submit():
        owner_id = form.owner_id.data if is_admin(current_user) else current_user.actor_id
        owner = db.session.get(Actor, owner_id) if owner_id else None
        if owner is None:
            form.owner_id.errors = ["Seleccione el actor dueño del programa."]
        else:
            require(can_manage_actor(current_user, owner.id))
            try:
                item = programs.create_program(db.session, owner, form.values())
            except programs.ProgramError as exc:
                db.session.rollback()
                _apply_error(form, exc)
            else:
                db.session.commit()
                flash(
                    f"Programa «{item.name}» creado como borrador. Publíquelo cuando esté listo.",
                    "success",
                )
                return redirect(url_for("ruta.edit", slug=item.slug))
    return render_template("ruta/program_form.html", form=form, program=None), (
        422 if request.method == "POST" else 200
    )


@bp.route("/ruta/<slug>/editar", methods=["GET", "POST"])
@access(*STAFF_OR_ADMIN)
def edit(slug: str):
    item = program_for(slug, "manage")
    form = ProgramForm(obj=item if request.method == "GET" else None)
    _fill_program_choices(form)
    del form.owner_id
    status = 422 if request.method == "POST" else 200
    if request.method == "GET":
        form.version_id.data = item.version_id
        form.stage_ids.data = [s.id for s in item.stages]
        form.service_type_ids.data = [s.id for s in item.service_types]
        form.population_ids.data = [p.id for p in item.populations]
        form.chain_ids.data = [c.id for c in item.chains]
        form.sector_ids.data = [s.id for s in item.sectors]
        form.municipality_codes.data = [m.code for m in item.municipalities]
        form.cooperator_ids.data = [a.id for a in item.cooperators]
    elif form.validate_on_submit():
        status = STALE_STATUS if stale_edit(form.version_id, item.version_id) else _save(form, item)
        if status is None:
            flash("Cambios guardados. La fecha de revisión quedó actualizada.", "success")
            return redirect(url_for("ruta.edit", slug=item.slug))
    return render_template(
        "ruta/program_form.html",
        form=form,
        program=item,
        transitions=sorted(programs.PROGRAM_TRANSITIONS[item.status]),
        transition_labels=programs.TRANSITION_LABELS,
        statuses=PROGRAM_STATUSES,
    ), status


def _save(form: ProgramForm, item) -> int | None:
    """Save the edit and commit: None when saved, else the status of the refusal (nothing
    written). A save that lost a race with another one (the service's own version check)
    reads as a stale form."""
    version = form.version_id.data
    try:
        programs.update_program(
            db.session,
            item,
            form.values(),
            expected_version=int(version) if str(version).isdigit() else None,
        )
    except programs.StaleEdit:
        db.session.rollback()
        stale_edit(form.version_id, item.version_id)
        return STALE_STATUS
    except programs.ProgramError as exc:
        db.session.rollback()
        _apply_error(form, exc)
        return 422
    db.session.commit()
    return None


def _back(item) -> str:
    target = request.form.get("next", "")
    if target == "gestion":
        return url_for("ruta.manage")
    return url_for("ruta.edit", slug=item.slug)


@bp.route("/ruta/<slug>/estado", methods=["POST"])
@access(*STAFF_OR_ADMIN)
def change_status(slug: str):
    item = program_for(slug, "manage")
    try:
        programs.change_program_status(db.session, item, request.form.get("estado", ""))
    except programs.ProgramError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(
            f"«{item.name}» quedó en estado «{PROGRAM_STATUSES[item.status]}».",
            "success",
        )
    return redirect(_back(item))


@bp.route("/ruta/<slug>/revisado", methods=["POST"])
@access(*STAFF_OR_ADMIN)
def mark_reviewed(slug: str):
    item = program_for(slug, "manage")
    programs.mark_reviewed(db.session, item, local_today())
    db.session.commit()
    flash(f"«{item.name}» quedó marcado como revisado hoy.", "success")
    return redirect(_back(item))
