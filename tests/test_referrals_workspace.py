"""Referrals: the state machine, deadlines on business days, reopening, passing on, the inbox."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from red.models import Referral, ReferralStatusChange
from red.models.activity import REFERRAL_STATUSES
from red.services import mail
from red.services import referrals as svc
from red.services.calendar import local_today
from red.services.referrals import TRANSITIONS, ReferralError
from tests import factories as f


def _send(db, world, someone=None, **kw):
    someone = someone or world.person()
    return svc.send_referral(
        db.session,
        person=someone,
        to_actor_id=kw.pop("to", world.actor_b.id),
        from_actor_id=kw.pop("frm", world.actor_a.id),
        need="Necesita capital semilla",
        user_id=world.staff_a.id,
        **kw,
    )


def _walk_to(db, world, referral, status):
    paths = {
        "enviada": [],
        "aceptada": ["aceptada"],
        "en_atencion": ["aceptada", "en_atencion"],
        "completada": ["aceptada", "completada"],
        "rechazada": ["rechazada"],
        "cerrada_sin_atencion": ["cerrada_sin_atencion"],
    }
    for step in paths[status]:
        svc.transition_referral(
            db.session, referral, step, user_id=world.staff_b.id, reason="No aplica"
        )


ALL_PAIRS = [(a, b) for a in REFERRAL_STATUSES for b in REFERRAL_STATUSES]


@pytest.mark.parametrize(("start", "target"), ALL_PAIRS)
def test_every_transition_is_allowed_or_refused_by_the_state_machine(db, world, start, target):
    referral = _send(db, world)
    _walk_to(db, world, referral, start)
    before = len(db.session.scalars(select(ReferralStatusChange)).all())
    if target in TRANSITIONS[start]:
        svc.transition_referral(
            db.session, referral, target, user_id=world.staff_b.id, reason="Motivo"
        )
        assert referral.status == target
    else:
        with pytest.raises(ReferralError, match="No se puede pasar"):
            svc.transition_referral(
                db.session, referral, target, user_id=world.staff_b.id, reason="Motivo"
            )
        assert referral.status == start
        assert len(db.session.scalars(select(ReferralStatusChange)).all()) == before


def test_rejecting_needs_a_reason(db, world):
    referral = _send(db, world)
    with pytest.raises(ReferralError, match="motivo"):
        svc.transition_referral(db.session, referral, "rechazada", user_id=None, reason="  ")
    assert referral.status == "enviada"


@pytest.mark.parametrize(
    ("sent_on", "due_on"),
    [
        (date(2026, 3, 13), date(2026, 3, 20)),  # Friday: the weekend does not count
        (date(2026, 3, 18), date(2026, 3, 26)),  # San José moved to Monday 23 March
        (date(2026, 3, 14), date(2026, 3, 20)),  # sent on a Saturday
        (date(2026, 3, 30), date(2026, 4, 8)),  # Holy Thursday and Good Friday
    ],
)
def test_response_deadline_counts_colombian_business_days(db, world, sent_on, due_on):
    referral = _send(db, world, sent_on=sent_on)
    assert referral.response_due_on == due_on


def test_deadline_labels_and_overdue_flag(db, world):
    referral = _send(db, world)
    referral.response_due_on = date(2026, 3, 20)
    assert svc.deadline_label(referral, date(2026, 3, 18)) == "vence en 2 días hábiles"
    assert svc.deadline_label(referral, date(2026, 3, 19)) == "vence mañana"
    assert svc.deadline_label(referral, date(2026, 3, 20)) == "vence hoy"
    assert svc.deadline_label(referral, date(2026, 3, 25)) == "vencida hace 2 días hábiles"
    assert svc.is_overdue(referral, date(2026, 3, 23))
    svc.transition_referral(db.session, referral, "aceptada", user_id=None)
    assert not svc.is_overdue(referral, date(2026, 3, 23))


def test_reopen_needs_a_closed_referral_and_a_comment(db, world):
    referral = _send(db, world)
    with pytest.raises(ReferralError):
        svc.reopen_referral(db.session, referral, user_id=None, comment="x")
    _walk_to(db, world, referral, "completada")
    with pytest.raises(ReferralError, match="comentario"):
        svc.reopen_referral(db.session, referral, user_id=None, comment="")
    svc.reopen_referral(db.session, referral, user_id=world.staff_b.id, comment="Volvió")
    assert referral.status == "en_atencion"
    db.session.refresh(referral, ["history"])
    assert referral.history[-1].comment == "Reabierta: Volvió"


def test_rejected_referral_is_passed_on_keeping_the_chain(db, world):
    referral = _send(db, world)
    with pytest.raises(ReferralError):
        svc.pass_on_referral(
            db.session, referral, to_actor_id=world.actor_a.id, from_actor_id=1, user_id=None
        )
    _walk_to(db, world, referral, "rechazada")
    new = svc.pass_on_referral(
        db.session,
        referral,
        to_actor_id=world.actor_a.id,
        from_actor_id=world.actor_b.id,
        user_id=world.staff_b.id,
    )
    assert new.parent_id == referral.id and new.status == "enviada"
    assert new.need == referral.need
    with pytest.raises(ReferralError, match="ya fue remitida"):
        svc.pass_on_referral(
            db.session,
            referral,
            to_actor_id=world.actor_a.id,
            from_actor_id=world.actor_b.id,
            user_id=None,
        )


def test_balance_counts_sent_received_and_answered_in_time(db, world):
    on_time = _send(db, world)
    late = _send(db, world, someone=world.person("1090111333"))
    _send(db, world, someone=world.person("1090111444"))
    svc.transition_referral(db.session, on_time, "aceptada", user_id=None)
    late.response_due_on = local_today() - timedelta(days=10)
    svc.transition_referral(db.session, late, "aceptada", user_id=None)
    balance_b = svc.referral_balance(db.session, world.actor_b.id)
    assert balance_b == {"sent": 0, "received": 3, "answered": 2, "answered_in_time": 1}
    assert svc.referral_balance(db.session, world.actor_a.id)["sent"] == 3


def test_send_inbox_accept_through_the_pages(client, login_as, db, world):
    someone = world.person()
    db.session.commit()
    mail.outbox.clear()
    login_as(world.staff_a)
    response = client.post(
        f"/remisiones/nueva/{someone.id}",
        data={"to_actor_id": world.actor_b.id, "need": "Formalización", "data_sharing": "y"},
    )
    assert response.status_code == 302
    referral = db.session.scalar(select(Referral).where(Referral.entrepreneur_id == someone.id))
    assert referral.to_actor_id == world.actor_b.id and referral.data_sharing_authorized_at
    assert mail.outbox and "b@actor.test" in mail.outbox[-1]["To"]
    assert referral.code in mail.outbox[-1]["Subject"]

    login_as(world.staff_b)
    inbox = client.get("/remisiones").get_data(as_text=True)
    assert referral.code in inbox and "Ana Prueba" in inbox
    assert "sin leer" in inbox  # the badge in the navigation
    # The sender cannot answer for the receiver.
    login_as(world.staff_a)
    refused = client.post(
        f"/remisiones/{referral.code}/estado",
        data={"to_status": "aceptada", "version": referral.version_id},
    )
    assert refused.status_code == 403
    login_as(world.staff_b)
    client.post(
        f"/remisiones/{referral.code}/estado",
        data={"to_status": "aceptada", "version": referral.version_id},
    )
    db.session.refresh(referral)
    assert referral.status == "aceptada" and referral.read_at is not None
    # The referral badge is gone (the bell still counts the notice of its arrival).
    assert "remisiones sin leer" not in client.get("/remisiones").get_data(as_text=True)


def test_illegal_transition_through_the_page_is_refused_with_a_message(client, login_as, db, world):
    referral = _send(db, world)
    db.session.commit()
    login_as(world.staff_b)
    response = client.post(
        f"/remisiones/{referral.code}/estado",
        data={"to_status": "completada", "version": referral.version_id},
        follow_redirects=True,
    )
    assert "No se puede pasar una remisión de «Enviada» a «Completada»" in response.get_data(
        as_text=True
    )
    db.session.refresh(referral)
    assert referral.status == "enviada"


def test_stale_referral_form_is_refused_with_409(client, login_as, db, world):
    referral = _send(db, world)
    stale = referral.version_id
    svc.transition_referral(db.session, referral, "aceptada", user_id=None)
    db.session.commit()
    login_as(world.staff_b)
    response = client.post(
        f"/remisiones/{referral.code}/estado",
        data={"to_status": "cerrada_sin_atencion", "version": stale},
    )
    assert response.status_code == 409
    assert "Otra persona guardó cambios en este registro" in response.get_data(as_text=True)
    db.session.refresh(referral)
    assert referral.status == "aceptada"


def test_other_actor_cannot_open_a_referral(client, login_as, db, world):
    referral = _send(db, world)
    outsider_actor = type(world.actor_a)(slug="ws-actor-c", name="Actor C")
    db.session.add(outsider_actor)
    db.session.flush()
    outsider = f.user("actor_staff", outsider_actor, email="ws.c@test.co")
    db.session.flush()
    login_as(outsider)
    assert client.get(f"/remisiones/{referral.code}").status_code == 404  # does not leak
    assert referral.code not in client.get("/remisiones").get_data(as_text=True)


def test_overdue_list_for_the_nucleo_shows_no_personal_data(client, login_as, db, world):
    referral = _send(db, world)
    referral.response_due_on = local_today() - timedelta(days=3)
    db.session.flush()
    login_as(world.nucleo)
    page = client.get("/remisiones/vencidas").get_data(as_text=True)
    assert referral.code in page and "Ana Prueba" not in page
    assert "vencida hace" in page


def test_inbox_query_count_does_not_grow_with_rows(client, login_as, db, world, count_queries):
    _send(db, world)
    login_as(world.staff_b)
    client.get("/remisiones")
    with count_queries() as few:
        client.get("/remisiones")
    for i in range(24):
        _send(db, world, someone=world.person(f"10902{i:05d}"))
    with count_queries() as many:
        assert client.get("/remisiones").status_code == 200
    assert many.count == few.count


def test_overdue_list_query_count_does_not_grow(client, login_as, db, world, count_queries):
    def late_referral(number):
        referral = _send(db, world, someone=world.person(number))
        referral.response_due_on = local_today() - timedelta(days=5)

    late_referral("1090400000")
    db.session.commit()
    login_as(world.nucleo)
    client.get("/remisiones/vencidas")
    with count_queries() as few:
        client.get("/remisiones/vencidas")
    for i in range(1, 25):
        late_referral(f"10904{i:05d}")
    db.session.commit()
    client.get("/remisiones/vencidas")
    with count_queries() as many:
        assert client.get("/remisiones/vencidas").status_code == 200
    assert many.count == few.count
