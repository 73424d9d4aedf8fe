"""Big exports of an event's participants and of the audit log, as jobs.

Like the service and registry exports (red/jobs/exports.py): the job runs with its owner's
permissions at the moment it runs (an organiser who no longer organises the event, or an
account that is no longer admin, gets nothing), reads in read transactions, streams the rows
into a write-only workbook and neutralises every text cell against formula injection.
"""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from red.formatting import format_datetime
from red.jobs import store
from red.jobs.exports import BATCH, _owner, _save, reading
from red.jobs.registry import Outcome, handles
from red.models import AuditEntry, Event, Job, Participation, User
from red.permissions import is_admin
from red.permissions.records import can_manage_event
from red.services import event_participants as event_service
from red.services.audit import ACTIONS, TABLE_LABELS, audit_query, describe_changes
from red.services.events import organizers_loaded
from red.services.xlsx_export import neutralise

NOT_ORGANISER = "Su cuenta ya no organiza este evento: la exportación no se hizo."
NOT_ADMIN = "Solo un administrador exporta la auditoría: la exportación no se hizo."


def count_of(session: Session, query: Select) -> int:
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def too_big_to_send_at_once(session: Session, query: Select) -> bool:
    """Above EXPORT_INLINE_ROWS rows an export is a job (the page offers it)."""
    from flask import current_app

    return count_of(session, query) > current_app.config["EXPORT_INLINE_ROWS"]


def participants_too_big(session: Session, event: Event) -> bool:
    """For the event's own export link: above the limit it leads to the job's offer."""
    return too_big_to_send_at_once(session, event_service.participants_query(event))


# --- participants of an event --------------------------------------------------------------


def write_participants(session: Session, event: Event, book: Workbook, job_id: int | None) -> int:
    """The participants sheet, streamed, then the event's totals; returns the rows written."""
    sheet = book.create_sheet("Participantes")
    sheet.append(list(event_service.EXPORT_COLUMNS))
    rows = 0
    query = event_service.participants_query(event).order_by(None).order_by(Participation.id)
    for participation in session.scalars(query.execution_options(yield_per=BATCH)):
        sheet.append(event_service.participant_cells(participation))
        rows += 1
        if job_id and rows % BATCH == 0:
            store.set_live_written(job_id, rows)
    summary = book.create_sheet("Resumen")
    summary.append(["Evento", neutralise(event.name)])
    totals = event_service.event_totals(session, event)
    for label, key in event_service.TOTAL_LABELS:
        summary.append([label, totals[key]])
    if event.is_reported:
        for label, value in event_service.reported_figures(event):
            summary.append([f"Cifra reportada: {label}", value])
    return rows


@handles("participants_export")
@reading
def export_participants(session: Session, job: Job, report) -> Outcome:
    owner = _owner(session, job)
    event = session.get(Event, int(job.params["event_id"]), options=[organizers_loaded()])
    if event is None or not can_manage_event(owner, event):
        return Outcome(NOT_ORGANISER, failed=True)
    book = Workbook(write_only=True)
    rows = write_participants(session, event, book, job.id)
    return _save(job, book, f"participantes-{event.slug}.xlsx", rows, "inscripciones")


# --- the audit log -------------------------------------------------------------------------

AUDIT_HEADER = ["Fecha y hora", "Usuario", "Acción", "Tabla", "Registro", "Cambios"]


def audit_params(table: str | None, user_id: int | None, since: date | None, until: date | None):
    return {
        "filters": {
            "table": table or None,
            "user_id": user_id,
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
        }
    }


def audit_filters(params: dict) -> tuple:
    values = params.get("filters") or {}
    since, until = values.get("since"), values.get("until")
    return (
        values.get("table"),
        values.get("user_id"),
        date.fromisoformat(since) if since else None,
        date.fromisoformat(until) if until else None,
    )


def _changes(entry: AuditEntry) -> str:
    parts = []
    for field, old, new in describe_changes(entry):
        if old is None:
            parts.append(f"{field}: {new}")
        elif new is None:
            parts.append(f"{field}: {old} (borrado)")
        else:
            parts.append(f"{field}: {old} → {new}")
    return "; ".join(parts)


def write_audit(session: Session, query: Select, book: Workbook, job_id: int | None) -> int:
    """The entries of the query, newest first, streamed; returns the rows written."""
    authors = {
        row.id: f"{row.full_name} ({row.email})"
        for row in session.execute(select(User.id, User.full_name, User.email))
    }
    sheet = book.create_sheet("Auditoría")
    sheet.append(AUDIT_HEADER)
    rows = 0
    for entry in session.scalars(query.execution_options(yield_per=BATCH)):
        row = [
            format_datetime(entry.at),
            authors.get(entry.user_id, "Sistema"),
            ACTIONS.get(entry.action, entry.action),
            TABLE_LABELS.get(entry.table_name, entry.table_name),
            entry.record_id or "",
            _changes(entry),
        ]
        sheet.append([neutralise(v) for v in row])
        rows += 1
        if job_id and rows % BATCH == 0:
            store.set_live_written(job_id, rows)
    return rows


@handles("audit_export")
@reading
def export_audit(session: Session, job: Job, report) -> Outcome:
    if not is_admin(_owner(session, job)):
        return Outcome(NOT_ADMIN, failed=True)
    book = Workbook(write_only=True)
    rows = write_audit(session, audit_query(*audit_filters(job.params)), book, job.id)
    return _save(job, book, "auditoria.xlsx", rows, "entradas de auditoría")
