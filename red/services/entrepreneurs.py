"""The entrepreneur registry: search, timeline, merging duplicates, anonymising.

Who sees whom is the access layer's rule (red/permissions/people.py); the registry lists
only what it allows. The núcleo sees aggregates only; the admin sees everybody.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Integer, Select, any_, bindparam, func, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from red.models import (
    ConsentRecord,
    Entrepreneur,
    Event,
    IdentityClaim,
    Participation,
    Referral,
    RightsRequest,
    ServiceRecord,
    User,
    Venture,
)
from red.permissions import STAFF, has_role, is_admin
from red.permissions.people import actor_people_ids, visible_people_clause
from red.services import paging
from red.services.people_search import candidate_ids
from red.services.person_access import refresh_people
from red.services.suppression import anonymise_person  # noqa: F401  (the registry's verb)
from red.text import fold


class MergeError(ValueError):
    """Two records that cannot be merged; the message is for the user."""


@dataclass
class PeopleFilters:
    q: str = ""
    municipality: str = ""
    stage: int | None = None


def search_people(session: Session, user: Any, filters: PeopleFilters) -> tuple[Select, bool]:
    """The registry list for a user: visible, not merged away, filtered (page it with
    PEOPLE_LIST_LOADS); and whether the text matched more people than the search looks at.

    Text goes through the substring index (people_search), which hands back at most
    CANDIDATE_CAP candidates; visibility is then checked on those few rows only.
    """
    text = fold(filters.q)
    # The per-row EXISTS form lets the list walk the registry-order index and stop at the
    # page; it pays when the text narrows the rows, or when the actor sees so many people
    # that a page's worth turns up within a few hundred index entries. For an actor that
    # sees few, reading its set and sorting it is cheaper. PostgreSQL's planner makes this
    # choice itself (both forms are the same semi-join to it), so only SQLite pays the
    # statement that decides.
    postgres = session.get_bind().dialect.name == "postgresql"
    walk = bool(text) or postgres or sees_many(session, user)
    query = (
        select(Entrepreneur)
        .where(
            visible_people_clause(user, narrowed=walk),
            Entrepreneur.merged_into_id.is_(None),
        )
        .order_by(Entrepreneur.name_sort, Entrepreneur.id)
    )
    truncated = False
    if text:
        candidates, truncated = candidate_ids(session, filters.q)
        query = query.where(among(session, Entrepreneur.id, candidates))
    if filters.municipality:
        query = query.where(Entrepreneur.municipality_code == filters.municipality)
    if filters.stage:
        query = query.where(
            Entrepreneur.id.in_(
                select(Venture.entrepreneur_id).where(Venture.stage_id == filters.stage)
            )
        )
    return query, truncated


def among(session: Session, column: Any, ids: list[int]) -> ColumnElement[bool]:
    """`column IN ids`; on PostgreSQL as `= ANY(array)`, one parameter instead of up to a
    thousand (each statement of the search page carried the candidate list: 3 × 1,000
    parameters to send, parse and plan)."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam("candidates", ids, type_=ARRAY(Integer)))
    return column.in_(ids)


def sees_many(session: Session, user: Any) -> bool:
    """More than paging.COUNT_CAP people in the user's personal view (one index-only probe of at
    most COUNT_CAP + 1 entries); True for the admin, who sees everybody."""
    if is_admin(user):
        return True
    if not has_role(user, STAFF) or user.actor_id is None:
        return False
    cap = paging.COUNT_CAP
    first = actor_people_ids(user.actor_id).limit(cap + 1).subquery()
    return (session.scalar(select(func.count()).select_from(first)) or 0) > cap


# What the registry list shows of each person, loaded for the page's rows only.
PEOPLE_LIST_LOADS = (
    selectinload(Entrepreneur.ventures).joinedload(Venture.stage),
    joinedload(Entrepreneur.municipality),
)


# What the person page shows of the person, loaded with the visibility check.
PERSON_PAGE_LOADS = (
    joinedload(Entrepreneur.municipality),
    selectinload(Entrepreneur.ventures).joinedload(Venture.stage),
    selectinload(Entrepreneur.consents),
)


@dataclass
class TimelineItem:
    on: date | datetime
    kind: str  # atencion | remision | evento
    record: Any


