"""Views of the notices area: the user's own notices, newest first, and marking them read."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from red.blueprints.notifications import bp
from red.extensions import db
from red.permissions import LOGGED_IN, access
from red.services import notifications as service
from red.services.bounds import as_id

PER_PAGE = 25


@bp.app_context_processor
def _unread_notices() -> dict[str, int]:
    """The badge beside the account: one COUNT on an index, only for logged-in users."""
    if getattr(current_user, "is_authenticated", False):
        return {"unread_notices": service.unread_count(db.session, current_user.id)}
    return {}


@bp.route("/avisos")
@access(LOGGED_IN)
def index():
    pagination = db.paginate(
        service.notices_query(current_user), per_page=PER_PAGE, error_out=False
    )
    return render_template("notifications/index.html", pagination=pagination)


@bp.route("/avisos/leidos", methods=["POST"])
@access(LOGGED_IN)
def mark_read():
    """Mark one notice (`aviso`) or all of the user's notices as read; only their own."""
    notice_id = request.form.get("aviso", type=as_id)
    changed = service.mark_read(db.session, current_user, notice_id)
    db.session.commit()
    if notice_id is None and changed:
        flash("Todos los avisos quedaron leídos.", "success")
    return redirect(url_for("notifications.index"))
