"""Headers, cookies, CSRF and error pages."""

from __future__ import annotations

import pytest

from red import create_app
from red.config import TestConfig


@pytest.mark.parametrize("path", ["/", "/login", "/no-existe", "/healthz"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "base-uri 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_404_is_spanish(client):
    response = client.get("/no-existe")
    assert response.status_code == 404
    assert "Página no encontrada" in response.get_data(as_text=True)


def test_logged_in_pages_are_not_cached(client, login_as):
    login_as("admin")
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_session_cookie_flags(app, client, db):
    from red.services import accounts

    accounts.create_user(
        db.session, email="c@x.co", full_name="C", password="clave-segura-1", role="nucleo"
    )
    db.session.commit()
    response = client.post("/login", data={"email": "c@x.co", "password": "clave-segura-1"})
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_csrf_is_enforced_outside_tests():
    app = create_app(TestConfig, WTF_CSRF_ENABLED=True)
    with app.app_context():
        from red.extensions import db

        db.create_all()
    response = app.test_client().post("/login", data={"email": "a@b.co", "password": "x"})
    assert response.status_code == 400
    assert "Solicitud no válida" in response.get_data(as_text=True)


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_secret_key_generated_into_instance(tmp_path, monkeypatch):
    from red.config import load_or_create_secret_key

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_or_create_secret_key(tmp_path)
    assert len(first) >= 32
    assert load_or_create_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
