from flask import Blueprint

bp = Blueprint("governance", __name__)

from red.blueprints.governance import routes  # noqa: E402,F401
