"""Settings read from the environment, one class per environment."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def load_or_create_secret_key(instance_dir: Path) -> str:
    """Return SECRET_KEY from the environment or from instance/secret_key.

    A missing key is generated once and kept in instance/ so sessions survive restarts
    without a constant ever living in the code.
    """
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    instance_dir.mkdir(parents=True, exist_ok=True)
    key_file = instance_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the common way."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _positive_int(value: str | None, default: int) -> int:
    try:
        return max(int(value or default), 1)
    except ValueError:
        return default


def _non_negative_int(value: str | None, default: int) -> int:
    try:
        return max(int(value if value not in (None, "") else default), 0)
    except ValueError:
        return default


class Config:
    """Production-safe defaults; everything a deployment changes comes from the environment."""

    TESTING = False
    # "production" unless told otherwise: dangerous commands refuse and a multi-worker
    # server needs shared rate-limit storage. `make run` and the benchmark say "development".
    RED_ENV = os.environ.get("RED_ENV", "production")
    # Worker processes serving the app: gunicorn's own WEB_CONCURRENCY, which gunicorn.conf.py
    # sets to the real --workers value before any worker starts.
    WORKERS = _positive_int(os.environ.get("WEB_CONCURRENCY"), 1)
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'red.db'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # PostgreSQL per connection (red/database.py): a statement running longer than this is
    # cancelled and the request answers the Spanish 503 page instead of holding a worker;
    # a transaction left idle this long is ended. Milliseconds; 0 turns either off. CLI
    # commands (migrations, seeding, backups) run without the statement limit.
    DB_STATEMENT_TIMEOUT_MS = _non_negative_int(os.environ.get("DB_STATEMENT_TIMEOUT_MS"), 10000)
    DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = _non_negative_int(
        os.environ.get("DB_IDLE_IN_TRANSACTION_TIMEOUT_MS"), 60000
    )
    # Connections each worker process keeps (a sync gunicorn worker serves one request at a
    # time; gthread workers one per thread): threads + 1 by default, so the whole server
    # holds workers × (DB_POOL_SIZE + DB_MAX_OVERFLOW) at most. Keep that under the server's
    # max_connections (100 by default) with room for migrations and psql.
    WORKER_THREADS = _positive_int(os.environ.get("WORKER_THREADS"), 1)
    DB_POOL_SIZE = _positive_int(os.environ.get("DB_POOL_SIZE"), WORKER_THREADS + 1)
    DB_MAX_OVERFLOW = _non_negative_int(os.environ.get("DB_MAX_OVERFLOW"), 2)
    # Seconds a request waits for a free connection before the 503 page.
    DB_POOL_TIMEOUT = _positive_int(os.environ.get("DB_POOL_TIMEOUT"), 10)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_DURATION = timedelta(days=7)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_HOURS", "8")))
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "20 per minute")
    # Per IP address, for the public APIs (/api/v1 and /api/hsds).
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300 per minute")
    # Licence of the open data (/datos, the HSDS package and API): CC BY 4.0 unless set.
    OPEN_DATA_LICENSE_ID = os.environ.get("OPEN_DATA_LICENSE_ID", "CC-BY-4.0")
    OPEN_DATA_LICENSE_NAME = os.environ.get(
        "OPEN_DATA_LICENSE_NAME", "Creative Commons Atribución 4.0 Internacional (CC BY 4.0)"
    )
    OPEN_DATA_LICENSE_URL = os.environ.get(
        "OPEN_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/deed.es"
    )
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
    LOGIN_LOCK_MINUTES = int(os.environ.get("LOGIN_LOCK_MINUTES", "15"))
    BOOTSTRAP_SERVE_LOCAL = True
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "console")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0") == "1"
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "no-responder@red.local")
    # Where links in e-mails point (and calendar feeds): the address people use to reach Red.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/")
    # Reminders (flask red tick): days before a commitment's due date; business days past a
    # referral's deadline before the núcleo is told.
    COMMITMENT_REMINDER_DAYS = int(os.environ.get("COMMITMENT_REMINDER_DAYS", "3"))
    REFERRAL_ESCALATION_DAYS = int(os.environ.get("REFERRAL_ESCALATION_DAYS", "5"))
    REMINDER_LOOKBACK_DAYS = int(os.environ.get("REMINDER_LOOKBACK_DAYS", "30"))
    PRIVACY_POLICY_VERSION = "2026-01"
    # Roles that must use a second factor (TOTP); member staff may opt in.
    TOTP_REQUIRED_ROLES = tuple(
        r for r in os.environ.get("TOTP_REQUIRED_ROLES", "admin,nucleo").split(",") if r
    )
    TOTP_ISSUER = "Red Emprendimiento NdS"
    HSTS = os.environ.get("HSTS", "0") == "1"
    # Background jobs (red/jobs): the queue is Huey's (REDIS_URL or instance/huey.db); the
    # files jobs read and write live here. Imports above these limits are refused up front.
    JOBS_DIR = os.environ.get("JOBS_DIR") or str(INSTANCE_DIR / "jobs")
    JOBS_IMMEDIATE = False
    IMPORT_MAX_BYTES = _positive_int(os.environ.get("IMPORT_MAX_MB"), 10) * 1024 * 1024
    IMPORT_MAX_ROWS = _positive_int(os.environ.get("IMPORT_MAX_ROWS"), 200_000)
    # Exports with more rows than this are background jobs (a link on the job page).
    EXPORT_INLINE_ROWS = _positive_int(os.environ.get("EXPORT_INLINE_ROWS"), 5_000)


class TestConfig(Config):
    """Test runs: a throwaway database unless TEST_DATABASE_URL points at PostgreSQL."""

    TESTING = True
    RED_ENV = "test"
    WORKERS = 1
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("TEST_DATABASE_URL", "sqlite://")
    )
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    SERVER_NAME = None
    # Tests of other areas log in with the session directly; the 2FA tests turn this on.
    TOTP_REQUIRED_ROLES: tuple[str, ...] = ()
    # Jobs run inside the call that enqueues them, in the test's transaction.
    JOBS_IMMEDIATE = True
    JOBS_DIR = None  # conftest points it at a temporary folder
