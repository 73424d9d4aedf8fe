"""Reaching a person through their say-so: register someone new, or link someone the network
already knows to the actor that now serves them.

A document number alone never opens a record (anybody can type anybody's number). To reach a
person its actor does not see yet, staff give the document **and** the names — and the birth
date where the record has one — and record the person's authorisation for their
organisation. That consent, naming the actor, is what grants access (person_access); the
organisations that already serve the person are told. Until the identity matches, nothing
about the stored record is revealed: the same message answers an unknown document and a
mismatch, and refused attempts are audited and throttled per user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from red.models import AuditEntry, Entrepreneur, PersonAccess
from red.models.base import utcnow
from red.permissions.people import can_see_person, is_open_record
from red.services.documents import normalise_document
from red.services.notifications import notify_actor_staff
from red.services.people import PERSON_FIELDS, record_consent
from red.text import fold

# Refused link attempts a user may make in an hour before the form stops trying.
MAX_REFUSED_LINKS_PER_HOUR = 20
REFUSED_LINK = "vinc_neg"  # audit action of a refused attempt (fits AuditEntry.action)

NO_MATCH = (
    "No encontramos a una persona con esos datos. Revise con la persona el tipo y el número "
    "de documento, y escriba sus nombres y apellidos completos (y su fecha de nacimiento) "
    "tal como aparecen en su documento de identidad."
)
TAKEN = (
    "No se puede registrar con ese documento: ya hay un registro en la Red con ese número y "
    "los datos no coinciden. Verifique con la persona su documento y sus nombres completos "
    "tal como aparecen en él; si es ella, use «Vincular persona»."
)
TOO_MANY = (
    "Hubo demasiados intentos sin coincidencia en la última hora. Espere un rato o pida "
    "ayuda al administrador de la Red."
)


class IdentityError(ValueError):
    """The identity could not be matched; the message is for the user and reveals nothing.

    `person_id` is for the audit log only (the record the document belongs to, if any)."""

    def __init__(self, message: str, person_id: int | None = None) -> None:
        super().__init__(message)
        self.person_id = person_id


@dataclass
class DeclaredIdentity:
    doc_type: str
    doc_number: str
    first_names: str
    last_names: str
    birth_date: date | None = None


@dataclass
class Authorisation:
    """The Ley 1581 authorisation the person gave, as staff captured it."""

    channel: str
    policy_version: str
    purpose_attention: bool
    purpose_statistics: bool = False
    purpose_communications: bool = False
    sensitive_data: bool = False
    evidence: str | None = None
    legal_representative: str | None = None
    captured_by_user_id: int | None = None
    today: date | None = None


@dataclass
class Outcome:
    person: Entrepreneur
    created: bool = False
    linked: bool = False
    notified_actor_ids: list[int] = field(default_factory=list)


def identity_matches(person: Entrepreneur, identity: DeclaredIdentity) -> bool:
    """Same names (accents, case and spaces aside) and, where the record has one, the same
    birth date. Stricter than a person's nickname on purpose: a near miss is a miss."""
    if fold(person.first_names) != fold(identity.first_names):
        return False
    if fold(person.last_names) != fold(identity.last_names):
        return False
    return person.birth_date is None or person.birth_date == identity.birth_date


def holder_of(session: Session, doc_type: str, number: str) -> Entrepreneur | None:
    """The record with this (normalised) document, following merges to the survivor."""
    person = session.scalar(
        select(Entrepreneur).where(
            Entrepreneur.doc_type == doc_type, Entrepreneur.doc_number == number
        )
    )
    seen = 0
    while person is not None and person.merged_into_id is not None and seen < 10:
        person = session.get(Entrepreneur, person.merged_into_id)
        seen += 1
    return person


def check_attempts_left(session: Session, user: Any) -> None:
    """Refuse once the user has had too many refused attempts in the last hour."""
    since = utcnow() - timedelta(hours=1)
    refused = session.scalar(
        select(func.count(AuditEntry.id)).where(
            AuditEntry.user_id == user.id,
            AuditEntry.action == REFUSED_LINK,
            AuditEntry.at >= since,
        )
    )
    if (refused or 0) >= MAX_REFUSED_LINKS_PER_HOUR:
        raise IdentityError(TOO_MANY)


def log_refused_link(session: Session, user: Any, error: IdentityError, doc_type: str) -> None:
    """Keep the refused attempt in the audit log (who, when, against which record).

    Called by the view after it rolled back the failed operation, then committed: a refused
    attempt must stay on record even though nothing else was written.
    """
    session.execute(
        insert(AuditEntry).values(
            at=utcnow(),
            user_id=user.id,
            actor_id=getattr(user, "actor_id", None),
            action=REFUSED_LINK,
            table_name="entrepreneurs",
            record_id=str(error.person_id) if error.person_id else None,
            old_values=None,
            new_values={"motivo": "identidad no coincide", "tipo_documento": doc_type},
        )
    )


