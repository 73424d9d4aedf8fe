"""QR check-in at the door on a 390 px phone: the person's pass, the page the scanned QR
opens, one tap to confirm, then the same code again and a mistyped one."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from red.services import checkin
from tests.e2e.conftest import axe_violations
from tests.e2e.test_events_e2e import no_horizontal_scroll

pytestmark = pytest.mark.e2e
E2E_SECRET = "e2e-secret-key-for-tests-only"  # the live server's (tests/e2e/conftest.py)


def _code(participation_id: int) -> str:
    signer = Flask(__name__)
    signer.config["SECRET_KEY"] = E2E_SECRET
    with signer.app_context():
        return checkin.checkin_code(participation_id)


def test_check_in_by_qr_on_a_phone(phone, login, live_server):
    login(phone, "gestor.ccc@red.demo")
    phone.goto(f"{live_server}/eventos/nuevo")
    phone.get_by_label("Nombre del evento").fill("Feria con pase QR")
    phone.get_by_role("button", name="Guardar").click()
    slug = re.search(r"/eventos/([^/?#]+)", phone.url)[1]
    phone.get_by_role("link", name="Participantes").first.click()
    phone.get_by_role("link", name="Persona nueva").click()
    phone.get_by_label("Número de documento").fill("1.094.555.808")
    phone.get_by_label("Nombres").fill("Rosalba")
    phone.get_by_label("Apellidos").fill("Pase Celular")
    phone.get_by_label("Autorizo el tratamiento de mis datos para atención").check()
    phone.get_by_role("button", name="Registrar e inscribir").click()
    phone.goto(f"{live_server}/eventos/{slug}/ingreso?q=1094555808")
    action = phone.locator("form[action*='/ingreso/']").first.get_attribute("action")
    code = _code(int(action.rsplit("/", 1)[1]))

    phone.goto(f"{live_server}/eventos/{slug}/pase/{code}")  # what the person shows
    assert phone.locator(".red-qr svg").is_visible()
    assert no_horizontal_scroll(phone)
    violations = axe_violations(phone)
    assert not violations, [(v["id"], v["help"]) for v in violations]

    phone.goto(f"{live_server}/eventos/{slug}/ingreso/codigo/{code}")  # the scanned QR
    assert "Rosalba Pase Celular" in phone.content()
    assert no_horizontal_scroll(phone)
    violations = axe_violations(phone)
    assert not violations, [(v["id"], v["help"]) for v in violations]
    phone.get_by_role("button", name="Confirmar ingreso").click()
    assert "Ingreso registrado: Rosalba Pase Celular" in phone.content()

    phone.goto(f"{live_server}/eventos/{slug}/ingreso/codigo/{code}")
    assert "Este código ya se usó" in phone.content()
    phone.get_by_label("Escriba el código del pase").fill(code[:-1] + "Z")
    phone.get_by_role("button", name="Buscar").click()
    assert "no corresponde a ninguna inscripción de este evento" in phone.content()
