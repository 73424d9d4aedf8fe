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
3. **Promote.** When every row passed, ONE short transaction writes them all into the real
   tables with set-based statements from the staging rows (`Importer.promote`, through
   red/jobs/staging.py: INSERT … SELECT, UPDATE … FROM), the access table and the audit
   log in bulk (one entry for the import with its row count and the file's checksum), and
   marks the job done. Then the staging rows go. A failure, or a consumer killed at any
   point, leaves the real tables as they were: the database's rollback is the undo. Other
   users keep reading meanwhile (WAL on SQLite, MVCC on PostgreSQL) and their writes wait
   at most that one step on SQLite.

Row errors are (row number, column, Spanish reason); row 0 is the file as a whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from red.jobs import staging, store
from red.jobs.registry import Outcome
from red.jobs.sheets import SheetError, declared_rows, iter_rows, too_many_rows, write_errors
from red.models import AuditEntry, Job
from red.models.base import utcnow

BATCH = 1000
RowError = tuple[int, str, str]
CLASHED = (
    "No se importó ninguna fila: mientras se revisaba el archivo otra persona registró datos "
    "que chocan con estas filas (por ejemplo, el mismo documento). Vuelva a subir el archivo."
)
LOST_ACCESS = (
    "No se importó ninguna fila: mientras se revisaba el archivo su organización dejó de ver "
    "a {count} de las personas del archivo. Vuelva a subirlo para ver cuáles."
)


class Importer:
    """One kind of import. Subclasses set `kind`, `columns`, `noun` and the three steps."""

    kind = ""
    columns: tuple[str, ...] = ()
    noun = "filas"  # what the message counts: "atenciones", "personas"…
    table = ""  # the table the audit entry of the import names
    names_people = True  # rows name known people: their access is checked again on promotion

    def __init__(self, session: Session, job: Job) -> None:
        self.session = session
        self.job = job
        self.written = 0

    def parse(self, number: int, row: dict[str, str]) -> tuple[dict, list[tuple[str, str]]]:
        raise NotImplementedError

    def check_batch(self, batch: list[tuple[int, dict]]) -> list[RowError]:
        """Database checks of a batch of parsed rows; may add keys to the values."""
        return []

    def promote(self, now: Any) -> int:
        """Write every staged row of the job into the real tables (set-based statements,
        red/jobs/staging.py), inside the caller's one transaction; returns rows written."""
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
    keep = not job.check_only
    try:
        for batch in _batches(path, importer):
            clean = []
            for number, values, problems in batch:
                errors.extend((number, column, reason) for column, reason in problems)
                if not problems:
                    clean.append((number, values))
            errors.extend(importer.check_batch(clean))
            checked += len(batch)
            keep = keep and not errors
            if keep:
                staging.stage(session, job.id, clean)
            session.commit()  # end the batch's transaction: never hold the writer
            report(rows_checked=checked, error_count=len(errors), errors=_shown(errors))
    except SheetError as error:
        session.rollback()
        errors.append((0, "", str(error)))
    return sorted(errors), checked


def _shown(errors: list[RowError]) -> list[list]:
    return [list(e) for e in sorted(errors)[: store.ERRORS_SHOWN]]


def _refused(session: Session, job: Job, errors: list[RowError], checked: int) -> Outcome:
    staging.drop_staged(session, job.id)
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


def _promote(session: Session, job: Job, importer: Importer, checked: int) -> Outcome:
    """The one final step: every staged row into the real tables, the import's audit entry
    and the job marked done, in ONE transaction; then the staging rows are removed."""
    try:
        lost = staging.unreachable_people(session, job) if importer.names_people else 0
        if lost:
            session.rollback()
            staging.drop_staged(session, job.id)
            return Outcome(LOST_ACCESS.format(count=f"{lost:,}".replace(",", ".")), failed=True)
        importer.written = importer.promote(utcnow())
        message = importer.done_message(importer.written)
        _audit(session, job, importer)
        _mark_done(session, job, message, importer.written)
        session.commit()
    except Exception as error:
        session.rollback()
        staging.drop_staged(session, job.id)
        if isinstance(error, IntegrityError):
            return Outcome(CLASHED, failed=True, values={"rows_written": 0})
        raise
    staging.drop_staged(session, job.id)  # afterwards, in a short transaction of its own
    return Outcome(message, values={"rows_written": importer.written})


def _mark_done(session: Session, job: Job, message: str, written: int) -> None:
    """In the promotion's own transaction: a consumer that dies right after the commit
    leaves a job that says done (the sweep fails only jobs still checking or writing)."""
    now = utcnow()
    session.execute(
        update(Job)
        .where(Job.id == job.id)
        .values(
            status="done", message=message, rows_written=written, finished_at=now, updated_at=now
        )
    )


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
