"""SQLite opened the safe way: concurrent writers in separate processes lose no update.

Each process is a separate app with its own engine on the same database file, as two
gunicorn workers would be. Each does read → wait → write on one shared counter. With
pysqlite's default deferred transactions some increments are lost; with BEGIN IMMEDIATE
none are.
"""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

WORKERS = 6
INCREMENTS = 8


def _bump(database_url: str, increments: int) -> None:
    from sqlalchemy import select

    from red import create_app
    from red.config import TestConfig
    from red.extensions import db
    from red.models import Indicator

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        for _ in range(increments):
            indicator = db.session.scalar(select(Indicator).where(Indicator.code == "COUNTER"))
            current = indicator.baseline_year
            time.sleep(0.002)
            indicator.baseline_year = current + 1
            db.session.commit()


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite-specific")
def test_concurrent_writers_lose_no_update(tmp_path):
    from red import create_app
    from red.config import TestConfig
    from red.extensions import db
    from red.models import Indicator

    url = f"sqlite:///{tmp_path / 'concurrency.db'}"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.create_all()
        db.session.add(
            Indicator(code="COUNTER", kind="producto", table_number=0, name="c", baseline_year=0)
        )
        db.session.commit()
        assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "wal"

    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_bump, args=(url, INCREMENTS)) for _ in range(WORKERS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
        assert process.exitcode == 0

    with app.app_context():
        db.session.expire_all()
        counter = db.session.scalar(db.select(Indicator).where(Indicator.code == "COUNTER"))
        assert counter.baseline_year == WORKERS * INCREMENTS
