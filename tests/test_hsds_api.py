"""The HSDS 3.0 API: every object of every endpoint (all pages) validates against the spec's
own schemas (tests/hsds/, tag v3.0), on the demo data and on thousands of programs."""

from __future__ import annotations

import random

from sqlalchemy import select

from red.models import Program
from red.seed.synthetic_catalog import add_programs
from tests import factories as f
from tests import hsds_schemas

API = "/api/hsds"
# list path -> (schema of a list item, schema of a nested item, schema of the detail)
ENDPOINTS = {
    "/services": ("compiled/service_list", "compiled/service", "compiled/service"),
    "/service_at_locations": (
        "compiled/service_at_location_list",
        "compiled/service_at_location",
        "compiled/service_at_location",
    ),
    "/organizations": (
        "compiled/organization_list",
        "compiled/organization",
        "compiled/organization",
    ),
    "/taxonomies": ("taxonomy", "taxonomy", "taxonomy"),
    "/taxonomy_terms": ("taxonomy_term", "taxonomy_term", "taxonomy_term"),
}
NESTED = {
    "/services": {"full": "true"},
    "/service_at_locations": {"full": "true"},
    "/organizations": {"full_service": "true"},
}
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def page_schema_errors(body: dict) -> list[str]:
    page = hsds_schemas.openapi_spec()["components"]["schemas"]["Page"]
    problems = [f"falta {key}" for key in PAGE_KEYS - set(body)]
    from jsonschema import Draft202012Validator

    problems += [e.message for e in Draft202012Validator(page).iter_errors(body)]
    return problems


