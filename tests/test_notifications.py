"""Notices in the app and by e-mail: who gets each kind and who must not, what the e-mail
says (a real SMTP server in the test process, aiosmtpd), preferences and the unsubscribe
link, and the reminders' tick sending each reminder exactly once."""

from __future__ import annotations

import email
import re
import socket
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from red.extensions import db
from red.models import Notification, RightsRequest, User
from red.services import notifications as service
from red.services import referrals as referral_service
from red.services.calendar import add_business_days, local_today
from red.services.reminders import tick
from tests import factories as f
from tests.conftest import user_by_email

CCC = "camara-de-comercio-de-cucuta"


class Inbox:
    """An aiosmtpd handler keeping every message that arrived, parsed."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in str(m["To"])]


@pytest.fixture
def smtp(app, monkeypatch):
    inbox = Inbox()
    with socket.socket() as probe:  # a free port for the server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", False)
    monkeypatch.setitem(app.config, "MAIL_USERNAME", None)
    try:
        yield inbox
    finally:
        controller.stop()


def _notices(user: User, kind: str | None = None) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query))


def _parts(message) -> tuple[str, str]:
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


def test_referral_received_reaches_the_receiving_staff_only(db, smtp):
    ccc, sena = f.stored_actor(CCC), f.stored_actor("sena")
    referral = f.referral(ccc, local_today() + timedelta(days=5))
    referral.from_actor_id = sena.id
    db.session.flush()
    referral_service.notify_receiving_actor(db.session, referral)
    db.session.commit()
    gestor_ccc, gestor_sena = (
        user_by_email("gestor.ccc@red.demo"),
        user_by_email("gestor.sena@red.demo"),
    )
    notice = _notices(gestor_ccc, "remision_recibida")
    assert len(notice) == 1 and notice[0].url == f"/remisiones/{referral.code}"
    assert notice[0].emailed_at is not None
    assert _notices(gestor_sena, "remision_recibida") == []
    arrived = smtp.to("gestor.ccc@red.demo")
    assert len(arrived) == 1 and referral.code in arrived[0]["Subject"]
    text, html = _parts(arrived[0])
    assert "Plazo para responder" in text and f"/remisiones/{referral.code}" in text
    assert "<a href=" in html and "No recibir más correos de este tipo" in html
    assert arrived[0]["List-Unsubscribe"]
    assert referral.need not in text  # a notice names the record, not what it says
    assert smtp.to("gestor.sena@red.demo") == []


def test_referral_answered_tells_the_sender(client, login_as, db, smtp):
    ccc, sena = f.stored_actor(CCC), f.stored_actor("sena")
    referral = f.referral(ccc, local_today() + timedelta(days=5))
    referral.from_actor_id = sena.id
    db.session.commit()
    login_as("staff_ccc")
    response = client.post(
        f"/remisiones/{referral.code}/estado",
        data={"to_status": "aceptada", "version": referral.version_id},
    )
    assert response.status_code == 302
    assert len(_notices(user_by_email("gestor.sena@red.demo"), "remision_respondida")) == 1
    assert _notices(user_by_email("gestor.ccc@red.demo"), "remision_respondida") == []
    assert "aceptó" in smtp.to("gestor.sena@red.demo")[0].get_body(("plain",)).get_content()


def test_tick_sends_each_reminder_once(db, smtp, app):
    today = local_today()
    ccc, sena = f.stored_actor(CCC), f.stored_actor("sena")
    late = f.referral(ccc, today - timedelta(days=1))
    escalated = f.referral(sena, today - timedelta(days=20))
    mesa = f.body([ccc, sena])
    meeting = f.meeting(mesa, today - timedelta(days=20))
    soon = f.commitment(meeting, [ccc], today + timedelta(days=2))
    overdue = f.commitment(meeting, [sena], today - timedelta(days=3))
    db.session.commit()
    first = tick(db.session, today)
    db.session.commit()
    gestor_ccc, gestor_sena = (
        user_by_email("gestor.ccc@red.demo"),
        user_by_email("gestor.sena@red.demo"),
    )
    nucleo = user_by_email("nucleo@red.demo")
    ccc_keys = {n.key for n in _notices(gestor_ccc)}
    assert f"remision_vencida:{late.id}:{late.response_due_on.isoformat()}" in ccc_keys
    assert f"compromiso_por_vencer:{soon.id}:{soon.due_on.isoformat()}" in ccc_keys
    assert not any(str(overdue.id) in (k or "") and "compromiso_vencido" in k for k in ccc_keys)
    sena_keys = {n.key for n in _notices(gestor_sena)}
    assert f"compromiso_vencido:{overdue.id}:{overdue.due_on.isoformat()}" in sena_keys
    assert not any(f":{late.id}:" in (k or "") and k.startswith("remision") for k in sena_keys)
    nucleo_keys = {n.key for n in _notices(nucleo, "remision_escalada")}
    assert (
        f"remision_escalada:{escalated.id}:{escalated.response_due_on.isoformat()}" in nucleo_keys
    )
    assert not any(f":{late.id}:" in k for k in nucleo_keys)  # one day late is not escalated
    escalation = [m for m in smtp.to("nucleo@red.demo") if escalated.code in m["Subject"]]
    assert len(escalation) == 1
    assert first.notices["remision_vencida"] >= 1
    arrived, stored = len(smtp.messages), db.session.scalar(select(func.count(Notification.id)))
    second = tick(db.session, today)
    db.session.commit()
    assert sum(second.notices.values()) == 0 and sum(second.emails.values()) == 0
    assert len(smtp.messages) == arrived
    assert db.session.scalar(select(func.count(Notification.id))) == stored


def test_rights_requests_near_deadline_go_to_admins_only(db, smtp):
    today = local_today()
    request = RightsRequest(
        entrepreneur_id=f.person().id,
        kind="consulta",
        description="Qué datos tienen",
        status="recibida",
        filed_on=today - timedelta(days=12),
        due_on=add_business_days(today, 1),
    )
    db.session.add(request)
    db.session.commit()
    tick(db.session, today)
    db.session.commit()
    admin = user_by_email("admin@red.demo")
    notice = _notices(admin, "derechos_por_vencer")
    assert len(notice) == 1 and notice[0].url == f"/derechos/{request.id}"
    assert _notices(user_by_email("nucleo@red.demo"), "derechos_por_vencer") == []
    text = smtp.to("admin@red.demo")[-1].get_body(("plain",)).get_content()
    assert "aviso obligatorio" in text and "/avisos/baja/" not in text


def test_preferences_silence_email_or_the_bell_but_not_legal_notices(db, smtp):
    gestor = user_by_email("gestor.ccc@red.demo")
    service.set_preference(db.session, gestor.id, "remision_recibida", email=False)
    service.set_preference(db.session, gestor.id, "remision_vencida", in_app=False)
    service.set_preference(db.session, gestor.id, "persona_vinculada", email=False)  # legal
    referral = f.referral(f.stored_actor(CCC), local_today() - timedelta(days=2))
    referral_service.notify_receiving_actor(db.session, referral)
    tick(db.session)
    service.notify_actor_staff(
        db.session, [gestor.actor_id], kind="persona_vinculada", title="Persona vinculada"
    )
    db.session.commit()
    received = _notices(gestor, "remision_recibida")
    assert received and received[0].emailed_at is None  # in the app, not by e-mail
    overdue = _notices(gestor, "remision_vencida")
    assert overdue and overdue[0].read_at is not None  # kept, already read: no bell
    subjects = [m["Subject"] for m in smtp.to("gestor.ccc@red.demo")]
    assert not any(s.startswith("Nueva remisión") for s in subjects)
    assert any("venció sin respuesta" in s for s in subjects)
    assert "Persona vinculada" in subjects


def test_preferences_page_saves_choices(client, login_as, db):
    gestor = login_as("staff_ccc")
    page = client.get("/avisos/preferencias").get_data(as_text=True)
    assert "Preferencias de avisos" in page and "obligatorio" in page
    response = client.post("/avisos/preferencias", data={"app-remision_recibida": "on"})
    assert response.status_code == 302
    chosen = service.preferences_of(db.session, gestor.id)
    assert chosen["remision_recibida"] == (True, False)
    assert chosen["compromiso_vencido"] == (False, False)
    assert chosen["derechos_por_vencer"] == (True, True)  # legal: unchanged


def test_unsubscribe_link_from_the_email(client, db, smtp):
    referral = f.referral(f.stored_actor(CCC), local_today() + timedelta(days=4))
    referral_service.notify_receiving_actor(db.session, referral)
    db.session.commit()
    text = smtp.to("gestor.ccc@red.demo")[-1].get_body(("plain",)).get_content()
    link = re.search(r"http://[^/\s]+(/avisos/baja/\S+)", text)[1]
    gestor = user_by_email("gestor.ccc@red.demo")
    page = client.get(link)
    assert page.status_code == 200 and "Dejar de recibir" in page.get_data(as_text=True)
    assert service.preferences_of(db.session, gestor.id)["remision_recibida"] == (True, True)
    done = client.post(link)
    assert "ya no recibirá correos" in done.get_data(as_text=True)
    assert service.preferences_of(db.session, gestor.id)["remision_recibida"] == (True, False)
    assert client.get("/avisos/baja/manipulado").status_code == 404
    legal = service.unsubscribe_token(gestor.id, "derechos_por_vencer")
    assert client.post(f"/avisos/baja/{legal}").status_code == 404


def test_tick_command(runner, db):
    f.referral(f.stored_actor(CCC), local_today() - timedelta(days=3))
    db.session.commit()
    result = runner.invoke(args=["red", "tick"])
    assert result.exit_code == 0 and "remision_vencida" in result.output
    again = runner.invoke(args=["red", "tick"])
    assert "nada pendiente" in again.output


def test_join_request_confirms_the_tracking_code_to_the_applicant(client, db, smtp):
    from red.models import Referral

    owner = f.actor("Fundación Prueba Aviso", slug="t-aviso-owner")
    program = f.program("Incubadora Aviso", owner, stages=(2,), capacity=5)
    data = {
        "doc_type": "13",
        "doc_number": "1.093.770.555",
        "first_names": "Yurley",
        "last_names": "Quintero Seguimiento",
        "email": "yurley.seguimiento@example.com",
        "phone": "3101234567",
        "venture_name": "Arepas del Seguimiento",
        "municipality_code": "54810",
        "need": "Necesito capital para un horno.",
        "consent_attention": "y",
    }
    response = client.post(f"/ruta/{program.slug}/inscribirse", data=data)
    assert response.status_code == 302
    referral = db.session.scalar(select(Referral).order_by(Referral.id.desc()).limit(1))
    (message,) = smtp.to("yurley.seguimiento@example.com")
    assert referral.code in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert "/ruta/seguimiento" in text and "Necesito capital" not in text


def test_tick_leaves_ancient_deadlines_alone(db, smtp):
    today = local_today()
    ancient = f.referral(f.stored_actor(CCC), today - timedelta(days=200))
    db.session.commit()
    tick(db.session, today)
    db.session.commit()
    keys = {n.key for n in _notices(user_by_email("gestor.ccc@red.demo"))}
    assert not any(f":{ancient.id}:" in (k or "") for k in keys)


def test_an_unreachable_mail_server_never_breaks_the_notice(app, db, monkeypatch):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", closed)
    referral = f.referral(f.stored_actor(CCC), local_today() + timedelta(days=4))
    delivery = service.notify(
        db.session, "remision_recibida", service.staff_of(referral.to_actor_id), referral
    )
    db.session.commit()
    assert delivery.notified and delivery.emailed == []
    notices = _notices(user_by_email("gestor.ccc@red.demo"), "remision_recibida")
    assert notices and notices[0].emailed_at is None  # in the app all the same
