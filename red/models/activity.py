"""What members do for people: service records (atenciones) and referrals (remisiones)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from red.models import lengths
from red.models.actors import Actor, User
from red.models.base import Base, TimestampMixin, in_check, relationship, utcnow
from red.models.catalogs import ServiceType
from red.models.mixins import PersonOrClaimMixin
from red.models.people import Entrepreneur, IdentityClaim, Venture
from red.models.programs import Program


class ServiceRecord(TimestampMixin, Base):
    """An atención: a service an actor gave a person (or their venture) on a date."""

    __tablename__ = "service_records"
    __table_args__ = (
        CheckConstraint("hours IS NULL OR hours >= 0", name="hours_positive"),
        # Compliance asks "did this actor log an atención in this month?" per actor and
        # month (red/services/compliance.py): one probe here each, whatever the volume.
        Index(
            "ix_service_records_actor_served",
            "actor_id",
            "served_on",
            postgresql_where=text("deleted_at IS NULL"),
            sqlite_where=text("deleted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id"), index=True)
    entrepreneur_id: Mapped[int] = mapped_column(ForeignKey("entrepreneurs.id"), index=True)
    venture_id: Mapped[int | None] = mapped_column(ForeignKey("ventures.id"), index=True)
    service_type_id: Mapped[int] = mapped_column(ForeignKey("service_types.id"), index=True)
    served_on: Mapped[date] = mapped_column(Date, index=True)
    hours: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    outcome: Mapped[str | None] = mapped_column(String(lengths.NOTE))
    notes: Mapped[str | None] = mapped_column(String(lengths.NOTE))
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    deleted_at: Mapped[datetime | None]
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    # The import job that wrote it (red/jobs): lets a failed import undo itself.
    import_job_id: Mapped[int | None] = mapped_column(Integer, index=True)

    actor: Mapped[Actor] = relationship()
    program: Mapped[Program | None] = relationship()
    entrepreneur: Mapped[Entrepreneur] = relationship()
    venture: Mapped[Venture | None] = relationship()
    service_type: Mapped[ServiceType] = relationship()
    created_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version_id}


REFERRAL_STATUSES = {
    "enviada": "Enviada",
    "aceptada": "Aceptada",
    "en_atencion": "En atención",
    "completada": "Completada",
    "rechazada": "Rechazada",
    "cerrada_sin_atencion": "Cerrada sin atención",
}
REFERRAL_SOURCES = {"actor": "Actor de la Red", "ruta": "Ruta (autogestión)"}


class Referral(PersonOrClaimMixin, TimestampMixin, Base):
    """A remisión of a person to an actor (and optionally one of its programs)."""

    __tablename__ = "referrals"
    __table_args__ = (
        # The unread badge on every staff page counts this actor's unread referrals.
        Index("ix_referrals_to_actor_unread", "to_actor_id", "read_at"),
        # The inbox lists an actor's received (or sent) referrals newest first: a page is
        # read from these in order instead of sorting all of them.
        Index("ix_referrals_to_actor_sent", "to_actor_id", "sent_at", "id"),
        Index("ix_referrals_from_actor_sent", "from_actor_id", "sent_at", "id"),
        # The home page's "waiting for your answer", oldest deadline first (/inicio).
        Index("ix_referrals_to_actor_waiting", "to_actor_id", "status", "response_due_on"),
        # The núcleo's overdue referrals per receiver (/inicio) and each quarter's referral
        # component of compliance (/nucleo), read from the index alone.
        Index("ix_referrals_overdue", "status", "response_due_on", "to_actor_id"),
        Index("ix_referrals_due_actor_answered", "response_due_on", "to_actor_id", "answered_at"),
        CheckConstraint(in_check("status", tuple(REFERRAL_STATUSES)), name="status"),
        CheckConstraint(in_check("source", tuple(REFERRAL_SOURCES)), name="source"),
        CheckConstraint(
            "(source = 'actor' AND from_actor_id IS NOT NULL) OR source = 'ruta'",
            name="actor_source_has_actor",
        ),
        CheckConstraint(
            "status <> 'rechazada' OR rejection_reason IS NOT NULL", name="rejection_reason"
        ),
        # A request from the public Ruta waits on its declared identity until staff confirm it.
        CheckConstraint(
            "entrepreneur_id IS NOT NULL OR claim_id IS NOT NULL", name="person_or_claim"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    entrepreneur_id: Mapped[int | None] = mapped_column(ForeignKey("entrepreneurs.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("identity_claims.id"), index=True)
    venture_id: Mapped[int | None] = mapped_column(ForeignKey("ventures.id"), index=True)
    source: Mapped[str] = mapped_column(String(10), default="actor")
    from_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    to_actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id"), index=True)
    need: Mapped[str] = mapped_column(String(lengths.DESCRIPTION))
    status: Mapped[str] = mapped_column(String(25), default="enviada", index=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    response_due_on: Mapped[date] = mapped_column(Date, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(index=True)
    rejection_reason: Mapped[str | None] = mapped_column(String(lengths.DESCRIPTION))
    data_sharing_authorized_at: Mapped[datetime | None]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"), index=True)
    read_at: Mapped[datetime | None]
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    entrepreneur: Mapped[Entrepreneur | None] = relationship()
    claim: Mapped[IdentityClaim | None] = relationship()
    venture: Mapped[Venture | None] = relationship()
    from_actor: Mapped[Actor | None] = relationship(foreign_keys=[from_actor_id])
    to_actor: Mapped[Actor] = relationship(foreign_keys=[to_actor_id])
    program: Mapped[Program | None] = relationship()
    parent: Mapped[Referral | None] = relationship(remote_side=[id])
    history: Mapped[list[ReferralStatusChange]] = relationship(
        back_populates="referral", order_by="ReferralStatusChange.at"
    )

    __mapper_args__ = {"version_id_col": version_id}


class ReferralStatusChange(Base):
    """One step of a referral's history: from which state to which, who moved it, when."""

    __tablename__ = "referral_status_changes"
    __table_args__ = (
        CheckConstraint(in_check("to_status", tuple(REFERRAL_STATUSES)), name="to_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(25))
    to_status: Mapped[str] = mapped_column(String(25))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str | None] = mapped_column(String(lengths.DESCRIPTION))

    referral: Mapped[Referral] = relationship(back_populates="history")
    user: Mapped[User | None] = relationship()
