"""Small helpers shared by the workspace views: choices and query values."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user
from sqlalchemy import literal, null, select, union_all

from red.extensions import db
from red.models import (
    Municipality,
    PopulationGroup,
    Program,
    RouteStage,
    Sector,
    ServiceType,
)
from red.services import identity


def municipality_choices(blank: str = "—") -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(Municipality.code, Municipality.name).order_by(Municipality.name_sort)
    ).all()
    return [("", blank)] + [(code, name) for code, name in rows]


def catalog_choices(model, blank: str = "—") -> list[tuple[Any, str]]:
    query = select(model.id, model.name).order_by(model.position, model.name)
    if hasattr(model, "active"):
        query = query.where(model.active.is_(True))
    return [("", blank)] + [(i, n) for i, n in db.session.execute(query).all()]


def stage_choices(blank: str = "—"):
    return catalog_choices(RouteStage, blank)


def registry_filter_choices() -> tuple[list[tuple[str, str]], list[tuple[Any, str]]]:
    """The registry's two filters, `municipality_choices("Todos")` and `stage_choices("Todas")`,
    read in ONE statement (a UNION ALL of both lists): on PostgreSQL each statement of a page
    costs more than these 40-odd rows. Each list keeps its own order and collation."""
    municipalities = select(
        literal(0).label("kind"),
        Municipality.code.label("code"),
        null().label("id"),
        Municipality.name.label("name"),
        literal(0).label("position"),
        Municipality.name_sort.label("by_sort"),
        null().label("by_name"),
    )
    stages = select(
        literal(1),
        null(),
        RouteStage.id,
        RouteStage.name,
        RouteStage.position,
        null(),
        RouteStage.name,
    ).where(RouteStage.active.is_(True))
    both = union_all(municipalities, stages).subquery()
    rows = db.session.execute(
        select(both.c.kind, both.c.code, both.c.id, both.c.name).order_by(
            both.c.kind, both.c.position, both.c.by_sort, both.c.by_name
        )
    ).all()
    places = [("", "Todos")] + [(code, name) for kind, code, _, name in rows if kind == 0]
    steps = [("", "Todas")] + [(i, name) for kind, _, i, name in rows if kind == 1]
    return places, steps


def sector_choices():
    return catalog_choices(Sector)


def service_type_choices():
    return catalog_choices(ServiceType, "Seleccione…")


def population_choices():
    return [(i, n) for i, n in catalog_choices(PopulationGroup)[1:]]


def program_choices(actor_id: int | None):
    query = select(Program.id, Program.name).order_by(Program.name_sort)
    if actor_id is not None:
        query = query.where(Program.owner_id == actor_id)
    return [("", "Sin programa")] + [(i, n) for i, n in db.session.execute(query).all()]


def refuse_identity(form, error: identity.IdentityError, field_name: str = "doc_number") -> None:
    """Show the refusal on the form (which keeps the input), and keep the attempt on record:
    everything the failed operation wrote is rolled back first."""
    db.session.rollback()
    form[field_name].errors.append(str(error))
    identity.log_refused_link(db.session, current_user, error, form.doc_type.data or "")
    db.session.commit()


def identity_form_for(claim) -> Any:
    """The confirmation form, filled with what the person declared (GET) or was typed (POST)."""
    from red.blueprints.entrepreneurs.forms import ConfirmIdentityForm

    if request.method == "POST":
        return ConfirmIdentityForm()
    return ConfirmIdentityForm(
        doc_type=claim.doc_type,
        doc_number=claim.doc_number,
        first_names=claim.first_names,
        last_names=claim.last_names,
        birth_date=claim.birth_date,
    )


def confirm_claim_from(form, claim):
    """Confirm the claim with the identity staff checked; the outcome, or None with the reason
    on the form (a mismatch is audited like any refused link)."""
    from flask import flash

    from red.services import claims
    from red.services.documents import DocumentError

    if not form.validate_on_submit():
        return None
    checked = identity.DeclaredIdentity(
        doc_type=form.doc_type.data,
        doc_number=form.doc_number.data,
        first_names=form.first_names.data,
        last_names=form.last_names.data,
        birth_date=form.birth_date.data,
    )
    try:
        outcome = claims.confirm_claim(db.session, current_user, claim, checked)
    except DocumentError as error:
        db.session.rollback()
        form.doc_number.errors.append(str(error))
        return None
    except identity.IdentityError as error:
        refuse_identity(form, error)
        return None
    db.session.commit()
    person = outcome.person
    if outcome.created:
        flash(f"Identidad confirmada: se creó el registro de {person.full_name}.", "success")
    else:
        flash(
            f"Identidad confirmada: {person.full_name} ya estaba en la Red y quedó vinculada. "
            "Revise los cambios que propuso, si los hay.",
            "success",
        )
    return outcome


def apply_claim_changes(claim) -> None:
    """Apply the declared values staff ticked (form field «campos»); the rest are dropped."""
    from flask import flash

    from red.services import claims

    try:
        applied = claims.apply_changes(db.session, claim, request.form.getlist("campos"))
    except identity.IdentityError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return
    db.session.commit()
    flash(
        f"Se aplicaron {len(applied)} cambios al registro."
        if applied
        else "No se aplicó ningún cambio; los datos declarados quedan solo en la solicitud.",
        "success",
    )
