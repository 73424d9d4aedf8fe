"""Reference data: municipalities and the small admin-editable catalogs."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from red.models import lengths
from red.models.base import Base, TimestampMixin, public_id, sort_key_column

SUBREGIONS = ("Oriental", "Occidental", "Norte", "Suroriental", "Suroccidental", "Centro")


class Municipality(Base):
    """A municipality of Norte de Santander, keyed by its DANE DIVIPOLA code."""

    __tablename__ = "municipalities"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    name_norm: Mapped[str] = mapped_column(String(80), index=True)
    name_sort: Mapped[str] = sort_key_column("name", length=80)
    subregion: Mapped[str] = mapped_column(String(40), index=True)
    # Its HSDS taxonomy term (DIVIPOLA taxonomy of the open data).
    uuid: Mapped[str] = public_id()

    def __repr__(self) -> str:
        return f"<Municipality {self.code} {self.name}>"


class CatalogMixin(TimestampMixin):
    """Shared shape of the admin-editable catalogs: a stable code, a Spanish name, an order."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(String(lengths.NOTE))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Its HSDS taxonomy term id in the open data.
    uuid: Mapped[str] = public_id()

    def __str__(self) -> str:
        return self.name


class RouteStage(CatalogMixin, Base):
    """A stage of the Ruta (0 Sensibilización … 5 Internacionalización)."""

    __tablename__ = "route_stages"

    number: Mapped[int] = mapped_column(Integer, unique=True)


class ServiceType(CatalogMixin, Base):
    __tablename__ = "service_types"


class Sector(CatalogMixin, Base):
    """CIIU Rev. 4 A.C. section (A–U); the classification's version is stored beside the code."""

    __tablename__ = "sectors"

    ciiu_version: Mapped[str] = mapped_column(String(20), default="CIIU Rev. 4 A.C.")


class ProductiveChain(CatalogMixin, Base):
    """A productive chain of the department (Tabla 1 of the report: calzado, construcción…)."""

    __tablename__ = "productive_chains"


class PopulationGroup(CatalogMixin, Base):
    """Population group; `sensitive` ones need the person's explicit sensitive-data consent."""

    __tablename__ = "population_groups"

    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
