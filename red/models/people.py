"""Entrepreneurs (people), their ventures, consent records and data-rights requests."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from red.models import lengths
from red.models.actors import Actor
from red.models.base import Base, TimestampMixin, in_check, relationship, sort_key_column, utcnow
from red.models.catalogs import (
    Municipality,
    PopulationGroup,
    ProductiveChain,
    RouteStage,
    Sector,
)
from red.models.mixins import ContactMixin, municipality_column

# DIAN document type codes.
DOCUMENT_TYPES = {
    "13": "Cédula de ciudadanía (CC)",
    "12": "Tarjeta de identidad (TI)",
    "22": "Cédula de extranjería (CE)",
    "41": "Pasaporte",
    "47": "Permiso especial de permanencia (PEP)",
    "48": "Permiso por protección temporal (PPT)",
    "31": "NIT",
}
SEXES = {"F": "Femenino", "M": "Masculino", "I": "Intersexual", "N": "Prefiere no decir"}
VENTURE_SIZES = {
    "micro": "Micro",
    "pequena": "Pequeña",
    "mediana": "Mediana",
    "grande": "Grande",
}
SALES_RANGES = {
    "0": "Sin ventas aún",
    "1": "Hasta $5 millones al año",
    "2": "Entre $5 y $50 millones al año",
    "3": "Entre $50 y $500 millones al año",
    "4": "Más de $500 millones al año",
}
CONSENT_CHANNELS = {
    "web": "Formulario web (Ruta)",
    "presencial": "Presencial",
    "telefono": "Teléfono",
    "papel": "Formato en papel",
    "importacion": "Importación",
}

entrepreneur_populations = Table(
    "entrepreneur_populations",
    Base.metadata,
    Column("entrepreneur_id", ForeignKey("entrepreneurs.id", ondelete="CASCADE"), primary_key=True),
    Column("population_id", ForeignKey("population_groups.id"), primary_key=True, index=True),
)


class Entrepreneur(ContactMixin, TimestampMixin, Base):
    """One person, whoever served them: deduplicated on document type + number."""

    __tablename__ = "entrepreneurs"
    __table_args__ = (
        UniqueConstraint("doc_type", "doc_number", name="uq_entrepreneurs_document"),
        CheckConstraint(in_check("doc_type", tuple(DOCUMENT_TYPES)), name="doc_type"),
        CheckConstraint(f"sex IS NULL OR {in_check('sex', tuple(SEXES))}", name="sex"),
        # The registry's order, over the records it lists: the first page of a large actor's
        # people is read from here in list order (paginate_capped in red/services/paging.py),
        # not sorted from all.
        Index(
            "ix_entrepreneurs_registry_order",
            "name_sort",
            "id",
            postgresql_where=text("merged_into_id IS NULL"),
            sqlite_where=text("merged_into_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(2))
    doc_number: Mapped[str] = mapped_column(String(20), index=True)
    first_names: Mapped[str] = mapped_column(String(120))
    last_names: Mapped[str] = mapped_column(String(120))
    name_norm: Mapped[str] = mapped_column(String(260), index=True, default="")
    # Lists order people by surname, then names.
    name_sort: Mapped[str] = sort_key_column("last_names", "first_names", index=True)
    sex: Mapped[str | None] = mapped_column(String(1))
    gender_identity: Mapped[str | None] = mapped_column(String(60))
    birth_date: Mapped[date | None] = mapped_column(Date)
    # Sensitive data (Ley 1581, art. 5): stored only with sensitive consent.
    ethnicity: Mapped[str | None] = mapped_column(String(60))
    has_disability: Mapped[bool | None] = mapped_column(Boolean)
    is_conflict_victim: Mapped[bool | None] = mapped_column(Boolean)
    sensitive_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_by_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    claim_in_progress: Mapped[bool] = mapped_column(Boolean, default=False)
    anonymized_at: Mapped[datetime | None]
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("entrepreneurs.id"))
    # A fictional person of the living demo (red/seed/demo_activity.py), labelled as such.
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The import job that created the record (red/jobs): lets a failed import undo itself.
    import_job_id: Mapped[int | None] = mapped_column(Integer, index=True)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    municipality: Mapped[Municipality | None] = relationship()
    registered_by: Mapped[Actor | None] = relationship()
    populations: Mapped[list[PopulationGroup]] = relationship(secondary=entrepreneur_populations)
    ventures: Mapped[list[Venture]] = relationship(back_populates="entrepreneur")
    consents: Mapped[list[ConsentRecord]] = relationship(back_populates="entrepreneur")

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_names}".strip()

    def __str__(self) -> str:
        return self.full_name


class Venture(TimestampMixin, Base):
    """An emprendimiento / unidad productiva; a person may have several."""

    __tablename__ = "ventures"
    __table_args__ = (
        CheckConstraint(f"size IS NULL OR {in_check('size', tuple(VENTURE_SIZES))}", name="size"),
        CheckConstraint("employees IS NULL OR employees >= 0", name="employees_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entrepreneur_id: Mapped[int] = mapped_column(
        ForeignKey("entrepreneurs.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    name_norm: Mapped[str] = mapped_column(String(260), index=True, default="")
    nit: Mapped[str | None] = mapped_column(String(20), index=True)
    sector_id: Mapped[int | None] = mapped_column(ForeignKey("sectors.id"), index=True)
    ciiu_code: Mapped[str | None] = mapped_column(String(6))
    chain_id: Mapped[int | None] = mapped_column(ForeignKey("productive_chains.id"), index=True)
    stage_id: Mapped[int | None] = mapped_column(ForeignKey("route_stages.id"), index=True)
    is_formal: Mapped[bool] = mapped_column(Boolean, default=False)
    is_subsistence: Mapped[bool] = mapped_column(Boolean, default=False)
    size: Mapped[str | None] = mapped_column(String(10))
    employees: Mapped[int | None] = mapped_column(Integer)
    sales_range: Mapped[str | None] = mapped_column(String(2))
    municipality_code: Mapped[str | None] = municipality_column()
    description: Mapped[str | None] = mapped_column(String(lengths.NOTE))
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    entrepreneur: Mapped[Entrepreneur] = relationship(back_populates="ventures")
    sector: Mapped[Sector | None] = relationship()
    chain: Mapped[ProductiveChain | None] = relationship()
    stage: Mapped[RouteStage | None] = relationship()
    municipality: Mapped[Municipality | None] = relationship()

    __mapper_args__ = {"version_id_col": version_id}

    def __str__(self) -> str:
        return self.name


class ConsentRecord(Base):
    """Proof of a Ley 1581 authorisation: when, which policy version, purposes, channel, who."""

    __tablename__ = "consent_records"
    __table_args__ = (
        CheckConstraint(in_check("channel", tuple(CONSENT_CHANNELS)), name="channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entrepreneur_id: Mapped[int] = mapped_column(
        ForeignKey("entrepreneurs.id", ondelete="CASCADE"), index=True
    )
    policy_version: Mapped[str] = mapped_column(String(20))
    purpose_attention: Mapped[bool] = mapped_column(Boolean, default=False)
    purpose_statistics: Mapped[bool] = mapped_column(Boolean, default=False)
    purpose_communications: Mapped[bool] = mapped_column(Boolean, default=False)
    sensitive_data: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(20))
    captured_at: Mapped[datetime] = mapped_column(default=utcnow)
    captured_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # The organisation the person authorised with this consent (the say-so that lets it see
    # the record); None for consents given to the network as a whole (web sign-ups).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    evidence: Mapped[str | None] = mapped_column(String(300))
    legal_representative: Mapped[str | None] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None]
    # The import job that captured it (red/jobs): lets a failed import undo itself.
    import_job_id: Mapped[int | None] = mapped_column(Integer, index=True)

    entrepreneur: Mapped[Entrepreneur] = relationship(back_populates="consents")


identity_claim_populations = Table(
    "identity_claim_populations",
    Base.metadata,
    Column("claim_id", ForeignKey("identity_claims.id", ondelete="CASCADE"), primary_key=True),
    Column("population_id", ForeignKey("population_groups.id"), primary_key=True, index=True),
)
CLAIM_SOURCES = {"ruta": "Solicitud en la Ruta", "evento": "Inscripción a un evento"}


class IdentityClaim(TimestampMixin, Base):
    """What a person declared about themselves on a public form, kept apart from the registry.

    A public form (asking to join a program, signing up for an event) never writes into a
    person's record: anybody can type anybody's document number. What was declared waits
    here until the receiving actor's staff confirm the identity (red/services/identity.py);
    then it becomes a new record or is linked to the existing one, whose differences are
    offered to staff as proposed changes, field by field.
    """

    __tablename__ = "identity_claims"
    __table_args__ = (
        CheckConstraint(in_check("source", tuple(CLAIM_SOURCES)), name="source"),
        CheckConstraint(in_check("doc_type", tuple(DOCUMENT_TYPES)), name="doc_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(10))
    doc_type: Mapped[str] = mapped_column(String(2))
    doc_number: Mapped[str] = mapped_column(String(20), index=True)
    first_names: Mapped[str] = mapped_column(String(120))
    last_names: Mapped[str] = mapped_column(String(120))
    name_norm: Mapped[str] = mapped_column(String(260), default="")
    email: Mapped[str | None] = mapped_column(String(lengths.EMAIL))
    phone: Mapped[str | None] = mapped_column(String(lengths.PHONE))
    municipality_code: Mapped[str | None] = municipality_column(index=False)
    birth_date: Mapped[date | None] = mapped_column(Date)
    legal_representative: Mapped[str | None] = mapped_column(String(200))
    policy_version: Mapped[str] = mapped_column(String(20))
    consent_statistics: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_communications: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    ethnicity: Mapped[str | None] = mapped_column(String(60))
    has_disability: Mapped[bool | None] = mapped_column(Boolean)
    is_conflict_victim: Mapped[bool | None] = mapped_column(Boolean)
    venture_name: Mapped[str | None] = mapped_column(String(200))
    venture_stage_id: Mapped[int | None] = mapped_column(ForeignKey("route_stages.id"))
    venture_sector_id: Mapped[int | None] = mapped_column(ForeignKey("sectors.id"))
    venture_is_formal: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set when staff confirm the identity: the record it became or was linked to.
    entrepreneur_id: Mapped[int | None] = mapped_column(
        ForeignKey("entrepreneurs.id", ondelete="SET NULL"), index=True
    )
    confirmed_at: Mapped[datetime | None]
    confirmed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # When staff finished reviewing the declared data against the record they linked.
    changes_reviewed_at: Mapped[datetime | None]
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    municipality: Mapped[Municipality | None] = relationship()
    venture_stage: Mapped[RouteStage | None] = relationship()
    venture_sector: Mapped[Sector | None] = relationship()
    populations: Mapped[list[PopulationGroup]] = relationship(secondary=identity_claim_populations)
    entrepreneur: Mapped[Entrepreneur | None] = relationship()

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_names}".strip()

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class PersonAccess(Base):
    """Which actors may see which person: derived data, one row per (actor, person).

    The rule lives in red/services/person_access.py (registered, served, referred, at an event,
    consent captured); this table is its result, kept current in the same transaction as
    every change to those records, so the registry asks "is (actor, person) here?" with one
    primary-key probe instead of six subqueries over the network's activity.
    """

    __tablename__ = "person_access"

    actor_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True
    )
    entrepreneur_id: Mapped[int] = mapped_column(
        ForeignKey("entrepreneurs.id", ondelete="CASCADE"), primary_key=True, index=True
    )


RIGHTS_REQUEST_KINDS = {
    "consulta": "Consulta",
    "reclamo": "Reclamo",
    "rectificacion": "Rectificación",
    "supresion": "Supresión",
    "revocatoria": "Revocatoria de la autorización",
}
RIGHTS_REQUEST_STATUSES = {
    "recibida": "Recibida",
    "en_tramite": "En trámite",
    "respondida": "Respondida",
}


class RightsRequest(TimestampMixin, Base):
    """A data subject's request under Ley 1581 with its legal deadline (business days)."""

    __tablename__ = "rights_requests"
    __table_args__ = (
        CheckConstraint(in_check("kind", tuple(RIGHTS_REQUEST_KINDS)), name="kind"),
        CheckConstraint(in_check("status", tuple(RIGHTS_REQUEST_STATUSES)), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entrepreneur_id: Mapped[int] = mapped_column(ForeignKey("entrepreneurs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(lengths.DESCRIPTION))
    status: Mapped[str] = mapped_column(String(20), default="recibida", index=True)
    filed_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    answered_at: Mapped[datetime | None]
    response: Mapped[str | None] = mapped_column(String(lengths.DESCRIPTION))
    filed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    entrepreneur: Mapped[Entrepreneur] = relationship()
