"""`make bench`: build synthetic data sets, serve each with gunicorn, measure, write REPORT.md.

Sizes: the full one (100,000 entrepreneurs, ~300,000 service records, ~50,000 referrals,
2,000 events, ~100,000 participations, 5,000 programs) and a 1,000-entrepreneur one, so the
100k-to-1k latency ratio shows how pages scale. Latency is measured with sequential
requests (p50/p95), SQL statements per page in-process, and requests per second under
concurrent load beside two reference pages (plaintext, fortunes) served by the same
gunicorn in the same run. Nothing here is a test: numbers go to bench/REPORT.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
VENV_BIN = Path(sys.executable).parent
PASSWORD = "demo-red-2026"

SIZES = {
    "100k": {"entrepreneurs": 100_000, "programs": 5_000, "events": 2_000},
    "1k": {"entrepreneurs": 1_000, "programs": 50, "events": 20},
}


@dataclass
class Page:
    name: str
    path: str
    who: str | None  # e-mail of the account, None for anonymous
    load: bool = False  # also measured under concurrent load
    target: bool = True  # one of the pages (False: measured for information only)
    # Each request a URL never served before (&v=1, 2…): no page cache can answer it.
    vary: bool = False

    def url(self, n: int) -> str:
        return f"{self.path}&v={n}" if self.vary else self.path


@dataclass
class Result:
    page: Page
    p50: float = 0.0
    p95: float = 0.0
    status: int = 0
    queries: int | None = None
    rps: float | None = None
    notes: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def env_for(db_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{db_path}",
            "FLASK_APP": "wsgi",
            "SECRET_KEY": "bench-secret-key-not-for-production",
            "TOTP_REQUIRED_ROLES": "",
            "LOGIN_RATE_LIMIT": "100000 per minute",
            "API_RATE_LIMIT": "10000000 per minute",
            "BENCH_PAGES": "1",
            "RED_ENV": "development",  # a throwaway copy: seeding allowed, two workers fine
        }
    )
    return env


def flask(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(VENV_BIN / "flask"), *args], cwd=ROOT, env=env, check=True)


def build(size: str, rebuild: bool) -> Path:
    db_path = DATA / f"red-{size}.db"
    marker = db_path.with_suffix(".ready")
    if marker.exists() and db_path.exists() and not rebuild:
        print(f"[{size}] reusing {db_path} (migrated to the latest revision)")
        flask(env_for(db_path), "db", "upgrade")
        return db_path
    DATA.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    env = env_for(db_path)
    spec = SIZES[size]
    started = time.perf_counter()
    flask(env, "db", "upgrade")
    flask(env, "red", "seed-demo")
    flask(
        env,
        "red",
        "seed-synthetic",
        "--entrepreneurs",
        str(spec["entrepreneurs"]),
        "--programs",
        str(spec["programs"]),
        "--events",
        str(spec["events"]),
    )
    subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sqlite3; c=sqlite3.connect('{db_path}'); c.execute('ANALYZE'); c.close()",
        ],
        check=True,
    )
    marker.write_text(datetime.now().isoformat())
    print(f"[{size}] built in {time.perf_counter() - started:.0f} s")
    return db_path


class Server:
    def __init__(self, db_path: Path, workers: int) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env_for(db_path),
            start_new_session=True,
        )
        for _ in range(100):
            try:
                self.get("/healthz")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def get(self, path: str, cookie: str | None = None) -> tuple[int, bytes, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        body = response.read()
        headers = {k.lower(): v for k, v in response.getheaders()}
        conn.close()
        return response.status, body, headers

    def login(self, email: str) -> str:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", "/login")
        response = conn.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie").split(";")[0]
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        body = urlencode({"csrf_token": token, "email": email, "password": PASSWORD})
        conn.request(
            "POST",
            "/login",
            body=body,
            headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        )
        response = conn.getresponse()
        response.read()
        conn.close()
        if response.status != 302:
            raise RuntimeError(f"login failed for {email}: {response.status}")
        return response.getheader("Set-Cookie").split(";")[0]

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(10)


def latency(server: Server, page: Page, cookie: str | None, runs: int) -> tuple[float, float, int]:
    for n in range(5):
        server.get(page.url(n), cookie)
    times, status = [], 0
    for n in range(runs):
        started = time.perf_counter()
        status, _body, _headers = server.get(page.url(1000 + n), cookie)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
    return statistics.median(times), p95, status


def throughput(
    server: Server, page: Page, cookie: str | None, seconds: float, clients: int
) -> float:
    """Requests per second with `clients` concurrent keep-alive connections (wrk when present)."""
    wrk = shutil.which("wrk")
    if wrk:
        command = [wrk, "-t2", f"-c{clients}", f"-d{int(seconds)}s"]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        if page.vary:  # a new URL per request (a wrk Lua script counting requests)
            script = DATA / "vary.lua"
            script.write_text(
                "local n = 0\nrequest = function()\n  n = n + 1\n"
                f'  return wrk.format(nil, "{page.path}&v=w" .. n)\nend\n'
            )
            command += ["-s", str(script)]
        output = subprocess.run(
            [*command, f"http://127.0.0.1:{server.port}{page.path}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        match = re.search(r"Requests/sec:\s+([\d.]+)", output)
        return float(match.group(1)) if match else 0.0
    done = []
    stop_at = time.perf_counter() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        count = 0
        while time.perf_counter() < stop_at:
            path = page.url(f"{threading.get_ident()}-{count}")
            conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            conn.getresponse().read()
            count += 1
        done.append(count)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds


def count_queries(db_path: Path, pages: list[Page]) -> dict[str, int]:
    """SQL statements per page, counted in-process against the same database."""
    os.environ.update(env_for(db_path))
    from sqlalchemy import event, select
    from sqlalchemy.engine import Engine

    from red import create_app
    from red.extensions import db
    from red.models import User

    app = create_app()
    counts = {}
    with app.app_context():
        users = {u.email: u.get_id() for u in db.session.scalars(select(User))}
    for page in pages:
        client = app.test_client()
        if page.who:
            with client.session_transaction() as session:
                session["_user_id"] = users[page.who]
                session["_fresh"] = True
        statements = []

        def listener(*args, _bucket=statements) -> None:
            statement = args[2]
            if not re.match(r"^\s*(BEGIN|COMMIT|ROLLBACK|PRAGMA)", statement, re.I):
                _bucket.append(statement)

        event.listen(Engine, "after_cursor_execute", listener)
        client.get(page.path)
        event.remove(Engine, "after_cursor_execute", listener)
        counts[page.name] = len(statements)
    return counts


def pages_for(db_path: Path) -> list[Page]:
    """The pages the issue names, with ids picked from the data set."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    ccc = conn.execute(
        "SELECT id FROM actors WHERE slug = 'camara-de-comercio-de-cucuta'"
    ).fetchone()[0]
    person = conn.execute(
        "SELECT entrepreneur_id FROM service_records WHERE actor_id = ? "
        "GROUP BY entrepreneur_id ORDER BY COUNT(*) DESC LIMIT 1",
        (ccc,),
    ).fetchone()
    conn.close()
    person_id = person[0] if person else 1
    return [
        Page("Búsqueda en el catálogo (/ruta?q=)", "/ruta?q=confeccion", None, load=True),
        # Logged-in visitors are never served the page cache: the full cost of a search,
        # each request a URL never served before.
        Page(
            "Catálogo con sesión iniciada (sin caché, consulta nueva)",
            "/ruta?q=confeccion+tibu",
            "gestor.ccc@red.demo",
            load=True,
            vary=True,
        ),
        Page(
            "Catálogo anónimo sin caché (consulta nueva)",
            "/ruta?q=agro+credito",
            None,
            load=True,
            vary=True,
        ),
        Page("Búsqueda de emprendedores", "/emprendedores?q=maria", "gestor.ccc@red.demo"),
        Page(
            "Registro de personas sin búsqueda (informativa)",
            "/emprendedores",
            "gestor.ccc@red.demo",
            target=False,
        ),
        Page("Bandeja de remisiones", "/remisiones", "gestor.ccc@red.demo"),
        Page(
            "Línea de tiempo de una persona", f"/emprendedores/{person_id}", "gestor.ccc@red.demo"
        ),
        Page("Cumplimiento (/nucleo)", "/nucleo", "nucleo@red.demo"),
        # The home pages where login lands (issue 16).
        Page("Inicio de un gestor (/inicio)", "/inicio", "gestor.ccc@red.demo"),
        Page("Inicio del núcleo (/inicio)", "/inicio", "nucleo@red.demo"),
        # Open data (issue 19): a page of the HSDS API over the 5,000 programs.
        Page(
            "API HSDS: /api/hsds/services?per_page=50",
            "/api/hsds/services?per_page=50",
            None,
            load=True,
        ),
        Page(
            "API HSDS anidado (informativa): full=true",
            "/api/hsds/services?per_page=50&full=true",
            None,
            target=False,
        ),
        Page("Referencia: plaintext", "/_bench/plaintext", None, load=True),
        Page("Referencia: fortunes", "/_bench/fortunes", None, load=True),
    ]


