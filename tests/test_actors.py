"""Public actor directory and profiles; a member edits only its own profile."""

from __future__ import annotations

from sqlalchemy import select

from red.models import Actor
from tests import factories as f

CCC = "camara-de-comercio-de-cucuta"


def test_directory_lists_actors_with_search_accent_insensitive(client):
    page = client.get("/actores?q=CAMARA+cucuta").get_data(as_text=True)
    assert "Cámara de Comercio de Cúcuta" in page
    assert "Servicio Nacional de Aprendizaje" not in page
    empty = client.get("/actores?q=zzzznoexiste").get_data(as_text=True)
    assert "No hay actores que coincidan" in empty


def test_profile_shows_published_programs_only(client, db):
    ccc = db.session.scalar(select(Actor).where(Actor.slug == CCC))
    f.program("Ópalo publicado", ccc)
    f.program("Ópalo borrador", ccc, status="borrador")
    page = client.get(f"/actores/{CCC}").get_data(as_text=True)
    assert "Ópalo publicado" in page and "Ópalo borrador" not in page
    assert "Editar perfil" not in page


def test_unknown_actor_is_404(client):
    assert client.get("/actores/no-existe").status_code == 404


def test_staff_edits_own_profile(client, login_as, db):
    ccc = db.session.scalar(select(Actor).where(Actor.slug == CCC))
    login_as("staff_ccc")
    assert "Editar perfil" in client.get(f"/actores/{CCC}").get_data(as_text=True)
    response = client.post(
        f"/actores/{CCC}/editar",
        data={
            "version_id": str(ccc.version_id),
            "description": "Acompañamos a los comerciantes de Cúcuta.",
            "email": "ruta@ccc.example",
            "municipality_codes": ["54001", "54810"],
        },
    )
    assert response.status_code == 302
    assert ccc.email == "ruta@ccc.example"
    db.session.refresh(ccc, ["municipalities"])
    assert sorted(m.code for m in ccc.municipalities) == ["54001", "54810"]


def test_stale_profile_edit_is_409(client, login_as, db):
    ccc = db.session.scalar(select(Actor).where(Actor.slug == CCC))
    login_as("actor_admin_ccc")
    old = ccc.version_id
    ccc.phone = "607 000 0000"
    db.session.flush()
    response = client.post(
        f"/actores/{CCC}/editar", data={"version_id": str(old), "email": "otro@ccc.example"}
    )
    assert response.status_code == 409
    assert ccc.email != "otro@ccc.example"


def test_other_actor_cannot_edit(client, login_as, db):
    ccc = db.session.scalar(select(Actor).where(Actor.slug == CCC))
    login_as("staff_sena")
    assert client.get(f"/actores/{CCC}/editar").status_code == 403
    response = client.post(
        f"/actores/{CCC}/editar", data={"version_id": str(ccc.version_id), "email": "x@x.co"}
    )
    assert response.status_code == 403
    assert ccc.email != "x@x.co"


def test_directory_fixed_queries(client, db, count_queries):
    f.actor("Berilo 0", slug="t-berilo-0", municipality_code="54001")
    path = "/actores?q=berilo"
    client.get(path)
    with count_queries() as few:
        client.get(path)
    for n in range(1, 26):
        owner = f.actor(f"Berilo {n}", slug=f"t-berilo-{n}", municipality_code="54001")
        f.program(f"Programa Berilo {n}", owner)
    with count_queries() as many:
        assert "Berilo 25" in client.get(path).get_data(as_text=True)
    assert few.count == many.count
