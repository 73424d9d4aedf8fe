"""The núcleo's scorecard, its drill-down, export, print and settings; the member's own view."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import func, select

from red.extensions import db
from red.models import Actor, ScorecardVersion
from red.services.periods import local_today, quarter_of
from tests import factories as f


def test_nucleo_sees_every_member_actor_with_score_and_traffic_light(client, login_as):
    login_as("nucleo")
    response = client.get("/nucleo")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    members = db.session.scalars(
        select(Actor).where(Actor.is_member.is_(True), Actor.status == "activo")
    ).all()
    assert len(members) >= 30
    for actor in members:
        assert f"/nucleo/actores/{actor.slug}?" in page
    assert "Semáforo" in page and "calculado con la versión" in page
    assert page.count('class="badge text-bg-') >= len(members)
    assert "últimos cuatro trimestres" in page and "<svg" in page


def test_every_figure_links_to_the_records_behind_it(client, login_as):
    ccc = f.stored_actor("camara-de-comercio-de-cucuta")
    today = local_today()
    mesa = f.body([ccc])
    held = f.meeting(mesa, quarter_of(today).start, {ccc: "asistio"})
    late = f.commitment(held, [ccc], quarter_of(today).start, "pendiente")
    login_as("nucleo")
    page = client.get("/nucleo").get_data(as_text=True)
    assert f"/nucleo/actores/{ccc.slug}?periodo=" in page
    assert "#attendance" in page
    detail = client.get(f"/nucleo/actores/{ccc.slug}").get_data(as_text=True)
    assert f"/mesas/reuniones/{held.id}" in detail
    if quarter_of(today).start < today:
        assert f"/compromisos/{late.id}" in detail


def test_compliance_page_runs_a_fixed_number_of_queries(client, login_as, count_queries):
    login_as("nucleo")
    client.get("/nucleo")
    db.session.expire_all()  # both measured requests start from the same session state
    with count_queries() as few:
        client.get("/nucleo")
    start = quarter_of(local_today()).start
    actors = [f.actor() for _ in range(25)]
    mesa = f.body(actors)
    held = f.meeting(mesa, start, dict.fromkeys(actors, "asistio"))
    for actor in actors:
        f.service(actor, start)
        f.referral(actor, start, f.bogota(start, 10))
        f.commitment(held, [actor], start, "cumplido", start)
        f.program(owner=actor, reviewed=start)
    db.session.expire_all()
    with count_queries() as many:
        client.get("/nucleo")
    import collections

    diff = collections.Counter(many.statements) - collections.Counter(few.statements)
    assert few.count == many.count, list(diff)


def test_sorting_and_custom_period_are_kept_in_the_url(client, login_as):
    login_as("nucleo")
    page = client.get("/nucleo?desde=2026-01-01&hasta=2026-06-30&orden=nombre&dir=asc")
    text = page.get_data(as_text=True)
    assert "Del 01/01/2026 al 30/06/2026" in text
    assert "desde=2026-01-01" in text and "orden=puntaje" in text


def test_export_to_excel_neutralises_formulas(client, login_as):
    f.actor('=HYPERLINK("http://malo")')
    login_as("nucleo")
    response = client.get("/nucleo/exportar?periodo=2026-T4")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.data)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "Puntaje" in values and "Semáforo" in values
    assert '\'=HYPERLINK("http://malo")' in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_print_view_names_the_period_and_version(client, login_as):
    login_as("nucleo")
    page = client.get("/nucleo/imprimir?periodo=2026-T3").get_data(as_text=True)
    assert "Trimestre 3 de 2026" in page and "versión" in page


def test_admin_saves_a_new_scorecard_version_and_scores_name_it(client, login_as):
    login_as("admin")
    current = db.session.scalar(select(ScorecardVersion).order_by(ScorecardVersion.id.desc()))
    before = db.session.scalar(select(func.count()).select_from(ScorecardVersion))
    data = {
        "current": str(current.id) if current else "",
        "attendance": 30,
        "commitments": 30,
        "services": 20,
        "referrals": 20,
        "programs": 0,
        "green_min": 75,
        "yellow_min": 55,
        "response_window_days": 5,
        "review_window_days": 180,
        "note": "Ajuste acordado en el núcleo",
    }
    bad = client.post("/nucleo/configuracion", data={**data, "yellow_min": 80})
    assert bad.status_code == 422
    assert "amarillo debe ser menor" in bad.get_data(as_text=True)
    assert client.post("/nucleo/configuracion", data=data).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ScorecardVersion)) == before + 1
    new = db.session.scalar(select(ScorecardVersion).order_by(ScorecardVersion.id.desc()))
    assert new.settings["weights"]["attendance"] == 30 and new.settings["green_min"] == 75
    # Saving again from the old form is a conflict: nothing is written.
    assert client.post("/nucleo/configuracion", data=data).status_code == 409
    assert db.session.scalar(select(func.count()).select_from(ScorecardVersion)) == before + 1
    login_as("nucleo")
    assert f"versión {new.id} de la configuración" in client.get("/nucleo").get_data(as_text=True)


def test_nucleo_cannot_edit_the_scorecard(client, login_as):
    login_as("nucleo")
    assert client.post("/nucleo/configuracion", data={"attendance": 1}).status_code == 403


def test_my_compliance_lists_what_pulls_the_score_down(client, login_as):
    ccc = f.stored_actor("camara-de-comercio-de-cucuta")
    today = local_today()
    mesa = f.body([ccc], coordinator=ccc)
    held = f.meeting(mesa, today - timedelta(days=30))
    f.commitment(held, [ccc], today - timedelta(days=3))
    f.commitment(held, [ccc], today - timedelta(days=1), "en_curso")
    for _ in range(3):
        f.referral(ccc, today - timedelta(days=2))
    login_as("staff_ccc")
    page = client.get("/mi-cumplimiento").get_data(as_text=True)
    assert "Mi cumplimiento" in page
    assert "2 compromisos vencidos" in page
    assert "3 remisiones sin respuesta" in page
    assert "/compromisos?estado=vencido" in page
    # Another actor's problems are not shown to CCC.
    login_as("staff_sena")
    assert "2 compromisos vencidos" not in client.get("/mi-cumplimiento").get_data(as_text=True)
