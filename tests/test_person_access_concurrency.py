"""Two transactions refreshing the same person's access at once, on PostgreSQL.

Two actors' staff log a service to the same person at the same moment. Each flush
recomputes the person's person_access rows (delete, then insert from the rule). Without
the row lock in refresh_people, the second transaction re-inserts a pair the first one
committed and fails with a duplicate key; with it, they take turns and the table ends up
equal to the rule. SQLite runs one writer at a time, so this is PostgreSQL only.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import date

import pytest
from sqlalchemy import create_engine, delete, func, select
from sqlalchemy.orm import Session

from red.config import normalise_database_url
from red.models import Actor, AuditEntry, Entrepreneur, PersonAccess, ServiceRecord, ServiceType

URL = os.environ.get("TEST_DATABASE_URL")
pytestmark = pytest.mark.skipif(not URL or not URL.startswith("postgres"), reason="PostgreSQL only")


def test_concurrent_refreshes_of_one_person_take_turns():
    engine = create_engine(normalise_database_url(URL))
    created: dict[str, list[int]] = {"actors": [], "people": []}
    with Session(engine) as session:
        audit_before = session.scalar(select(func.max(AuditEntry.id))) or 0
        actors = [
            Actor(slug=f"conc-{n}", name=f"Actor concurrente {n}", email=f"{n}@conc.test")
            for n in ("z", "x", "y")
        ]
        session.add_all(actors)
        session.flush()
        person = Entrepreneur(
            doc_type="13",
            doc_number="1099888777",
            first_names="Concurrente",
            last_names="Prueba",
            registered_by_actor_id=actors[0].id,  # a pair both refreshes recompute
        )
        session.add(person)
        session.commit()
        service_type = session.scalar(select(ServiceType.id).limit(1))
        created["actors"] = [a.id for a in actors]
        created["people"] = [person.id]
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def serve(actor_id: int) -> None:
        try:
            with Session(engine) as session:
                start.wait(10)
                session.add(
                    ServiceRecord(
                        actor_id=actor_id,
                        entrepreneur_id=created["people"][0],
                        service_type_id=service_type,
                        served_on=date(2026, 11, 20),
                    )
                )
                session.flush()  # refreshes the person's access, inside the transaction
                time.sleep(0.3)  # keep it open so the other one overlaps
                session.commit()
        except BaseException as error:  # noqa: BLE001  (reported below)
            errors.append(error)

    threads = [threading.Thread(target=serve, args=(a,)) for a in created["actors"][1:]]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert errors == []
        with Session(engine) as session:
            pairs = set(
                session.execute(
                    select(PersonAccess.actor_id).where(
                        PersonAccess.entrepreneur_id == created["people"][0]
                    )
                ).scalars()
            )
        assert pairs == set(created["actors"])
    finally:
        with engine.begin() as connection:  # Core statements: no audit rows of their own
            person_ids = created["people"]
            connection.execute(
                delete(ServiceRecord).where(ServiceRecord.entrepreneur_id.in_(person_ids))
            )
            connection.execute(delete(Entrepreneur).where(Entrepreneur.id.in_(person_ids)))
            connection.execute(delete(Actor).where(Actor.id.in_(created["actors"])))
            connection.execute(delete(AuditEntry).where(AuditEntry.id > audit_before))
        engine.dispose()
