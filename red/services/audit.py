"""Audit log written automatically for every ORM insert, update and delete.

One session hook instead of a call in every service: a change that forgets to log itself
is impossible. Entries are written with a core INSERT on the flush's own connection, so
they commit or roll back together with the change they describe.
"""

from __future__ import annotations

import contextvars
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Mapper, Session
from sqlalchemy.orm.properties import ColumnProperty, RelationshipProperty

from red.models.audit import AuditEntry
from red.models.base import utcnow
from red.services.calendar import BOGOTA

SKIPPED_TABLES = {"audit_log", "login_failures", "notifications", "user_sessions"}
SKIPPED_COLUMNS = {
    "updated_at",
    "created_at",
    "version_id",
    "password_hash",
    "totp_secret",
    "last_login_at",
    "name_norm",
    "search_norm",
    "name_sort",
}

# Set by CLI commands and background jobs; requests use Flask-Login's current_user.
audit_user_id: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "audit_user_id", default=None
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if hasattr(value, "__table__"):
        return _identity(value)
    return value


def _identity(obj: Any) -> str | None:
    # Pending objects get their identity key only after the flush finishes, so read the
    # primary key straight from the instance.
    ident = inspect(obj).mapper.primary_key_from_instance(obj)
    if not ident or any(part is None for part in ident):
        return None
    return ":".join(str(part) for part in ident)


def _current_user() -> tuple[int | None, int | None]:
    """(user id, that user's actor id) of whoever is making the change."""
    from flask import has_request_context

    if has_request_context():
        from flask_login import current_user

        if getattr(current_user, "is_authenticated", False):
            return current_user.id, current_user.actor_id
    return audit_user_id.get(), None


def _column_values(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    values = {}
    for attr in mapper.column_attrs:
        if attr.key not in SKIPPED_COLUMNS:
            values[attr.key] = _plain(getattr(obj, attr.key))
    return values


def _changes(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Old and new values of the attributes that changed, collections included."""
    state = inspect(obj)
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for attr in state.mapper.attrs:
        if attr.key in SKIPPED_COLUMNS:
            continue
        is_collection = isinstance(attr, RelationshipProperty) and attr.secondary is not None
        if not (isinstance(attr, ColumnProperty) or is_collection):
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        if is_collection:
            old[attr.key] = {"quitados": _plain(list(history.deleted))}
            new[attr.key] = {"agregados": _plain(list(history.added))}
        else:
            old[attr.key] = _plain(history.deleted[0] if history.deleted else None)
            new[attr.key] = _plain(history.added[0] if history.added else None)
    return old, new


def _entry(action: str, obj: Any, old: Any, new: Any, who: tuple) -> dict[str, Any]:
    return {
        "at": utcnow(),
        "user_id": who[0],
        "action": action,
        "table_name": obj.__tablename__,
        "record_id": _identity(obj),
        "old_values": old,
        "new_values": new,
        "actor_id": who[1],
    }


def _audited(obj: Any) -> bool:
    return getattr(obj, "__tablename__", None) not in SKIPPED_TABLES


@event.listens_for(Mapper, "mapper_configured")
def _keep_old_values(mapper: Mapper, class_: type) -> None:
    """Load an expired column's old value before it is overwritten, so the log has it.

    Without this, editing an object after a commit records old = None.
    """
    if getattr(class_, "__tablename__", None) in SKIPPED_TABLES:
        return
    for prop in mapper.column_attrs:
        if prop.key not in SKIPPED_COLUMNS:
            mapper.class_manager[prop.key].impl.active_history = True


def _keep_old_values_of_configured_mappers() -> None:
    """Mappers configured before this module was imported (code that used the models before
    the app factory ran) never see the event above: give them the same treatment."""
    from red.models import Base

    for mapper in Base.registry.mappers:
        if mapper.configured:
            _keep_old_values(mapper, mapper.class_)


_keep_old_values_of_configured_mappers()


def _write_audit_entries(session: Session, _flush_context: Any) -> None:
    who = _current_user()
    rows = []
    for obj in session.new:
        if _audited(obj):
            rows.append(_entry("create", obj, None, _column_values(obj), who))
    for obj in session.dirty:
        if _audited(obj) and session.is_modified(obj, include_collections=True):
            old, new = _changes(obj)
            if new or old:
                rows.append(_entry("update", obj, old, new, who))
    for obj in session.deleted:
        if _audited(obj):
            rows.append(_entry("delete", obj, _column_values(obj), None, who))
    if rows:
        session.connection().execute(insert(AuditEntry.__table__), rows)


def register_hooks() -> None:
    """Install this module's flush hook on every Session; called once by the app factory
    (`red.services.hooks.register_flush_hooks`), where a reader of create_app sees it."""
    if not event.contains(Session, "after_flush", _write_audit_entries):
        event.listen(Session, "after_flush", _write_audit_entries)


# --- Reading the log: what the audit page and its export show ----------------------------

ACTIONS = {"create": "Creación", "update": "Modificación", "delete": "Eliminación"}
MAX_VALUE_LENGTH = 60
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


def audited_tables() -> list[tuple[str, str]]:
    """(table, label) of every table that gets entries, in the order of the labels.

    Only mapped tables are logged; link tables show up as changes of their parent.
    """
    from red.models import Base

    names = {mapper.local_table.name for mapper in Base.registry.mappers} - SKIPPED_TABLES
    return sorted(
        ((name, TABLE_LABELS.get(name, name)) for name in names), key=lambda t: (t[1], t[0])
    )


def _local_midnight_utc(day: date) -> datetime:
    """Start of a Colombian calendar day, in UTC (the log is stored in UTC)."""
    return datetime.combine(day, time.min, tzinfo=BOGOTA).astimezone(UTC)


def audit_query(table: str | None, user_id: int | None, since: date | None, until: date | None):
    """The entries that pass the filters, newest first (the page and the export alike)."""
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
