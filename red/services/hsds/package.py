"""/datos/hsds.zip: the catalog in HSDS 3.0's tabular form, with a Frictionless datapackage.json.

The tables are cut from the same nested objects the API serves (records.service and
organizations.organization), so every id and value is the API's. Each table's schema is the
spec's own resource from red/data/hsds/datapackage.json (tag v3.0); foreign keys that point
at tables Red does not publish (programs, funding…) are left out of the descriptor.

The zip is built when first asked for after the catalog changed (its version counter moves
in the same transaction as any change) and kept as a file in OPEN_DATA_DIR, shared by every
worker; older versions are removed. Free-text cells that a spreadsheet would run as a formula
(starting with = + - @) get a leading apostrophe, as every download of Red does.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from red.models import Actor, Program
from red.services.hsds import HSDS_VERSION, organizations, queries, records, values
from red.services.hsds.taxonomies import TAXONOMIES, Terms
from red.services.xlsx_export import neutralise

# Tables Red publishes, in the spec's order; the rest of HSDS stays out of the package.
TABLES = (
    "organization",
    "service",
    "attribute",
    "service_at_location",
    "location",
    "phone",
    "contact",
    "schedule",
    "service_area",
    "cost_option",
    "organization_identifier",
    "taxonomy_term",
    "taxonomy",
)
PREFIX = "red-hsds-"


@dataclass(frozen=True)
class PackageInfo:
    """What /datos says of the package: its licence and the catalog's last change."""

    license_id: str
    license_name: str
    license_url: str
    homepage: str


@cache
def spec_resources() -> dict[str, dict[str, Any]]:
    text = resources.files("red").joinpath("data/hsds/datapackage.json").read_text("utf-8")
    return {resource["name"]: resource for resource in json.loads(text)["resources"]}


def _resource(name: str) -> dict[str, Any]:
    resource = json.loads(json.dumps(spec_resources()[name]))
    schema = resource["schema"]
    schema["foreignKeys"] = [
        fk for fk in schema.get("foreignKeys", []) if fk["reference"]["resource"] in TABLES
    ]
    resource["encoding"] = "utf-8"
    return resource


def descriptor(info: PackageInfo, stamp: tuple, built_at: datetime) -> dict[str, Any]:
    _version, changed_at = stamp
    return {
        "name": "red-ruta-hsds",
        "title": "Ruta de Emprendimiento, Innovación e Internacionalización de Norte de "
        "Santander (Open Referral HSDS 3.0)",
        "description": "Programas y servicios publicados por los actores de la Red Regional "
        "de Emprendimiento de Norte de Santander, con sus organizaciones, sedes, áreas de "
        "servicio y taxonomías, en la forma tabular de Open Referral HSDS 3.0. Sin datos "
        "personales.",
        "profile": "tabular-data-package",
        "version": f"{HSDS_VERSION}.0",
        "homepage": info.homepage,
        "created": values.iso_datetime(built_at),
        "last_modified": values.iso_datetime(changed_at) if changed_at else None,
        "licenses": [
            {"name": info.license_id, "path": info.license_url, "title": info.license_name}
        ],
        "sources": [
            {"title": "Red Regional de Emprendimiento de Norte de Santander", "path": info.homepage}
        ],
        "resources": [_resource(name) for name in TABLES],
    }


# --- rows --------------------------------------------------------------------------------


def _fields(name: str) -> list[dict[str, Any]]:
    return spec_resources()[name]["schema"]["fields"]


class Tables:
    """Rows by table, each keyed by id so a shared record (an organization's phone) is once."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in TABLES}

    def add(self, table: str, item: dict[str, Any] | None) -> None:
        if item:
            self.rows[table].setdefault(item["id"], item)

    def add_all(self, table: str, items: Iterable[dict[str, Any]]) -> None:
        for item in items:
            self.add(table, item)


def collect(session: Session, terms: Terms, links: records.Links) -> Tables:
    """Every published service and organization, flattened into the HSDS tables."""
    tables = Tables()
    programs = session.scalars(
        select(Program)
        .where(queries.PUBLISHED)
        .options(*queries.PROGRAM_LOAD)
        .order_by(Program.name_sort, Program.id)
    ).all()
    for data in queries.service_data(session, programs, terms, nested=True):
        service = records.service(data, links)
        tables.add("service", service)
        tables.add_all("phone", service.get("phones", []))
        tables.add_all("contact", service.get("contacts", []))
        tables.add_all("schedule", service.get("schedules", []))
        tables.add_all("cost_option", service.get("cost_options", []))
        tables.add_all("service_at_location", service.get("service_at_locations", []))
        tables.add_all("attribute", service.get("attributes", []))
        for area in service.get("service_areas", []):
            tables.add("service_area", area)
            tables.add_all("attribute", area["attributes"])
    actors = session.scalars(
        queries.organizations_query("").options(selectinload(Actor.municipality))
    ).all()
    for actor in actors:
        organization = organizations.organization(actor)
        tables.add("organization", organization)
        tables.add_all("phone", organization.get("phones", []))
        tables.add_all("location", organization.get("locations", []))
        tables.add_all("organization_identifier", organization.get("organization_identifiers", []))
    tables.add_all(
        "taxonomy_term", (values.taxonomy_term(t) for t in queries.used_terms(session, terms))
    )
    tables.add_all("taxonomy", (values.taxonomy(t) for t in TAXONOMIES))
    return tables


def _cell(field: dict[str, Any], value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ValueError(f"campo anidado en una tabla: {field['name']}")
    text = str(value)
    free_text = field["type"] == "string" and "format" not in field and field["name"] != "number"
    return neutralise(text) if free_text else text


def table_csv(name: str, rows: Iterable[dict[str, Any]]) -> str:
    fields = _fields(name)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f["name"] for f in fields])
    for row in rows:
        writer.writerow([_cell(f, row.get(f["name"])) for f in fields])
    return buffer.getvalue()


def build_zip(target: Path, tables: Tables, meta: dict[str, Any]) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(meta, ensure_ascii=False, indent=2))
        for name in TABLES:
            path = spec_resources()[name]["path"]
            archive.writestr(path, table_csv(name, tables.rows[name].values()))


# --- the cached file ---------------------------------------------------------------------


def package_file(
    session: Session,
    directory: Path,
    stamp: tuple,
    terms: Terms,
    links: records.Links,
    info: PackageInfo,
) -> Path:
    """The zip for this catalog version (site address and licence), built if not there yet."""
    key = hashlib.sha256(f"{stamp}|{info}".encode()).hexdigest()[:20]
    path = directory / f"{PREFIX}{stamp[0]}-{key}.zip"
    if path.exists():
        return path
    directory.mkdir(parents=True, exist_ok=True)
    meta = descriptor(info, stamp, datetime.now(UTC))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".building-", suffix=".zip")
    os.close(handle)
    try:
        build_zip(Path(temporary), collect(session, terms, links), meta)
        os.replace(temporary, path)  # atomic: another worker never sees half a file
    finally:
        Path(temporary).unlink(missing_ok=True)
    for old in directory.glob(f"{PREFIX}*.zip"):
        if old != path:
            old.unlink(missing_ok=True)
    return path
