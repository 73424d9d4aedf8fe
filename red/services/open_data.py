"""The published catalog in Red's own formats: /api/v1's JSON and the flat downloads.

These are Red's own shapes (one row per program, several values joined with "; "), kept for
whoever already uses them; they are not Open Referral HSDS — that is red/services/hsds (the
/api/hsds API and /datos/hsds.zip). Ids are the same everywhere: `id` of a flat row and
`uuid` in /api/v1 are the program's HSDS id. Only published programs leave.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from red.es_co import sort_key
from red.models import Program
from red.models.programs import MODALITIES
from red.services.catalog_search import list_options
from red.services.xlsx_export import neutralise as safe_cell  # one rule for every export

DEPARTMENT = "Norte de Santander"
# Excel/LibreOffice run a cell that starts with one of these as a formula.

FLAT_FIELDS = (
    "id",
    "slug",
    "service_name",
    "alternate_name",
    "organization_name",
    "organization_id",
    "description",
    "eligibility",
    "service_area",
    "fees",
    "fees_description",
    "application_process",
    "url",
    "email",
    "phone",
    "status",
    "program_stages",
    "service_types",
    "populations",
    "modality",
    "application_opens",
    "application_deadline",
    "capacity",
    "cooperating_organizations",
    "last_modified",
)


def published_programs(session: Session) -> list[Program]:
    stmt = (
        select(Program)
        .where(Program.status == "publicado")
        .options(*list_options())
        .order_by(Program.name_sort, Program.id)
    )
    return list(session.scalars(stmt))


def service_area(program: Program) -> str:
    if program.whole_department:
        return DEPARTMENT
    return "; ".join(sorted((m.name for m in program.municipalities), key=sort_key))


def program_to_dict(program: Program, page_url: str | None = None) -> dict[str, Any]:
    """The API's representation of one program (list items and detail share it)."""
    owner = program.owner
    return {
        "id": program.id,
        "uuid": program.uuid,
        "slug": program.slug,
        "name": program.name,
        "summary": program.summary,
        "description": program.description,
        "requirements": program.requirements,
        "actor": {
            "uuid": owner.uuid,
            "slug": owner.slug,
            "name": owner.name,
            "acronym": owner.acronym,
        },
        "cooperators": [
            {"uuid": a.uuid, "slug": a.slug, "name": a.name, "acronym": a.acronym}
            for a in program.cooperators
        ],
        "stages": [
            {"number": s.number, "name": s.name}
            for s in sorted(program.stages, key=lambda s: s.number)
        ],
        "service_types": [{"code": s.code, "name": s.name} for s in program.service_types],
        "sectors": [{"code": s.code, "name": s.name} for s in program.sectors],
        "populations": [{"code": p.code, "name": p.name} for p in program.populations],
        "whole_department": program.whole_department,
        "municipalities": [
            {"code": m.code, "name": m.name}
            for m in sorted(program.municipalities, key=lambda m: m.code)
        ],
        "is_free": program.is_free,
        "cost_cop": program.cost_cop,
        "modality": program.modality,
        "opens_on": program.opens_on.isoformat() if program.opens_on else None,
        "closes_on": program.closes_on.isoformat() if program.closes_on else None,
        "capacity": program.capacity,
        "contact": {
            "name": program.contact_name,
            "email": program.contact_email,
            "phone": program.contact_phone,
        },
        "link": program.url,
        "page": page_url,
        "last_reviewed_on": (
            program.last_reviewed_on.isoformat() if program.last_reviewed_on else None
        ),
    }


def program_row(program: Program, page_url: str) -> dict[str, Any]:
    """One row of the flat download (Red's own format)."""
    owner = program.owner
    return {
        "id": program.uuid,
        "slug": program.slug,
        "service_name": program.name,
        "alternate_name": program.summary or "",
        "organization_name": owner.name,
        "organization_id": owner.uuid,
        "description": program.description or program.summary or "",
        "eligibility": program.requirements or "",
        "service_area": service_area(program),
        "fees": "0" if program.is_free else str(program.cost_cop or ""),
        "fees_description": "Gratuito" if program.is_free else f"COP {program.cost_cop or ''}",
        "application_process": f"Solicitud en línea en {page_url}",
        "url": program.url or page_url,
        "email": program.contact_email or owner.email or "",
        "phone": program.contact_phone or owner.phone or "",
        "status": "active",
        "program_stages": "; ".join(
            f"{s.number} {s.name}" for s in sorted(program.stages, key=lambda s: s.number)
        ),
        "service_types": "; ".join(s.name for s in program.service_types),
        "populations": "; ".join(p.name for p in program.populations),
        "modality": MODALITIES.get(program.modality, program.modality),
        "application_opens": program.opens_on.isoformat() if program.opens_on else "",
        "application_deadline": program.closes_on.isoformat() if program.closes_on else "",
        "capacity": "" if program.capacity is None else str(program.capacity),
        "cooperating_organizations": "; ".join(a.name for a in program.cooperators),
        "last_modified": (program.last_reviewed_on.isoformat() if program.last_reviewed_on else ""),
    }


def flat_csv(rows: list[dict[str, Any]]) -> str:
    """CSV text (UTF-8 with BOM so Excel shows the accents) with formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FLAT_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: safe_cell(row.get(key, "")) for key in FLAT_FIELDS})
    return "\ufeff" + buffer.getvalue()
