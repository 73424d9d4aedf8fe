"""An event's organiser and co-organisers keep their order: pages, the edit form, the data."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import inspect, select, text

from red.extensions import db
from red.models import Event, EventOrganizer
from tests import factories as f
from tests.test_migrations import alembic_config, alembic_engine  # noqa: F401  (fixtures)

ORDER_REVISION = "7c1e2a9d4b10"


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _organizers(event: Event) -> list:
    """The stored organisers, read again (relationships never load themselves)."""
    db.session.refresh(event, ["organizer_links"])
    return event.organizers


def _positions(event: Event) -> list[tuple[int, int]]:
    db.session.expire_all()
    rows = db.session.execute(
        select(EventOrganizer.actor_id, EventOrganizer.position)
        .where(EventOrganizer.event_id == event.id)
        .order_by(EventOrganizer.position)
    )
    return [tuple(row) for row in rows]


def _three():
    # Created so that the wanted order is not the id order nor the alphabetical one.
    first, second, third = f.actor("Zeta Gremio"), f.actor("Alfa Cámara"), f.actor("Beta")
    return first, second, third


def _event_form(name: str, organizers) -> dict:
    return {
        "name": name,
        "kind": "feria",
        "country": "Colombia",
        "organizers": [str(a.id) for a in organizers],
    }


def test_admin_creates_an_event_with_organisers_in_the_order_chosen(client, login_as, db):
    zeta, alfa, beta = _three()
    login_as(f.user("admin"))
    order = [beta, zeta, alfa]
    assert (
        client.post("/eventos/nuevo", data=_event_form("Feria Ordenada", order)).status_code == 302
    )
    event = db.session.scalar(select(Event).where(Event.name == "Feria Ordenada"))
    assert _positions(event) == [(beta.id, 0), (zeta.id, 1), (alfa.id, 2)]
    page = _page(client.get(f"/eventos/{event.slug}"))
    assert re.search(r"Organiza</dt><dd[^>]*>Beta</dd>", page)
    assert "Coorganizan</dt>" in page and page.index("Zeta Gremio") < page.index("Alfa Cámara")
    listing = _page(client.get("/eventos?q=ordenada"))
    assert "Organiza: Beta, Zeta Gremio, Alfa Cámara" in listing


def test_edit_form_lists_the_organisers_first_in_order_and_saving_keeps_it(client, login_as, db):
    zeta, alfa, beta = _three()
    event = f.event(alfa)
    event.organizers.extend([beta, zeta])  # alfa organises, then beta, then zeta
    db.session.commit()
    login_as(f.user("actor_staff", alfa))
    form = _page(client.get(f"/eventos/{event.slug}/editar"))
    options = re.findall(r'<option selected value="(\d+)"', form) or re.findall(
        r'<option value="(\d+)" selected', form
    )
    assert options == [str(alfa.id), str(beta.id), str(zeta.id)]
    first_options = re.findall(r'<option[^>]*value="(\d+)"', form)[:3]
    assert first_options == options  # the page sends them back in this order
    data = _event_form(event.name, [alfa, beta, zeta]) | {"version": str(event.version_id)}
    assert client.post(f"/eventos/{event.slug}/editar", data=data).status_code == 302
    assert _positions(event) == [(alfa.id, 0), (beta.id, 1), (zeta.id, 2)]


def test_reordering_and_dropping_a_co_organiser_is_saved(client, login_as, db):
    zeta, alfa, beta = _three()
    event = f.event(alfa)
    event.organizers.extend([beta, zeta])
    db.session.commit()
    login_as(f.user("admin"))
    data = _event_form(event.name, [zeta, alfa]) | {"version": str(event.version_id)}
    assert client.post(f"/eventos/{event.slug}/editar", data=data).status_code == 302
    assert _positions(event) == [(zeta.id, 0), (alfa.id, 1)]
    assert _organizers(event) == [zeta, alfa]


def test_staff_of_a_co_organiser_who_leaves_themselves_out_is_put_back_first(client, login_as, db):
    zeta, alfa, beta = _three()
    event = f.event(alfa)
    event.organizers.append(beta)
    db.session.commit()
    login_as(f.user("actor_staff", beta))
    data = _event_form(event.name, [alfa]) | {"version": str(event.version_id)}
    assert client.post(f"/eventos/{event.slug}/editar", data=data).status_code == 302
    assert [a.id for a in _organizers(event)] == [beta.id, alfa.id]


def test_demo_report_events_name_their_organiser_first(client, db):
    cumo = db.session.scalar(select(Event).where(Event.slug == "cumo"))
    if cumo is None:  # the demo's report events are loaded by the session's seed
        return
    assert [a.slug for a in _organizers(cumo)] == ["corpomoda", "gobernacion-de-norte-de-santander"]
    page = _page(client.get("/eventos/cumo"))
    lead, co = (a.display_name for a in cumo.organizers)
    assert page.index(lead) < page.index("Coorganiza") < page.index(co)


# --- the migration's backfill ----------------------------------------------------------------


def _insert_actor(conn, actor_id: int, slug: str) -> None:
    ids = [c["name"] for c in inspect(conn).get_columns("actors") if c["name"].endswith("uuid")]
    columns = "".join(f", {name}" for name in ids)
    values = "".join(f", :{name}" for name in ids)
    conn.execute(
        text(
            f"INSERT INTO actors (id, slug, name, name_norm, kind, network_role, status, "
            f"is_member, version_id, created_at, updated_at{columns}) VALUES (:i, :s, :s, :s, "
            f"'otro', 'miembro', 'activo', true, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP{values})"
        ),
        {"i": actor_id, "s": slug} | {name: str(uuid.uuid4()) for name in ids},
    )


def _insert_event(conn, event_id: int, slug: str, actor_ids: list[int]) -> None:
    conn.execute(
        text(
            "INSERT INTO events (id, slug, name, name_norm, kind, country, registration_open, "
            "is_reported, version_id, created_at, updated_at) VALUES (:i, :s, :s, :s, 'feria', "
            "'Colombia', false, false, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        ),
        {"i": event_id, "s": slug},
    )
    for actor_id in actor_ids:
        conn.execute(
            text("INSERT INTO event_organizers (event_id, actor_id) VALUES (:e, :a)"),
            {"e": event_id, "a": actor_id},
        )


def test_backfill_keeps_the_reports_order_then_the_id_order(alembic_runner, alembic_engine):  # noqa: F811
    alembic_runner.migrate_up_before(ORDER_REVISION)
    with alembic_engine.begin() as conn:
        _insert_actor(conn, 1, "gobernacion-de-norte-de-santander")
        _insert_actor(conn, 2, "corpomoda")
        _insert_actor(conn, 3, "otro-actor")
        # CÚMO: the report names Corpomoda first, then the Gobernación; a third actor the
        # report does not name goes after them.
        _insert_event(conn, 1, "cumo", [3, 1, 2])
        _insert_event(conn, 2, "feria-propia", [3, 1])  # not in the report: id order
    alembic_runner.migrate_up_one()
    with alembic_engine.connect() as conn:
        rows = conn.execute(
            text("SELECT event_id, actor_id FROM event_organizers ORDER BY event_id, position")
        ).all()
    assert [tuple(r) for r in rows] == [(1, 2), (1, 1), (1, 3), (2, 1), (2, 3)]
    alembic_runner.migrate_down_one()  # and back, without the column


def test_event_page_reads_all_its_organisers_in_one_query(client, db, count_queries):
    zeta, alfa, beta = _three()
    event = f.event(alfa)
    db.session.commit()

    def measure() -> int:
        db.session.expire_all()
        with count_queries() as counter:
            _page(client.get(f"/eventos/{event.slug}"))
        return counter.count

    one = measure()
    event = db.session.get(Event, event.id)
    event.organizers.extend([beta, zeta, f.actor("Cuarto Actor")])
    db.session.commit()
    assert measure() == one
