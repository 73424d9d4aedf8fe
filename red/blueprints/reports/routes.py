"""Views of the reports area."""

from red.blueprints.reports import bp  # noqa: F401
