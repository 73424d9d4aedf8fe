"""Views of the ruta area."""

from red.blueprints.ruta import bp  # noqa: F401
