from flask import Blueprint

bp = Blueprint("entrepreneurs", __name__)

from red.blueprints.entrepreneurs import routes  # noqa: E402,F401
