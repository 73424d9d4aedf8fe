"""Member organisations of the network and their staff accounts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
)
from sqlalchemy.orm import Mapped, mapped_column

from red.models import lengths
from red.models.base import Base, TimestampMixin, in_check, public_id, relationship, sort_key_column
from red.models.catalogs import Municipality, ProductiveChain
from red.models.mixins import ContactMixin

ACTOR_KINDS = {
    "entidad_publica": "Entidad pública",
    "gremio": "Gremio",
    "camara_comercio": "Cámara de comercio",
    "academia": "Academia",
    "financiera": "Entidad financiera",
    "caja_compensacion": "Caja de compensación",
    "cooperacion": "Cooperación",
    "empresa": "Empresa privada",
    "otro": "Otro",
}
NETWORK_ROLES = {
    "presidencia": "Presidencia",
    "secretaria_tecnica": "Secretaría técnica",
    "miembro": "Miembro",
    "aliado": "Aliado (no miembro)",
}
ACTOR_STATUSES = {"activo": "Activo", "inactivo": "Inactivo", "retirado": "Retirado"}

actor_municipalities = Table(
    "actor_municipalities",
    Base.metadata,
    Column("actor_id", ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_code", ForeignKey("municipalities.code"), primary_key=True, index=True),
)
actor_chains = Table(
    "actor_chains",
    Base.metadata,
    Column("actor_id", ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("chain_id", ForeignKey("productive_chains.id"), primary_key=True, index=True),
)


class Actor(ContactMixin, TimestampMixin, Base):
    """A member (or partner) organisation of the Red Regional de Emprendimiento."""

    __tablename__ = "actors"
    __table_args__ = (
        CheckConstraint(in_check("kind", tuple(ACTOR_KINDS)), name="kind"),
        CheckConstraint(in_check("network_role", tuple(NETWORK_ROLES)), name="network_role"),
        CheckConstraint(in_check("status", tuple(ACTOR_STATUSES)), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_norm: Mapped[str] = mapped_column(String(260), index=True, default="")
    name_sort: Mapped[str] = sort_key_column("name", length=200)
    acronym: Mapped[str | None] = mapped_column(String(40))
    nit: Mapped[str | None] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(30), index=True, default="otro")
    network_role: Mapped[str] = mapped_column(String(30), index=True, default="miembro")
    status: Mapped[str] = mapped_column(String(20), index=True, default="activo")
    is_member: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(String(lengths.DESCRIPTION))
    # What the demo assumes where the report is silent (shown as «Supuesto de la demostración»).
    demo_assumption: Mapped[str | None] = mapped_column(String(lengths.NOTE))
    website: Mapped[str | None] = mapped_column(String(300))
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    # Open data (HSDS): the organization and the records published beside it.
    uuid: Mapped[str] = public_id()
    location_uuid: Mapped[str] = public_id()  # its office
    phone_uuid: Mapped[str] = public_id()
    identifier_uuid: Mapped[str] = public_id()  # the NIT as organization_identifier

    municipality: Mapped[Municipality | None] = relationship()
    municipalities: Mapped[list[Municipality]] = relationship(secondary=actor_municipalities)
    chains: Mapped[list[ProductiveChain]] = relationship(secondary=actor_chains)

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def display_name(self) -> str:
        return f"{self.acronym} – {self.name}" if self.acronym else self.name

    def __str__(self) -> str:
        return self.acronym or self.name


ROLES = {
    "admin": "Administrador del sistema",
    "nucleo": "Núcleo de la Red",
    "actor_admin": "Administrador de actor",
    "actor_staff": "Gestor de actor",
    "entrepreneur": "Persona emprendedora",
}
ACTOR_ROLES = ("actor_admin", "actor_staff")


class User(TimestampMixin, Base):
    """An account. Staff roles are tied to one actor; an entrepreneur account to one person."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(in_check("role", tuple(ROLES)), name="role"),
        CheckConstraint(
            "(role IN ('actor_admin', 'actor_staff') AND actor_id IS NOT NULL) "
            "OR role NOT IN ('actor_admin', 'actor_staff')",
            name="staff_has_actor",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    name_norm: Mapped[str] = mapped_column(String(200), default="", server_default="")
    name_sort: Mapped[str] = sort_key_column("full_name", length=200)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    entrepreneur_id: Mapped[int | None] = mapped_column(
        ForeignKey("entrepreneurs.id"), index=True, unique=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    last_login_at: Mapped[datetime | None]
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None]
    # Last accepted TOTP time step: a code is never accepted twice (replay).
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    # Joined: every page's header names the signed-in user's actor (current_user), and
    # rules and forms read it wherever a user is; one LEFT JOIN, never a query of its own.
    actor: Mapped[Actor | None] = relationship(lazy="joined")

    # The token of the browser session this object was loaded for (not a column): set by
    # the user loader and by accounts.open_session, read by get_id.
    session_token = None

    # Flask-Login protocol -------------------------------------------------
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """What the session and remember-me cookies carry: "id:epoch:token". The token names
        one server-side session (UserSession); bumping the epoch ends all of them at once."""
        return f"{self.id}:{self.session_epoch}:{self.session_token or ''}"

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def is_staff(self) -> bool:
        return self.role in ACTOR_ROLES


class RecoveryCode(Base):
    """A single-use second-factor recovery code, stored hashed."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]


class LoginFailure(Base):
    """One failed login. Counting rows here throttles per account whichever worker answers."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    ip: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(index=True)


class UserSession(Base):
    """One logged-in browser. The session and remember-me cookies carry a random token whose
    hash is kept here; logging out deletes the row, so a copied cookie is worth nothing."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
