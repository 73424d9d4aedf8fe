"""Events area. The blueprint object lives in .blueprint; the route modules import it and
register their views on it; importing this package loads them all (no import at the bottom
of any module, no module importing another route module)."""

from red.blueprints.events import checkin_views, participants, rounds, routes  # noqa: F401
from red.blueprints.events.blueprint import bp

__all__ = ["bp"]
