"""Supresión (Ley 1581) removes the person everywhere Red keeps data.

A person with a rich history — a public join request, two ventures, services, referrals
with their status history, an event registration, consents, a rights request, an account
with a failed login and an open session, a duplicate record merged into theirs, edits in
the audit log — is anonymised through the admin's page. Then every column of every table of
the database (whatever tables exist by then: the inspector lists them, FTS5 shadow tables
included on SQLite; blobs and JSON read as text) is searched for the person's identifiers:
none may be left. The audit log keeps who, when and what action.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import inspect, select, text

from red.models import (
    AuditEntry,
    ConsentRecord,
    Entrepreneur,
    Event,
    LoginFailure,
    Participation,
    Program,
    Referral,
    ReferralStatusChange,
    RightsRequest,
    ServiceRecord,
    ServiceType,
    User,
    Venture,
)
from red.models.base import utcnow
from red.services.accounts import hash_password, open_session
from red.text import fold
from tests import factories as f
from tests.conftest import put_session

FIRST, LAST = "Eudocia Marleny", "Quiñónez Betancourth"
DOC, DUPLICATE_DOC = "1093456789", "1093456780"
EMAIL, PHONE = "eudocia.betancourth@correo.co", "3157779911"
ADDRESS = "Calle 9 # 12-34 Barrio Caobos"
VENTURES = ("Arepas Eudocia del Zulia", "Tejidos Marleny")
# What must be gone, folded (accents and case do not hide anything).
IDENTIFIERS = (
    "eudocia",
    "marleny",
    "betancourth",
    DOC,
    DUPLICATE_DOC,
    "1.093.456.789",
    EMAIL,
    PHONE,
    "315 777 9911",
    "caobos",
    "arepas eudocia",
    "tejidos marleny",
)


def _rich_history(client, db) -> Entrepreneur:
    """The person and everything Red records about them, through the ways records come in."""
    ccc, sena = f.stored_actor("camara-de-comercio-de-cucuta"), f.stored_actor("sena")
    program = db.session.scalar(
        select(Program).where(Program.owner_id == ccc.id, Program.status == "publicado")
    )
    program.capacity = None
    program.opens_on = program.closes_on = None
    db.session.commit()
    joined = client.post(
        f"/ruta/{program.slug}/inscribirse",
        data={
            "doc_type": "13",
            "doc_number": "1.093.456.789",
            "first_names": FIRST,
            "last_names": LAST,
            "email": EMAIL,
            "phone": PHONE,
            "municipality_code": "54001",
            "venture_name": VENTURES[0],
            "need": f"Soy {FIRST} y necesito capital para {VENTURES[0]}.",
            "consent_attention": "y",
        },
    )
    assert joined.status_code == 302, joined.get_data(as_text=True)[:2000]
    # The request waits on what was declared until the Cámara's staff confirm who she is.
    staff = db.session.scalar(select(User).where(User.email == "gestor.ccc@red.demo"))
    put_session(client, staff)
    request = db.session.scalar(select(Referral).order_by(Referral.id.desc()).limit(1))
    confirmed = client.post(
        f"/remisiones/{request.code}/identidad",
        data={
            "doc_type": "13",
            "doc_number": DOC,
            "first_names": FIRST,
            "last_names": LAST,
            "verified": "y",
        },
    )
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)[:2000]
    person = db.session.scalar(select(Entrepreneur).where(Entrepreneur.doc_number == DOC))
    assert person is not None
    service_type = db.session.scalar(select(ServiceType).limit(1))
    person.address, person.birth_date = ADDRESS, date(1988, 3, 14)
    person.gender_identity, person.phone = "Mujer", "315 777 9911"
    venture = Venture(entrepreneur_id=person.id, name=VENTURES[1], description=f"De {FIRST}")
    db.session.add(venture)
    db.session.add_all(
        [
            ConsentRecord(
                entrepreneur_id=person.id,
                policy_version="2026-01",
                purpose_attention=True,
                channel="papel",
                captured_by_user_id=staff.id,
                evidence=f"Formato firmado por {FIRST} {LAST}, CC {DOC}",
                legal_representative=f"Madre de {FIRST}",
            ),
            ServiceRecord(
                actor_id=ccc.id,
                entrepreneur_id=person.id,
                service_type_id=service_type.id,
                served_on=date(2026, 10, 2),
                outcome=f"{FIRST} abrió su cuenta; llamar al {PHONE}.",
                notes=f"Vive en {ADDRESS}.",
                created_by_user_id=staff.id,
            ),
        ]
    )
    db.session.flush()
    referral = Referral(
        code="R-SUPR0001",
        entrepreneur_id=person.id,
        venture_id=venture.id,
        from_actor_id=ccc.id,
        to_actor_id=sena.id,
        need=f"{FIRST} {LAST} ({DOC}) busca formación en tejidos.",
        response_due_on=date(2026, 10, 9),
        created_by_user_id=staff.id,
        status="rechazada",
        rejection_reason=f"{FIRST} ya está inscrita.",
    )
    db.session.add(referral)
    db.session.flush()
    db.session.add(
        ReferralStatusChange(
            referral_id=referral.id,
            from_status="enviada",
            to_status="rechazada",
            comment=f"Hablamos con {FIRST} al {PHONE}.",
        )
    )
    event = db.session.scalar(select(Event).limit(1))
    db.session.add(
        Participation(
            event_id=event.id,
            entrepreneur_id=person.id,
            venture_id=venture.id,
            offer=f"Tejidos de {FIRST}",
            notes=f"{FIRST} llega tarde.",
        )
    )
    account = User(
        email=EMAIL,
        full_name=f"{FIRST} {LAST}",
        password_hash=hash_password("clave-de-eudocia-123"),
        role="entrepreneur",
        entrepreneur_id=person.id,
    )
    db.session.add(account)
    db.session.flush()
    open_session(db.session, account, timedelta(hours=1))
    db.session.add(LoginFailure(email=EMAIL, ip="198.51.100.7", at=utcnow()))
    db.session.add(
        RightsRequest(
            entrepreneur_id=person.id,
            kind="supresion",
            description=f"Yo, {FIRST} {LAST}, CC {DOC}, pido suprimir mis datos.",
            filed_on=date(2026, 12, 1),
            due_on=date(2026, 12, 20),
            filed_by_user_id=account.id,
        )
    )
    duplicate = Entrepreneur(
        doc_type="13",
        doc_number=DUPLICATE_DOC,
        first_names=FIRST,
        last_names=LAST,
        email=EMAIL,
        merged_into_id=person.id,
    )
    db.session.add(duplicate)
    db.session.commit()
    person.email = f"otro.{EMAIL}"  # an edit: old and new values in the audit log
    db.session.commit()
    return person


def _as_text(value) -> str:
    if isinstance(value, bytes | memoryview):
        raw = bytes(value)
        return raw.decode("utf-8", "ignore") + raw.decode("latin-1")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def dump_every_column(connection) -> list[tuple[str, str, str]]:
    """(table, column, folded text) for every value of every table the database has now."""
    found = []
    for table in inspect(connection).get_table_names():
        result = connection.execute(text(f'SELECT * FROM "{table}"'))
        columns = list(result.keys())
        for row in result:
            for column, value in zip(columns, row, strict=True):
                if value is not None:
                    found.append((table, column, fold(_as_text(value))))
    return found


def _leftovers(connection) -> list[str]:
    return sorted(
        {
            f"{table}.{column}: {needle}"
            for table, column, value in dump_every_column(connection)
            for needle in IDENTIFIERS
            if fold(needle) in value
        }
    )


@pytest.fixture
def history(client, db):
    return _rich_history(client, db)


def test_the_history_holds_the_identifiers_before_the_supresion(db, history):
    """The check below proves something only if the identifiers were there to find."""
    leftovers = _leftovers(db.session.connection())
    for table in ("entrepreneurs", "ventures", "audit_log", "referrals", "users"):
        assert any(item.startswith(f"{table}.") for item in leftovers), table
    if db.engine.dialect.name == "sqlite":
        assert any(item.startswith("people_search") for item in leftovers)


def test_after_the_supresion_no_column_of_any_table_holds_the_person(client, login_as, db, history):
    login_as("admin")
    response = client.post(f"/emprendedores/{history.id}/anonimizar")
    assert response.status_code == 302
    assert _leftovers(db.session.connection()) == []


def test_the_audit_log_keeps_who_when_and_what(client, login_as, db, history):
    before = db.session.execute(
        select(AuditEntry.id, AuditEntry.user_id, AuditEntry.at, AuditEntry.action)
        .where(AuditEntry.table_name == "entrepreneurs")
        .where(AuditEntry.record_id == str(history.id))
    ).all()
    admin = login_as("admin")
    client.post(f"/emprendedores/{history.id}/anonimizar")
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.table_name == "entrepreneurs")
        .where(AuditEntry.record_id == str(history.id))
        .order_by(AuditEntry.id)
    ).all()
    kept = {(e.id, e.user_id, e.at, e.action) for e in entries}
    assert set(before) <= kept  # nothing deleted, nothing re-dated
    erased = next(
        e for e in entries if "first_names" in (e.new_values or {}) and e.user_id == admin.id
    )
    assert erased.action == "update" and erased.user_id == admin.id
    assert erased.old_values["first_names"] == erased.new_values["first_names"] == "[suprimido]"
    stamped = next(e for e in entries if e.action == "update" and "anonymized_at" in e.new_values)
    assert stamped.new_values["anonymized_at"] not in (None, "[suprimido]")  # the when stays
    created = entries[0]
    assert created.action == "create" and created.new_values["doc_number"] == "[suprimido]"


def test_the_account_can_no_longer_log_in(client, login_as, db, history):
    login_as("admin")
    client.post(f"/emprendedores/{history.id}/anonimizar")
    client.post("/logout")
    response = client.post("/login", data={"email": EMAIL, "password": "clave-de-eudocia-123"})
    assert "Correo o contraseña incorrectos" in response.get_data(as_text=True)


def test_the_counts_behind_the_figures_stay(client, login_as, db, history):
    def counts():
        return [
            db.session.scalar(
                select(text("count(*)")).select_from(model).where(column == history.id)
            )
            for model, column in (
                (ServiceRecord, ServiceRecord.entrepreneur_id),
                (Referral, Referral.entrepreneur_id),
                (Participation, Participation.entrepreneur_id),
                (Venture, Venture.entrepreneur_id),
            )
        ]

    before = counts()
    login_as("admin")
    client.post(f"/emprendedores/{history.id}/anonimizar")
    assert counts() == before and all(before)
