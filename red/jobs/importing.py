"""The import engine shared by every kind: check every row, stage, promote in one step.

1. **Check.** The file is streamed (red/jobs/sheets.py). Each row is parsed on its own
   (`Importer.parse`: values and per-column problems, no database); every BATCH rows the
   importer checks the batch against the database in a few queries (`check_batch`:
   documents, who the actor may see), then the transaction ends at once, so SQLite's single
   writer is never held while the file is read. While no row has failed, the clean rows are
   staged in `job_rows` (same short transaction).
2. **Decide.** Any bad row: nothing is written, the staged rows are dropped and every error
   is listed (the first 200 on the job, all of them in an .xlsx). "Solo revisar": the same,
   without errors.
3. **Promote.** The staged rows are read in batches and written with bulk INSERTs
   (`Importer.promote`), one short transaction per batch that also removes the batch from
   the staging table, then one audit entry for the import. Every row written carries the
   job's id (`import_job_id`), so a failure half way — or a consumer killed half way, found
   by the sweep — undoes the import (`undo_import`): all or nothing, and other users keep
   writing between batches (SQLite has one writer at a time).

Row errors are (row number, column, Spanish reason); row 0 is the file as a whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from red.jobs import store
from red.jobs.registry import Outcome
from red.jobs.sheets import SheetError, declared_rows, iter_rows, too_many_rows, write_errors
from red.models import AuditEntry, Job, JobRow
from red.models.base import utcnow

BATCH = 1000
# Rows written per transaction when promoting: SQLite has one writer, and every other user who
# writes waits for the batch in hand (up to busy_timeout, 15 s): a few hundred rows keep that
# wait well under a second on this machine, even when it is loaded.
PROMOTE_BATCH = 250
RowError = tuple[int, str, str]


class Importer:
    """One kind of import. Subclasses set `kind`, `columns`, `noun` and the three steps."""

    kind = ""
    columns: tuple[str, ...] = ()
    noun = "filas"  # what the message counts: "atenciones", "personas"…
    table = ""  # the table the audit entry of the import names
    chunked = True  # promoted a batch per transaction, undone by undo_import on failure

    def __init__(self, session: Session, job: Job) -> None:
        self.session = session
        self.job = job
        self.written = 0

    def parse(self, number: int, row: dict[str, str]) -> tuple[dict, list[tuple[str, str]]]:
        raise NotImplementedError

    def check_batch(self, batch: list[tuple[int, dict]]) -> list[RowError]:
        """Database checks of a batch of parsed rows; may add keys to the values."""
        return []

    def promote(self, batch: list[tuple[int, dict]]) -> None:
        raise NotImplementedError

    def summary(self) -> dict[str, Any]:
        """What the audit entry and the final message report besides the row count."""
        return {}

    def done_message(self, rows: int) -> str:
        return f"Se importaron {rows:,} {self.noun}.".replace(",", ".")


def run_import(
    session: Session, job: Job, report: Callable[..., None], importer: Importer
) -> Outcome:
    path = Path(job.input_path or "")
    if not path.is_file():
        return Outcome("El archivo del trabajo ya no está; vuelva a subirlo.", failed=True)
    expected = _expected_rows(path)
    limit = current_app.config["IMPORT_MAX_ROWS"]
    if expected and expected > limit:  # a CSV says so only once counted: before any check
        return _refused(session, job, [(0, "", too_many_rows(limit, expected))], 0)
    report(rows_total=expected)
    errors, checked = _check(session, job, report, importer, path)
    if errors:
        return _refused(session, job, errors, checked)
    if checked == 0:
        return _refused(session, job, [(0, "", "El archivo no tiene filas con datos.")], 0)
    if job.check_only:
        return Outcome(
            f"Se revisaron {checked:,} filas y ninguna tiene errores. No se escribió nada "
            "(solo revisar): suba el archivo sin esa casilla para importarlo.".replace(",", "."),
            values={"rows_total": checked},
        )
    report(status="writing", rows_total=checked)
    return _promote(session, job, importer, checked)


def _expected_rows(path: Path) -> int | None:
    """For the progress bar: the rows a workbook declares, or a CSV's lines (streamed)."""
    declared = declared_rows(path)
    if declared is not None:
        return max(declared - 1, 0)
    lines, last = 0, b"\n"
    with path.open("rb") as raw:
        for chunk in iter(lambda: raw.read(1 << 20), b""):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    lines += last != b"\n"  # a last line without its newline
    return max(lines - 1, 0) or None  # without the header


def _batches(path: Path, importer: Importer) -> Iterator[list[tuple[int, dict, list]]]:
    max_rows = current_app.config["IMPORT_MAX_ROWS"]
    batch: list[tuple[int, dict, list]] = []
    for number, row in iter_rows(path, importer.columns, max_rows):
        values, problems = importer.parse(number, row)
        batch.append((number, values, problems))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _check(session, job, report, importer, path) -> tuple[list[RowError], int]:
    errors: list[RowError] = []
    checked = 0
    staging = not job.check_only
    try:
        for batch in _batches(path, importer):
            clean = []
            for number, values, problems in batch:
                errors.extend((number, column, reason) for column, reason in problems)
                if not problems:
                    clean.append((number, values))
            errors.extend(importer.check_batch(clean))
            checked += len(batch)
            staging = staging and not errors
            if staging:
                _stage(session, job.id, clean)
            session.commit()  # end the batch's transaction: never hold the writer
            report(rows_checked=checked, error_count=len(errors), errors=_shown(errors))
    except SheetError as error:
        session.rollback()
        errors.append((0, "", str(error)))
    return sorted(errors), checked


