"""Public API and open-data downloads of the published catalog."""

from __future__ import annotations

import csv
import io

from red.services.open_data import safe_cell
from tests import factories as f


def test_programs_list_shape_and_filters(client, db):
    owner = f.actor("Actor Api Jade", slug="t-api")
    f.program("Jade Tibú", owner, stages=(2,), municipalities=("54810",))
    f.program("Jade Cúcuta", owner, stages=(3,), municipalities=("54001",))
    f.program("Jade borrador", owner, status="borrador")
    body = client.get("/api/v1/programs?q=jade&municipio=54810").get_json()
    assert body["total"] == 1 and body["page"] == 1
    item = body["items"][0]
    for key in ("id", "slug", "name", "actor", "stages", "municipalities"):
        assert key in item
    assert item["name"] == "Jade Tibú"
    assert item["actor"]["name"] == "Actor Api Jade"
    assert item["stages"] == [{"number": 2, "name": f.stage(2).name}]
    assert item["municipalities"] == [{"code": "54810", "name": "Tibú"}]
    assert client.get("/api/v1/programs?q=JADE&etapa=3").get_json()["total"] == 1
    assert client.get("/api/v1/programs?q=jade").get_json()["total"] == 2


def test_paging_and_per_page_cap(client, db):
    owner = f.actor(slug="t-api-pages")
    for n in range(5):
        f.program(f"Ambar api {n}", owner)
    body = client.get("/api/v1/programs?q=ambar+api&per_page=2&page=3").get_json()
    assert body["total"] == 5 and body["page"] == 3 and len(body["items"]) == 1
    assert client.get("/api/v1/programs?per_page=500").get_json()["per_page"] == 100
    bad = client.get("/api/v1/programs?per_page=abc")
    assert bad.status_code == 400 and "per_page" in bad.get_json()["error"]["message"]


def test_program_detail_and_404_json(client, db):
    item = f.program("Jade detalle", f.actor(slug="t-api-d"))
    body = client.get(f"/api/v1/programs/{item.slug}").get_json()
    assert body["slug"] == item.slug and body["whole_department"] is True
    draft = f.program("Jade oculto", f.actor(slug="t-api-d"), status="borrador")
    missing = client.get(f"/api/v1/programs/{draft.slug}")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == 404


def test_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    assert "/programs" in doc["paths"] and "/programs/{slug}" in doc["paths"]
    names = {p["name"] for p in doc["paths"]["/programs"]["get"]["parameters"]}
    assert {"q", "etapa", "tipo", "sector", "municipio", "poblacion", "actor", "costo"} <= names
    assert {"modalidad", "abierta", "per_page", "page"} <= names


def test_csv_download_uses_hsds_names_and_neutralises_formulas(client, db):
    owner = f.actor('=HYPERLINK("http://evil")', slug="t-api-csv")
    f.program("@Jade fórmula", owner, requirements="+1 requisito")
    response = client.get("/datos/programas.csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    for key in ("organization_name", "service_name", "description", "eligibility", "service_area"):
        assert key in rows[0]
    row = next(r for r in rows if "Jade fórmula" in r["service_name"])
    assert row["service_name"] == "'@Jade fórmula"
    assert row["organization_name"].startswith("'=")
    assert row["eligibility"] == "'+1 requisito"
    assert row["service_area"] == "Norte de Santander"


def test_json_download_and_only_published(client, db):
    owner = f.actor(slug="t-api-json")
    f.program("Jade visible", owner, municipalities=("54810", "54001"))
    f.program("Jade escondido", owner, status="archivado")
    body = client.get("/datos/programas.json").get_json()
    names = {s["service_name"] for s in body["services"]}
    assert "Jade visible" in names and "Jade escondido" not in names
    visible = next(s for s in body["services"] if s["service_name"] == "Jade visible")
    assert visible["service_area"] == "Cúcuta; Tibú"
    assert body["count"] == len(body["services"])


def test_open_data_page(client):
    page = client.get("/datos").get_data(as_text=True)
    assert "Open Referral" in page and "programas.csv" in page and "organization_name" in page


def test_safe_cell():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("-2") == "'-2"
    assert safe_cell("\tx") == "'\tx"
    assert safe_cell("normal") == "normal"
    assert safe_cell(5) == 5


def test_api_list_fixed_queries(client, db, count_queries):
    owner = f.actor(slug="t-api-q")
    f.program("Cuarzo 0", owner)
    path = "/api/v1/programs?actor=t-api-q&per_page=100"
    client.get(path)
    with count_queries() as few:
        client.get(path)
    for n in range(1, 26):
        f.program(f"Cuarzo {n}", owner, municipalities=("54001",), cooperators=[f.actor()])
    client.get(path)  # the catalog changed: the in-memory index is rebuilt once, here
    with count_queries() as many:
        assert client.get(path).get_json()["total"] == 26
    assert few.count == many.count


def test_an_empty_page_or_per_page_is_a_400_not_the_default(client):
    """An API client that sends ?per_page= made a mistake; answering with 20 would hide it
    (schemathesis found it)."""
    for name in ("page", "per_page"):
        response = client.get(f"/api/v1/programs?{name}=")
        assert response.status_code == 400, name
        assert name in response.get_data(as_text=True)
