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


def test_load_alternates_the_page_with_fortunes_and_reports_the_share(monkeypatch):
    """The logged-in catalog's req/s is compared with fortunes' measured in the same minutes:
    short slices take turns, and the report says the share against issue 17's 40 %."""
    from bench import run

    slices = []

    def fake_burst(server, page, cookie, seconds, clients):
        slices.append(page.path)
        return (30 if page.path == run.FORTUNES else 12), seconds

    monkeypatch.setattr(run, "burst", fake_burst)
    page = run.key_pages(1)[1]
    assert page.rps_share_goal == 0.40
    rps, fortunes_rps = run.throughput(None, page, "cookie", seconds=2, clients=8)
    measured = slices[2:]  # after one warm-up slice of each
    assert measured.count(page.path) == measured.count(run.FORTUNES) == 4
    assert measured[:4] == [page.path, run.FORTUNES, run.FORTUNES, page.path]
    assert (rps, fortunes_rps) == (24.0, 60.0)

    result = run.Result(page, p95=10, status=200, rps=rps, fortunes_rps=fortunes_rps)
    data = run.DataSet("sqlite", "1k", "sqlite://", results=[result])
    line = run.goal_lines({("sqlite", "1k"): data}, "1k", 0, ["sqlite"])[0]
    assert "24 req/s = 40 % de fortunes (60 req/s en los mismos tramos)" in line
    assert line.endswith("≥ 40 % (issue 17) → cumple")
