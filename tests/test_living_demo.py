"""The living demo: a year of demonstration activity that makes compliance show a spread,
fills every worklist, is coherent with the access rule and comes out the same from a seed."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from red.extensions import db
from red.models import (
    Commitment,
    ConsentRecord,
    Entrepreneur,
    Event,
    Meeting,
    Participation,
    Referral,
    ServiceRecord,
    User,
)
from red.models.activity import REFERRAL_STATUSES
from red.seed.demo_activity import seed_demo_activity
from red.services.compliance import compute_scorecard
from red.services.periods import Period, quarter_of
from tests.test_charts import charts_in, texts, title_and_desc

BANDS = ("verde", "amarillo", "rojo")


def _spread(period: Period, today: date) -> Counter:
    card = compute_scorecard(db.session, period, today)
    return Counter(row.light for row in card.rows)


@pytest.mark.parametrize(
    "today",
    [date(2026, 8, 14), date(2026, 10, 9), date(2027, 3, 31), date(2026, 10, 1), date(2027, 1, 1)],
    ids=["mid-quarter", "early-quarter", "quarter-end", "quarter-first-day", "new-year"],
)
def test_compliance_shows_members_in_every_band_with_reasons(db, today):
    seed_demo_activity(db.session, today=today)
    year = Period(today - timedelta(days=365), today, "Últimos doce meses")
    for period in (year, quarter_of(today)):
        spread = _spread(period, today)
        assert all(spread[band] >= 1 for band in BANDS), (period.label, spread)
    card = compute_scorecard(db.session, year, today)
    red = [row for row in card.rows if row.light == "rojo"]
    # A red light comes with its reasons: measured components far below the target.
    assert all(any(c.measured and c.ratio < 0.6 for c in r.components.values()) for r in red)


def test_the_nucleo_page_shows_the_spread(client, login_as, living_demo):
    login_as("nucleo")
    today = living_demo["today"]
    key = f"{today.year}"
    page = client.get(f"/nucleo?periodo={key}").get_data(as_text=True)
    assert "Actividad de demostración." in page
    chart = charts_in(page)["grafico-semaforo"]
    assert title_and_desc(chart)[0] == "Actores por semáforo, trimestre a trimestre"
    spread = _spread(Period(date(today.year, 1, 1), date(today.year, 12, 31), key, key), today)
    assert all(spread[band] >= 1 for band in BANDS), spread


def test_referrals_reach_every_state_and_other_activity_exists(living_demo):
    demo = Entrepreneur.is_demo.is_(True)
    statuses = set(
        db.session.scalars(
            select(Referral.status)
            .join(Entrepreneur, Entrepreneur.id == Referral.entrepreneur_id)
            .where(demo)
        )
    )
    assert statuses == set(REFERRAL_STATUSES)
    today = living_demo["today"]
    overdue = db.session.scalar(
        select(func.count(Commitment.id)).where(
            Commitment.status.in_(("pendiente", "en_curso")), Commitment.due_on < today
        )
    )
    assert overdue >= 2
    acts = set(db.session.scalars(select(Meeting.acta_status).where(Meeting.is_demo.is_(True))))
    assert acts == {"aprobada", "borrador"}
    upcoming = db.session.scalar(
        select(func.count(Event.id)).where(Event.is_demo.is_(True), Event.starts_on > today)
    )
    assert upcoming >= 2
    attended = db.session.scalar(
        select(func.count(Participation.id))
        .join(Event, Event.id == Participation.event_id)
        .where(Event.is_demo.is_(True), Participation.status == "asistio")
    )
    assert attended > 0
    first = today - timedelta(days=365)
    assert db.session.scalar(select(func.min(ServiceRecord.served_on))) >= first
    assert db.session.scalar(select(func.max(ServiceRecord.served_on))) <= today


def test_demo_activity_is_coherent_with_the_access_rule(living_demo):
    """An actor serves people it registered or that were referred to it and accepted; every
    registration has the registering actor's consent; event participants are the organiser's."""
    people = {
        p.id: p
        for p in db.session.scalars(select(Entrepreneur).where(Entrepreneur.is_demo.is_(True)))
    }
    accepted = {
        (r.to_actor_id, r.entrepreneur_id): r.answered_at
        for r in db.session.scalars(
            select(Referral).where(
                Referral.status.in_(
                    ("aceptada", "en_atencion", "completada", "cerrada_sin_atencion")
                )
            )
        )
    }
    services = db.session.scalars(
        select(ServiceRecord).where(ServiceRecord.entrepreneur_id.in_(list(people)))
    ).all()
    assert services
    for service in services:
        person = people[service.entrepreneur_id]
        if service.actor_id != person.registered_by_actor_id:
            answered = accepted.get((service.actor_id, person.id))
            assert answered is not None, (service.actor_id, person.id)
            assert answered.date() <= service.served_on + timedelta(days=1)
    consents = {
        (actor_id, person_id)
        for actor_id, person_id in db.session.execute(
            select(User.actor_id, ConsentRecord.entrepreneur_id).join(
                User, User.id == ConsentRecord.captured_by_user_id
            )
        )
    }
    for person in people.values():
        if person.registered_by_actor_id is not None:
            assert (person.registered_by_actor_id, person.id) in consents
    for actor_id, person_id in accepted:
        if person_id in people:
            assert (actor_id, person_id) in consents  # the receiver's own authorisation
    for participation in db.session.scalars(
        select(Participation).join(Event).where(Event.is_demo.is_(True))
    ):
        assert participation.registered_by_actor_id == (
            people[participation.entrepreneur_id].registered_by_actor_id
        )


def _run(session) -> tuple:
    counts = seed_demo_activity(session, today=date(2026, 11, 20), random_seed=7)
    statuses = Counter(session.scalars(select(Referral.status)))
    days = session.scalar(select(func.sum(ServiceRecord.hours)))
    return counts, statuses, days


def test_the_same_seed_gives_the_same_demo_and_a_second_run_adds_nothing(db):
    nested = db.session.begin_nested()
    first = _run(db.session)
    nested.rollback()
    second = _run(db.session)
    assert first == second
    again = seed_demo_activity(db.session, today=date(2026, 11, 20), random_seed=7)
    assert set(again.values()) == {0}


def test_every_worklist_of_the_demo_accounts_has_content(client, login_as, living_demo):
    login_as("staff_ccc")
    inbox = client.get("/remisiones").get_data(as_text=True)
    assert "Enviada" in inbox and "Actividad de demostración." in inbox
    commitments = client.get("/compromisos").get_data(as_text=True)
    assert "Entregar el consolidado de atenciones del semestre." in commitments
    events = client.get("/eventos?cuando=proximos").get_data(as_text=True)
    assert "(demostración)" in events
    assert "Actividad de demostración." in client.get("/atenciones").get_data(as_text=True)
    assert "Actividad de demostración." in client.get("/emprendedores").get_data(as_text=True)
    login_as("staff_sena")
    assert "Enviada" in client.get("/remisiones").get_data(as_text=True)
    login_as("admin")  # rights requests are answered by the administrator
    requests = client.get("/derechos").get_data(as_text=True)
    assert "Consulta" in requests and "Reclamo" in requests


def test_activity_charts_draw_the_living_demo(client, login_as, living_demo):
    login_as("nucleo")
    today = living_demo["today"]
    start = (today - timedelta(days=365)).isoformat()
    page = client.get(f"/indicadores/actividad?desde={start}&hasta={today.isoformat()}")
    html = page.get_data(as_text=True)
    charts = charts_in(html)
    assert {"grafico-subregion", "grafico-mes", "grafico-embudo"} <= set(charts)
    funnel_title, funnel_desc = title_and_desc(charts["grafico-embudo"])
    assert funnel_title == "Remisiones: enviadas → aceptadas → atendidas → completadas"
    sent = db.session.scalar(select(func.count(Referral.id)))
    assert f"De {sent} remisiones enviadas" in funnel_desc or "remisiones enviadas" in funnel_desc
    assert any(t.startswith("Enviadas ") for t in texts(charts["grafico-embudo"]))
    assert title_and_desc(charts["grafico-subregion"])[0] == "Atenciones por subregión"
    services = db.session.scalar(select(func.count(ServiceRecord.id)))
    assert (
        f"{services:,}".replace(",", ".") + " atenciones"
        in title_and_desc(charts["grafico-mes"])[1]
    )
    assert "son actividad de demostración" in html


def test_seed_demo_says_when_the_demo_activity_has_aged(db, runner):
    """A second seed-demo adds nothing, so a demo written months ago freezes again: the
    command says so, with the day the activity ends and how to renew it."""
    from red.seed.demo_activity import stale_demo_notice
    from red.services.calendar import local_today

    today = local_today()
    assert stale_demo_notice(db.session, today) is None  # no demo activity at all
    written = today - timedelta(days=90)
    seed_demo_activity(db.session, today=written)
    db.session.commit()
    notice = stale_demo_notice(db.session, today)
    assert notice and f"termina el {written:%d/%m/%Y}, hace 90 días" in notice
    assert stale_demo_notice(db.session, written + timedelta(days=7)) is None
    result = runner.invoke(args=["red", "seed-demo"])
    assert result.exit_code == 0, result.output
    assert "personas_demo: 0 nuevos" in result.output and "borre instance/red.db" in result.output
