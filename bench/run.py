"""`make bench`: build synthetic data sets on SQLite and PostgreSQL, serve each with gunicorn,
measure the key pages, write bench/REPORT.md with both databases side by side.

Sizes: "100k" (100,000 people, ~310,000 service records, ~50,000 referrals, 2,000 events,
~100,000 participations, 5,000 programs), "1k" (1,000 people) so the 100k-to-1k ratio shows how
pages grow, and "1m" (1,000,000 people, ~3 million services, ~500,000 referrals; PostgreSQL only
unless `--databases` says otherwise; never run by default: `--sizes 1m`).

Databases: SQLite files under bench/.data/ and PostgreSQL databases `red_bench_<size>` on the
server of BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/red_bench).
`--databases sqlite` or `--databases postgresql` measures one only; an unreachable PostgreSQL is
skipped with a note unless it was asked for explicitly.

Per page: p50/p95 of sequential requests, the p95 as a multiple of the fortunes-like reference
page's p95 in the same run (the figure that stays put on a noisy machine), SQL statements
counted in-process, and requests per second under concurrent load for a few pages, in short
slices that take turns with the fortunes page's so that both share the same minutes (the
"% de fortunes" column: issue 17's goal for the logged-in catalog). Nothing here is a test: numbers go to bench/REPORT.md (and bench/.data/last-run.json).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
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
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the app of this checkout, whatever the venv points at
DATA = ROOT / "bench" / ".data"
VENV_BIN = Path(sys.executable).parent
PASSWORD = "demo-red-2026"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/red_bench"
DATABASES = ("sqlite", "postgresql")
LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

SIZES = {
    "1k": {"entrepreneurs": 1_000, "programs": 50, "events": 20},
    "100k": {"entrepreneurs": 100_000, "programs": 5_000, "events": 2_000},
    "1m": {"entrepreneurs": 1_000_000, "programs": 10_000, "events": 5_000},
}
# Sizes built on PostgreSQL only unless --databases names SQLite explicitly.
PG_ONLY_SIZES = {"1m"}
# The issue's targets: p95 as a multiple of fortunes' p95, by size; 100k/1k p95 ratio.
FORTUNES_LIMIT = {"1k": 5.0, "100k": 5.0, "1m": 8.0}
GROWTH_LIMIT = 2.0
ACCOUNT = "gestor.ccc@red.demo"  # staff of the largest member (Cámara de Comercio de Cúcuta)
FORTUNES = "/_bench/fortunes"
HOME_LIMIT_MS = 100.0  # issue 16: each home page ≤ 100 ms p95 with the 100k data
ABSOLUTE_LIMIT_SIZE = "100k"
RPS_SHARE_GOAL = 0.40  # issue 17: the logged-in catalog, a new query, ≥ 40 % of fortunes' req/s


@dataclass
class Page:
    name: str
    path: str
    who: str | None  # e-mail of the account, None for anonymous
    load: bool = False  # also measured under concurrent load
    target: bool = True  # one of the key pages (False: measured for information only)
    # Each request a URL never served before (&v=1, 2…): no page cache can answer it.
    vary: bool = False
    # An absolute p95 target at 100k (ms) besides the × fortunes one: issue 16's ≤ 100 ms
    # for the home pages.
    p95_limit_ms: float | None = None
    # A floor for the page's req/s as a share of the fortunes page's, both measured in
    # alternating slices of the same window (issue 17: the logged-in catalog ≥ 40 %).
    rps_share_goal: float | None = None

    def url(self, n: int | str) -> str:
        return f"{self.path}&v={n}" if self.vary else self.path


@dataclass
class Result:
    page: Page
    p50: float = 0.0
    p95: float = 0.0
    status: int = 0
    queries: int | None = None
    rps: float | None = None
    fortunes_p95: float | None = None  # the reference, measured alternately with this page
    fortunes_rps: float | None = None  # likewise, under the same concurrent load

    @property
    def rps_share(self) -> float | None:
        """req/s as a share of the fortunes page's, measured in the same window."""
        return self.rps / self.fortunes_rps if self.rps and self.fortunes_rps else None


