"""Business-round agendas: the pure scheduler (property-based) and the pages around it."""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from red.models import MeetingRequest, RoundMeeting
from red.services import business_rounds as rounds
from red.services import event_participants
from red.services import round_scheduler as scheduler
from tests import factories as f

requests_strategy = st.lists(st.tuples(st.integers(0, 25), st.integers(0, 25)), max_size=120)


def assert_valid(agenda: scheduler.Agenda, requests, tables: int, slots: int) -> None:
    pairs = scheduler.pair_requests(requests)
    seen_people = Counter()
    seen_tables = set()
    placed = set()
    for m in agenda.meetings:
        assert (m.a, m.b) in pairs, "only requested meetings are placed"
        assert 0 <= m.slot < slots and 1 <= m.table <= tables
        assert (m.slot, m.table) not in seen_tables, "table double-booked"
        seen_tables.add((m.slot, m.table))
        for person in (m.a, m.b):
            seen_people[(person, m.slot)] += 1
            assert seen_people[(person, m.slot)] == 1, "someone in two meetings at once"
        assert (m.a, m.b) not in placed, "a pair met twice"
        placed.add((m.a, m.b))
        assert m.mutual == pairs[(m.a, m.b)]
    assert agenda.scheduled + len(agenda.unscheduled) == len(pairs)
    # Maximal: no unscheduled pair could still be placed anywhere.
    per_slot = Counter(m.slot for m in agenda.meetings)
    for a, b in agenda.unscheduled:
        for slot in range(slots):
            free = seen_people[(a, slot)] == 0 and seen_people[(b, slot)] == 0
            assert not (free and per_slot[slot] < tables), f"{(a, b)} fits in slot {slot}"


@settings(max_examples=200, deadline=None)
@given(requests=requests_strategy, tables=st.integers(0, 6), slots=st.integers(0, 8))
def test_agenda_never_clashes_and_is_maximal(requests, tables, slots):
    agenda = scheduler.build_agenda(requests, tables, slots)
    assert_valid(agenda, requests, tables, slots)


@settings(max_examples=150, deadline=None)
@given(requests=requests_strategy, tables=st.integers(1, 4), slots=st.integers(1, 5))
def test_one_sided_requests_never_displace_mutual_ones(requests, tables, slots):
    """One-sided requests come after and cannot push a mutual meeting out: the full agenda
    places as many mutual meetings as an agenda built from the mutual requests alone (which
    ones may differ when several mutual pairs compete for the same seat)."""
    agenda = scheduler.build_agenda(requests, tables, slots)
    pairs = scheduler.pair_requests(requests)
    mutual_only = [(a, b) for (a, b), m in pairs.items() if m]
    mutual_only += [(b, a) for a, b in mutual_only]
    alone = scheduler.build_agenda(mutual_only, tables, slots)
    assert sum(1 for m in agenda.meetings if m.mutual) == len(alone.meetings)


def test_mutual_request_wins_the_only_slot():
    # 1 and 2 ask each other; 3 asks 1 (one-sided). One slot, one table: the mutual pair gets it.
    agenda = scheduler.build_agenda([(3, 1), (1, 2), (2, 1)], tables=1, slots=1)
    assert [(m.a, m.b, m.mutual) for m in agenda.meetings] == [(1, 2, True)]
    assert agenda.unscheduled == [(1, 3)]
    assert agenda.requested_pairs == 2 and agenda.share == 0.5


def test_every_request_is_scheduled_when_there_is_room():
    requests = [(a, b) for a in range(5) for b in range(5, 10)]
    agenda = scheduler.build_agenda(requests, tables=5, slots=5)
    assert agenda.scheduled == 25 and agenda.share == 1.0


def test_large_round_builds_quickly_and_schedules_most_requests():
    """300 participants, 3,000 requests (measured, not timed as a pass/fail condition)."""
    rng = random.Random(2026)
    buyers, sellers = range(150), range(150, 300)
    requests = set()
    while len(requests) < 3000:
        a, b = rng.choice(buyers), rng.choice(sellers)
        requests.add((a, b) if rng.random() < 0.5 else (b, a))
    started = time.perf_counter()
    agenda = scheduler.build_agenda(sorted(requests), tables=150, slots=24)
    elapsed = time.perf_counter() - started
    print(f"\nagenda 300 participantes / 3000 solicitudes: {elapsed:.2f} s, {agenda.share:.1%}")
    assert_valid(agenda, sorted(requests), 150, 24)
    assert agenda.share > 0.9


