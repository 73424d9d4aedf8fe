"""The service log (atenciones): register, correct, list, export; the import's template.

The import itself runs as a background job (red/jobs/imports.py, ServiceImport): it either
writes every row or none, since a half-imported file is worse than none — nobody knows which
rows to fix and re-importing would duplicate the rest.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload

from red.models import (
    Entrepreneur,
    Program,
    ServiceRecord,
    Venture,
)
from red.models.base import utcnow
from red.permissions import is_admin
from red.services.calendar import local_today
from red.services.xlsx_export import neutralise as safe_cell  # one rule for every export
from red.text import fold

MAX_HOURS = Decimal("24")
IMPORT_COLUMNS = (
    ("tipo_documento", "Tipo de documento (13 CC, 12 TI, 22 CE, 41 pasaporte, 47 PEP, 48 PPT)"),
    ("numero_documento", "Número de documento"),
    ("nombres", "Nombres"),
    ("apellidos", "Apellidos"),
    ("correo", "Correo electrónico"),
    ("telefono", "Teléfono"),
    ("municipio", "Municipio (nombre o código DANE)"),
    ("fecha", "Fecha de la atención (dd/mm/aaaa)"),
    ("tipo_atencion", "Tipo de atención (código o nombre)"),
    ("programa", "Programa (nombre, opcional)"),
    ("horas", "Horas"),
    ("resultado", "Resultado"),
    ("autoriza_datos", "¿Autorizó el tratamiento de datos? (si/no)"),
)


class ServiceError(ValueError):
    """A service record that cannot be saved; the message is for the user."""


def _check_values(
    session: Session, actor_id: int, program_id: int | None, served_on: date, hours: Any
) -> None:
    if served_on > local_today():
        raise ServiceError("La fecha de la atención no puede ser futura.")
    if hours is not None and not (Decimal("0") <= Decimal(str(hours)) <= MAX_HOURS):
        raise ServiceError("Las horas deben estar entre 0 y 24.")
    if program_id is not None:
        owner = session.scalar(select(Program.owner_id).where(Program.id == program_id))
        if owner != actor_id:
            raise ServiceError("El programa no es de su actor.")


def register_service(
    session: Session,
    *,
    actor_id: int,
    person: Entrepreneur,
    service_type_id: int,
    served_on: date,
    program_id: int | None = None,
    venture: Venture | None = None,
    hours: Decimal | None = None,
    outcome: str | None = None,
    notes: str | None = None,
    user_id: int | None = None,
) -> ServiceRecord:
    """Log one atención given by an actor to a person the access layer let it serve."""
    _check_values(session, actor_id, program_id, served_on, hours)
    if venture is not None and venture.entrepreneur_id != person.id:
        raise ServiceError("El emprendimiento no es de esta persona.")
    record = ServiceRecord(
        actor_id=actor_id,
        entrepreneur_id=person.id,
        service_type_id=service_type_id,
        served_on=served_on,
        program_id=program_id,
        venture_id=venture.id if venture is not None else None,
        hours=hours,
        outcome=(outcome or None),
        notes=(notes or None),
        created_by_user_id=user_id,
    )
    session.add(record)
    session.flush()
    return record


def update_service(session: Session, record: ServiceRecord, values: dict) -> None:
    _check_values(
        session,
        record.actor_id,
        values.get("program_id"),
        values["served_on"],
        values.get("hours"),
    )
    for key in ("service_type_id", "served_on", "program_id", "venture_id", "hours"):
        setattr(record, key, values.get(key))
    record.outcome = values.get("outcome") or None
    record.notes = values.get("notes") or None
    session.flush()


def delete_service(session: Session, record: ServiceRecord) -> None:
    """Soft delete: compliance counts of past months must not change behind anyone's back."""
    record.deleted_at = utcnow()
    session.flush()


@dataclass
class ServiceFilters:
    q: str = ""
    service_type: int | None = None
    program: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    actor: int | None = None


def services_query(user: Any, filters: ServiceFilters) -> Select:
    """Services the user may list: staff see their own actor's only; the admin all."""
    query = (
        select(ServiceRecord)
        .join(Entrepreneur, Entrepreneur.id == ServiceRecord.entrepreneur_id)
        .where(ServiceRecord.deleted_at.is_(None))
        .options(
            selectinload(ServiceRecord.entrepreneur),
            selectinload(ServiceRecord.program),
            selectinload(ServiceRecord.service_type),
            selectinload(ServiceRecord.actor),
            selectinload(ServiceRecord.venture),
        )
        .order_by(ServiceRecord.served_on.desc(), ServiceRecord.id.desc())
    )
    if not is_admin(user):
        query = query.where(ServiceRecord.actor_id == user.actor_id)
    elif filters.actor:
        query = query.where(ServiceRecord.actor_id == filters.actor)
    text = fold(filters.q)
    if text:
        digits = "".join(ch for ch in filters.q if ch.isalnum()).upper()
        conditions = [Entrepreneur.name_norm.like(f"%{text}%")]
        if digits:
            conditions.append(Entrepreneur.doc_number.like(f"%{digits}%"))
        query = query.where(or_(*conditions))
    if filters.service_type:
        query = query.where(ServiceRecord.service_type_id == filters.service_type)
    if filters.program:
        query = query.where(ServiceRecord.program_id == filters.program)
    if filters.date_from:
        query = query.where(ServiceRecord.served_on >= filters.date_from)
    if filters.date_to:
        query = query.where(ServiceRecord.served_on <= filters.date_to)
    return query


# --- Excel / CSV ------------------------------------------------------------------


EXPORT_HEADER = [
    "Fecha",
    "Actor",
    "Tipo de documento",
    "Documento",
    "Persona",
    "Emprendimiento",
    "Programa",
    "Tipo de atención",
    "Horas",
    "Resultado",
]


def export_row(r: ServiceRecord) -> list:
    """One service as export cells, every text neutralised (formula injection)."""
    return [
        safe_cell(r.served_on.strftime("%d/%m/%Y")),
        safe_cell(str(r.actor)),
        safe_cell(r.entrepreneur.doc_type),
        safe_cell(r.entrepreneur.doc_number),
        safe_cell(r.entrepreneur.full_name),
        safe_cell(r.venture.name if r.venture else ""),
        safe_cell(r.program.name if r.program else ""),
        safe_cell(r.service_type.name),
        float(r.hours) if r.hours is not None else None,
        safe_cell(r.outcome or ""),
    ]


def export_workbook(records: list[ServiceRecord]) -> bytes:
    """A small export answered inside the request; big ones are jobs (red/jobs/exports.py)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Atenciones"
    sheet.append(EXPORT_HEADER)
    for r in records:
        sheet.append(export_row(r))
    return _save(book)


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Atenciones"
    sheet.append([key for key, _ in IMPORT_COLUMNS])
    sheet.append(
        [
            "13",
            "1090123456",
            "Ana María",
            "Pérez Rojas",
            "ana@example.com",
            "3001234567",
            "Cúcuta",
            local_today().strftime("%d/%m/%Y"),
            "formacion",
            "",
            "2",
            "Asistió al taller",
            "si",
        ]
    )
    help_sheet = book.create_sheet("Instrucciones")
    for key, label in IMPORT_COLUMNS:
        help_sheet.append([key, label])
    return _save(book)


def template_csv() -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([key for key, _ in IMPORT_COLUMNS])
    return buffer.getvalue()
