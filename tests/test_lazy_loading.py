"""Relationships never load themselves (red/models/base.py, issue 18): a page that forgets an
eager load fails its test instead of running one query per row in production."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import selectinload

from red.models import Entrepreneur, ServiceRecord, Venture
from red.models.base import Base
from tests import factories as f

# The only relationships that load with their object, each because every use reads it.
EAGER = {
    "EventOrganizer.actor": "joined",  # whoever reads an event's organiser links reads the actors
    "User.actor": "joined",  # every page's header names the signed-in user's actor
}


def _strategies() -> dict[str, str]:
    return {
        f"{mapper.class_.__name__}.{rel.key}": rel.lazy
        for mapper in Base.registry.mappers
        for rel in mapper.relationships
    }


def test_every_relationship_raises_unless_listed_with_its_reason():
    strategies = _strategies()
    assert len(strategies) >= 70  # every model module is mapped
    assert set(EAGER) <= set(strategies)
    loads_itself = {
        name: lazy for name, lazy in strategies.items() if lazy != EAGER.get(name, "raise_on_sql")
    }
    assert loads_itself == {}


def test_an_unloaded_collection_raises_and_an_explicit_load_reads_it(db):
    person_id = f.person("Lucía", "Sin Carga").id
    db.session.add(Venture(entrepreneur_id=person_id, name="Arepas Lucía"))
    db.session.commit()
    db.session.expunge_all()  # a new request: nothing is in the session

    plain = db.session.scalar(select(Entrepreneur).where(Entrepreneur.id == person_id))
    with pytest.raises(InvalidRequestError, match="Entrepreneur.ventures.*raise_on_sql"):
        plain.ventures  # noqa: B018

    loaded = db.session.scalar(
        select(Entrepreneur)
        .where(Entrepreneur.id == person_id)
        .options(selectinload(Entrepreneur.ventures))
        .execution_options(populate_existing=True)
    )
    assert [v.name for v in loaded.ventures] == ["Arepas Lucía"]


def test_a_many_to_one_already_in_the_session_resolves_without_sql(db, count_queries):
    person = f.person("Mario", "En Sesión")
    person_id, record_id = person.id, f.service(f.ccc(), date(2026, 3, 2), who=person).id
    db.session.commit()
    db.session.expunge_all()

    record = db.session.scalar(select(ServiceRecord).where(ServiceRecord.id == record_id))
    with pytest.raises(InvalidRequestError, match="ServiceRecord.entrepreneur"):
        record.entrepreneur  # noqa: B018
    person = db.session.get(Entrepreneur, person_id)  # now in the identity map
    with count_queries() as counter:
        assert record.entrepreneur is person
    assert counter.count == 0
