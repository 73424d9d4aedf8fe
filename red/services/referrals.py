"""Referrals (remisiones): sending, and the one state machine every transition goes through."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from red.models import (
    Entrepreneur,
    IdentityClaim,
    Program,
    Referral,
    ReferralStatusChange,
    ScorecardVersion,
)
from red.models.activity import REFERRAL_STATUSES
from red.models.base import utcnow
from red.models.governance import DEFAULT_SCORECARD
from red.services.calendar import BOGOTA, add_business_days, local_today
from red.services.people import has_valid_consent

# Who may follow whom. Terminal states have no way out here (reopening is its own rule).
TRANSITIONS: dict[str, frozenset[str]] = {
    "enviada": frozenset({"aceptada", "rechazada", "cerrada_sin_atencion"}),
    "aceptada": frozenset({"en_atencion", "completada", "cerrada_sin_atencion"}),
    "en_atencion": frozenset({"completada", "cerrada_sin_atencion"}),
    "completada": frozenset(),
    "rechazada": frozenset(),
    "cerrada_sin_atencion": frozenset(),
}
ANSWERS = frozenset({"aceptada", "rechazada"})
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class ReferralError(ValueError):
    """An illegal referral operation; the message is for the user.

    `field` names the form field the message belongs next to, when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def current_scorecard(session: Session) -> ScorecardVersion | None:
    return session.scalar(select(ScorecardVersion).order_by(ScorecardVersion.id.desc()).limit(1))


def response_window_days(session: Session) -> int:
    version = current_scorecard(session)
    settings = version.settings if version else DEFAULT_SCORECARD
    return int(settings.get("response_window_days", DEFAULT_SCORECARD["response_window_days"]))


def new_tracking_code() -> str:
    """Short code a person can read over the phone: no 0/O or 1/I."""
    return "R-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


def send_referral(
    session: Session,
    *,
    person: Entrepreneur | None,
    to_actor_id: int,
    need: str,
    source: str = "actor",
    from_actor_id: int | None = None,
    program_id: int | None = None,
    venture_id: int | None = None,
    user_id: int | None = None,
    sent_on: date | None = None,
    parent_id: int | None = None,
    claim: IdentityClaim | None = None,
) -> Referral:
    """Create a referral in state `enviada` with its response deadline (business days).

    Sending records that the person authorised sharing their data with the receiving
    actor (Ley 1581): the caller must have checked or captured that authorisation, and
    reached `person` through the access layer. A request from the public Ruta has no person
    yet, only the `claim` of who they said they are.
    """
    if person is None and claim is None:
        raise ReferralError("Falta la persona remitida.")
    if not (need or "").strip():
        raise ReferralError("Describa la necesidad de la persona.")
    if source == "actor" and from_actor_id is None:
        raise ReferralError("Falta el actor que remite.")
    if from_actor_id is not None and from_actor_id == to_actor_id:
        raise ReferralError("Un actor no puede remitirse una persona a sí mismo.")
    now = utcnow()
    today = sent_on or local_today()
    referral = Referral(
        code=new_tracking_code(),
        entrepreneur_id=person.id if person is not None else None,
        claim_id=claim.id if claim is not None else None,
        venture_id=venture_id,
        source=source,
        from_actor_id=from_actor_id,
        to_actor_id=to_actor_id,
        program_id=program_id,
        need=need.strip(),
        status="enviada",
        sent_at=now,
        response_due_on=add_business_days(today, response_window_days(session)),
        data_sharing_authorized_at=now,
        parent_id=parent_id,
        created_by_user_id=user_id,
    )
    session.add(referral)
    session.flush()
    session.add(
        ReferralStatusChange(
            referral_id=referral.id, from_status=None, to_status="enviada", at=now, user_id=user_id
        )
    )
    session.flush()
    return referral


