"""Notices: what the system tells one user, in the app and by e-mail, and what each user
chose to receive.

One notice row per recipient and event. A notice that must go out only once (a reminder,
an escalation) carries a `key` — kind, object and due date — unique per user, so a second
run of the reminders, or two at once, inserts nothing and sends nothing (insert-or-skip).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from red.models.base import Base, utcnow
from red.models.lengths import NOTE, TITLE


@dataclass(frozen=True)
class NoticeKind:
    label: str
    legal: bool = False  # a legal notice cannot be turned off (Ley 1581 deadlines…)


NOTIFICATION_KINDS: dict[str, NoticeKind] = {
    "persona_vinculada": NoticeKind("Persona vinculada por otro actor", legal=True),
    "solicitud_recibida": NoticeKind("Solicitud de inscripción recibida (a quien la hizo)"),
    "remision_recibida": NoticeKind("Remisión recibida"),
    "remision_respondida": NoticeKind("Remisión respondida por el actor que la recibió"),
    "remision_vencida": NoticeKind("Remisión sin respuesta fuera del plazo"),
    "remision_escalada": NoticeKind("Remisión escalada al núcleo"),
    "compromiso_por_vencer": NoticeKind("Compromiso por vencer"),
    "compromiso_vencido": NoticeKind("Compromiso vencido"),
    "derechos_por_vencer": NoticeKind("Solicitud Ley 1581 cerca de su plazo legal", legal=True),
    "inscripcion_confirmada": NoticeKind("Inscripción a un evento confirmada"),
    "evento_cambiado": NoticeKind("Cambio o cancelación de un evento en que está inscrito"),
    "reunion_convocada": NoticeKind("Convocatoria a una reunión de sus mesas"),
    "acta_lista": NoticeKind("Acta lista para aprobación"),
    "trabajo_terminado": NoticeKind("Importación o exportación terminada"),
}


class Notification(Base):
    """One notice for one user, read or not. Notices name records by link, never by the
    personal data in them: the page behind the link applies the access rules again."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        UniqueConstraint("user_id", "key", name="uq_notifications_user_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(TITLE))
    body: Mapped[str | None] = mapped_column(String(NOTE))
    url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    # "kind:object:due date" for notices that go out once; NULL for one-off events.
    key: Mapped[str | None] = mapped_column(String(120))
    emailed_at: Mapped[datetime | None]


class NotificationPreference(Base):
    """A user's choice for one kind of notice; no row means both channels on."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind", name="uq_notification_preferences"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    in_app: Mapped[bool] = mapped_column(Boolean, default=True)
    email: Mapped[bool] = mapped_column(Boolean, default=True)


class CalendarFeed(Base):
    """A user's private calendar address (/calendario/<token>.ics): only the token's hash is
    kept; creating a new one revokes the old, deleting the row revokes it for good."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
