"""Two `tick` runs at the same moment, in two sessions of their own: one reminder, one e-mail.

On PostgreSQL (TEST_DATABASE_URL) both runs read "nothing sent yet" and both insert; the
unique (user, key) index makes the second wait for the first and skip, so it sends nothing.
On SQLite (a file of its own) BEGIN IMMEDIATE lets one writer in at a time and the second
finds the key already there. Either way the person is told once.
"""

from __future__ import annotations

import os
import threading
from datetime import timedelta

from sqlalchemy import create_engine, delete, func, select
from sqlalchemy.orm import Session

from red.config import normalise_database_url
from red.database import configure_sqlite
from red.models import Actor, AuditEntry, Body, Commitment, Meeting, Notification, User
from red.models.base import Base
from red.services.calendar import local_today
from red.services.reminders import tick
from tests.test_notifications import smtp  # noqa: F401  (the in-process SMTP server)

URL = os.environ.get("TEST_DATABASE_URL", "")


def _engine(tmp_path):
    if URL.startswith("postgres"):
        return create_engine(normalise_database_url(URL))
    engine = create_engine(f"sqlite:///{tmp_path / 'tick.db'}")
    configure_sqlite(engine)
    Base.metadata.create_all(engine)
    return engine


def test_two_ticks_at_once_tell_once(app, smtp, tmp_path):  # noqa: F811
    engine = _engine(tmp_path)
    today = local_today()
    with Session(engine) as session:
        audit_before = session.scalar(select(func.max(AuditEntry.id))) or 0
        notices_before = session.scalar(select(func.max(Notification.id))) or 0
        actor = Actor(slug="tick-concurrente", name="Actor del tick concurrente")
        session.add(actor)
        session.flush()
        staff = User(
            email="tick@concurrente.test",
            full_name="Gestora concurrente",
            password_hash="!",
            role="actor_staff",
            actor_id=actor.id,
        )
        body = Body(slug="mesa-tick-concurrente", kind="mesa", name="Mesa del tick")
        session.add_all([staff, body])
        session.flush()
        meeting = Meeting(body_id=body.id, number=1, held_on=today - timedelta(days=30))
        session.add(meeting)
        session.flush()
        commitment = Commitment(
            meeting_id=meeting.id,
            description="Entregar el informe del tick",
            due_on=today - timedelta(days=2),
            actors=[actor],
        )
        session.add(commitment)
        session.commit()
        ids = {"actor": actor.id, "user": staff.id, "body": body.id, "meeting": meeting.id}
        ids["commitment"] = commitment.id
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with app.app_context(), Session(engine) as session:
                start.wait(10)
                tick(session, today)
                session.commit()
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert errors == []
        with Session(engine) as session:
            told = session.scalar(
                select(func.count(Notification.id)).where(
                    Notification.user_id == ids["user"], Notification.kind == "compromiso_vencido"
                )
            )
        assert told == 1
        assert len(smtp.to("tick@concurrente.test")) == 1
    finally:
        if URL.startswith("postgres"):
            with Session(engine) as session:
                session.execute(delete(Notification).where(Notification.id > notices_before))
                session.execute(delete(Commitment).where(Commitment.id == ids["commitment"]))
                session.execute(delete(Meeting).where(Meeting.id == ids["meeting"]))
                session.execute(delete(Body).where(Body.id == ids["body"]))
                session.execute(delete(User).where(User.id == ids["user"]))
                session.execute(delete(Actor).where(Actor.id == ids["actor"]))
                session.execute(delete(AuditEntry).where(AuditEntry.id > audit_before))
                session.commit()
        engine.dispose()
