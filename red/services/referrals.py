"""Referrals (remisiones): sending, and the one state machine every transition goes through."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from red.models import Referral, ReferralStatusChange, ScorecardVersion
from red.models.activity import REFERRAL_STATUSES
from red.models.base import utcnow
from red.models.governance import DEFAULT_SCORECARD
from red.services.calendar import add_business_days

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
    """An illegal referral operation; the message is for the user."""


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
    entrepreneur_id: int,
    to_actor_id: int,
    need: str,
    source: str = "actor",
    from_actor_id: int | None = None,
    program_id: int | None = None,
    venture_id: int | None = None,
    user_id: int | None = None,
    sent_on: date | None = None,
    parent_id: int | None = None,
) -> Referral:
    """Create a referral in state `enviada` with its response deadline (business days).

    Sending records that the person authorised sharing their data with the receiving
    actor (Ley 1581): the caller must have checked or captured that authorisation.
    """
    if not (need or "").strip():
        raise ReferralError("Describa la necesidad de la persona.")
    if source == "actor" and from_actor_id is None:
        raise ReferralError("Falta el actor que remite.")
    if from_actor_id is not None and from_actor_id == to_actor_id:
        raise ReferralError("Un actor no puede remitirse una persona a sí mismo.")
    now = utcnow()
    today = sent_on or date.today()
    referral = Referral(
        code=new_tracking_code(),
        entrepreneur_id=entrepreneur_id,
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
