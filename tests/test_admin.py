"""The admin area: who reaches each page, accounts, actor teams, catalogs and the audit log."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import DEMO_ACCOUNTS, put_session, user_by_email
from sqlalchemy import func, select

from red.models import Actor, AuditEntry, ServiceType, User
from red.models.base import utcnow
from red.services import accounts

NEW_PASSWORD = "clave-nueva-2026"
ROLES_UNDER_TEST = ("anonymous", "entrepreneur", "staff_ccc", "nucleo", "actor_admin_ccc", "admin")


def field_errors(response) -> list[str]:
    return re.findall(r'invalid-feedback d-block">([^<]*)<', response.get_data(as_text=True))


def count_users(db) -> int:
    return db.session.scalar(select(func.count(User.id)))


def login_client(app, user):
    """A second browser, logged in as `user` (as the login_as fixture does)."""
    other = app.test_client()
    put_session(other, user)
    return other


@pytest.fixture
def service_type(db):
    entry = ServiceType(code="prueba-matriz", name="Servicio de prueba", position=99)
    db.session.add(entry)
    db.session.commit()
    return entry


# --- who may reach what -----------------------------------------------------------------

ADMIN_ONLY = {"admin": 200}
TEAM = {"admin": 200, "actor_admin_ccc": 200}
# (method, path, endpoint, statuses for the roles allowed; everyone else logged in gets 403)
ROUTES = [
    ("GET", "/admin/", "admin.index", ADMIN_ONLY),
    ("GET", "/admin/usuarios", "admin.users", ADMIN_ONLY),
    ("GET", "/admin/usuarios/nuevo", "admin.user_new", ADMIN_ONLY),
    ("POST", "/admin/usuarios/nuevo", "admin.user_new", ADMIN_ONLY),
    ("POST", "/admin/usuarios/{sena_staff}/desactivar", "admin.user_deactivate", {"admin": 302}),
    ("POST", "/admin/usuarios/{sena_staff}/activar", "admin.user_activate", {"admin": 302}),
    ("GET", "/admin/usuarios/{sena_staff}/contrasena", "admin.user_password", ADMIN_ONLY),
    ("POST", "/admin/usuarios/{sena_staff}/contrasena", "admin.user_password", ADMIN_ONLY),
    ("GET", "/admin/mi-equipo?actor={ccc}", "admin.team", TEAM),
    ("GET", "/admin/mi-equipo/nuevo?actor={ccc}", "admin.team_new", TEAM),
    ("POST", "/admin/mi-equipo/nuevo?actor={ccc}", "admin.team_new", TEAM),
    (
        "POST",
        "/admin/mi-equipo/{ccc_staff}/desactivar",
        "admin.team_deactivate",
        {"admin": 302, "actor_admin_ccc": 302},
    ),
    (
        "POST",
        "/admin/mi-equipo/{ccc_staff}/activar",
        "admin.team_activate",
        {"admin": 302, "actor_admin_ccc": 302},
    ),
    ("GET", "/admin/catalogos", "admin.catalogs", ADMIN_ONLY),
    ("GET", "/admin/catalogos/tipos-servicio", "admin.catalog_entries", ADMIN_ONLY),
    ("GET", "/admin/catalogos/etapas/nuevo", "admin.catalog_new", ADMIN_ONLY),
    ("POST", "/admin/catalogos/etapas/nuevo", "admin.catalog_new", ADMIN_ONLY),
    ("GET", "/admin/catalogos/tipos-servicio/{entry}/editar", "admin.catalog_edit", ADMIN_ONLY),
    ("POST", "/admin/catalogos/tipos-servicio/{entry}/editar", "admin.catalog_edit", ADMIN_ONLY),
    (
        "GET",
        "/admin/catalogos/tipos-servicio/{entry}/desactivar",
        "admin.catalog_deactivate",
        ADMIN_ONLY,
    ),
    (
        "POST",
        "/admin/catalogos/tipos-servicio/{entry}/desactivar",
        "admin.catalog_deactivate",
        {"admin": 302},
    ),
    (
        "POST",
        "/admin/catalogos/tipos-servicio/{entry}/activar",
        "admin.catalog_activate",
        {"admin": 302},
    ),
    ("GET", "/admin/auditoria", "admin.audit", ADMIN_ONLY),
]


@pytest.mark.parametrize("role", ROLES_UNDER_TEST)
@pytest.mark.parametrize(("method", "path", "endpoint", "allowed"), ROUTES)
def test_access_matrix(client, login_as, service_type, role, method, path, endpoint, allowed):
    ids = {
        "sena_staff": user_by_email(DEMO_ACCOUNTS["staff_sena"]).id,
        "ccc_staff": user_by_email(DEMO_ACCOUNTS["staff_ccc"]).id,
        "ccc": user_by_email(DEMO_ACCOUNTS["actor_admin_ccc"]).actor_id,
        "entry": service_type.id,
    }
    if role != "anonymous":
        login_as(role)
    response = client.open(path.format(**ids), method=method)
    if role == "anonymous":
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == allowed.get(role, 403), (role, method, path)


def test_every_admin_route_is_in_the_matrix(app):
    covered = {(method, endpoint) for method, _path, endpoint, _allowed in ROUTES}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (method, rule.endpoint) in covered, f"{method} {rule.rule} not tested"


def test_admin_pages_write_nothing_on_get(client, login_as, service_type, count_queries):
    login_as("admin")
    sena_staff = user_by_email(DEMO_ACCOUNTS["staff_sena"])
    paths = [
        "/admin/",
        "/admin/usuarios?q=red&rol=actor_staff",
        "/admin/usuarios/nuevo",
        f"/admin/usuarios/{sena_staff.id}/contrasena",
        f"/admin/mi-equipo?actor={sena_staff.actor_id}",
        "/admin/catalogos",
        "/admin/catalogos/poblaciones",
        f"/admin/catalogos/tipos-servicio/{service_type.id}/desactivar",
        "/admin/auditoria",
    ]
    with count_queries() as counter:
        for path in paths:
            assert client.get(path).status_code == 200, path
    writes = [s for s in counter.statements if re.match(r"\s*(INSERT|UPDATE|DELETE)", s, re.I)]
    assert writes == []


# --- accounts (system admin) ------------------------------------------------------------


def staff_form(**changes) -> dict:
    data = {
        "email": "Nueva.Gestora@Example.co",
        "full_name": "Nueva Gestora",
        "role": "actor_staff",
        "actor_id": "",
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
    }
    data.update(changes)
    return data


def test_admin_creates_a_staff_account(client, login_as, db):
    login_as("admin")
    actor_id = user_by_email(DEMO_ACCOUNTS["staff_sena"]).actor_id
    response = client.post("/admin/usuarios/nuevo", data=staff_form(actor_id=str(actor_id)))
    assert response.status_code == 302
    user = user_by_email("nueva.gestora@example.co")
    assert user is not None
    assert (user.role, user.actor_id, user.active) == ("actor_staff", actor_id, True)
    assert accounts.verify_password(user.password_hash, NEW_PASSWORD)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Cuenta creada para Nueva Gestora" in page


def test_staff_account_needs_an_actor(client, login_as, db):
    login_as("admin")
    before = count_users(db)
    response = client.post("/admin/usuarios/nuevo", data=staff_form())
    assert response.status_code == 200
    assert any("Elija el actor" in error for error in field_errors(response))
    assert 'value="Nueva Gestora"' in response.get_data(as_text=True)  # input kept
    assert count_users(db) == before


def test_short_password_is_refused(client, login_as, db):
    login_as("admin")
    before = count_users(db)
    response = client.post(
        "/admin/usuarios/nuevo", data=staff_form(role="nucleo", password="corta", confirm="corta")
    )
    assert response.status_code == 200
    assert "La contraseña debe tener al menos 10 caracteres." in field_errors(response)
    assert count_users(db) == before


def test_duplicate_email_is_refused(client, login_as, db):
    login_as("admin")
    before = count_users(db)
    response = client.post(
        "/admin/usuarios/nuevo",
        data=staff_form(role="nucleo", email=DEMO_ACCOUNTS["nucleo"].upper()),
    )
    assert response.status_code == 200
    assert any("Ya existe una cuenta" in error for error in field_errors(response))
    assert count_users(db) == before


def test_entrepreneur_role_is_not_offered(client, login_as, db):
    login_as("admin")
    before = count_users(db)
    response = client.post("/admin/usuarios/nuevo", data=staff_form(role="entrepreneur"))
    assert response.status_code == 200
    assert "Elija una opción de la lista." in field_errors(response)
    assert count_users(db) == before


def test_user_list_searches_and_filters(client, login_as):
    login_as("admin")
    page = client.get("/admin/usuarios?q=GESTOR.CCC").get_data(as_text=True)
    assert DEMO_ACCOUNTS["staff_ccc"] in page
    assert DEMO_ACCOUNTS["nucleo"] not in page
    page = client.get("/admin/usuarios?rol=nucleo").get_data(as_text=True)
    assert DEMO_ACCOUNTS["nucleo"] in page
    assert DEMO_ACCOUNTS["staff_ccc"] not in page


def test_user_search_ignores_accents_and_case(client, login_as):
    """ "Nucleo", "NÚCLEO" and "núcleo" all find "Núcleo Demo"."""
    login_as("admin")
    for text in ("nucleo demo", "NÚCLEO", "Núcleo"):
        page = client.get(f"/admin/usuarios?q={text}").get_data(as_text=True)
        assert DEMO_ACCOUNTS["nucleo"] in page, text
        assert DEMO_ACCOUNTS["staff_ccc"] not in page, text


def test_user_list_query_count_does_not_grow_with_rows(client, login_as, db, count_queries):
    login_as("admin")
    actor_id = user_by_email(DEMO_ACCOUNTS["staff_sena"]).actor_id

    def add_users(numbers: range) -> None:
        for n in numbers:
            db.session.add(
                User(
                    email=f"zz-prueba-{n}@example.co",
                    full_name=f"ZZ-prueba {n}",
                    password_hash="x",
                    role="actor_staff",
                    actor_id=actor_id,
                )
            )
        db.session.commit()
        db.session.expire_all()

    add_users(range(1))
    with count_queries() as one:
        assert client.get("/admin/usuarios?q=zz-prueba").status_code == 200
    add_users(range(1, 30))
    with count_queries() as thirty:
        response = client.get("/admin/usuarios?q=zz-prueba")
    page = response.get_data(as_text=True)
    assert page.count("@example.co") == 25
    assert "zz-prueba-9@example.co" not in page  # sorted by name: on page 2
    assert thirty.count == one.count


def test_deactivation_ends_the_users_sessions(app, client, login_as, db):
    target = user_by_email(DEMO_ACCOUNTS["staff_sena"])
    browser = login_client(app, target)
    assert browser.get("/cuenta/contrasena").status_code == 200
    login_as("admin")
    response = client.post(f"/admin/usuarios/{target.id}/desactivar")
    assert response.status_code == 302
    assert user_by_email(DEMO_ACCOUNTS["staff_sena"]).active is False
    again = browser.get("/cuenta/contrasena")
    assert again.status_code == 302
    assert again.headers["Location"].startswith("/login")
    assert accounts.authenticate(db.session, DEMO_ACCOUNTS["staff_sena"], "demo-red-2026") is None


def test_reactivation(client, login_as, db):
    target = user_by_email(DEMO_ACCOUNTS["staff_sena"])
    accounts.set_active(target, False)
    db.session.commit()
    login_as("admin")
    assert client.post(f"/admin/usuarios/{target.id}/activar").status_code == 302
    assert user_by_email(DEMO_ACCOUNTS["staff_sena"]).active is True


def test_admin_cannot_deactivate_themselves(client, login_as):
    admin = login_as("admin")
    response = client.post(f"/admin/usuarios/{admin.id}/desactivar", follow_redirects=True)
    assert "No puede desactivar su propia cuenta." in response.get_data(as_text=True)
    assert user_by_email(DEMO_ACCOUNTS["admin"]).active is True


def test_password_reset_changes_hash_and_ends_sessions(app, client, login_as, db):
    target = user_by_email(DEMO_ACCOUNTS["nucleo"])
    old_hash, old_epoch = target.password_hash, target.session_epoch
    browser = login_client(app, target)
    assert browser.get("/cuenta/contrasena").status_code == 200
    login_as("admin")
    short = client.post(
        f"/admin/usuarios/{target.id}/contrasena", data={"password": "corta", "confirm": "corta"}
    )
    assert "La contraseña debe tener al menos 10 caracteres." in field_errors(short)
    assert user_by_email(DEMO_ACCOUNTS["nucleo"]).password_hash == old_hash
    response = client.post(
        f"/admin/usuarios/{target.id}/contrasena",
        data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    target = user_by_email(DEMO_ACCOUNTS["nucleo"])
    assert target.password_hash != old_hash
    assert target.session_epoch == old_epoch + 1
    assert accounts.verify_password(target.password_hash, NEW_PASSWORD)
    assert browser.get("/cuenta/contrasena").status_code == 302


# --- an actor admin's own team ----------------------------------------------------------


def test_actor_admin_sees_only_their_team(client, login_as):
    me = login_as("actor_admin_ccc")
    sena_actor = user_by_email(DEMO_ACCOUNTS["staff_sena"]).actor_id
    page = client.get(f"/admin/mi-equipo?actor={sena_actor}").get_data(as_text=True)
    assert DEMO_ACCOUNTS["staff_ccc"] in page
    assert DEMO_ACCOUNTS["staff_sena"] not in page
    assert me.actor_id != sena_actor


def test_actor_admin_creates_staff_for_their_own_actor_only(client, login_as, db):
    me = login_as("actor_admin_ccc")
    sena_actor = user_by_email(DEMO_ACCOUNTS["staff_sena"]).actor_id
    response = client.post(
        f"/admin/mi-equipo/nuevo?actor={sena_actor}",
        data={
            "email": "gestor.nuevo@example.co",
            "full_name": "Gestor Nuevo",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
            "role": "admin",  # ignored: the form has no role
            "actor_id": str(sena_actor),  # ignored: always the actor admin's own actor
        },
    )
    assert response.status_code == 302
    created = user_by_email("gestor.nuevo@example.co")
    assert (created.role, created.actor_id) == ("actor_staff", me.actor_id)


def test_actor_admin_team_form_errors(client, login_as, db):
    login_as("actor_admin_ccc")
    before = count_users(db)
    response = client.post(
        "/admin/mi-equipo/nuevo",
        data={
            "email": DEMO_ACCOUNTS["staff_sena"],
            "full_name": "Repetido",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert any("Ya existe una cuenta" in error for error in field_errors(response))
    assert count_users(db) == before


def test_actor_admin_manages_own_staff_but_not_another_actors(app, client, login_as, db):
    login_as("actor_admin_ccc")
    sena_staff = user_by_email(DEMO_ACCOUNTS["staff_sena"])
    # Another actor's account: 404, as if it did not exist.
    assert client.post(f"/admin/mi-equipo/{sena_staff.id}/desactivar").status_code == 404
    assert client.post(f"/admin/usuarios/{sena_staff.id}/desactivar").status_code == 403
    assert user_by_email(DEMO_ACCOUNTS["staff_sena"]).active is True

    own_staff = user_by_email(DEMO_ACCOUNTS["staff_ccc"])
    browser = login_client(app, own_staff)
    assert client.post(f"/admin/mi-equipo/{own_staff.id}/desactivar").status_code == 302
    assert user_by_email(DEMO_ACCOUNTS["staff_ccc"]).active is False
    assert browser.get("/cuenta/contrasena").status_code == 302
    assert client.post(f"/admin/mi-equipo/{own_staff.id}/activar").status_code == 302
    assert user_by_email(DEMO_ACCOUNTS["staff_ccc"]).active is True


def test_admin_without_actor_is_asked_to_choose_one(client, login_as):
    login_as("admin")
    page = client.get("/admin/mi-equipo").get_data(as_text=True)
    assert "Elija un actor" in page
    assert client.get("/admin/mi-equipo/nuevo").status_code == 302
    assert client.get("/admin/mi-equipo?actor=999999").status_code == 404


# --- catalogs ---------------------------------------------------------------------------

CATALOG_SAMPLES = {
    "etapas": ("route_stages", {"number": "77"}),
    "tipos-servicio": ("service_types", {}),
    "sectores": ("sectors", {"ciiu_version": "CIIU Rev. 4 A.C."}),
    "cadenas": ("productive_chains", {}),
    "poblaciones": ("population_groups", {"sensitive": "y"}),
}


@pytest.mark.parametrize("kind", CATALOG_SAMPLES)
def test_catalog_create_and_list(client, login_as, db, kind):
    table, extra = CATALOG_SAMPLES[kind]
    login_as("admin")
    data = {"code": "zz-prueba", "name": "Entrada de prueba", "position": "3", "active": "y"}
    response = client.post(f"/admin/catalogos/{kind}/nuevo", data=data | extra)
    assert response.status_code == 302, field_errors(response)
    page = client.get(f"/admin/catalogos/{kind}").get_data(as_text=True)
    assert "Entrada de prueba" in page
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.table_name == table).order_by(AuditEntry.id.desc())
    )
    assert entry.action == "create" and entry.new_values["code"] == "zz-prueba"


def test_catalog_edit(client, login_as, service_type):
    login_as("admin")
    url = f"/admin/catalogos/tipos-servicio/{service_type.id}/editar"
    form = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="([^"]*)"', form).group(1)
    response = client.post(
        url,
        data={
            "version": version,
            "code": "prueba-matriz",
            "name": "Servicio renombrado",
            "description": "Nueva descripción",
            "position": "5",
        },
    )
    assert response.status_code == 302, field_errors(response)
    assert service_type.name == "Servicio renombrado"
    assert service_type.position == 5
    assert service_type.active is False  # unticked checkbox


def test_catalog_edit_of_a_stale_form_is_refused(client, login_as, service_type):
    login_as("admin")
    url = f"/admin/catalogos/tipos-servicio/{service_type.id}/editar"
    response = client.post(
        url,
        data={"version": "2000-01-01T00:00:00", "code": "x1", "name": "Otro", "position": "0"},
    )
    assert response.status_code == 409
    assert "Otra persona guardó cambios en este registro" in response.get_data(as_text=True)
    assert service_type.name == "Servicio de prueba"


def test_catalog_duplicate_code_keeps_input_and_writes_nothing(client, login_as, db, service_type):
    login_as("admin")
    before = db.session.scalar(select(func.count(ServiceType.id)))
    audit_before = db.session.scalar(select(func.count(AuditEntry.id)))
    response = client.post(
        "/admin/catalogos/tipos-servicio/nuevo",
        data={"code": "PRUEBA-MATRIZ", "name": "Nombre que se conserva", "position": "1"},
    )
    assert response.status_code == 200
    assert any("Ya existe una entrada con el código" in e for e in field_errors(response))
    assert 'value="Nombre que se conserva"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ServiceType.id))) == before
    assert db.session.scalar(select(func.count(AuditEntry.id))) == audit_before


def test_catalog_edit_to_an_existing_code_is_refused(client, login_as, db, service_type):
    db.session.add(ServiceType(code="otro-codigo", name="Otro"))
    db.session.commit()
    login_as("admin")
    url = f"/admin/catalogos/tipos-servicio/{service_type.id}/editar"
    form = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="([^"]*)"', form).group(1)
    response = client.post(
        url, data={"version": version, "code": "otro-codigo", "name": "X", "position": "0"}
    )
    assert response.status_code == 200
    assert any("Ya existe una entrada con el código" in e for e in field_errors(response))
    db.session.refresh(service_type)
    assert service_type.code == "prueba-matriz"


def test_catalog_deactivation_asks_first(client, login_as, db, service_type):
    login_as("admin")
    url = f"/admin/catalogos/tipos-servicio/{service_type.id}/desactivar"
    page = client.get(url).get_data(as_text=True)
    assert "¿Desactivar «Servicio de prueba»?" in page
    assert service_type.active is True
    assert client.post(url).status_code == 302
    assert service_type.active is False
    assert db.session.get(ServiceType, service_type.id) is not None  # never deleted
    reactivate = f"/admin/catalogos/tipos-servicio/{service_type.id}/activar"
    assert client.post(reactivate).status_code == 302
    assert service_type.active is True


def test_unknown_catalog_is_404(client, login_as, service_type):
    login_as("admin")
    assert client.get("/admin/catalogos/planetas").status_code == 404
    assert client.get("/admin/catalogos/planetas/nuevo").status_code == 404
    # an entry id of another catalog is not found in this one
    assert client.get("/admin/catalogos/etapas/999999/editar").status_code == 404


def test_catalog_form_messages_are_spanish(client, login_as):
    login_as("admin")
    response = client.post(
        "/admin/catalogos/etapas/nuevo",
        data={"code": "con espacio", "name": "", "number": "x", "position": "-1"},
    )
    errors = field_errors(response)
    assert "Escriba el nombre." in errors
    assert "Escriba un número entero." in errors
    assert "Use un número entre 0 y 9999." in errors
    assert any("sin espacios" in e for e in errors)


# --- audit log --------------------------------------------------------------------------


def test_audit_shows_a_change_with_its_author(client, login_as, service_type):
    admin = login_as("admin")
    client.post(f"/admin/catalogos/tipos-servicio/{service_type.id}/desactivar")
    page = client.get("/admin/auditoria?table=service_types").get_data(as_text=True)
    assert "Modificación" in page
    assert admin.full_name in page
    assert "<del>sí</del> → no" in page  # active: sí → no


def test_audit_filters_by_user_and_dates(client, login_as, db):
    login_as("admin")
    nucleo = user_by_email(DEMO_ACCOUNTS["nucleo"])
    old = utcnow() - timedelta(days=400)
    db.session.add(
        AuditEntry(
            at=old,
            user_id=nucleo.id,
            action="update",
            table_name="actors",
            record_id="1",
            old_values={"name": "Antes"},
            new_values={"name": "Después"},
        )
    )
    db.session.commit()
    day = (old - timedelta(hours=5)).date()  # Bogotá's calendar day
    url = f"/admin/auditoria?user={nucleo.id}&since={day.isoformat()}&until={day.isoformat()}"
    page = client.get(url).get_data(as_text=True)
    assert "Revise los filtros" not in page
    assert "Después" in page
    assert day.strftime("%d/%m/%Y") in page
    later = (day + timedelta(days=1)).isoformat()
    page = client.get(f"/admin/auditoria?user={nucleo.id}&since={later}").get_data(as_text=True)
    assert "Después" not in page
    bad = client.get(f"/admin/auditoria?since={later}&until={day.isoformat()}")
    assert "La fecha final es anterior a la inicial." in field_errors(bad)


def test_the_audit_export_link_keeps_the_filters_the_list_applied(client, login_as):
    """The link is built from the parsed filters: what the list shows is what is exported,
    and nothing else from the address travels with it."""
    login_as("admin")
    page = client.get("/admin/auditoria?table=actors&since=2026-01-05&otro=x").get_data(
        as_text=True
    )
    assert 'href="/auditoria/exportar?table=actors&amp;since=2026-01-05"' in page
    wrong = client.get("/admin/auditoria?table=actors&since=ayer").get_data(as_text=True)
    assert "Revise los filtros" in wrong
    assert (
        'href="/auditoria/exportar"' in wrong
    )  # the list shows every change, and so does the file


def test_audit_query_count_is_the_same_for_1_and_30_entries(client, login_as, db, count_queries):
    login_as("admin")
    author = accounts.create_user(
        db.session,
        email="autor@example.co",
        full_name="Autor",
        password=NEW_PASSWORD,
        role="nucleo",
    )
    actor = db.session.scalar(select(Actor).limit(1))

    def add_entries(n: int) -> None:
        for i in range(n):
            db.session.add(
                AuditEntry(
                    user_id=author.id,
                    action="update",
                    table_name="actors",
                    record_id=str(actor.id),
                    old_values={"name": f"v{i}"},
                    new_values={"name": f"v{i + 1}"},
                )
            )
        db.session.commit()
        db.session.expire_all()

    add_entries(1)
    with count_queries() as one:
        assert client.get(f"/admin/auditoria?user={author.id}").status_code == 200
    add_entries(29)
    with count_queries() as thirty:
        page = client.get(f"/admin/auditoria?user={author.id}").get_data(as_text=True)
    assert page.count("autor@example.co") >= 25
    assert thirty.count == one.count
