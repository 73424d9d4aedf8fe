"""Charts are server-rendered SVG: each has a title, a summary and its values as text.

The SVG is cut out of the page and parsed as XML, so a chart that does not parse, or that
shows a value only as a bar length or a colour, fails here.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def charts_in(page: str) -> dict[str, ET.Element]:
    """Every chart of a page by its data-chart id, parsed."""
    found = {}
    for match in re.finditer(r"<svg role=\"img\".*?</svg>", page, re.S):
        svg = ET.fromstring(match.group())
        found[svg.get("data-chart")] = svg
    return found


def texts(svg: ET.Element) -> list[str]:
    return ["".join(node.itertext()).strip() for node in svg.iter(f"{SVG}text")]


def title_and_desc(svg: ET.Element) -> tuple[str, str]:
    return svg.find(f"{SVG}title").text, svg.find(f"{SVG}desc").text


def test_indicator_progress_charts_show_regressions_and_metas_superadas(client, login_as):
    login_as("nucleo")
    page = client.get("/indicadores").get_data(as_text=True)
    charts = charts_in(page)
    assert set(charts) == {f"grafico-tabla-{n}" for n in range(1, 6)}
    tabla_1 = charts["grafico-tabla-1"]
    title, desc = title_and_desc(tabla_1)
    assert title == "Avance hacia la meta — Tabla 1. Metas de resultado"
    assert desc.startswith(
        "6 metas: 1 meta superada, 3 en avance, 2 en retroceso."
    )  # the sentence under it
    assert "Posición departamental: Tasa de desempleo Departamental (-133,3 %)" in desc
    values = texts(tabla_1)
    for expected in ("-133,3 % · Retroceso", "-66,7 % · Retroceso", "300,0 % · Meta superada",
                     "33,3 % · En avance", "20,0 % · En avance", "19,0 % · En avance"):  # fmt: skip
        assert expected in values
    assert "Meta (100 %)" in values
    # A regression is drawn left of zero and patterned, not only red.
    bars = [r for r in tabla_1.iter(f"{SVG}rect") if r.get("class", "").startswith("chart-bar")]
    assert any(r.get("fill", "").endswith("-hatch)") for r in bars)
    assert texts(charts["grafico-tabla-4"]).count("En ejecución") == 2  # metas 16 and 17
    # The caption repeats title and summary for everyone, not only for screen readers.
    assert "6 metas: 1 meta superada" in page[page.index("grafico-tabla-1-caption") :]


def test_compliance_distribution_chart_has_one_row_per_quarter(client, login_as):
    login_as("nucleo")
    page = client.get("/nucleo").get_data(as_text=True)
    chart = charts_in(page)["grafico-semaforo"]
    title, desc = title_and_desc(chart)
    assert title == "Actores por semáforo, trimestre a trimestre"
    assert "actores miembros" in desc
    labels = [t for t in texts(chart) if t.startswith("Trimestre ")]
    assert len(labels) == 4
    assert "Actores por semáforo en los últimos cuatro trimestres" in page  # the data table
