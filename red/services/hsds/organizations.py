"""An actor as its HSDS 3.0 organization: its own fields, phone, office (location) and NIT."""

from __future__ import annotations

from typing import Any

from red.models import Actor
from red.models.actors import ACTOR_KINDS
from red.services.hsds.taxonomies import DEPARTMENT_NAME
from red.services.hsds.values import compact, email_address, known, phone, web_address


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
