"""Business rounds (ruedas de negocios): their layout, the meeting requests, the agenda
loaded from and saved to the database, and the meetings' results.

The scheduling itself is red.services.round_scheduler (pure, no database).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from red.models import Event, MeetingRequest, Participation, RoundMeeting, RoundSetup
from red.models.base import utcnow
from red.services.round_scheduler import Agenda, Slot, build_agenda

ROUND_KINDS = ("rueda_negocios", "macrorrueda")
ACTIVE_STATUSES = ("inscrito", "confirmado", "asistio")


class RoundError(ValueError):
    """A rule of the rueda was broken; the message is for the user."""


def slot_count(setup: RoundSetup) -> int:
    minutes = (setup.ends_at - setup.starts_at).total_seconds() / 60
    return max(0, int(minutes // setup.slot_minutes))


def slot_start(setup: RoundSetup, slot: int) -> datetime:
    return setup.starts_at + timedelta(minutes=setup.slot_minutes * slot)


# --- database layer ------------------------------------------------------------------------


def is_round(event: Event) -> bool:
    return event.kind in ROUND_KINDS


def configure_round(
    session: Session,
    event: Event,
    *,
    tables: int,
    slot_minutes: int,
    starts_at: datetime,
    ends_at: datetime,
) -> RoundSetup:
    """Create or change the rueda's layout. The agenda must be rebuilt afterwards."""
    if not is_round(event):
        raise RoundError("Solo las ruedas de negocios y macrorruedas tienen agenda.")
    if tables < 1 or slot_minutes < 5:
        raise RoundError("Indique al menos una mesa y citas de 5 minutos o más.")
    if ends_at <= starts_at:
        raise RoundError("La hora de cierre debe ser posterior a la de inicio.")
    setup = session.scalar(select(RoundSetup).where(RoundSetup.event_id == event.id))
    if setup is None:
        setup = RoundSetup(event_id=event.id)
        session.add(setup)
    setup.tables, setup.slot_minutes = tables, slot_minutes
    setup.starts_at, setup.ends_at = starts_at, ends_at
    session.flush()
    return setup


def round_setup(session: Session, event: Event) -> RoundSetup | None:
    return session.scalar(select(RoundSetup).where(RoundSetup.event_id == event.id))


def set_requests(
    session: Session, event: Event, requester: Participation, target_ids: Iterable[int]
) -> int:
    """Replace whom a buyer or seller wants to meet. Only active participants of the same
    event, and of the other side (a buyer asks for sellers and vice versa)."""
    if requester.event_id != event.id or requester.role not in ("comprador", "vendedor"):
        raise RoundError("Solo compradores y vendedores de esta rueda piden citas.")
    other = "vendedor" if requester.role == "comprador" else "comprador"
    wanted = set(target_ids)
    valid = set(
        session.scalars(
            select(Participation.id).where(
                Participation.event_id == event.id,
                Participation.role == other,
                Participation.status.in_(ACTIVE_STATUSES),
                Participation.id.in_(wanted or {0}),
            )
        )
    )
    if wanted - valid:
        raise RoundError("Algunas de las contrapartes elegidas no participan en esta rueda.")
    session.execute(delete(MeetingRequest).where(MeetingRequest.requester_id == requester.id))
    for target_id in sorted(valid):
        session.add(
            MeetingRequest(event_id=event.id, requester_id=requester.id, target_id=target_id)
        )
    session.flush()
    return len(valid)


def _has_result(meeting: RoundMeeting) -> bool:
    return (
        meeting.interest is not None
        or meeting.result_by_user_id is not None
        or meeting.follow_up
        or meeting.expected_deal_cop is not None
        or bool(meeting.result_notes)
    )


def _slot_in(setup: RoundSetup, meeting: RoundMeeting, slots: int) -> int | None:
    """The slot index a kept meeting occupies under the current layout, or None when its
    time no longer falls on one of the slots (the layout changed since)."""
    offset = (meeting.starts_at - setup.starts_at).total_seconds() / 60
    slot, rest = divmod(offset, setup.slot_minutes)
    if rest or not 0 <= slot < slots or not 1 <= meeting.table_number <= setup.tables:
        return None
    return int(slot)


