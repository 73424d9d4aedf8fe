"""A member editing its own public profile (contact, description, places it serves)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from red.models import Actor, Municipality

PROFILE_FIELDS = ("description", "email", "phone", "website", "address")
FORM_FIELDS = (*PROFILE_FIELDS, "municipality_code", "municipality_codes")


def update_actor_profile(session: Session, actor: Actor, values: dict[str, Any]) -> Actor:
    """Save the profile (the view has checked the form's version: red/blueprints/stale.py)."""
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
