"""Governance: the núcleo and mesas de trabajo, their meetings, actas and commitments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from red.models import lengths
from red.models.actors import Actor, User
from red.models.base import Base, TimestampMixin, in_check, relationship, utcnow

BODY_KINDS = {"nucleo": "Núcleo", "mesa": "Mesa de trabajo"}
MEETING_KINDS = {"ordinaria": "Ordinaria", "extraordinaria": "Extraordinaria"}
ACTA_STATUSES = {"pendiente": "Pendiente", "borrador": "Borrador", "aprobada": "Aprobada"}
ATTENDANCE_STATUSES = {"asistio": "Asistió", "excusa": "Excusa", "ausente": "Ausente"}
DELEGATE_ROLES = {"principal": "Principal", "suplente": "Suplente"}
COMMITMENT_STATUSES = {
    "pendiente": "Pendiente",
    "en_curso": "En curso",
    "cumplido": "Cumplido",
    "cancelado": "Cancelado",
}


class Body(TimestampMixin, Base):
    """The núcleo or a mesa de trabajo."""

    __tablename__ = "bodies"
    __table_args__ = (CheckConstraint(in_check("kind", tuple(BODY_KINDS)), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(10), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(lengths.DESCRIPTION))
    coordinator_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)

    coordinator: Mapped[Actor | None] = relationship()
    memberships: Mapped[list[BodyMembership]] = relationship(back_populates="body")

    def __str__(self) -> str:
        return self.name


class BodyMembership(TimestampMixin, Base):
    """A member actor of a body with its delegates (principal and suplente)."""

    __tablename__ = "body_memberships"
    __table_args__ = (UniqueConstraint("body_id", "actor_id", name="uq_body_memberships_actor"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    principal_delegate: Mapped[str | None] = mapped_column(String(200))
    alternate_delegate: Mapped[str | None] = mapped_column(String(200))
    delegation_act: Mapped[str | None] = mapped_column(String(200))
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)

    body: Mapped[Body] = relationship(back_populates="memberships")
    actor: Mapped[Actor] = relationship()


class Meeting(TimestampMixin, Base):
    """A session of a body, with agenda, acta and attendance."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint(in_check("kind", tuple(MEETING_KINDS)), name="kind"),
        CheckConstraint(in_check("acta_status", tuple(ACTA_STATUSES)), name="acta_status"),
        UniqueConstraint("body_id", "number", name="uq_meetings_body_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="ordinaria")
    number: Mapped[int] = mapped_column(Integer)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    place: Mapped[str | None] = mapped_column(String(200))
    agenda: Mapped[str | None] = mapped_column(String(lengths.DESCRIPTION))
    acta: Mapped[str | None] = mapped_column(String(lengths.MINUTES))
    acta_status: Mapped[str] = mapped_column(String(20), default="pendiente")
    acta_approved_at_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    body: Mapped[Body] = relationship()
    attendance: Mapped[list[Attendance]] = relationship(back_populates="meeting")

    __mapper_args__ = {"version_id_col": version_id}


class Attendance(Base):
    """Whether a member actor attended a meeting, through its principal or suplente."""

    __tablename__ = "attendances"
    __table_args__ = (
        UniqueConstraint("meeting_id", "actor_id", name="uq_attendances_actor"),
        CheckConstraint(in_check("status", tuple(ATTENDANCE_STATUSES)), name="status"),
        CheckConstraint(
            f"delegate_role IS NULL OR {in_check('delegate_role', tuple(DELEGATE_ROLES))}",
            name="delegate_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    delegate_role: Mapped[str | None] = mapped_column(String(10))
    delegate_name: Mapped[str | None] = mapped_column(String(200))

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    actor: Mapped[Actor] = relationship()


class MeetingAttachment(Base):
    """A file attached to a meeting, stored under instance/ with a generated name."""

    __tablename__ = "meeting_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


commitment_actors = Table(
    "commitment_actors",
    Base.metadata,
    Column("commitment_id", ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", ForeignKey("actors.id"), primary_key=True, index=True),
)


class Commitment(TimestampMixin, Base):
    """A compromiso from a meeting. `vencido` is derived from due_on, never stored."""

    __tablename__ = "commitments"
    __table_args__ = (
        CheckConstraint(in_check("status", tuple(COMMITMENT_STATUSES)), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    description: Mapped[str] = mapped_column(String(lengths.NOTE))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="pendiente", index=True)
    completed_on: Mapped[date | None] = mapped_column(Date)
    progress_notes: Mapped[str | None] = mapped_column(String(lengths.DESCRIPTION))
    evidence: Mapped[str | None] = mapped_column(String(lengths.NOTE))
    verified_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[datetime | None]
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    meeting: Mapped[Meeting] = relationship()
    actors: Mapped[list[Actor]] = relationship(secondary=commitment_actors)
    verified_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version_id}

    def is_overdue(self, today: date) -> bool:
        """Vencido: past its due date and neither done nor cancelled."""
        return self.status in ("pendiente", "en_curso") and self.due_on < today


DEFAULT_SCORECARD = {
    "weights": {
        "attendance": 25,
        "commitments": 25,
        "services": 20,
        "referrals": 20,
        "programs": 10,
    },
    "green_min": 80,
    "yellow_min": 60,
    "response_window_days": 5,
    "review_window_days": 180,
}


class ScorecardVersion(Base):
    """Compliance weights, thresholds and windows; every change is a new version."""

    __tablename__ = "scorecard_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    settings: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(String(300))


class ClosedPeriod(Base):
    """A compliance period the núcleo closed: its scores are frozen with the settings used.

    Only named periods (quarter, semester, year) that have ended can be closed. A later change
    of weights or thresholds applies to open periods only; the snapshot rows below are what
    every page shows for a closed one.
    """

    __tablename__ = "closed_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(10), unique=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    measured_on: Mapped[date] = mapped_column(Date)
    closed_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    scorecard_version_id: Mapped[int | None] = mapped_column(ForeignKey("scorecard_versions.id"))
    settings: Mapped[dict] = mapped_column(JSON)

    closed_by: Mapped[User | None] = relationship()
    scorecard_version: Mapped[ScorecardVersion | None] = relationship()
    snapshots: Mapped[list[ComplianceSnapshot]] = relationship(
        back_populates="period", cascade="all, delete-orphan"
    )


class ComplianceSnapshot(Base):
    """One member's frozen result in a closed period: score, light and each component."""

    __tablename__ = "compliance_snapshots"
    __table_args__ = (
        UniqueConstraint("period_id", "actor_id", name="uq_compliance_snapshots_actor"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(
        ForeignKey("closed_periods.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    score: Mapped[float | None]
    light: Mapped[str | None] = mapped_column(String(10))
    # {component key: [done, total, detail]}
    components: Mapped[dict] = mapped_column(JSON)

    period: Mapped[ClosedPeriod] = relationship(back_populates="snapshots")
    actor: Mapped[Actor] = relationship()
