"""The events blueprint object, alone, so every route module imports it without a cycle."""

from flask import Blueprint

bp = Blueprint("events", __name__)
