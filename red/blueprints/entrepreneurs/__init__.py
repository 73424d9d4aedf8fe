from flask import Blueprint

bp = Blueprint("entrepreneurs", __name__)

from red.blueprints.entrepreneurs import rights_views, routes, service_views  # noqa: E402,F401
