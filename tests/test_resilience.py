"""With the database gone, pages answer a Spanish 503, and recover when it is back."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.pool import NullPool

from red import create_app
from red.config import TestConfig


def _app_on_a_folder(tmp_path):
    """An app whose SQLite file lives in a folder the test can take away."""
    folder = tmp_path / "datos"
    folder.mkdir()
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'red.db'}",
        SQLALCHEMY_ENGINE_OPTIONS={"poolclass": NullPool},
    )
    return app, folder


def test_database_outage_gives_503_and_recovers(tmp_path):
    app, folder = _app_on_a_folder(tmp_path)
    with app.app_context():
        from red.extensions import db

        db.create_all()
    client = app.test_client()
    assert client.get("/").status_code == 200

    folder.rename(tmp_path / "perdida")
    page = client.get("/")
    assert page.status_code == 503
    assert "Servicio no disponible" in page.get_data(as_text=True)
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["database"] == "unavailable"

    (tmp_path / "perdida").rename(folder)
    assert client.get("/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_database_outage_gives_503_to_a_logged_in_user(tmp_path):
    """The 503 page must not need the database: no user loading, no unread badge."""
    app, folder = _app_on_a_folder(tmp_path)
    client = app.test_client()
    with app.app_context():
        from red.extensions import db
        from red.services import accounts

        db.create_all()
        user = accounts.create_user(
            db.session, email="caida@prueba.co", full_name="Gestora Caída",
            password="clave-segura-123", role="nucleo",
        )  # fmt: skip
        session_id = accounts.open_session(db.session, user, timedelta(hours=1))
        db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
    assert "Gestora Caída" in client.get("/").get_data(as_text=True)

    folder.rename(tmp_path / "perdida")
    for path in ("/", "/nucleo", "/emprendedores"):
        page = client.get(path)
        assert page.status_code == 503, path
        text = page.get_data(as_text=True)
        assert "Servicio no disponible" in text and '<html lang="es">' in text
        assert page.headers.get("Retry-After")

    (tmp_path / "perdida").rename(folder)
    assert "Gestora Caída" in client.get("/").get_data(as_text=True)
