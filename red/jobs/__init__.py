"""Red's background work: ONE Huey instance for the whole application, `red.jobs.huey`.

Where the queue lives:
- by default `SqliteHuey` on `instance/huey.db` (embedded: `make run` starts one consumer
  beside the web server, nothing else to install);
- `RedisHuey` on `REDIS_URL` when that is set (production, one or more consumers);
- tests switch it to immediate mode (`TestConfig.JOBS_IMMEDIATE`): a task runs inside the
  call that enqueues it, in the test's own transaction.

Run the consumer with `huey_consumer red.jobs.huey` (see the README). Tasks that touch the
database use `@app_task(...)` instead of `@huey.task(...)`: the function then runs inside a
Flask app context with its own session, as the consumer has no request. Periodic tasks
(`@app_periodic_task(crontab(...))`) go in a module listed in TASK_MODULES, so the consumer
imports them when it loads this package.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey

from red.config import INSTANCE_DIR

# Modules that define tasks; the consumer imports them through this package.
TASK_MODULES = ("red.jobs.tasks", "red.jobs.reminders", "red.jobs.mail")


def make_huey(environ: Mapping[str, str] = os.environ) -> Huey:
    """RedisHuey when REDIS_URL is set, else SqliteHuey in instance/ (HUEY_SQLITE_PATH)."""
    name = environ.get("HUEY_NAME", "red")
    redis_url = environ.get("REDIS_URL")
    if redis_url:
        return RedisHuey(name, url=redis_url, utc=True)
    path = Path(environ.get("HUEY_SQLITE_PATH") or INSTANCE_DIR / "huey.db")
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=str(path), utc=True)


huey = make_huey()

_consumer_app = None


def job_app():
    """The Flask app a task runs in: the current one (immediate mode: tests, a CLI command)
    or one built once per consumer process from the same environment as the web server."""
    global _consumer_app
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app._get_current_object()
    if _consumer_app is None:
        from red import create_app

        _consumer_app = create_app()
    return _consumer_app


def in_app_context(function: Callable[..., Any]) -> Callable[..., Any]:
    """Run `function` inside an app context of its own, with a session that is closed after."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        from red.extensions import db

        with job_app().app_context():
            try:
                return function(*args, **kwargs)
            finally:
                db.session.remove()

    return run


def app_task(*args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
    """@huey.task(...) for functions that use the database (see the module docstring)."""

    def decorate(function: Callable[..., Any]) -> Any:
        return huey.task(*args, **kwargs)(in_app_context(function))

    return decorate


def app_periodic_task(validate_datetime: Callable, **kwargs: Any) -> Callable:
    """@huey.periodic_task(crontab(...)) for functions that use the database."""

    def decorate(function: Callable[..., Any]) -> Any:
        return huey.periodic_task(validate_datetime, **kwargs)(in_app_context(function))

    return decorate


def init_app(app) -> None:
    """Immediate mode when the configuration asks for it (tests). Never switched back off:
    another app built later in the same process (a test's own) must not undo it."""
    if app.config.get("JOBS_IMMEDIATE"):
        huey.immediate = True


for _module in TASK_MODULES:
    importlib.import_module(_module)
