"""Each role's home page (/inicio), where login lands: what needs the user today."""

from flask import Blueprint

bp = Blueprint("home", __name__)

from red.blueprints.home import routes  # noqa: E402,F401
