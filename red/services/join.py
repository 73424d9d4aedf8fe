"""Ask to join a program from the public Ruta: a declaration and a referral waiting on it.

Everything is checked before anything is written, so an invalid document or a missing
authorisation leaves no trace. The form is open to anybody, who may type anybody's document:
so it never looks the document up, never writes into a person's record and never opens one.
What the person declared is kept as an identity claim (red/services/claims.py) and the
request becomes a referral from "Ruta (autogestión)" to the program's owner, waiting on that
claim; the answer is the same whether or not the document is known. The receiving actor
answers it in its inbox within the response window like any other referral, and confirms
who the person is when it meets them. A person logged in with their own account asks for
themselves: their request points at their own record at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from red.models import (
    Entrepreneur,
    PopulationGroup,
    Program,
    Referral,
    ReferralStatusChange,
    RouteStage,
    Sector,
    Venture,
)
from red.models.activity import REFERRAL_STATUSES
from red.services.calendar import local_today
from red.services.claims import Declaration, file_claim
from red.services.documents import normalise_document
from red.services.people import ConsentError, age_on, record_consent
from red.services.programs import places_left
from red.services.referrals import send_referral
from red.text import fold


class JoinError(ValueError):
    """The request cannot be taken; the message is for the person."""


@dataclass
class JoinRequest:
    """What the person typed in the form (already parsed, not yet validated by rules)."""

    doc_type: str
    doc_number: str
    first_names: str
    last_names: str
    need: str
    consent_attention: bool
    policy_version: str
    email: str | None = None
    phone: str | None = None
    municipality_code: str | None = None
    birth_date: date | None = None
    legal_representative: str | None = None
    consent_statistics: bool = False
    consent_communications: bool = False
    consent_sensitive: bool = False
    venture_name: str | None = None
    venture_stage_id: int | None = None
    venture_sector_id: int | None = None
    venture_is_formal: bool = False
    population_ids: list[int] = field(default_factory=list)
    ethnicity: str | None = None
    has_disability: bool | None = None
    is_conflict_victim: bool | None = None


def check_program_open(session: Session, program: Program, today: date) -> None:
    if program.status != "publicado":
        raise JoinError("Este programa no está recibiendo solicitudes.")
    if program.opens_on and program.opens_on > today:
        raise JoinError("La convocatoria de este programa aún no ha abierto.")
    if program.closes_on and program.closes_on < today:
        raise JoinError("La convocatoria de este programa ya cerró.")
    if places_left(session, [program]).get(program.id) == 0:
        raise JoinError("Este programa ya no tiene cupos disponibles.")


def _check_consent(data: JoinRequest, today: date) -> None:
    """The same rules record_consent applies, checked before anything is written."""
    if not data.consent_attention:
        raise ConsentError(
            "Para enviar su solicitud debe autorizar el tratamiento de sus datos personales "
            "(Ley 1581 de 2012)."
        )
    age = age_on(data.birth_date, today)
    if age is not None and age < 18 and not (data.legal_representative or "").strip():
        raise ConsentError(
            "Usted es menor de edad: escriba el nombre de su representante legal, "
            "quien da la autorización."
        )
    sensitive_values = (data.ethnicity, data.has_disability, data.is_conflict_victim)
    if not data.consent_sensitive and any(v not in (None, "", False) for v in sensitive_values):
        raise ConsentError(
            "Los datos sensibles solo se guardan si marca la autorización para datos sensibles."
        )


def request_to_join(
    session: Session,
    program: Program,
    data: JoinRequest,
    today: date | None = None,
    own_person: Entrepreneur | None = None,
) -> Referral:
    """Keep the declaration and refer it to the program's owner.

    `own_person` is the record of the logged-in entrepreneur asking for themselves (their
    document must be the one typed): then the referral points at it directly.
    """
    today = today or local_today()
    check_program_open(session, program, today)
    number = normalise_document(data.doc_type, data.doc_number)  # raises DocumentError first
    if not data.first_names.strip() or not data.last_names.strip():
        raise JoinError("Escriba sus nombres y apellidos.")
    if not (data.need or "").strip():
        raise JoinError("Cuéntenos qué necesita del programa.")
    _check_consent(data, today)
    populations = list(
        session.scalars(select(PopulationGroup).where(PopulationGroup.id.in_(data.population_ids)))
    )
    if not data.consent_sensitive and any(p.sensitive for p in populations):
        raise ConsentError(
            "Los grupos marcados como sensibles solo se guardan con la autorización para "
            "datos sensibles."
        )
    if own_person is not None and (own_person.doc_type, own_person.doc_number) == (
        data.doc_type,
        number,
    ):
        return _refer_own_record(session, program, data, own_person, today)
    claim = file_claim(session, "ruta", _declaration(data))
    return send_referral(
        session,
        person=None,
        claim=claim,
        to_actor_id=program.owner_id,
        program_id=program.id,
        need=data.need,
        source="ruta",
        from_actor_id=None,
        sent_on=today,
    )


def _declaration(data: JoinRequest) -> Declaration:
    return Declaration(
        doc_type=data.doc_type,
        doc_number=data.doc_number,
        first_names=data.first_names,
        last_names=data.last_names,
        policy_version=data.policy_version,
        email=data.email,
        phone=data.phone,
        municipality_code=data.municipality_code,
        birth_date=data.birth_date,
        legal_representative=data.legal_representative,
        consent_statistics=data.consent_statistics,
        consent_communications=data.consent_communications,
        consent_sensitive=data.consent_sensitive,
        ethnicity=data.ethnicity,
        has_disability=data.has_disability,
        is_conflict_victim=data.is_conflict_victim,
        venture_name=data.venture_name,
        venture_stage_id=data.venture_stage_id,
        venture_sector_id=data.venture_sector_id,
        venture_is_formal=data.venture_is_formal,
        population_ids=tuple(data.population_ids),
    )


def _refer_own_record(
    session: Session, program: Program, data: JoinRequest, person: Entrepreneur, today: date
) -> Referral:
    """The person, logged in, asks for themselves: their consent for this request and a
    referral of their own record. Their stored data is corrected in «Mis datos», not here."""
    record_consent(
        session,
        person,
        channel="web",
        policy_version=data.policy_version,
        purpose_attention=True,
        purpose_statistics=data.consent_statistics,
        purpose_communications=data.consent_communications,
        sensitive_data=data.consent_sensitive and person.sensitive_consent,
        actor_id=program.owner_id,
        evidence="Formulario «Quiero inscribirme» de la Ruta (con su cuenta)",
        today=today,
    )
    venture = _venture_for(session, person, data)
    return send_referral(
        session,
        person=person,
        to_actor_id=program.owner_id,
        program_id=program.id,
        venture_id=venture.id if venture else None,
        need=data.need,
        source="ruta",
        from_actor_id=None,
        sent_on=today,
    )


def _venture_for(session: Session, person: Entrepreneur, data: JoinRequest) -> Venture | None:
    """The person's venture with that name, or a new one; none when no name was given."""
    name = (data.venture_name or "").strip()
    if not name:
        return None
    existing = session.scalar(
        select(Venture).where(Venture.entrepreneur_id == person.id, Venture.name_norm == fold(name))
    )
    if existing is not None:
        return existing
    venture = Venture(
        entrepreneur_id=person.id,
        name=name,
        stage_id=data.venture_stage_id
        if data.venture_stage_id and session.get(RouteStage, data.venture_stage_id)
        else None,
        sector_id=data.venture_sector_id
        if data.venture_sector_id and session.get(Sector, data.venture_sector_id)
        else None,
        is_formal=data.venture_is_formal,
        municipality_code=data.municipality_code or None,
    )
    session.add(venture)
    session.flush()
    return venture


