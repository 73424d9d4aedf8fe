"""Every figure leads to what it is made of: a report total to the events it sums, a funnel row
to the referrals it counts, a subregion or a month to its own breakdown, a quarter of the
semáforo to that quarter's scorecard. Each test follows the link a reader would click and
checks that the figures on both sides agree."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from sqlalchemy import select

from red.extensions import db
from red.models import Actor, Entrepreneur, Referral
from red.services.report_figures import JOINT_YEARS, reported_figures


def _links(page: str, text: str) -> list[str]:
    """The href of every link whose visible text is `text`."""
    pattern = rf'<a href="([^"]+)"[^>]*>{re.escape(html.escape(text, quote=False))}</a>'
    return [html.unescape(href) for href in re.findall(pattern, page)]


def _tbody_rows(page: str, caption: str) -> list[str]:
    start = page.index(caption)
    body = page[page.index("<tbody>", start) : page.index("</tbody>", start)]
    return re.findall(r"<tr.*?</tr>", body, flags=re.S)


def test_every_report_row_sums_exactly_the_events_it_names():
    figures = reported_figures(db.session)
    for row in figures.by_year + figures.by_place:
        events, total = figures.behind(row.label)
        assert events and total.events == row.events == len(events), row.label
        for name in ("exhibitors", "buyers", "participants", "sales_cop"):
            assert getattr(total, name) == getattr(row, name), (row.label, name)


def test_a_report_total_leads_to_the_events_behind_it(client, login_as):
    login_as("nucleo")
    page = client.get("/indicadores/actividad").get_data(as_text=True)
    (link,) = _links(page, "2024")
    assert link.endswith("#eventos-informe")
    drilled = client.get(link.split("#")[0]).get_data(as_text=True)
    assert '<details id="eventos-informe" open>' in drilled
    listed = drilled[drilled.index('id="eventos-informe"') :]
    listed = listed[: listed.index("</details>")]
    for name in (
        "Feria Cúcuta en Descuento 2024",
        "Congreso de Iniciativas Clúster 2024",
        "Simposio Internacional de Reconversión Tecnológica",
    ):
        assert name in listed, name
    assert "EXPOCUC" not in listed and "Pop-Up Market" not in listed
    footer = listed[listed.index("<tfoot>") :]
    assert "Suma de «2024»" in footer and "$ 200.000.000" in footer and ">185<" in footer
    (joint,) = _links(page, JOINT_YEARS)
    listed = client.get(joint.split("#")[0]).get_data(as_text=True)
    assert "EXPOCUC 2024 y 2025" in listed and "$ 40.900.000.000" in listed
    assert client.get("/indicadores/actividad?informe=1999").status_code == 400


def test_a_funnel_row_leads_to_the_referrals_it_counts(client, login_as, living_demo):
    login_as("nucleo")
    today = living_demo["today"]
    window = f"desde={(today - timedelta(days=365)).isoformat()}&hasta={today.isoformat()}"
    page = client.get(f"/indicadores/actividad?{window}").get_data(as_text=True)
    rows = _tbody_rows(page, "Remisiones enviadas en el periodo, por actor que las recibe")
    assert len(rows) >= 3
    for row in rows[:3]:
        href = html.unescape(re.search(r'<a href="([^"]+)"', row).group(1))
        sent, accepted, attended, completed = re.findall(r'<td class="text-end">(\d+)</td>', row)
        drilled = client.get(href).get_data(as_text=True)
        assert (
            f"<strong>{sent}</strong> enviadas · <strong>{accepted}</strong> aceptadas · "
            f"<strong>{attended}</strong> atendidas · <strong>{completed}</strong> completadas"
        ) in drilled
        listed = _tbody_rows(drilled, "Remisiones recibidas en el periodo")
        assert len(listed) == int(sent)
    # The people stay out of it: the núcleo follows the flow, not the persons.
    slug = href.split("/remisiones/")[1].split("?")[0]
    actor = db.session.scalar(select(Actor).where(Actor.slug == slug))
    names = db.session.scalars(
        select(Entrepreneur.first_names)
        .join(Referral, Referral.entrepreneur_id == Entrepreneur.id)
        .where(Referral.to_actor_id == actor.id)
    ).all()
    assert names and not any(f">{n}" in drilled or f" {n} " in drilled for n in names)
    login_as("staff_ccc")  # a member's staff read the funnel, without the drill-down
    staff_page = client.get(f"/indicadores/actividad?{window}").get_data(as_text=True)
    assert "/indicadores/actividad/remisiones/" not in staff_page
    assert client.get(href).status_code == 403


def test_a_subregion_and_a_month_lead_to_their_own_breakdown(client, login_as, living_demo):
    login_as("nucleo")
    today = living_demo["today"]
    window = f"desde={(today - timedelta(days=365)).isoformat()}&hasta={today.isoformat()}"
    page = client.get(f"/indicadores/actividad?{window}").get_data(as_text=True)
    subregions = _tbody_rows(page, "Actividad por subregión (tabla)")
    norte = next(r for r in subregions if ">Norte</a>" in r)
    services = re.findall(r'<td class="text-end">([\d.]+)</td>', norte)[1]
    (link,) = _links(page, "Norte")
    drilled = client.get(link).get_data(as_text=True)
    places = _tbody_rows(drilled, "Actividad por municipio (tabla)")
    assert places and all("<td>Norte</td>" in row for row in places)
    assert f'<div class="fs-4">{services}</div>' in drilled  # the subregion's own total
    month = _tbody_rows(page, "Atenciones por mes (tabla)")[-1]
    count = re.search(r'<td class="text-end">([\d.]+)</td>', month).group(1)
    href = html.unescape(re.search(r'<a href="([^"]+)"', month).group(1))
    assert f"hasta={today.replace(day=1).isoformat()}" not in href  # the month's last day
    assert f'<div class="fs-4">{count}</div>' in client.get(href).get_data(as_text=True)


def test_a_quarter_of_the_semaforo_leads_to_its_scorecard(client, login_as, living_demo):
    login_as("nucleo")
    page = client.get("/nucleo").get_data(as_text=True)
    rows = _tbody_rows(page, "Actores por semáforo en los últimos cuatro trimestres")
    first = rows[0]
    href = html.unescape(re.search(r'<a href="([^"]+)"', first).group(1))
    label = re.search(r'">([^<]+)</a>', first).group(1)
    green = re.findall(r'<td class="text-end">(\d+)</td>', first)[0]
    drilled = client.get(href).get_data(as_text=True)
    assert label.replace(" (cerrado)", "") in drilled
    counts = drilled[drilled.index("Verde") : drilled.index("Puntaje promedio de la Red")]
    assert re.search(rf"Verde</span>\s+{green}</li>", counts)
