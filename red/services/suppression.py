"""Supresión (Ley 1581 de 2012): erase a person from everything Red keeps.

The rows that feed the network's figures stay (services, referrals, participations,
ventures, consents, rights requests), so aggregate counts do not change; what identifies the
person goes: their record and any duplicate merged into it, venture names, free text written
about them in those rows, their account, the audit log's values about all those rows (the
entries keep who, when and what action), the people-search index and its freed pages.
tests/test_suppression.py dumps every column of every table afterwards.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_, select, text, update
from sqlalchemy.orm import Session, selectinload

from red.models import (
    AuditEntry,
    ConsentRecord,
    Entrepreneur,
    IdentityClaim,
    LoginFailure,
    Participation,
    Referral,
    ReferralStatusChange,
    RightsRequest,
    RoundMeeting,
    ServiceRecord,
    User,
    Venture,
)
from red.models.base import utcnow
from red.services.accounts import revoke_sessions

SUPPRESSED = "[suprimido]"


def anonymise_person(session: Session, person: Entrepreneur) -> None:
    """Erase what identifies the person; keep the rows that feed counts. Flushes."""
    if person.anonymized_at is not None:
        return
    _zero_freed_pages(session)
    people = [person, *_merged_into(session, person)]
    # The erasure empties their population groups: load them, for all, in one query.
    session.scalars(
        select(Entrepreneur)
        .where(Entrepreneur.id.in_([p.id for p in people]))
        .options(selectinload(Entrepreneur.populations))
    ).all()
    rows: dict[str, set[Any]] = {}
    for someone in people:
        _erase_record(someone)
        rows.setdefault("entrepreneurs", set()).add(someone.id)
    for model, fields in _FREE_TEXT.items():
        for record in _rows_of(session, model, people):
            for field in fields:
                if getattr(record, field) is not None:
                    setattr(record, field, SUPPRESSED)
            rows.setdefault(model.__tablename__, set()).add(record.id)
    _related_rows(session, rows)
    for venture in _rows_of(session, Venture, people):
        venture.name, venture.nit, venture.description = "Emprendimiento anonimizado", None, None
        rows.setdefault("ventures", set()).add(venture.id)
    for consent in _rows_of(session, ConsentRecord, people):
        consent.revoked_at = consent.revoked_at or utcnow()
    rows["identity_claims"] = _erase_claims(session, people)
    rows["users"] = _erase_accounts(session, people)
    session.flush()  # the audit hook records these changes, old values included…
    _scrub_audit(session, rows)  # …so the values of every entry about these rows go last
    _compact_search_index(session)


def _merged_into(session: Session, person: Entrepreneur) -> list[Entrepreneur]:
    """Duplicates folded into this record (and into those, recursively)."""
    found, frontier = [], [person.id]
    while frontier:
        batch = session.scalars(
            select(Entrepreneur).where(Entrepreneur.merged_into_id.in_(frontier))
        ).all()
        found.extend(batch)
        frontier = [p.id for p in batch]
    return found


def _erase_record(person: Entrepreneur) -> None:
    person.first_names = "Persona"
    person.last_names = "anonimizada"
    person.doc_number = f"X{person.id}"
    for field in ("email", "phone", "address", "gender_identity", "birth_date"):
        setattr(person, field, None)
    for field in ("ethnicity", "has_disability", "is_conflict_victim"):
        setattr(person, field, None)
    person.sensitive_consent = False
    person.populations = []
    person.claim_in_progress = False
    person.anonymized_at = utcnow()


# Free text people wrote about the person in the rows that stay: a text that was there
# becomes SUPPRESSED (a rejected referral, say, still has a reason, just not readable).
_FREE_TEXT = {
    ServiceRecord: ("outcome", "notes"),
    Referral: ("need", "rejection_reason"),
    Participation: ("offer", "notes"),
    RightsRequest: ("description", "response"),
    ConsentRecord: ("evidence", "legal_representative"),
}


def _rows_of(session: Session, model, people: list[Entrepreneur]) -> list[Any]:
    ids = [p.id for p in people]
    return list(session.scalars(select(model).where(model.entrepreneur_id.in_(ids))))


def _erase_claims(session: Session, people: list[Entrepreneur]) -> set[Any]:
    """What the person declared on public forms (join requests, event sign-ups) that staff
    confirmed as theirs, and the declarations their referrals and registrations waited on."""
    ids = [p.id for p in people]
    waited_on = (
        select(Referral.claim_id)
        .where(Referral.entrepreneur_id.in_(ids))
        .union(select(Participation.claim_id).where(Participation.entrepreneur_id.in_(ids)))
    )
    claims = session.scalars(
        select(IdentityClaim)
        .where(or_(IdentityClaim.entrepreneur_id.in_(ids), IdentityClaim.id.in_(waited_on)))
        .options(selectinload(IdentityClaim.populations))  # emptied below
    ).all()
    for claim in claims:
        claim.first_names, claim.last_names = "Persona", "anonimizada"
        claim.doc_number = f"X{claim.id}"
        for field in _CLAIM_FIELDS:
            setattr(claim, field, None)
        claim.populations = []
    return {c.id for c in claims}


_CLAIM_FIELDS = (
    "email",
    "phone",
    "municipality_code",
    "birth_date",
    "legal_representative",
    "ethnicity",
    "has_disability",
    "is_conflict_victim",
    "venture_name",
)


def _erase_accounts(session: Session, people: list[Entrepreneur]) -> set[Any]:
    accounts = session.scalars(
        select(User).where(User.entrepreneur_id.in_([p.id for p in people]))
    ).all()
    for account in accounts:
        session.execute(delete(LoginFailure).where(LoginFailure.email == account.email))
        account.email = f"suprimido-{account.id}@red.invalid"
        account.full_name = "Persona anonimizada"
        account.active = False
        account.totp_secret = None
        revoke_sessions(account)
    return {a.id for a in accounts}


def _related_rows(session: Session, rows: dict[str, set[Any]]) -> None:
    """Rows hanging from the person's rows: status history and business-round results."""
    referrals = rows.get("referrals", set())
    if referrals:
        changes = session.scalars(
            select(ReferralStatusChange).where(ReferralStatusChange.referral_id.in_(referrals))
        ).all()
        for change in changes:
            change.comment = SUPPRESSED if change.comment else None
        rows["referral_status_changes"] = {c.id for c in changes}
    participations = rows.get("participations", set())
    if participations:
        meetings = session.scalars(
            select(RoundMeeting).where(
                or_(
                    RoundMeeting.first_id.in_(participations),
                    RoundMeeting.second_id.in_(participations),
                )
            )
        ).all()
        for meeting in meetings:
            meeting.result_notes = SUPPRESSED if meeting.result_notes else None
        rows["round_meetings"] = {m.id for m in meetings}


