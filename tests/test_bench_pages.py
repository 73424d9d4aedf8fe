"""The benchmark's reference pages live in bench/, outside the application: the app never
serves them; the benchmark's own app (bench/wsgi.py) does."""

from bench.pages import with_bench_pages
from red import create_app
from red.config import TestConfig


def test_the_application_has_no_bench_pages(client):
    assert client.get("/_bench/plaintext").status_code == 404
    assert client.get("/_bench/fortunes").status_code == 404


def test_bench_pages_on_the_benchmarks_app():
    app = with_bench_pages(create_app(TestConfig))
    with app.app_context():
        from red.extensions import db

        db.create_all()
    client = app.test_client()
    assert client.get("/_bench/plaintext").get_data(as_text=True) == "Hola, mundo"
    page = client.get("/_bench/fortunes").get_data(as_text=True)
    assert "&lt;script&gt;" in page
