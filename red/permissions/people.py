"""Personal data: who may see a person's record, and the loaders every view uses to reach one.

Ley 1581 lets a member see a person's record only for attention within the network, and only
with the person's say-so: the people its actor registered, served, referred or received,
had at one of its events, or whose authorisation its staff recorded. That relation is kept
in the derived `person_access` table (red/services/person_access.py). The núcleo sees
aggregates only; the admin sees everybody; an entrepreneur's account sees its own record.

Every id or document number that names a person goes through `person_for` or
`person_by_document_for` before anything is read or written: an actor that cannot see the
person gets a 404 (or `None` for a document), the same answer as for a person that does not
exist, so neither the record nor its existence leaks. Reaching a person the actor does not
see yet is a separate, explicit step (red/services/identity.py: `link_person`).
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, exists, false, select, true
from sqlalchemy.orm import Session, joinedload, selectinload

from red.extensions import db
from red.models import Entrepreneur, PersonAccess, Venture
from red.permissions import STAFF, STAFF_OR_ADMIN, has_role, is_admin
from red.services.bounds import as_id
from red.services.documents import normalise_document

# What a loader is asked to allow. "view" reads the record; "edit" corrects it; "serve"
# writes a fact about the person (a service, a referral, a registration, a consent).
ACTIONS = ("view", "edit", "serve")


def actor_people_ids(actor_id: int) -> Select:
    """Ids of every person an actor has a legitimate relation with."""
    return select(PersonAccess.entrepreneur_id).where(PersonAccess.actor_id == actor_id)


def actor_relation_exists(actor_id: int) -> ColumnElement[bool]:
    """The same relation, tested on each row: one primary-key probe per candidate."""
    return exists().where(
        PersonAccess.actor_id == actor_id, PersonAccess.entrepreneur_id == Entrepreneur.id
    )


def visible_people_clause(user: Any, *, narrowed: bool = False) -> ColumnElement[bool]:
    """WHERE clause limiting Entrepreneur rows to those the user may see personally.

    `narrowed` says other conditions already select few rows (a text search): then the
    per-row EXISTS form is faster than the actor's whole set. Both say the same thing.
    """
    if is_admin(user):
        return true()
    if has_role(user, STAFF) and user.actor_id is not None:
        if narrowed:
            return actor_relation_exists(user.actor_id)
        return Entrepreneur.id.in_(actor_people_ids(user.actor_id))
    if has_role(user, ("entrepreneur",)) and user.entrepreneur_id is not None:
        return Entrepreneur.id == user.entrepreneur_id
    return false()


def can_see_person(session: Session, user: Any, person: Entrepreneur) -> bool:
    if is_admin(user):
        return True
    return (
        session.scalar(
            select(Entrepreneur.id).where(
                Entrepreneur.id == person.id, visible_people_clause(user, narrowed=True)
            )
        )
        is not None
    )


def visible_person(
    session: Session, user: Any, person_id: int, options: tuple = ()
) -> Entrepreneur | None:
    """The person with this id if the user may see them, else None: the record and the
    relation in ONE statement (loading it and then testing `can_see_person` was two on every
    person page). `options` are loader options for the page's own needs."""
    # A query, not session.get, even for an admin: the options also fill what an already
    # loaded object lacks (relationships never load themselves, red/models/base.py).
    visible = true() if is_admin(user) else visible_people_clause(user, narrowed=True)
    return session.scalar(
        select(Entrepreneur).where(Entrepreneur.id == person_id, visible).options(*options)
    )


def is_open_record(person: Entrepreneur) -> bool:
    """An anonymised or merged-away record takes no new facts and no corrections."""
    return person.anonymized_at is None and person.merged_into_id is None


def _may_edit_seen(user: Any, person: Entrepreneur) -> bool:
    """The edit rule for a person the user is already known to see."""
    return is_open_record(person) and has_role(user, STAFF_OR_ADMIN)


def _may_serve_seen(user: Any, person: Entrepreneur) -> bool:
    """The serve rule for a person the user is already known to see."""
    return is_open_record(person) and has_role(user, STAFF) and user.actor_id is not None


