"""The HSDS API's document and parameters: the spec's paths, each parameter honoured, every
bad value a Spanish 400 (never a 500, never ignored); 304s, CORS, GET only, per-IP limit."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from red.models import Program
from red.services import catalog_search
from red.services.hsds import taxonomies as tx
from tests import factories as f
from tests import hsds_schemas

API = "/api/hsds"
LISTS = ("/services", "/service_at_locations", "/organizations", "/taxonomies", "/taxonomy_terms")


def get(client, path: str, **params):
    return client.get(f"{API}{path}", query_string=params)


def ids(client, path: str = "/services", **params) -> list[str]:
    response = get(client, path, per_page=100, **params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.get_json()["contents"]]


def assert_400(response, *words: str) -> None:
    assert response.status_code == 400, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert all(word in error["message"] for word in words), error["message"]
    if "parameter" in error:  # a query-string value: the answer names it
        assert error["parameter"] in error["message"]


@pytest.fixture
def jade(db):
    """Two programs of one actor: one in Tibú at stage 2, one department-wide at stage 3."""
    owner = f.actor("Actor Jade Abierto", slug="t-hsds-jade", municipality_code="54810")
    f.municipality("54810")
    tibu = f.program("Jade Tibú", owner, stages=(2,), municipalities=("54810",))
    whole = f.program("Jade departamento", owner, stages=(3,), modality="virtual")
    f.program("Jade borrador", owner, status="borrador")
    return owner, tibu, whole


# --- the document ------------------------------------------------------------------------


def test_openapi_paths_and_parameters_are_the_specs(client):
    ours = client.get(f"{API}/openapi.json").get_json()
    spec = hsds_schemas.openapi_spec()
    assert set(ours["paths"]) == set(spec["paths"]) and len(ours["paths"]) == 11

    def names(document, path):
        found = set()
        for parameter in document["paths"][path]["get"].get("parameters", []):
            ref = parameter.get("$ref", "")
            found.add(
                document["components"]["parameters"][ref.split("/")[-1]]["name"]
                if ref
                else parameter["name"]
            )
        return found

    for path in spec["paths"]:
        assert names(ours, path) == names(spec, path), path
        assert "400" in ours["paths"][path]["get"]["responses"]
    assert ours["openapi"] == spec["openapi"] == "3.1.0"
    assert ours["servers"][0]["url"].endswith("/api/hsds")
    assert ours["components"]["parameters"]["per_page"]["schema"]["maximum"] == 1000
    assert ours["info"]["license"]["name"].startswith("Creative Commons")


# --- each parameter ----------------------------------------------------------------------


def test_search_is_the_catalogs_own_search(client, jade):
    from red.extensions import db

    found = catalog_search.search_programs(db.session, catalog_search.ProgramFilters(q="jade tibu"))
    # «tibu» names a place: the program in Tibú first, then the department-wide one.
    expected = [jade[1].uuid, jade[2].uuid]
    assert ids(client, search="jade tibu") == [p.uuid for p in found.items] == expected
    assert ids(client, search="zzzqqq") == []
    assert ids(client, "/service_at_locations", search="zzzqqq") == []
    long = get(client, "/services", search="jade tibu" + " x" * 300)  # cut at 200 characters
    assert long.status_code == 200


def test_page_and_per_page_bounds(client, jade):
    for value in ("0", "-1", "abc", "1.5", "10001", "٣"):
        assert_400(get(client, "/services", page=value), "page")
    for value in ("0", "101", "100000", "x"):
        assert_400(get(client, "/services", per_page=value), "per_page")
    assert_400(get(client, "/services", per_page=1001, minimal="true"), "per_page", "1.000")
    assert get(client, "/services", per_page=1000, minimal="true").status_code == 200
    for path in LISTS:
        assert_400(get(client, path, page=0), "page")
    beyond = get(client, "/services", page=9999).get_json()
    assert beyond["empty"] is True and beyond["contents"] == [] and beyond["last_page"] is True
    one = get(client, "/services", search="jade", per_page=1, page=2).get_json()
    assert one["total_items"] == 2 and one["total_pages"] == 2 and one["size"] == 1
    assert one["last_page"] is True and one["first_page"] is False


def test_organization_id(client, jade):
    owner, tibu, whole = jade
    assert set(ids(client, organization_id=owner.uuid)) == {tibu.uuid, whole.uuid}
    assert ids(client, organization_id="3f7b145d-84af-42d7-8fae-eaca714b02b2") == []
    assert_400(get(client, "/services", organization_id=owner.slug), "organization_id", "UUID")


def test_taxonomy_term_id_and_taxonomy_id(client, jade):
    _owner, tibu, whole = jade
    stage_two = f.stage(2).uuid
    assert tibu.uuid in ids(client, taxonomy_term_id=stage_two)
    assert whole.uuid not in ids(client, taxonomy_term_id=stage_two)
    place = f.municipality("54810").uuid
    assert ids(client, search="jade", taxonomy_term_id=place) == [tibu.uuid]
    assert ids(client, search="jade", taxonomy_term_id=tx.DEPARTMENT.id) == [whole.uuid]
    assert ids(client, search="jade", taxonomy_term_id=tx.MODALITY_TERM_IDS["virtual"]) == [
        whole.uuid
    ]
    assert set(ids(client, search="jade", taxonomy_id=tx.STAGES.id)) == {tibu.uuid, whole.uuid}
    assert ids(client, search="jade", taxonomy_id=tx.POPULATIONS.id) == []
    assert ids(client, taxonomy_id="3f7b145d-84af-42d7-8fae-eaca714b02b2") == []
    for name in ("taxonomy_term_id", "taxonomy_id"):
        assert_400(get(client, "/services", **{name: "etapa-2"}), name)
        assert_400(get(client, "/service_at_locations", **{name: "12"}), name)


def test_modified_after(client, db, jade):
    _owner, tibu, whole = jade
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert ids(client, search="jade", modified_after=soon) == []
    assert set(ids(client, search="jade", modified_after="2020-01-01")) == {tibu.uuid, whole.uuid}
    assert set(ids(client, search="jade", modified_after="2020-01-01T00:00:00Z")) == {
        tibu.uuid,
        whole.uuid,
    }
    tibu.updated_at = datetime.now(UTC) + timedelta(days=2)
    db.session.flush()
    assert ids(client, search="jade", modified_after=soon) == [tibu.uuid]
    for value in ("ayer", "2025-13-01", "2025-02-30T10:00", "0001-01-01", "31/12/2025"):
        assert_400(get(client, "/services", modified_after=value), "modified_after", "ISO 8601")


def test_minimal_full_and_format(client, jade):
    minimal = get(client, "/services", search="jade", minimal="true").get_json()["contents"]
    assert [set(item) for item in minimal] == [{"id", "name", "status", "last_modified"}] * 2
    full = get(client, "/services", search="jade tibu", full="true").get_json()["contents"][0]
    assert {"attributes", "service_areas", "organization"} <= set(full)
    assert "attributes" not in get(client, "/services", search="jade").get_json()["contents"][0]
    assert_400(get(client, "/services", minimal="true", full="true"), "minimal", "full")
    for name in ("minimal", "full"):
        assert_400(get(client, "/services", **{name: "quizás"}), name)
    lines = get(client, "/services", format="ndjson").get_data(as_text=True).splitlines()
    total = get(client, "/services").get_json()["total_items"]
    assert len(lines) == total and json.loads(lines[0])["status"] == "active"
    assert_400(get(client, "/services", format="xml"), "format")
    for path in LISTS:
        response = get(client, path, format="ndjson")
        assert response.status_code == 200 and response.mimetype == "application/x-ndjson"


def test_organizations_full_and_full_service(client, jade):
    owner = jade[0]
    listed = get(client, "/organizations", search="jade abierto").get_json()["contents"]
    assert [o["id"] for o in listed] == [owner.uuid] and "services" not in listed[0]
    full = get(client, "/organizations", search="jade abierto", full="true").get_json()
    services = full["contents"][0]["services"]
    assert len(services) == 2 and "attributes" not in services[0]
    nested = get(client, f"/organizations/{owner.uuid}", full_service="true").get_json()
    assert all("attributes" in s for s in nested["services"])
    assert_400(get(client, f"/organizations/{owner.uuid}", full_service="maybe"), "full_service")


def test_taxonomy_terms_filters(client, jade):
    everything = get(client, "/taxonomy_terms", per_page=100).get_json()["contents"]
    municipal = [t for t in everything if t.get("parent_id") == tx.DEPARTMENT.id]
    assert municipal and all(t["taxonomy_id"] == tx.PLACES.id for t in municipal)
    children = ids(client, "/taxonomy_terms", parent_id=tx.DEPARTMENT.id)
    assert set(children) == {t["id"] for t in municipal}
    top = get(client, "/taxonomy_terms", per_page=100, top_only="true").get_json()["contents"]
    assert all("parent_id" not in t for t in top) and tx.DEPARTMENT.id in {t["id"] for t in top}
    stages = ids(client, "/taxonomy_terms", taxonomy_id=tx.STAGES.id)
    assert f.stage(2).uuid in stages and len(stages) <= 6
    assert ids(client, "/taxonomy_terms", search="tibu") == [f.municipality("54810").uuid]
    assert ids(client, "/taxonomies", search="divipola") == [tx.PLACES.id]
    assert_400(get(client, "/taxonomy_terms", parent_id="54"), "parent_id")
    assert_400(get(client, "/taxonomy_terms", top_only="2"), "top_only")


def test_unavailable_unknown_and_repeated_parameters(client):
    assert_400(get(client, "/service_at_locations", postcode="540001"), "postcode", "no está")
    assert_400(get(client, "/service_at_locations", proximity="500"), "proximity")
    assert_400(get(client, "/services", q="cafe"), "«q»", "search")
    assert_400(get(client, "/services", postcode="540001"), "postcode")
    assert_400(client.get(f"{API}/services?page=1&page=2"), "page", "más de una vez")
    assert_400(get(client, "/", page=1), "page")


def test_ids_in_the_path(client, db, jade):
    owner, tibu, _whole = jade
    draft = db.session.scalar(select(Program).where(Program.name == "Jade borrador"))
    for path in LISTS:
        assert_400(client.get(f"{API}{path}/{tibu.slug}"), "UUID")
        missing = client.get(f"{API}{path}/3f7b145d-84af-42d7-8fae-eaca714b02b2")
        assert missing.status_code == 404 and missing.get_json()["error"]["code"] == 404
    assert client.get(f"{API}/services/{draft.uuid}").status_code == 404
    upper = client.get(f"{API}/services/{tibu.uuid.upper()}")  # UUIDs ignore case
    assert upper.status_code == 200 and upper.get_json()["id"] == tibu.uuid
    assert (
        client.get(f"{API}/service_at_locations/{tibu.service_at_location_uuid}").status_code == 200
    )
    assert client.get(f"{API}/organizations/{owner.uuid}").status_code == 200


# --- HTTP --------------------------------------------------------------------------------


def test_etag_and_last_modified_answer_304_until_the_catalog_changes(client, db, jade):
    first = get(client, "/services", search="jade")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = client.get(f"{API}/services?search=jade", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    since = client.get(f"{API}/services?search=jade", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    other = client.get(f"{API}/services?search=tibu", headers={"If-None-Match": etag})
    assert other.status_code == 200
    jade[1].name = "Jade Tibú renovado"
    db.session.flush()
    changed = client.get(f"{API}/services?search=jade", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_cors_open_and_get_only(client, jade):
    for response in (
        get(client, "/services"),
        get(client, "/services", page=0),
        client.get(f"{API}/services/3f7b145d-84af-42d7-8fae-eaca714b02b2"),
        client.get(f"{API}/no-existe"),
    ):
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        f"{API}/services",
        headers={"Origin": "https://portal.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    for method in (client.post, client.put, client.delete):
        refused = method(f"{API}/services")
        assert refused.status_code == 405 and refused.get_json()["error"]["code"] == 405


def test_per_ip_limit_is_the_apis(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "3 per minute")
    statuses = [get(client, "/taxonomies").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = get(client, "/taxonomies")
    assert limited.get_json()["error"]["code"] == 429
    assert client.get("/api/v1/programs").status_code == 429  # the same limit on /api/v1


@pytest.mark.parametrize("full", ["false", "true"])
def test_a_page_costs_the_same_statements_with_1_or_50_services(client, db, count_queries, full):
    owner = f.actor("Actor Conteo Ambar", slug="t-hsds-count")
    for n in range(50):
        f.program(f"Ambar conteo {n}", owner, stages=(1, 2), municipalities=("54810", "54001"))
    db.session.flush()
    get(client, "/services", search="ambar conteo", full=full)  # terms cached for this version
    counts = []
    for per_page in (1, 50):
        with count_queries() as counter:
            response = get(client, "/services", search="ambar conteo", per_page=per_page, full=full)
        assert response.status_code == 200 and response.get_json()["size"] == per_page
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 7, counts


HOSTILE_PARAMS = {
    "/services": (
        "search",
        "page",
        "per_page",
        "organization_id",
        "taxonomy_term_id",
        "taxonomy_id",
        "modified_after",
        "minimal",
        "full",
        "format",
    ),
    "/service_at_locations": ("search", "page", "taxonomy_term_id", "modified_after", "full"),
    "/organizations": ("search", "page", "per_page", "full", "full_service", "format"),
    "/taxonomy_terms": ("search", "taxonomy_id", "parent_id", "top_only", "page"),
}


@pytest.mark.parametrize("path", sorted(HOSTILE_PARAMS))
def test_any_value_of_any_parameter_is_200_or_a_spanish_400(client, path, unlimited_api):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    values = st.one_of(
        st.text(max_size=40).filter(lambda t: "\x00" not in t),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(
            [
                "true",
                "false",
                "",
                "2025-01-01",
                "9999-12-31T23:59:59+14:00",
                "3f7b145d-84af-42d7-8fae-eaca714b02b2",
            ]
        ),
    )

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(name=st.sampled_from(HOSTILE_PARAMS[path]), value=values)
    def check(name, value):
        response = client.get(f"{API}{path}", query_string={name: value})
        assert response.status_code in (200, 400), (name, value, response.status_code)
        if response.status_code == 400:
            assert response.get_json()["error"]["message"]

    check()
