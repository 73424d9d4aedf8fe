"""Notices, in the app and by e-mail, through one entry point: `notify(kind, recipients, obj)`.

`kind` names a message builder (red/services/notices.py) that turns the object (a referral,
a commitment…) into a Notice: title, body, link and, for what must go out once, a key. The
recipients (users, an actor's staff, a role, bare addresses) are resolved in one query,
their preferences in another, and the notices inserted in one statement that skips a key
already sent to that user (insert-or-skip on a unique index): running the reminders twice,
or in two processes at once, inserts nothing the second time and sends nothing. Only the
rows actually inserted get an e-mail, in Spanish, plain text plus HTML, with an unsubscribe
link for the kinds that may be turned off, sent by the job queue once the caller's
transaction commits; a failed delivery is retried, then logged, and never undoes (or slows)
the action that caused it (red/services/mail.py, red/jobs/mail.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, render_template
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Select, and_, false, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from red.models import Notification, NotificationPreference, User
from red.models.base import utcnow
from red.models.notifications import NOTIFICATION_KINDS
from red.services.mail import Attachment, build_message, send_after_commit

STAFF_ROLES = ("actor_admin", "actor_staff")
_UNSUBSCRIBE_SALT = "red-avisos-baja"


@dataclass(frozen=True)
class Notice:
    """What one kind of event tells people. `url` is a local path; `key` makes it once-only."""

    title: str
    body: str = ""
    url: str | None = None
    key: str | None = None
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Recipients:
    """Who is told: accounts by id, every active staff account of some actors, every active
    account of some roles, and addresses of people without an account (e-mail only)."""

    user_ids: frozenset[int] = frozenset()
    actor_ids: frozenset[int] = frozenset()
    roles: frozenset[str] = frozenset()
    addresses: frozenset[str] = frozenset()

    def __or__(self, other: Recipients) -> Recipients:
        return Recipients(
            self.user_ids | other.user_ids,
            self.actor_ids | other.actor_ids,
            self.roles | other.roles,
            self.addresses | other.addresses,
        )

    def clause(self):
        """The WHERE clause over users that selects the accounts among the recipients."""
        parts = []
        if self.user_ids:
            parts.append(User.id.in_(sorted(self.user_ids)))
        if self.actor_ids:
            parts.append(
                and_(User.actor_id.in_(sorted(self.actor_ids)), User.role.in_(STAFF_ROLES))
            )
        if self.roles:
            parts.append(User.role.in_(sorted(self.roles)))
        return and_(User.active.is_(True), or_(*parts)) if parts else false()


def users(*ids: int | None) -> Recipients:
    return Recipients(user_ids=frozenset(i for i in ids if i is not None))


def staff_of(*actor_ids: int | None) -> Recipients:
    return Recipients(actor_ids=frozenset(a for a in actor_ids if a is not None))


def role(*roles: str) -> Recipients:
    return Recipients(roles=frozenset(roles))


def addresses(*emails: str | None) -> Recipients:
    return Recipients(addresses=frozenset(e.strip() for e in emails if e and e.strip()))


@dataclass
class Delivery:
    """What one `notify` did: the accounts it told (new notices) and the addresses whose
    e-mail is queued, to leave after the commit (red/services/mail.py). `emailed` (sent
    during the call) stays empty: no e-mail leaves inside the caller's transaction."""

    notified: list[int] = field(default_factory=list)
    queued: list[str] = field(default_factory=list)
    emailed: list[str] = field(default_factory=list)


def notify(session: Session, kind: str, recipients: Recipients, obj: Any = None) -> Delivery:
    """Tell the recipients about `obj` with the message of `kind` (see red/services/notices.py)."""
    from red.services.notices import build_notice

    return deliver(session, kind, recipients, build_notice(kind, obj))


def deliver(session: Session, kind: str, recipients: Recipients, notice: Notice) -> Delivery:
    """Insert the notices (skipping a key already sent), then e-mail those inserted."""
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"unknown notice kind {kind!r}")
    accounts = session.execute(select(User.id, User.email).where(recipients.clause())).all()
    chosen = _preferences(session, kind, [a.id for a in accounts])
    now = utcnow()
    rows = [
        {
            "user_id": account.id,
            "kind": kind,
            "title": notice.title,
            "body": notice.body or None,
            "url": notice.url,
            "key": notice.key,
            "created_at": now,
            "read_at": None if chosen.get(account.id, (True, True))[0] else now,
        }
        for account in accounts
    ]
    inserted = _insert_or_skip(session, rows)
    result = Delivery(notified=sorted(inserted))
    emails = {a.id: a.email for a in accounts}
    outgoing: list[tuple[int | None, str]] = [
        (user_id, emails[user_id])
        for user_id in result.notified
        if chosen.get(user_id, (True, True))[1] and emails[user_id]
    ]
    told = {address for _user, address in outgoing}
    outgoing += [(None, a) for a in sorted(recipients.addresses - told)]
    send_after_commit(
        session,
        [
            (message, inserted.get(user_id))
            for user_id, message in _messages(kind, notice, outgoing)
        ],
    )
    result.queued = [address for _user, address in outgoing]
    return result


