"""Flask-Login wiring: the session id carries the user's epoch, so sessions are revocable."""

from __future__ import annotations

from flask_login import LoginManager
from sqlalchemy.orm import joinedload

from red.extensions import db
from red.models.actors import User


def load_user(session_id: str) -> User | None:
    """Accept "id:epoch" only while the epoch matches and the account is active."""
    try:
        user_part, epoch_part = session_id.split(":", 1)
        user_id, epoch = int(user_part), int(epoch_part)
    except (ValueError, AttributeError):
        return None
    # The actor shows in every page's header: load it with the user, in the same query.
    user = db.session.get(User, user_id, options=[joinedload(User.actor)])
    if user is None or not user.active or user.session_epoch != epoch:
        return None
    return user


def configure_login(manager: LoginManager) -> None:
    manager.user_loader(load_user)
    manager.login_view = "auth.login"
    manager.login_message = "Inicie sesión para continuar."
    manager.login_message_category = "info"
    manager.session_protection = "basic"
