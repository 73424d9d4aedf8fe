"""The admin-editable catalogs: which ones exist, and creating, editing and deactivating entries.

Entries are never deleted (services, people and programs point at them); they are deactivated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from red.models.catalogs import (
    CatalogMixin,
    PopulationGroup,
    ProductiveChain,
    RouteStage,
    Sector,
    ServiceType,
)

# Attributes every catalog entry has; a kind may add its own `extra_fields`.
COMMON_FIELDS = ("code", "name", "description", "position", "active")


class CatalogError(ValueError):
    """A catalog rule was broken. `field` names the form field; the message is Spanish."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class CatalogKind:
    """One catalog as the admin area shows it: its URL slug, model and Spanish labels."""

    slug: str
    model: type[CatalogMixin]
    title: str
    singular: str
    extra_fields: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return COMMON_FIELDS + self.extra_fields


CATALOGS: dict[str, CatalogKind] = {
    kind.slug: kind
    for kind in (
        CatalogKind("etapas", RouteStage, "Etapas de la Ruta", "etapa", ("number",)),
        CatalogKind("tipos-servicio", ServiceType, "Tipos de servicio", "tipo de servicio"),
        CatalogKind("sectores", Sector, "Sectores económicos (CIIU)", "sector", ("ciiu_version",)),
        CatalogKind("cadenas", ProductiveChain, "Cadenas productivas", "cadena productiva"),
        CatalogKind(
            "poblaciones",
            PopulationGroup,
            "Grupos poblacionales",
            "grupo poblacional",
            ("sensitive",),
        ),
    )
}


def catalog_kind(slug: str) -> CatalogKind | None:
    return CATALOGS.get(slug)


def entries_query(kind: CatalogKind):
    """All entries of a catalog in display order (inactive ones too, for the admin)."""
    model = kind.model
    order = [model.number] if model is RouteStage else []
    return select(model).order_by(*order, model.position, model.name)


def catalog_counts(session: Session) -> dict[str, tuple[int, int]]:
    """slug -> (active entries, all entries), in one statement."""
    columns = []
    for kind in CATALOGS.values():
        model = kind.model
        columns.append(select(func.count(model.id)).where(model.active.is_(True)).scalar_subquery())
        columns.append(select(func.count(model.id)).scalar_subquery())
    row = session.execute(select(*columns)).one()
    return {slug: (row[2 * i], row[2 * i + 1]) for i, slug in enumerate(CATALOGS)}


def _check_unique(session: Session, kind: CatalogKind, entry_id: int | None, data: dict) -> None:
    model = kind.model
    code = data["code"]
    clash = select(model.id).where(func.lower(model.code) == code.lower())
    if entry_id is not None:
        clash = clash.where(model.id != entry_id)
    if session.scalar(clash) is not None:
        raise CatalogError(
            f"Ya existe una entrada con el código «{code}» en {kind.title.lower()}.", "code"
        )
    if model is RouteStage:
        clash = select(model.id).where(model.number == data["number"])
        if entry_id is not None:
            clash = clash.where(model.id != entry_id)
        if session.scalar(clash) is not None:
            raise CatalogError(f"Ya existe una etapa con el número {data['number']}.", "number")


def _clean(kind: CatalogKind, data: dict[str, Any]) -> dict[str, Any]:
    values = {key: data[key] for key in kind.fields if key in data}
    values["code"] = (values.get("code") or "").strip()
    values["name"] = (values.get("name") or "").strip()
    values["description"] = (values.get("description") or "").strip() or None
    if not values["code"]:
        raise CatalogError("Escriba el código.", "code")
    if not values["name"]:
        raise CatalogError("Escriba el nombre.", "name")
    return values


def create_entry(session: Session, kind: CatalogKind, data: dict[str, Any]) -> CatalogMixin:
    """Add an entry after checking that its code (and a stage's number) is free."""
    values = _clean(kind, data)
    _check_unique(session, kind, None, values)
    entry = kind.model(**values)
    session.add(entry)
    session.flush()
    return entry


def update_entry(
    session: Session, kind: CatalogKind, entry: CatalogMixin, data: dict[str, Any]
) -> CatalogMixin:
    values = _clean(kind, data)
    _check_unique(session, kind, entry.id, values)
    for key, value in values.items():
        setattr(entry, key, value)
    session.flush()
    return entry


def set_entry_active(session: Session, entry: CatalogMixin, active: bool) -> None:
    """Deactivate (or reactivate) an entry; there is no hard delete."""
    entry.active = active
    session.flush()
