"""The open-data HSDS 3.0 API (/api/hsds): public and GET only (405s: tests/test_hsds_params)."""

from __future__ import annotations

from red.extensions import db
from red.services.hsds.taxonomies import STAGES
from tests.matrix import Route, everyone
from tests.matrix.ruta import ccc_program

API = "/api/hsds"


def _program_path(suffix: str, column: str) -> str:
    return f"{API}/{suffix}/{getattr(ccc_program(), column)}"


def _owner_path() -> str:
    program = ccc_program()
    db.session.refresh(program, ["owner"])
    return f"{API}/organizations/{program.owner.uuid}"


def _stage_term_path() -> str:
    program = ccc_program()
    db.session.refresh(program, ["stages"])
    return f"{API}/taxonomy_terms/{program.stages[0].uuid}"


ROUTES = {
    "hsds.about": Route(f"{API}/", get=everyone()),
    "hsds.openapi": Route(f"{API}/openapi.json", get=everyone()),
    "hsds.services": Route(f"{API}/services?search=emprende", get=everyone()),
    "hsds.service": Route(lambda: _program_path("services", "uuid"), get=everyone()),
    "hsds.service_at_locations": Route(f"{API}/service_at_locations?full=true", get=everyone()),
    "hsds.service_at_location": Route(
        lambda: _program_path("service_at_locations", "service_at_location_uuid"), get=everyone()
    ),
    "hsds.organizations": Route(f"{API}/organizations?full=true", get=everyone()),
    "hsds.organization": Route(_owner_path, get=everyone()),
    "hsds.taxonomies": Route(f"{API}/taxonomies", get=everyone()),
    "hsds.taxonomy": Route(f"{API}/taxonomies/{STAGES.id}", get=everyone()),
    "hsds.taxonomy_terms": Route(f"{API}/taxonomy_terms?top_only=true", get=everyone()),
    "hsds.taxonomy_term": Route(_stage_term_path, get=everyone()),
}
