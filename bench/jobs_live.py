"""The import as users live it, for `make bench-jobs` (bench/jobs_import.py calls `measure`).

One gunicorn (2 workers) and one Huey consumer serve the bench database, as in production.
Other users' key pages — the catalog search (/ruta?q=), the people list (/emprendedores, a
member's staff) and compliance (/nucleo, the núcleo) — are timed idle, then while a member's
staff uploads the 100,000-row file through the real form and the consumer imports it. Also
timed: the upload request itself, each phase of the job (from the job row), the consumer's
peak memory and CPU, and any answer that is not a 200 or says "database is locked".
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

from run import (  # bench/ is on the path: bench/jobs_import.py imports this module
    env_for,
    start_gunicorn,
)
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PASSWORD = "demo-red-2026"  # red/seed/demo_accounts.py
STAFF = "gestor.ccc@red.demo"
PAGES = (
    ("Catálogo (/ruta?q=confeccion)", "/ruta?q=confeccion", None),
    ("Registro de personas (/emprendedores)", "/emprendedores", STAFF),
    ("Cumplimiento (/nucleo)", "/nucleo", "nucleo@red.demo"),
)


def environment(url: str, folder: Path) -> dict[str, str]:
    """The pages' environment (bench/run.py env_for) with the job queue's own folders."""
    env = env_for(url)
    env.update(
        {
            "HUEY_SQLITE_PATH": str(folder / "huey.db"),
            "HUEY_NAME": f"bench-{uuid.uuid4().hex[:8]}",
            "JOBS_DIR": str(folder / "jobs"),
            "IMPORT_MAX_MB": "20",
        }
    )
    env.pop("REDIS_URL", None)
    return env


class Web:
    """gunicorn on a free port, its error log kept to look for "database is locked"."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.log = folder / "gunicorn.log"
        self.process, self.port = start_gunicorn(
            "wsgi:app", env, "--workers", "2", "--error-logfile", str(self.log)
        )

    def request(self, method, path, body=None, headers=None) -> tuple[int, bytes, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        found = {k.lower(): v for k, v in response.getheaders()}
        conn.close()
        return response.status, data, found

    def login(self, email: str) -> str:
        _, page, headers = self.request("GET", "/login")
        cookie = headers["set-cookie"].split(";")[0]
        token = _token(page)
        body = urlencode({"csrf_token": token, "email": email, "password": PASSWORD})
        status, _, headers = self.request(
            "POST",
            "/login",
            body,
            {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302:
            raise RuntimeError(f"login failed for {email}: {status}")
        return headers["set-cookie"].split(";")[0]

    def locked_lines(self) -> int:
        return self.log.read_text(errors="ignore").count("database is locked")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(20)


def _token(page: bytes) -> str:
    return re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()


class Consumer:
    """One Huey consumer (one worker thread), as `make run` starts it."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [str(BIN / "huey_consumer"), "red.jobs.huey", "--workers", "1", "--quiet"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        self.peak_rss_mb = 0.0

    def poll_memory(self) -> None:
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                self.peak_rss_mb = max(self.peak_rss_mb, int(line.split()[1]) / 1024)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


class Visitors:
    """Other users: the key pages in turn, one request at a time, until stopped."""

    def __init__(self, web: Web, cookies: dict) -> None:
        self.web = web
        self.cookies = cookies
        self.times: dict[str, list[float]] = {label: [] for label, _, _ in PAGES}
        self.bad: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            for label, path, who in PAGES:
                headers = {"Cookie": self.cookies[who]} if who else {}
                started = time.perf_counter()
                try:
                    status, body, _ = self.web.request("GET", path, headers=headers)
                except OSError as error:
                    self.bad.append(f"{path}: {error}")
                    continue
                self.times[label].append(time.perf_counter() - started)
                if status != 200 or b"database is locked" in body:
                    self.bad.append(f"{path}: {status}")

    def run_for(self, seconds: float) -> None:
        self.thread.start()
        time.sleep(seconds)
        self.finish()

    def finish(self) -> None:
        self.stop.set()
        self.thread.join()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)] if ordered else 0.0


def upload(web: Web, cookie: str, path: Path) -> tuple[float, int, int | None]:
    """The member's staff uploads the file through the form: (seconds, status, job id)."""
    _, page, answer = web.request("GET", "/atenciones/importar", headers={"Cookie": cookie})
    if "set-cookie" in answer:  # the form's CSRF token went into a new session cookie
        cookie = answer["set-cookie"].split(";")[0]
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
        f"{_token(page)}\r\n--{boundary}\r\nContent-Disposition: form-data; "
        f'name="file"; filename="{path.name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    body = head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Cookie": cookie, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    started = time.perf_counter()
    status, _, answer = web.request("POST", "/atenciones/importar", body, headers)
    seconds = time.perf_counter() - started
    location = answer.get("location", "")
    job_id = int(location.rsplit("/", 1)[1]) if "/trabajos/" in location else None
    return seconds, status, job_id


def follow(url: str, job_id: int, consumer: Consumer, timeout: float = 1800) -> dict:
    """Poll the job row until it ends; note when it started writing (the final step)."""
    engine = create_engine(url)
    seen: dict[str, float] = {}
    deadline = time.monotonic() + timeout
    row = None
    while time.monotonic() < deadline:
        consumer.poll_memory()
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT status, rows_checked, rows_written, message FROM jobs WHERE id = :i"),
                {"i": job_id},
            ).one()
        seen.setdefault(row.status, time.perf_counter())
        if row.status in ("done", "failed"):
            break
        time.sleep(0.2)
    engine.dispose()
    return {"status": row.status, "rows": row.rows_written, "message": row.message, **seen}


def measure(url: str, folder: Path, big: Path, idle_seconds: float = 30) -> dict:
    env = environment(url, folder)
    web = Web(env, folder)
    consumer = Consumer(env)
    try:
        cookies = {who: web.login(who) for _, _, who in PAGES if who}
        cookies[None] = None
        for _, path, who in PAGES:  # warm the workers' caches as any running server has
            web.request("GET", path, headers={"Cookie": cookies[who]} if who else {})
        idle = Visitors(web, cookies)
        idle.run_for(idle_seconds)
        busy = Visitors(web, cookies)
        busy.thread.start()
        asked = time.perf_counter()
        upload_seconds, status, job_id = upload(web, cookies[STAFF], big)
        if job_id is None:
            busy.finish()
            raise RuntimeError(f"the upload was not accepted: {status}")
        job = follow(url, job_id, consumer)
        busy.finish()
        consumer.poll_memory()
        cpu = consumer.cpu_seconds()
    finally:
        consumer.stop()
        web.stop()
    ended = job.get("done") or job.get("failed") or time.perf_counter()
    started = job.get("checking", asked)
    writing = job.get("writing", ended)
    return {
        "job": job,
        "upload_seconds": upload_seconds,
        "total_seconds": ended - asked,
        "check_seconds": writing - started,
        "write_seconds": ended - writing,
        "queue_seconds": started - asked,
        "peak_rss_mb": consumer.peak_rss_mb,
        "cpu_seconds": cpu,
        "idle": {label: (p95(t), len(t)) for label, t in idle.times.items()},
        "busy": {label: (p95(t), len(t)) for label, t in busy.times.items()},
        "bad": idle.bad + busy.bad,
        "locked_in_log": web.locked_lines(),
    }


def es(value: float, digits: int = 1) -> str:
    """A figure as Colombia writes it: 1.234,5."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def report_lines(result: dict, rows: int, database: str, file_mb: float) -> list[str]:
    job = result["job"]
    working = result["check_seconds"] + result["write_seconds"]
    rate = rows / working if working else 0
    cpu = max(result["cpu_seconds"], 0.1)
    lines = [
        f"### {database}: la importación por la web, con un consumidor y otros usuarios",
        "",
        f"- Trabajo: {job['status']} — {job['message']}",
        f"- Subida por el formulario (POST de {es(file_mb)} MB): "
        f"{es(result['upload_seconds'], 2)} s hasta la respuesta con la página del trabajo",
        f"- Trabajo de punta a punta: {es(working)} s, {es(rate, 0)} filas/s de reloj: revisar "
        f"{es(result['check_seconds'])} s (leer, validar, consultar por lotes, tabla de paso), "
        f"paso final {es(result['write_seconds'])} s (una transacción: INSERT … SELECT); antes, "
        f"en cola {es(result['queue_seconds'])} s hasta que el consumidor lo tomó (Huey espera "
        "hasta 10 s entre consultas a una cola quieta); de la subida al final "
        f"{es(result['total_seconds'])} s",
        f"- Consumidor: memoria máxima {es(result['peak_rss_mb'], 0)} MB (RSS), "
        f"{es(result['cpu_seconds'])} s de CPU ({es(rows / cpu, 0)} filas por segundo de CPU)",
        "",
        "| página de otros usuarios | p95 sin importación | p95 durante la importación | razón |",
        "| --- | --- | --- | --- |",
    ]
    for label, (idle, n_idle) in result["idle"].items():
        busy, n_busy = result["busy"][label]
        ratio = busy / idle if idle else 0
        lines.append(
            f"| {label} | {es(1000 * idle, 0)} ms ({n_idle} peticiones) | "
            f"{es(1000 * busy, 0)} ms ({n_busy} peticiones) | {es(ratio)}× |"
        )
    bad = result["bad"]
    lines += [
        "",
        f"- Respuestas que no fueron 200 (o que decían «database is locked»): {len(bad)}"
        + (f" (primera: {bad[0]})" if bad else "")
        + f"; «database is locked» en el registro de gunicorn: {result['locked_in_log']}",
        "",
    ]
    return lines
