"""The flush hooks every session of the app runs, in the order they must run.

Before a flush: the accent-free search columns are filled, then text lengths are checked
(on the values that will be written). After a flush: the audit log records what changed,
the public catalog's version moves if the catalog changed, and the who-sees-whom table
(person_access) follows the people the flush touched.
"""

from __future__ import annotations

from red.services import audit, normalise, page_cache, person_access, text_limits


def register_flush_hooks() -> None:
    """Idempotent: a second app in the same process (tests, CLI) adds nothing."""
    for module in (normalise, text_limits, audit, page_cache, person_access):
        module.register_hooks()
