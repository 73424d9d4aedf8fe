"""Views of the entrepreneurs area."""

from red.blueprints.entrepreneurs import bp  # noqa: F401