@dataclass
class TrackingView:
    """What the tracking page may show: status and dated steps, nothing about staff."""

    code: str
    program_name: str | None
    actor_name: str
    status: str
    status_label: str
    sent_at: object
    response_due_on: date
    steps: list[tuple[object, str]]


def track_request(session: Session, code: str, doc_number: str) -> TrackingView | None:
    """The referral with that code, if the document number matches; else None (no hint why)."""
    code = (code or "").strip().upper()
    if not code.startswith("R-"):
        code = f"R-{code}"
    digits = "".join(ch for ch in (doc_number or "").upper() if ch.isalnum())
    if not digits:
        return None
    referral = session.scalar(
        select(Referral)
        .where(Referral.code == code)
        .options(selectinload(Referral.entrepreneur), selectinload(Referral.claim))
    )
    if referral is None:
        return None
    # The document typed on the request, or the record's once staff confirmed who it is.
    holders = [h for h in (referral.claim, referral.entrepreneur) if h is not None]
    stored = {"".join(ch for ch in h.doc_number.upper() if ch.isalnum()) for h in holders}
    if digits not in stored:
        return None
    changes = session.scalars(
        select(ReferralStatusChange)
        .where(ReferralStatusChange.referral_id == referral.id)
        .order_by(ReferralStatusChange.at, ReferralStatusChange.id)
    ).all()
    program = session.get(Program, referral.program_id) if referral.program_id else None
    from red.models import Actor

    actor = session.get(Actor, referral.to_actor_id)
    return TrackingView(
        code=referral.code,
        program_name=program.name if program else None,
        actor_name=actor.display_name if actor else "",
        status=referral.status,
        status_label=REFERRAL_STATUSES[referral.status],
        sent_at=referral.sent_at,
        response_due_on=referral.response_due_on,
        steps=[(c.at, REFERRAL_STATUSES.get(c.to_status, c.to_status)) for c in changes],
    )
