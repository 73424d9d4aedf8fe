"""Views of the api area."""

from red.blueprints.api import bp  # noqa: F401