@dataclass
class DataSet:
    """One size on one database."""

    database: str  # "sqlite" | "postgresql"
    size: str
    url: str  # DATABASE_URL as the app reads it
    build_seconds: float | None = None
    built_at: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    results: list[Result] = field(default_factory=list)

    @property
    def marker(self) -> Path:
        return DATA / f"{self.database}-{Path(urlsplit(self.url).path).stem}.ready"

    def fortunes_p95(self) -> float | None:
        for result in self.results:
            if result.page.path == FORTUNES:
                return result.p95
        return None


def key_pages(person_id: int) -> list[Page]:
    """The pages measured, in report order. Other areas add their key page here."""
    return [
        Page("Búsqueda en el catálogo (/ruta?q=)", "/ruta?q=confeccion", None, load=True),
        # Logged-in visitors are never served the page cache: the full cost of a search,
        # each request a URL never served before.
        Page(
            "Catálogo con sesión iniciada (sin caché, consulta nueva)",
            "/ruta?q=confeccion+tibu",
            ACCOUNT,
            load=True,
            vary=True,
            rps_share_goal=RPS_SHARE_GOAL,
        ),
        Page(
            "Catálogo anónimo sin caché (consulta nueva)",
            "/ruta?q=agro+credito",
            None,
            load=True,
            vary=True,
        ),
        # A surname the account's actor finds at every size (5 people at 1k, ~90 at 100k;
        # ~840 in the whole network at 100k, like "maria"): with "maria" the 1k page was
        # empty, so it skipped the page's loads and its statements did not compare.
        Page("Búsqueda de emprendedores", "/emprendedores?q=rodriguez", ACCOUNT),
        Page("Registro de personas sin búsqueda", "/emprendedores", ACCOUNT),
        Page("Bandeja de remisiones", "/remisiones", ACCOUNT),
        Page("Línea de tiempo de una persona", f"/emprendedores/{person_id}", ACCOUNT),
        Page("Cumplimiento (/nucleo)", "/nucleo", "nucleo@red.demo"),
        # The synthetic activity ends in November 2025, so the running quarter has little:
        # a quarter full of atenciones and remisiones is what grows with the network.
        Page(
            "Cumplimiento de un trimestre con datos (/nucleo?periodo=2025-T3)",
            "/nucleo?periodo=2025-T3",
            "nucleo@red.demo",
        ),
        # The home pages where login lands, one per role (issue 16: ≤ 100 ms p95 at 100k).
        *[
            Page(f"Inicio {whose} (/inicio)", "/inicio", who, p95_limit_ms=HOME_LIMIT_MS)
            for whose, who in (
                ("de un gestor", ACCOUNT),
                ("del núcleo", "nucleo@red.demo"),
                ("del administrador", "admin@red.demo"),
                ("de una persona emprendedora", "emprendedor@red.demo"),
            )
        ],
        # Open data (issue 19): a page of the HSDS API over the programs.
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
        Page("Referencia: fortunes", FORTUNES, None, load=True),
    ]


# --- databases -------------------------------------------------------------------------------


def pg_url_for(size: str) -> str:
    """red_bench_<size> on the server BENCH_DATABASE_URL names."""
    base = urlsplit(os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG))
    name = (base.path.strip("/") or "red_bench") + f"_{size}"
    return urlunsplit((base.scheme, base.netloc, f"/{name}", base.query, ""))


def pg_admin(url: str):  # noqa: ANN201  (a psycopg connection)
    """An autocommit connection to the server's maintenance database."""
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    return psycopg.connect(admin, autocommit=True, connect_timeout=5)


def pg_reachable(url: str) -> bool:
    try:
        pg_admin(url).close()
        return True
    except Exception:  # noqa: BLE001  (any failure means: not here)
        return False


def pg_exists(url: str) -> bool:
    name = urlsplit(url).path.strip("/")
    with pg_admin(url) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()


def pg_recreate(url: str) -> None:
    """Drop and create the bench database; random_page_cost as the README advises for SSDs."""
    from psycopg import sql

    name = sql.Identifier(urlsplit(url).path.strip("/"))
    with pg_admin(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
        conn.execute(sql.SQL("ALTER DATABASE {} SET random_page_cost = 1.1").format(name))


def engine_for(url: str):  # noqa: ANN201
    from sqlalchemy import create_engine

    if url.startswith("postgresql://"):  # psycopg 3, as red.config does (not imported here:
        url = "postgresql+psycopg://" + url[len("postgresql://") :]  # it reads env at import)
    return create_engine(url)


def env_for(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": url,
            "FLASK_APP": "wsgi",
            "SECRET_KEY": "bench-secret-key-not-for-production",
            "TOTP_REQUIRED_ROLES": "",
            "LOGIN_RATE_LIMIT": "100000 per minute",
            "API_RATE_LIMIT": "10000000 per minute",
            "RED_ENV": "development",  # a throwaway copy: seeding allowed, two workers fine
        }
    )
    return env


