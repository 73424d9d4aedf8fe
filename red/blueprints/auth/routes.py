"""Login, logout and the user's own password change."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, logout_user

from red.blueprints.auth import bp
from red.blueprints.auth.forms import (
    LoginForm,
    PasswordChangeForm,
    TwoFactorDisableForm,
    TwoFactorForm,
    TwoFactorSetupForm,
)
from red.blueprints.auth.safe_redirect import safe_next
from red.blueprints.auth.session import (
    has_remember_cookie,
    pending_marker,
    pending_user,
    start_session,
)
from red.extensions import db, limiter
from red.models.actors import User
from red.models.base import utcnow
from red.permissions import LOGGED_IN, PUBLIC, access
from red.query import query_args
from red.services import accounts, two_factor

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
        return redirect(url_for("home.index"))
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
        next_url = safe_next(query_args().text("next", max_length=2000) or None)
        session.clear()  # a fresh session on login: no fixation
        if two_factor.is_enrolled(user):
            session["2fa_user"] = pending_marker(user)
            session["2fa_remember"] = bool(form.remember.data)
            session["2fa_next"] = next_url
            return redirect(url_for("auth.two_factor_verify"))
        accounts.clear_failures(db.session, email)
        return _complete_login(user, bool(form.remember.data), next_url)
    return render_template("auth/login.html", form=form)


def _complete_login(user: User, remember: bool, next_url: str | None):
    user.last_login_at = utcnow()
    session.clear()
    start_session(user, remember)
    db.session.commit()
    flash(f"Le damos la bienvenida, {user.full_name}.", "success")
    return redirect(next_url or url_for("home.index"))


def _pending_user() -> User | None:
    """The user who gave the right password and still owes the second factor."""
    return pending_user(session.get("2fa_user"))


@bp.route("/login/verificacion", methods=["GET", "POST"])
@access(PUBLIC)
@limiter.limit(_login_limit, methods=["POST"])
def two_factor_verify():
    user = _pending_user()
    if user is None:
        return redirect(url_for("auth.login"))
    form = TwoFactorForm()
    if form.validate_on_submit():
        cfg = current_app.config
        if accounts.is_locked(
            db.session, user.email, cfg["LOGIN_MAX_FAILURES"], cfg["LOGIN_LOCK_MINUTES"]
        ):
            session.clear()
            form.code.errors.append(LOCKED_MESSAGE.format(minutes=cfg["LOGIN_LOCK_MINUTES"]))
            return render_template("auth/two_factor.html", form=form), 429
        code = form.code.data
        if two_factor.verify_code(user, code) or two_factor.use_recovery_code(
            db.session, user, code
        ):
            accounts.clear_failures(db.session, user.email)
            return _complete_login(
                user, session.get("2fa_remember", False), session.get("2fa_next")
            )
        accounts.record_failure(db.session, user.email, request.remote_addr)
        db.session.commit()
        form.code.errors.append("El código no es válido o ya se usó.")
    return render_template("auth/two_factor.html", form=form)


@bp.route("/cuenta/dos-pasos", methods=["GET", "POST"])
@access(LOGGED_IN)
def two_factor_setup():
    user = current_user._get_current_object()
    if two_factor.is_enrolled(user):
        return render_template(
            "auth/two_factor_manage.html",
            form=TwoFactorDisableForm(),
            required=two_factor.is_required(user, current_app.config["TOTP_REQUIRED_ROLES"]),
        )
    secret = session.get("2fa_setup_secret") or two_factor.new_secret()
    session["2fa_setup_secret"] = secret
    form = TwoFactorSetupForm()
    if form.validate_on_submit():
        codes = two_factor.enable(db.session, user, secret, form.code.data)
        if codes is None:
            form.code.errors.append(
                "El código no coincide. Revise la hora del teléfono e intente de nuevo."
            )
        else:
            db.session.commit()
            session.pop("2fa_setup_secret", None)
            flash("Verificación en dos pasos activada.", "success")
            return render_template("auth/recovery_codes.html", codes=codes)
    uri = two_factor.provisioning_uri(user, secret, current_app.config["TOTP_ISSUER"])
    return render_template(
        "auth/two_factor_setup.html", form=form, secret=secret, qr=two_factor.qr_svg(uri)
    )


@bp.route("/cuenta/dos-pasos/desactivar", methods=["POST"])
@access(LOGGED_IN)
def two_factor_disable():
    user = current_user._get_current_object()
    if two_factor.is_required(user, current_app.config["TOTP_REQUIRED_ROLES"]):
        abort(403)
    form = TwoFactorDisableForm()
    if form.validate_on_submit() and accounts.verify_password(
        user.password_hash, form.password.data
    ):
        two_factor.disable(db.session, user)
        db.session.commit()
        flash("Verificación en dos pasos desactivada.", "info")
    else:
        flash("Contraseña incorrecta: la verificación en dos pasos sigue activa.", "danger")
    return redirect(url_for("auth.two_factor_setup"))


# Endpoints a user who still owes the second-factor enrolment may reach.
ENROLMENT_ALLOWED = {
    "auth.two_factor_setup",
    "auth.logout",
    "main.privacy",
    "main.healthz",
    "static",
    "bootstrap.static",
}


@bp.before_app_request
def require_second_factor_enrolment():
    """Roles that must use 2FA get sent to enrol before anything else."""
    required = current_app.config.get("TOTP_REQUIRED_ROLES", ())
    if (
        required
        and current_user.is_authenticated
        and current_user.role in required
        and not two_factor.is_enrolled(current_user)
        and request.endpoint not in ENROLMENT_ALLOWED
    ):
        flash("Su rol exige la verificación en dos pasos. Actívela para continuar.", "warning")
        return redirect(url_for("auth.two_factor_setup"))
    return None


@bp.route("/logout", methods=["GET", "POST"])
@access(PUBLIC)
def logout():
    if request.method == "GET":
        if not current_user.is_authenticated:
            return redirect(url_for("main.home"))
        return render_template("auth/logout.html")
    if current_user.is_authenticated:
        accounts.close_session(db.session, current_user)
        db.session.commit()
    # Clear first: logout_user() then marks the remember-me cookie for deletion, and that
    # mark lives in the session (clearing after it would keep the cookie alive).
    session.clear()
    logout_user()
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
                user = current_user._get_current_object()
                start_session(user, remember=has_remember_cookie())  # this browser goes on
                db.session.commit()
                flash("Contraseña cambiada. Las demás sesiones se cerraron.", "success")
                return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/cuenta/cerrar-otras-sesiones", methods=["POST"])
@access(LOGGED_IN)
def logout_everywhere():
    if not current_user.is_authenticated:
        abort(401)
    accounts.revoke_other_sessions(db.session, current_user)
    db.session.commit()
    flash("Se cerraron las demás sesiones abiertas.", "success")
    return redirect(url_for("main.home"))
