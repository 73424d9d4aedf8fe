"""Flask-Login wiring: the cookies carry "id:epoch:token" of a server-side session, so a
session ends for real on logout, on "cerrar otras sesiones", on a password change and on
deactivation (red/services/accounts.py)."""

from __future__ import annotations

from flask import current_app, request, session
from flask_login import LoginManager, login_user

from red.extensions import db
from red.models.actors import User
from red.services import accounts


def load_user(session_id: str) -> User | None:
    """Accept only an open server-side session of an active account with the current epoch."""
    return accounts.session_user(db.session, session_id)


def start_session(user: User, remember: bool) -> None:
    """Log this browser in on a new server-side session (the caller commits)."""
    config = current_app.config
    lifetime = config["PERMANENT_SESSION_LIFETIME"]
    if remember:
        lifetime = max(lifetime, config["REMEMBER_COOKIE_DURATION"])
    accounts.open_session(db.session, user, lifetime)
    login_user(user, remember=remember)
    session.permanent = True


def has_remember_cookie() -> bool:
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies


def pending_marker(user: User) -> str:
    """Kept in the session between the password and the second factor: not a login."""
    return f"{user.id}:{user.session_epoch}"


def pending_user(marker: str | None) -> User | None:
    """The active user named by pending_marker, while the epoch has not moved."""
    try:
        user_part, epoch_part = (marker or "").split(":", 1)
        user = db.session.get(User, int(user_part))
        epoch = int(epoch_part)
    except ValueError:
        return None
    if user is None or not user.active or user.session_epoch != epoch:
        return None
    return user


def configure_login(manager: LoginManager) -> None:
    manager.user_loader(load_user)
    manager.login_view = "auth.login"
    manager.login_message = "Inicie sesión para continuar."
    manager.login_message_category = "info"
    manager.session_protection = "basic"