def flask(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(VENV_BIN / "flask"), *args], cwd=ROOT, env=env, check=True)


def read_marker(data: DataSet) -> bool:
    """True when the data set was built before (and still exists); loads its build time."""
    if not data.marker.exists():
        return False
    if data.database == "sqlite" and not Path(data.url.removeprefix("sqlite:///")).exists():
        return False
    if data.database == "postgresql" and not pg_exists(data.url):
        return False
    try:
        saved = json.loads(data.marker.read_text())
    except ValueError:  # an older marker: just a date
        saved = {"built_at": data.marker.read_text().strip()}
    data.build_seconds = saved.get("seconds")
    data.built_at = saved.get("built_at", "")
    return True


def build(data: DataSet, rebuild: bool) -> None:
    """Migrate, seed the demo, add the synthetic people, ANALYZE; or reuse a built set."""
    env = env_for(data.url)
    if not rebuild and read_marker(data):
        print(f"[{data.database} {data.size}] reusing (migrated to the latest revision)")
        flask(env, "db", "upgrade")
        return
    DATA.mkdir(parents=True, exist_ok=True)
    if data.database == "sqlite":
        db_path = data.url.removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    else:
        pg_recreate(data.url)
    spec = SIZES[data.size]
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
    analyse(data)
    data.build_seconds = time.perf_counter() - started
    data.built_at = f"{datetime.now():%d/%m/%Y %H:%M}"
    data.marker.write_text(json.dumps({"seconds": data.build_seconds, "built_at": data.built_at}))
    print(f"[{data.database} {data.size}] built in {data.build_seconds:.0f} s")


def analyse(data: DataSet) -> None:
    """Fresh planner statistics, as a production database has after autovacuum."""
    engine = engine_for(data.url)
    if data.database == "sqlite":
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    else:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()


def row_counts(data: DataSet) -> dict[str, int]:
    tables = [
        "entrepreneurs",
        "service_records",
        "referrals",
        "events",
        "participations",
        "programs",
        "person_access",
    ]
    engine = engine_for(data.url)
    with engine.connect() as conn:
        counts = {t: conn.exec_driver_sql(f"SELECT COUNT(*) FROM {t}").scalar() for t in tables}
    engine.dispose()
    return counts


def pages_for(data: DataSet) -> list[Page]:
    """The key pages, with the person picked from the data set: the one the account's actor
    served most (the longest timeline it sees)."""
    from sqlalchemy import text

    engine = engine_for(data.url)
    with engine.connect() as conn:
        person = conn.execute(
            text(
                "SELECT s.entrepreneur_id FROM service_records s "
                "JOIN actors a ON a.id = s.actor_id "
                "WHERE a.slug = 'camara-de-comercio-de-cucuta' "
                "GROUP BY s.entrepreneur_id ORDER BY COUNT(*) DESC, s.entrepreneur_id LIMIT 1"
            )
        ).scalar()
    engine.dispose()
    return key_pages(person or 1)


# --- serving and measuring -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(app: str, env: dict[str, str], *options: str) -> tuple[subprocess.Popen, int]:
    """gunicorn serving `app` on a free port, returned with the port once /healthz answers:
    the pages' server here and the live import's (bench/jobs_live.py) start the same way."""
    port = free_port()
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
        + [*options, app],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(150):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            conn.close()
            return process, port
        except OSError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGTERM)
    raise RuntimeError("gunicorn did not start")


