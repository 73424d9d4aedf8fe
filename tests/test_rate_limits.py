"""Per-IP limits (Flask-Limiter), in memory and once more against the Redis server that
several gunicorn workers share; and the refusal to start a multi-worker production server
whose limits would be counted per worker.

The Redis runs use redis://127.0.0.1:6379/1 (TEST_REDIS_URL overrides it). Without a Redis
server they are skipped with a message, unless REQUIRE_REDIS=1 (CI) makes that a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from red.deployment import DeploymentError, check, rate_limit_storage_problem
from red.extensions import limiter
from red.models import Program

ROOT = Path(__file__).resolve().parent.parent
# Limits here are "per day": Flask-Limiter's fixed windows start on the clock, and a test
# that straddled the start of a minute would see its count go back to zero.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


def _redis_problem() -> str | None:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as error:  # no client library, no server, wrong database…
        return f"{type(error).__name__}: {error}"
    return None


@pytest.fixture(params=["memory", "redis"])
def storage(request, app):
    """The limiter counting in this process's memory, then in Redis (as in production)."""
    if request.param == "memory":
        yield "memory://"
        return
    problem = _redis_problem()
    if problem:
        message = f"Redis no disponible en {REDIS_URL} ({problem}): pruebas con Redis omitidas"
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    app.config["RATELIMIT_STORAGE_URI"] = REDIS_URL
    limiter.init_app(app)  # re-points the limiter's storage; hooks are not added twice
    limiter.reset()
    try:
        yield REDIS_URL
    finally:
        limiter.reset()
        app.config["RATELIMIT_STORAGE_URI"] = "memory://"
        limiter.init_app(app)


@pytest.fixture
def config_value(app):
    """Set an app setting for one test."""
    saved = {}

    def _set(name, value):
        saved.setdefault(name, app.config.get(name))
        app.config[name] = value

    yield _set
    for name, value in saved.items():
        app.config[name] = value


def _post_login(client, n: int, ip: str = "203.0.113.7"):
    return client.post(
        "/login",
        data={"email": f"nadie{n}@ejemplo.co", "password": "x"},
        environ_base={"REMOTE_ADDR": ip},
    )


def test_login_limit_per_ip(client, storage, config_value):
    config_value("LOGIN_RATE_LIMIT", "3 per day")
    codes = [_post_login(client, n).status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]
    assert limiter.storage.__class__.__name__.lower().startswith(storage.split(":")[0])


def test_limit_counts_each_ip_apart(client, storage, config_value):
    config_value("LOGIN_RATE_LIMIT", "2 per day")
    assert [_post_login(client, n).status_code for n in range(3)] == [200, 200, 429]
    assert _post_login(client, 9, ip="198.51.100.20").status_code == 200


def test_public_forms_are_limited(client, db, storage, config_value):
    config_value("RUTA_TRACKING_RATE_LIMIT", "2 per day")
    config_value("RUTA_JOIN_RATE_LIMIT", "2 per day")
    tracking = [client.post("/ruta/seguimiento", data={}).status_code for _ in range(3)]
    assert 429 not in tracking[:2] and tracking[2] == 429
    slug = db.session.scalar(select(Program.slug).where(Program.status == "publicado").limit(1))
    joins = [client.post(f"/ruta/{slug}/inscribirse", data={}).status_code for _ in range(3)]
    assert 429 not in joins[:2] and joins[2] == 429


def test_limit_page_is_spanish(client, storage, config_value):
    config_value("LOGIN_RATE_LIMIT", "1 per day")
    _post_login(client, 1)
    page = _post_login(client, 2)
    assert page.status_code == 429 and "Demasiados intentos" in page.get_data(as_text=True)


# --- several workers ------------------------------------------------------------------------

PRODUCTION = {"RED_ENV": "production", "RATELIMIT_ENABLED": True}


