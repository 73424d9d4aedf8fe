"""No object or file of the open data contains anything of any person in the registry.

Two proofs: every value of every person's fields (demo people and one made-up person with
a record everywhere: service, referral, event, consent) is searched for in every answer of the
HSDS API, the package, the flat files and /api/v1; and the SQL those answers run never names a
table that holds people.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from red.models import ConsentRecord, Entrepreneur, ServiceRecord, User, Venture
from red.services.hsds.taxonomies import STAGES
from tests import factories as f

PEOPLE_TABLES = (
    "entrepreneurs",
    "ventures",
    "consent_records",
    "entrepreneur_populations",
    "person_access",
    "service_records",
    "referrals",
    "referral_status_changes",
    "participations",
    "rights_requests",
    "users",
    "audit_log",
)


@pytest.fixture
def private_person(db):
    """A person with a value in every field, served on a published program (the demo's people
    add referrals, events and consents of every kind)."""
    owner = f.actor(
        "Actor Privacidad", slug="t-priv", municipality_code=f.municipality("54810").code
    )
    program = f.program("Programa privacidad", owner, municipalities=("54810",))
    person = Entrepreneur(
        doc_type="13",
        doc_number="1098765432",
        first_names="Zuleima Xiomara",
        last_names="Quinterovich Privada",
        email="zuleima.privada@correo-privado.test",
        phone="3219876543",
        address="Vereda El Secreto casa 77",
        municipality_code="54810",
        sex="F",
        gender_identity="Identidad privadísima",
        birth_date=date(1991, 7, 23),
        ethnicity="Etnia privadísima",
        registered_by=owner,
    )
    person.ventures = [
        Venture(
            name="Arepas Secretas Quinterovich",
            nit="901999888-1",
            description="Negocio oculto de prueba",
        )
    ]
    person.consents = [
        ConsentRecord(
            policy_version="2026-01",
            purpose_attention=True,
            channel="web",
            evidence="evidencia-privada-77",
        )
    ]
    db.session.add(person)
    db.session.flush()
    db.session.add(
        ServiceRecord(
            actor_id=owner.id,
            program_id=program.id,
            entrepreneur_id=person.id,
            service_type_id=f.service_type().id,
            served_on=date(2025, 5, 2),
            outcome="Resultado privadísimo de la atención",
        )
    )
    db.session.flush()
    return person


def personal_values(session) -> set[str]:
    """Every distinctive personal value in the registry (short ones would match by chance)."""
    values: set[str] = set()
    for person in session.scalars(select(Entrepreneur)):
        values |= {
            f"{person.first_names} {person.last_names}",
            person.doc_number,
            person.email or "",
            person.phone or "",
            person.address or "",
            person.gender_identity or "",
            person.ethnicity or "",
            person.birth_date.isoformat() if person.birth_date else "",
        }
    for venture in session.scalars(select(Venture)):
        values |= {venture.name, venture.nit or "", venture.description or ""}
    for consent in session.scalars(select(ConsentRecord)):
        values.add(consent.evidence or "")
    for record in session.scalars(select(ServiceRecord)):
        values.add(record.outcome or "")
    for user in session.scalars(select(User)):
        values |= {user.email, user.full_name}
    return {v for v in values if len(v) >= 8}


def everything_published(client) -> dict[str, str]:
    """Every answer of the open data, by address: all pages of every list, every detail."""
    out: dict[str, str] = {}

    def fetch(path: str, **params) -> dict | None:
        response = client.get(path, query_string=params)
        assert response.status_code == 200, path
        out[f"{path}?{params}"] = response.get_data(as_text=True)
        return response.get_json(silent=True)

    lists = {
        "/api/hsds/services": [{}, {"full": "true"}, {"minimal": "true"}],
        "/api/hsds/service_at_locations": [{}, {"full": "true"}],
        "/api/hsds/organizations": [{}, {"full_service": "true"}],
        "/api/hsds/taxonomies": [{}],
        "/api/hsds/taxonomy_terms": [{}],
    }
    for path, variants in lists.items():
        for variant in variants:
            page = 1
            while True:
                body = fetch(path, page=page, per_page=100, **variant)
                if variant == {}:
                    for item in body["contents"]:
                        fetch(f"{path}/{item['id']}")
                if body["last_page"]:
                    break
                page += 1
    fetch("/api/hsds/")
    fetch(f"/api/hsds/taxonomies/{STAGES.id}")
    page = 1
    while True:
        body = fetch("/api/v1/programs", page=page, per_page=100)
        for item in body["items"]:
            fetch(f"/api/v1/programs/{item['slug']}")
        if page >= body["pages"]:
            break
        page += 1
    for path in ("/datos", "/datos/programas.csv", "/datos/programas.json"):
        fetch(path)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/datos/hsds.zip").data))
    for name in archive.namelist():
        out[f"hsds.zip/{name}"] = archive.read(name).decode("utf-8")
    return out


def test_no_personal_value_appears_in_any_open_data(client, db, private_person, unlimited_api):
    values = personal_values(db.session)
    assert "Zuleima Xiomara Quinterovich Privada" in values and "1098765432" in values
    published = everything_published(client)
    leaks = {
        (where, value)
        for where, text in published.items()
        for value in values
        if value in text or value.lower() in text.lower()
    }
    assert leaks == set()


def test_the_open_data_never_reads_a_table_of_people(client, db, private_person, unlimited_api):
    statements: list[str] = []

    def listener(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(Engine, "after_cursor_execute", listener)
    try:
        everything_published(client)
    finally:
        event.remove(Engine, "after_cursor_execute", listener)
    named = re.compile(r"\b(" + "|".join(PEOPLE_TABLES) + r")\b")
    readers = {named.search(s).group(1) for s in statements if named.search(s)}
    # The flat files and /api/v1 show the places left (cupos), counted from referrals.
    assert readers <= {"referrals"}, readers
    hsds_only = [s for s in statements if named.search(s) and "referrals" not in s]
    assert hsds_only == []