def measure(size: str, db_path: Path, args: argparse.Namespace) -> list[Result]:
    pages = pages_for(db_path)
    server = Server(db_path, args.workers)
    try:
        cookies = {who: server.login(who) for who in {p.who for p in pages if p.who}}
        results = []
        for page in pages:
            result = Result(page)
            result.p50, result.p95, result.status = latency(
                server, page, cookies.get(page.who), args.runs
            )
            if page.load:
                result.rps = throughput(
                    server, page, cookies.get(page.who), args.seconds, args.clients
                )
            results.append(result)
            print(
                f"[{size}] {page.name}: {result.status} p50 {result.p50:.1f} ms "
                f"p95 {result.p95:.1f} ms" + (f" {result.rps:.0f} req/s" if result.rps else "")
            )
    finally:
        server.stop()
    for result, (name, count) in zip(results, count_queries(db_path, pages).items(), strict=True):
        assert result.page.name == name
        result.queries = count
    return results


def row_counts(db_path: Path) -> dict[str, int]:
    import sqlite3

    conn = sqlite3.connect(db_path)
    tables = [
        "entrepreneurs",
        "service_records",
        "referrals",
        "events",
        "participations",
        "programs",
    ]
    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    conn.close()
    return counts


def report(all_results: dict[str, list[Result]], counts: dict[str, dict], args) -> str:
    big, small = all_results.get("100k"), all_results.get("1k")
    lines = [
        "# Benchmark de Red",
        "",
        f"Generado por `make bench` el {datetime.now():%d/%m/%Y %H:%M}. Máquina: {os.cpu_count()} núcleos; "
        f"SQLite (WAL); gunicorn con {args.workers} workers; {args.runs} peticiones secuenciales por página "
        f"para p50/p95; carga concurrente con {args.clients} conexiones durante {args.seconds:.0f} s "
        f"({'wrk' if shutil.which('wrk') else 'cliente Python con hilos'}).",
        "",
        "## Datos",
        "",
        "| tabla | " + " | ".join(counts) + " |",
        "| --- | " + " | ".join("---:" for _ in counts) + " |",
    ]
    tables = next(iter(counts.values())).keys()
    for table in tables:
        lines.append(f"| {table} | " + " | ".join(f"{counts[s][table]:,}" for s in counts) + " |")
    lines += ["", "## Páginas", ""]
    header = "| página | estado | SQL | p50 100k (ms) | p95 100k (ms) | p95 1k (ms) | razón 100k/1k | req/s 100k |"
    lines += [header, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    targets = []
    for index, result in enumerate(big or small):
        other = small[index] if big and small else None
        ratio = result.p95 / other.p95 if other and other.p95 else None
        lines.append(
            f"| {result.page.name} | {result.status} | {result.queries} | {result.p50:.1f} | "
            f"{result.p95:.1f} | {other.p95 if other else float('nan'):.1f} | "
            f"{ratio if ratio else float('nan'):.2f} | {result.rps or 0:.0f} |"
        )
        if not result.page.path.startswith("/_bench"):
            targets.append((result, ratio))
    lines += ["", "## Metas", ""]
    for result, ratio in targets:
        if not result.page.target:
            lines.append(
                f"- {result.page.name}: p95 {result.p95:.1f} ms"
                + (f", razón 100k/1k {ratio:.2f}" if ratio else "")
                + " (no es una de las páginas del issue; se mide para saber cómo crece)"
            )
            continue
        ok = result.p95 <= 100 and result.status == 200
        if result.status != 200:
            lines.append(f"- {result.page.name}: estado HTTP {result.status} → NO cumple")
            continue
        lines.append(
            f"- {result.page.name}: p95 {result.p95:.1f} ms ≤ 100 ms → {'cumple' if ok else 'NO cumple'}"
            + (
                f"; razón 100k/1k {ratio:.2f} ≤ 3 → {'cumple' if ratio <= 3 else 'NO cumple'}"
                if ratio
                else ""
            )
        )
    rps = {r.page.path: r.rps for r in (big or small) if r.rps}
    catalog = (big or small)[0].rps
    fortunes, plain = rps.get("/_bench/fortunes"), rps.get("/_bench/plaintext")
    uncached = (big or small)[1].rps
    if catalog and fortunes and plain:
        lines.append(
            f"- Catálogo {catalog:.0f} req/s = {100 * catalog / fortunes:.0f}% de fortunes "
            f"(meta ≥ 40%) y {100 * catalog / plain:.0f}% de plaintext (meta ≥ 20%), "
            "visitante anónimo (caché de páginas del catálogo)."
        )
        lines.append(
            f"- Sin caché (sesión iniciada, consulta nueva): {uncached:.0f} req/s = "
            f"{100 * uncached / fortunes:.0f}% de fortunes (meta ≥ 40%) y "
            f"{100 * uncached / plain:.0f}% de plaintext."
        )
        anonymous = (big or small)[2].rps or 0
        lines.append(
            f"- Sin caché (anónimo, consulta nueva): {anonymous:.0f} req/s = "
            f"{100 * anonymous / fortunes:.0f}% de fortunes y {100 * anonymous / plain:.0f}% de plaintext."
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1k,100k")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data sets")
    parser.add_argument("--runs", type=int, default=150)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    results, counts = {}, {}
    for size in args.sizes.split(","):
        db_path = build(size, args.rebuild)
        counts[size] = row_counts(db_path)
        results[size] = measure(size, db_path, args)
    text = report(results, counts, args)
    (ROOT / "bench" / "REPORT.md").write_text(text)
    (DATA / "last-run.json").write_text(
        json.dumps({s: [r.p95 for r in rs] for s, rs in results.items()})
    )
    print(text)


if __name__ == "__main__":
    main()
