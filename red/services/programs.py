"""Members keeping their own offer current: program create/edit, status, review, places.

A program's life: borrador → publicado → cerrado → archivado; only `publicado` is public.
The "revisado" date tells the núcleo the offer is current (compliance counts programs
reviewed within the scorecard's review window, 180 days by default, the same window
/ruta/gestion uses); saving the program or confirming it is current refreshes it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from red.models import (
    Actor,
    Municipality,
    PopulationGroup,
    ProductiveChain,
    Program,
    Referral,
    RouteStage,
    Sector,
    ServiceType,
)
from red.models.programs import MODALITIES, PROGRAM_STATUSES
from red.services.calendar import local_today
from red.text import slugify

# Who may follow whom; archiving is the soft delete (programs are referenced by services).
PROGRAM_TRANSITIONS: dict[str, frozenset[str]] = {
    "borrador": frozenset({"publicado", "archivado"}),
    "publicado": frozenset({"cerrado", "archivado"}),
    "cerrado": frozenset({"publicado", "archivado"}),
    "archivado": frozenset({"borrador"}),
}
TRANSITION_LABELS = {
    "publicado": "Publicar",
    "cerrado": "Cerrar",
    "archivado": "Archivar",
    "borrador": "Volver a borrador",
}
# Paths under /ruta/ that a program slug must never shadow.
RESERVED_SLUGS = frozenset({"encuentra", "seguimiento", "gestion", "nuevo", "solicitud"})
# Referrals in these states no longer hold a place.
RELEASED_STATES = ("rechazada", "cerrada_sin_atencion")

TEXT_FIELDS = (
    "name",
    "summary",
    "description",
    "requirements",
    "contact_name",
    "contact_email",
    "contact_phone",
    "url",
    "period",
)
VALUE_FIELDS = (
    "is_free",
    "cost_cop",
    "modality",
    "opens_on",
    "closes_on",
    "capacity",
    "whole_department",
    "for_subsistence",
)


class ProgramError(ValueError):
    """A rule of the offer was broken; `field` names the form field, the message is Spanish."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class StaleEdit(Exception):
    """Someone saved the record after this form was opened."""


