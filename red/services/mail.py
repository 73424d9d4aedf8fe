"""Outgoing e-mail: console backend by default (development, tests), SMTP by configuration.

Mail must never break the action that triggered it: a failed delivery is logged, and the
referral (or whatever caused it) is already saved.
"""

from __future__ import annotations

import smtplib
from collections import deque
from email.message import EmailMessage

from flask import current_app

# The last messages the console backend "sent", so people and tests can check them.
outbox: deque[EmailMessage] = deque(maxlen=50)


def build_message(to: list[str], subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config.get("MAIL_DEFAULT_SENDER", "no-responder@red.local")
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message.set_content(body)
    return message


def send_mail(to: list[str], subject: str, body: str) -> EmailMessage | None:
    """Send one message to the given addresses; returns it, or None when nobody to tell."""
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        return None
    message = build_message(recipients, subject, body)
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


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)
