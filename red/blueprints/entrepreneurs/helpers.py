"""Small helpers shared by the workspace views: choices, versions, lookups with permission."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from red.extensions import db
from red.models import (
    Entrepreneur,
    Municipality,
    PopulationGroup,
    Program,
    RouteStage,
    Sector,
    ServiceType,
)
from red.permissions import require
from red.services.entrepreneurs import can_see_person

STALE_MESSAGE = (
    "Otra persona modificó este registro mientras usted lo editaba. No se guardaron sus "
    "cambios: recargue la página para ver la versión actual y vuelva a hacerlos."
)


def municipality_choices(blank: str = "—") -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(Municipality.code, Municipality.name).order_by(Municipality.name)
    ).all()
    return [("", blank)] + [(code, name) for code, name in rows]


def catalog_choices(model, blank: str = "—") -> list[tuple[Any, str]]:
    query = select(model.id, model.name).order_by(model.position, model.name)
    if hasattr(model, "active"):
        query = query.where(model.active.is_(True))
    return [("", blank)] + [(i, n) for i, n in db.session.execute(query).all()]


def stage_choices(blank: str = "—"):
    return catalog_choices(RouteStage, blank)


def sector_choices():
    return catalog_choices(Sector)


def service_type_choices():
    return catalog_choices(ServiceType, "Seleccione…")


def population_choices():
    return [(i, n) for i, n in catalog_choices(PopulationGroup)[1:]]


def program_choices(actor_id: int | None):
    query = select(Program.id, Program.name).order_by(Program.name)
    if actor_id is not None:
        query = query.where(Program.owner_id == actor_id)
    return [("", "Sin programa")] + [(i, n) for i, n in db.session.execute(query).all()]


def person_or_404(person_id: int) -> Entrepreneur:
    """The person, if the current user may see them (others: 404/403)."""
    person = db.get_or_404(Entrepreneur, person_id)
    require(can_see_person(db.session, current_user, person))
    return person


def check_version(record: Any, submitted: str | None) -> None:
    """Optimistic lock across requests: refuse the save if the record moved since the form."""
    if str(record.version_id) != (submitted or "").strip():
        db.session.rollback()
        abort(409, STALE_MESSAGE)
