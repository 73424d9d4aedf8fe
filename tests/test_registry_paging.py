"""The registry list pages without counting every person an actor sees (issue 21): an exact
total up to the cap, «Más de N» beyond it, and the same people in the same order whichever
form of the visibility test the list takes."""

from __future__ import annotations

import pytest

from red.services import paging
from red.services.entrepreneurs import PeopleFilters, search_people, sees_many
from tests import factories as f

NAMES = ["Zoe", "Ana", "Luis", "Marta", "Beto", "Carla", "Dario"]


@pytest.fixture
def world(db):
    world = f.world()
    for index, first in enumerate(NAMES):
        world.person(f"10902{index:05d}", first=first, last=f"Lista {first}")
    world.person("1090299999", actor=world.actor_b, first="Oculta", last="Otra")
    db.session.commit()
    return world


def test_below_the_cap_the_total_is_exact(client, login_as, world):
    login_as(world.staff_a)
    page = client.get("/emprendedores").get_data(as_text=True)
    assert "7 resultados" in page and "Más de" not in page
    assert "Oculta" not in page


def test_beyond_the_cap_the_list_says_more_than(client, login_as, world, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    login_as(world.staff_a)
    page = client.get("/emprendedores").get_data(as_text=True)
    assert "Más de 3 resultados" in page
    assert "Más de 3 personas en la lista" in page  # and how to reach the others
    assert "Oculta" not in page
    # A search below the cap is exact again.
    found = client.get("/emprendedores?q=marta").get_data(as_text=True)
    assert "1 resultado" in found and "Más de" not in found


def test_both_forms_of_the_visibility_test_list_the_same_people(db, world, monkeypatch):
    """Few people: the actor's set is read and sorted; many: the list walks the name index
    with a per-row test. Same rows, same order."""
    query, _ = search_people(db.session, world.staff_a, PeopleFilters())
    assert not sees_many(db.session, world.staff_a)
    sorted_set = [p.first_names for p in db.session.scalars(query)]
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    assert sees_many(db.session, world.staff_a)
    query, _ = search_people(db.session, world.staff_a, PeopleFilters())
    walked = [p.first_names for p in db.session.scalars(query)]
    assert walked == sorted_set
    assert walked[:3] == ["Ana", "Beto", "Carla"] and "Oculta" not in walked
