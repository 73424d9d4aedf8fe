"""Members keep their own offer: create, edit (with version check), status, review, 403s."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from red.models import Actor, Program
from red.services.calendar import local_today
from tests import factories as f

CCC = "camara-de-comercio-de-cucuta"


@pytest.fixture
def ccc(db):
    return db.session.scalar(select(Actor).where(Actor.slug == CCC))


@pytest.fixture
def ccc_program(db, ccc):
    return f.program("Programa Granate", ccc, stages=(2,), status="borrador")


def program_form(**changes):
    values = {
        "name": "Mentoría Granate",
        "summary": "Mentoría para tiendas de barrio",
        "stage_ids": ["2", "3"],
        "whole_department": "y",
        "is_free": "y",
        "modality": "presencial",
        "capacity": "20",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def stage_ids(db, *numbers):
    return [str(f.stage(n).id) for n in numbers]


def test_staff_creates_a_draft_for_its_own_actor(client, login_as, db, ccc):
    login_as("staff_ccc")
    response = client.post("/ruta/nuevo", data=program_form(stage_ids=stage_ids(db, 2, 3)))
    assert response.status_code == 302
    created = db.session.scalar(select(Program).where(Program.name == "Mentoría Granate"))
    assert created.owner_id == ccc.id and created.status == "borrador"
    assert created.last_reviewed_on == local_today()
    assert client.get(f"/ruta/{created.slug}").status_code == 200  # its own staff previews
    client.post("/logout")
    assert client.get(f"/ruta/{created.slug}").status_code == 404  # not public yet


def test_cost_required_unless_free(client, login_as, db):
    login_as("staff_ccc")
    response = client.post("/ruta/nuevo", data=program_form(is_free=None))
    assert response.status_code == 422
    assert "Indique el costo" in response.get_data(as_text=True)


def test_publish_close_archive_and_only_published_is_public(client, login_as, db, ccc_program):
    login_as("staff_ccc")
    slug = ccc_program.slug
    assert client.post(f"/ruta/{slug}/estado", data={"estado": "publicado"}).status_code == 302
    assert ccc_program.status == "publicado"
    client.post("/logout")
    assert client.get(f"/ruta/{slug}").status_code == 200
    assert "Programa Granate" in client.get("/ruta?q=granate").get_data(as_text=True)
    login_as("staff_ccc")
    client.post(f"/ruta/{slug}/estado", data={"estado": "cerrado"})
    client.post("/logout")
    assert client.get(f"/ruta/{slug}").status_code == 404
    assert "Programa Granate" not in client.get("/ruta?q=granate").get_data(as_text=True)
    login_as("staff_ccc")
    client.post(f"/ruta/{slug}/estado", data={"estado": "archivado"})
    assert ccc_program.status == "archivado"
    response = client.post(
        f"/ruta/{slug}/estado", data={"estado": "cerrado"}, follow_redirects=True
    )
    assert "No se puede pasar un programa" in response.get_data(as_text=True)
    assert ccc_program.status == "archivado"


def test_publishing_needs_stage_and_territory(client, login_as, db, ccc):
    bare = f.program("Granate sin territorio", ccc, stages=(), status="borrador")
    bare.whole_department = False
    db.session.flush()
    login_as("staff_ccc")
    response = client.post(
        f"/ruta/{bare.slug}/estado", data={"estado": "publicado"}, follow_redirects=True
    )
    assert "indique al menos una etapa" in response.get_data(as_text=True)
    assert bare.status == "borrador"


def test_edit_saves_and_refreshes_review_date(client, login_as, db, ccc_program):
    ccc_program.last_reviewed_on = local_today() - timedelta(days=400)
    db.session.flush()
    login_as("actor_admin_ccc")
    page = client.get(f"/ruta/{ccc_program.slug}/editar").get_data(as_text=True)
    assert "Programa Granate" in page and 'name="version_id"' in page
    response = client.post(
        f"/ruta/{ccc_program.slug}/editar",
        data=program_form(
            name="Programa Granate renovado",
            version_id=str(ccc_program.version_id),
            stage_ids=stage_ids(db, 3),
            municipality_codes=["54810"],
            whole_department=None,
        ),
    )
    assert response.status_code == 302
    assert ccc_program.name == "Programa Granate renovado"
    db.session.refresh(ccc_program, ["municipalities"])
    assert [m.code for m in ccc_program.municipalities] == ["54810"]
    assert ccc_program.last_reviewed_on == local_today()


def test_stale_edit_is_refused_with_409_and_nothing_saved(client, login_as, db, ccc_program):
    login_as("staff_ccc")
    old_version = ccc_program.version_id
    ccc_program.summary = "Cambio de otra persona"
    db.session.flush()
    response = client.post(
        f"/ruta/{ccc_program.slug}/editar",
        data=program_form(name="Mi versión", version_id=str(old_version)),
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Otra persona guardó cambios" in page
    assert 'value="Mi versión"' in page  # the typed input is kept, not an error page
    assert f'value="{ccc_program.version_id}"' in page  # saving again is deliberate
    assert ccc_program.name == "Programa Granate"


def test_other_actors_staff_get_403(client, login_as, db, ccc_program):
    """A published program is public: editing it is refused (403). A draft is nobody
    else's business: 404, as if it did not exist."""
    login_as("staff_sena")
    slug = ccc_program.slug
    expected = 403 if ccc_program.status == "publicado" else 404
    assert client.get(f"/ruta/{slug}/editar").status_code == expected
    assert client.post(f"/ruta/{slug}/editar", data=program_form()).status_code == expected
    estado = client.post(f"/ruta/{slug}/estado", data={"estado": "publicado"})
    assert estado.status_code == expected
    assert client.post(f"/ruta/{slug}/revisado").status_code == expected
    assert ccc_program.status == "borrador"


