"""The audit log, newest first, with filters. Two queries per page whatever its size."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import render_template
from sqlalchemy import select

from red.blueprints.admin import bp
from red.blueprints.admin.forms import AuditFilterForm
from red.extensions import db
from red.models import AuditEntry, Base, User
from red.permissions import access
from red.query import query_args
from red.services.audit import SKIPPED_TABLES
from red.templating import BOGOTA

PER_PAGE = 25
ACTIONS = {"create": "Creación", "update": "Modificación", "delete": "Eliminación"}
MAX_VALUE_LENGTH = 60


def _local_midnight_utc(day: date) -> datetime:
    """Start of a Colombian calendar day, in UTC (the log is stored in UTC)."""
    return datetime.combine(day, time.min, tzinfo=BOGOTA).astimezone(UTC)


def audit_query(table: str | None, user_id: int | None, since: date | None, until: date | None):
    stmt = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if table:
        stmt = stmt.where(AuditEntry.table_name == table)
    if user_id is not None:
        stmt = stmt.where(AuditEntry.user_id == user_id)
    if since:
        stmt = stmt.where(AuditEntry.at >= _local_midnight_utc(since))
    if until:
        stmt = stmt.where(AuditEntry.at < _local_midnight_utc(until + timedelta(days=1)))
    return stmt


def _short(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "sí" if value else "no"
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= MAX_VALUE_LENGTH else text[: MAX_VALUE_LENGTH - 1] + "…"


def describe_changes(entry: AuditEntry) -> list[tuple[str, str | None, str | None]]:
    """(field, old, new) per changed field; old is None on creation, new None on deletion."""
    old = entry.old_values or {}
    new = entry.new_values or {}
    rows = []
    for key in dict.fromkeys([*old, *new]):
        if key == "id" or (entry.action == "create" and new.get(key) in (None, "")):
            continue  # a new record's empty fields say nothing
        rows.append(
            (
                key,
                _short(old.get(key)) if entry.old_values is not None else None,
                _short(new.get(key)) if entry.new_values is not None else None,
            )
        )
    return rows


# What each audited table holds, as the admin knows it.
TABLE_LABELS = {
    "actors": "Actores",
    "attendances": "Asistencia a reuniones",
    "bodies": "Núcleo y mesas",
    "body_memberships": "Miembros de mesas",
    "commitments": "Compromisos",
    "consent_records": "Autorizaciones de datos",
    "entrepreneurs": "Personas emprendedoras",
    "events": "Eventos",
    "indicator_progress": "Avances de metas",
    "indicators": "Metas e indicadores",
    "meeting_attachments": "Adjuntos de reuniones",
    "meeting_requests": "Solicitudes de citas (rueda)",
    "meetings": "Reuniones",
    "municipalities": "Municipios",
    "participations": "Participación en eventos",
    "population_groups": "Grupos de población",
    "productive_chains": "Cadenas productivas",
    "programs": "Programas",
    "recovery_codes": "Códigos de recuperación",
    "referral_status_changes": "Cambios de estado de remisiones",
    "referrals": "Remisiones",
    "rights_requests": "Solicitudes Ley 1581",
    "round_meetings": "Citas de ruedas de negocios",
    "round_setups": "Configuración de ruedas",
    "route_stages": "Etapas de la Ruta",
    "scorecard_versions": "Configuración de cumplimiento",
    "sectors": "Sectores",
    "service_records": "Atenciones",
    "service_types": "Tipos de servicio",
    "users": "Cuentas de usuario",
    "ventures": "Emprendimientos",
}


def _filter_form() -> AuditFilterForm:
    form = query_args().form(AuditFilterForm)
    # Only mapped tables get entries; link tables show up as changes of their parent.
    tables = sorted({mapper.local_table.name for mapper in Base.registry.mappers} - SKIPPED_TABLES)
    labelled = sorted((TABLE_LABELS.get(name, name), name) for name in tables)
    form.table.choices = [("", "Todas")] + [(name, label) for label, name in labelled]
    people = db.session.execute(
        select(User.id, User.full_name, User.email).order_by(User.name_sort)
    ).all()
    form.user.choices = [("", "Todos")] + [(p.id, f"{p.full_name} ({p.email})") for p in people]
    return form


@bp.route("/auditoria")
@access("admin")
def audit():
    form = _filter_form()
    valid = form.validate() if query_args().given() else True
    if valid:
        stmt = audit_query(form.table.data, form.user.data, form.since.data, form.until.data)
    else:
        stmt = audit_query(None, None, None, None)
    page = db.paginate(stmt, per_page=PER_PAGE, max_per_page=PER_PAGE)
    user_ids = {entry.user_id for entry in page.items if entry.user_id is not None}
    authors = {}
    if user_ids:
        authors = {
            row.id: row
            for row in db.session.execute(
                select(User.id, User.full_name, User.email).where(User.id.in_(user_ids))
            )
        }
    rows = [(entry, authors.get(entry.user_id), describe_changes(entry)) for entry in page.items]
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        rows=rows,
        actions=ACTIONS,
        valid=valid,
        table_labels=TABLE_LABELS,
    )
