"""Events in a real browser at phone width: an organiser registers and checks in a person."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_reported_events_on_a_phone(phone, live_server):
    phone.goto(f"{live_server}/eventos?q=expocuc")
    assert phone.get_by_role("link", name="EXPOCUC").is_visible()
    assert "$ 28.000.000.000" in phone.content()
    assert no_horizontal_scroll(phone)
    violations = axe_violations(phone)
    assert not violations, [(v["id"], v["help"]) for v in violations]


def test_organiser_registers_and_checks_in_from_a_phone(phone, login, live_server):
    login(phone, "gestor.ccc@red.demo")
    phone.goto(f"{live_server}/eventos/nuevo")
    phone.get_by_label("Nombre del evento").fill("Rueda de prueba en el celular")
    phone.get_by_role("button", name="Guardar").click()
    assert "Se creó el evento" in phone.content()
    phone.get_by_role("link", name="Participantes").first.click()
    phone.get_by_role("link", name="Persona nueva").click()
    phone.get_by_label("Número de documento").fill("1.094.777.321")
    phone.get_by_label("Nombres").fill("Yolanda")
    phone.get_by_label("Apellidos").fill("Ibáñez Celular")
    phone.get_by_label("Autorizo el tratamiento de mis datos para atención").check()
    assert no_horizontal_scroll(phone)
    phone.get_by_role("button", name="Registrar e inscribir").click()
    assert "Inscripción registrada: Yolanda Ibáñez Celular" in phone.content()
    phone.get_by_role("link", name="Ingreso (puerta)").click()
    phone.get_by_label("Nombre o número de documento").fill("1094777321")
    phone.get_by_role("button", name="Buscar").click()
    phone.wait_for_load_state()  # measure the loaded results page, not one mid-navigation
    assert no_horizontal_scroll(phone)
    violations = axe_violations(phone)
    assert not violations, [(v["id"], v["help"]) for v in violations]
    phone.get_by_role("button", name="Marcar ingreso").click()
    assert "Ingreso registrado: Yolanda Ibáñez Celular" in phone.content()
    assert "Ingresó" in phone.content()


def test_organiser_deletes_an_event_created_by_mistake(phone, login, live_server):
    login(phone, "gestor.ccc@red.demo")
    phone.goto(f"{live_server}/eventos/nuevo")
    phone.get_by_label("Nombre del evento").fill("Evento duplicado por error")
    phone.get_by_role("button", name="Guardar").click()
    phone.get_by_role("link", name="Eliminar").click()
    assert "¿Eliminar el evento «Evento duplicado por error»?" in phone.content()
    assert no_horizontal_scroll(phone)
    violations = axe_violations(phone)
    assert not violations, [(v["id"], v["help"]) for v in violations]
    phone.get_by_role("button", name="Sí, eliminar").click()
    assert "Se eliminó el evento «Evento duplicado por error»" in phone.content()


def test_people_search_on_a_phone(phone, login, live_server):
    login(phone, "gestor.ccc@red.demo")
    phone.goto(f"{live_server}/emprendedores")
    phone.get_by_label("Nombre, documento o emprendimiento").fill("ibáñez")
    phone.get_by_role("button", name="Buscar").click()
    assert "emprendedores?q=" in phone.url
    assert no_horizontal_scroll(phone)
    violations = axe_violations(phone)
    assert not violations, [(v["id"], v["help"]) for v in violations]
