"""Big exports as jobs: the service log and the registry of people, streamed to a file.

The job runs as its owner: the rows are those the owner's own list shows (the same query,
red/services/service_log.py and red/permissions/people.py), re-evaluated when the job runs,
so an export never holds more than the owner may see at that moment. The workbook is written
in openpyxl's write-only mode and the rows read in batches, so memory stays flat; every text
cell is neutralised against formula injection.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from red.database import read_only_work
from red.jobs import store
from red.jobs.registry import Outcome, handles
from red.models import Entrepreneur, Job, User
from red.permissions.people import visible_people_clause
from red.services import service_log
from red.services.xlsx_export import neutralise

BATCH = 1000


def _owner(session: Session, job: Job) -> User:
    return session.get(User, job.user_id)


def _filters(params: dict) -> service_log.ServiceFilters:
    values = dict(params.get("filters") or {})
    for key in ("date_from", "date_to"):
        if values.get(key):
            values[key] = date.fromisoformat(values[key])
    return service_log.ServiceFilters(**values)


def filters_params(filters: service_log.ServiceFilters) -> dict[str, Any]:
    """The list's filters as JSON for the job row (dates as ISO text)."""
    values = dict(vars(filters))
    for key in ("date_from", "date_to"):
        if values.get(key):
            values[key] = values[key].isoformat()
    return {"filters": values}


def _save(job: Job, book: Workbook, name: str, rows: int, noun: str) -> Outcome:
    path = store.new_file_path("xlsx")
    book.save(path)
    return Outcome(
        f"Se exportaron {rows:,} {noun}. El archivo se puede descargar durante 24 horas.".replace(
            ",", "."
        ),
        values={"output_path": str(path), "output_name": name, "rows_written": rows},
    )


def reading(handler):
    """Run the export's queries in read transactions (see red.database.read_only_work)."""

    def run(session: Session, job: Job, report) -> Outcome:
        session.commit()  # the job's own bookkeeping ran in a write transaction: end it
        token = read_only_work.set(True)
        try:
            return handler(session, job, report)
        finally:
            session.rollback()
            read_only_work.reset(token)
            store.clear_live_written(job.id)

    run.__name__ = handler.__name__
    run.__doc__ = handler.__doc__
    return run


@handles("services_export")
@reading
def export_services(session: Session, job: Job, report) -> Outcome:
    owner = _owner(session, job)
    query = service_log.services_query(owner, _filters(job.params))
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Atenciones")
    sheet.append(service_log.EXPORT_HEADER)
    rows = 0
    for record in session.scalars(query.execution_options(yield_per=BATCH)):
        sheet.append(service_log.export_row(record))
        rows += 1
        if rows % BATCH == 0:
            store.set_live_written(job.id, rows)  # no commit: the rows are still streaming
    return _save(job, book, "atenciones.xlsx", rows, "atenciones")


REGISTRY_HEADER = [
    "Tipo de documento",
    "Documento",
    "Nombres",
    "Apellidos",
    "Correo",
    "Teléfono",
    "Municipio",
    "Registrada el",
]


@handles("registry_export")
@reading
def export_registry(session: Session, job: Job, report) -> Outcome:
    """The people the owner may see personally (an admin: everyone), open records only."""
    owner = _owner(session, job)
    query = (
        select(Entrepreneur)
        .where(
            visible_people_clause(owner),
            Entrepreneur.anonymized_at.is_(None),
            Entrepreneur.merged_into_id.is_(None),
        )
        .options(selectinload(Entrepreneur.municipality))
        .order_by(Entrepreneur.id)
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Personas")
    sheet.append(REGISTRY_HEADER)
    rows = 0
    for person in session.scalars(query.execution_options(yield_per=BATCH)):
        sheet.append(
            [
                neutralise(person.doc_type),
                neutralise(person.doc_number),
                neutralise(person.first_names),
                neutralise(person.last_names),
                neutralise(person.email or ""),
                neutralise(person.phone or ""),
                neutralise(person.municipality.name if person.municipality else ""),
                person.created_at.strftime("%d/%m/%Y") if person.created_at else "",
            ]
        )
        rows += 1
        if rows % BATCH == 0:
            store.set_live_written(job.id, rows)  # no commit: the rows are still streaming
    return _save(job, book, "registro-personas.xlsx", rows, "personas")
