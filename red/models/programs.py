"""The network's offer: programs and services along the Ruta."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from red.models import lengths
from red.models.actors import Actor
from red.models.base import (
    Base,
    TimestampMixin,
    in_check,
    public_id,
    public_id_column,
    relationship,
    sort_key_column,
)
from red.models.catalogs import (
    Municipality,
    PopulationGroup,
    ProductiveChain,
    RouteStage,
    Sector,
    ServiceType,
)

PROGRAM_STATUSES = {
    "borrador": "Borrador",
    "publicado": "Publicado",
    "cerrado": "Cerrado",
    "archivado": "Archivado",
}
MODALITIES = {"presencial": "Presencial", "virtual": "Virtual", "mixta": "Mixta"}


def _link(name: str, column: str, target: str, *published_as: str) -> Table:
    """A program's link to a catalog entry; `published_as` names its open-data id columns."""
    return Table(
        name,
        Base.metadata,
        Column("program_id", ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True),
        Column(column, ForeignKey(target), primary_key=True, index=True),
        *(public_id_column(id_column) for id_column in published_as),
    )


# Each link to a catalog term is an HSDS attribute of the service (its own uuid).
program_stages = _link("program_stages", "stage_id", "route_stages.id", "uuid")
program_service_types = _link(
    "program_service_types", "service_type_id", "service_types.id", "uuid"
)
program_sectors = _link("program_sectors", "sector_id", "sectors.id", "uuid")
program_chains = _link("program_chains", "chain_id", "productive_chains.id", "uuid")
program_populations = _link("program_populations", "population_id", "population_groups.id", "uuid")
# A covered municipality is an HSDS service_area, and its DIVIPOLA term an attribute of it.
program_municipalities = _link(
    "program_municipalities",
    "municipality_code",
    "municipalities.code",
    "uuid",
    "attribute_uuid",
)
program_cooperators = _link("program_cooperators", "actor_id", "actors.id")


class Program(TimestampMixin, Base):
    """A program or service (oferta) owned by one actor and co-operated by others."""

    __tablename__ = "programs"
    __table_args__ = (
        # Compliance counts each owner's published programs and the recently reviewed ones,
        # once per period of the trend: covered by this index, no table reads.
        Index("ix_programs_status_owner_reviewed", "status", "owner_id", "last_reviewed_on"),
        CheckConstraint(in_check("status", tuple(PROGRAM_STATUSES)), name="status"),
        CheckConstraint(in_check("modality", tuple(MODALITIES)), name="modality"),
        CheckConstraint("cost_cop IS NULL OR cost_cop >= 0", name="cost_positive"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_positive"),
        CheckConstraint(
            "opens_on IS NULL OR closes_on IS NULL OR opens_on <= closes_on", name="call_dates"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_sort: Mapped[str] = sort_key_column("name", length=200)
    summary: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(String(lengths.LONG_DESCRIPTION))
    search_norm: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    requirements: Mapped[str | None] = mapped_column(String(lengths.DESCRIPTION))
    is_free: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    cost_cop: Mapped[int | None] = mapped_column(BigInteger)
    modality: Mapped[str] = mapped_column(String(20), default="presencial", index=True)
    opens_on: Mapped[date | None] = mapped_column(Date, index=True)
    closes_on: Mapped[date | None] = mapped_column(Date, index=True)
    capacity: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="borrador", index=True)
    whole_department: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    for_subsistence: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(lengths.EMAIL))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    url: Mapped[str | None] = mapped_column(String(300))
    period: Mapped[str | None] = mapped_column(String(60))
    reported_results: Mapped[str | None] = mapped_column(String(lengths.DESCRIPTION))
    demo_assumption: Mapped[str | None] = mapped_column(String(lengths.NOTE))  # «Supuesto…»
    last_reviewed_on: Mapped[date | None] = mapped_column(Date, index=True)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    # Open data (HSDS): the service and the records published with it.
    uuid: Mapped[str] = public_id()
    service_at_location_uuid: Mapped[str] = public_id()  # offered at the owner's office
    phone_uuid: Mapped[str] = public_id()
    contact_uuid: Mapped[str] = public_id()
    cost_option_uuid: Mapped[str] = public_id()
    schedule_uuid: Mapped[str] = public_id()  # the call's opening and closing dates
    service_area_uuid: Mapped[str] = public_id()  # the whole department, when it covers it
    service_area_attribute_uuid: Mapped[str] = public_id()
    modality_attribute_uuid: Mapped[str] = public_id()

    owner: Mapped[Actor] = relationship(foreign_keys=[owner_id])
    cooperators: Mapped[list[Actor]] = relationship(secondary=program_cooperators)
    stages: Mapped[list[RouteStage]] = relationship(secondary=program_stages)
    service_types: Mapped[list[ServiceType]] = relationship(secondary=program_service_types)
    sectors: Mapped[list[Sector]] = relationship(secondary=program_sectors)
    chains: Mapped[list[ProductiveChain]] = relationship(secondary=program_chains)
    populations: Mapped[list[PopulationGroup]] = relationship(secondary=program_populations)
    municipalities: Mapped[list[Municipality]] = relationship(secondary=program_municipalities)

    __mapper_args__ = {"version_id_col": version_id}

    def __str__(self) -> str:
        return self.name
