"""A member editing its own public profile (contact, description, places it serves)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from red.models import Actor, Municipality
from red.services.programs import StaleEdit

PROFILE_FIELDS = ("description", "email", "phone", "website", "address")

__all__ = ["StaleEdit", "update_actor_profile"]


def update_actor_profile(
    session: Session, actor: Actor, values: dict[str, Any], *, expected_version: Any
) -> Actor:
    """Save the profile unless someone saved it after the form was opened (StaleEdit)."""
    if str(expected_version) != str(actor.version_id):
        raise StaleEdit()
    for key in PROFILE_FIELDS:
        setattr(actor, key, (values.get(key) or "").strip() or None)
    code = values.get("municipality_code") or None
    actor.municipality_code = code if code and session.get(Municipality, code) else None
    codes = [c for c in values.get("municipality_codes") or [] if c]
    actor.municipalities = (
        list(session.scalars(select(Municipality).where(Municipality.code.in_(codes))))
        if codes
        else []
    )
    session.flush()
    return actor
