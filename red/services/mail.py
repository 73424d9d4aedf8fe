"""Outgoing e-mail: console backend by default (development, tests), SMTP by configuration.

Mail never goes out inside a request. `send_after_commit(session, messages)` keeps the built
messages on the session; when that session commits they are handed to the job queue (the
Huey task red/jobs/mail.py, which sends them over one SMTP connection and marks the notices
e-mailed); a rollback drops them, so nobody is told of something that was not saved. An
unreachable server is retried a few times with growing delays, then logged; it never
breaks, or slows, the action that triggered it. Tests run the queue in immediate mode: the
messages leave at the commit, in the test's process.
"""

from __future__ import annotations

import smtplib
from collections import deque
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

# The last messages the console backend "sent", so people and tests can check them.
outbox: deque[EmailMessage] = deque(maxlen=50)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # "text/calendar", "application/pdf", "image/png"
    data: bytes


def build_message(
    to: list[str],
    subject: str,
    body: str,
    html: str | None = None,
    attachments: tuple[Attachment, ...] = (),
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    """Plain text first, an HTML alternative when given, then the attachments."""
    message = EmailMessage()
    message["From"] = current_app.config.get("MAIL_DEFAULT_SENDER", "no-responder@red.local")
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    for item in attachments:
        maintype, subtype = item.content_type.split("/", 1)
        message.add_attachment(
            item.data, maintype=maintype, subtype=subtype, filename=item.filename
        )
    return message


def send_mail(
    to: list[str],
    subject: str,
    body: str,
    html: str | None = None,
    attachments: tuple[Attachment, ...] = (),
    headers: dict[str, str] | None = None,
) -> EmailMessage | None:
    """Send one message to the given addresses; returns it, or None when nobody to tell
    or the delivery failed (logged)."""
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        return None
    message = build_message(recipients, subject, body, html, attachments, headers)
    backend = current_app.config.get("MAIL_BACKEND", "console")
    try:
        if backend == "smtp":
            _send_smtp(message)
        else:
            outbox.append(message)
            current_app.logger.info("Correo (consola) para %s: %s", message["To"], subject)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("No se pudo enviar el correo a %s", message["To"])
        return None
    return message


def send_messages(messages: list[EmailMessage]) -> list[EmailMessage]:
    """Deliver several built messages over ONE connection; returns those sent. Failures are
    logged, never raised."""
    return send_batch(messages)[0]


def send_batch(messages: list[EmailMessage]) -> tuple[list[EmailMessage], list[EmailMessage]]:
    """Deliver several built messages over ONE connection (a notice to forty members is one
    SMTP session, and an unreachable server costs one timeout, not forty). Returns (sent,
    worth retrying): a refused recipient is not retried, a server that did not answer is.
    Failures are logged, never raised."""
    if not messages:
        return [], []
    if current_app.config.get("MAIL_BACKEND", "console") != "smtp":
        for message in messages:
            outbox.append(message)
            current_app.logger.info(
                "Correo (consola) para %s: %s", message["To"], message["Subject"]
            )
        return list(messages), []
    sent: list[EmailMessage] = []
    refused: list[EmailMessage] = []
    try:
        with _smtp_connection() as smtp:
            for message in messages:
                try:
                    smtp.send_message(message)
                except smtplib.SMTPRecipientsRefused:
                    current_app.logger.warning("Destinatario rechazado: %s", message["To"])
                    refused.append(message)
                else:
                    sent.append(message)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("No se pudieron enviar %d correos", len(messages) - len(sent))
    done = {id(m) for m in sent + refused}
    return sent, [m for m in messages if id(m) not in done]


# --- after the commit ---------------------------------------------------------------------

_PENDING = "red.mail.pending"


def send_after_commit(session: Session, messages: list[tuple[EmailMessage, int | None]]) -> None:
    """Send these messages once the session commits (dropped if it rolls back). Each comes
    with the id of the notice it tells of (None: a bare address), marked e-mailed once sent."""
    if messages:
        pending = session.info.setdefault(_PENDING, [])
        pending.extend((message.as_bytes(), notice_id) for message, notice_id in messages)


def parse_message(raw: bytes) -> EmailMessage:
    return message_from_bytes(raw, policy=policy.default)


@event.listens_for(Session, "after_commit")
def _enqueue_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    from red.jobs.mail import send_queued_mail

    try:
        send_queued_mail(pending)
    except Exception:  # noqa: BLE001 - the queue itself unreachable: the action stands
        current_app.logger.exception("No se pudieron encolar %d correos", len(pending))


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _smtp_connection() -> smtplib.SMTP:
    config = current_app.config
    smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10)
    if config.get("MAIL_USE_TLS"):
        smtp.starttls()
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    return smtp


def _send_smtp(message: EmailMessage) -> None:
    with _smtp_connection() as smtp:
        smtp.send_message(message)
