"""Two real gunicorn workers writing to one SQLite file at once lose nothing.

tests/test_concurrency.py proves the transaction discipline (BEGIN IMMEDIATE, WAL, busy
timeout) with separate processes; this test goes through the production stack instead:
`gunicorn -w 2 wsgi:app` on a migrated, seeded database file, several staff members of two
actors logged in at the same time, each registering services as fast as the server lets
them. Every request must succeed, and every service must be in the database and in the
audit log. (With a plain deferred BEGIN for writing requests, this test fails: workers get
"database is locked" when upgrading a read lock, and users see 503s.)
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "demo-red-2026"
CLIENTS_PER_ACCOUNT = 3
SERVICES_PER_CLIENT = 12

pytestmark = [
    pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite-specific"),
    pytest.mark.skipif(not (BIN / "gunicorn").exists(), reason="gunicorn is not installed"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """A migrated, seeded database file served by gunicorn with two workers."""
    db_path = tmp_path / "red.db"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db_path}",
        "FLASK_APP": "wsgi",
        "SECRET_KEY": "gunicorn-test-secret-key-0123456789",
        "TOTP_REQUIRED_ROLES": "",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "RED_ENV": "development",  # a throwaway copy: seeding allowed, two workers fine
    }
    for command in (["db", "upgrade"], ["red", "seed-demo"]):
        subprocess.run(
            [str(BIN / "flask"), *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    _authorise_both_actors(db_path)
    subprocess.run(
        [str(BIN / "flask"), "red", "rebuild-access"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base, process)
    yield base, db_path
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
    if process.stderr:
        process.stderr.close()


def wait_until_up(base: str, process: subprocess.Popen, path: str = "/healthz") -> None:
    """Poll the server until it answers (fail with its stderr if it died or took 30 s)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}{path}", timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"gunicorn did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)


class Browser:
    """One person's session: cookies, CSRF token from each form, redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def submit(self, path: str, fields: dict[str, str]) -> tuple[str, str]:
        _, page = self.get(path)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert token, f"no CSRF token on {path}"
        data = urlencode({**fields, "csrf_token": token.group(1)}).encode()
        with self.opener.open(self.base + path, data=data, timeout=30) as response:
            return response.geturl(), response.read().decode()


def _ids(db_path: Path) -> dict[str, int]:
    conn = sqlite3.connect(db_path)
    try:
        actor = dict(conn.execute("SELECT slug, id FROM actors"))
        service_type = conn.execute("SELECT id FROM service_types ORDER BY id LIMIT 1").fetchone()
        person = conn.execute("SELECT id FROM entrepreneurs ORDER BY id LIMIT 1").fetchone()
        return {
            "ccc": actor["camara-de-comercio-de-cucuta"],
            "service_type": service_type[0],
            "person": person[0],
        }
    finally:
        conn.close()


def _authorise_both_actors(db_path: Path) -> None:
    """The person both teams serve gave each organisation their authorisation."""
    conn = sqlite3.connect(db_path)
    try:
        person = conn.execute("SELECT id FROM entrepreneurs ORDER BY id LIMIT 1").fetchone()[0]
        for slug in ("camara-de-comercio-de-cucuta", "sena"):
            conn.execute(
                "INSERT INTO consent_records (entrepreneur_id, policy_version, purpose_attention,"
                " purpose_statistics, purpose_communications, sensitive_data, channel,"
                " captured_at, actor_id) SELECT ?, '2026-01', 1, 0, 0, 0, 'presencial',"
                " CURRENT_TIMESTAMP, id FROM actors WHERE slug = ?",
                (person, slug),
            )
        conn.commit()
    finally:
        conn.close()


def _count(db_path: Path, sql: str) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def test_two_gunicorn_workers_writing_at_once_lose_nothing(server):
    base, db_path = server
    ids = _ids(db_path)
    services_before = _count(db_path, "SELECT count(*) FROM service_records")
    audit_before = _count(
        db_path,
        "SELECT count(*) FROM audit_log WHERE table_name = 'service_records' AND action = 'create'",
    )
    accounts = ("gestor.ccc@red.demo", "gestor.sena@red.demo")
    failures: list[str] = []
    start = threading.Barrier(len(accounts) * CLIENTS_PER_ACCOUNT)

    def staff_member(email: str, number: int) -> None:
        try:
            browser = Browser(base)
            landed, _ = browser.submit("/login", {"email": email, "password": PASSWORD})
            assert not landed.endswith("/login"), f"{email} could not log in"
            start.wait(30)
            for i in range(SERVICES_PER_CLIENT):
                landed, page = browser.submit(
                    f"/atenciones/nueva?persona={ids['person']}",
                    {
                        "entrepreneur_id": str(ids["person"]),
                        "service_type_id": str(ids["service_type"]),
                        "served_on": "2026-11-20",
                        "hours": "1",
                        "outcome": f"{email} cliente {number} atención {i}",
                    },
                )
                if not landed.endswith("/atenciones"):
                    failures.append(f"{email} #{number}.{i}: ended on {landed}")
        except (AssertionError, OSError, urllib.error.HTTPError) as error:
            failures.append(f"{email} #{number}: {error!r}")

    threads = [
        threading.Thread(target=staff_member, args=(email, n))
        for email in accounts
        for n in range(CLIENTS_PER_ACCOUNT)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)

    assert failures == []
    expected = len(accounts) * CLIENTS_PER_ACCOUNT * SERVICES_PER_CLIENT
    assert _count(db_path, "SELECT count(*) FROM service_records") == services_before + expected
    written = _count(
        db_path,
        "SELECT count(DISTINCT outcome) FROM service_records WHERE outcome LIKE '%cliente%'",
    )
    assert written == expected
    audit_after = _count(
        db_path,
        "SELECT count(*) FROM audit_log WHERE table_name = 'service_records' AND action = 'create'",
    )
    assert audit_after == audit_before + expected
    shutil.rmtree(db_path.parent, ignore_errors=True)
