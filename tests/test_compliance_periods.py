"""Closing a compliance period freezes its scores with the settings used; later weight
changes move open periods only."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from red.extensions import db
from red.models import ClosedPeriod, ComplianceSnapshot
from red.models.governance import DEFAULT_SCORECARD
from red.services import compliance
from red.services.compliance_periods import PeriodError, close_period
from red.services.periods import quarter
from red.services.scorecard import save_scorecard_version
from tests import factories as f

TODAY = date(2026, 11, 26)
Q3, Q4 = quarter(2026, 3), quarter(2026, 4)


@pytest.fixture
def two_members(db):
    """A attended every meeting and logged no service; B the other way round."""
    a, b = f.actor("Actor cumplido en reuniones"), f.actor("Actor con atenciones")
    mesa = f.body([a, b], coordinator=a)
    for day in (date(2026, 7, 10), date(2026, 9, 10), date(2026, 10, 10)):
        f.meeting(mesa, day, {a: "asistio", b: "ausente"})
    for day in (date(2026, 7, 3), date(2026, 8, 3), date(2026, 9, 3), date(2026, 10, 3)):
        f.service(b, day)
    return a, b


def _scores(period, actors) -> dict[str, float | None]:
    card = compliance.compute_scorecard(db.session, period, TODAY)
    by_id = {row.actor.id: row for row in card.rows}
    return {actor.name: by_id[actor.id].score for actor in actors}


def _weigh(**weights) -> None:
    settings = {**DEFAULT_SCORECARD, "weights": {**DEFAULT_SCORECARD["weights"], **weights}}
    save_scorecard_version(db.session, settings, user_id=None, note="prueba")


def test_a_closed_period_keeps_its_scores_when_the_weights_change(two_members):
    a, b = two_members
    _weigh(attendance=70, services=30, commitments=0, referrals=0, programs=0)
    before_q3 = _scores(Q3, two_members)
    assert before_q3 == {a.name: 70.0, b.name: 30.0}  # a attended all, b served every month
    closed = close_period(db.session, Q3, user_id=None, today=TODAY)
    version_used = compliance.current_version(db.session).id
    assert closed.scorecard_version_id == version_used
    stored = db.session.scalar(
        select(func.count())
        .select_from(ComplianceSnapshot)
        .where(ComplianceSnapshot.period_id == closed.id)
    )
    assert stored == len(compliance.compute_scorecard(db.session, Q3, TODAY).rows)

    _weigh(attendance=10, services=90, commitments=0, referrals=0, programs=0)
    assert _scores(Q3, two_members) == before_q3  # closed: frozen
    card = compliance.compute_scorecard(db.session, Q3, TODAY)
    assert card.closed is not None and card.version.id == version_used
    assert card.settings["weights"]["attendance"] == 70
    assert "congelada al cerrar el periodo el 26/11/2026" in card.version_label
    components = {row.actor.id: row.components for row in card.rows}
    assert components[b.id]["services"].detail == "3 de 3 meses"
    assert _scores(Q4, two_members) == {a.name: 10.0, b.name: 90.0}  # open: new weights
    # The actor's own view of the closed period reads the same snapshot.
    mine = compliance.compute_scorecard(db.session, Q3, TODAY, actor_id=b.id)
    assert [row.score for row in mine.rows] == [30.0]


def test_only_an_ended_named_period_can_be_closed_and_only_once(two_members):
    with pytest.raises(PeriodError, match="ya terminó"):
        close_period(db.session, Q4, user_id=None, today=TODAY)  # still running
    close_period(db.session, Q3, user_id=None, today=TODAY)
    with pytest.raises(PeriodError, match="ya está cerrado"):
        close_period(db.session, Q3, user_id=None, today=TODAY)


def test_the_nucleo_closes_a_period_from_its_page_after_confirming(client, login_as):
    login_as("nucleo")
    page = client.get("/nucleo?periodo=2025-T1").get_data(as_text=True)
    assert "Cerrar este periodo" in page
    refused = client.post("/nucleo/cerrar-periodo", data={"periodo": "2025-T1"})
    assert refused.status_code == 422
    assert "Confirme el cierre del periodo." in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ClosedPeriod)) == 0
    done = client.post("/nucleo/cerrar-periodo", data={"periodo": "2025-T1", "confirm": "y"})
    assert done.status_code == 302
    closed_page = client.get("/nucleo?periodo=2025-T1").get_data(as_text=True)
    assert "Periodo cerrado el" in closed_page and "Cerrar este periodo" not in closed_page
    running = client.post("/nucleo/cerrar-periodo", data={"periodo": "", "confirm": "y"})
    assert running.status_code == 422
    assert "Solo se puede cerrar un trimestre, semestre o año que ya terminó." in (
        running.get_data(as_text=True)
    )
    login_as("staff_ccc")
    assert client.post("/nucleo/cerrar-periodo", data={"periodo": "2025-T2"}).status_code == 403
