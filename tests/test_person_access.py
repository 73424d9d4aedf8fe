"""Who sees whom follows every change to the records that grant it.

person_access caches the visibility rule (red/services/person_access.py). Every test of the suite
ends by checking the table equals the rule (tests/conftest.py); these tests walk the
changes that are easy to miss and check what a member actually sees.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from red.models import ConsentRecord, Event, Participation, PersonAccess
from red.permissions.people import can_see_person
from red.services import entrepreneurs as registry
from red.services.person_access import rebuild, relation_rows
from red.services.service_log import delete_service, register_service


def sees(db, user, someone) -> bool:
    return can_see_person(db.session, user, someone)


def served_by_b(db, world, someone):
    """Actor B logs a service to `someone`."""
    record = register_service(
        db.session,
        actor_id=world.actor_b.id,
        person=someone,
        service_type_id=world.service_type.id,
        served_on=date(2026, 11, 2),
    )
    db.session.flush()
    return record


def test_a_service_grants_access_and_deleting_it_takes_it_back(db, world):
    ana = world.person()  # registered by A
    assert not sees(db, world.staff_b, ana)
    record = served_by_b(db, world, ana)
    assert sees(db, world.staff_b, ana)
    delete_service(db.session, record)
    db.session.flush()
    assert not sees(db, world.staff_b, ana)


def test_organising_an_event_shows_its_participants(db, world):
    ana = world.person()
    event = Event(slug="acc-feria", name="Feria de acceso", kind="feria", organizers=[])
    db.session.add(event)
    db.session.flush()
    db.session.add(Participation(event_id=event.id, entrepreneur_id=ana.id))
    db.session.flush()
    assert not sees(db, world.staff_b, ana)
    event.organizers.append(world.actor_b)
    db.session.flush()
    assert sees(db, world.staff_b, ana)
    event.organizers.remove(world.actor_b)
    db.session.flush()
    assert not sees(db, world.staff_b, ana)


def test_a_consent_authorises_an_organisation_not_the_staff_who_took_it(db, world):
    """Moving a staff account to another actor takes nobody's record along: the person
    authorised the organisation, and only a new authorisation reaches the new one."""
    ana = world.person(actor=world.actor_b)  # consent captured by staff_b for B
    ana.registered_by_actor_id = None
    db.session.flush()
    assert sees(db, world.staff_b, ana) and not sees(db, world.staff_a, ana)
    world.staff_b.actor_id = world.actor_a.id
    db.session.flush()
    assert not sees(db, world.staff_a, ana)


def test_a_consent_removed_or_reassigned_updates_access(db, world):
    ana = world.person(actor=world.actor_b)
    ana.registered_by_actor_id = None
    db.session.flush()
    consent = db.session.scalar(
        select(ConsentRecord).where(ConsentRecord.entrepreneur_id == ana.id)
    )
    consent.actor_id = world.actor_a.id
    db.session.flush()
    assert sees(db, world.staff_a, ana) and not sees(db, world.staff_b, ana)
    db.session.delete(consent)
    db.session.flush()
    assert not sees(db, world.staff_a, ana)


def test_merging_moves_access_to_the_kept_record(db, world):
    keep = world.person("1090000101")
    drop = world.person("1090000102", actor=world.actor_b)
    served_by_b(db, world, drop)
    assert not sees(db, world.staff_b, keep)
    registry.merge_people(db.session, keep, drop)
    db.session.flush()
    assert sees(db, world.staff_b, keep)  # B served the person, now under the kept record


def test_rebuild_gives_back_exactly_the_rule(db, world):
    world.person()
    db.session.flush()
    connection = db.session.connection()
    connection.execute(PersonAccess.__table__.delete())
    rebuild(connection)
    stored = set(connection.execute(select(PersonAccess.actor_id, PersonAccess.entrepreneur_id)))
    assert stored == set(connection.execute(relation_rows())) and stored


def test_the_registry_list_follows_the_table(client, login_as, db, world):
    ana = world.person(first="Visible", last="Para A")
    db.session.commit()
    login_as(world.staff_b)
    assert f"/emprendedores/{ana.id}" not in client.get("/emprendedores").get_data(as_text=True)
    login_as(world.staff_a)
    assert f"/emprendedores/{ana.id}" in client.get("/emprendedores").get_data(as_text=True)


def test_rebuild_access_command(runner, db, world):
    world.person()
    db.session.flush()
    db.session.connection().execute(PersonAccess.__table__.delete())
    result = runner.invoke(args=["red", "rebuild-access"])
    assert result.exit_code == 0, result.output
    assert "Accesos recalculados" in result.output
    stored = db.session.scalar(select(func.count()).select_from(PersonAccess))
    assert stored == len(set(db.session.execute(relation_rows()))) > 0


def test_the_person_page_is_the_owners_alone_and_editable_only_when_open(
    client, login_as, db, world
):
    """The person page loads the record and checks who may see it in one statement, and
    answers "may I edit?" from that same check: a foreign id is still a 404 (page and
    edit form), and an anonymised record is shown without the edit buttons."""
    ana = world.person(first="Ana", last="Una Sola Consulta")
    db.session.commit()
    login_as(world.staff_b)
    assert client.get(f"/emprendedores/{ana.id}").status_code == 404
    assert client.get(f"/emprendedores/{ana.id}/editar").status_code == 404
    login_as(world.staff_a)
    page = client.get(f"/emprendedores/{ana.id}")
    assert page.status_code == 200 and "Editar datos" in page.get_data(as_text=True)
    ana.anonymized_at = ana.created_at
    db.session.commit()
    page = client.get(f"/emprendedores/{ana.id}")
    assert page.status_code == 200 and "Editar datos" not in page.get_data(as_text=True)
    assert client.get(f"/emprendedores/{ana.id}/editar").status_code == 403
    login_as(world.admin)
    assert client.get(f"/emprendedores/{ana.id}").status_code == 200
