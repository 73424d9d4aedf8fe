"""Shared rules: business days, documents, one person per document, consent, referral states."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from red.models import Actor, Entrepreneur, ReferralStatusChange
from red.services import people, referrals
from red.services.calendar import add_business_days, business_days_between, is_business_day
from red.services.documents import DocumentError, normalise_document, normalise_nit


def test_weekends_and_colombian_holidays_are_not_business_days():
    assert not is_business_day(date(2026, 11, 28))  # Saturday
    assert not is_business_day(date(2026, 12, 8))  # Inmaculada Concepción
    assert not is_business_day(date(2026, 11, 16))  # Independencia de Cartagena (moved)
    assert is_business_day(date(2026, 11, 26))


def test_add_business_days_skips_weekends_and_holidays():
    assert add_business_days(date(2026, 11, 27), 5) == date(2026, 12, 4)  # Fri → Fri
    # 8 December is a holiday: Fri 4 Dec + 5 business days → Mon 14 Dec? 7,9,10,11,14
    assert add_business_days(date(2026, 12, 4), 5) == date(2026, 12, 14)
    assert add_business_days(date(2026, 11, 28), 1) == date(2026, 11, 30)  # from Saturday
    assert business_days_between(date(2026, 11, 27), date(2026, 12, 4)) == 5


def test_nit_check_digit():
    assert normalise_nit("800.103.927-7") == "800103927-7"
    with pytest.raises(DocumentError, match="dígito de verificación"):
        normalise_nit("800.103.927-3")


@pytest.mark.parametrize(
    ("doc_type", "raw", "stored"),
    [
        ("13", "1.090.123.456", "1090123456"),
        ("48", " 5551234 ", "5551234"),
        ("41", "ab-12345", "AB12345"),
    ],
)
def test_documents_are_normalised(doc_type, raw, stored):
    assert normalise_document(doc_type, raw) == stored


@pytest.mark.parametrize(
    ("doc_type", "raw"), [("13", "12a45"), ("13", "12"), ("99", "123456"), ("13", "")]
)
def test_bad_documents_are_refused_in_spanish(doc_type, raw):
    with pytest.raises(DocumentError):
        normalise_document(doc_type, raw)


def test_register_person_never_duplicates(db):
    first = people.register_person(
        db.session, doc_type="13", doc_number="1.093.555.111", first_names="Ana", last_names="Pérez"
    )
    again = people.register_person(
        db.session,
        doc_type="13",
        doc_number="1093555111",
        first_names="Otra",
        last_names="Cosa",
        phone="3001234567",
    )
    assert first.created and not again.created
    assert again.person.id == first.person.id
    assert again.person.first_names == "Ana"  # not overwritten
    assert again.person.phone == "3001234567"  # blank filled
    count = db.session.scalar(
        select(func.count(Entrepreneur.id)).where(Entrepreneur.doc_number == "1093555111")
    )
    assert count == 1


def test_search_column_is_accent_folded(db):
    person = people.register_person(
        db.session,
        doc_type="13",
        doc_number="1093555112",
        first_names="José Ñuño",
        last_names="Peña",
    ).person
    assert person.name_norm == "jose nuno pena"


def test_consent_is_required_and_minors_need_a_representative(db):
    person = people.register_person(
        db.session,
        doc_type="12",
        doc_number="1093555113",
        first_names="Niña",
        last_names="Prueba",
        birth_date=date(2015, 5, 1),
    ).person
    with pytest.raises(people.ConsentError, match="autorización"):
        people.record_consent(
            db.session, person, channel="web", policy_version="2026-01", purpose_attention=False
        )
    with pytest.raises(people.ConsentError, match="representante legal"):
        people.record_consent(
            db.session, person, channel="web", policy_version="2026-01", purpose_attention=True
        )
    consent = people.record_consent(
        db.session,
        person,
        channel="web",
        policy_version="2026-01",
        purpose_attention=True,
        legal_representative="Madre Prueba",
    )
    assert consent.id and consent.captured_at


def test_sensitive_data_needs_its_own_consent(db):
    person = people.register_person(
        db.session, doc_type="13", doc_number="1093555114", first_names="A", last_names="B"
    ).person
    with pytest.raises(people.ConsentError):
        people.set_sensitive_data(person, is_conflict_victim=True)
    people.record_consent(
        db.session,
        person,
        channel="presencial",
        policy_version="2026-01",
        purpose_attention=True,
        sensitive_data=True,
    )
    people.set_sensitive_data(person, is_conflict_victim=True)
    assert person.is_conflict_victim is True


@pytest.fixture
def two_actors(db):
    a = Actor(slug="actor-a-test", name="Actor A", kind="gremio")
    b = Actor(slug="actor-b-test", name="Actor B", kind="academia")
    person = Entrepreneur(doc_type="13", doc_number="1093555115", first_names="P", last_names="Q")
    db.session.add_all([a, b, person])
    db.session.flush()
    return a, b, person


def test_send_referral_sets_deadline_and_history(db, two_actors):
    a, b, person = two_actors
    referral = referrals.send_referral(
        db.session,
        person=person,
        from_actor_id=a.id,
        to_actor_id=b.id,
        need="Formalización",
        sent_on=date(2026, 11, 27),
    )
    assert referral.status == "enviada"
    assert referral.response_due_on == date(2026, 12, 4)
    assert referral.code.startswith("R-")
    assert referral.data_sharing_authorized_at is not None
    steps = db.session.scalars(
        select(ReferralStatusChange).where(ReferralStatusChange.referral_id == referral.id)
    ).all()
    assert [(s.from_status, s.to_status) for s in steps] == [(None, "enviada")]


def test_referral_to_itself_is_refused(db, two_actors):
    a, _b, person = two_actors
    with pytest.raises(referrals.ReferralError):
        referrals.send_referral(
            db.session, person=person, from_actor_id=a.id, to_actor_id=a.id, need="x"
        )


LEGAL = [(s, t) for s, targets in referrals.TRANSITIONS.items() for t in targets]
ILLEGAL = [
    (s, t)
    for s in referrals.TRANSITIONS
    for t in referrals.TRANSITIONS
    if t not in referrals.TRANSITIONS[s]
]


def _referral_in(db, two_actors, status):
    a, b, person = two_actors
    referral = referrals.send_referral(
        db.session, person=person, from_actor_id=a.id, to_actor_id=b.id, need="x"
    )
    referral.status = status
    if status == "rechazada":
        referral.rejection_reason = "motivo"
    db.session.flush()
    return referral


@pytest.mark.parametrize(("source", "target"), LEGAL)
def test_legal_transitions(db, two_actors, source, target):
    referral = _referral_in(db, two_actors, source)
    referrals.transition_referral(db.session, referral, target, user_id=None, reason="porque sí")
    assert referral.status == target


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_illegal_transitions_are_refused(db, two_actors, source, target):
    referral = _referral_in(db, two_actors, source)
    with pytest.raises(referrals.ReferralError, match="No se puede pasar"):
        referrals.transition_referral(db.session, referral, target, user_id=None, reason="x")
    assert referral.status == source


def test_rejection_needs_a_reason_and_counts_as_answer(db, two_actors):
    referral = _referral_in(db, two_actors, "enviada")
    with pytest.raises(referrals.ReferralError, match="motivo"):
        referrals.transition_referral(db.session, referral, "rechazada", user_id=None)
    referrals.transition_referral(
        db.session, referral, "rechazada", user_id=None, reason="Fuera de cobertura"
    )
    assert referral.answered_at is not None and referral.rejection_reason == "Fuera de cobertura"
