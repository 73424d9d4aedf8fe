"""The home page per role. The blocks come from red/services/worklists.py; the view only
picks today's date and renders."""

from __future__ import annotations

from flask import Response, abort, flash, render_template, request, url_for
from flask_login import current_user

from red.blueprints.home import bp
from red.extensions import db
from red.permissions import LOGGED_IN, PUBLIC, access
from red.services import ical
from red.services.calendar import local_today
from red.services.worklists import blocks_for


@bp.route("/inicio")
@access(LOGGED_IN)
def index():
    today = local_today()
    blocks = blocks_for(db.session, current_user, today)
    return render_template("home/index.html", blocks=blocks, today=today)


@bp.route("/cuenta/calendario", methods=["GET", "POST"])
@access(LOGGED_IN)
def calendar_feed():
    """The user's private calendar address: create (or replace) it, or revoke it. A new
    address is shown once, right after it is made; only its hash is kept."""
    token = None
    if request.method == "POST":
        if request.form.get("accion") == "revocar":
            ical.revoke_feed(db.session, current_user)
            flash("Se revocó la dirección de su calendario: ya no muestra nada.", "success")
        else:
            token = ical.new_feed_token(db.session, current_user)
        db.session.commit()
    return render_template(
        "home/calendar.html",
        feed_url=url_for("home.feed", token=token, _external=True) if token else None,
        active=ical.has_feed(db.session, current_user),
    )


@bp.route("/calendario/<token>.ics")
@access(PUBLIC)
def feed(token: str):
    """A private feed for calendar apps (they send no cookie): the token is the key."""
    owner = ical.feed_owner(db.session, token)
    if owner is None:
        abort(404)
    return Response(ical.feed_ics(db.session, owner, local_today()), mimetype="text/calendar")
