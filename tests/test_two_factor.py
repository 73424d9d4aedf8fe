"""Second factor (TOTP) required for admin and núcleo, offered to member staff."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import func, select

from red.models import RecoveryCode
from red.services import accounts, two_factor


@pytest.fixture
def required(app):
    app.config["TOTP_REQUIRED_ROLES"] = ("admin", "nucleo")
    yield
    app.config["TOTP_REQUIRED_ROLES"] = ()


def make_user(db, role="nucleo", email="dos@pasos.co", actor_id=None):
    user = accounts.create_user(
        db.session,
        email=email,
        full_name="Dos Pasos",
        password="clave-segura-123",
        role=role,
        actor_id=actor_id,
    )
    db.session.commit()
    return user


def login(client, email="dos@pasos.co"):
    return client.post("/login", data={"email": email, "password": "clave-segura-123"})


def enrol(client):
    page = client.get("/cuenta/dos-pasos").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    response = client.post("/cuenta/dos-pasos", data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<li>([0-9a-f]{6}-[0-9a-f]{6})</li>", response.get_data(as_text=True))
    return secret, codes


def test_nucleo_must_enrol_before_anything_else(client, db, required):
    make_user(db)
    login(client)
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/cuenta/dos-pasos")
    page = client.get("/cuenta/dos-pasos").get_data(as_text=True)
    assert "<svg" in page and "Activar la verificación en dos pasos" in page


def test_enrolment_gives_ten_recovery_codes_stored_hashed(client, db, required):
    user = make_user(db)
    login(client)
    _secret, codes = enrol(client)
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    stored = db.session.scalars(
        select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)
    ).all()
    assert len(stored) == 10 and not set(codes) & set(stored)


def test_wrong_setup_code_is_refused(client, db, required):
    make_user(db)
    login(client)
    client.get("/cuenta/dos-pasos")
    response = client.post("/cuenta/dos-pasos", data={"code": "000000"})
    assert "El código no coincide" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_enrolled_login_asks_for_the_code(app, client, db, required):
    make_user(db)
    login(client)
    secret, codes = enrol(client)
    client.post("/logout")
    response = login(client)
    assert response.headers["Location"].endswith("/login/verificacion")
    assert client.get("/cuenta/contrasena").status_code == 302  # not logged in yet
    bad = client.post("/login/verificacion", data={"code": "123456"})
    assert "no es válido" in bad.get_data(as_text=True)
    # The next time step's code: the one enrolment used cannot be replayed.
    code = pyotp.TOTP(secret).at(time.time() + 30)
    assert client.post("/login/verificacion", data={"code": code}).status_code == 302
    assert client.get("/cuenta/contrasena").status_code == 200


def test_recovery_code_works_once(client, db, required):
    make_user(db)
    login(client)
    _secret, codes = enrol(client)
    client.post("/logout")
    login(client)
    assert client.post("/login/verificacion", data={"code": codes[0]}).status_code == 302
    client.post("/logout")
    login(client)
    again = client.post("/login/verificacion", data={"code": codes[0]})
    assert again.status_code == 200 and "no es válido" in again.get_data(as_text=True)


def test_verification_page_needs_a_password_first(client):
    response = client.get("/login/verificacion")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")


def test_member_staff_may_opt_in_and_out(client, db, required, login_as):
    staff = login_as("staff_ccc")
    assert client.get("/").status_code == 200  # not required for staff
    enrol(client)
    assert two_factor.is_enrolled(staff)
    response = client.post("/cuenta/dos-pasos/desactivar", data={"password": "demo-red-2026"})
    assert response.status_code == 302
    assert not two_factor.is_enrolled(staff)
    assert (
        db.session.scalar(
            select(func.count(RecoveryCode.id)).where(RecoveryCode.user_id == staff.id)
        )
        == 0
    )


def test_required_roles_cannot_disable(client, db, required):
    make_user(db)
    login(client)
    enrol(client)
    assert (
        client.post(
            "/cuenta/dos-pasos/desactivar", data={"password": "clave-segura-123"}
        ).status_code
        == 403
    )
