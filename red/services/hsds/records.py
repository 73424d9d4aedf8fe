"""One program, actor or term as its HSDS 3.0 object: plain dicts, no database access.

Rules that hold everywhere: ids are the records' own UUID columns; a value Red does not know
is left out (never an empty string); e-mails, web addresses and phone numbers are published
only when they are well formed; only institutional contacts (the actor's and the program's
published ones, the same the program page shows) — no person from the registry is ever read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote, urlsplit

from email_validator import EmailNotValidError, validate_email

from red.formatting import format_cop, format_date
from red.models import Actor, Program
from red.models.actors import ACTOR_KINDS
from red.services.hsds.taxonomies import (
    DEPARTMENT,
    DEPARTMENT_NAME,
    LANGUAGE,
    Taxonomy,
    Term,
)

PHONE = re.compile(r"^\+?[0-9(][0-9 ()\-.]{5,28}[0-9]$")
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
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


# --- values ------------------------------------------------------------------------------


def compact(values: dict[str, Any]) -> dict[str, Any]:
    """Leave out what is unknown: None, empty strings and empty lists."""
    return {k: v for k, v in values.items() if v is not None and v != "" and v != []}


def known(*items: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The records Red has (a program's one phone, its one contact…) as an HSDS list."""
    return [item for item in items if item]


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for timezone-aware columns; they were stored as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def iso_datetime(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return as_utc(moment).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def iso_date(day: date | None) -> str | None:
    return day.isoformat() if day else None


def web_address(value: str | None) -> str | None:
    """An absolute http(s) address, percent-encoded where needed; anything else is unknown."""
    text = (value or "").strip()
    if not text or any(ch.isspace() for ch in text):
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(text, safe=URL_SAFE)


def email_address(value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def phone_number(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    if not PHONE.match(text) or sum(ch.isdigit() for ch in text) < 7:
        return None
    return text


def last_modified(program: Program) -> datetime:
    """The service changes with its program row and with its organization (nested in it)."""
    return max(as_utc(program.updated_at), as_utc(program.owner.updated_at))


# --- taxonomies --------------------------------------------------------------------------


def taxonomy(item: Taxonomy) -> dict[str, Any]:
    return compact(
        {
            "id": item.id,
            "name": item.name,
            "description": item.description,
            "version": item.version,
        }
    )


def taxonomy_term(term: Term, *, with_taxonomy: bool = True) -> dict[str, Any]:
    return compact(
        {
            "id": term.id,
            "code": term.code,
            "name": term.name,
            "description": term.description,
            "parent_id": term.parent_id,
            "taxonomy": term.established or term.taxonomy.name,
            "taxonomy_detail": taxonomy(term.taxonomy) if with_taxonomy else None,
            "language": LANGUAGE,
            "taxonomy_id": term.taxonomy.id,
        }
    )


def attribute(attribute_id: str, link_id: str, link_entity: str, term: Term) -> dict[str, Any]:
    return {
        "id": attribute_id,
        "link_id": link_id,
        "link_entity": link_entity,
        "taxonomy_term_id": term.id,
        "taxonomy_term": taxonomy_term(term),
    }


# --- organizations and locations ---------------------------------------------------------


def organization_description(actor: Actor) -> str:
    """HSDS requires a description: the actor's own, or what Red knows of it."""
    if actor.description and actor.description.strip():
        return actor.description.strip()
    kind = ACTOR_KINDS.get(actor.kind, "Organización")
    role = "miembro" if actor.is_member else "aliada"
    return f"{kind}, organización {role} de la Red Regional de Emprendimiento de {DEPARTMENT_NAME}."


def organization_summary(actor: Actor) -> dict[str, Any]:
    """The organization's own fields (the list form)."""
    return compact(
        {
            "id": actor.uuid,
            "name": actor.name,
            "alternate_name": actor.acronym,
            "description": organization_description(actor),
            "email": email_address(actor.email),
            "website": web_address(actor.website),
            "legal_status": ACTOR_KINDS.get(actor.kind) if actor.kind != "otro" else None,
        }
    )


def phone(phone_id: str, owner: tuple[str, str], raw: str | None, description: str):
    """A voice line of an organization or a service (owner: its id field and value)."""
    number = phone_number(raw)
    if number is None:
        return None
    field, owner_id = owner
    return {
        "id": phone_id,
        field: owner_id,
        "number": number,
        "type": "voice",
        "description": description,
    }


def organization_phone(actor: Actor) -> dict[str, Any] | None:
    owner = ("organization_id", actor.uuid)
    return phone(actor.phone_uuid, owner, actor.phone, "Teléfono de la organización.")


def organization_identifier(actor: Actor) -> dict[str, Any] | None:
    if not actor.nit:
        return None
    return {
        "id": actor.identifier_uuid,
        "organization_id": actor.uuid,
        "identifier_type": "NIT (Número de Identificación Tributaria, DIAN)",
        "identifier": actor.nit,
    }


def has_office(actor: Actor) -> bool:
    return actor.municipality_code is not None


def location(actor: Actor) -> dict[str, Any] | None:
    """The actor's office, in its municipality. Its street address goes in the description:
    HSDS 3.0 requires a postal code for an address object, which Red does not record."""
    if not has_office(actor):
        return None
    place = actor.municipality
    where = f"{place.name}, {DEPARTMENT_NAME}"
    street = (actor.address or "").strip()
    return compact(
        {
            "id": actor.location_uuid,
            "location_type": "physical",
            "organization_id": actor.uuid,
            "name": f"{actor.acronym or actor.name} – sede de {place.name}",
            "description": (f"Dirección: {street}, {where}." if street else f"Sede en {where}."),
        }
    )


def organization(actor: Actor, services: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The organization with its phone, office and NIT (and its services, when given)."""
    return compact(
        {
            **organization_summary(actor),
            "phones": known(organization_phone(actor)),
            "locations": known(location(actor)),
            "organization_identifiers": known(organization_identifier(actor)),
            "services": services,
        }
    )


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
