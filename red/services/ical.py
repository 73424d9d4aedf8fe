"""Calendars (RFC 5545, with the `icalendar` package): one event or meeting as an .ics file,
and each user's private feed with their actor's events, meetings and commitment due dates.

Every entry has a stable UID built from the record's id ("evento-12@red…"), so a calendar
that imports the file again replaces the entry instead of duplicating it; SEQUENCE follows
the record's version, and a cancelled commitment stays in the feed as STATUS:CANCELLED.
Red keeps days, not hours, for events and meetings: entries are all-day (VALUE=DATE) and the
calendar says its zone is America/Bogota (X-WR-TIMEZONE), the zone of every date in Red.

The private feed is reached by a random token whose hash is stored (CalendarFeed); making a
new one revokes the old. What goes in is limited by the access layer's clauses.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import current_app
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, joinedload

from red.models import (
    Body,
    BodyMembership,
    CalendarFeed,
    Commitment,
    Event,
    Meeting,
    Participation,
    User,
)
from red.models.events import event_organizers
from red.models.governance import commitment_actors
from red.permissions import NETWORK_LEADS, STAFF, has_role
from red.permissions.records import visible_commitments_clause, visible_participations_clause
from red.services.calendar import BOGOTA

TIMEZONE = BOGOTA.key  # "America/Bogota"
PAST_DAYS = 180  # how far back the feed keeps entries
FEED_LIMIT = 500  # entries of each kind in one feed


def _domain() -> str:
    base = current_app.config.get("PUBLIC_URL", "http://127.0.0.1:5000")
    return base.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "red.local"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Red Regional de Emprendimiento de Norte de Santander//Red//ES")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TIMEZONE)
    return calendar


def _entry(uid: str, summary: str, start: date, end: date | None, **fields: Any) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", f"{uid}@{_domain()}")
    entry.add("dtstamp", datetime.now(UTC))
    entry.add("summary", summary)
    entry.add("dtstart", start)
    entry.add("dtend", (end or start) + timedelta(days=1))  # all-day: DTEND is exclusive
    for name, value in fields.items():
        if value not in (None, ""):
            entry.add(name.replace("_", "-"), value)
    return entry


def _link(path: str) -> str:
    return current_app.config.get("PUBLIC_URL", "http://127.0.0.1:5000") + path


def event_entry(event: Event) -> CalendarEvent | None:
    if event.starts_on is None or event.date_precision != "dia":
        return None  # a month or a quarter is not a day a calendar can hold
    place = ", ".join(p for p in (event.venue, event.city) if p)
    return _entry(
        f"evento-{event.id}",
        event.name,
        event.starts_on,
        event.ends_on,
        location=place,
        description=event.description,
        url=_link(f"/eventos/{event.slug}"),
        sequence=event.version_id,
    )


def meeting_entry(meeting: Meeting) -> CalendarEvent:
    return _entry(
        f"reunion-{meeting.id}",
        f"{meeting.body.name}: reunión {meeting.kind} n.º {meeting.number}",
        meeting.held_on,
        None,
        location=meeting.place,
        description=meeting.agenda,
        url=_link(f"/mesas/reuniones/{meeting.id}"),
        sequence=meeting.version_id,
    )


def commitment_entry(commitment: Commitment) -> CalendarEvent:
    status = "CANCELLED" if commitment.status == "cancelado" else "CONFIRMED"
    return _entry(
        f"compromiso-{commitment.id}",
        f"Vence compromiso: {commitment.description}",
        commitment.due_on,
        None,
        description=f"{commitment.meeting.body.name}, reunión n.º {commitment.meeting.number}",
        url=_link(f"/compromisos/{commitment.id}"),
        status=status,
        sequence=commitment.version_id,
    )


def event_ics(event: Event) -> bytes:
    calendar = _calendar(event.name)
    entry = event_entry(event)
    if entry is not None:
        calendar.add_component(entry)
    return calendar.to_ical()


def meeting_ics(meeting: Meeting) -> bytes:
    calendar = _calendar(meeting.body.name)
    calendar.add_component(meeting_entry(meeting))
    return calendar.to_ical()


def ics_filename(prefix: str, slug: str) -> str:
    return f"{prefix}-{slug}.ics"


# --- the private feed -------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_feed_token(session: Session, user: User) -> str:
    """A fresh private address for the user; the previous one stops working."""
    token = secrets.token_urlsafe(24)
    session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    session.add(CalendarFeed(user_id=user.id, token_hash=_hash(token)))
    session.flush()
    return token


def revoke_feed(session: Session, user: User) -> None:
    session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))


def has_feed(session: Session, user: User) -> bool:
    return (
        session.scalar(select(CalendarFeed.id).where(CalendarFeed.user_id == user.id)) is not None
    )


def feed_owner(session: Session, token: str) -> User | None:
    """The active account whose private feed this token opens, or None."""
    if not token or len(token) > 100:
        return None
    return session.scalar(
        select(User)
        .join(CalendarFeed, CalendarFeed.user_id == User.id)
        .where(CalendarFeed.token_hash == _hash(token), User.active.is_(True))
    )


def _feed_events(session: Session, user: User, since: date) -> list[Event]:
    query = select(Event).where(Event.starts_on >= since, Event.date_precision == "dia")
    if has_role(user, STAFF) and user.actor_id is not None:
        organised = select(event_organizers.c.event_id).where(
            event_organizers.c.actor_id == user.actor_id
        )
        query = query.where(Event.id.in_(organised))
    elif has_role(user, ("entrepreneur",)):
        mine = select(Participation.event_id).where(visible_participations_clause(user))
        query = query.where(Event.id.in_(mine))
    else:
        return []
    return list(session.scalars(query.order_by(Event.starts_on).limit(FEED_LIMIT)))


def _feed_meetings(session: Session, user: User, since: date) -> list[Meeting]:
    query = select(Meeting).where(Meeting.held_on >= since).options(joinedload(Meeting.body))
    if has_role(user, STAFF) and user.actor_id is not None:
        member_of = select(BodyMembership.body_id).where(
            BodyMembership.actor_id == user.actor_id, BodyMembership.left_on.is_(None)
        )
        coordinated = select(Body.id).where(Body.coordinator_actor_id == user.actor_id)
        query = query.where(or_(Meeting.body_id.in_(member_of), Meeting.body_id.in_(coordinated)))
    elif not has_role(user, NETWORK_LEADS):
        return []
    return list(session.scalars(query.order_by(Meeting.held_on).limit(FEED_LIMIT)))


def _feed_commitments(session: Session, user: User, since: date) -> list[Commitment]:
    if not has_role(user, (*STAFF, *NETWORK_LEADS)):
        return []
    query = (
        select(Commitment)
        .where(Commitment.due_on >= since)
        .options(joinedload(Commitment.meeting).joinedload(Meeting.body))
    )
    if has_role(user, STAFF):
        owed = select(commitment_actors.c.commitment_id).where(
            commitment_actors.c.actor_id == user.actor_id
        )
        query = query.where(Commitment.id.in_(owed))
    visible = visible_commitments_clause(user)
    if visible is not None:
        query = query.where(visible)
    return list(session.scalars(query.order_by(Commitment.due_on).limit(FEED_LIMIT)))


def feed_ics(session: Session, user: User, today: date) -> bytes:
    """The user's calendar: three queries, whatever the number of entries."""
    since = today - timedelta(days=PAST_DAYS)
    calendar = _calendar("Red: mi calendario")
    for event in _feed_events(session, user, since):
        if (entry := event_entry(event)) is not None:
            calendar.add_component(entry)
    for meeting in _feed_meetings(session, user, since):
        calendar.add_component(meeting_entry(meeting))
    for commitment in _feed_commitments(session, user, since):
        calendar.add_component(commitment_entry(commitment))
    return calendar.to_ical()
