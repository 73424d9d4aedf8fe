"""Login, logout and the user's own password change."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from red.blueprints.auth import bp
from red.blueprints.auth.forms import LoginForm, PasswordChangeForm
from red.blueprints.auth.safe_redirect import safe_next
from red.extensions import db, limiter
from red.models.base import utcnow
from red.permissions import LOGGED_IN, PUBLIC, access
from red.services import accounts

LOCKED_MESSAGE = (
    "Demasiados intentos fallidos para esta cuenta. Por seguridad, espere {minutes} minutos "
    "antes de intentar de nuevo."
)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@access(PUBLIC)
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        cfg = current_app.config
        email = form.email.data
        if accounts.is_locked(
            db.session, email, cfg["LOGIN_MAX_FAILURES"], cfg["LOGIN_LOCK_MINUTES"]
        ):
            form.password.errors.append(LOCKED_MESSAGE.format(minutes=cfg["LOGIN_LOCK_MINUTES"]))
            return render_template("auth/login.html", form=form), 429
        user = accounts.authenticate(db.session, email, form.password.data)
        if user is None:
            accounts.record_failure(db.session, email, request.remote_addr)
            db.session.commit()
            flash("Correo o contraseña incorrectos.", "danger")
            return render_template("auth/login.html", form=form), 200
        accounts.clear_failures(db.session, email)
        user.last_login_at = utcnow()
        db.session.commit()
        session.clear()  # a fresh session on login: no fixation
        login_user(user, remember=form.remember.data)
        session.permanent = True
        flash(f"Bienvenido(a), {user.full_name}.", "success")
        return redirect(safe_next(request.args.get("next")) or url_for("main.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
@access(PUBLIC)
def logout():
    if request.method == "GET":
        if not current_user.is_authenticated:
            return redirect(url_for("main.home"))
        return render_template("auth/logout.html")
    logout_user()
    session.clear()
    flash("Sesión cerrada.", "info")
    return redirect(url_for("main.home"))


@bp.route("/cuenta/contrasena", methods=["GET", "POST"])
@access(LOGGED_IN)
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not accounts.verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append("La contraseña actual no es correcta.")
        else:
            try:
                accounts.set_password(current_user, form.new_password.data)
            except accounts.AccountError as error:
                form.new_password.errors.append(str(error))
            else:
                db.session.commit()
                login_user(current_user._get_current_object())  # this session goes on
                flash("Contraseña cambiada. Las demás sesiones se cerraron.", "success")
                return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/cuenta/cerrar-otras-sesiones", methods=["POST"])
@access(LOGGED_IN)
def logout_everywhere():
    if not current_user.is_authenticated:
        abort(401)
    accounts.revoke_sessions(current_user)
    db.session.commit()
    login_user(current_user._get_current_object())
    flash("Se cerraron las demás sesiones abiertas.", "success")
    return redirect(url_for("main.home"))
