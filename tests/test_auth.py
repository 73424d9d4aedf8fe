"""Login, logout, throttling, revocable sessions and safe redirects."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from red.blueprints.auth.safe_redirect import safe_next
from red.models import LoginFailure, User
from red.services import accounts
from tests.conftest import DEMO_PASSWORD


def make_user(db, email="persona@prueba.co", role="nucleo", password="clave-segura-123"):
    user = accounts.create_user(
        db.session, email=email, full_name="Persona Prueba", password=password, role=role
    )
    db.session.commit()
    return user


def login(client, email, password, **extra):
    return client.post("/login", data={"email": email, "password": password}, **extra)


def test_login_page_is_spanish(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "Correo electrónico" in page and "Contraseña" in page


def test_password_is_argon2id(db):
    user = make_user(db)
    assert user.password_hash.startswith("$argon2id$")
    assert "m=19456,t=2,p=1" in user.password_hash


def test_login_and_logout(client, db):
    make_user(db)
    response = login(client, "Persona@Prueba.co", "clave-segura-123")
    assert response.status_code == 302
    assert "Persona Prueba" in client.get("/").get_data(as_text=True)
    response = client.post("/logout")
    assert response.status_code == 302
    assert "Ingresar" in client.get("/").get_data(as_text=True)


def test_wrong_password_keeps_email_and_says_why(client, db):
    make_user(db)
    response = login(client, "persona@prueba.co", "equivocada")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Correo o contraseña incorrectos" in page
    assert 'value="persona@prueba.co"' in page


@pytest.mark.parametrize("who", ["admin", "nucleo", "staff_ccc", "staff_sena", "entrepreneur"])
def test_demo_accounts_can_log_in(client, who):
    from tests.conftest import DEMO_ACCOUNTS

    response = login(client, DEMO_ACCOUNTS[who], DEMO_PASSWORD)
    assert response.status_code == 302, f"{who} could not log in"


def test_inactive_user_cannot_log_in(client, db):
    user = make_user(db)
    accounts.set_active(user, False)
    db.session.commit()
    response = login(client, "persona@prueba.co", "clave-segura-123")
    assert "Correo o contraseña incorrectos" in response.get_data(as_text=True)


def test_account_lockout_after_repeated_failures_is_kept_in_the_database(app, client, db):
    make_user(db)
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        assert login(client, "persona@prueba.co", "mala-clave").status_code == 200
    assert db.session.scalar(select(func.count(LoginFailure.id))) >= limit
    # Even the right password is refused now, from any client (any worker).
    other_client = app.test_client()
    response = login(other_client, "persona@prueba.co", "clave-segura-123")
    assert response.status_code == 429
    assert "Demasiados intentos fallidos" in response.get_data(as_text=True)


def test_successful_login_clears_failures(client, db):
    make_user(db)
    login(client, "persona@prueba.co", "mala-clave")
    login(client, "persona@prueba.co", "clave-segura-123")
    assert db.session.scalar(select(func.count(LoginFailure.id))) == 0


def test_password_change_ends_other_sessions(app, client, db):
    make_user(db)
    other = app.test_client()
    login(client, "persona@prueba.co", "clave-segura-123")
    login(other, "persona@prueba.co", "clave-segura-123")
    response = client.post(
        "/cuenta/contrasena",
        data={
            "current_password": "clave-segura-123",
            "new_password": "otra-clave-segura-456",
            "confirm": "otra-clave-segura-456",
        },
    )
    assert response.status_code == 302
    # This session goes on; the other one is over.
    assert client.get("/cuenta/contrasena").status_code == 200
    assert other.get("/cuenta/contrasena").status_code == 302


def test_deactivation_ends_sessions(app, client, db):
    user = make_user(db)
    login(client, "persona@prueba.co", "clave-segura-123")
    assert client.get("/cuenta/contrasena").status_code == 200
    accounts.set_active(db.session.get(User, user.id), False)
    db.session.commit()
    assert client.get("/cuenta/contrasena").status_code == 302


def test_login_regenerates_session(client, db):
    make_user(db)
    with client.session_transaction() as session:
        session["planted"] = "fixation"
    login(client, "persona@prueba.co", "clave-segura-123")
    with client.session_transaction() as session:
        assert "planted" not in session


@pytest.mark.parametrize(
    "target",
    [
        "//evil.com",
        "/\\evil.com",
        "https://evil.com",
        "https:evil.com",
        "javascript:alert(1)",
        "%2F%2Fevil.com",
        "/%2F/evil.com",
        "%252F%252Fevil.com",
        "\\\\evil.com",
        "/\tevil",
        "evil.com",
    ],
)
def test_unsafe_next_is_refused(target):
    assert safe_next(target) is None


def test_safe_next_keeps_local_paths():
    assert safe_next("/ruta?q=cafe") == "/ruta?q=cafe"


def test_login_follows_only_local_next(client, db):
    make_user(db)
    response = login(
        client, "persona@prueba.co", "clave-segura-123", query_string={"next": "//evil.com"}
    )
    assert response.headers["Location"] == "/inicio"
    client.post("/logout")
    response = login(
        client, "persona@prueba.co", "clave-segura-123", query_string={"next": "/privacidad"}
    )
    assert response.headers["Location"] == "/privacidad"


def test_create_user_rules(db):
    with pytest.raises(accounts.AccountError, match="necesitan un actor"):
        accounts.create_user(
            db.session, email="g@x.co", full_name="G", password="clave-segura-1", role="actor_staff"
        )
    with pytest.raises(accounts.AccountError, match="al menos 10"):
        accounts.create_user(
            db.session, email="g@x.co", full_name="G", password="corta", role="admin"
        )
    make_user(db, email="dup@x.co")
    with pytest.raises(accounts.AccountError, match="Ya existe"):
        make_user(db, email="DUP@x.co")
