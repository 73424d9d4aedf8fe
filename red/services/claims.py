"""Identity claims: what a person declared on a public form, until staff confirm who they are.

The public forms (asking to join a program, signing up for an event) are open to anybody,
who may type anybody's document number. So they never write into a person's record and
never open one: the declaration is kept as an IdentityClaim, and the referral or the
registration waits on it. The receiving actor's staff, who meet the person and see their
document, confirm the identity with the same rule as «Vincular persona»
(red/services/identity.py): a new document becomes a new record; a known one is linked only
when the names (and birth date) match. Then the declared data that differs from the record
is offered as proposed changes, which staff apply field by field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from red.models import (
    Entrepreneur,
    IdentityClaim,
    Participation,
    PopulationGroup,
    Referral,
    RouteStage,
    Sector,
    Venture,
)
from red.models.base import utcnow
from red.models.people import identity_claim_populations
from red.permissions.people import can_see_person, is_open_record
from red.services import identity
from red.services.calendar import local_today
from red.services.documents import normalise_document
from red.services.people import (
    SENSITIVE_FIELDS,
    ConsentError,
    age_on,
    record_consent,
    set_sensitive_data,
)
from red.text import fold

CLAIM_MISMATCH = (
    "Los datos no coinciden con el registro que la Red tiene de ese documento. Verifique con "
    "la persona su documento de identidad y corrija arriba el número o los nombres tal como "
    "aparecen en él; si no es posible confirmar quién es, no confirme la identidad."
)


@dataclass
class Declaration:
    """What a public form carries about the person (already parsed)."""

    doc_type: str
    doc_number: str
    first_names: str
    last_names: str
    policy_version: str
    email: str | None = None
    phone: str | None = None
    municipality_code: str | None = None
    birth_date: date | None = None
    legal_representative: str | None = None
    consent_statistics: bool = False
    consent_communications: bool = False
    consent_sensitive: bool = False
    ethnicity: str | None = None
    has_disability: bool | None = None
    is_conflict_victim: bool | None = None
    venture_name: str | None = None
    venture_stage_id: int | None = None
    venture_sector_id: int | None = None
    venture_is_formal: bool = False
    population_ids: tuple[int, ...] = ()


def file_claim(session: Session, source: str, data: Declaration) -> IdentityClaim:
    """Keep a declaration apart from the registry; nothing about any record is looked up.

    Minors need their legal representative's authorisation (Decreto 1377, art. 12), checked
    here as record_consent would, before anything is written.
    """
    age = age_on(data.birth_date, local_today())
    if age is not None and age < 18 and not (data.legal_representative or "").strip():
        raise ConsentError(
            "La persona es menor de edad: escriba el nombre de su representante legal, "
            "quien da la autorización."
        )
    claim = IdentityClaim(
        source=source,
        doc_type=data.doc_type,
        doc_number=normalise_document(data.doc_type, data.doc_number),
        first_names=data.first_names.strip(),
        last_names=data.last_names.strip(),
        email=_blank_none(data.email),
        phone=_blank_none(data.phone),
        municipality_code=data.municipality_code or None,
        birth_date=data.birth_date,
        legal_representative=_blank_none(data.legal_representative),
        policy_version=data.policy_version,
        consent_statistics=data.consent_statistics,
        consent_communications=data.consent_communications,
        consent_sensitive=data.consent_sensitive,
        venture_name=_blank_none(data.venture_name),
        venture_stage_id=_known(session, RouteStage, data.venture_stage_id),
        venture_sector_id=_known(session, Sector, data.venture_sector_id),
        venture_is_formal=data.venture_is_formal,
    )
    if data.consent_sensitive:
        claim.ethnicity = _blank_none(data.ethnicity)
        claim.has_disability = data.has_disability
        claim.is_conflict_victim = data.is_conflict_victim
    if data.population_ids:
        claim.populations = list(
            session.scalars(
                select(PopulationGroup).where(PopulationGroup.id.in_(data.population_ids))
            )
        )
    session.add(claim)
    session.flush()
    return claim


def _blank_none(value: str | None) -> str | None:
    return (value or "").strip() or None


def _known(session: Session, model: Any, key: int | None) -> int | None:
    return key if key and session.get(model, key) is not None else None


def declared_identity(claim: IdentityClaim) -> identity.DeclaredIdentity:
    return identity.DeclaredIdentity(
        doc_type=claim.doc_type,
        doc_number=claim.doc_number,
        first_names=claim.first_names,
        last_names=claim.last_names,
        birth_date=claim.birth_date,
    )


def confirm_claim(
    session: Session, user: Any, claim: IdentityClaim, checked: identity.DeclaredIdentity
) -> identity.Outcome:
    """Staff saw the person's document: `checked` is the identity as it shows it (they may
    correct what was typed on the form). A new document becomes a record; a known one is
    linked only when it matches. Everything waiting on the claim then points at the person.
    """
    if claim.is_confirmed:
        raise identity.IdentityError("Esta identidad ya fue confirmada.")
    identity.check_attempts_left(session, user)
    number = normalise_document(checked.doc_type, checked.doc_number)
    claim.doc_type, claim.doc_number = checked.doc_type, number
    claim.first_names, claim.last_names = checked.first_names.strip(), checked.last_names.strip()
    claim.birth_date = checked.birth_date or claim.birth_date
    person = identity.holder_of(session, claim.doc_type, number)
    if person is None:
        outcome = identity.Outcome(_create_from(session, user, claim), created=True)
    elif not is_open_record(person) or not identity.identity_matches(person, checked):
        raise identity.IdentityError(CLAIM_MISMATCH, person.id)
    elif can_see_person(session, user, person):
        outcome = identity.Outcome(person)
    else:
        outcome = identity.Outcome(person, linked=True)
    _record_web_consent(session, outcome.person, user, claim)
    if outcome.linked:
        identity.tell_serving_actors(session, outcome.person, user)
    _point_at(session, claim, outcome.person)
    claim.entrepreneur_id = outcome.person.id
    claim.confirmed_at, claim.confirmed_by_user_id = utcnow(), user.id
    if outcome.created:
        claim.changes_reviewed_at = claim.confirmed_at  # nothing to compare with
    session.flush()
    return outcome


def _create_from(session: Session, user: Any, claim: IdentityClaim) -> Entrepreneur:
    person = Entrepreneur(
        doc_type=claim.doc_type,
        doc_number=claim.doc_number,
        first_names=claim.first_names,
        last_names=claim.last_names,
        email=claim.email,
        phone=claim.phone,
        municipality_code=claim.municipality_code,
        birth_date=claim.birth_date,
        registered_by_actor_id=getattr(user, "actor_id", None),
        populations=[],  # a new record: nothing to load before the groups are set
    )
    session.add(person)
    session.flush()
    declared = _declared_populations(session, claim)
    if claim.consent_sensitive:
        person.sensitive_consent = True
        set_sensitive_data(
            person,
            populations=declared,
            **{key: getattr(claim, key) for key in SENSITIVE_FIELDS},
        )
    elif declared:
        set_sensitive_data(person, populations=[p for p in declared if not p.sensitive])
    return person


def _declared_populations(session: Session, claim: IdentityClaim) -> list[PopulationGroup]:
    """The groups the person declared on the public form, read explicitly (relationships
    never lazy-load: red/models/base.py)."""
    return list(
        session.scalars(
            select(PopulationGroup)
            .join(identity_claim_populations)
            .where(identity_claim_populations.c.claim_id == claim.id)
            .order_by(PopulationGroup.id)
        )
    )


def _record_web_consent(
    session: Session, person: Entrepreneur, user: Any, claim: IdentityClaim
) -> None:
    """The authorisation the person gave on the public form, now that we know it was them;
    it names the actor that confirmed the identity."""
    record_consent(
        session,
        person,
        channel="web",
        policy_version=claim.policy_version,
        purpose_attention=True,
        purpose_statistics=claim.consent_statistics,
        purpose_communications=claim.consent_communications,
        sensitive_data=claim.consent_sensitive,
        actor_id=getattr(user, "actor_id", None),
        evidence=(
            f"{_source_label(claim)} del {claim.created_at:%d/%m/%Y}; identidad confirmada "
            f"por {user.full_name}"
        )[:300],
        legal_representative=claim.legal_representative,
    )


def _source_label(claim: IdentityClaim) -> str:
    return (
        "Solicitud «Quiero inscribirme» de la Ruta"
        if claim.source == "ruta"
        else ("Inscripción pública a un evento")
    )


def _point_at(session: Session, claim: IdentityClaim, person: Entrepreneur) -> None:
    """Referrals and registrations waiting on the claim now belong to the person."""
    venture = _venture_of(session, person, claim)
    for referral in session.scalars(select(Referral).where(Referral.claim_id == claim.id)):
        referral.entrepreneur_id = person.id
        if referral.venture_id is None and venture is not None:
            referral.venture_id = venture.id
    for participation in session.scalars(
        select(Participation).where(Participation.claim_id == claim.id)
    ):
        already = session.scalar(
            select(Participation).where(
                Participation.event_id == participation.event_id,
                Participation.entrepreneur_id == person.id,
            )
        )
        if already is not None:  # registered twice: the earlier registration stays
            session.delete(participation)
            continue
        participation.entrepreneur_id = person.id
        if participation.venture_id is None and venture is not None:
            participation.venture_id = venture.id


def _venture_of(session: Session, person: Entrepreneur, claim: IdentityClaim) -> Venture | None:
    """The person's venture with the declared name, or a new one; none without a name."""
    if not claim.venture_name:
        return None
    existing = session.scalar(
        select(Venture).where(
            Venture.entrepreneur_id == person.id, Venture.name_norm == fold(claim.venture_name)
        )
    )
    if existing is not None:
        return existing
    venture = Venture(
        entrepreneur_id=person.id,
        name=claim.venture_name,
        stage_id=claim.venture_stage_id,
        sector_id=claim.venture_sector_id,
        is_formal=claim.venture_is_formal,
        municipality_code=claim.municipality_code,
    )
    session.add(venture)
    session.flush()
    return venture


