"""Key pages of the benchmark (issue 21) run the same number of statements whatever the
data: a new query per row fails here, on SQLite and on PostgreSQL (TEST_DATABASE_URL). The
registry list's own check is in test_entrepreneurs_workspace.py, the catalog's in
test_ruta_catalog.py, the inbox's in test_referrals_workspace.py."""

from __future__ import annotations

from datetime import date, timedelta

from red.models import Event, Participation
from red.services.periods import local_today
from red.services.referrals import send_referral
from red.services.service_log import register_service
from tests import factories as f


def _timeline_statements(client, count_queries, path) -> int:
    client.get(path)
    with count_queries() as counter:
        assert client.get(path).status_code == 200
    return counter.count


def test_person_timeline_has_a_fixed_number_of_queries(client, login_as, db, count_queries):
    """The record and its visibility in one statement (which also answers "may I edit?"),
    then one statement per kind of fact with its many-to-one rows joined: 10 in all."""
    world = f.world()
    ana = world.person()
    event = Event(slug="kq-feria", name="Feria de conteo", kind="feria")
    db.session.add(event)
    db.session.flush()

    def add_history(times: int, start: int) -> None:
        for i in range(times):
            register_service(
                db.session,
                actor_id=world.actor_a.id,
                person=ana,
                service_type_id=world.service_type.id,
                served_on=date(2026, 2, 2) + timedelta(days=start + i),
            )
            send_referral(
                db.session,
                person=ana,
                to_actor_id=world.actor_b.id,
                from_actor_id=world.actor_a.id,
                need=f"Necesidad {start + i}",
            )
        db.session.commit()

    add_history(1, 0)
    db.session.add(Participation(event_id=event.id, entrepreneur_id=ana.id, status="asistio"))
    db.session.commit()
    login_as(world.staff_a)
    few = _timeline_statements(client, count_queries, f"/emprendedores/{ana.id}")
    add_history(12, 10)
    many = _timeline_statements(client, count_queries, f"/emprendedores/{ana.id}")
    assert few == many <= 10


def test_nucleo_page_has_a_fixed_and_small_number_of_queries(client, login_as, count_queries):
    """The selected period and the last four quarters in one pass: one statement for
    attendance, commitments, referrals and service months of every period, one for the
    programs, not one per component and period (8 in all, with the session's own)."""
    today = local_today()
    login_as("nucleo")
    client.get("/nucleo")
    with count_queries() as few:
        assert client.get("/nucleo").status_code == 200
    actors = [f.actor() for _ in range(5)]
    mesa = f.body(actors)
    f.meeting(mesa, today - timedelta(days=1), dict.fromkeys(actors, "asistio"))
    for actor in actors:
        f.service(actor, today - timedelta(days=2))
        f.service(actor, today - timedelta(days=100))
        f.program(owner=actor, reviewed=today - timedelta(days=3))
    f.db.session.commit()
    client.get("/nucleo")
    with count_queries() as many:
        assert client.get("/nucleo").status_code == 200
    assert few.count == many.count <= 8
