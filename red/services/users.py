"""Account administration: who may manage which account, and the operations they can do.

Built on red.services.accounts (hashing, password rules, session revocation).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from red.models.actors import Actor, User
from red.permissions import can_manage_actor_staff, is_admin
from red.permissions.records import can_manage_account
from red.services import accounts
from red.services.accounts import AccountError
from red.text import fold

# Roles a system admin may give from the admin area. Entrepreneur accounts belong to a
# person record and are created from it, not here.
ADMIN_ASSIGNABLE_ROLES = ("admin", "nucleo", "actor_admin", "actor_staff")


def users_query(q: str | None = None, role: str | None = None, actor_id: int | None = None):
    """Accounts matching a name/e-mail search, a role and an actor, with their actor loaded."""
    stmt = select(User).options(joinedload(User.actor)).order_by(User.name_sort, User.id)
    if q and q.strip():
        pattern = f"%{_escape_like(q.strip())}%"
        stmt = stmt.where(
            or_(
                User.name_norm.contains(fold(q), autoescape=True),
                User.email.ilike(pattern, escape="\\"),
            )
        )
    if role:
        stmt = stmt.where(User.role == role)
    if actor_id is not None:
        stmt = stmt.where(User.actor_id == actor_id)
    return stmt


def team_query(actor_id: int):
    """The staff accounts (actor admins and gestores) of one actor."""
    return users_query(actor_id=actor_id).where(User.role.in_(("actor_admin", "actor_staff")))


def actor_choices(session: Session) -> list[tuple[int, str]]:
    rows = session.execute(
        select(Actor.id, Actor.name, Actor.acronym)
        .where(Actor.status == "activo")
        .order_by(Actor.name_sort)
    ).all()
    return [(row.id, f"{row.acronym} – {row.name}" if row.acronym else row.name) for row in rows]


def create_account(
    session: Session,
    by: Any,
    *,
    email: str,
    full_name: str,
    password: str,
    role: str,
    actor_id: int | None = None,
) -> User:
    """Create an account on behalf of `by`: admins any staff role, actor admins their gestores."""
    if is_admin(by):
        if role not in ADMIN_ASSIGNABLE_ROLES:
            raise AccountError("Ese rol no se puede asignar desde la administración.")
    elif not (role == "actor_staff" and can_manage_actor_staff(by, actor_id)):
        raise PermissionError("No puede crear cuentas para ese actor o con ese rol.")
    if actor_id is not None and session.get(Actor, actor_id) is None:
        raise AccountError("El actor elegido no existe.")
    return accounts.create_user(
        session,
        email=email,
        full_name=(full_name or "").strip(),
        password=password,
        role=role,
        actor_id=actor_id,
    )


def deactivate_account(session: Session, by: Any, target: User) -> None:
    """Deactivate an account and end all its sessions. Nobody deactivates themselves."""
    _require_manage(by, target)
    if target.id == getattr(by, "id", None):
        raise AccountError("No puede desactivar su propia cuenta.")
    accounts.set_active(target, False)
    session.flush()


def activate_account(session: Session, by: Any, target: User) -> None:
    _require_manage(by, target)
    accounts.set_active(target, True)
    session.flush()


def reset_password(session: Session, by: Any, target: User, new_password: str) -> None:
    """Set a new password chosen by an admin; every session of the account ends."""
    _require_manage(by, target)
    accounts.set_password(target, new_password)
    session.flush()


def _require_manage(by: Any, target: User) -> None:
    if not can_manage_account(by, target):
        raise PermissionError("No puede administrar esta cuenta.")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
