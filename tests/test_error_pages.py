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
