"""Error answers a browser or an API client can act on: 405 says which methods work."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/cuenta/cerrar-otras-sesiones", {"POST"}),
        ("POST", "/privacidad", {"GET", "HEAD", "OPTIONS"}),
        ("DELETE", "/login", {"GET", "HEAD", "OPTIONS", "POST"}),
        ("POST", "/api/v1/programs", {"GET", "HEAD", "OPTIONS"}),
    ],
)
def test_405_carries_allow(client, method, path, allowed):
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= allowed - {"OPTIONS"}
    if path.startswith("/api/"):
        assert response.get_json()["error"]["code"] == 405
    else:
        assert "Método no permitido" in response.get_data(as_text=True)


# Out-of-range values that gave a 500 before (issue 14), now a Spanish 400.
ISSUE_URLS = [
    ("admin", "/indicadores/actividad?desde=0001-01-01&hasta=9999-12-31", "desde"),
    ("admin", "/nucleo?periodo=0001-T1", "periodo"),
    ("admin", "/nucleo?desde=0001-01-02&hasta=0001-03-01", "desde"),
    ("staff_ccc", "/mi-cumplimiento?desde=0001-01-02&hasta=0001-03-01", "desde"),
    ("staff_ccc", "/emprendedores?etapa=99999999999999999999", "etapa"),
    ("staff_ccc", "/atenciones?tipo=99999999999999999999", "tipo"),
    ("staff_ccc", "/emprendedores?page=99999999999999999999", "page"),
    ("admin", "/compromisos?desde=9999-12-31", "desde"),
]


@pytest.mark.parametrize(("who", "url", "name"), ISSUE_URLS)
def test_out_of_range_values_answer_a_spanish_400(client, login_as, who, url, name):
    login_as(who)
    response = client.get(url)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Revise los filtros" in page and f"«{name}» no es válido" in page


def test_the_400_page_keeps_the_other_filters(client, login_as):
    login_as("staff_ccc")
    response = client.get("/atenciones?q=maria&desde=31/12/0001&tipo=3")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'name="q" value="maria"' in page and 'name="tipo" value="3"' in page
    assert 'name="desde" value="31/12/0001"' in page and "is-invalid" in page
    assert "entre 01/01/1900 y 31/12/2100" in page
    assert 'href="/atenciones?q=maria&amp;tipo=3"' in page  # «Quitar «desde» y seguir»


def test_dates_are_accepted_as_dd_mm_aaaa_and_iso(client, login_as):
    login_as("staff_ccc")
    for value in ("30/06/2025", "2025-06-30"):
        assert client.get(f"/atenciones?desde={value}").status_code == 200, value


def test_api_answers_a_json_400_naming_the_parameter(client):
    response = client.get("/api/v1/programs?page=0")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["parameter"] == "page" and "entre 1 y 10.000" in error["message"]


def test_audit_filter_dates_out_of_range_are_a_message_on_the_form(client, login_as):
    login_as("admin")
    page = client.get("/admin/auditoria?since=0001-01-01").get_data(as_text=True)
    assert "Escriba una fecha entre 01/01/1900 y 31/12/2100." in page