def person_timeline(session: Session, user: Any, person: Entrepreneur) -> list[TimelineItem]:
    """Services, referrals and event participations of a person, as far as the viewer may see.

    Staff see everything their own actor did and, across the network, what kind of help the
    person got (service type, actor, date) — the point of one record per person — but not
    other actors' notes; that filtering happens in the template via `own`.
    """
    # Many-to-one loads are joined into each list (one statement per kind of fact, not one
    # per relationship), and each list is read in id order so that facts of one day keep a
    # fixed order on the page.
    services = session.scalars(
        select(ServiceRecord)
        .where(ServiceRecord.entrepreneur_id == person.id, ServiceRecord.deleted_at.is_(None))
        .options(
            joinedload(ServiceRecord.actor),
            joinedload(ServiceRecord.program),
            joinedload(ServiceRecord.service_type),
        )
        .order_by(ServiceRecord.id)
    ).all()
    referrals = session.scalars(
        select(Referral)
        .where(Referral.entrepreneur_id == person.id)
        .options(
            joinedload(Referral.from_actor),
            joinedload(Referral.to_actor),
            joinedload(Referral.program),
        )
        .order_by(Referral.id)
    ).all()
    participations = session.scalars(
        select(Participation)
        .where(Participation.entrepreneur_id == person.id)
        .options(joinedload(Participation.event))
        .order_by(Participation.id)
    ).all()
    items = [TimelineItem(s.served_on, "atencion", s) for s in services]
    items += [TimelineItem(r.sent_at, "remision", r) for r in referrals]
    items += [TimelineItem(p.event.starts_on or p.created_at, "evento", p) for p in participations]
    return sorted(items, key=lambda item: _sort_key(item.on), reverse=True)


def _sort_key(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def merge_people(session: Session, keep: Entrepreneur, drop: Entrepreneur) -> dict[str, int]:
    """Fold `drop` into `keep`: every service, referral, participation, venture, consent and
    rights request moves; `drop` stays as a pointer (merged_into) so old links still resolve.

    Returns how many rows of each kind moved. Nothing is deleted except a participation in
    an event where `keep` is already registered (the kept one wins; its notes say so).
    """
    if keep.id == drop.id:
        raise MergeError("Elija dos registros distintos.")
    if keep.merged_into_id or drop.merged_into_id:
        raise MergeError("Uno de los registros ya fue fusionado con otro.")
    if keep.anonymized_at or drop.anonymized_at:
        raise MergeError("No se pueden fusionar registros anonimizados.")
    moved: dict[str, int] = {}
    for model, key in (
        (ServiceRecord, "atenciones"),
        (Referral, "remisiones"),
        (Venture, "emprendimientos"),
        (ConsentRecord, "autorizaciones"),
        (RightsRequest, "solicitudes"),
        (IdentityClaim, "solicitudes_publicas"),
    ):
        result = session.execute(
            update(model)
            .where(model.entrepreneur_id == drop.id)
            .values(entrepreneur_id=keep.id)
            .execution_options(synchronize_session="fetch")
        )
        moved[key] = result.rowcount or 0
    moved["participaciones"] = _merge_participations(session, keep, drop)
    account = session.scalar(select(User).where(User.entrepreneur_id == drop.id))
    if account is not None:
        has_own = session.scalar(select(User.id).where(User.entrepreneur_id == keep.id))
        if has_own is None:
            account.entrepreneur_id = keep.id
        else:
            account.entrepreneur_id = None
            account.active = False
    for field in ("email", "phone", "municipality_code", "address", "sex", "birth_date"):
        if getattr(keep, field) in (None, "") and getattr(drop, field) not in (None, ""):
            setattr(keep, field, getattr(drop, field))
    if drop.sensitive_consent and not keep.sensitive_consent:
        keep.sensitive_consent = True
    if keep.sensitive_consent:
        keep.populations = list({p.id: p for p in [*keep.populations, *drop.populations]}.values())
    keep.claim_in_progress = keep.claim_in_progress or drop.claim_in_progress
    drop.merged_into_id = keep.id
    session.flush()
    # The bulk UPDATEs above bypass the flush hook that keeps person_access current.
    refresh_people(session.connection(), [keep.id, drop.id])
    session.expire(keep)
    return moved


def _merge_participations(session: Session, keep: Entrepreneur, drop: Entrepreneur) -> int:
    kept_events = set(
        session.scalars(
            select(Participation.event_id).where(Participation.entrepreneur_id == keep.id)
        )
    )
    count = 0
    for participation in session.scalars(
        select(Participation).where(Participation.entrepreneur_id == drop.id)
    ):
        if participation.event_id in kept_events:
            kept = session.scalar(
                select(Participation).where(
                    Participation.entrepreneur_id == keep.id,
                    Participation.event_id == participation.event_id,
                )
            )
            note = f"Fusionado con un registro duplicado (estado: {participation.status})."
            kept.notes = f"{kept.notes}\n{note}" if kept.notes else note
            for field in ("sales_cop", "contacts", "deals", "checked_in_at"):
                if getattr(kept, field) is None:
                    setattr(kept, field, getattr(participation, field))
            session.delete(participation)
        else:
            participation.entrepreneur_id = keep.id
        count += 1
    return count


def registry_totals(session: Session) -> dict[str, int]:
    """Aggregates for the núcleo: no names, only counts."""
    from sqlalchemy import func

    people = session.scalar(
        select(func.count(Entrepreneur.id)).where(Entrepreneur.merged_into_id.is_(None))
    )
    ventures = session.scalar(select(func.count(Venture.id)))
    services = session.scalar(
        select(func.count(ServiceRecord.id)).where(ServiceRecord.deleted_at.is_(None))
    )
    events = session.scalar(select(func.count(Event.id)))
    return {
        "personas": people or 0,
        "emprendimientos": ventures or 0,
        "atenciones": services or 0,
        "eventos": events or 0,
    }
