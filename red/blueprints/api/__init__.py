from flask import Blueprint

from red.extensions import limit_public_api

bp = Blueprint("api", __name__, url_prefix="/api/v1")
limit_public_api(bp)

from red.blueprints.api import routes  # noqa: E402,F401
