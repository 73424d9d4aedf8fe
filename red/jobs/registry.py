"""Kinds of job and how each ends: a handler per kind, registered with @handles(kind).

A handler is `handler(session, job, report) -> Outcome`: it reads its input, calls
`report(...)` with its counters as it goes, and says how it ended.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Outcome:
    """How a handler ended: a message for the owner, and what to keep on the job row."""

    message: str
    failed: bool = False
    values: dict[str, Any] = field(default_factory=dict)


Handler = Callable[[Any, Any, Callable[..., None]], Outcome]
HANDLERS: dict[str, Handler] = {}


def handles(kind: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[kind] = handler
        return handler

    return register
