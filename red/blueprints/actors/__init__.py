from flask import Blueprint

bp = Blueprint("actors", __name__)

from red.blueprints.actors import routes  # noqa: E402,F401