def refer_person(
    session: Session,
    *,
    person: Entrepreneur,
    to_actor_id: int,
    need: str,
    data_sharing: bool,
    from_actor_id: int,
    program_id: int | None = None,
    user_id: int | None = None,
) -> Referral:
    """Staff refer a person they serve to another actor, with the rules of sharing data.

    The person must have authorised sharing with the receiving actor on this form and hold a
    valid consent on record (Ley 1581); a program named must be a published program of the
    receiving actor, so a referral can never point at another organisation's offer.
    """
    if not data_sharing:
        raise ReferralError(
            "Sin la autorización de la persona no se pueden compartir sus datos.", "data_sharing"
        )
    if not has_valid_consent(person):
        raise ReferralError(
            "La persona no tiene autorización de tratamiento de datos vigente: regístrela "
            "primero en su ficha.",
            "data_sharing",
        )
    if program_id is not None:
        program = session.get(Program, program_id)
        if program is None or program.status != "publicado" or program.owner_id != to_actor_id:
            raise ReferralError("Ese programa no es del actor que recibe.", "program_id")
    return send_referral(
        session,
        person=person,
        to_actor_id=to_actor_id,
        from_actor_id=from_actor_id,
        program_id=program_id,
        need=need,
        user_id=user_id,
    )


def transition_referral(
    session: Session,
    referral: Referral,
    to_status: str,
    *,
    user_id: int | None,
    reason: str | None = None,
    comment: str | None = None,
    at: datetime | None = None,
) -> ReferralStatusChange:
    """Move a referral to another state if the state machine allows it, and log the step."""
    if to_status not in REFERRAL_STATUSES:
        raise ReferralError("Estado de remisión desconocido.")
    allowed = TRANSITIONS[referral.status]
    if to_status not in allowed:
        raise ReferralError(
            f"No se puede pasar una remisión de «{REFERRAL_STATUSES[referral.status]}» a "
            f"«{REFERRAL_STATUSES[to_status]}»."
        )
    if to_status == "rechazada" and not (reason or "").strip():
        raise ReferralError("Para rechazar una remisión escriba el motivo.")
    if to_status in ("en_atencion", "completada") and referral.entrepreneur_id is None:
        raise ReferralError(
            "Confirme primero la identidad de la persona (con su documento) para atenderla."
        )
    moment = at or utcnow()
    change = ReferralStatusChange(
        referral_id=referral.id,
        from_status=referral.status,
        to_status=to_status,
        at=moment,
        user_id=user_id,
        comment=(reason or comment or None),
    )
    if referral.status == "enviada" and to_status in ANSWERS | {"cerrada_sin_atencion"}:
        referral.answered_at = moment
    if to_status == "rechazada":
        referral.rejection_reason = reason.strip()
    referral.status = to_status
    session.add(change)
    session.flush()
    return change


# --- Closing the loop: reopen, pass on, unread, overdue, balance -------------------

CLOSED = frozenset({"completada", "cerrada_sin_atencion"})
OPEN_STATES = frozenset({"enviada", "aceptada", "en_atencion"})


def reopen_referral(
    session: Session, referral: Referral, *, user_id: int | None, comment: str
) -> ReferralStatusChange:
    """The receiving actor takes a closed referral up again; the comment says why."""
    if referral.status not in CLOSED:
        raise ReferralError("Solo se puede reabrir una remisión completada o cerrada sin atención.")
    if not (comment or "").strip():
        raise ReferralError("Para reabrir la remisión escriba un comentario.")
    change = ReferralStatusChange(
        referral_id=referral.id,
        from_status=referral.status,
        to_status="en_atencion",
        at=utcnow(),
        user_id=user_id,
        comment=f"Reabierta: {comment.strip()}",
    )
    referral.status = "en_atencion"
    session.add(change)
    session.flush()
    return change


def pass_on_referral(
    session: Session,
    referral: Referral,
    *,
    to_actor_id: int,
    from_actor_id: int,
    user_id: int | None,
    need: str | None = None,
    program_id: int | None = None,
) -> Referral:
    """Send a rejected referral on to another actor ("remitida a otro actor").

    The new referral points at the rejected one (parent_id), so the chain stays readable.
    """
    if referral.status != "rechazada":
        raise ReferralError("Solo una remisión rechazada se puede remitir a otro actor.")
    if session.scalar(select(Referral.id).where(Referral.parent_id == referral.id)):
        raise ReferralError("Esta remisión ya fue remitida a otro actor.")
    if to_actor_id == referral.to_actor_id:
        raise ReferralError("Elija un actor distinto del que rechazó la remisión.")
    return send_referral(
        session,
        person=referral.entrepreneur,
        claim=referral.claim,
        venture_id=referral.venture_id,
        to_actor_id=to_actor_id,
        from_actor_id=from_actor_id,
        program_id=program_id,
        need=need or referral.need,
        user_id=user_id,
        parent_id=referral.id,
    )


