"""E-mail off the request: the task that sends what a committed transaction queued
(red/services/mail.py, `send_after_commit`), marks the notices e-mailed, and retries what an
unreachable server did not take, a few times with growing delays, before logging it."""

from __future__ import annotations

import logging

from red.jobs import app_task

log = logging.getLogger(__name__)

ATTEMPTS = 5  # then the messages are given up on (logged); the notices stay in the app
FIRST_DELAY = 60  # seconds; doubled at each attempt (1, 2, 4, 8 minutes)


@app_task()
def send_queued_mail(pending: list[tuple[bytes, int | None]], attempt: int = 1) -> None:
    from sqlalchemy import update

    from red.extensions import db
    from red.models import Notification
    from red.models.base import utcnow
    from red.services.mail import parse_message, send_batch

    messages = [(parse_message(raw), notice_id) for raw, notice_id in pending]
    sent, retry = send_batch([message for message, _ in messages])
    sent_ids = {id(m) for m in sent}
    emailed = [notice_id for m, notice_id in messages if id(m) in sent_ids and notice_id]
    if emailed:
        db.session.execute(
            update(Notification).where(Notification.id.in_(emailed)).values(emailed_at=utcnow())
        )
        db.session.commit()
    if not retry:
        return
    again = {id(m) for m in retry}
    left = [
        (raw, notice_id)
        for (raw, notice_id), (m, _) in zip(pending, messages, strict=True)
        if id(m) in again
    ]
    if attempt >= ATTEMPTS:
        log.error("Se abandonan %d correos tras %d intentos", len(left), attempt)
        return
    send_queued_mail.schedule(args=(left, attempt + 1), delay=FIRST_DELAY * 2 ** (attempt - 1))
