"""In-app notices: the list of a user's notices and marking them as read."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from red.blueprints.notifications import routes  # noqa: E402,F401
