"""In-app notices: one row per recipient user, read or not.

`notify_actor_staff` fans a notice out to every active staff account of some actors in one
INSERT … SELECT, so the number of recipients never costs a query each.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, func, insert, literal, select, update
from sqlalchemy.orm import Session

from red.models import Notification, User
from red.models.base import utcnow

STAFF_ROLES = ("actor_admin", "actor_staff")


def notify_actor_staff(
    session: Session,
    actor_ids: Iterable[int],
    *,
    kind: str,
    title: str,
    body: str | None = None,
    url: str | None = None,
) -> None:
    """One notice for each active staff account of these actors."""
    ids = sorted({int(a) for a in actor_ids if a is not None})
    if not ids:
        return
    recipients = select(
        User.id,
        literal(kind),
        literal(title),
        literal(body),
        literal(url),
        literal(utcnow()),
    ).where(User.actor_id.in_(ids), User.role.in_(STAFF_ROLES), User.active.is_(True))
    session.execute(
        insert(Notification).from_select(
            ["user_id", "kind", "title", "body", "url", "created_at"], recipients
        )
    )


def notify_user(
    session: Session,
    user_id: int,
    *,
    kind: str,
    title: str,
    body: str | None = None,
    url: str | None = None,
) -> None:
    """One notice for one user (a background job telling its owner that it ended)."""
    session.execute(
        insert(Notification).values(
            user_id=user_id, kind=kind, title=title, body=body, url=url, created_at=utcnow()
        )
    )


def notices_query(user: Any) -> Select:
    """The user's notices, newest first."""
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def unread_count(session: Session, user_id: int) -> int:
    return (
        session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user_id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def mark_read(session: Session, user: Any, notice_id: int | None = None) -> int:
    """Mark one of the user's notices (or all of them) as read; returns how many changed."""
    stmt = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if notice_id is not None:
        stmt = stmt.where(Notification.id == notice_id)
    return session.execute(stmt.values(read_at=utcnow())).rowcount or 0
