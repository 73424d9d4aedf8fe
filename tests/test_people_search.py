"""People search through the substring index: same answers on SQLite and PostgreSQL.

The suite runs on SQLite always and on PostgreSQL in CI, and the expected ids are written
out here, so both engines must return exactly these sets for accents, ñ and case.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from red.models import Venture
from red.services import entrepreneurs as registry
from red.services import people_search


@pytest.fixture
def people(db, world):
    """Four people whose names differ only in accents, ñ, case and word order."""
    rows = {
        "jose": world.person("1090000001", first="José", last="Ñáñez Peña"),
        "josefa": world.person("1090000002", first="JOSEFA", last="nanez"),
        "maria": world.person("1090000003", first="María José", last="Rincón"),
        "pedro": world.person("88000003", first="Pedro", last="Gómez"),
    }
    rows["maria"].doc_type, rows["maria"].doc_number = "41", "AB1234567"  # a passport
    db.session.add(
        Venture(entrepreneur_id=rows["pedro"].id, name="Café Doña Peña", stage_id=world.stage.id)
    )
    db.session.flush()
    return rows


def found(db, world, text: str) -> set[int]:
    query, _ = registry.search_people(db.session, world.admin, registry.PeopleFilters(q=text))
    return {p.id for p in db.session.scalars(query)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jose", {"jose", "josefa", "maria"}),
        ("JOSÉ", {"jose", "josefa", "maria"}),
        ("ñañez", {"jose", "josefa"}),
        ("NANEZ", {"jose", "josefa"}),
        ("jose nanez", {"jose"}),  # the folded full name, as typed
        ("ia jo", {"maria"}),  # a substring across words
        ("peña", {"jose", "pedro"}),  # a surname, and a venture name
        ("doña", {"pedro"}),
        ("1234", {"maria"}),  # part of a passport (letters and digits)
        ("ab1234567", {"maria"}),
        ("1.090.000.001", {"jose"}),  # a document typed with dots
        ("88000003", {"pedro"}),
        ("ña", {"jose", "josefa", "pedro"}),  # two letters: no trigram, still found
        ("zz", set()),
        ("zzz", set()),
    ],
)
def test_both_engines_return_the_same_people(db, world, people, text, expected):
    ours = {p.id for p in people.values()}  # the demo data has people of its own
    assert found(db, world, text) & ours == {people[key].id for key in expected}


@pytest.mark.parametrize("text", ['"', '""', "%", "_", "a%b", "jo_e", "*", "name:jose", "OR", "-"])
def test_search_syntax_characters_are_plain_text(db, world, people, text):
    """FTS query syntax and LIKE wildcards in the box are literal text, never an error."""
    assert found(db, world, text) & {p.id for p in people.values()} == set()


def test_the_index_follows_renames_anonymising_and_merges(db, world, people):
    pedro = people["pedro"]
    pedro.first_names = "Pablo"
    db.session.flush()
    assert pedro.id in found(db, world, "pablo gomez")
    assert pedro.id not in found(db, world, "pedro gomez")

    maria = people["maria"]
    registry.anonymise_person(db.session, maria)
    db.session.flush()
    assert maria.id not in found(db, world, "rincon")
    assert maria.id not in found(db, world, "ab1234567")

    # Merging moves the venture, and with it who a venture name finds.
    jose = people["jose"]
    registry.merge_people(db.session, jose, pedro)
    db.session.flush()
    assert found(db, world, "doña") == {jose.id}


def test_deleted_ventures_leave_the_index(db, world, people):
    venture = db.session.scalar(select(Venture).where(Venture.name == "Café Doña Peña"))
    db.session.delete(venture)
    db.session.flush()
    assert found(db, world, "doña") == set()


def test_visibility_still_applies_to_the_matches(client, login_as, db, world):
    mine = world.person("1090000010", first="Lucía", last="Mora")
    theirs = world.person("1090000011", actor=world.actor_b, first="Lucía", last="Mora Bis")
    db.session.commit()
    login_as(world.staff_a)
    page = client.get("/emprendedores?q=lucia mora").get_data(as_text=True)
    assert f"/emprendedores/{mine.id}" in page
    assert f"/emprendedores/{theirs.id}" not in page


def test_too_many_matches_asks_for_more_letters(client, login_as, db, world, monkeypatch):
    for i in range(5):
        world.person(f"109000002{i}", first="Carla", last=f"Suárez {i}")
    db.session.commit()
    monkeypatch.setattr(people_search, "CANDIDATE_CAP", 3)
    login_as(world.staff_a)
    page = client.get("/emprendedores?q=carla").get_data(as_text=True)
    assert "Más de 3 personas coinciden con «carla»" in page
    assert len(set(re.findall(r'href="/emprendedores/(\d+)"', page))) <= 3  # people only
    # A narrower text finds the one person, without the notice.
    page = client.get("/emprendedores?q=suarez 4").get_data(as_text=True)
    assert "coinciden con" not in page and "Suárez 4" in page


def test_a_person_counts_once_however_many_of_their_texts_match(db, world, monkeypatch):
    """The candidates are read as a UNION ALL that the LIMIT can stop (not a UNION that
    hashes every match first), so each person must come out of it once: matched by name and
    by a venture, or by two ventures, a person is still one candidate, and three such people
    are not "more than three"."""
    owners = [world.person(f"109000003{i}", first="Rosa", last=f"Tejidos {i}") for i in range(3)]
    only_ventures = world.person("1090000040", first="Luis", last="Prado")
    for owner in [*owners, only_ventures, only_ventures]:
        db.session.add(Venture(entrepreneur_id=owner.id, name="Tejidos del Norte"))
    db.session.flush()
    monkeypatch.setattr(people_search, "CANDIDATE_CAP", 4)
    ids, more = people_search.candidate_ids(db.session, "tejidos")
    assert sorted(ids) == sorted([p.id for p in owners] + [only_ventures.id]) and not more
    monkeypatch.setattr(people_search, "CANDIDATE_CAP", 3)
    ids, more = people_search.candidate_ids(db.session, "tejidos")
    assert len(set(ids)) == len(ids) == 3 and more
    for text in ("te", "ej"):  # two letters: the scan, on both engines
        ids, more = people_search.candidate_ids(db.session, text)
        assert len(set(ids)) == len(ids)


def test_search_page_for_each_role(client, login_as, db, world, people):
    db.session.commit()
    assert client.get("/emprendedores?q=jose").status_code == 302  # anonymous: to the login
    login_as(world.nucleo)
    page = client.get("/emprendedores?q=jose").get_data(as_text=True)
    assert "Ñáñez" not in page  # the núcleo sees aggregates only
    login_as(world.staff_a)
    page = client.get("/emprendedores?q=jose").get_data(as_text=True)
    assert "Ñáñez" in page and "Rincón" in page