def unique_slug(session: Session, name: str, exclude_id: int | None = None) -> str:
    base = slugify(name, max_length=100)
    if base in RESERVED_SLUGS:
        base = f"{base}-programa"
    taken = set(
        session.scalars(
            select(Program.slug).where(
                or_(Program.slug == base, Program.slug.like(f"{base}-%")),
                Program.id != (exclude_id or 0),
            )
        )
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _by_ids(session: Session, model, ids) -> list:
    ids = [i for i in (ids or []) if i not in (None, "")]
    if not ids:
        return []
    key = model.code if model is Municipality else model.id
    return list(session.scalars(select(model).where(key.in_(ids))))


def _validate(values: dict[str, Any]) -> None:
    if not (values.get("name") or "").strip():
        raise ProgramError("Escriba el nombre del programa.", "name")
    if values.get("modality") not in MODALITIES:
        raise ProgramError("Seleccione la modalidad.", "modality")
    if not values.get("is_free") and not values.get("cost_cop"):
        raise ProgramError(
            "Indique el costo en pesos o marque el programa como gratuito.", "cost_cop"
        )
    opens, closes = values.get("opens_on"), values.get("closes_on")
    if opens and closes and opens > closes:
        raise ProgramError("La fecha de cierre debe ser posterior a la de apertura.", "closes_on")


def apply_program_fields(
    session: Session, program: Program, values: dict[str, Any], today: date | None = None
) -> Program:
    """Copy validated form values onto the program (relationships given as id lists)."""
    _validate(values)
    for key in TEXT_FIELDS:
        if key in values:
            setattr(program, key, (values[key] or "").strip() or None)
    program.name = values["name"].strip()
    for key in VALUE_FIELDS:
        if key in values:
            setattr(program, key, values[key])
    if program.is_free:
        program.cost_cop = None
    program.stages = _by_ids(session, RouteStage, values.get("stage_ids"))
    program.service_types = _by_ids(session, ServiceType, values.get("service_type_ids"))
    program.sectors = _by_ids(session, Sector, values.get("sector_ids"))
    program.chains = _by_ids(session, ProductiveChain, values.get("chain_ids"))
    program.populations = _by_ids(session, PopulationGroup, values.get("population_ids"))
    program.municipalities = _by_ids(session, Municipality, values.get("municipality_codes"))
    program.cooperators = [
        a for a in _by_ids(session, Actor, values.get("cooperator_ids")) if a.id != program.owner_id
    ]
    program.last_reviewed_on = today or local_today()
    if program.status == "publicado":
        check_publishable(program)
    return program


def create_program(
    session: Session, owner: Actor, values: dict[str, Any], today: date | None = None
) -> Program:
    """A new program of `owner`, as a draft (borrador) until someone publishes it."""
    program = Program(owner=owner, owner_id=owner.id, status="borrador", slug="")
    apply_program_fields(session, program, values, today)
    program.slug = unique_slug(session, program.name)
    session.add(program)
    session.flush()
    return program


def update_program(
    session: Session,
    program: Program,
    values: dict[str, Any],
    *,
    expected_version: int | None,
    today: date | None = None,
) -> Program:
    """Save an edit unless someone else saved the program since the form was opened."""
    if expected_version is None or int(expected_version) != program.version_id:
        raise StaleEdit()
    apply_program_fields(session, program, values, today)
    session.flush()
    return program


def check_publishable(program: Program) -> None:
    """A public program must say for which stage and where; otherwise nobody finds it."""
    if not program.stages:
        raise ProgramError("Para publicar, indique al menos una etapa de la Ruta.", "stage_ids")
    if not program.whole_department and not program.municipalities:
        raise ProgramError(
            "Para publicar, indique los municipios o marque «Todo el departamento».",
            "municipality_codes",
        )


def change_program_status(
    session: Session, program: Program, to_status: str, today: date | None = None
) -> Program:
    if to_status not in PROGRAM_STATUSES:
        raise ProgramError("Estado desconocido.")
    if to_status not in PROGRAM_TRANSITIONS[program.status]:
        raise ProgramError(
            f"No se puede pasar un programa de «{PROGRAM_STATUSES[program.status]}» a "
            f"«{PROGRAM_STATUSES[to_status]}»."
        )
    if to_status == "publicado":
        check_publishable(program)
        program.last_reviewed_on = today or local_today()
    program.status = to_status
    session.flush()
    return program


def mark_reviewed(session: Session, program: Program, today: date | None = None) -> Program:
    """The member confirms the program's information is current."""
    program.last_reviewed_on = today or local_today()
    session.flush()
    return program


def review_window_days(session: Session) -> int:
    """How long a review stays current: the scorecard setting compliance also uses."""
    from red.services.compliance import current_version, settings_of

    return int(settings_of(current_version(session))["review_window_days"])


def review_cutoff(session: Session, today: date | None = None) -> date:
    return (today or local_today()) - timedelta(days=review_window_days(session))


def needs_review_condition(cutoff: date):
    """Live programs (not archived) not reviewed since `cutoff`."""
    return (
        Program.status != "archivado",
        or_(Program.last_reviewed_on.is_(None), Program.last_reviewed_on < cutoff),
    )


def managed_programs_query(
    actor_id: int | None,
    *,
    status: str = "",
    stale_only: bool = False,
    q_words: list[str] | None = None,
    cutoff: date | None = None,
) -> Select:
    """A member's programs (every status) for its workspace; `actor_id` None means all."""
    stmt = select(Program).options(selectinload(Program.owner), selectinload(Program.stages))
    if actor_id is not None:
        stmt = stmt.where(Program.owner_id == actor_id)
    if status in PROGRAM_STATUSES:
        stmt = stmt.where(Program.status == status)
    if stale_only and cutoff is not None:
        stmt = stmt.where(*needs_review_condition(cutoff))
    for word in q_words or []:
        stmt = stmt.where(Program.search_norm.like(f"%{word}%"))
    return stmt.order_by(
        Program.last_reviewed_on.is_(None).desc(), Program.last_reviewed_on, Program.name_sort
    )


def count_needing_review(session: Session, actor_id: int | None, cutoff: date) -> int:
    stmt = select(func.count(Program.id)).where(*needs_review_condition(cutoff))
    if actor_id is not None:
        stmt = stmt.where(Program.owner_id == actor_id)
    return int(session.scalar(stmt) or 0)


def places_left(session: Session, programs: list[Program]) -> dict[int, int | None]:
    """Places left per program (None: no limit), from the referrals that hold a place."""
    limited = [p for p in programs if p.capacity is not None]
    if not limited:
        return {p.id: None for p in programs}
    taken = dict(
        session.execute(
            select(Referral.program_id, func.count(Referral.id))
            .where(
                Referral.program_id.in_([p.id for p in limited]),
                Referral.status.not_in(RELEASED_STATES),
            )
            .group_by(Referral.program_id)
        ).all()
    )
    return {
        p.id: (None if p.capacity is None else max(p.capacity - int(taken.get(p.id, 0)), 0))
        for p in programs
    }


def detail_options():
    return (
        selectinload(Program.owner),
        selectinload(Program.cooperators),
        selectinload(Program.stages),
        selectinload(Program.service_types),
        selectinload(Program.sectors),
        selectinload(Program.chains),
        selectinload(Program.populations),
        selectinload(Program.municipalities),
    )


def program_by_slug(session: Session, slug: str) -> Program | None:
    return session.scalar(select(Program).where(Program.slug == slug).options(*detail_options()))


def next_programs(session: Session, program: Program, limit: int = 6) -> list[Program]:
    """Published programs for the stages right after this one's, for the same profile.

    Same profile: they reach the same places (or the whole department) and, when this
    program is aimed at population groups, they serve one of them or are open to all.
    """
    if not program.stages:
        return []
    last = max(s.number for s in program.stages)
    from red.models.programs import program_municipalities, program_populations, program_stages

    next_stage = (
        select(program_stages.c.program_id)
        .join(RouteStage, RouteStage.id == program_stages.c.stage_id)
        .where(RouteStage.number > last)
    )
    stmt = select(Program).where(
        Program.status == "publicado", Program.id != program.id, Program.id.in_(next_stage)
    )
    if not program.whole_department and program.municipalities:
        codes = [m.code for m in program.municipalities]
        stmt = stmt.where(
            or_(
                Program.whole_department.is_(True),
                Program.id.in_(
                    select(program_municipalities.c.program_id).where(
                        program_municipalities.c.municipality_code.in_(codes)
                    )
                ),
            )
        )
    if program.populations:
        ids = [p.id for p in program.populations]
        aimed = select(program_populations.c.program_id)
        stmt = stmt.where(
            or_(
                Program.id.not_in(aimed),
                Program.id.in_(aimed.where(program_populations.c.population_id.in_(ids))),
            )
        )
    first_stage = (
        select(func.min(RouteStage.number))
        .join(program_stages, program_stages.c.stage_id == RouteStage.id)
        .where(program_stages.c.program_id == Program.id, RouteStage.number > last)
        .scalar_subquery()
    )
    stmt = stmt.order_by(first_stage, Program.name_sort).limit(limit)
    return list(
        session.scalars(stmt.options(selectinload(Program.owner), selectinload(Program.stages)))
    )
