"""Real constraints in the database, identical on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from red.models import Actor, Entrepreneur, Program, Referral, User


def _flush_fails(db, *objects):
    db.session.add_all(objects)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_document_type_and_number_are_unique(db):
    db.session.add(
        Entrepreneur(doc_type="13", doc_number="77001122", first_names="A", last_names="B")
    )
    db.session.flush()
    _flush_fails(
        db, Entrepreneur(doc_type="13", doc_number="77001122", first_names="C", last_names="D")
    )


def test_same_number_with_another_document_type_is_another_person(db):
    db.session.add_all(
        [
            Entrepreneur(doc_type="13", doc_number="55001122", first_names="A", last_names="B"),
            Entrepreneur(doc_type="48", doc_number="55001122", first_names="C", last_names="D"),
        ]
    )
    db.session.flush()


def test_unknown_document_type_is_refused(db):
    _flush_fails(db, Entrepreneur(doc_type="99", doc_number="1", first_names="A", last_names="B"))


def test_program_status_is_checked(db):
    owner = Actor(slug="o", name="O", kind="gremio")
    _flush_fails(db, owner, Program(slug="p", name="P", owner=owner, status="inventado"))


def test_program_call_dates_are_ordered(db):
    owner = Actor(slug="o2", name="O", kind="gremio")
    bad = Program(
        slug="p2", name="P", owner=owner, opens_on=date(2026, 5, 1), closes_on=date(2026, 4, 1)
    )
    _flush_fails(db, owner, bad)


def test_rejected_referral_needs_a_reason(db):
    owner = Actor(slug="o3", name="O", kind="gremio")
    person = Entrepreneur(doc_type="13", doc_number="99887766", first_names="A", last_names="B")
    referral = Referral(
        code="RTEST0001",
        entrepreneur=person,
        source="ruta",
        to_actor=owner,
        need="x",
        status="rechazada",
        response_due_on=date(2026, 1, 1),
    )
    _flush_fails(db, owner, person, referral)


def test_staff_account_needs_an_actor(db):
    _flush_fails(db, User(email="s@x.co", full_name="S", password_hash="x", role="actor_staff"))


def test_foreign_keys_are_enforced(db):
    _flush_fails(db, Program(slug="huerfano", name="P", owner_id=999999))
