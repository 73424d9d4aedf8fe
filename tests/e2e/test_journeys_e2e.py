"""The member and núcleo journeys end to end, at phone and at desktop width.

Journey 2: a gestor of the Cámara de Comercio de Cúcuta registers a person (with consent),
refers them to SENA; SENA's gestor sees it in the inbox and accepts it.
Journey 3: the núcleo opens the compliance table and drills down to one member's records.
"""

from __future__ import annotations

import itertools

import pytest

from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e
_documents = itertools.count(1093881100)
SENA = "SENA – Servicio Nacional de Aprendizaje"


def logout(page):
    page.get_by_role("button", name="Cerrar sesión").click()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_referral_sent_and_accepted_by_the_receiving_actor(request, login, live_server, width):
    page = request.getfixturevalue(width)
    document = str(next(_documents))
    login(page, "gestor.ccc@red.demo")
    page.goto(f"{live_server}/emprendedores/nuevo")
    page.get_by_label("Tipo de documento").select_option("13")
    page.get_by_label("Número de documento").fill(document)
    page.get_by_label("Nombres").fill("Luz Marina")
    page.get_by_label("Apellidos").fill(f"Prueba {width}")
    page.get_by_label("Autoriza el tratamiento de sus datos para atención y remisión").check()
    page.get_by_role("button", name="Registrar").click()
    assert "Luz Marina" in page.locator("h1").inner_text()

    page.get_by_role("link", name="Remitir a otro actor").click()
    page.get_by_label("Actor que recibe", exact=True).select_option(label=SENA)
    page.get_by_label("Necesidad de la persona").fill("Formación en costos y precios.")
    page.get_by_label("La persona autorizó compartir sus datos").check()
    page.get_by_role("button", name="Enviar remisión").click()
    heading = page.locator("h1").inner_text()
    code = next((word for word in heading.split() if word.startswith("R-")), None)
    assert code and "Enviada" in heading, heading
    logout(page)

    login(page, "gestor.sena@red.demo")
    page.goto(f"{live_server}/remisiones")
    violations = axe_violations(page)
    assert not violations, [(v["id"], v["help"]) for v in violations]
    page.get_by_role("link", name=code).click()
    page.get_by_role("button", name="Aceptar").click()
    assert page.get_by_text("Aceptada").first.is_visible()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_nucleo_compliance_drill_down(request, login, live_server, width):
    page = request.getfixturevalue(width)
    login(page, "nucleo@red.demo")
    page.goto(f"{live_server}/nucleo")
    assert page.locator("table").first.is_visible()
    violations = axe_violations(page)
    assert not violations, [(v["id"], v["help"]) for v in violations]
    page.get_by_role("link", name="Cámara de Comercio de Cúcuta", exact=True).first.click()
    assert "Cámara de Comercio de Cúcuta" in page.locator("h1").inner_text()
    assert "/nucleo/actores/camara-de-comercio-de-cucuta" in page.url