def _messages(kind: str, notice: Notice, outgoing: list[tuple[int | None, str]]):
    """(user id, built message) for each address, with that user's unsubscribe link."""
    for user_id, address in outgoing:
        yield user_id, _message(kind, notice, address, user_id)


def _preferences(session: Session, kind: str, user_ids: list[int]) -> dict[int, tuple[bool, bool]]:
    """{user id: (in app, by e-mail)} for those who changed the default; legal kinds ignore it."""
    if not user_ids or NOTIFICATION_KINDS[kind].legal:
        return {}
    rows = session.execute(
        select(
            NotificationPreference.user_id,
            NotificationPreference.in_app,
            NotificationPreference.email,
        ).where(NotificationPreference.kind == kind, NotificationPreference.user_id.in_(user_ids))
    )
    return {user_id: (in_app, email) for user_id, in_app, email in rows}


def _insert_or_skip(session: Session, rows: list[dict]) -> dict[int, int]:
    """Insert the notices in one statement; a (user, key) already there is skipped.
    Returns {user id: notice id} of the rows inserted."""
    if not rows:
        return {}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(Notification)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["user_id", "key"])
        .returning(Notification.user_id, Notification.id)
    )
    return {user_id: notice_id for user_id, notice_id in session.execute(statement)}


def _message(kind: str, notice: Notice, address: str, user_id: int | None):
    base = current_app.config.get("PUBLIC_URL", "http://127.0.0.1:5000")
    context = {
        "notice": notice,
        "link": f"{base}{notice.url}" if notice.url else None,
        "unsubscribe": unsubscribe_url(user_id, kind),
        "preferences": f"{base}/avisos/preferencias" if user_id else None,
        "kind_label": NOTIFICATION_KINDS[kind].label,
    }
    headers = {"List-Unsubscribe": f"<{context['unsubscribe']}>"} if context["unsubscribe"] else {}
    return build_message(
        [address],
        notice.title,
        render_template("email/notice.txt", **context),
        html=render_template("email/notice.html", **context),
        attachments=notice.attachments,
        headers=headers,
    )


# --- unsubscribe links ------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int, kind: str) -> str:
    return _serializer().dumps([user_id, kind])


def unsubscribe_url(user_id: int | None, kind: str) -> str | None:
    """The one-click link that stops e-mails of this kind; none for legal notices."""
    if user_id is None or NOTIFICATION_KINDS[kind].legal:
        return None
    base = current_app.config.get("PUBLIC_URL", "http://127.0.0.1:5000")
    return f"{base}/avisos/baja/{unsubscribe_token(user_id, kind)}"


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) from a link we signed, or None for anything else."""
    try:
        user_id, kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or kind not in NOTIFICATION_KINDS:
        return None
    return user_id, kind


# --- preferences ------------------------------------------------------------------------------


def preferences_of(session: Session, user_id: int) -> dict[str, tuple[bool, bool]]:
    """{kind: (in app, by e-mail)} for every kind, defaults filled in."""
    stored = {
        kind: (in_app, email)
        for kind, in_app, email in session.execute(
            select(
                NotificationPreference.kind,
                NotificationPreference.in_app,
                NotificationPreference.email,
            ).where(NotificationPreference.user_id == user_id)
        )
    }
    return {kind: stored.get(kind, (True, True)) for kind in NOTIFICATION_KINDS}


def set_preference(
    session: Session,
    user_id: int,
    kind: str,
    *,
    in_app: bool | None = None,
    email: bool | None = None,
) -> None:
    """Change one kind's channels for one user; legal notices stay on whatever is asked."""
    if kind not in NOTIFICATION_KINDS or NOTIFICATION_KINDS[kind].legal:
        return
    preference = session.scalar(
        select(NotificationPreference).where(
            NotificationPreference.user_id == user_id, NotificationPreference.kind == kind
        )
    )
    if preference is None:
        preference = NotificationPreference(user_id=user_id, kind=kind, in_app=True, email=True)
        session.add(preference)
    if in_app is not None:
        preference.in_app = in_app
    if email is not None:
        preference.email = email
    session.flush()


# --- the in-app list --------------------------------------------------------------------------


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
    deliver(session, kind, staff_of(*actor_ids), Notice(title, body or "", url))


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
    deliver(session, kind, users(user_id), Notice(title, body or "", url))


def notices_query(user: Any) -> Select:
    """The user's notices, newest first."""
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def mark_read(session: Session, user: Any, notice_id: int | None = None) -> int:
    """Mark one of the user's notices (or all of them) as read; returns how many changed."""
    stmt = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if notice_id is not None:
        stmt = stmt.where(Notification.id == notice_id)
    return session.execute(stmt.values(read_at=utcnow())).rowcount or 0
