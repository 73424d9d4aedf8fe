"""HSDS 3.0 field values: ISO dates in UTC, well-formed web addresses, e-mails and phone
numbers (or nothing), taxonomies and their terms, attributes; plain values, no database."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote, urlsplit

from email_validator import EmailNotValidError, validate_email

from red.models import Program
from red.services.hsds.taxonomies import LANGUAGE, Taxonomy, Term

PHONE = re.compile(r"^\+?[0-9(][0-9 ()\-.]{5,28}[0-9]$")
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


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
