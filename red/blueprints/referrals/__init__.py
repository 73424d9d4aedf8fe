from flask import Blueprint

bp = Blueprint("referrals", __name__)

from red.blueprints.referrals import routes  # noqa: E402,F401