def can_edit_person(session: Session, user: Any, person: Entrepreneur) -> bool:
    """Staff of an actor related to the person (or an admin) may correct the record."""
    return _may_edit_seen(user, person) and can_see_person(session, user, person)


def can_serve_person(session: Session, user: Any, person: Entrepreneur) -> bool:
    """Write a fact about the person for the user's actor: it must already see them."""
    return _may_serve_seen(user, person) and can_see_person(session, user, person)


# What a person's pages show with the record (detail, forms, consent checks): a few rows
# each, one query per collection, instead of a lazy load that raises (red/models/base.py).
PERSON_RECORD = (
    selectinload(Entrepreneur.consents),
    selectinload(Entrepreneur.ventures).joinedload(Venture.stage),
    selectinload(Entrepreneur.populations),
    joinedload(Entrepreneur.municipality),
)


def record_of(person_id: int, options: tuple = ()) -> Entrepreneur | None:
    """The person with what `options` load; a query, not session.get, so the options also
    fill what an already loaded object lacks."""
    return db.session.scalar(
        select(Entrepreneur).where(Entrepreneur.id == person_id).options(*options)
    )


def person_for(person_id: Any, action: str = "view", user: Any = None) -> Entrepreneur:
    """The person with this id, if the user may do `action` to them; else 404 (or 403).

    404 when the user may not see the person at all (the same answer as for an id that does
    not exist); 403 when they see the record but the action is refused (anonymised, merged
    away, or a role that cannot write).
    """
    if action not in ACTIONS:
        raise ValueError(f"person_for(): unknown action {action!r}")
    user = current_user if user is None else user
    person = visible_person(db.session, user, _as_id(person_id), PERSON_RECORD)
    if person is None:
        abort(404)
    if action == "edit" and not _may_edit_seen(user, person):
        abort(403)
    if action == "serve" and not _may_serve_seen(user, person):
        abort(403)
    return person


def person_page_for(
    person_id: Any, options: tuple = (), user: Any = None
) -> tuple[Entrepreneur, bool]:
    """The person (as `person_for(person_id)`: 404 when the user may not see them) and whether
    the user may also edit the record, both from the one visibility check."""
    user = current_user if user is None else user
    person = visible_person(db.session, user, _as_id(person_id), options)
    if person is None:
        abort(404)
    return person, _may_edit_seen(user, person)


def find_person_for(person_id: Any, user: Any = None) -> Entrepreneur | None:
    """The person with this id if the user may see them, else None (blank, unknown, hidden)."""
    if person_id in (None, ""):
        return None
    user = current_user if user is None else user
    try:
        wanted = as_id(str(person_id).strip())
    except (TypeError, ValueError):
        return None
    return visible_person(db.session, user, wanted, PERSON_RECORD)


def person_by_document_for(doc_type: str, doc_number: str, user: Any = None) -> Entrepreneur | None:
    """The person with this document among those the user sees, else None.

    None both when nobody has the document and when the user may not see its holder: the
    caller says the same thing in both cases. Raises DocumentError for an invalid number.
    """
    user = current_user if user is None else user
    number = normalise_document(doc_type, doc_number)
    return db.session.scalar(
        select(Entrepreneur).where(
            Entrepreneur.doc_type == doc_type,
            Entrepreneur.doc_number == number,
            Entrepreneur.merged_into_id.is_(None),
            visible_people_clause(user, narrowed=True),
        )
    )


def venture_for(person: Entrepreneur, venture_id: Any) -> Venture:
    """A venture of this (already authorised) person; 404 for anybody else's."""
    venture = db.session.get(Venture, _as_id(venture_id))
    if venture is None or venture.entrepreneur_id != person.id:
        abort(404)
    return venture


def optional_venture_for(person: Entrepreneur, venture_id: Any) -> Venture | None:
    """The same for an optional field: blank is None, a foreign id is still a 404."""
    if venture_id in (None, "", 0, "0"):
        return None
    return venture_for(person, venture_id)


def _as_id(value: Any) -> int:
    """An id from anywhere (URL, form, JSON): a positive integer a column can hold, else 404."""
    try:
        return as_id(str(value).strip())
    except (TypeError, ValueError):
        abort(404)
