"""The benchmark's reference pages exist only when BENCH_PAGES is on."""

from red import create_app
from red.config import TestConfig


def test_bench_pages_are_off_by_default(client):
    assert client.get("/_bench/plaintext").status_code == 404


def test_bench_pages_when_enabled():
    app = create_app(TestConfig, BENCH_PAGES=True)
    with app.app_context():
        from red.extensions import db

        db.create_all()
    client = app.test_client()
    assert client.get("/_bench/plaintext").get_data(as_text=True) == "Hola, mundo"
    page = client.get("/_bench/fortunes").get_data(as_text=True)
    assert "&lt;script&gt;" in page