def _pin_kept(setup: RoundSetup, kept: list[RoundMeeting]) -> list[Slot]:
    """The slots of the meetings that keep their place, or a refusal when the layout no
    longer has room for one of them."""
    slots = slot_count(setup)
    pinned = []
    for meeting in kept:
        slot = _slot_in(setup, meeting, slots)
        if slot is None:
            raise RoundError(
                f"La cita de la mesa {meeting.table_number} a las "
                f"{meeting.starts_at:%H:%M} ya tiene resultado y queda fuera del horario o de "
                "las mesas configuradas. Ajuste la configuración para incluirla y vuelva a "
                "generar la agenda."
            )
        pinned.append(
            Slot(meeting.first_id, meeting.second_id, slot, meeting.table_number, meeting.mutual)
        )
    return pinned


def _active_requests(session: Session, event: Event) -> list[tuple[int, int]]:
    """(requester, target) of the requests between participants still taking part."""
    active = select(Participation.id).where(
        Participation.event_id == event.id, Participation.status.in_(ACTIVE_STATUSES)
    )
    rows = session.execute(
        select(MeetingRequest.requester_id, MeetingRequest.target_id).where(
            MeetingRequest.event_id == event.id,
            MeetingRequest.requester_id.in_(active),
            MeetingRequest.target_id.in_(active),
        )
    )
    return [(r, t) for r, t in rows]


def _save_agenda(
    session: Session,
    setup: RoundSetup,
    agenda: Agenda,
    kept: list[RoundMeeting],
    pinned: list[Slot],
) -> None:
    """Replace the saved meetings with the agenda's, keeping those with a result."""
    event_id = setup.event_id
    session.execute(
        delete(RoundMeeting).where(
            RoundMeeting.event_id == event_id, RoundMeeting.id.not_in([m.id for m in kept])
        )
    )
    for meeting, placed in zip(kept, pinned, strict=True):
        meeting.slot = placed.slot  # same time; the index follows the current layout
    session.flush()
    kept_slots = {(m.slot, m.table) for m in pinned}
    session.add_all(
        RoundMeeting(
            event_id=event_id,
            first_id=m.a,
            second_id=m.b,
            slot=m.slot,
            table_number=m.table,
            starts_at=slot_start(setup, m.slot),
            mutual=m.mutual,
        )
        for m in agenda.meetings
        if (m.slot, m.table) not in kept_slots
    )
    setup.built_at = utcnow()
    setup.requests_count = agenda.requested_pairs
    setup.scheduled_count = agenda.scheduled
    session.flush()


def build_round_agenda(session: Session, event: Event) -> Agenda:
    """Load the requests, run the scheduler, replace the saved agenda.

    Meetings whose result was already recorded are kept where they are (what was said at
    a meeting is never lost to a rebuild); the rest of the agenda is scheduled around them.
    """
    setup = round_setup(session, event)
    if setup is None:
        raise RoundError("Configure primero las mesas, la duración de las citas y el horario.")
    existing = session.scalars(select(RoundMeeting).where(RoundMeeting.event_id == event.id))
    kept = [m for m in existing if _has_result(m)]
    pinned = _pin_kept(setup, kept)
    agenda = build_agenda(_active_requests(session, event), setup.tables, slot_count(setup), pinned)
    _save_agenda(session, setup, agenda, kept, pinned)
    return agenda


def record_meeting_result(
    meeting: RoundMeeting,
    *,
    interest: str,
    follow_up: bool,
    expected_deal_cop: int | None,
    notes: str | None,
    user_id: int | None,
) -> None:
    """Either side (or the organiser) records what came of a meeting."""
    if expected_deal_cop is not None and expected_deal_cop < 0:
        raise RoundError("El negocio esperado no puede ser negativo.")
    meeting.interest = interest
    meeting.follow_up = follow_up
    meeting.expected_deal_cop = expected_deal_cop
    meeting.result_notes = notes or None
    meeting.result_by_user_id = user_id
