"""Views of the notices area: the user's own notices, newest first, and marking them read."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from red.blueprints.notifications import bp
from red.extensions import db
from red.models.notifications import NOTIFICATION_KINDS
from red.permissions import LOGGED_IN, PUBLIC, access
from red.services import notifications as service
from red.services.bounds import as_id

PER_PAGE = 25


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


@bp.route("/avisos/preferencias", methods=["GET", "POST"])
@access(LOGGED_IN)
def preferences():
    """Per kind: in the app and by e-mail. Legal notices are shown, ticked and fixed."""
    if request.method == "POST":
        for kind, spec in NOTIFICATION_KINDS.items():
            if not spec.legal:
                service.set_preference(
                    db.session,
                    current_user.id,
                    kind,
                    in_app=f"app-{kind}" in request.form,
                    email=f"correo-{kind}" in request.form,
                )
        db.session.commit()
        flash("Se guardaron sus preferencias de avisos.", "success")
        return redirect(url_for("notifications.preferences"))
    return render_template(
        "notifications/preferences.html",
        kinds=NOTIFICATION_KINDS,
        chosen=service.preferences_of(db.session, current_user.id),
    )


@bp.route("/avisos/baja/<token>", methods=["GET", "POST"])
@access(PUBLIC)
def unsubscribe(token: str):
    """The link at the foot of each optional e-mail: confirm with one button (a GET never
    writes), no login needed; the signed token names the account and the kind."""
    found = service.read_unsubscribe_token(token)
    if found is None or NOTIFICATION_KINDS[found[1]].legal:
        abort(404)
    user_id, kind = found
    done = request.method == "POST"
    if done:
        service.set_preference(db.session, user_id, kind, email=False)
        db.session.commit()
    return render_template(
        "notifications/unsubscribe.html", label=NOTIFICATION_KINDS[kind].label, done=done
    )
