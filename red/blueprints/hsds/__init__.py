"""The Open Referral HSDS 3.0 API under /api/hsds: GET only, CORS open, per-IP limit."""

from flask import Blueprint, request

from red.extensions import limit_public_api

bp = Blueprint("hsds", __name__, url_prefix="/api/hsds")
limit_public_api(bp)


@bp.after_app_request
def _cors(response):
    """Any site may read the open data from a browser (errors and 404s included)."""
    if request.path.startswith(bp.url_prefix):
        from red.blueprints.hsds.responses import add_cors

        add_cors(response)
    return response


from red.blueprints.hsds import routes  # noqa: E402,F401
