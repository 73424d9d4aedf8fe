"""The chart pages on a phone: readable at 390 px without sideways scrolling, no serious
axe finding, every chart with its caption in view of its table."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e

PAGES = ["/indicadores", "/indicadores/actividad", "/nucleo"]


@pytest.mark.parametrize("path", PAGES)
def test_chart_pages_on_a_phone(phone, login, live_server, path):
    login(phone, "nucleo@red.demo")
    phone.goto(f"{live_server}{path}")
    phone.wait_for_load_state()
    figures = phone.locator("figure.red-chart")
    assert figures.count() >= 1
    first = figures.first.bounding_box()
    assert first["width"] <= 390 and first["width"] >= 300  # the chart uses the phone's width
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert axe_violations(phone) == []


DRILLED = [
    "/indicadores/actividad?informe=2024",
    "/indicadores/actividad/remisiones/camara-de-comercio-de-cucuta",
]


@pytest.mark.parametrize("path", DRILLED)
def test_drilled_pages_on_a_phone(phone, login, live_server, path):
    """Where a figure leads (the events a total sums, the referrals a funnel row counts):
    readable at 390 px without sideways scrolling, no serious axe finding."""
    login(phone, "nucleo@red.demo")
    phone.goto(f"{live_server}{path}")
    phone.wait_for_load_state()
    assert phone.locator("table").count() >= 1
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert axe_violations(phone) == []
