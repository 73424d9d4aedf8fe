"""Events (ferias, ruedas de negocios, misiones…) and who took part in them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import Mapped, mapped_column

from red.models import lengths
from red.models.actors import Actor
from red.models.base import Base, TimestampMixin, in_check, relationship
from red.models.catalogs import Municipality
from red.models.mixins import PersonOrClaimMixin, municipality_column
from red.models.people import Entrepreneur, IdentityClaim, Venture
from red.models.programs import Program

EVENT_KINDS = {
    "feria": "Feria",
    "rueda_negocios": "Rueda de negocios",
    "macrorrueda": "Macrorrueda",
    "mision_comercial": "Misión comercial",
    "capacitacion": "Capacitación",
    "foro": "Foro o congreso",
    "feria_laboral": "Feria laboral",
    "otro": "Otro",
}
# How much of starts_on/ends_on is known: the report often gives only a year or a quarter.
DATE_PRECISIONS = {"dia": "Día", "mes": "Mes", "trimestre": "Trimestre", "anio": "Año"}
FIGURE_QUALIFIERS = {"mas_de": "más de", "alrededor_de": "alrededor de"}
PARTICIPATION_STATUSES = {
    "inscrito": "Inscripción registrada",
    "confirmado": "Inscripción confirmada",
    "asistio": "Asistió",
    "no_asistio": "No asistió",
    "lista_espera": "En lista de espera",
    "cancelado": "Canceló",
}
PARTICIPATION_ROLES = {
    "asistente": "Asistente",
    "expositor": "Expositor",
    "comprador": "Comprador",
    "vendedor": "Vendedor",
}


class EventOrganizer(Base):
    """An actor organising an event, in the order the event names them: position 0 is the
    organiser, then the co-organisers (the report's order for the events it lists)."""

    __tablename__ = "event_organizers"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # Joined: whoever reads the links reads the actors, so the list is one query.
    actor: Mapped[Actor] = relationship(lazy="joined")


# The plain table, for queries that only ask who organises what.
event_organizers = EventOrganizer.__table__


def _organizer_link(actor: Actor) -> EventOrganizer:
    return EventOrganizer(actor=actor)


class Event(TimestampMixin, Base):
    """A feria, rueda de negocios, misión comercial, capacitación, foro or feria laboral."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(in_check("kind", tuple(EVENT_KINDS)), name="kind"),
        CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR starts_on <= ends_on", name="dates"
        ),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_positive"),
        CheckConstraint(in_check("date_precision", tuple(DATE_PRECISIONS)), name="date_precision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_norm: Mapped[str] = mapped_column(String(400), index=True, default="")
    kind: Mapped[str] = mapped_column(String(20), index=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id"), index=True)
    starts_on: Mapped[date | None] = mapped_column(Date, index=True)
    ends_on: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(10), default="dia", server_default="dia")
    period_label: Mapped[str | None] = mapped_column(String(60))
    venue: Mapped[str | None] = mapped_column(String(200))
    municipality_code: Mapped[str | None] = municipality_column()
    city: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str] = mapped_column(String(80), default="Colombia")
    capacity: Mapped[int | None] = mapped_column(Integer)
    registration_open: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str | None] = mapped_column(String(lengths.LONG_DESCRIPTION))
    # Figures the report gives for the event as a whole (reported totals, not sums of rows).
    is_reported: Mapped[bool] = mapped_column(Boolean, default=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    reported_exhibitors: Mapped[int | None] = mapped_column(Integer)
    reported_buyers: Mapped[int | None] = mapped_column(Integer)
    reported_participants: Mapped[int | None] = mapped_column(Integer)
    reported_sales_cop: Mapped[int | None] = mapped_column(BigInteger)
    # «más de 170 expositores»: the report's figures are often lower bounds.
    figures_qualifier: Mapped[str | None] = mapped_column(String(12))
    reported_notes: Mapped[str | None] = mapped_column(String(lengths.DESCRIPTION))
    demo_assumption: Mapped[str | None] = mapped_column(String(lengths.NOTE))  # «Supuesto…»
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    program: Mapped[Program | None] = relationship()
    municipality: Mapped[Municipality | None] = relationship()
    # Ordered links; `organizers` reads and writes them as a list of actors, and a list
    # assigned to it is stored in its order (ordering_list numbers the positions).
    organizer_links: Mapped[list[EventOrganizer]] = relationship(
        order_by=(EventOrganizer.position, EventOrganizer.actor_id),
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    organizers: AssociationProxy[list[Actor]] = association_proxy(
        "organizer_links", "actor", creator=_organizer_link
    )

    __mapper_args__ = {"version_id_col": version_id}

    def __str__(self) -> str:
        return self.name


class Participation(PersonOrClaimMixin, TimestampMixin, Base):
    """A person's (and venture's) registration in an event, attendance and outcomes."""

    __tablename__ = "participations"
    __table_args__ = (
        UniqueConstraint("event_id", "entrepreneur_id", name="uq_participations_person"),
        CheckConstraint(in_check("status", tuple(PARTICIPATION_STATUSES)), name="status"),
        CheckConstraint(in_check("role", tuple(PARTICIPATION_ROLES)), name="role"),
        CheckConstraint("sales_cop IS NULL OR sales_cop >= 0", name="sales_positive"),
        # A public sign-up waits on its declared identity until the organisers confirm it.
        CheckConstraint(
            "entrepreneur_id IS NOT NULL OR claim_id IS NOT NULL", name="person_or_claim"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    entrepreneur_id: Mapped[int | None] = mapped_column(ForeignKey("entrepreneurs.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("identity_claims.id"), index=True)
    venture_id: Mapped[int | None] = mapped_column(ForeignKey("ventures.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="inscrito", index=True)
    role: Mapped[str] = mapped_column(String(20), default="asistente")
    offer: Mapped[str | None] = mapped_column(String(lengths.NOTE))
    waitlist_position: Mapped[int | None] = mapped_column(Integer)
    checked_in_at: Mapped[datetime | None]
    sales_cop: Mapped[int | None] = mapped_column(BigInteger)
    contacts: Mapped[int | None] = mapped_column(Integer)
    deals: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(String(lengths.DESCRIPTION))
    registered_by_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    event: Mapped[Event] = relationship()
    entrepreneur: Mapped[Entrepreneur | None] = relationship()
    claim: Mapped[IdentityClaim | None] = relationship()
    venture: Mapped[Venture | None] = relationship()

    __mapper_args__ = {"version_id_col": version_id}
