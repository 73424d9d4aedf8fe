"""Checks a deployment must pass before it serves anyone (run by create_app and, before any
worker starts, by gunicorn.conf.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DeploymentError(RuntimeError):
    """The configuration is unsafe; the message tells the operator what to change."""


def is_production(config: Mapping[str, Any]) -> bool:
    return config.get("RED_ENV", "production") == "production"


def rate_limit_storage_problem(config: Mapping[str, Any], workers: int) -> str | None:
    """Per-IP limits kept in each worker's memory let N workers allow N times the limit."""
    if workers <= 1 or not is_production(config) or not config.get("RATELIMIT_ENABLED", True):
        return None
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if not storage.startswith("memory://"):
        return None
    return (
        f"Red no arranca: {workers} workers de gunicorn en producción guardarían los límites "
        "por IP (ingreso, formularios públicos) cada uno en su memoria, y cada límite valdría "
        f"{workers} veces. Defina RATELIMIT_STORAGE_URI con un Redis compartido (por ejemplo "
        "redis://127.0.0.1:6379/0) o sirva con un solo worker."
    )


def check(config: Mapping[str, Any], workers: int | None = None) -> None:
    """Raise DeploymentError when the configuration must not serve requests."""
    problem = rate_limit_storage_problem(config, workers or config.get("WORKERS", 1))
    if problem:
        raise DeploymentError(problem)
