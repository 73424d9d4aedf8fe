"""Accounts: password hashing, login throttling kept in the database, session revocation."""

from __future__ import annotations

from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from red.models.actors import ACTOR_ROLES, ROLES, LoginFailure, User
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


def revoke_sessions(user: User) -> None:
    """Bump the epoch: every session and remember-me cookie of this user stops working."""
    user.session_epoch = (user.session_epoch or 0) + 1


def set_password(user: User, new_password: str) -> None:
    check_password_strength(new_password)
    user.password_hash = hash_password(new_password)
    revoke_sessions(user)


def set_active(user: User, active: bool) -> None:
    user.active = active
    if not active:
        revoke_sessions(user)


_DUMMY_HASH = _hasher.hash("dummy-password-for-timing")
