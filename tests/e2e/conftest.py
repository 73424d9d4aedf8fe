"""End-to-end tests in a real browser: Playwright driving Debian's chromium.

The app runs in a thread on 127.0.0.1 with its own SQLite file (migrated schema, demo
data and the living demo's activity), exactly as `make run` serves it, CSRF on. Never downloads a browser: without
/usr/bin/chromium the tests are skipped with one line saying how to install it.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    reason = None
    if os.environ.get("TEST_DATABASE_URL"):
        reason = "browser tests run in the SQLite pass only (they use their own database file)"
    elif not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        reason = "no chromium: install it with `apt-get install chromium` to run browser tests"
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            reason = "playwright is not installed: `make test` installs it"
    if reason:
        marker = pytest.mark.skip(reason=reason)
        for item in items:
            if "tests/e2e/" in str(item.fspath):
                item.add_marker(marker)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[str]:
    from werkzeug.serving import make_server

    from red import create_app
    from red.config import Config
    from red.extensions import db

    folder = tmp_path_factory.mktemp("e2e")
    app = create_app(
        Config,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'e2e.db'}",
        SECRET_KEY="e2e-secret-key-for-tests-only",
        TOTP_REQUIRED_ROLES=(),
        LOGIN_RATE_LIMIT="1000 per minute",
        INSTANCE_UPLOADS=str(folder / "uploads"),
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        from red.seed.demo import seed_demo
        from red.seed.demo_activity import seed_demo_activity

        seed_demo(db.session)
        seed_demo_activity(db.session)  # as `flask red seed-demo` (make run) loads it
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(browser, request, viewport):
    context = browser.new_context(viewport=viewport, locale="es-CO")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def phone(browser, request):
    yield from _page(browser, request, PHONE)


@pytest.fixture
def desktop(browser, request):
    yield from _page(browser, request, DESKTOP)


@pytest.fixture
def login(live_server):
    """login(page, "gestor.ccc@red.demo") through the real form."""

    def _login(page, email, password="demo-red-2026"):
        page.goto(f"{live_server}/login")
        page.get_by_label("Correo electrónico").fill(email)
        page.get_by_label("Contraseña").fill(password)
        page.get_by_role("button", name="Ingresar").click()
        page.wait_for_load_state()
        assert "/login" not in page.url, page.content()[:500]

    return _login


# axe-core leaves WCAG 2.2's target-size rule (2.5.8, 24 × 24 px) off by default; Red asks it.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


def axe_violations(page, impacts=("serious", "critical")):
    """axe-core run on the current page (target size included); the serious and critical
    violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [v for v in results.response["violations"] if v.get("impact") in impacts]
