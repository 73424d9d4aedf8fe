"""The public catalog cache: served to anonymous visitors, stale the moment data changes."""

from __future__ import annotations

from sqlalchemy import select

from red.models import Program
from red.services import page_cache


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