def crawl(client, path: str, per_page: int, **params) -> list[dict]:
    """Every item of a list endpoint, page by page, checking each page's envelope."""
    items, number = [], 1
    while True:
        response = client.get(
            f"{API}{path}", query_string={**params, "page": number, "per_page": per_page}
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        assert page_schema_errors(body) == []
        assert body["page_number"] == number and body["size"] == len(body["contents"])
        assert body["first_page"] == (number == 1)
        items += body["contents"]
        if body["last_page"]:
            assert len(items) == body["total_items"]
            return items
        number += 1


def validate_all(name: str, objects: list[dict]) -> int:
    problems = {o.get("id"): hsds_schemas.errors(name, o) for o in objects}
    assert {k: v for k, v in problems.items() if v} == {}
    return len(objects)


def validate_endpoint(
    client, path: str, per_page: int, *, details: bool = True, nested: bool = True
) -> int:
    listed, nested_schema, detail_schema = ENDPOINTS[path]
    items = crawl(client, path, per_page)
    count = validate_all(listed, items)
    if nested and path in NESTED:
        count += validate_all(nested_schema, crawl(client, path, per_page, **NESTED[path]))
    if path == "/services":
        count += validate_all(listed, crawl(client, path, 1000, minimal="true"))
    if details:
        found = []
        for item in items:
            response = client.get(f"{API}{path}/{item['id']}")
            assert response.status_code == 200
            found.append(response.get_json())
        count += validate_all(detail_schema, found)
    return count


def test_the_schemas_are_the_spec_and_they_bite():
    """Formats are really checked, and the old download's rows fail as the issue says."""
    old_row = {"id": "feria-emprende", "service_name": "Feria", "email": "", "status": "active"}
    problems = hsds_schemas.errors("compiled/service", old_row)
    assert any("'name' is a required property" in p for p in problems)
    assert any("is not a 'uuid'" in p for p in problems)
    assert any("service_name: no es un campo" in p for p in problems)
    dated = {"id": "3f7b145d-84af-42d7-8fae-eaca714b02b2", "name": "x", "status": "active"}
    assert hsds_schemas.errors("compiled/service", {**dated, "last_modified": "2025-01-01"})
    assert hsds_schemas.errors("compiled/service", {**dated, "url": "www.sin-esquema.co"})
    assert hsds_schemas.errors("compiled/service", dated) == []


def test_every_object_of_every_endpoint_validates_on_the_demo_data(client, unlimited_api):
    counts = {path: validate_endpoint(client, path, per_page=7) for path in ENDPOINTS}
    assert all(counts.values()), counts
    about = client.get(f"{API}/").get_json()
    assert about["version"] == "3.0" and about["openapi_url"].endswith("/api/hsds/openapi.json")
    # Every published program of the demo is a service; none is missing from the API.
    published = db_published_ids()
    assert {s["id"] for s in crawl(client, "/services", 100)} == published


def db_published_ids() -> set[str]:
    from red.extensions import db

    return set(db.session.scalars(select(Program.uuid).where(Program.status == "publicado")))


def test_thousands_of_programs_validate_page_by_page(client, db, unlimited_api):
    add_programs(db.session, 2000, random.Random(19))
    # Nested services are checked through /services?full=true; the other nested forms wrap
    # the same objects and are checked on the demo data (validation costs ~4 ms an object).
    total = sum(
        validate_endpoint(
            client,
            path,
            per_page=100,
            details=path.startswith("/taxonom"),
            nested=path == "/services",
        )
        for path in ENDPOINTS
    )
    services = crawl(client, "/services", 100)
    assert len(services) == len(db_published_ids()) > 2000
    # Details (the same nested objects as full=true) for a sample: same values as the list.
    for item in random.Random(3).sample(services, 30):
        detail = client.get(f"{API}/services/{item['id']}").get_json()
        assert hsds_schemas.errors("compiled/service", detail) == []
        summary = item.pop("organization")
        assert {k: v for k, v in detail.items() if k in item} == item
        assert summary.items() <= detail["organization"].items()
    assert total > 6000


def test_a_fully_described_program_publishes_every_part(client, db):
    place = f.municipality("54810")
    owner = f.actor(
        "Corporación Completa",
        slug="t-hsds-full",
        acronym="CORCO",
        website="https://corco.example.co",
        email="info@corco.example.co",
        phone="+57 607 5713366",
        nit="900123456-7",
        municipality_code=place.code,
        address="Calle 10 # 4-38",
    )
    item = f.program(
        "Programa completo",
        owner,
        stages=(1, 2),
        municipalities=("54810",),
        is_free=False,
        cost_cop=150000,
        contact_name="Oficina de Emprendimiento",
        contact_email="emprende@corco.example.co",
        contact_phone="(607) 571 3366",
        requirements="Tener un negocio en marcha.",
        url="https://corco.example.co/programa",
        modality="mixta",
    )
    db.session.refresh(item, ["service_types", "populations"])
    item.service_types = [f.service_type()]
    item.populations = [f.population()]
    from datetime import date

    item.opens_on, item.closes_on = date(2026, 2, 1), date(2026, 3, 31)
    db.session.flush()
    body = client.get(f"{API}/services/{item.uuid}").get_json()
    assert hsds_schemas.errors("compiled/service", body) == []
    assert body["id"] == item.uuid and body["organization_id"] == owner.uuid
    assert body["eligibility_description"] == "Tener un negocio en marcha."
    assert body["cost_options"] == [
        {
            "id": item.cost_option_uuid,
            "service_id": item.uuid,
            "option": "Valor del programa",
            "currency": "COP",
            "amount": 150000,
            "amount_description": "$ 150.000 por persona inscrita.",
        }
    ]
    assert body["schedules"][0]["valid_from"] == "2026-02-01"
    assert (
        body["schedules"][0]["description"]
        == "Inscripciones abiertas del 01/02/2026 al 31/03/2026."
    )
    (area,) = body["service_areas"]
    assert area["name"] == "Tibú" and area["attributes"][0]["taxonomy_term"]["code"] == "54810"
    codes = {
        (a["taxonomy_term"]["taxonomy_id"], a["taxonomy_term"]["code"]) for a in body["attributes"]
    }
    from red.services.hsds import taxonomies as tx

    assert (tx.STAGES.id, "1") in codes and (tx.STAGES.id, "2") in codes
    assert (tx.MODALITY.id, "mixta") in codes and (tx.SERVICE_TYPES.id, "t-financiacion") in codes
    assert body["phones"][0]["number"] == "(607) 571 3366"
    assert body["contacts"][0]["name"] == "Oficina de Emprendimiento"
    organization = body["organization"]
    assert organization["organization_identifiers"][0]["identifier"] == "900123456-7"
    assert organization["website"] == "https://corco.example.co"
    assert "Calle 10 # 4-38" in organization["locations"][0]["description"]
    (at_office,) = body["service_at_locations"]
    assert at_office["location_id"] == owner.location_uuid


def test_unknown_values_are_left_out_not_empty(client, db):
    owner = f.actor(slug="t-hsds-vacio", email="", website="no es una web", phone="llame ya")
    item = f.program("Programa escueto", owner, url="ftp://raro", contact_email="sin arroba")
    body = client.get(f"{API}/services/{item.uuid}").get_json()
    assert "" not in body.values() and [] not in body.values()
    assert body["url"].endswith(f"/ruta/{item.slug}")  # its page on the Ruta
    assert "email" not in body and "phones" not in body
    organization = body["organization"]
    assert not {"email", "website", "phones", "locations"} & set(organization)
    assert organization["description"]  # HSDS requires one: what Red knows of the actor
