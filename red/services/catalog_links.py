"""The catalog's structured filters, defined once for the SQL search, the in-memory index and
the facets: which filters are set, and which catalogs programs link to through which table.

A filter is named as in the URL (`?tipo=t-financiacion&municipio=54810`). The five linked
catalogs (stages, service types, sectors, chains, populations) are association tables from
programs to a catalog row; the URL carries the row's code (a stage's number).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Table

from red.models import PopulationGroup, ProductiveChain, RouteStage, Sector, ServiceType
from red.models.programs import (
    program_chains,
    program_populations,
    program_sectors,
    program_service_types,
    program_stages,
)

# Every structured filter (all but the free text `q`), in the order chips and URLs list them.
FILTER_NAMES = (
    "etapa",
    "tipo",
    "sector",
    "cadena",
    "municipio",
    "subregion",
    "poblacion",
    "actor",
    "costo",
    "modalidad",
    "abierta",
)


@dataclass(frozen=True)
class CatalogLink:
    """Programs ↔ a catalog: the catalog model, the association table and its catalog column."""

    name: str
    model: type
    table: Table
    column: Column

    @property
    def key(self) -> Any:
        """The catalog column the URL value names (a stage by number, the rest by code)."""
        return self.model.number if self.model is RouteStage else self.model.code


LINKS: dict[str, CatalogLink] = {
    link.name: link
    for link in (
        CatalogLink("etapa", RouteStage, program_stages, program_stages.c.stage_id),
        CatalogLink(
            "tipo", ServiceType, program_service_types, program_service_types.c.service_type_id
        ),
        CatalogLink("sector", Sector, program_sectors, program_sectors.c.sector_id),
        CatalogLink("cadena", ProductiveChain, program_chains, program_chains.c.chain_id),
        CatalogLink(
            "poblacion",
            PopulationGroup,
            program_populations,
            program_populations.c.population_id,
        ),
    )
}


def active_filters(filters: Any) -> dict[str, Any]:
    """The structured filters that are set, by URL name (what every search backend applies)."""
    out: dict[str, Any] = {}
    for name in FILTER_NAMES:
        value = getattr(filters, name)
        if value is not None and value != "" and value is not False:
            out[name] = value
    return out
