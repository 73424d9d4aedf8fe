"""End to end through Redis: the web app enqueues into RedisHuey, a real `huey_consumer`
process runs the job against the same database, the job page's JSON status reports it.

Uses the Redis server of 127.0.0.1:6379, database 1 (TEST_REDIS_URL overrides it), under a
queue name of its own. Without Redis the test is skipped with a message, unless
REQUIRE_REDIS=1 (CI) makes that a failure — as the rate-limit tests do.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.pool import NullPool

from tests import factories as f

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
ROOT = Path(__file__).resolve().parent.parent


def _redis_or_skip() -> None:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as error:  # noqa: BLE001 - any failure means "no Redis here"
        message = (
            f"Redis no disponible en {REDIS_URL} ({error}): prueba de trabajos con Redis omitida"
        )
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(message)
        pytest.skip(message)


def _row(number: str, first: str = "Redis", last: str = "Prueba") -> list[str]:
    """A services row the demo data accepts (no world() here: the real consumer's database)."""
    kind = {"tipo_atencion": "formacion", "municipio": "Cúcuta", "horas": "1"}
    return f.service_row(number, first, last, **kind)


@pytest.fixture
def redis_queue(monkeypatch):
    """Switch this process's Huey from immediate mode to Redis, under a queue name of its
    own (the consumer started by the test uses the same name). Call it after building the
    test's app: building an app with TestConfig turns immediate mode back on."""
    _redis_or_skip()
    from huey.storage import RedisStorage

    from red.jobs import huey

    name = f"red-test-{uuid.uuid4().hex[:8]}"
    storage = RedisStorage(name, url=REDIS_URL)

    def switch() -> str:
        monkeypatch.setattr(huey, "_immediate", False)
        monkeypatch.setattr(huey, "storage", storage)
        monkeypatch.setattr(huey, "name", name)
        return name

    yield switch
    storage.flush_all()


def _wait(client, job_id: int, seconds: float = 90) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = client.get(f"/trabajos/{job_id}/estado").get_json()
        if not state["running"]:
            return state
        time.sleep(0.3)
    raise AssertionError(f"the job did not end within {seconds} s: {state}")


def test_an_import_runs_in_a_real_consumer_through_redis(tmp_path, redis_queue):
    from red import create_app
    from red.config import TestConfig
    from red.extensions import db
    from red.models import Entrepreneur, Job, ServiceRecord, User
    from red.seed.demo import seed_demo
    from red.services import accounts

    database = tmp_path / "red.db"
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
        SQLALCHEMY_ENGINE_OPTIONS={"poolclass": NullPool},
        JOBS_DIR=str(tmp_path / "jobs"),
    )
    with app.app_context():
        db.create_all()
        seed_demo(db.session)
        staff = db.session.scalar(select(User).where(User.email == "gestor.ccc@red.demo"))
        session_id = accounts.open_session(db.session, staff, timedelta(hours=1))
        db.session.commit()
    queue = redis_queue()
    env = {
        **os.environ,
        "REDIS_URL": REDIS_URL,
        "HUEY_NAME": queue,
        "DATABASE_URL": f"sqlite:///{database}",
        "JOBS_DIR": str(tmp_path / "jobs"),
        "RED_ENV": "development",
        "SECRET_KEY": app.config["SECRET_KEY"],
    }
    consumer = subprocess.Popen(
        [str(Path(sys.executable).parent / "huey_consumer"), "red.jobs.huey", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = session_id
            session["_fresh"] = True
        upload = client.post(
            "/atenciones/importar",
            data={
                "file": (
                    io.BytesIO(
                        f.workbook(
                            f.SERVICE_COLUMNS, [_row("1090888001"), _row("1090888002", "Otra")]
                        )
                    ),
                    "redis.xlsx",
                )
            },
            content_type="multipart/form-data",
        )
        assert upload.status_code == 302
        job_id = int(upload.headers["Location"].rsplit("/", 1)[1])
        with app.app_context():  # short: an open transaction would hold SQLite's writer
            assert db.session.get(Job, job_id).status in ("queued", "checking", "writing", "done")
            db.session.rollback()
        state = _wait(client, job_id)
        assert state["status"] == "done", state
        assert state["rows_written"] == 2
        with app.app_context():
            imported = (
                select(func.count(ServiceRecord.id))
                .join(Entrepreneur, Entrepreneur.id == ServiceRecord.entrepreneur_id)
                .where(Entrepreneur.doc_number.in_(["1090888001", "1090888002"]))
            )
            assert db.session.scalar(imported) == 2
            db.session.rollback()
        page = client.get(f"/trabajos/{job_id}").get_data(as_text=True)
        assert "Se importaron 2 atenciones" in page
    finally:
        consumer.terminate()
        try:
            output = consumer.communicate(timeout=20)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            consumer.kill()
            output = consumer.communicate()[0].decode(errors="replace")
    assert "run_job" in output, output[-2000:]