class Server:
    def __init__(self, url: str, workers: int) -> None:
        self.process, self.port = start_gunicorn(
            "bench.wsgi:app", env_for(url), "--workers", str(workers)
        )

    def get(self, path: str, cookie: str | None = None) -> tuple[int, bytes, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        body = response.read()
        headers = {k.lower(): v for k, v in response.getheaders()}
        conn.close()
        return response.status, body, headers

    def login(self, email: str) -> str:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
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


def p95_of(times: list[float]) -> float:
    times = sorted(times)
    return times[max(0, int(round(0.95 * len(times))) - 1)]


def latency(
    server: Server, page: Page, cookie: str | None, runs: int
) -> tuple[float, float, int, float]:
    """p50 and p95 of the page, its status, and the p95 of the fortunes page measured in
    the same minutes: the requests alternate (page, fortunes, page…), so a neighbour's load
    on the shared machine weighs on both and their ratio stays put."""
    for n in range(5):
        server.get(page.url(n), cookie)
        server.get(FORTUNES)
    times, reference, status = [], [], 0
    for n in range(runs):
        started = time.perf_counter()
        status, _body, _headers = server.get(page.url(1000 + n), cookie)
        times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        server.get(FORTUNES)
        reference.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), p95_of(times), status, p95_of(reference)


# Load is measured in short slices, the page and the fortunes page taking turns (page,
# fortunes, fortunes, page, …) within the same window: a neighbour's burst on the shared
# machine weighs on both, and the order cancels a steady drift.
SLICE_SECONDS = 0.5
_request_numbers = itertools.count()  # every URL of a `vary` page is new, across slices too


def burst(
    server: Server, page: Page, cookie: str | None, seconds: float, clients: int
) -> tuple[int, float]:
    """Requests done by `clients` concurrent keep-alive connections in about `seconds`, and
    the time they took (until the last one answered), with wrk when present."""
    wrk = shutil.which("wrk")
    if wrk:
        return burst_wrk(wrk, server, page, cookie, seconds, clients)
    done = []
    started = time.perf_counter()
    stop_at = started + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        count = 0
        while time.perf_counter() < stop_at:
            conn.request(
                "GET",
                page.url(f"w{next(_request_numbers)}"),
                headers={"Cookie": cookie} if cookie else {},
            )
            conn.getresponse().read()
            count += 1
        conn.close()
        done.append(count)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done), time.perf_counter() - started


def burst_wrk(
    wrk: str, server: Server, page: Page, cookie: str | None, seconds: float, clients: int
) -> tuple[int, float]:
    """burst() through wrk (whole seconds); a Lua counter makes each `vary` URL new."""
    seconds = max(1, round(seconds))
    command = [wrk, "-t2", f"-c{clients}", f"-d{seconds}s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if page.vary:
        script = DATA / "vary.lua"
        script.write_text(
            "local n = 0\nrequest = function()\n  n = n + 1\n"
            f'  return wrk.format(nil, "{page.path}&v=w{next(_request_numbers)}-" .. n)\nend\n'
        )
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{server.port}{page.path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"(\d+) requests in ([\d.]+)(m?s)", output)
    if not match:
        return 0, float(seconds)
    took = float(match.group(2)) / (1000 if match.group(3) == "ms" else 1)
    return int(match.group(1)), took


FORTUNES_PAGE = Page("Referencia: fortunes", FORTUNES, None)


def throughput(
    server: Server, page: Page, cookie: str | None, seconds: float, clients: int
) -> tuple[float, float]:
    """req/s of the page and of the fortunes page, each measured for `seconds` in slices that
    alternate with the other's (after an uncounted warm-up of both)."""
    rounds = max(2, round(seconds / SLICE_SECONDS))
    piece = seconds / rounds
    for warm in (page, FORTUNES_PAGE):
        burst(server, warm, cookie if warm is page else None, min(piece, 0.5), clients)
    totals = {"page": [0, 0.0], "fortunes": [0, 0.0]}
    for n in range(rounds):
        order = ("page", "fortunes") if n % 4 in (0, 3) else ("fortunes", "page")
        for which in order:
            target, who = (page, cookie) if which == "page" else (FORTUNES_PAGE, None)
            count, took = burst(server, target, who, piece, clients)
            totals[which][0] += count
            totals[which][1] += took
    return tuple(count / took if took else 0.0 for count, took in totals.values())


IGNORED_STATEMENTS = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|PRAGMA|SAVEPOINT|RELEASE)", re.I)