def test_manage_list_shows_only_own_programs_and_unreviewed_filter(client, login_as, db, ccc):
    sena = db.session.scalar(select(Actor).where(Actor.slug == "sena"))
    f.program("Granate reciente", ccc)
    f.program("Granate olvidado", ccc, last_reviewed_on=local_today() - timedelta(days=181))
    f.program("Programa ajeno del SENA Granate", sena)
    login_as("staff_ccc")
    page = client.get("/ruta/gestion?q=granate").get_data(as_text=True)
    assert "Granate reciente" in page and "Granate olvidado" in page
    assert "Programa ajeno del SENA Granate" not in page
    assert "sin revisar en los últimos 180 días" in page
    stale = client.get("/ruta/gestion?q=granate&sin_revisar=1").get_data(as_text=True)
    assert "Granate olvidado" in stale and "Granate reciente" not in stale


def test_manage_list_uses_the_review_window_of_the_scorecard(client, login_as, db, ccc):
    """The setting the núcleo sees (365 days here) is the one /ruta/gestion applies."""
    from red.models.governance import DEFAULT_SCORECARD
    from red.services.scorecard import save_scorecard_version

    save_scorecard_version(
        db.session, {**DEFAULT_SCORECARD, "review_window_days": 365}, user_id=None, note=None
    )
    f.program("Granate de hace 200 días", ccc, last_reviewed_on=local_today() - timedelta(days=200))
    f.program("Granate de hace 400 días", ccc, last_reviewed_on=local_today() - timedelta(days=400))
    login_as("staff_ccc")
    page = client.get("/ruta/gestion?q=granate").get_data(as_text=True)
    assert "sin revisar en los últimos 365 días" in page
    stale = client.get("/ruta/gestion?q=granate&sin_revisar=1").get_data(as_text=True)
    assert "Granate de hace 400 días" in stale and "Granate de hace 200 días" not in stale


def test_mark_reviewed_refreshes_date(client, login_as, db, ccc):
    old = f.program("Granate viejo", ccc, last_reviewed_on=local_today() - timedelta(days=300))
    login_as("staff_ccc")
    assert client.post(f"/ruta/{old.slug}/revisado", data={"next": "gestion"}).status_code == 302
    assert old.last_reviewed_on == local_today()


def test_admin_creates_for_any_actor(client, login_as, db):
    sena = db.session.scalar(select(Actor).where(Actor.slug == "sena"))
    login_as("admin")
    response = client.post(
        "/ruta/nuevo", data=program_form(owner_id=str(sena.id), stage_ids=stage_ids(db, 1))
    )
    assert response.status_code == 302
    created = db.session.scalar(select(Program).where(Program.name == "Mentoría Granate"))
    assert created.owner_id == sena.id


def test_manage_list_fixed_queries(client, login_as, db, ccc, count_queries):
    login_as("staff_ccc")
    path = "/ruta/gestion?q=turmalina"
    f.program("Turmalina 0", ccc)
    client.get(path)
    with count_queries() as few:
        client.get(path)
    for n in range(1, 26):
        f.program(f"Turmalina {n}", ccc, stages=(n % 6,))
    with count_queries() as many:
        client.get(path)
    assert few.count == many.count
