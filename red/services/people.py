"""People: one record per person (dedupe on document), consent (Ley 1581) and sensitive data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, object_session

from red.models import ConsentRecord, Entrepreneur, Venture
from red.models.base import utcnow
from red.services.calendar import local_today
from red.services.documents import DocumentError, normalise_document

SENSITIVE_FIELDS = ("ethnicity", "has_disability", "is_conflict_victim")
PERSON_FIELDS = (
    "first_names",
    "last_names",
    "email",
    "phone",
    "municipality_code",
    "address",
    "sex",
    "gender_identity",
    "birth_date",
)


class ConsentError(ValueError):
    """The authorisation the law requires is missing; the message is for the user."""


def find_person(session: Session, doc_type: str, doc_number: str) -> Entrepreneur | None:
    """The person with that document, or None. The number is validated and normalised first."""
    number = normalise_document(doc_type, doc_number)
    return _follow_merge(
        session,
        session.scalar(
            select(Entrepreneur).where(
                Entrepreneur.doc_type == doc_type, Entrepreneur.doc_number == number
            )
        ),
    )


def _follow_merge(session: Session, person: Entrepreneur | None) -> Entrepreneur | None:
    """A record merged into another answers with the one that survived."""
    seen = 0
    while person is not None and person.merged_into_id is not None and seen < 10:
        person = session.get(Entrepreneur, person.merged_into_id)
        seen += 1
    return person


@dataclass
class Registration:
    person: Entrepreneur
    created: bool


def register_person(
    session: Session,
    *,
    doc_type: str,
    doc_number: str,
    registered_by_actor_id: int | None = None,
    **fields: Any,
) -> Registration:
    """Return the existing person with this document, or create one. Never a duplicate.

    An existing record is not overwritten here (another actor's data could be lost);
    blank fields are filled in, and editing is a separate, versioned operation.
    """
    number = normalise_document(doc_type, doc_number)
    existing = _follow_merge(
        session,
        session.scalar(
            select(Entrepreneur).where(
                Entrepreneur.doc_type == doc_type, Entrepreneur.doc_number == number
            )
        ),
    )
    if existing is not None:
        for key in PERSON_FIELDS:
            if fields.get(key) not in (None, "") and getattr(existing, key) in (None, ""):
                setattr(existing, key, fields[key])
        return Registration(existing, created=False)
    person = Entrepreneur(
        doc_type=doc_type,
        doc_number=number,
        registered_by_actor_id=registered_by_actor_id,
        **{k: v for k, v in fields.items() if k in PERSON_FIELDS},
    )
    session.add(person)
    session.flush()
    return Registration(person, created=True)


def age_on(birth_date: date | None, today: date) -> int | None:
    if birth_date is None:
        return None
    years = today.year - birth_date.year
    if (today.month, today.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def record_consent(
    session: Session,
    person: Entrepreneur,
    *,
    channel: str,
    policy_version: str,
    purpose_attention: bool,
    purpose_statistics: bool = False,
    purpose_communications: bool = False,
    sensitive_data: bool = False,
    captured_by_user_id: int | None = None,
    actor_id: int | None = None,
    evidence: str | None = None,
    legal_representative: str | None = None,
    today: date | None = None,
) -> ConsentRecord:
    """Keep the proof of a Ley 1581 authorisation.

    Attention and referral within the network is the purpose every service needs; minors
    need their legal representative's authorisation (Decreto 1377, art. 12). `actor_id` is
    the organisation the person authorised: that consent is what lets it see the record.
    """
    if not purpose_attention:
        raise ConsentError(
            "Se necesita la autorización de tratamiento de datos para atención y remisión "
            "dentro de la Red (Ley 1581 de 2012)."
        )
    age = age_on(person.birth_date, today or local_today())
    if age is not None and age < 18 and not (legal_representative or "").strip():
        raise ConsentError(
            "La persona es menor de edad: escriba el nombre de su representante legal, "
            "quien da la autorización."
        )
    consent = ConsentRecord(
        entrepreneur=person,
        policy_version=policy_version,
        purpose_attention=purpose_attention,
        purpose_statistics=purpose_statistics,
        purpose_communications=purpose_communications,
        sensitive_data=sensitive_data,
        channel=channel,
        captured_at=utcnow(),
        captured_by_user_id=captured_by_user_id,
        actor_id=actor_id,
        evidence=evidence,
        legal_representative=(legal_representative or None),
    )
    session.add(consent)
    if sensitive_data:
        person.sensitive_consent = True
    session.flush()
    return consent


def set_sensitive_data(
    person: Entrepreneur, populations: list | None = None, **values: Any
) -> None:
    """Store sensitive data only under the person's explicit sensitive-data consent."""
    if not person.sensitive_consent:
        if any(v not in (None, "", False) for v in values.values()) or any(
            getattr(p, "sensitive", False) for p in (populations or [])
        ):
            raise ConsentError(
                "Los datos sensibles solo se guardan con la autorización expresa para datos "
                "sensibles."
            )
    for key in SENSITIVE_FIELDS:
        if key in values:
            setattr(person, key, values[key] if values[key] != "" else None)
    if populations is not None:
        person.populations = list(populations)


def has_valid_consent(person: Entrepreneur) -> bool:
    """A consent for attention on record and not revoked: read from the person's consents
    when the caller loaded them (their pages do), else asked of the database."""
    if "consents" not in inspect(person).unloaded:
        return any(c.purpose_attention and c.revoked_at is None for c in person.consents)
    return bool(
        object_session(person).scalar(
            select(ConsentRecord.id)
            .where(
                ConsentRecord.entrepreneur_id == person.id,
                ConsentRecord.purpose_attention.is_(True),
                ConsentRecord.revoked_at.is_(None),
            )
            .limit(1)
        )
    )


def register_with_consent(
    session: Session,
    *,
    doc_type: str,
    doc_number: str,
    channel: str,
    policy_version: str,
    purpose_statistics: bool = False,
    purpose_communications: bool = False,
    legal_representative: str | None = None,
    captured_by_user_id: int | None = None,
    registered_by_actor_id: int | None = None,
    **fields: Any,
) -> Entrepreneur:
    """The person with this document (created if new), with a consent on record.

    For sign-ups where the person has just ticked the authorisation: a consent is recorded
    only when none is on record yet.
    """
    person = register_person(
        session,
        doc_type=doc_type,
        doc_number=doc_number,
        registered_by_actor_id=registered_by_actor_id,
        **fields,
    ).person
    if not has_valid_consent(person):
        record_consent(
            session,
            person,
            channel=channel,
            policy_version=policy_version,
            purpose_attention=True,
            purpose_statistics=purpose_statistics,
            purpose_communications=purpose_communications,
            captured_by_user_id=captured_by_user_id,
            legal_representative=legal_representative,
        )
    return person


class PersonError(ValueError):
    """A correction that cannot be saved; `field` is the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def correct_person(
    session: Session, person: Entrepreneur, *, doc_type: str, doc_number: str, values: dict
) -> None:
    """Staff correct a person they may edit: the document stays valid and unique.

    Two records with one document would split a person's history between organisations,
    so a clash is refused and left to the administrator's merge, never overwritten.
    """
    try:
        number = normalise_document(doc_type, doc_number)
    except DocumentError as error:
        raise PersonError(str(error), "doc_number") from error
    other = find_person(session, doc_type, number)
    if other is not None and other.id != person.id:
        raise PersonError(
            "Ya existe otra persona con ese documento. Si son la misma, pida al "
            "administrador fusionar los registros.",
            "doc_number",
        )
    person.doc_type, person.doc_number = doc_type, number
    for key in PERSON_FIELDS:
        if key in values:
            setattr(person, key, values[key] or None)


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


def save_venture(
    session: Session, person: Entrepreneur, venture: Venture | None, values: dict
) -> Venture:
    """Create or update one of the person's ventures; a venture never changes owner.

    `venture`, when given, must have been loaded through the access layer as the person's own
    (`venture_for`); blank answers are stored as unknown (NULL), not as empty text.
    """
    if venture is None:
        venture = Venture(entrepreneur_id=person.id)
        session.add(venture)
    elif venture.entrepreneur_id != person.id:
        raise PersonError("Ese emprendimiento no es de esta persona.")
    for key in VENTURE_FIELDS:
        if key in values:
            setattr(venture, key, values[key] if values[key] != "" else None)
    return venture
