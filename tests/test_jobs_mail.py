"""E-mail off the request: a notice's e-mail leaves only after the transaction that created
the notice commits (a rolled-back one tells nobody), through the job queue; an unreachable
server never breaks the action and is retried until it answers, then the notice is marked
e-mailed. The aiosmtpd server of tests/test_notifications.py receives what is sent."""

from __future__ import annotations

import socket
from datetime import timedelta

from sqlalchemy import select

from red.extensions import db
from red.jobs import huey
from red.jobs.mail import send_queued_mail
from red.models import Notification
from red.services import mail
from red.services import notifications as service
from red.services.calendar import local_today
from tests import factories as f
from tests.conftest import user_by_email
from tests.test_notifications import CCC, smtp  # noqa: F401  (the SMTP fixture)


def _notice_of(user, kind="remision_recibida"):
    query = select(Notification).where(Notification.user_id == user.id, Notification.kind == kind)
    return db.session.scalar(query)


def test_the_email_leaves_after_the_commit_not_before(db, smtp):  # noqa: F811
    referral = f.referral(f.stored_actor(CCC), local_today() + timedelta(days=5))
    delivery = service.notify(
        db.session, "remision_recibida", service.staff_of(referral.to_actor_id), referral
    )
    assert "gestor.ccc@red.demo" in delivery.queued
    assert smtp.to("gestor.ccc@red.demo") == []  # still inside the transaction
    db.session.commit()
    assert len(smtp.to("gestor.ccc@red.demo")) == 1
    assert _notice_of(user_by_email("gestor.ccc@red.demo")).emailed_at is not None


def test_a_rolled_back_notice_sends_nothing(db, app):
    mail.outbox.clear()
    referral = f.referral(f.stored_actor(CCC), local_today() + timedelta(days=5))
    db.session.commit()
    service.notify(
        db.session, "remision_recibida", service.staff_of(referral.to_actor_id), referral
    )
    db.session.rollback()
    db.session.commit()  # a later commit must not send what the rollback dropped
    assert not [m for m in mail.outbox if "gestor.ccc@red.demo" in str(m["To"])]


def test_an_unreachable_server_is_retried_until_it_answers(app, db, monkeypatch, smtp):  # noqa: F811
    port = app.config["MAIL_PORT"]
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "MAIL_PORT", closed)
    scheduled = []
    monkeypatch.setattr(
        send_queued_mail, "schedule", lambda args, delay: scheduled.append((args, delay))
    )
    referral = f.referral(f.stored_actor(CCC), local_today() + timedelta(days=5))
    service.notify(
        db.session, "remision_recibida", service.staff_of(referral.to_actor_id), referral
    )
    db.session.commit()  # the send fails at once: the caller carries on
    gestor = user_by_email("gestor.ccc@red.demo")
    assert _notice_of(gestor).emailed_at is None
    [(args, delay)] = scheduled
    assert args[1] == 2 and delay == 60  # the second attempt, a minute later
    monkeypatch.setitem(app.config, "MAIL_PORT", port)  # the server is back
    send_queued_mail.call_local(*args)
    assert len(smtp.to("gestor.ccc@red.demo")) == 1
    db.session.expire_all()
    assert _notice_of(gestor).emailed_at is not None


def test_the_tasks_module_is_loaded_by_the_consumer():
    assert "red.jobs.mail.send_queued_mail" in {t for t in huey._registry._registry}


def test_a_queue_that_cannot_take_the_mail_never_breaks_the_commit(db, app, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis caído")

    monkeypatch.setattr("red.jobs.mail.send_queued_mail", unreachable)
    referral = f.referral(f.stored_actor(CCC), local_today() + timedelta(days=5))
    service.notify(
        db.session, "remision_recibida", service.staff_of(referral.to_actor_id), referral
    )
    db.session.commit()  # logged, not raised
    assert _notice_of(user_by_email("gestor.ccc@red.demo")) is not None