def count_queries(url: str, pages: list[Page]) -> list[int]:
    """SQL statements per page, counted in-process against the same database (the app's own
    user loader and session check included, as in a real request)."""
    os.environ.update(env_for(url))
    from sqlalchemy import event, select
    from sqlalchemy.engine import Engine

    from bench.pages import with_bench_pages
    from red import create_app
    from red.config import normalise_database_url
    from red.extensions import db
    from red.models import User
    from red.services.accounts import open_session

    app = with_bench_pages(
        create_app(
            SQLALCHEMY_DATABASE_URI=normalise_database_url(url),
            TOTP_REQUIRED_ROLES=(),
            RED_ENV="development",
        )
    )
    sessions = {}
    with app.app_context():
        for email in {p.who for p in pages if p.who}:
            user = db.session.scalars(select(User).where(User.email == email)).one()
            sessions[email] = open_session(db.session, user, timedelta(hours=1))
        db.session.commit()
    counts = []
    for page in pages:
        client = app.test_client()
        if page.who:
            with client.session_transaction() as session:
                session["_user_id"] = sessions[page.who]
                session["_fresh"] = True
        client.get(page.path)  # warm: caches, first connection
        statements: list[str] = []

        def listener(*args, _bucket=statements) -> None:
            if not IGNORED_STATEMENTS.match(args[2]):
                _bucket.append(args[2])

        event.listen(Engine, "after_cursor_execute", listener)
        response = client.get(page.path)
        event.remove(Engine, "after_cursor_execute", listener)
        if response.status_code != 200:
            print(f"  {page.path}: {response.status_code} in-process (statements not comparable)")
        counts.append(len(statements))
    with app.app_context():
        db.engine.dispose()
    return counts


def load(
    server: Server, page: Page, result: Result, cookie: str | None, args: argparse.Namespace
) -> None:
    """The page's req/s, with the fortunes page's measured in turns with it; the fortunes
    row itself is measured alone."""
    if page.path == FORTUNES:
        count, took = burst(server, page, None, args.seconds, args.clients)
        result.rps = count / took if took else 0.0
        return
    result.rps, result.fortunes_rps = throughput(server, page, cookie, args.seconds, args.clients)


def measure(data: DataSet, args: argparse.Namespace) -> None:
    pages = pages_for(data)
    server = Server(data.url, args.workers)
    tag = f"[{data.database} {data.size}]"
    try:
        cookies = {who: server.login(who) for who in {p.who for p in pages if p.who}}
        for page in pages:
            result = Result(page)
            result.p50, result.p95, result.status, result.fortunes_p95 = latency(
                server, page, cookies.get(page.who), args.runs
            )
            if page.load and not args.no_load:
                load(server, page, result, cookies.get(page.who), args)
            data.results.append(result)
            print(
                f"{tag} {page.name}: {result.status} p50 {result.p50:.1f} ms "
                f"p95 {result.p95:.1f} ms"
                + (f" {result.rps:.0f} req/s" if result.rps else "")
                + (f" ({percent(result.rps_share)} de fortunes)" if result.rps_share else "")
            )
    finally:
        server.stop()
    for result, count in zip(data.results, count_queries(data.url, pages), strict=True):
        result.queries = count


# --- report ----------------------------------------------------------------------------------


def fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def percent(share: float) -> str:
    return f"{share * 100:.0f} %"


def multiple(data: DataSet | None, index: int) -> float | None:
    """The page's p95 over the fortunes p95 measured alternately with it."""
    if data is None or not data.results:
        return None
    result = data.results[index]
    fortunes = result.fortunes_p95 or data.fortunes_p95()
    return result.p95 / fortunes if fortunes else None


