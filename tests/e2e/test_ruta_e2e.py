"""La Ruta on a phone (390 px): find a program, read it, ask to join, follow the request."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e


def no_sideways_scroll(page) -> bool:
    # Measure the finished page, not one still loading (fonts and styles change widths).
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_find_emprendefest_by_filtering_tibu(phone, live_server):
    phone.goto(f"{live_server}/ruta")
    phone.get_by_text("Filtrar", exact=True).click()
    phone.get_by_label("Municipio").select_option(label=None, value="54810")
    phone.get_by_role("button", name="Aplicar filtros").click()
    phone.wait_for_load_state()  # measure the loaded results page, not one mid-navigation
    assert "municipio=54810" in phone.url
    assert phone.get_by_role("link", name="EmprendeFEST", exact=True).first.is_visible()
    assert no_sideways_scroll(phone)


@pytest.mark.parametrize("q", ["agro", "tibu", "mujeres"])
def test_first_result_is_on_the_first_screen_of_a_phone(phone, live_server, q):
    """Search box, count and chips, then results: the filters wait folded in «Filtrar»."""
    phone.goto(f"{live_server}/ruta?q={q}")
    phone.wait_for_load_state("load")
    first = phone.locator(".program-card").first
    box = first.bounding_box()
    assert box is not None and box["y"] + 40 < phone.viewport_size["height"], box
    assert phone.locator(".chips .chip").first.is_visible()  # what was understood, removable
    assert not phone.get_by_label("Municipio").is_visible()  # folded away
    assert no_sideways_scroll(phone)


def test_a_chip_removes_its_word(phone, live_server):
    phone.goto(f"{live_server}/ruta?q=cr%C3%A9dito+tibu")
    phone.get_by_role("link", name="Lugar: Tibú").click()
    phone.wait_for_load_state()
    assert phone.get_by_label("Buscar programas").input_value() == "crédito"


def test_find_and_join_pequenos_emprendedores_then_track(phone, live_server):
    phone.goto(f"{live_server}/ruta")
    phone.get_by_label("Buscar programas").fill("pequenos emprendedores")
    phone.get_by_role("button", name="Buscar", exact=True).click()
    phone.locator(".program-card a").first.click()
    assert phone.locator("h1").inner_text() == "Pequeños Emprendedores"
    assert no_sideways_scroll(phone)
    phone.get_by_role("link", name="Quiero inscribirme").click()
    assert no_sideways_scroll(phone)
    phone.get_by_label("Tipo de documento").select_option("13")
    phone.get_by_label("Número de documento").fill("1.090.555.444")
    phone.get_by_label("Nombres").fill("Ana Lucía")
    phone.get_by_label("Apellidos").fill("Contreras Peñaranda")
    phone.get_by_label("Celular o teléfono").fill("3155550000")
    phone.get_by_label("Municipio donde vive").select_option("54518")
    phone.get_by_label("¿Qué necesita del programa?").fill("Inscribir a mi hija de 9 años.")
    phone.get_by_label("Autorizo el tratamiento de mis datos personales").check()
    phone.get_by_role("button", name="Enviar solicitud").click()
    assert phone.get_by_role("heading", name="Solicitud enviada").is_visible()
    code = phone.locator(".font-monospace").inner_text().strip()
    assert code.startswith("R-")

    phone.get_by_role("link", name="Seguimiento de solicitudes").click()
    phone.get_by_label("Código de seguimiento").fill(code)
    phone.get_by_label("Número de documento").fill("1090555444")
    phone.get_by_role("button", name="Consultar").click()
    assert phone.get_by_text("Enviada").first.is_visible()
    assert "Pequeños Emprendedores" in phone.content()


def test_join_without_consent_shows_spanish_error(phone, live_server):
    phone.goto(f"{live_server}/ruta/pequenos-emprendedores/inscribirse")
    phone.get_by_label("Número de documento").fill("1090555445")
    phone.get_by_label("Nombres").fill("Pedro")
    phone.get_by_label("Apellidos").fill("Gómez")
    phone.get_by_label("¿Qué necesita del programa?").fill("Información")
    phone.get_by_role("button", name="Enviar solicitud").click()
    assert phone.get_by_text("debe autorizar el tratamiento").is_visible()
    assert phone.get_by_label("Nombres").input_value() == "Pedro"


def test_finder_on_a_phone(phone, live_server):
    phone.goto(f"{live_server}/ruta/encuentra")
    phone.get_by_label("Tengo una idea y quiero darle forma").check()
    phone.get_by_label("2. ¿En qué municipio está?").select_option("54810")
    phone.get_by_role("button", name="Ver mi ruta").click()
    assert phone.get_by_role("heading", name="Su ruta", exact=True).is_visible()
    assert phone.get_by_text("Por qué:").first.is_visible()
    assert no_sideways_scroll(phone)


@pytest.mark.parametrize(
    "path",
    [
        "/ruta",
        "/ruta?municipio=54810&etapa=2",
        "/ruta?q=cr%C3%A9dito+tibu",
        "/ruta?q=finanziasion",
        "/ruta/pequenos-emprendedores",
        "/ruta/pequenos-emprendedores/inscribirse",
        "/ruta/encuentra?etapa=1",
        "/ruta/seguimiento",
        "/actores",
        "/actores/camara-de-comercio-de-cucuta",
        "/datos",
    ],
)
def test_accessibility_of_ruta_pages(phone, live_server, path):
    phone.goto(f"{live_server}{path}")
    violations = axe_violations(phone)
    assert not violations, [(v["id"], v["help"], v["nodes"][0]["html"][:120]) for v in violations]
    assert no_sideways_scroll(phone)
