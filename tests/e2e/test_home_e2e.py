"""The home page per role and the notice preferences on a 390 px phone: readable without
sideways scroll and without serious accessibility findings (axe)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import axe_violations
from tests.e2e.test_events_e2e import no_horizontal_scroll

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("email", ["gestor.ccc@red.demo", "emprendedor@red.demo"])
def test_home_on_a_phone(phone, login, live_server, email):
    login(phone, email)
    phone.goto(f"{live_server}/inicio")
    assert phone.get_by_role("heading", level=1).inner_text().startswith("Hoy,")
    assert no_horizontal_scroll(phone)
    violations = axe_violations(phone)
    assert not violations, [(v["id"], v["help"]) for v in violations]


def test_preferences_on_a_phone(phone, login, live_server):
    login(phone, "gestor.ccc@red.demo")
    phone.goto(f"{live_server}/avisos/preferencias")
    phone.get_by_label("Remisión recibida: por correo").uncheck()
    phone.get_by_role("button", name="Guardar preferencias").click()
    assert "Se guardaron sus preferencias" in phone.content()
    assert not phone.get_by_label("Remisión recibida: por correo").is_checked()
    assert no_horizontal_scroll(phone)
    violations = axe_violations(phone)
    assert not violations, [(v["id"], v["help"]) for v in violations]
