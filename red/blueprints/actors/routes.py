"""Views of the actors area."""

from red.blueprints.actors import bp  # noqa: F401