# --- database layer and pages --------------------------------------------------------------


def make_round(db):
    actor = f.actor()
    staff = f.user("actor_staff", actor)
    event = f.event(actor, kind="rueda_negocios", capacity=None)
    buyer_person, seller_person, other_person = f.person(), f.person(), f.person()
    buyer = f.register(event, buyer_person, "comprador")
    seller = f.register(event, seller_person, "vendedor")
    seller2 = f.register(event, other_person, "vendedor")
    return {
        "actor": actor,
        "staff": staff,
        "event": event,
        "buyer": buyer,
        "seller": seller,
        "seller2": seller2,
        "buyer_user": f.user("entrepreneur", person=buyer_person),
    }


def test_organiser_configures_builds_and_results_feed_outcomes(client, login_as, db):
    r = make_round(db)
    slug = r["event"].slug
    login_as(r["staff"])
    response = client.post(
        f"/eventos/{slug}/rueda/configurar",
        data={
            "tables": 1,
            "slot_minutes": 20,
            "day": "2030-05-01",
            "starts": "08:00",
            "ends": "08:40",
        },
    )
    assert response.status_code == 302
    login_as(r["buyer_user"])
    url = f"/eventos/{slug}/rueda/{r['buyer'].id}/solicitudes"
    page = client.get(url)
    assert page.status_code == 200 and "¿Con quién quiere reunirse" in page.get_data(as_text=True)
    client.post(url, data={"contrapartes": [r["seller"].id, r["seller2"].id]})
    assert db.session.scalar(select(func.count(MeetingRequest.id))) == 2
    login_as(r["staff"])
    client.post(
        f"/eventos/{slug}/rueda/{r['seller'].id}/solicitudes",
        data={"contrapartes": [r["buyer"].id]},
    )
    built = client.post(f"/eventos/{slug}/rueda/agenda", follow_redirects=True)
    assert "2 de 2 citas solicitadas" in built.get_data(as_text=True)
    meetings = db.session.scalars(select(RoundMeeting).order_by(RoundMeeting.slot)).all()
    assert meetings[0].mutual and meetings[0].second_id == r["seller"].id
    agenda = client.get(f"/eventos/{slug}/rueda/{r['buyer'].id}/agenda").get_data(as_text=True)
    assert "Mesa" in agenda and "01/05/2030 08:00" in agenda and "01/05/2030 08:20" in agenda
    login_as(r["buyer_user"])
    result_url = f"/eventos/{slug}/rueda/citas/{meetings[0].id}/resultado"
    saved = client.post(
        result_url,
        data={
            "interest": "alto",
            "follow_up": "y",
            "expected_deal_cop": 5_000_000,
            "version": meetings[0].version_id,
        },
    )
    assert saved.status_code == 302
    totals = event_participants.event_totals(db.session, r["event"])
    assert totals["meetings"] == 2 and totals["expected_deals_cop"] == 5_000_000
    assert totals["follow_ups"] == 1


def test_people_cannot_speak_for_others(client, login_as, db):
    r = make_round(db)
    slug = r["event"].slug
    stranger = f.user("entrepreneur", person=f.person())
    login_as(stranger)
    assert client.get(f"/eventos/{slug}/rueda/{r['buyer'].id}/solicitudes").status_code == 403
    assert (
        client.post(
            f"/eventos/{slug}/rueda/{r['buyer'].id}/solicitudes",
            data={"contrapartes": [r["seller"].id]},
        ).status_code
        == 403
    )
    login_as(f.user("actor_staff", f.actor()))
    assert client.get(f"/eventos/{slug}/rueda").status_code == 403
    assert db.session.scalar(select(func.count(MeetingRequest.id))) == 0


def test_requests_only_to_the_other_side(db):
    r = make_round(db)
    try:
        rounds.set_requests(db.session, r["event"], r["seller"], [r["seller2"].id])
    except rounds.RoundError as error:
        assert "no participan" in str(error)
    else:
        raise AssertionError("a seller asked another seller")


def test_build_without_setup_explains(db):
    r = make_round(db)
    try:
        rounds.build_round_agenda(db.session, r["event"])
    except rounds.RoundError as error:
        assert "Configure primero" in str(error)
    else:
        raise AssertionError("built without setup")


