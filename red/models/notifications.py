"""In-app notices: what the system tells one user (a person linked by another actor…)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from red.models.base import Base, utcnow
from red.models.lengths import NOTE, TITLE

NOTIFICATION_KINDS = {
    "persona_vinculada": "Persona vinculada por otro actor",
}


class Notification(Base):
    """One notice for one user, read or not. Notices name records by link, never by the
    personal data in them: the page behind the link applies the access rules again."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(TITLE))
    body: Mapped[str | None] = mapped_column(String(NOTE))
    url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
