"""`make bench-jobs`: a 100,000-row service import measured end to end, as users live it.

Builds a fresh database (the report's demo data: actors, staff, catalogs) — SQLite, and with
`--databases sqlite,postgresql` also PostgreSQL (database `red_bench_jobs` on the server of
BENCH_DATABASE_URL) — and writes a 100,000-row .xlsx of atenciones for new people (the
heaviest case: every row creates a person, a consent, its access row and a service). Then
(bench/jobs_live.py) gunicorn and one Huey consumer serve that database: a member's staff
uploads the file through the form while other users load the catalog search, the people list
and /nucleo; on SQLite another connection also writes and reads directly every 0.2 s. It
reports the upload request's time, the job's phases, rows per second, the consumer's peak
memory, the key pages' p95 idle and during the import, and every error. Then the limits: a
1,000,000-row file is refused at upload by its size, and, with the size limit lifted,
stopped by the row limit while streaming (in a child process, peak RSS measured). Writes
bench/JOBS_REPORT.md. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLUMNS = [
    "tipo_documento",
    "numero_documento",
    "nombres",
    "apellidos",
    "correo",
    "telefono",
    "municipio",
    "fecha",
    "tipo_atencion",
    "programa",
    "horas",
    "resultado",
    "autoriza_datos",
]


def _row(i: int) -> list[str]:
    return [
        "13",
        str(1_100_000_000 + i),
        f"Nombre{i}",
        f"Apellido{i % 997}",
        f"persona{i}@ejemplo.co",
        "3001234567",
        "Cúcuta",
        f"{1 + i % 28:02d}/{1 + i % 12:02d}/2025",
        "formacion",
        "",
        "2",
        "Asistió al taller",
        "si",
    ]


def write_xlsx(path: Path, rows: int) -> None:
    """The file as Excel or LibreOffice save it: text in the shared-strings table, numbers as
    numbers, a <dimension> tag (openpyxl's own write-only mode writes inline strings, which
    its reader parses several times slower, and no dimension). Written part by part."""
    import zipfile
    from xml.sax.saxutils import escape

    strings: dict[str, int] = {}
    letters = "ABCDEFGHIJKLM"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, xml in _XLSX_PARTS.items():
            book.writestr(name, xml)
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:M{rows + 1}"/><sheetData>'.encode()
            )
            for number in range(1, rows + 2):
                values = COLUMNS if number == 1 else _row(number - 2)
                cells = []
                for letter, value in zip(letters, values, strict=True):
                    if not value:
                        continue
                    if number > 1 and letter == "B":  # the document number, as Excel keeps it
                        cells.append(f'<c r="{letter}{number}"><v>{value}</v></c>')
                    else:
                        index = strings.setdefault(value, len(strings))
                        cells.append(f'<c r="{letter}{number}" t="s"><v>{index}</v></c>')
                sheet.write(f'<row r="{number}">{"".join(cells)}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
        with book.open("xl/sharedStrings.xml", "w") as shared:
            shared.write(
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{_MAIN}" '
                f'count="{len(strings)}" uniqueCount="{len(strings)}">'.encode()
            )
            for text in strings:
                shared.write(f"<si><t>{escape(text)}</t></si>".encode())
            shared.write(b"</sst>")


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_SHEET_TYPE}.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="{_SHEET_TYPE}.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        f'ContentType="{_SHEET_TYPE}.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_MAIN}" '
        f'xmlns:r="{_REL}"><sheets><sheet name="Atenciones" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
}


def write_csv(path: Path, rows: int) -> None:
    import csv

    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for i in range(rows):
            writer.writerow(_row(i))


def _app(folder: Path, url: str | None = None, **config):
    from red import create_app
    from red.config import Config

    return create_app(
        Config,
        SQLALCHEMY_DATABASE_URI=url or f"sqlite:///{folder / 'red.db'}",
        JOBS_DIR=str(folder / "jobs"),
        RED_ENV="development",
        **config,
    )


def prepare(folder: Path, url: str | None = None) -> None:
    from red.extensions import db
    from red.seed.demo import seed_demo

    with _app(folder, url).app_context():
        db.create_all()
        seed_demo(db.session)
        db.session.commit()


def run_job(folder: Path, path: Path, max_mb: int) -> dict:
    """In this (child) process: create the job as the upload would, run it as the consumer."""
    from sqlalchemy import func, select

    from red.extensions import db
    from red.jobs import importing, store, tasks
    from red.models import Job, ServiceRecord, User

    phases: dict[str, float] = {}
    promote = importing._promote

    def timed_promote(*args, **kwargs):
        phases["check_done"] = time.perf_counter()
        try:
            return promote(*args, **kwargs)
        finally:
            phases["write_done"] = time.perf_counter()

    importing._promote = timed_promote  # the bench only: split check and write times
    app = _app(folder, IMPORT_MAX_BYTES=max_mb * 1024 * 1024)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "gestor.ccc@red.demo"))
        started = time.perf_counter()
        with path.open("rb") as stream:
            try:
                stored, digest, size = store.store_stream(
                    stream, path.suffix[1:], app.config["IMPORT_MAX_BYTES"]
                )
            except store.JobError as error:
                return {"refused_at_upload": str(error), "seconds": time.perf_counter() - started}
        job = store.create_job(
            db.session,
            user=user,
            kind="service_import",
            input_name=path.name,
            input_path=stored,
            input_sha256=digest,
        )
        db.session.commit()
        upload_seconds = time.perf_counter() - started
        job_started = time.perf_counter()
        tasks.execute(db.session, job)
        total = time.perf_counter() - started
        job = db.session.get(Job, job.id)
        db.session.refresh(job)
        services = db.session.scalar(select(func.count(ServiceRecord.id)))
        return {
            "status": job.status,
            "message": job.message,
            "rows_checked": job.rows_checked,
            "rows_written": job.rows_written,
            "errors": job.errors[:3],
            "upload_seconds": round(upload_seconds, 2),
            "total_seconds": round(total, 1),
            "check_seconds": round(phases["check_done"] - job_started, 1) if phases else None,
            "write_seconds": round(phases["write_done"] - phases["check_done"], 1)
            if phases
            else None,
            "services_in_db": services,
            "file_mb": round(size / 1024 / 1024, 1),
        }


def child(folder: str, path: str, max_mb: int) -> None:
    result = run_job(Path(folder), Path(path), max_mb)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    result["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 1)
    print("RESULT " + json.dumps(result, default=str))


class Probe:
    """Another user at work while the import runs: every 0.2 s a short write (BEGIN
    IMMEDIATE, as a request that writes does) and a read of the people list's kind, on the
    same SQLite file with the app's busy_timeout. Records latencies and any error."""

    def __init__(self, database: Path) -> None:
        import threading

        self.database = database
        self.writes: list[float] = []
        self.reads: list[float] = []
        self.errors: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import sqlite3

        from red.database import BUSY_TIMEOUT_MS

        connection = sqlite3.connect(
            self.database, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
        )
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        while not self.stop.wait(0.2):
            try:
                t = time.perf_counter()
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("UPDATE actors SET updated_at = updated_at WHERE id = 1")
                connection.execute("COMMIT")
                self.writes.append(time.perf_counter() - t)
                t = time.perf_counter()
                connection.execute(
                    "SELECT id, first_names FROM entrepreneurs WHERE name_norm LIKE 'nombre1%' "
                    "ORDER BY id LIMIT 25"
                ).fetchall()
                self.reads.append(time.perf_counter() - t)
            except sqlite3.Error as error:
                self.errors.append(str(error))
                try:
                    connection.execute("ROLLBACK")
                except sqlite3.Error:
                    pass

    def summary(self) -> str:
        def p95(values: list[float]) -> str:
            if not values:
                return "—"
            ordered = sorted(values)
            return f"{1000 * ordered[int(0.95 * (len(ordered) - 1))]:.0f} ms (máx. {1000 * ordered[-1]:.0f} ms)"

        return (
            f"{len(self.writes)} escrituras cortas, p95 {p95(self.writes)}; {len(self.reads)} "
            f"lecturas, p95 {p95(self.reads)}; errores: {len(self.errors)}"
            + (f" («{self.errors[0]}»)" if self.errors else "")
        )