@pytest.mark.parametrize(
    ("settings", "workers", "refused"),
    [
        ({**PRODUCTION, "RATELIMIT_STORAGE_URI": "memory://"}, 2, True),
        ({**PRODUCTION, "RATELIMIT_STORAGE_URI": None}, 4, True),
        ({**PRODUCTION, "RATELIMIT_STORAGE_URI": "memory://"}, 1, False),
        ({**PRODUCTION, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}, 4, False),
        ({"RED_ENV": "development", "RATELIMIT_STORAGE_URI": "memory://"}, 2, False),
        ({**PRODUCTION, "RATELIMIT_ENABLED": False}, 2, False),
    ],
)
def test_multi_worker_production_needs_shared_storage(settings, workers, refused):
    assert (rate_limit_storage_problem(settings, workers) is not None) is refused
    if refused:
        with pytest.raises(DeploymentError, match="RATELIMIT_STORAGE_URI"):
            check(settings, workers)


def test_create_app_refuses_several_workers_with_memory_storage():
    from red import create_app
    from red.config import TestConfig

    with pytest.raises(DeploymentError, match="workers de gunicorn en producción"):
        create_app(TestConfig, RED_ENV="production", WORKERS=3, RATELIMIT_STORAGE_URI="memory://")


def _gunicorn(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    binary = Path(sys.executable).parent / "gunicorn"
    if not binary.exists():
        pytest.skip("gunicorn no está instalado")
    return subprocess.run(
        [str(binary), *args, "-b", "127.0.0.1:0", "wsgi:app"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("how", [["-w", "2"], ["--workers=3"], []])
def test_gunicorn_refuses_to_start(how, tmp_path):
    """`gunicorn -w 2 wsgi:app` (or WEB_CONCURRENCY=2) in production, no shared storage."""
    env = {k: v for k, v in os.environ.items() if k != "RATELIMIT_STORAGE_URI"}
    env.update(
        RED_ENV="production",
        DATABASE_URL=f"sqlite:///{tmp_path / 'red.db'}",
        SECRET_KEY="gunicorn-refusal-test-key",
        WEB_CONCURRENCY="2" if not how else "1",
    )
    result = _gunicorn(how, env)
    assert result.returncode != 0
    assert "RATELIMIT_STORAGE_URI" in result.stderr and "workers" in result.stderr


def test_two_gunicorn_workers_share_the_limit_through_redis(tmp_path):
    """Production, two workers, limits in Redis: the fourth login from one IP is refused
    whichever worker answers it (with memory storage each worker would allow three)."""
    problem = _redis_problem()
    if problem:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis no disponible en {REDIS_URL}: {problem}")
        pytest.skip(f"Redis no disponible en {REDIS_URL} ({problem})")
    import redis

    from tests.test_gunicorn_writers import Browser, _free_port, wait_until_up

    redis.Redis.from_url(REDIS_URL).flushdb()  # the test's own database number
    env = {
        **os.environ,
        "RED_ENV": "production",
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "LOGIN_RATE_LIMIT": "3 per day",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'red.db'}",
        "SECRET_KEY": "gunicorn-redis-limit-test-key",
    }
    create_tables = (
        "from red import create_app; from red.extensions import db; app = create_app()\n"
    )
    create_tables += "with app.app_context(): db.create_all()"
    subprocess.run([sys.executable, "-c", create_tables], cwd=ROOT, env=env, check=True)
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
         "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base, server, "/login")
        codes = [_login_status(Browser(base), n) for n in range(4)]
    finally:
        server.terminate()
        server.wait(10)
        server.stderr.close()
    assert codes == [200, 200, 200, 429]


def _login_status(browser, n: int) -> int:
    """A fresh browser (its own connection and CSRF token) tries one wrong password."""
    import urllib.error

    try:
        browser.submit("/login", {"email": f"nadie{n}@ejemplo.co", "password": "x"})
    except urllib.error.HTTPError as error:
        return error.code
    return 200
