"""Entrepreneur registry: dedupe, who sees whom, timeline, merge, anonymise, locking, paging."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from red.models import (
    ConsentRecord,
    Entrepreneur,
    Event,
    Participation,
    Referral,
    ServiceRecord,
    Venture,
)
from red.services import entrepreneurs as registry
from red.services.entrepreneurs import MergeError
from red.services.people import register_person
from red.services.referrals import send_referral
from red.services.service_log import register_service


def _count(db, model, **where):
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return db.session.scalar(query)


NEW_PERSON = {
    "doc_type": "13",
    "doc_number": "1.090.555.666",
    "first_names": "Luisa",
    "last_names": "Gómez Peña",
    "email": "luisa@example.com",
    "phone": "300 123 4567",
    "municipality_code": "99001",
    "channel": "presencial",
    "purpose_attention": "y",
}


def test_staff_registers_a_person_with_consent(client, login_as, db, world):
    db.session.commit()
    login_as(world.staff_a)
    response = client.post("/emprendedores/nuevo", data=NEW_PERSON)
    assert response.status_code == 302
    luisa = db.session.scalar(select(Entrepreneur).where(Entrepreneur.doc_number == "1090555666"))
    assert luisa.registered_by_actor_id == world.actor_a.id
    db.session.refresh(luisa, ["consents"])
    consent = luisa.consents[0]
    assert consent.captured_by_user_id == world.staff_a.id and consent.policy_version
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Luisa Gómez Peña" in page and "Presencial" in page


def test_registration_without_consent_writes_nothing(client, login_as, db, world):
    db.session.commit()
    login_as(world.staff_a)
    data = {**NEW_PERSON, "purpose_attention": ""}
    response = client.post("/emprendedores/nuevo", data=data)
    assert response.status_code == 200
    assert "autorización de tratamiento de datos" in response.get_data(as_text=True)
    assert _count(db, Entrepreneur, doc_number="1090555666") == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("doc_number", "12ab", "solo lleva dígitos"),
        ("email", "no-es-correo", "correo válido"),
        ("phone", "12", "teléfono"),
    ],
)
def test_registration_validates_document_email_and_phone(
    client, login_as, db, world, field, value, message
):
    db.session.commit()
    login_as(world.staff_a)
    response = client.post("/emprendedores/nuevo", data={**NEW_PERSON, field: value})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert value in response.get_data(as_text=True)  # the input is kept


def test_known_document_with_the_same_names_reaches_the_existing_record(
    client, login_as, db, world
):
    existing = world.person("1090555666", first="Luisa", last="Gomez Pena")
    db.session.commit()
    before = _count(db, Entrepreneur)
    login_as(world.staff_a)
    response = client.post("/emprendedores/nuevo", data=NEW_PERSON, follow_redirects=True)
    assert _count(db, Entrepreneur) == before
    assert f"/emprendedores/{existing.id}" in response.request.path
    assert "ya estaba registrada" in response.get_data(as_text=True)


def test_known_document_with_other_names_is_refused_not_attached(client, login_as, db, world):
    existing = world.person("1090555666", actor=world.actor_b, first="Marta")
    db.session.commit()
    before = (_count(db, Entrepreneur), _count(db, ConsentRecord))
    login_as(world.staff_a)
    response = client.post("/emprendedores/nuevo", data=NEW_PERSON)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "No se puede registrar con ese documento" in page
    assert "Marta" not in page and "Luisa" in page  # nothing of the record; the input kept
    assert (_count(db, Entrepreneur), _count(db, ConsentRecord)) == before
    assert client.get(f"/emprendedores/{existing.id}").status_code == 404


def test_venture_nit_is_validated(client, login_as, db, world):
    someone = world.person()
    db.session.commit()
    login_as(world.staff_a)
    bad = client.post(
        f"/emprendedores/{someone.id}/emprendimientos/nuevo",
        data={"name": "Arepas Doña Ana", "nit": "800.103.927-1"},
    )
    assert "dígito de verificación" in bad.get_data(as_text=True)
    good = client.post(
        f"/emprendedores/{someone.id}/emprendimientos/nuevo",
        data={"name": "Arepas Doña Ana", "nit": "800.103.927-7", "stage_id": world.stage.id},
    )
    assert good.status_code == 302
    assert db.session.scalar(select(Venture.nit).where(Venture.entrepreneur_id == someone.id)) == (
        "800103927-7"
    )


def test_staff_see_only_people_related_to_their_actor(client, login_as, db, world):
    ana = world.person("1090111222", first="Ana")
    bruno = world.person("1090111333", actor=world.actor_b, first="Bruno")
    db.session.commit()
    login_as(world.staff_b)
    listing = client.get("/emprendedores").get_data(as_text=True)
    assert "Bruno" in listing and "Ana Prueba" not in listing
    assert client.get(f"/emprendedores/{ana.id}").status_code == 404  # existence does not leak
    assert "Ana" not in client.get("/emprendedores?q=ana").get_data(as_text=True)
    # A referral to B makes Ana visible to B.
    send_referral(
        db.session,
        person=ana,
        to_actor_id=world.actor_b.id,
        from_actor_id=world.actor_a.id,
        need="Crédito",
    )
    db.session.commit()
    assert client.get(f"/emprendedores/{ana.id}").status_code == 200
    assert bruno.id != ana.id


def test_search_by_name_document_venture_and_municipality(db, world):
    ana = world.person("1090111222", first="Ána María")
    db.session.add(
        Venture(entrepreneur_id=ana.id, name="Café del Catatumbo", stage_id=world.stage.id)
    )
    db.session.flush()
    for text in ("ana maria", "111222", "catatumbo"):
        query, _ = registry.search_people(db.session, world.admin, registry.PeopleFilters(q=text))
        assert ana in db.session.scalars(query).all(), text
    query, _ = registry.search_people(
        db.session,
        world.admin,
        registry.PeopleFilters(municipality="99001", stage=world.stage.id),
    )
    assert db.session.scalars(query).all() == [ana]


def test_nucleo_sees_aggregates_only(client, login_as, db, world):
    world.person()
    db.session.commit()
    login_as(world.nucleo)
    page = client.get("/emprendedores").get_data(as_text=True)
    assert "cifras agregadas" in page and "Ana Prueba" not in page
    assert client.get("/emprendedores/1").status_code == 403


def test_timeline_shows_services_referrals_and_events(client, login_as, db, world):
    ana = world.person()
    register_service(
        db.session,
        actor_id=world.actor_a.id,
        person=ana,
        service_type_id=world.service_type.id,
        served_on=date(2026, 2, 2),
        outcome="Plan de negocio listo",
    )
    send_referral(
        db.session,
        person=ana,
        to_actor_id=world.actor_b.id,
        from_actor_id=world.actor_a.id,
        need="Crédito",
    )
    event = Event(slug="ws-feria", name="Feria de prueba", kind="feria")
    db.session.add(event)
    db.session.flush()
    db.session.add(Participation(event_id=event.id, entrepreneur_id=ana.id, status="asistio"))
    db.session.commit()
    login_as(world.staff_b)
    page = client.get(f"/emprendedores/{ana.id}").get_data(as_text=True)
    assert "Formación de prueba" in page and "Feria de prueba" in page
    assert "/eventos/ws-feria" in page and "Enviada" in page
    assert "Plan de negocio listo" not in page  # another actor's notes stay with it
    login_as(world.staff_a)
    assert "Plan de negocio listo" in client.get(f"/emprendedores/{ana.id}").get_data(as_text=True)


def test_sensitive_data_hidden_without_consent(client, login_as, db, world):
    ana = world.person()
    db.session.commit()
    login_as(world.staff_a)
    page = client.get(f"/emprendedores/{ana.id}").get_data(as_text=True)
    assert "Ocultos" in page
    form = client.get(f"/emprendedores/{ana.id}/datos-sensibles").get_data(as_text=True)
    assert "no ha autorizado" in form
    client.post(
        f"/emprendedores/{ana.id}/datos-sensibles",
        data={"ethnicity": "Indígena", "version": ana.version_id},
    )
    db.session.refresh(ana)
    assert ana.ethnicity is None


def test_editing_with_a_stale_version_is_refused(client, login_as, db, world):
    ana = world.person()
    db.session.commit()
    stale = ana.version_id
    ana.phone = "3009998888"  # someone else saved meanwhile
    db.session.commit()
    login_as(world.staff_a)
    response = client.post(
        f"/emprendedores/{ana.id}/editar",
        data={
            "version": stale,
            "doc_type": "13",
            "doc_number": ana.doc_number,
            "first_names": "Otra",
            "last_names": "Persona",
        },
    )
    assert response.status_code == 409
    assert "Otra persona guardó cambios en este registro" in response.get_data(as_text=True)
    db.session.refresh(ana)
    assert ana.first_names == "Ana" and ana.phone == "3009998888"
    ok = client.post(
        f"/emprendedores/{ana.id}/editar",
        data={
            "version": ana.version_id,
            "doc_type": "13",
            "doc_number": ana.doc_number,
            "first_names": "Ana Lucía",
            "last_names": "Prueba",
        },
    )
    assert ok.status_code == 302


def test_merge_moves_everything_and_loses_nothing(client, login_as, db, world):
    keep = world.person("1090111222")
    drop = world.person("1090111333", actor=world.actor_b)
    db.session.add(Venture(entrepreneur_id=drop.id, name="Dulces La Abuela"))
    for who in (keep, drop):
        register_service(
            db.session,
            actor_id=world.actor_a.id,
            person=who,
            service_type_id=world.service_type.id,
            served_on=date(2026, 1, 15),
        )
    send_referral(
        db.session,
        person=drop,
        to_actor_id=world.actor_a.id,
        from_actor_id=world.actor_b.id,
        need="Mentoría",
    )
    shared, other = (
        Event(slug="ws-e1", name="E1", kind="feria"),
        Event(slug="ws-e2", name="E2", kind="feria"),
    )
    db.session.add_all([shared, other])
    db.session.flush()
    db.session.add_all(
        [
            Participation(event_id=shared.id, entrepreneur_id=keep.id),
            Participation(event_id=shared.id, entrepreneur_id=drop.id, sales_cop=500000),
            Participation(event_id=other.id, entrepreneur_id=drop.id),
        ]
    )
    db.session.commit()
    totals = {m: _count(db, m) for m in (ServiceRecord, Referral, Venture, ConsentRecord)}
    login_as(world.admin)
    preview = client.get(f"/emprendedores/fusionar?conservar={keep.id}&fusionar={drop.id}")
    assert "1090111333" in preview.get_data(as_text=True)
    response = client.post(
        "/emprendedores/fusionar", data={"keep_id": keep.id, "drop_id": drop.id, "confirm": "y"}
    )
    assert response.status_code == 302
    for model, before in totals.items():
        assert _count(db, model) == before, model
        assert _count(db, model, entrepreneur_id=drop.id) == 0, model
    assert _count(db, ServiceRecord, entrepreneur_id=keep.id) == 2
    assert _count(db, Participation, entrepreneur_id=keep.id) == 2
    kept_shared = db.session.scalar(
        select(Participation).where(
            Participation.entrepreneur_id == keep.id, Participation.event_id == shared.id
        )
    )
    assert kept_shared.sales_cop == 500000
    db.session.refresh(drop)
    assert drop.merged_into_id == keep.id
    # Registering the merged document again lands on the surviving record.
    again = register_person(db.session, doc_type="13", doc_number="1090111333")
    assert again.person.id == keep.id and not again.created


def test_merge_refuses_the_same_record(db, world):
    ana = world.person()
    with pytest.raises(MergeError):
        registry.merge_people(db.session, ana, ana)


def test_anonymise_keeps_counts_and_removes_identity(client, login_as, db, world):
    ana = world.person()
    register_service(
        db.session,
        actor_id=world.actor_a.id,
        person=ana,
        service_type_id=world.service_type.id,
        served_on=date(2026, 1, 15),
    )
    db.session.commit()
    services_before = _count(db, ServiceRecord)
    login_as(world.admin)
    assert "¿Anonimizar" in client.get(f"/emprendedores/{ana.id}/anonimizar").get_data(as_text=True)
    client.post(f"/emprendedores/{ana.id}/anonimizar")
    db.session.refresh(ana)
    assert ana.anonymized_at and ana.first_names == "Persona" and ana.doc_number != "1090111222"
    assert _count(db, ServiceRecord) == services_before


@pytest.mark.parametrize("path", ["/emprendedores", "/emprendedores?q=negocio"])
def test_registry_list_has_a_fixed_number_of_queries(
    client, login_as, db, world, count_queries, path
):
    first = world.person("1090100000")
    db.session.add(Venture(entrepreneur_id=first.id, name="Negocio 0", stage_id=world.stage.id))
    db.session.commit()
    login_as(world.staff_a)
    client.get(path)
    with count_queries() as few:
        client.get(path)
    for i in range(1, 25):
        someone = world.person(f"10901{i:05d}")
        db.session.add(
            Venture(entrepreneur_id=someone.id, name=f"Negocio {i}", stage_id=world.stage.id)
        )
    db.session.commit()
    client.get(path)  # same warm-up as above (the commit expired the user)
    with count_queries() as many:
        page = client.get(path)
    assert page.status_code == 200 and "Negocio 3" in page.get_data(as_text=True)
    assert many.count == few.count


def test_the_registry_filters_read_in_one_statement_list_what_the_forms_list(
    db, world, count_queries
):
    """The registry's municipality and stage filters come from one UNION ALL: the same
    options, in the same order, as the forms' own lists (inactive stages left out)."""
    from red.blueprints.entrepreneurs.helpers import (
        municipality_choices,
        registry_filter_choices,
        stage_choices,
    )
    from red.models import RouteStage

    db.session.add_all(
        [
            RouteStage(code="ws-b", name="Ñandú", number=91, position=5),
            RouteStage(code="ws-a", name="Nido", number=92, position=5),
            RouteStage(code="ws-off", name="Retirada", number=93, position=1, active=False),
        ]
    )
    db.session.flush()
    with count_queries() as counter:
        places, stages = registry_filter_choices()
    assert counter.count == 1
    assert places == municipality_choices("Todos")
    assert stages == stage_choices("Todas") and "Retirada" not in dict(stages).values()
