"""/datos/hsds.zip: HSDS 3.0's tabular form. Frictionless validates it, every row validates
against the spec's JSON schema of its table, and its ids are the API's."""

from __future__ import annotations

import csv
import io
import json
import random
import zipfile
from pathlib import Path

import frictionless

from red.seed.synthetic_catalog import add_programs
from tests import factories as f
from tests import hsds_schemas

API = "/api/hsds"


def download(client) -> zipfile.ZipFile:
    response = client.get("/datos/hsds.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.data))


def tables(archive: zipfile.ZipFile) -> dict[str, list[dict[str, str]]]:
    meta = json.loads(archive.read("datapackage.json"))
    return {
        resource["name"]: list(csv.DictReader(io.StringIO(archive.read(resource["path"]).decode())))
        for resource in meta["resources"]
    }


def typed(row: dict[str, str], fields: dict[str, dict]) -> dict:
    """A CSV row as the JSON object HSDS describes: empty cells are absent, numbers numbers."""
    out = {}
    for name, text in row.items():
        if text == "":
            continue
        out[name] = float(text) if fields[name]["type"] == "number" else text
    return out


def validate_package(archive: zipfile.ZipFile, tmp_path: Path) -> int:
    """Frictionless on the unpacked files, then every row against the spec's JSON schema."""
    archive.extractall(tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]
    meta = json.loads(archive.read("datapackage.json"))
    count = 0
    for resource in meta["resources"]:
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        rows = tables(archive)[resource["name"]]
        problems = {}
        for row in rows:
            found = hsds_schemas.errors(resource["name"], typed(row, fields))
            if found:
                problems[row["id"]] = found
        assert problems == {}, resource["name"]
        count += len(rows)
    return count


def test_the_package_is_valid_hsds_and_frictionless(client, tmp_path):
    archive = download(client)
    assert validate_package(archive, tmp_path) > 300
    meta = json.loads(archive.read("datapackage.json"))
    spec = {r["name"]: r for r in hsds_schemas.spec_datapackage()["resources"]}
    for resource in meta["resources"]:
        assert resource["path"] == spec[resource["name"]]["path"]
        assert resource["schema"]["fields"] == spec[resource["name"]]["schema"]["fields"]
    assert meta["licenses"][0]["name"] == "CC-BY-4.0"
    assert meta["profile"] == "tabular-data-package" and meta["last_modified"].endswith("Z")


def test_its_ids_are_the_apis(client, unlimited_api):
    rows = tables(download(client))

    def api(path, **params):
        body = client.get(f"{API}{path}", query_string={"per_page": 100, **params}).get_json()
        assert body["total_pages"] <= 1
        return body["contents"]

    services = api("/services", full="true")
    assert {r["id"] for r in rows["service"]} == {s["id"] for s in services}
    by_id = {s["id"]: s for s in services}
    for row in rows["service"]:
        assert row["name"] == by_id[row["id"]]["name"]
        assert row["organization_id"] == by_id[row["id"]]["organization_id"]
    attributes = {a["id"] for s in services for a in s.get("attributes", [])}
    attributes |= {
        a["id"] for s in services for area in s.get("service_areas", []) for a in area["attributes"]
    }
    assert {r["id"] for r in rows["attribute"]} == attributes
    assert {r["id"] for r in rows["service_area"]} == {
        area["id"] for s in services for area in s.get("service_areas", [])
    }
    assert {r["id"] for r in rows["organization"]} == {o["id"] for o in api("/organizations")}
    assert {r["id"] for r in rows["service_at_location"]} == {
        s["id"] for s in api("/service_at_locations")
    }
    assert {r["id"] for r in rows["taxonomy_term"]} == {t["id"] for t in api("/taxonomy_terms")}
    assert {r["id"] for r in rows["taxonomy"]} == {t["id"] for t in api("/taxonomies")}


def test_thousands_of_programs_package_validates(client, db, tmp_path):
    add_programs(db.session, 2000, random.Random(23))
    archive = download(client)
    assert len(tables(archive)["service"]) > 2000
    assert validate_package(archive, tmp_path) > 12000


def test_rebuilt_when_the_catalog_changes_and_304_meanwhile(app, client, db):
    owner = f.actor("Actor Paquete", slug="t-pkg")
    item = f.program("Paquete original", owner)
    first = client.get("/datos/hsds.zip")
    assert (
        client.get("/datos/hsds.zip", headers={"If-None-Match": first.headers["ETag"]}).status_code
        == 304
    )
    item.name = "Paquete renovado"
    db.session.flush()
    second = client.get("/datos/hsds.zip", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]
    names = {r["name"] for r in tables(zipfile.ZipFile(io.BytesIO(second.data)))["service"]}
    assert "Paquete renovado" in names and "Paquete original" not in names
    kept = list(Path(app.config["OPEN_DATA_DIR"]).glob("red-hsds-*.zip"))
    assert len(kept) == 1  # the older version's file is gone


def test_licence_is_configurable(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "OPEN_DATA_LICENSE_ID", "CC0-1.0")
    monkeypatch.setitem(app.config, "OPEN_DATA_LICENSE_NAME", "Dominio público (CC0 1.0)")
    monkeypatch.setitem(
        app.config, "OPEN_DATA_LICENSE_URL", "https://creativecommons.org/publicdomain/zero/1.0/"
    )
    meta = json.loads(download(client).read("datapackage.json"))
    assert meta["licenses"][0]["name"] == "CC0-1.0"
    assert "Dominio público (CC0 1.0)" in client.get("/datos").get_data(as_text=True)
    assert (
        client.get(f"{API}/openapi.json")
        .get_json()["info"]["license"]["name"]
        .startswith("Dominio")
    )


def test_formulas_are_neutralised_in_texts_but_not_in_phones(client, db):
    owner = f.actor("=HIPERVINCULO(malo)", slug="t-pkg-formula", phone="+57 607 5713366")
    f.program(
        "@Programa fórmula", owner, requirements="+1 requisito", contact_phone="+57 300 1234567"
    )
    rows = tables(download(client))
    service = next(r for r in rows["service"] if "Programa fórmula" in r["name"])
    assert service["name"] == "'@Programa fórmula"
    assert service["eligibility_description"] == "'+1 requisito"
    assert next(r for r in rows["organization"] if "HIPERVINCULO" in r["name"])["name"].startswith(
        "'="
    )
    assert {"+57 607 5713366", "+57 300 1234567"} <= {r["number"] for r in rows["phone"]}


def test_datos_explains_itself(client):
    page = client.get("/datos").get_data(as_text=True)
    for text in (
        "HSDS",
        "3.0",
        "Última actualización",
        "Creative Commons Atribución 4.0",
        "hsds.zip",
        "/api/hsds/services?search=cafe",
        "Formato propio de Red",
        "Datos personales",
    ):
        assert text in page, text
    flat = client.get("/datos/programas.csv")
    assert flat.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        "Formato propio de Red" in client.get("/datos/programas.json").get_json()["specification"]
    )


def test_the_same_program_has_the_same_id_in_the_api_and_every_download(client, db):
    item = f.program("Mismo id en todas partes", f.actor("Actor Mismo Id", slug="t-pkg-id"))
    hsds = client.get(f"{API}/services/{item.uuid}").get_json()
    v1 = client.get(f"/api/v1/programs/{item.slug}").get_json()
    flat_json = next(
        s
        for s in client.get("/datos/programas.json").get_json()["services"]
        if s["slug"] == item.slug
    )
    flat_csv = next(
        r
        for r in csv.DictReader(
            io.StringIO(client.get("/datos/programas.csv").get_data(as_text=True).lstrip("\ufeff"))
        )
        if r["slug"] == item.slug
    )
    package = next(r for r in tables(download(client))["service"] if r["name"] == item.name)
    assert (
        hsds["id"] == v1["uuid"] == flat_json["id"] == flat_csv["id"] == package["id"] == item.uuid
    )
    owner = item.owner.uuid
    assert hsds["organization_id"] == v1["actor"]["uuid"] == flat_json["organization_id"] == owner
    assert flat_csv["organization_id"] == package["organization_id"] == owner