def mark_read(referral: Referral) -> None:
    if referral.read_at is None:
        referral.read_at = utcnow()


def is_overdue(referral: Referral, today: date | None = None) -> bool:
    """Unanswered past its response deadline (a late answer is not overdue any more)."""
    return referral.status == "enviada" and referral.response_due_on < (today or local_today())


def deadline_label(referral: Referral, today: date | None = None) -> str:
    """ "vence en 2 días", "vence hoy", "vencida hace 3 días" (business days) or ""."""
    from red.services.calendar import business_days_between

    if referral.status != "enviada":
        return ""
    today = today or local_today()
    due = referral.response_due_on
    if due == today:
        return "vence hoy"
    if due > today:
        days = business_days_between(today, due)
        return "vence mañana" if days == 1 else f"vence en {days} días hábiles"
    days = max(business_days_between(due, today), 1)
    return "vencida hace 1 día hábil" if days == 1 else f"vencida hace {days} días hábiles"


def overdue_query(today: date | None = None):
    """Referrals still unanswered past the window: the núcleo's list."""
    from sqlalchemy.orm import selectinload

    return (
        select(Referral)
        .where(Referral.status == "enviada", Referral.response_due_on < (today or local_today()))
        .options(selectinload(Referral.from_actor), selectinload(Referral.to_actor))
        .order_by(Referral.response_due_on, Referral.id)
    )


def answered_in_time(answered_at: datetime | None, due_on: date) -> bool:

    if answered_at is None:
        return False
    if answered_at.tzinfo is not None:
        answered_at = answered_at.astimezone(BOGOTA)
    return answered_at.date() <= due_on


def referral_balance(session: Session, actor_id: int) -> dict[str, int]:
    """Sent, received, answered and answered in time for one actor (two queries)."""
    from sqlalchemy import func

    sent = (
        session.scalar(select(func.count(Referral.id)).where(Referral.from_actor_id == actor_id))
        or 0
    )
    received = session.execute(
        select(Referral.answered_at, Referral.response_due_on).where(
            Referral.to_actor_id == actor_id
        )
    ).all()
    answered = sum(1 for at, _due in received if at is not None)
    in_time = sum(1 for at, due in received if answered_in_time(at, due))
    return {
        "sent": sent,
        "received": len(received),
        "answered": answered,
        "answered_in_time": in_time,
    }


def notify_receiving_actor(session: Session, referral: Referral, link: str = "") -> None:
    """Tell the receiving actor: a notice to each active staff account (in the app and by
    e-mail) and an e-mail to the actor's contact address. `link` is kept for callers; the
    notice links to the referral itself."""
    from red.services.notifications import addresses, notify, staff_of

    notify(
        session,
        "remision_recibida",
        staff_of(referral.to_actor_id) | addresses(referral.to_actor.email),
        referral,
    )


def notify_sending_actor(session: Session, referral: Referral) -> None:
    """Tell the sending actor's staff that the receiver accepted or rejected the referral
    (a request from the Ruta has no sending actor: the person follows it by its code)."""
    from red.services.notifications import notify, staff_of

    if referral.from_actor_id is not None and referral.status in ANSWERS:
        notify(session, "remision_respondida", staff_of(referral.from_actor_id), referral)


def notify_applicant(session: Session, referral: Referral) -> None:
    """E-mail the tracking code to the address given on the Ruta's form, if any."""
    from red.services.notifications import addresses, notify

    holder = referral.entrepreneur if referral.entrepreneur is not None else referral.claim
    email = getattr(holder, "email", None)
    if email:
        notify(session, "solicitud_recibida", addresses(email), referral)