def in_child(folder: Path, path: Path, max_mb: int = 10, probe: Probe | None = None) -> dict:
    if probe:
        probe.thread.start()
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(folder), str(path), str(max_mb)],
            capture_output=True,
            text=True,
            env={**os.environ, "HUEY_SQLITE_PATH": str(folder / "huey.db")},
            check=False,
        )
    finally:
        if probe:
            probe.stop.set()
            probe.thread.join()
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise SystemExit(f"child failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")


def fresh_postgresql(base: str) -> str:
    """An empty database of the bench's own on the server of `base` (dropped first)."""
    from sqlalchemy import create_engine, text

    name = "red_bench_jobs"
    engine = create_engine(base.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return base.rsplit("/", 1)[0] + f"/{name}"


def live_section(database: str, folder: Path, big: Path, rows: int, pg_url: str) -> list[str]:
    """The import through the web server and a consumer while others use the key pages."""
    import jobs_live

    url = f"sqlite:///{folder / 'red.db'}" if database == "sqlite" else fresh_postgresql(pg_url)
    if database == "postgresql":
        prepare(folder, url)
    probe = Probe(folder / "red.db") if database == "sqlite" else None
    if probe:
        probe.thread.start()
    try:
        result = jobs_live.measure(url, folder, big)
    finally:
        if probe:
            probe.stop.set()
            probe.thread.join()
    print(json.dumps(result, indent=2, default=str))
    label = "SQLite" if database == "sqlite" else "PostgreSQL"
    lines = jobs_live.report_lines(result, rows, label, big.stat().st_size / 1024 / 1024)
    if probe:
        lines += [
            f"- Escrituras y lecturas cortas de otro usuario, directo en la base: {probe.summary()}",
            "",
        ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", nargs=3)
    parser.add_argument("--skip-limits", action="store_true")
    parser.add_argument("--databases", default="sqlite", help="sqlite,postgresql")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/red_bench"
        ),
    )
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return
    sys.path.insert(0, str(ROOT / "bench"))
    rows = f"{args.rows:,}".replace(",", ".")
    load = f"{os.getloadavg()[0]:.1f}".replace(".", ",")
    lines = [
        f"# Importación de {rows} filas como trabajo (`make bench-jobs`)",
        "",
        f"Archivo: {rows} filas de atenciones, todas de personas nuevas (el peor caso: cada "
        "fila crea una persona, su autorización, su fila de acceso y su atención), .xlsx como lo "
        f"guarda Excel. Máquina de {os.cpu_count()} núcleos compartida con otros procesos "
        f"(carga media al empezar: {load}). Medido el {time.strftime('%d/%m/%Y %H:%M')} UTC.",
        "",
    ]
    with tempfile.TemporaryDirectory(prefix="red-bench-jobs-") as tmp:
        folder = Path(tmp)
        prepare(folder)
        big = folder / f"atenciones-{args.rows}.xlsx"
        write_xlsx(big, args.rows)
        for database in args.databases.split(","):
            lines += live_section(database.strip(), folder, big, args.rows, args.pg_url)
        if not args.skip_limits:
            lines += limits(folder)
    report = "\n".join(lines)
    (ROOT / "bench" / "JOBS_REPORT.md").write_text(report, encoding="utf-8")
    print(report)


def limits(folder: Path) -> list[str]:
    def es(value) -> str:
        return f"{float(value or 0):.2f}".replace(".", ",")

    huge = folder / "atenciones-1000000.csv"
    write_csv(huge, 1_000_000)
    refused = in_child(folder, huge)
    lifted = in_child(folder, huge, max_mb=1000)
    reason = (lifted.get("errors") or [["", "", ""]])[0][2]
    return [
        "### Límites",
        "",
        f"- 1.000.000 de filas ({huge.stat().st_size / 1024 / 1024:.0f} MB .csv), con el "
        f"límite de 10 MB: rechazado al subirlo («{refused.get('refused_at_upload')}»), "
        f"en {es(refused.get('seconds'))} s, {es(refused.get('peak_rss_mb'))} MB de RSS.",
        f"- El mismo archivo con el límite de tamaño quitado: el trabajo se detiene en el "
        f"límite de filas («{reason}») tras {es(lifted.get('total_seconds'))} s, con "
        f"{es(lifted.get('peak_rss_mb'))} MB de RSS.",
        "",
    ]


if __name__ == "__main__":
    main()
