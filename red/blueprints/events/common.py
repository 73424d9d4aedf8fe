"""What several views of the events area share: the municipality choices, a person
form's fields."""

from __future__ import annotations

from sqlalchemy import select

from red.blueprints.events.forms import PersonForm
from red.extensions import db
from red.models import Municipality


def municipality_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(Municipality.code, Municipality.name).order_by(Municipality.name_sort)
    )
    return [("", "— Sin municipio —")] + [(code, name) for code, name in rows]


def person_fields(form: PersonForm) -> dict:
    return {
        "first_names": form.first_names.data.strip(),
        "last_names": form.last_names.data.strip(),
        "email": (form.email.data or "").strip() or None,
        "phone": (form.phone.data or "").strip() or None,
        "municipality_code": form.municipality_code.data or None,
        "birth_date": form.birth_date.data,
    }
