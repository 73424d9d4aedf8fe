"""Background jobs (/trabajos): "Mis trabajos", one job's progress page and its files."""

from flask import Blueprint

bp = Blueprint("jobs", __name__)

from red.blueprints.jobs import exports, imports, routes  # noqa: E402,F401
