"""The home page per role. The blocks come from red/services/worklists.py; the view only
picks today's date and renders."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from red.blueprints.home import bp
from red.extensions import db
from red.permissions import LOGGED_IN, access
from red.services.calendar import local_today
from red.services.worklists import blocks_for


@bp.route("/inicio")
@access(LOGGED_IN)
def index():
    today = local_today()
    blocks = blocks_for(db.session, current_user, today)
    return render_template("home/index.html", blocks=blocks, today=today)
