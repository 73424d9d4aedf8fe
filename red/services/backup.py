"""Portable backups: every table to one gzip'd JSON file, and back.

The same format on SQLite and PostgreSQL, so a backup taken from the embedded database
restores into production and vice versa. Restoring needs an empty, migrated database
(or replace=True, which empties it first, in reverse dependency order).
"""

from __future__ import annotations

import base64
import gzip
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    Numeric,
    Table,
    delete,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection

from red.models import Base
from red.services.person_access import rebuild as rebuild_access

FORMAT = "red-backup"
FORMAT_VERSION = 1


class BackupError(ValueError):
    """A backup file that cannot be restored here; the message is for the operator."""


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _from_json(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    converted = {}
    for key, value in row.items():
        column = table.columns[key]
        if value is not None and isinstance(column.type, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = date.fromisoformat(value)
        elif value is not None and isinstance(column.type, Numeric):
            value = Decimal(value)
        converted[key] = value
    return converted


def _alembic_revision(connection: Connection) -> str | None:
    # Ask first: a failed SELECT would abort a PostgreSQL transaction.
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def dump(connection: Connection) -> dict[str, Any]:
    tables = {}
    for table in Base.metadata.sorted_tables:
        order = list(table.primary_key.columns)
        rows = connection.execute(select(table).order_by(*order)).mappings()
        tables[table.name] = [{k: _to_json(v) for k, v in row.items()} for row in rows]
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "alembic_revision": _alembic_revision(connection),
        "tables": tables,
    }


def write_backup(connection: Connection, path: Path) -> dict[str, int]:
    data = dump(connection)
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)
    return {name: len(rows) for name, rows in data["tables"].items()}


def _self_references(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def _reset_sequences(connection: Connection) -> None:
    """After explicit ids, PostgreSQL's sequences must continue past the restored rows."""
    if connection.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type.python_type(), int):
            continue
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": pk[0].name}
        ).scalar()
        if sequence:
            top = connection.execute(select(func.max(pk[0]))).scalar() or 0
            connection.execute(
                text("SELECT setval(:s, :v, :called)"),
                {"s": sequence, "v": max(top, 1), "called": top > 0},
            )


def restore(
    connection: Connection, data: dict[str, Any], *, replace: bool = False
) -> dict[str, int]:
    """Load a dump into the database the connection points at, in one transaction."""
    if data.get("format") != FORMAT or data.get("version") != FORMAT_VERSION:
        raise BackupError("El archivo no es una copia de seguridad de Red (formato desconocido).")
    tables = data["tables"]
    unknown = set(tables) - set(Base.metadata.tables)
    if unknown:
        raise BackupError(f"La copia tiene tablas que esta versión no conoce: {sorted(unknown)}")
    if replace:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))
    else:
        for table in Base.metadata.sorted_tables:
            if connection.execute(select(func.count()).select_from(table)).scalar():
                raise BackupError(
                    f"La base de datos no está vacía (tabla {table.name}); use --replace para "
                    "reemplazar su contenido."
                )
    counts = {}
    for table in Base.metadata.sorted_tables:
        rows = [_from_json(table, row) for row in tables.get(table.name, [])]
        counts[table.name] = len(rows)
        if not rows:
            continue
        self_refs = _self_references(table)
        first_pass = [{**row, **dict.fromkeys(self_refs)} for row in rows] if self_refs else rows
        connection.execute(insert(table), first_pass)
        pk = list(table.primary_key.columns)[0]
        for row in rows:
            values = {col: row[col] for col in self_refs if row.get(col) is not None}
            if values:
                connection.execute(update(table).where(pk == row[pk.name]).values(**values))
    _reset_sequences(connection)
    # Who-sees-whom is derived data: recompute it from what was restored (older backups
    # do not have it at all).
    rebuild_access(connection)
    # Pages cached by running workers describe the old data: make them all stale.
    table = Base.metadata.tables["cache_versions"]
    connection.execute(update(table).values(version=table.c.version + 1000))
    return counts


def read_backup(path: Path) -> dict[str, Any]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, json.JSONDecodeError) as error:
        raise BackupError(f"No se pudo leer la copia {path}: {error}") from error