def report(sets: dict[tuple[str, str], DataSet], args: argparse.Namespace, notes: list[str]) -> str:
    databases = [d for d in DATABASES if any(k[0] == d for k in sets)]
    sizes = [s for s in SIZES if any(k[1] == s for k in sets)]
    lines = [
        "# Benchmark de Red",
        "",
        f"Generado por `make bench` el {datetime.now():%d/%m/%Y %H:%M}. Máquina: {os.cpu_count()} "
        f"núcleos (compartidos: las cifras absolutas varían con la carga; la columna «× fortunes» "
        f"divide el p95 de la página por el p95 de la página de referencia medido a la vez, "
        f"alternando una petición de cada una); gunicorn con "
        f"{args.workers} workers; {args.runs} peticiones secuenciales por página para p50/p95; "
        f"carga concurrente con {args.clients} conexiones durante {args.seconds:g} s por página "
        f"({'wrk' if shutil.which('wrk') else 'cliente Python con hilos'}), en tramos de "
        f"{SLICE_SECONDS:g} s que se turnan con la página fortunes (otros {args.seconds:g} s): "
        f"«% de fortunes» divide las req/s de la página por las de fortunes medidas en esos "
        f"mismos minutos. "
        f"Bases: {', '.join(LABELS[d] for d in databases)} (SQLite en WAL; PostgreSQL local en "
        f"127.0.0.1 con `random_page_cost = 1.1`, como aconseja el README).",
        "",
        *[f"> {note}" for note in notes],
        "## Datos",
        "",
        "| conjunto | base | construido en | " + " | ".join(next(iter(sets.values())).rows) + " |",
        "| --- | --- | ---: | " + " | ".join("---:" for _ in next(iter(sets.values())).rows) + " |",
    ]
    for (database, size), data in sets.items():
        built = f"{data.build_seconds:.0f} s" if data.build_seconds else "—"
        lines.append(
            f"| {size} | {LABELS[database]} | {built} | "
            + " | ".join(f"{n:,}" for n in data.rows.values())
            + " |"
        )
    goals: list[str] = []
    for size in sizes:
        present = [d for d in databases if (d, size) in sets and sets[(d, size)].results]
        if not present:
            continue
        lines += ["", f"## Páginas a {size}", ""]
        small = "1k" if size != "1k" else None
        header = ["página"]
        header += [f"SQL {LABELS[d]}" for d in present]
        for d in present:
            header += [f"p50 {LABELS[d]} (ms)", f"p95 {LABELS[d]} (ms)", f"× fortunes {LABELS[d]}"]
        if small:
            header += [f"p95 {size}/1k {LABELS[d]}" for d in present if (d, small) in sets]
            header += [f"SQL 1k {LABELS[d]}" for d in present if (d, small) in sets]
        for d in present:
            header += [f"req/s {LABELS[d]}", f"% de fortunes {LABELS[d]}"]
        lines += ["| " + " | ".join(header) + " |", "| --- " + "| ---: " * (len(header) - 1) + "|"]
        first = sets[(present[0], size)]
        for index, result in enumerate(first.results):
            cells = [result.page.name]
            row = {d: sets[(d, size)].results[index] for d in present}
            cells += [
                str(row[d].queries) if row[d].status == 200 else str(row[d].status) for d in present
            ]
            for d in present:
                cells += [fmt(row[d].p50), fmt(row[d].p95), fmt(multiple(sets[(d, size)], index))]
            if small:
                for d in present:
                    if (d, small) in sets and sets[(d, small)].results:
                        base = sets[(d, small)].results[index]
                        cells.append(fmt(row[d].p95 / base.p95 if base.p95 else None, 2))
                for d in present:
                    if (d, small) in sets and sets[(d, small)].results:
                        cells.append(str(sets[(d, small)].results[index].queries))
            for d in present:
                share = row[d].rps_share
                cells += [fmt(row[d].rps, 0) if row[d].rps else "", percent(share) if share else ""]
            lines.append("| " + " | ".join(cells) + " |")
            if result.page.target and not result.page.path.startswith("/_bench"):
                goals += goal_lines(sets, size, index, present)
    lines += ["", "## Metas de los issues 21, 16 y 17", ""]
    lines += goals or ["- (sin mediciones)"]
    return "\n".join(lines) + "\n"


