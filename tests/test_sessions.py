"""Sessions that end: after logout, "cerrar otras sesiones", a password change or a
deactivation, replaying the old session cookie or the old remember-me cookie gets the
login page. Every test logs in through the real form with "Recordarme" ticked."""

from __future__ import annotations

import pytest

from red.services import accounts
from tests.conftest import DEMO_ACCOUNTS, DEMO_PASSWORD

EMAIL = "sesiones@prueba.co"
PASSWORD = "clave-segura-123"
PRIVATE_PAGE = "/cuenta/contrasena"  # any page that needs a login
REMEMBER = "remember_token"


@pytest.fixture
def account(db):
    user = accounts.create_user(
        db.session, email=EMAIL, full_name="Persona Sesiones", password=PASSWORD, role="nucleo"
    )
    db.session.commit()
    return user


def log_in(client, password: str = PASSWORD) -> dict[str, str]:
    """Log in with "Recordarme"; returns the cookies the browser now holds."""
    response = client.post("/login", data={"email": EMAIL, "password": password, "remember": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    cookies = {name: client.get_cookie(name).value for name in ("session", REMEMBER)}
    assert all(cookies.values()), "the login form did not set both cookies"
    return cookies


def replay(app, name: str, value: str):
    """A fresh browser that carries only one stolen or left-over cookie."""
    browser = app.test_client()
    browser.set_cookie(name, value)
    return browser.get(PRIVATE_PAGE)


def assert_login_page(response) -> None:
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def assert_logged_in(client) -> None:
    assert client.get(PRIVATE_PAGE).status_code == 200


def test_replayed_cookies_work_while_the_session_is_open(app, client, account):
    """The replay tests below prove something only if a replay works before the end."""
    cookies = log_in(client)
    for name, value in cookies.items():
        assert replay(app, name, value).status_code == 200, name


def test_logout_deletes_the_remember_cookie(client, account):
    log_in(client)
    response = client.post("/logout")
    assert response.status_code == 302
    deleted = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{REMEMBER}=")]
    assert deleted and "Expires=Thu, 01 Jan 1970" in deleted[0]
    assert client.get_cookie(REMEMBER) is None
    assert_login_page(client.get(PRIVATE_PAGE))  # reload: no longer logged in


@pytest.mark.parametrize("cookie", ["session", REMEMBER])
def test_cookies_copied_before_logout_are_dead_after_it(app, client, account, cookie):
    cookies = log_in(client)
    client.post("/logout")
    assert_login_page(replay(app, cookie, cookies[cookie]))


def test_logout_ends_only_this_browser(app, client, account):
    other = app.test_client()
    log_in(other)
    log_in(client)
    client.post("/logout")
    assert_logged_in(other)


@pytest.mark.parametrize("cookie", ["session", REMEMBER])
def test_close_other_sessions(app, client, account, cookie):
    other = app.test_client()
    old = log_in(other)
    log_in(client)
    response = client.post("/cuenta/cerrar-otras-sesiones")
    assert response.status_code == 302
    assert_logged_in(client)
    assert_login_page(replay(app, cookie, old[cookie]))
    assert_login_page(other.get(PRIVATE_PAGE))


@pytest.mark.parametrize("cookie", ["session", REMEMBER])
def test_password_change_ends_the_other_sessions(app, client, account, cookie):
    other = app.test_client()
    old = log_in(other)
    log_in(client)
    response = client.post(
        PRIVATE_PAGE,
        data={
            "current_password": PASSWORD,
            "new_password": "otra-clave-segura-456",
            "confirm": "otra-clave-segura-456",
        },
    )
    assert response.status_code == 302
    assert_logged_in(client)
    assert_login_page(replay(app, cookie, old[cookie]))


@pytest.mark.parametrize("cookie", ["session", REMEMBER])
def test_deactivation_ends_every_session(app, client, account, cookie):
    old = log_in(client)
    admin = app.test_client()
    admin.post("/login", data={"email": DEMO_ACCOUNTS["admin"], "password": DEMO_PASSWORD})
    response = admin.post(f"/admin/usuarios/{account.id}/desactivar")
    assert response.status_code == 302
    assert_login_page(replay(app, cookie, old[cookie]))
    assert_login_page(client.get(PRIVATE_PAGE))


def test_admin_resetting_their_own_password_stays_logged_in(app, client, db):
    """The admin's own reset ends their other sessions, not the browser that did it."""
    from tests.conftest import user_by_email

    admin_email = DEMO_ACCOUNTS["admin"]
    other = app.test_client()
    for browser in (client, other):
        browser.post("/login", data={"email": admin_email, "password": DEMO_PASSWORD})
    admin = user_by_email(admin_email)
    response = client.post(
        f"/admin/usuarios/{admin.id}/contrasena",
        data={"password": "nueva-clave-segura-789", "confirm": "nueva-clave-segura-789"},
    )
    assert response.status_code == 302
    assert client.get("/admin/usuarios").status_code == 200
    assert_login_page(other.get("/admin/usuarios"))
