"""Views of the events area."""

from red.blueprints.events import bp  # noqa: F401