def link_person(
    session: Session, user: Any, identity: DeclaredIdentity, authorisation: Authorisation
) -> Outcome:
    """Link a person the network knows to the user's actor, on the person's authorisation.

    Never creates a record and never writes the declared data into the existing one.
    """
    check_attempts_left(session, user)
    number = normalise_document(identity.doc_type, identity.doc_number)
    person = holder_of(session, identity.doc_type, number)
    if person is None or not is_open_record(person) or not identity_matches(person, identity):
        raise IdentityError(NO_MATCH, person.id if person is not None else None)
    if can_see_person(session, user, person):
        _record_authorisation(session, person, user, authorisation)
        return Outcome(person)
    return _link(session, person, user, authorisation)


def register_or_link(
    session: Session,
    user: Any,
    identity: DeclaredIdentity,
    authorisation: Authorisation,
    **fields: Any,
) -> Outcome:
    """Register a new person, or reach the existing holder of the document when the identity
    matches. A document that belongs to somebody else is refused, never attached."""
    check_attempts_left(session, user)
    number = normalise_document(identity.doc_type, identity.doc_number)
    person = holder_of(session, identity.doc_type, number)
    if person is None:
        person = _create(session, user, identity, number, fields)
        _record_authorisation(session, person, user, authorisation)
        return Outcome(person, created=True)
    visible = can_see_person(session, user, person)
    if not is_open_record(person) or not identity_matches(person, identity):
        if visible and is_open_record(person):
            raise IdentityError(
                f"Ese documento ya está registrado a nombre de {person.full_name} entre las "
                "personas de su organización. Revise el documento; si es la misma persona, "
                "corrija su registro.",
                person.id,
            )
        raise IdentityError(TAKEN, person.id)
    if visible:
        _record_authorisation(session, person, user, authorisation)
        return Outcome(person)
    return _link(session, person, user, authorisation)


def _create(
    session: Session, user: Any, identity: DeclaredIdentity, number: str, fields: dict
) -> Entrepreneur:
    values = {k: v for k, v in fields.items() if k in PERSON_FIELDS and v not in (None, "")}
    values.update(
        first_names=identity.first_names.strip(),
        last_names=identity.last_names.strip(),
        birth_date=identity.birth_date or values.get("birth_date"),
    )
    person = Entrepreneur(
        doc_type=identity.doc_type,
        doc_number=number,
        registered_by_actor_id=getattr(user, "actor_id", None),
        **values,
    )
    session.add(person)
    session.flush()
    return person


def _link(
    session: Session, person: Entrepreneur, user: Any, authorisation: Authorisation
) -> Outcome:
    """The authorisation names the user's actor: from now on it sees the person."""
    _record_authorisation(session, person, user, authorisation)
    told = tell_serving_actors(session, person, user)
    return Outcome(person, linked=True, notified_actor_ids=told)


def tell_serving_actors(session: Session, person: Entrepreneur, user: Any) -> list[int]:
    """An in-app notice to the other actors that serve the person: someone new reached the
    record. The notice names no personal data; its link applies the access rules again."""
    others = [
        actor_id
        for actor_id in session.scalars(
            select(PersonAccess.actor_id).where(PersonAccess.entrepreneur_id == person.id)
        )
        if actor_id != getattr(user, "actor_id", None)
    ]
    notify_actor_staff(
        session,
        others,
        kind="persona_vinculada",
        title="Otro actor de la Red vinculó a una persona que ustedes atienden",
        body=(
            f"{user.actor.display_name if user.actor else 'Un actor'} registró la "
            "autorización de la persona para atenderla. Vea quién la atiende en su registro."
        ),
        url=f"/emprendedores/{person.id}",
    )
    return others


def _record_authorisation(
    session: Session, person: Entrepreneur, user: Any, authorisation: Authorisation
) -> None:
    record_consent(
        session,
        person,
        channel=authorisation.channel,
        policy_version=authorisation.policy_version,
        purpose_attention=authorisation.purpose_attention,
        purpose_statistics=authorisation.purpose_statistics,
        purpose_communications=authorisation.purpose_communications,
        sensitive_data=authorisation.sensitive_data,
        captured_by_user_id=authorisation.captured_by_user_id or user.id,
        actor_id=getattr(user, "actor_id", None),
        evidence=authorisation.evidence,
        legal_representative=authorisation.legal_representative,
        today=authorisation.today,
    )