# --- proposed changes --------------------------------------------------------------------

CHANGEABLE = {
    "email": "Correo electrónico",
    "phone": "Teléfono",
    "municipality_code": "Municipio",
    "birth_date": "Fecha de nacimiento",
}
SENSITIVE_CHANGEABLE = {
    "ethnicity": "Pertenencia étnica",
    "has_disability": "Persona con discapacidad",
    "is_conflict_victim": "Víctima del conflicto armado",
}


@dataclass
class ProposedChange:
    field: str
    label: str
    current: Any
    declared: Any


def proposed_changes(claim: IdentityClaim) -> list[ProposedChange]:
    """Declared values that differ from the linked record, once, until staff review them."""
    person = claim.entrepreneur
    if person is None or claim.changes_reviewed_at is not None:
        return []
    fields = dict(CHANGEABLE)
    if claim.consent_sensitive and person.sensitive_consent:
        fields.update(SENSITIVE_CHANGEABLE)
    changes = []
    for key, label in fields.items():
        declared, current = getattr(claim, key), getattr(person, key)
        if declared not in (None, "") and declared != current:
            changes.append(ProposedChange(key, label, current, declared))
    return changes


def apply_changes(session: Session, claim: IdentityClaim, fields: list[str]) -> list[str]:
    """Copy the chosen declared values into the record; the review is then over."""
    person = claim.entrepreneur
    if person is None or not is_open_record(person):
        raise identity.IdentityError("Confirme primero la identidad de la persona.")
    offered = {change.field: change for change in proposed_changes(claim)}
    applied = [field for field in fields if field in offered]
    for field in applied:
        if field in SENSITIVE_CHANGEABLE:
            set_sensitive_data(person, **{field: offered[field].declared})
        else:
            setattr(person, field, offered[field].declared)
    claim.changes_reviewed_at = utcnow()
    session.flush()
    return applied
