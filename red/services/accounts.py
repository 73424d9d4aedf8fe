"""Accounts: password hashing, login throttling kept in the database, session revocation."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session, joinedload, object_session

from red.models.actors import ACTOR_ROLES, ROLES, LoginFailure, User, UserSession
from red.models.base import utcnow

# OWASP minimum for argon2id: m=19 MiB, t=2, p=1.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A rule about accounts was broken; the message is Spanish and shown to the user."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def check_password_strength(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(f"La contraseña debe tener al menos {MIN_PASSWORD_LENGTH} caracteres.")


def create_user(
    session: Session,
    *,
    email: str,
    full_name: str,
    password: str,
    role: str,
    actor_id: int | None = None,
    entrepreneur_id: int | None = None,
) -> User:
    """Create an account after checking role, actor and password rules."""
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(f"Rol desconocido: {role}.")
    if role in ACTOR_ROLES and actor_id is None:
        raise AccountError("Las cuentas de gestor y administrador de actor necesitan un actor.")
    if session.scalar(select(User.id).where(User.email == email)):
        raise AccountError(f"Ya existe una cuenta con el correo {email}.")
    check_password_strength(password)
    user = User(
        email=email,
        full_name=full_name,
        password_hash=hash_password(password),
        role=role,
        actor_id=actor_id if role in ACTOR_ROLES else None,
        entrepreneur_id=entrepreneur_id,
    )
    session.add(user)
    session.flush()
    return user


def recent_failures(session: Session, email: str, window_minutes: int) -> int:
    since = utcnow() - timedelta(minutes=window_minutes)
    return (
        session.scalar(
            select(func.count(LoginFailure.id)).where(
                LoginFailure.email == normalise_email(email), LoginFailure.at >= since
            )
        )
        or 0
    )


def is_locked(session: Session, email: str, max_failures: int, window_minutes: int) -> bool:
    """Locked once max_failures failed logins happened within the window, on any worker."""
    return recent_failures(session, email, window_minutes) >= max_failures


def record_failure(session: Session, email: str, ip: str | None) -> None:
    session.add(LoginFailure(email=normalise_email(email), ip=ip, at=utcnow()))
    session.flush()


def clear_failures(session: Session, email: str) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.email == normalise_email(email)))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with that e-mail and password, or None."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        # Spend the same time as a real check so timing does not reveal accounts.
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, user: User, lifetime: timedelta) -> str:
    """Start a server-side session for one browser; returns the id Flask-Login keeps in the
    session and remember-me cookies. Expired sessions of anyone are purged on the way."""
    now = utcnow()
    session.execute(delete(UserSession).where(UserSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            user_id=user.id,
            token_hash=_token_hash(token),
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    session.flush()
    user.session_token = token
    return user.get_id()


# The actor shows in every page's header: loaded with the user, in the same query. Built once:
# every logged-in request runs it, and building it was ~6 % of a light page (py-spy).
_SESSION_USER = (
    select(User)
    .join(UserSession, UserSession.user_id == User.id)
    .where(
        User.id == bindparam("user_id"),
        UserSession.token_hash == bindparam("token_hash"),
        UserSession.expires_at > bindparam("now"),
    )
    .options(joinedload(User.actor))
)


def session_user(session: Session, session_id: str) -> User | None:
    """The active user of an open, unexpired session "id:epoch:token", or None."""
    try:
        user_part, epoch_part, token = session_id.split(":", 2)
        user_id, epoch = int(user_part), int(epoch_part)
    except (ValueError, AttributeError):
        return None
    if not token:
        return None
    user = session.scalar(
        _SESSION_USER, {"user_id": user_id, "token_hash": _token_hash(token), "now": utcnow()}
    )
    if user is None or not user.active or user.session_epoch != epoch:
        return None
    user.session_token = token
    return user


def close_session(session: Session, user: User) -> None:
    """Logout: this browser's session ends on the server, whatever cookies it kept."""
    if user.session_token:
        session.execute(
            delete(UserSession).where(UserSession.token_hash == _token_hash(user.session_token))
        )
        user.session_token = None


def revoke_other_sessions(session: Session, user: User) -> None:
    """Log out everywhere else ("cerrar otras sesiones"): all sessions but this browser's end."""
    session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id,
            UserSession.token_hash != _token_hash(user.session_token or ""),
        )
    )


def revoke_sessions(user: User) -> None:
    """Every session and remember-me cookie of this user stops working: the epoch moves
    (which every cookie carries) and the server-side sessions are deleted."""
    user.session_epoch = (user.session_epoch or 0) + 1
    user.session_token = None
    session = object_session(user)
    if session is not None and user.id is not None:
        session.execute(delete(UserSession).where(UserSession.user_id == user.id))


def set_password(user: User, new_password: str) -> None:
    check_password_strength(new_password)
    user.password_hash = hash_password(new_password)
    revoke_sessions(user)


def set_active(user: User, active: bool) -> None:
    user.active = active
    if not active:
        revoke_sessions(user)


_DUMMY_HASH = _hasher.hash("dummy-password-for-timing")