def goal_lines(sets, size: str, index: int, present: list[str]) -> list[str]:
    out = []
    limit = FORTUNES_LIMIT[size]
    for d in present:
        data = sets[(d, size)]
        result = data.results[index]
        parts = []
        if result.status != 200:
            out.append(
                f"- {size} {LABELS[d]} · {result.page.name}: estado {result.status} → NO cumple"
            )
            continue
        times = multiple(data, index)
        if times is not None:
            verdict = "cumple" if times <= limit else "NO cumple"
            parts.append(f"{times:.1f} × fortunes ≤ {limit:g} → {verdict}")
        if result.page.p95_limit_ms and size == ABSOLUTE_LIMIT_SIZE:
            verdict = "cumple" if result.p95 <= result.page.p95_limit_ms else "NO cumple"
            parts.append(
                f"p95 {fmt(result.p95)} ms ≤ {result.page.p95_limit_ms:g} ms (issue 16) → {verdict}"
            )
        small = sets.get((d, "1k"))
        if size != "1k" and small and small.results:
            base = small.results[index]
            ratio = result.p95 / base.p95 if base.p95 else None
            if ratio is not None:
                verdict = "cumple" if ratio <= GROWTH_LIMIT else "NO cumple"
                parts.append(f"p95 {size}/1k {ratio:.2f} ≤ {GROWTH_LIMIT:g} → {verdict}")
            small_times = multiple(small, index)
            if times is not None and small_times:
                growth = times / small_times
                verdict = "cumple" if growth <= GROWTH_LIMIT else "NO cumple"
                parts.append(
                    f"en múltiplos de fortunes {growth:.2f} ≤ {GROWTH_LIMIT:g} → {verdict}"
                )
            same = result.queries == base.queries
            parts.append(
                f"SQL {result.queries} ({'igual que' if same else 'distinto de'} 1k: {base.queries})"
            )
        share = result.rps_share
        if result.page.rps_share_goal and share is not None:
            goal = result.page.rps_share_goal
            verdict = "cumple" if share >= goal else "NO cumple"
            parts.append(
                f"{fmt(result.rps, 0)} req/s = {percent(share)} de fortunes ({fmt(result.fortunes_rps, 0)}"
                f" req/s en los mismos tramos) ≥ {percent(goal)} (issue 17) → {verdict}"
            )
        out.append(f"- {size} {LABELS[d]} · {result.page.name}: " + "; ".join(parts))
    return out


# --- main ------------------------------------------------------------------------------------


def plan(args: argparse.Namespace, notes: list[str]) -> dict[tuple[str, str], DataSet]:
    asked = [d.strip() for d in args.databases.split(",") if d.strip()]
    for database in asked:
        if database not in DATABASES:
            raise SystemExit(f"--databases: {database!r} (use sqlite, postgresql)")
    sets = {}
    pg_ok = "postgresql" not in asked or pg_reachable(pg_url_for("1k"))
    if not pg_ok:
        message = "PostgreSQL no responde en " + pg_url_for("…") + ": medido solo SQLite."
        if args.databases_explicit:
            raise SystemExit(message)
        notes.append(message)
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        if size not in SIZES:
            raise SystemExit(f"--sizes: {size!r} (use {', '.join(SIZES)})")
        for database in asked:
            if database == "postgresql" and not pg_ok:
                continue
            if database == "sqlite" and size in PG_ONLY_SIZES and not args.databases_explicit:
                continue
            url = (
                f"sqlite:///{DATA / f'red-{size}.db'}" if database == "sqlite" else pg_url_for(size)
            )
            sets[(database, size)] = DataSet(database, size, url)
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1k,100k", help="1k, 100k, 1m (comma-separated)")
    parser.add_argument("--databases", default=None, help="sqlite, postgresql (default: both)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data sets")
    parser.add_argument("--build-only", action="store_true", help="build, do not measure")
    parser.add_argument("--runs", type=int, default=150)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-load", action="store_true", help="skip the req/s measurements")
    args = parser.parse_args()
    args.databases_explicit = args.databases is not None
    args.databases = args.databases or ",".join(DATABASES)
    notes: list[str] = []
    sets = plan(args, notes)
    for data in sets.values():
        build(data, args.rebuild)
        data.rows = row_counts(data)
    if args.build_only:
        return
    for data in sets.values():
        measure(data, args)
    text = report(sets, args, notes)
    (ROOT / "bench" / "REPORT.md").write_text(text)
    (DATA / "last-run.json").write_text(
        json.dumps(
            {
                f"{d.database}:{d.size}": {
                    "build_seconds": d.build_seconds,
                    "pages": {
                        r.page.name: {
                            "p95": r.p95,
                            "fortunes_p95": r.fortunes_p95,
                            "sql": r.queries,
                            "rps": r.rps,
                            "fortunes_rps": r.fortunes_rps,
                        }
                        for r in d.results
                    },
                }
                for d in sets.values()
            },
            indent=1,
        )
    )
    print(text)


if __name__ == "__main__":
    main()