def test_configure_rejects_a_window_that_ends_before_it_starts(db):
    r = make_round(db)
    try:
        rounds.configure_round(
            db.session,
            r["event"],
            tables=2,
            slot_minutes=15,
            starts_at=datetime(2030, 1, 1, 10),
            ends_at=datetime(2030, 1, 1, 9),
        )
    except rounds.RoundError as error:
        assert "posterior" in str(error)
    else:
        raise AssertionError("accepted an inverted window")


# --- rebuilding keeps the meetings that already have a result ------------------------------


# Few people, many requests: the scheduler has to swap meetings to fit new ones in.
dense_requests = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=60)


@settings(max_examples=300, deadline=None)
@given(
    requests=dense_requests,
    later=dense_requests,
    tables=st.integers(1, 4),
    slots=st.integers(1, 5),
    keep_every=st.integers(1, 3),
)
def test_rebuilding_around_pinned_meetings_never_moves_them(
    requests, later, tables, slots, keep_every
):
    first = scheduler.build_agenda(requests, tables, slots)
    pinned = first.meetings[::keep_every]
    rebuilt = scheduler.build_agenda(requests + later, tables, slots, pinned)
    for meeting in pinned:
        assert meeting in rebuilt.meetings, "a meeting with a result moved or vanished"
    placed = Counter()
    for m in rebuilt.meetings:
        assert 0 <= m.slot < slots and 1 <= m.table <= tables
        for person in (m.a, m.b):
            placed[(person, m.slot)] += 1
            assert placed[(person, m.slot)] == 1, "someone in two meetings at once"
    assert len({(m.slot, m.table) for m in rebuilt.meetings}) == len(rebuilt.meetings)
    assert len({(m.a, m.b) for m in rebuilt.meetings}) == len(rebuilt.meetings)


def _configured_round(db, *, tables=1, ends=datetime(2030, 5, 1, 8, 40)):
    r = make_round(db)
    rounds.configure_round(
        db.session,
        r["event"],
        tables=tables,
        slot_minutes=20,
        starts_at=datetime(2030, 5, 1, 8, 0),
        ends_at=ends,
    )
    rounds.set_requests(db.session, r["event"], r["buyer"], [r["seller"].id])
    rounds.build_round_agenda(db.session, r["event"])
    return r


def test_a_rebuild_keeps_recorded_results(db):
    r = _configured_round(db)
    (meeting,) = db.session.scalars(select(RoundMeeting)).all()
    rounds.record_meeting_result(
        meeting,
        interest="alto",
        follow_up=True,
        expected_deal_cop=2_000_000,
        notes="Pedido de prueba",
        user_id=None,
    )
    db.session.flush()
    place = (meeting.slot, meeting.table_number, meeting.starts_at)
    rounds.set_requests(db.session, r["event"], r["buyer"], [r["seller"].id, r["seller2"].id])
    agenda = rounds.build_round_agenda(db.session, r["event"])
    db.session.expire_all()
    meetings = db.session.scalars(select(RoundMeeting).order_by(RoundMeeting.slot)).all()
    assert agenda.scheduled == 2 and len(meetings) == 2
    kept = next(m for m in meetings if m.id == meeting.id)
    assert (kept.slot, kept.table_number, kept.starts_at) == place
    assert kept.interest == "alto" and kept.expected_deal_cop == 2_000_000
    assert kept.result_notes == "Pedido de prueba"
    other = next(m for m in meetings if m.id != meeting.id)
    assert other.second_id == r["seller2"].id and other.slot != kept.slot


def test_a_layout_that_leaves_out_a_recorded_meeting_is_refused(db):
    r = _configured_round(db)
    (meeting,) = db.session.scalars(select(RoundMeeting)).all()
    rounds.record_meeting_result(
        meeting, interest="medio", follow_up=False, expected_deal_cop=None, notes=None, user_id=None
    )
    db.session.flush()
    rounds.configure_round(
        db.session,
        r["event"],
        tables=1,
        slot_minutes=20,
        starts_at=datetime(2030, 5, 1, 9, 0),  # the recorded 08:00 meeting is now outside
        ends_at=datetime(2030, 5, 1, 10, 0),
    )
    try:
        rounds.build_round_agenda(db.session, r["event"])
    except rounds.RoundError as error:
        assert "ya tiene resultado" in str(error)
    else:
        raise AssertionError("a rebuild dropped a meeting with a result")
    assert db.session.get(RoundMeeting, meeting.id).interest == "medio"
