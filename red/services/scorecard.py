"""Scorecard configuration: weights, thresholds and windows. Every change is a new version.

Versions are never edited in place, so any score can name the settings that produced it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from red.models import ScorecardVersion, User
from red.models.governance import DEFAULT_SCORECARD
from red.services.compliance import COMPONENTS, current_version, settings_of


class ScorecardError(ValueError):
    """Settings that cannot produce a sensible score; the message is for the user."""


def validate_settings(settings: dict) -> dict:
    weights = {key: int(settings["weights"].get(key, 0)) for key in COMPONENTS}
    if any(value < 0 for value in weights.values()):
        raise ScorecardError("Los pesos no pueden ser negativos.")
    if sum(weights.values()) <= 0:
        raise ScorecardError("Al menos un componente debe tener peso mayor que cero.")
    green, yellow = int(settings["green_min"]), int(settings["yellow_min"])
    if not 0 <= yellow < green <= 100:
        raise ScorecardError("El umbral de amarillo debe ser menor que el de verde (0 a 100).")
    return {
        "weights": weights,
        "green_min": green,
        "yellow_min": yellow,
        "response_window_days": int(settings["response_window_days"]),
        "review_window_days": int(settings["review_window_days"]),
    }


def save_scorecard_version(
    session: Session, settings: dict, *, user_id: int | None, note: str | None
) -> ScorecardVersion:
    """Store the settings as a new version (refusing a change that changes nothing)."""
    clean = validate_settings(settings)
    if clean == validate_settings(settings_of(current_version(session))):
        raise ScorecardError("La configuración no cambió: no se creó una versión nueva.")
    version = ScorecardVersion(settings=clean, created_by_user_id=user_id, note=(note or None))
    session.add(version)
    session.flush()
    return version


def scorecard_history(session: Session) -> list[tuple[ScorecardVersion, str | None]]:
    """Every version, newest first, with the name of who saved it."""
    query = (
        select(ScorecardVersion, User.full_name)
        .outerjoin(User, User.id == ScorecardVersion.created_by_user_id)
        .order_by(ScorecardVersion.id.desc())
    )
    return [(version, name) for version, name in session.execute(query)]


__all__ = ["DEFAULT_SCORECARD", "ScorecardError", "save_scorecard_version", "scorecard_history"]
