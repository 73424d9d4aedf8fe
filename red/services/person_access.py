"""Who may see whom: the rule, and the person_access table that holds its result.

Ley 1581 lets a member see a person's record only for attention within the network: an
actor sees the people it registered, served (a service not deleted), referred or received
a referral for, registered at an event or organised an event they attended, or who
authorised it (a consent record naming it). `relation_rows` is that rule, as one UNION.

Each of those facts can only be written through the access layer (red/permissions/): a
write that names a person the actor cannot see yet is refused, and reaching such a person
takes the person's own authorisation (red/services/identity.py). So the table is fed only by
facts that passed that check; writing a record is never a way in. Requests and sign-ups
from the public forms wait on an identity claim (entrepreneur_id NULL) and feed nothing
until staff confirm who the person is.

Evaluating the rule on every list was six subqueries over the network's whole activity
(60–100 ms for a large actor at 100,000 people). Its result is kept in `person_access`
instead, refreshed for the people a flush touched, in the same transaction, by the
`after_flush` hook below. Bulk work that bypasses the ORM (merging, restoring a backup,
loading synthetic data) calls `refresh_people` or `rebuild` itself. The test suite checks
after every test that the table equals the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, delete, event, insert, inspect, select, union
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, attributes
from sqlalchemy.orm.exc import ObjectDeletedError

from red.models import (
    ConsentRecord,
    Entrepreneur,
    Event,
    Participation,
    PersonAccess,
    Referral,
    ServiceRecord,
)
from red.models.events import event_organizers

ACCESS = PersonAccess.__table__
CHUNK = 500  # ids per statement: well under every engine's bound-parameter limit

# The columns whose change can change who sees the person, per source.
RELEVANT = {
    Entrepreneur: ("registered_by_actor_id",),
    ServiceRecord: ("entrepreneur_id", "actor_id", "deleted_at"),
    Referral: ("entrepreneur_id", "to_actor_id", "from_actor_id"),
    Participation: ("entrepreneur_id", "registered_by_actor_id", "event_id"),
    ConsentRecord: ("entrepreneur_id", "actor_id"),
}


def relation_rows(person_ids: Iterable[int] | None = None) -> Select:
    """(actor_id, entrepreneur_id) pairs the rule grants, for some people or for everyone."""
    ids = None if person_ids is None else list(person_ids)

    def only(stmt: Select, column: Any) -> Select:
        return stmt if ids is None else stmt.where(column.in_(ids))

    parts = [
        only(
            select(
                Entrepreneur.registered_by_actor_id.label("actor_id"),
                Entrepreneur.id.label("entrepreneur_id"),
            ).where(Entrepreneur.registered_by_actor_id.is_not(None)),
            Entrepreneur.id,
        ),
        only(
            select(ServiceRecord.actor_id, ServiceRecord.entrepreneur_id).where(
                ServiceRecord.deleted_at.is_(None)
            ),
            ServiceRecord.entrepreneur_id,
        ),
        only(
            select(Referral.to_actor_id, Referral.entrepreneur_id).where(
                Referral.entrepreneur_id.is_not(None)
            ),
            Referral.entrepreneur_id,
        ),
        only(
            select(Referral.from_actor_id, Referral.entrepreneur_id).where(
                Referral.from_actor_id.is_not(None), Referral.entrepreneur_id.is_not(None)
            ),
            Referral.entrepreneur_id,
        ),
        only(
            select(Participation.registered_by_actor_id, Participation.entrepreneur_id).where(
                Participation.registered_by_actor_id.is_not(None),
                Participation.entrepreneur_id.is_not(None),
            ),
            Participation.entrepreneur_id,
        ),
        only(
            select(event_organizers.c.actor_id, Participation.entrepreneur_id)
            .join(event_organizers, event_organizers.c.event_id == Participation.event_id)
            .where(Participation.entrepreneur_id.is_not(None)),
            Participation.entrepreneur_id,
        ),
        only(
            select(ConsentRecord.actor_id, ConsentRecord.entrepreneur_id).where(
                ConsentRecord.actor_id.is_not(None)
            ),
            ConsentRecord.entrepreneur_id,
        ),
    ]
    return union(*parts)


def _insert_granted(connection: Connection, person_ids: list[int] | None) -> None:
    granted = relation_rows(person_ids).subquery()
    connection.execute(
        insert(ACCESS).from_select(
            ["actor_id", "entrepreneur_id"], select(granted.c.actor_id, granted.c.entrepreneur_id)
        )
    )


def refresh_people(connection: Connection, person_ids: Iterable[int]) -> None:
    """Recompute the access rows of these people from the rule.

    On PostgreSQL the people's rows are locked first (FOR NO KEY UPDATE, in id order), so
    two transactions refreshing the same person take turns, and the second one recomputes
    from what the first committed; without it both insert the same pairs and one fails.
    Not FOR UPDATE: both transactions already hold FOR KEY SHARE on the row (the foreign
    key of the service they inserted), which FOR UPDATE waits for — a deadlock. SQLite
    already runs one writer at a time (BEGIN IMMEDIATE).
    """
    ids = sorted({int(i) for i in person_ids if i is not None})
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        connection.execute(
            select(Entrepreneur.id)
            .where(Entrepreneur.id.in_(chunk))
            .order_by(Entrepreneur.id)
            .with_for_update(key_share=True)
        )
        connection.execute(delete(ACCESS).where(ACCESS.c.entrepreneur_id.in_(chunk)))
        _insert_granted(connection, chunk)


def rebuild(connection: Connection) -> None:
    """Recompute the whole table (after a bulk load or a restore)."""
    connection.execute(delete(ACCESS))
    _insert_granted(connection, None)


def _value(obj: Any, key: str) -> Any:
    try:
        return getattr(obj, key)
    except ObjectDeletedError:
        return None


def _changed(obj: Any, keys: Iterable[str]) -> set[int]:
    """The person ids before and after, when one of `keys` changed in this flush."""
    state = inspect(obj)
    touched = False
    before: set[int] = set()
    for key in keys:
        history = attributes.get_history(obj, key, passive=attributes.PASSIVE_NO_INITIALIZE)
        if history.has_changes():
            touched = True
            if key == "entrepreneur_id":
                before.update(v for v in history.deleted if v is not None)
    if not touched:
        return set()
    person = obj.id if isinstance(obj, Entrepreneur) else state.dict.get("entrepreneur_id")
    return before | ({person} if person is not None else set())


def _people_of_event(session: Session, event_id: int) -> set[int]:
    rows = session.execute(
        select(Participation.entrepreneur_id).where(Participation.event_id == event_id)
    )
    return set(rows.scalars())


def people_touched(session: Session) -> set[int]:
    """People whose access may have changed in the flush that just ran."""
    people: set[int] = set()
    for obj in session.new:
        if isinstance(obj, Entrepreneur):
            people.add(obj.id)
        elif type(obj) in RELEVANT:
            people.add(obj.entrepreneur_id)
    for obj in session.deleted:  # a deleted person's rows go with it (ON DELETE CASCADE)
        if type(obj) in RELEVANT and not isinstance(obj, Entrepreneur):
            people.add(_value(obj, "entrepreneur_id"))
    for obj in session.dirty:
        keys = RELEVANT.get(type(obj))
        if keys:
            people |= _changed(obj, keys)
        elif (
            isinstance(obj, Event)
            # An organiser list never read cannot have changed: do not load it to ask.
            and attributes.get_history(
                obj, "organizer_links", passive=attributes.PASSIVE_NO_INITIALIZE
            ).has_changes()
        ):
            people |= _people_of_event(session, obj.id)
    people.discard(None)
    return people


def _refresh_after_flush(session: Session, _context: Any) -> None:
    """Registered on the Session class, like the audit hook: every session of the app."""
    people = people_touched(session)
    if people:
        refresh_people(session.connection(), people)


def register_hooks() -> None:
    """Install this module's flush hook on every Session; called once by the app factory
    (`red.services.hooks.register_flush_hooks`), where a reader of create_app sees it."""
    if not event.contains(Session, "after_flush", _refresh_after_flush):
        event.listen(Session, "after_flush", _refresh_after_flush)
