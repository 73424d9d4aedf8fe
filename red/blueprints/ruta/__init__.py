from flask import Blueprint

bp = Blueprint("ruta", __name__)

from red.blueprints.ruta import routes  # noqa: E402,F401