# What an entry keeps besides who and when: which records (ids), the moments (…_at, …_on)
# and the states a record went through. Everything else is a value about the person.
KEPT_KEYS = {"id", "status", "from_status", "to_status", "kind", "source", "channel", "role"}
KEPT_SUFFIXES = ("_id", "_at", "_on")


def _scrub_values(values: dict | None) -> dict | None:
    """Keep the keys (what changed); the personal values become SUPPRESSED."""
    if not values:
        return values
    return {
        key: value
        if value is None or key in KEPT_KEYS or key.endswith(KEPT_SUFFIXES)
        else SUPPRESSED
        for key, value in values.items()
    }


def _scrub_audit(session: Session, rows: dict[str, set[Any]]) -> None:
    for table, ids in rows.items():
        if not ids:
            continue
        entries = session.execute(
            select(AuditEntry.id, AuditEntry.old_values, AuditEntry.new_values).where(
                AuditEntry.table_name == table,
                AuditEntry.record_id.in_([str(i) for i in ids]),
            )
        ).all()
        for entry_id, old, new in entries:
            session.execute(
                update(AuditEntry)
                .where(AuditEntry.id == entry_id)
                .values(old_values=_scrub_values(old), new_values=_scrub_values(new))
            )


def _zero_freed_pages(session: Session) -> None:
    """SQLite keeps the bytes of deleted and moved rows in free pages; from now on this
    connection overwrites them with zeros."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.execute(text("PRAGMA secure_delete = ON"))


def _compact_search_index(session: Session) -> None:
    """SQLite: the FTS5 index keeps replaced entries in its segments until they merge;
    'optimize' rewrites it now. PostgreSQL: old row versions and their pg_trgm entries go at
    the next (auto)vacuum."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.execute(text("INSERT INTO people_search (people_search) VALUES ('optimize')"))