def _shown(errors: list[RowError]) -> list[list]:
    return [list(e) for e in sorted(errors)[: store.ERRORS_SHOWN]]


def _stage(session: Session, job_id: int, rows: list[tuple[int, dict]]) -> None:
    if rows:
        session.execute(
            insert(JobRow.__table__),
            [{"job_id": job_id, "row_number": n, "data": values} for n, values in rows],
        )


def drop_staged(session: Session, job_id: int) -> None:
    session.execute(delete(JobRow.__table__).where(JobRow.job_id == job_id))
    session.commit()


def _refused(session: Session, job: Job, errors: list[RowError], checked: int) -> Outcome:
    drop_staged(session, job.id)
    errors_path = store.new_file_path("xlsx")
    write_errors(errors_path, errors)
    rows = len({row for row, _, _ in errors if row})
    if rows:
        what = "esta fila" if rows == 1 else f"estas {rows:,} filas".replace(",", ".")
        message = f"No se importó ninguna fila: corrija {what} y vuelva a subir el archivo."
    else:
        message = f"No se importó ninguna fila: {errors[0][2]}"
    if job.check_only:
        message = message.replace("No se importó ninguna fila", "Revisión terminada con errores")
    return Outcome(
        message,
        failed=True,
        values={
            "error_count": len(errors),
            "errors": _shown(errors),
            "errors_path": str(errors_path),
            "rows_total": checked,
        },
    )


def _staged(session: Session, job_id: int) -> Iterator[list[tuple[int, dict]]]:
    """The staged rows in order, a batch at a time (keyset: no OFFSET scans)."""
    size = PROMOTE_BATCH
    last = 0
    while True:
        rows = session.execute(
            select(JobRow.row_number, JobRow.data)
            .where(JobRow.job_id == job_id, JobRow.row_number > last)
            .order_by(JobRow.row_number)
            .limit(size)
        ).all()
        if not rows:
            return
        last = rows[-1][0]
        yield [(number, data) for number, data in rows]


def _promote(session: Session, job: Job, importer: Importer, checked: int) -> Outcome:
    """Write the staged rows. Chunked importers commit each batch (SQLite's writer is held
    for one batch, never minutes) and undo what they wrote if anything fails; the others
    write everything in one transaction."""
    try:
        for batch in _staged(session, job.id):
            importer.promote(batch)
            importer.written += len(batch)
            if importer.chunked:
                _consume(session, job.id, batch)
                session.commit()
                store.move(session, job.id, rows_written=importer.written)
            else:
                store.set_live_written(job.id, importer.written)
        _audit(session, job, importer)
        session.execute(delete(JobRow.__table__).where(JobRow.job_id == job.id))
        session.commit()
    except Exception as error:
        session.rollback()
        if importer.chunked:
            undo_import(session, job.id)
        drop_staged(session, job.id)
        if isinstance(error, IntegrityError):
            return Outcome(CLASHED, failed=True, values={"rows_written": 0})
        raise
    finally:
        store.clear_live_written(job.id)
    return Outcome(
        importer.done_message(importer.written), values={"rows_written": importer.written}
    )


CLASHED = (
    "No se importó ninguna fila: mientras se revisaba el archivo otra persona registró datos "
    "que chocan con estas filas (por ejemplo, el mismo documento). Vuelva a subir el archivo."
)


def _consume(session: Session, job_id: int, batch: list[tuple[int, dict]]) -> None:
    """Staged rows leave the table in the same transaction that wrote them for real."""
    session.execute(
        delete(JobRow.__table__).where(
            JobRow.job_id == job_id, JobRow.row_number.in_([n for n, _ in batch])
        )
    )


def undo_import(session: Session, job_id: int) -> int:
    """Remove what an import wrote before it failed or was interrupted (the rows carry the
    job's id), a batch at a time, and recompute who sees the people it touched. Returns
    how many records went."""
    from red.models import ConsentRecord, Entrepreneur, ServiceRecord
    from red.services import person_access

    removed = 0
    touched: set[int] = set()
    for model in (ServiceRecord, ConsentRecord, Entrepreneur):
        while True:
            ids = session.scalars(
                select(model.id).where(model.import_job_id == job_id).limit(BATCH)
            ).all()
            if not ids:
                break
            if model is not Entrepreneur:
                touched |= set(
                    session.scalars(
                        select(model.entrepreneur_id).where(model.id.in_(ids)).distinct()
                    )
                )
            session.execute(delete(model).where(model.id.in_(ids)))
            removed += len(ids)
            session.commit()
    alive = set(session.scalars(select(Entrepreneur.id).where(Entrepreneur.id.in_(touched))))
    if alive:
        person_access.refresh_people(session.connection(), alive)
    if removed:
        session.execute(
            insert(AuditEntry.__table__).values(
                at=utcnow(),
                action="undo",
                table_name="jobs",
                record_id=f"trabajo:{job_id}",
                new_values={"registros_quitados": removed},
            )
        )
    session.commit()
    return removed


def _audit(session: Session, job: Job, importer: Importer) -> None:
    """One entry for the whole import: who, how many rows, which file (its checksum)."""
    session.execute(
        insert(AuditEntry.__table__).values(
            at=utcnow(),
            user_id=job.user_id,
            action="import",
            table_name=importer.table,
            record_id=f"trabajo:{job.id}",
            new_values={
                "filas": importer.written,
                "archivo": job.input_name,
                "sha256": job.input_sha256,
                **importer.summary(),
            },
            actor_id=job.actor_id,
        )
    )
