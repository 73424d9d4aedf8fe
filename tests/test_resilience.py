"""With the database gone, pages answer a Spanish 503, and recover when it is back."""

from __future__ import annotations

from sqlalchemy.pool import NullPool

from red import create_app
from red.config import TestConfig


def test_database_outage_gives_503_and_recovers(tmp_path):
    folder = tmp_path / "datos"
    folder.mkdir()
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'red.db'}",
        SQLALCHEMY_ENGINE_OPTIONS={"poolclass": NullPool},
    )
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
