"""Views of the governance area."""

from red.blueprints.governance import bp  # noqa: F401
