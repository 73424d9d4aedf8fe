"""One program as its HSDS 3.0 service: plain dicts, no database access (organizations:
organizations.py; field values and taxonomy terms: values.py).

Rules that hold everywhere: ids are the records' own UUID columns; a value Red does not know
is left out (never an empty string); e-mails, web addresses and phone numbers are published
only when they are well formed; only institutional contacts (the actor's and the program's
published ones, the same the program page shows) — no person from the registry is ever read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from red.formatting import format_cop, format_date
from red.models import Program
from red.services.hsds.organizations import has_office, location, organization, organization_summary
from red.services.hsds.taxonomies import (
    DEPARTMENT,
    DEPARTMENT_NAME,
    Term,
)
from red.services.hsds.values import (
    attribute,
    compact,
    email_address,
    iso_date,
    iso_datetime,
    known,
    last_modified,
    phone,
    web_address,
)

ATTENDING = {
    "presencial": "En persona",
    "virtual": "En línea",
    "mixta": "En persona y en línea",
}


@dataclass(frozen=True)
class Links:
    """Public pages of Red the records point to (built by the view with url_for)."""

    program_page: Callable[[str], str]


@dataclass(frozen=True)
class Area:
    """A place a program covers: the service area, its attribute and its DIVIPOLA term."""

    id: str
    attribute_id: str
    term: Term


@dataclass
class ServiceData:
    """A published program with what its full HSDS object needs beyond the row itself."""

    program: Program
    attributes: list[tuple[str, Term]] = field(default_factory=list)  # (attribute id, term)
    areas: list[Area] = field(default_factory=list)


# --- services ----------------------------------------------------------------------------


def service_description(program: Program) -> str | None:
    parts = [(program.summary or "").strip(), (program.description or "").strip()]
    if parts[0] and parts[1].startswith(parts[0]):
        parts = [parts[1]]
    return "\n\n".join(p for p in parts if p) or None


def fees_description(program: Program) -> str | None:
    if program.is_free:
        return "Gratuito."
    if program.cost_cop is not None:
        return f"Tiene costo: {format_cop(program.cost_cop)} (pesos colombianos, COP)."
    return "Tiene costo; el actor informa el valor."


def service_summary(program: Program, links: Links) -> dict[str, Any]:
    """The service's one-to-one fields and its organization (the list form)."""
    page = links.program_page(program.slug)
    return compact(
        {
            "id": program.uuid,
            "organization_id": program.owner.uuid,
            "name": program.name,
            "description": service_description(program),
            "url": web_address(program.url) or page,
            "email": email_address(program.contact_email) or email_address(program.owner.email),
            "status": "active",
            "application_process": (
                f"Solicite la inscripción en línea en {page} (botón «Quiero inscribirme»); "
                "la solicitud llega al actor que ofrece el programa."
            ),
            "fees_description": fees_description(program),
            "eligibility_description": (program.requirements or "").strip() or None,
            "assured_date": iso_date(program.last_reviewed_on),
            "last_modified": iso_datetime(last_modified(program)),
            "organization": organization_summary(program.owner),
        }
    )


def service_minimal(program: Program) -> dict[str, Any]:
    """`minimal`: the id and when it changed (with name and status, which HSDS requires)."""
    return {
        "id": program.uuid,
        "name": program.name,
        "status": "active",
        "last_modified": iso_datetime(last_modified(program)),
    }


def service_phone(program: Program) -> dict[str, Any] | None:
    owner = ("service_id", program.uuid)
    return phone(
        program.phone_uuid, owner, program.contact_phone, "Teléfono de contacto del programa."
    )


def service_contact(program: Program) -> dict[str, Any] | None:
    name = (program.contact_name or "").strip() or None
    email = email_address(program.contact_email)
    if not (name or email):
        return None
    return compact(
        {
            "id": program.contact_uuid,
            "service_id": program.uuid,
            "name": name,
            "title": "Contacto del programa",
            "department": program.owner.name,
            "email": email,
        }
    )


def cost_option(program: Program) -> dict[str, Any] | None:
    if not program.is_free and program.cost_cop is None:
        return None
    amount = 0 if program.is_free else program.cost_cop
    return {
        "id": program.cost_option_uuid,
        "service_id": program.uuid,
        "option": "Gratuito" if program.is_free else "Valor del programa",
        "currency": "COP",
        "amount": amount,
        "amount_description": "Sin costo para la persona emprendedora."
        if program.is_free
        else f"{format_cop(amount)} por persona inscrita.",
    }


def application_schedule(program: Program) -> dict[str, Any] | None:
    """The call's dates (convocatoria), as the period the service takes applications."""
    if not (program.opens_on or program.closes_on):
        return None
    if program.opens_on and program.closes_on:
        text = f"del {format_date(program.opens_on)} al {format_date(program.closes_on)}"
    elif program.opens_on:
        text = f"desde el {format_date(program.opens_on)}"
    else:
        text = f"hasta el {format_date(program.closes_on)}"
    return compact(
        {
            "id": program.schedule_uuid,
            "service_id": program.uuid,
            "valid_from": iso_date(program.opens_on),
            "valid_to": iso_date(program.closes_on),
            "description": f"Inscripciones abiertas {text}.",
            "attending_type": ATTENDING.get(program.modality),
        }
    )


def service_areas(data: ServiceData) -> list[dict[str, Any]]:
    program = data.program
    if program.whole_department:
        return [
            service_area(
                Area(program.service_area_uuid, program.service_area_attribute_uuid, DEPARTMENT),
                program,
                f"Todo el departamento de {DEPARTMENT_NAME}",
            )
        ]
    return [service_area(area, program, area.term.name) for area in data.areas]


def service_area(area: Area, program: Program, name: str) -> dict[str, Any]:
    return {
        "id": area.id,
        "service_id": program.uuid,
        "name": name,
        "description": area.term.description,
        "attributes": [attribute(area.attribute_id, area.id, "service_area", area.term)],
    }


def service_at_location(
    program: Program, service: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """The program offered at its owner's office (none when the office is unknown)."""
    owner = program.owner
    if not has_office(owner):
        return None
    return compact(
        {
            "id": program.service_at_location_uuid,
            "service_id": program.uuid,
            "location_id": owner.location_uuid,
            "description": f"{program.name}: se atiende en la sede de "
            f"{owner.acronym or owner.name} en {owner.municipality.name}.",
            "location": location(owner),
            "service": service,
        }
    )


def service(data: ServiceData, links: Links, *, with_locations: bool = True) -> dict[str, Any]:
    """The fully nested service: everything Red publishes about one program."""
    program = data.program
    return compact(
        {
            **service_summary(program, links),
            "organization": organization(program.owner),
            "phones": known(service_phone(program)),
            "schedules": known(application_schedule(program)),
            "service_areas": service_areas(data),
            "service_at_locations": known(service_at_location(program) if with_locations else None),
            "cost_options": known(cost_option(program)),
            "contacts": known(service_contact(program)),
            "attributes": [
                attribute(attribute_id, program.uuid, "service", term)
                for attribute_id, term in data.attributes
            ],
        }
    )
