"""The foundation in a real browser: home page, login and logout at phone and desktop width."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e


def test_home_page_in_spanish_on_a_phone(phone, live_server):
    phone.goto(live_server)
    assert phone.locator("html").get_attribute("lang") == "es"
    assert "Red Regional de Emprendimiento" in phone.locator("h1").inner_text()
    # Navigation works without JavaScript menus: the links are visible on a narrow screen.
    assert phone.get_by_role("link", name="Ingresar").is_visible()


@pytest.mark.parametrize("email", ["gestor.ccc@red.demo", "nucleo@red.demo"])
def test_login_and_logout(desktop, login, email):
    login(desktop, email)
    assert desktop.get_by_role("button", name="Cerrar sesión").is_visible()
    desktop.get_by_role("button", name="Cerrar sesión").click()
    assert desktop.get_by_role("link", name="Ingresar").is_visible()


def test_wrong_password_shows_spanish_error(phone, live_server):
    phone.goto(f"{live_server}/login")
    phone.get_by_label("Correo electrónico").fill("gestor.ccc@red.demo")
    phone.get_by_label("Contraseña").fill("no-es-la-clave")
    phone.get_by_role("button", name="Ingresar").click()
    assert phone.get_by_text("Correo o contraseña incorrectos").is_visible()
    assert phone.get_by_label("Correo electrónico").input_value() == "gestor.ccc@red.demo"


@pytest.mark.parametrize("path", ["/", "/login"])
def test_accessibility_of_foundation_pages(phone, live_server, path):
    phone.goto(f"{live_server}{path}")
    violations = axe_violations(phone)
    assert not violations, [(v["id"], v["help"]) for v in violations]
