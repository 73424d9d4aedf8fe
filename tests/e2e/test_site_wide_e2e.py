"""Site-wide: every page of the browser suite at phone (390 px) and desktop (1280 px) width
has no serious or critical axe finding (WCAG 2.2's 24 px target size included), the page
says lang="es" and hyphenates, and the favicon answers."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, _page, axe_violations

PUBLIC = [
    "/",
    "/login",
    "/privacidad",
    "/ruta",
    "/ruta?q=agro",
    "/ruta?municipio=54810",
    "/ruta/pequenos-emprendedores",
    "/ruta/pequenos-emprendedores/inscribirse",
    "/ruta/encuentra?etapa=1",
    "/ruta/seguimiento",
    "/actores",
    "/actores/camara-de-comercio-de-cucuta",
    "/eventos",
    "/eventos/cumo",
    "/datos",
]
STAFF = [
    "/inicio",
    "/avisos/preferencias",
    "/cuenta/calendario",
    "/ruta/gestion",
    "/ruta/nuevo",
    "/emprendedores",
    "/emprendedores/nuevo",
    "/atenciones",
    "/atenciones/nueva",
    "/remisiones",
    "/eventos/nuevo",
    "/mi-cumplimiento",
    "/avisos",
]
NUCLEO = ["/inicio", "/nucleo", "/indicadores", "/indicadores/actividad", "/compromisos", "/mesas"]
ADMIN = ["/inicio", "/admin/usuarios", "/admin/catalogos", "/admin/auditoria", "/derechos"]
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


def _findings(page, live_server, paths):
    found = {}
    for path in paths:
        page.goto(f"{live_server}{path}")
        page.wait_for_load_state()
        violations = axe_violations(page)
        if violations:
            found[path] = [(v["id"], v["nodes"][0]["html"][:140]) for v in violations]
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("who", "paths"),
    [
        (None, PUBLIC),
        ("gestor.ccc@red.demo", STAFF),
        ("nucleo@red.demo", NUCLEO),
        ("admin@red.demo", ADMIN),
    ],
    ids=["public", "staff", "nucleo", "admin"],
)
def test_no_serious_axe_finding_on_any_page(
    browser, request, login, live_server, width, who, paths
):
    for page in _page(browser, request, WIDTHS[width]):
        if who:
            login(page, who)
        assert _findings(page, live_server, paths) == {}


def test_lang_hyphens_and_favicon(phone, live_server):
    phone.goto(f"{live_server}/ruta")
    assert phone.evaluate("document.documentElement.lang") == "es"
    assert phone.evaluate("getComputedStyle(document.body).hyphens") == "auto"
    icon = phone.request.get(f"{live_server}/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"].startswith("image/")
    linked = phone.evaluate("document.querySelector('link[rel=icon]').href")
    assert phone.request.get(linked).status == 200


def test_breadcrumbs_chips_and_pagers_are_24_px(phone, live_server):
    """The controls the walk found at 19–22 px, measured in the browser."""
    small = []
    for path in ("/ruta?q=agro", "/ruta/pequenos-emprendedores", "/actores", "/eventos"):
        phone.goto(f"{live_server}{path}")
        small += phone.evaluate(
            """() => [...document.querySelectorAll(
                '.breadcrumb a, .pagination .page-link, a.badge, .badge a, .btn, summary')]
              .filter(el => el.offsetParent !== null)
              .map(el => [el.textContent.trim().slice(0, 30), el.getBoundingClientRect()])
              .filter(([, r]) => r.width < 24 || r.height < 24)
              .map(([text, r]) => `${location.pathname}: ${text} ${r.width}x${r.height}`)"""
        )
    assert small == []
