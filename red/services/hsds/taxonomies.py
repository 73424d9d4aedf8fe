"""Red's catalogs as HSDS taxonomies, with stable ids and Spanish names.

The taxonomies themselves, the three modalities and the department are fixed by Red (they are
code, not rows), so their ids are constants: every installation of Red publishes the same ids
for them. Catalog entries and municipalities are rows and carry their own `uuid` column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from red.models import (
    Municipality,
    PopulationGroup,
    ProductiveChain,
    RouteStage,
    Sector,
    ServiceType,
)
from red.models.programs import MODALITIES

LANGUAGE = "es"
DEPARTMENT_NAME = "Norte de Santander"
DEPARTMENT_CODE = "54"


@dataclass(frozen=True)
class Taxonomy:
    key: str  # Red's own short name, also the CSV's `taxonomy` column
    id: str
    name: str
    description: str
    version: str | None = None


@dataclass(frozen=True)
class Term:
    id: str
    taxonomy: Taxonomy
    code: str
    name: str
    description: str
    parent_id: str | None = None
    established: str | None = None  # HSDS `taxonomy`: which external taxonomy, if any


STAGES = Taxonomy(
    "etapas",
    "6e6ae4c5-8171-4cf6-a5ff-dd70cef748d8",
    "Etapas de la Ruta de Emprendimiento, Innovación e Internacionalización",
    "Etapa del emprendimiento a la que se dirige el programa, de 0 (sensibilización y cultura) "
    "a 5 (internacionalización), según la Ruta de la Red Regional de Emprendimiento de Norte "
    "de Santander.",
)
SERVICE_TYPES = Taxonomy(
    "tipos_servicio",
    "d5812cda-5847-4694-86a3-7d2511446439",
    "Tipos de servicio de la Red",
    "Qué ofrece el programa: formación, asesoría y mentoría, financiación, formalización, "
    "comercialización, innovación, internacionalización, conexión y redes.",
)
POPULATIONS = Taxonomy(
    "poblaciones",
    "31e75cae-61ae-4b43-a6de-bc94b595b828",
    "Grupos poblacionales",
    "Grupos de población a los que el programa se dirige de manera preferente.",
)
SECTORS = Taxonomy(
    "sectores",
    "d260664f-44d3-4ccb-b018-42c07a8c375b",
    "Sectores económicos (CIIU Rev. 4 A.C.)",
    "Secciones de la Clasificación Industrial Internacional Uniforme, revisión 4 adaptada "
    "para Colombia (DANE), a las que se dirige el programa.",
    "Rev. 4 A.C.",
)
CHAINS = Taxonomy(
    "cadenas",
    "8da82da3-43c5-410a-ad26-9276481a98c3",
    "Cadenas productivas de Norte de Santander",
    "Cadenas productivas del departamento (calzado, confecciones, construcción, "
    "gastronomía…) a las que se dirige el programa.",
)
MODALITY = Taxonomy(
    "modalidad",
    "a099a772-6126-4edb-87fd-f7306aa9f4df",
    "Modalidad",
    "Cómo se presta el programa: presencial, virtual o mixta.",
)
PLACES = Taxonomy(
    "divipola",
    "6c813007-f86c-42d5-b43b-e223edc511c7",
    "División Político-Administrativa de Colombia (DIVIPOLA)",
    "Departamento y municipios con sus códigos DIVIPOLA del DANE; describe las áreas de "
    "servicio de los programas.",
)
TAXONOMIES = (STAGES, SERVICE_TYPES, POPULATIONS, SECTORS, CHAINS, MODALITY, PLACES)
TAXONOMY_BY_ID = {t.id: t for t in TAXONOMIES}

MODALITY_TERM_IDS = {
    "presencial": "546ad7f5-f6a8-47d7-959d-740c5e73a594",
    "virtual": "53543a61-51b1-4d68-896d-0879d4f26fba",
    "mixta": "cb6dedf7-2620-4546-a516-e07a28695f61",
}
MODALITY_DESCRIPTIONS = {
    "presencial": "El programa se presta en persona.",
    "virtual": "El programa se presta en línea.",
    "mixta": "El programa combina sesiones en persona y en línea.",
}
DEPARTMENT = Term(
    "19aac6b2-f94e-4529-8b2e-bf67dc9d6113",
    PLACES,
    DEPARTMENT_CODE,
    DEPARTMENT_NAME,
    f"Departamento de {DEPARTMENT_NAME} (código DIVIPOLA {DEPARTMENT_CODE}), con sus 40 "
    "municipios.",
    established="DIVIPOLA (DANE)",
)

# Catalog model -> (taxonomy, description of an entry that has none of its own)
CATALOG_TAXONOMIES = (
    (RouteStage, STAGES, "Etapa {code} de la Ruta: {name}."),
    (ServiceType, SERVICE_TYPES, "Tipo de servicio: {name}."),
    (PopulationGroup, POPULATIONS, "Grupo poblacional: {name}."),
    (Sector, SECTORS, "Sección {code} de la CIIU Rev. 4 A.C.: {name}."),
    (ProductiveChain, CHAINS, "Cadena productiva: {name}."),
)


def modality_term(modality: str) -> Term:
    return Term(
        MODALITY_TERM_IDS[modality],
        MODALITY,
        modality,
        MODALITIES[modality],
        MODALITY_DESCRIPTIONS[modality],
    )


def catalog_term(entry, taxonomy: Taxonomy, fallback: str) -> Term:
    """A catalog entry (stage, service type…) as a term; stages are coded by their number."""
    code = str(entry.number) if isinstance(entry, RouteStage) else entry.code
    return Term(
        entry.uuid,
        taxonomy,
        code,
        entry.name,
        entry.description or fallback.format(code=code, name=entry.name),
        established="CIIU Rev. 4 A.C. (DANE)" if taxonomy is SECTORS else None,
    )


def municipality_term(municipality: Municipality) -> Term:
    return Term(
        municipality.uuid,
        PLACES,
        municipality.code,
        municipality.name,
        f"Municipio de {municipality.name} (subregión {municipality.subregion}), "
        f"{DEPARTMENT_NAME}. Código DIVIPOLA {municipality.code}.",
        parent_id=DEPARTMENT.id,
        established="DIVIPOLA (DANE)",
    )


class Terms:
    """Every term, found by Red's key — (taxonomy key, catalog id or municipality code) — or
    by its published id."""

    def __init__(self, by_key: dict[tuple[str, object], Term]) -> None:
        self.by_key = by_key
        self.by_id = {term.id: term for term in by_key.values()}
        self.key_of = {term.id: key for key, term in by_key.items()}

    def get(self, taxonomy: Taxonomy, key: object) -> Term:
        return self.by_key[(taxonomy.key, key)]


def load_terms(session: Session) -> Terms:
    """All terms of every taxonomy: one statement per catalog (small tables)."""
    by_key: dict[tuple[str, object], Term] = {}
    for model, taxonomy, fallback in CATALOG_TAXONOMIES:
        for entry in session.scalars(select(model)):
            by_key[(taxonomy.key, entry.id)] = catalog_term(entry, taxonomy, fallback)
    for municipality in session.scalars(select(Municipality)):
        by_key[(PLACES.key, municipality.code)] = municipality_term(municipality)
    by_key[(PLACES.key, DEPARTMENT_CODE)] = DEPARTMENT
    for modality in MODALITIES:
        by_key[(MODALITY.key, modality)] = modality_term(modality)
    return Terms(by_key)


def with_parents(terms: Iterable[Term], everything: Terms) -> list[Term]:
    """The given terms and the parents they name (a municipality's department), once each."""
    chosen = {term.id: term for term in terms}
    by_id = everything.by_id
    for term in list(chosen.values()):
        if term.parent_id and term.parent_id in by_id:
            chosen.setdefault(term.parent_id, by_id[term.parent_id])
    return sorted(chosen.values(), key=term_order)


def term_order(term: Term) -> tuple:
    return (TAXONOMIES.index(term.taxonomy), term.parent_id is not None, term.code, term.name)
