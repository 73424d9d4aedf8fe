"""Outgoing e-mail: console backend by default (development, tests), SMTP by configuration.

Mail must never break the action that triggered it: a failed delivery is logged, and the
referral (or whatever caused it) is already saved.
"""

from __future__ import annotations

import smtplib
from collections import deque
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app

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
    """Deliver several built messages over ONE connection (a notice to forty members is one
    SMTP session, and an unreachable server costs one timeout, not forty); returns those
    sent. Failures are logged, never raised."""
    if not messages:
        return []
    if current_app.config.get("MAIL_BACKEND", "console") != "smtp":
        for message in messages:
            outbox.append(message)
            current_app.logger.info(
                "Correo (consola) para %s: %s", message["To"], message["Subject"]
            )
        return list(messages)
    sent = []
    try:
        with _smtp_connection() as smtp:
            for message in messages:
                try:
                    smtp.send_message(message)
                except smtplib.SMTPRecipientsRefused:
                    current_app.logger.warning("Destinatario rechazado: %s", message["To"])
                else:
                    sent.append(message)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("No se pudieron enviar %d correos", len(messages) - len(sent))
    return sent


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
