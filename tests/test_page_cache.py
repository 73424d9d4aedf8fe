"""The public catalog cache: served to anonymous visitors, stale the moment data changes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from red.models import Program, Referral
from red.services import catalog_index_build, page_cache
from tests import factories as f
from tests.test_ruta_join import form as join_form


def catalog(client, path="/ruta?q=emprendefest"):
    return client.get(path).get_data(as_text=True)


def test_anonymous_pages_are_reused_until_a_program_changes(client, db, count_queries):
    page_cache.catalog_pages.clear()
    first = catalog(client)
    with count_queries() as counter:
        again = catalog(client)
    assert again == first
    assert counter.count == 1  # only the version check

    program = db.session.scalar(select(Program).where(Program.slug == "emprendefest"))
    program.name = "EmprendeFEST Itinerante"
    db.session.commit()
    assert "EmprendeFEST Itinerante" in catalog(client)


def test_catalog_changes_in_another_worker_are_seen(client, db):
    """A bump of the shared counter (as another worker's commit makes) invalidates pages."""
    page_cache.catalog_pages.clear()
    catalog(client)
    before = page_cache.current_version(db.session)
    page_cache.bump_version(db.session)
    db.session.commit()
    assert page_cache.current_version(db.session) == before + 1


def test_logged_in_users_are_never_served_cached_pages(client, login_as, count_queries):
    page_cache.catalog_pages.clear()
    catalog(client)
    login_as("staff_ccc")
    page = catalog(client)
    assert "Gestor" in page or "Cerrar sesión" in page
    assert "Cerrar sesión" not in catalog(client.application.test_client())


def test_cache_is_bounded():
    cache = page_cache.PageCache(max_entries=2)
    for n in range(3):
        cache.put((n,), str(n))
    assert cache.get((0,)) is None and cache.get((2,)) == "2"


@pytest.fixture
def builds(monkeypatch):
    """How many times this worker has read the published catalog into memory."""
    calls = []
    real = catalog_index_build.build_index

    def counting(session):
        calls.append(1)
        return real(session)

    monkeypatch.setattr(catalog_index_build, "build_index", counting)
    return calls


def test_a_referral_neither_moves_the_catalog_version_nor_rebuilds_it(client, db, builds):
    """Referrals are the busiest write of the network; the catalog shows nothing of them
    (places left are on the program's own page, never cached)."""
    owner = f.actor("Fundación Prueba Ámbar", slug="t-cache-owner")
    program = f.program("Incubadora Ámbar", owner, stages=(2,), capacity=5)
    db.session.commit()
    first = catalog(client, "/ruta?q=ambar")
    assert "Incubadora Ámbar" in first and len(builds) == 1
    before = page_cache.current_version(db.session)
    response = client.post(f"/ruta/{program.slug}/inscribirse", data=join_form())
    assert response.status_code == 302
    assert db.session.scalar(select(Referral).where(Referral.program_id == program.id))
    assert page_cache.current_version(db.session) == before
    assert catalog(client, "/ruta?q=ambar") == first  # the cached page still holds
    searched = catalog(client, "/ruta?q=ambar+incubadora")  # a new query: same index
    assert "Incubadora Ámbar" in searched and len(builds) == 1


def test_a_program_edit_rebuilds_the_catalog_once(client, db, builds):
    owner = f.actor("Fundación Prueba Ópalo", slug="t-cache-owner-2")
    program = f.program("Incubadora Ópalo", owner, stages=(2,))
    db.session.commit()
    catalog(client, "/ruta?q=opalo")
    assert len(builds) == 1
    db.session.refresh(program, ["municipalities"])
    program.municipalities = [f.municipality("54810")]
    program.whole_department = False
    db.session.commit()
    page = catalog(client, "/ruta?q=opalo+tibu")
    assert "Incubadora Ópalo" in page and "Tibú" in page and len(builds) == 2
    catalog(client, "/ruta?q=opalo+incubadora")
    assert len(builds) == 2


def test_setting_a_field_to_the_value_it_holds_changes_nothing(client, db, builds):
    program = db.session.scalar(select(Program).where(Program.slug == "emprendefest"))
    catalog(client)
    before = page_cache.current_version(db.session)
    program.name = program.name
    db.session.commit()
    assert page_cache.current_version(db.session) == before
    catalog(client, "/ruta?q=emprendefest+feria")
    assert len(builds) == 1
