"""Business-round agendas (ruedas de negocios, macrorruedas): setup, meeting requests, meetings.

Buyers and sellers are Participation rows (role comprador / vendedor, `offer` says what they
buy or offer). These tables hold what only a rueda needs.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from red.models import lengths
from red.models.base import Base, TimestampMixin, in_check, relationship
from red.models.events import Event, Participation

INTEREST_LEVELS = {
    "alto": "Alto",
    "medio": "Medio",
    "bajo": "Bajo",
    "ninguno": "Sin interés",
    "no_asistio": "La reunión no se hizo",
}


class RoundSetup(TimestampMixin, Base):
    """How the organiser lays out a rueda: tables, slot length and time window."""

    __tablename__ = "round_setups"
    __table_args__ = (
        CheckConstraint("tables > 0", name="tables_positive"),
        CheckConstraint("slot_minutes > 0", name="slot_positive"),
        CheckConstraint("starts_at < ends_at", name="window"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), unique=True)
    tables: Mapped[int] = mapped_column(Integer)
    slot_minutes: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    built_at: Mapped[datetime | None]
    requests_count: Mapped[int] = mapped_column(Integer, default=0)
    scheduled_count: Mapped[int] = mapped_column(Integer, default=0)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    event: Mapped[Event] = relationship()

    __mapper_args__ = {"version_id_col": version_id}


class MeetingRequest(TimestampMixin, Base):
    """One side of a rueda asks to meet another participant (before the event)."""

    __tablename__ = "meeting_requests"
    __table_args__ = (
        UniqueConstraint("requester_id", "target_id", name="uq_meeting_requests_pair"),
        CheckConstraint("requester_id <> target_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    requester_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )

    requester: Mapped[Participation] = relationship(foreign_keys=[requester_id])
    target: Mapped[Participation] = relationship(foreign_keys=[target_id])


class RoundMeeting(TimestampMixin, Base):
    """A scheduled meeting of the agenda and, afterwards, its result."""

    __tablename__ = "round_meetings"
    __table_args__ = (
        UniqueConstraint("event_id", "slot", "table_number", name="uq_round_meetings_table_slot"),
        CheckConstraint(
            f"interest IS NULL OR {in_check('interest', tuple(INTEREST_LEVELS))}",
            name="interest",
        ),
        CheckConstraint(
            "expected_deal_cop IS NULL OR expected_deal_cop >= 0", name="deal_positive"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    first_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    second_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    slot: Mapped[int] = mapped_column(Integer)
    table_number: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[datetime]
    mutual: Mapped[bool] = mapped_column(Boolean, default=False)
    interest: Mapped[str | None] = mapped_column(String(20))
    follow_up: Mapped[bool] = mapped_column(Boolean, default=False)
    expected_deal_cop: Mapped[int | None] = mapped_column(BigInteger)
    result_notes: Mapped[str | None] = mapped_column(String(lengths.NOTE))
    result_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    first: Mapped[Participation] = relationship(foreign_keys=[first_id])
    second: Mapped[Participation] = relationship(foreign_keys=[second_id])

    __mapper_args__ = {"version_id_col": version_id}

    def counterpart(self, participation_id: int) -> Participation:
        return self.second if self.first_id == participation_id else self.first
