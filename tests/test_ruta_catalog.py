"""The public catalog at /ruta: each filter, combined filters, accents, facets, paging, SQL count."""

from __future__ import annotations

from datetime import timedelta

import pytest

from red.services.calendar import local_today
from red.services.catalog_facets import facet_counts
from red.services.catalog_search import ProgramFilters, search_programs
from tests import factories as f

TODAY = local_today()


def found_ids(db, **args) -> set[int]:
    """Every program id the catalog returns for these query arguments (all pages)."""
    filters = ProgramFilters.from_args({k: str(v) for k, v in args.items()})
    ids, page = set(), 1
    while True:
        result = search_programs(db.session, filters, page=page, per_page=100, today=TODAY)
        ids |= {p.id for p in result.items}
        if not result.has_next:
            return ids
        page += 1


@pytest.fixture
def offer(db):
    """A small catalog with one program per distinguishing trait."""
    owner = f.actor("Cámara de Prueba Zafiro", slug="t-camara", acronym="CPZ")
    partner = f.actor("Aliado Zafiro", slug="t-aliado")
    fin = f.service_type()
    textile = f.chain()
    women = f.population()
    industry = f.sector()
    p = {
        "tibu": f.program(
            "Feria Zafiro Tibú", owner, stages=(2,), municipalities=("54810",), modality="mixta"
        ),
        "cucuta": f.program(
            "Taller Zafiro de Confección",
            owner,
            stages=(1,),
            municipalities=("54001",),
            description="Patronaje y confección para talleres de Cúcuta",
            chains=[textile],
            sectors=[industry],
        ),
        "whole": f.program(
            "Crédito Zafiro departamental",
            owner,
            stages=(3,),
            service_types=[fin],
            is_free=False,
            cost_cop=50000,
        ),
        "women": f.program(
            "Mujeres Zafiro", partner, stages=(1, 2), populations=[women], modality="virtual"
        ),
        "closed": f.program(
            "Convocatoria Zafiro vencida",
            owner,
            stages=(2,),
            opens_on=TODAY - timedelta(days=60),
            closes_on=TODAY - timedelta(days=1),
        ),
        "coop": f.program("Mentoría Zafiro", partner, stages=(4,), cooperators=[owner]),
        "draft": f.program("Borrador Zafiro", owner, stages=(1,), status="borrador"),
    }
    return p


def ids(offer, *names):
    return {offer[n].id for n in names}


def zafiro(db, **args):
    """Only this test's programs (all of them carry the word «zafiro»)."""
    return found_ids(db, q="zafiro", **args)


def test_only_published_programs_are_listed(db, offer):
    assert zafiro(db) == ids(offer, "tibu", "cucuta", "whole", "women", "closed", "coop")


def test_filter_municipality_includes_whole_department_programs(db, offer):
    result = found_ids(db, municipio="54810")
    assert ids(offer, "tibu", "whole", "women", "closed", "coop") <= result
    assert offer["cucuta"].id not in result


def test_filter_subregion(db, offer):
    result = found_ids(db, subregion="Oriental")
    assert offer["cucuta"].id in result and offer["whole"].id in result
    assert offer["tibu"].id not in result


def test_filter_stage(db, offer):
    result = found_ids(db, etapa=2)
    assert ids(offer, "tibu", "women", "closed") <= result
    assert not ids(offer, "cucuta", "whole", "coop") & result


def test_filter_service_type(db, offer):
    assert found_ids(db, tipo="t-financiacion") == ids(offer, "whole")


def test_filter_sector_and_chain(db, offer):
    assert found_ids(db, sector="t-C") == ids(offer, "cucuta")
    assert found_ids(db, cadena="t-confecciones") == ids(offer, "cucuta")


def test_filter_population(db, offer):
    assert found_ids(db, poblacion="t-mujeres") == ids(offer, "women")


def test_filter_actor_counts_owner_and_cooperator(db, offer):
    assert found_ids(db, actor="t-camara") == ids(
        offer, "tibu", "cucuta", "whole", "closed", "coop"
    )
    assert found_ids(db, actor="t-aliado") == ids(offer, "women", "coop")


def test_filter_free_modality_and_open_today(db, offer):
    assert offer["whole"].id not in found_ids(db, costo="gratuito")
    assert offer["tibu"].id in found_ids(db, costo="gratuito")
    assert zafiro(db, modalidad="virtual") == ids(offer, "women")
    assert zafiro(db, modalidad="mixta") == ids(offer, "tibu")
    assert zafiro(db, abierta=1) == ids(offer, "tibu", "cucuta", "whole", "women", "coop")


def test_filters_combine(db, offer):
    assert found_ids(db, actor="t-camara", municipio="54810", etapa=2) == ids(
        offer, "tibu", "closed"
    )
    assert found_ids(db, actor="t-camara", municipio="54810", etapa=2, abierta=1) == ids(
        offer, "tibu"
    )
    assert found_ids(db, q="zafiro", costo="gratuito", etapa=3) == set()


@pytest.mark.parametrize("typed", ["cucuta", "Cúcuta", "CUCUTA", "cÚcUtA"])
def test_text_search_ignores_accents_and_case(db, offer, typed):
    assert offer["cucuta"].id in found_ids(db, q=f"zafiro {typed}")


def test_text_search_finds_accented_words_typed_plainly(db, offer):
    assert found_ids(db, q="zafiro confeccion") == ids(offer, "cucuta")
    assert found_ids(db, q="CONFECCIÓN zafiro") == ids(offer, "cucuta")


@pytest.mark.parametrize("typed", ["diseno", "DISEÑO", "Diseño", "disenO"])
def test_text_search_folds_enye(db, offer, typed):
    item = f.program("Diseño Zafiro de marca", offer["tibu"].owner)
    assert found_ids(db, q=f"zafiro {typed}") == {item.id}


def test_text_search_covers_actor_name(db, offer):
    assert found_ids(db, q="camara de prueba zafiro") == ids(
        offer, "tibu", "cucuta", "whole", "closed"
    )


def test_text_search_ranks_name_matches_first(db, offer):
    result = search_programs(
        db.session, ProgramFilters(q="mujeres zafiro"), per_page=10, today=TODAY
    )
    assert result.items[0].id == offer["women"].id


def test_wildcards_in_the_query_are_plain_text(db, offer):
    assert found_ids(db, q="%") == found_ids(db)
    assert found_ids(db, q="zafiro_") == zafiro(db)


def test_facet_counts_apply_other_filters_but_not_their_own(db, offer):
    facets = facet_counts(db.session, ProgramFilters(q="zafiro", etapa=2), TODAY)
    stages = {o.value: o.count for o in facets.options["etapa"]}
    assert stages["1"] == 2 and stages["2"] == 3 and stages["3"] == 1 and stages["4"] == 1
    modality = {o.value: o.count for o in facets.options["modalidad"]}
    assert modality == {"presencial": 1, "virtual": 1, "mixta": 1}
    munis = {o.value: o.count for o in facets.options["municipio"]}
    assert munis["54810"] == 3  # tibu + women (whole) + closed (whole)
    assert munis["54001"] == 2
    subregions = {o.value: o.count for o in facets.options["subregion"]}
    assert subregions["Norte"] == 3
    actors = {o.value: o.count for o in facets.options["actor"]}
    assert actors["t-camara"] == 2 and actors["t-aliado"] == 1
    assert facets.gratuito == 3
    assert facets.abierta == 2


def test_catalog_page_shows_path_filters_and_results(client, offer):
    response = client.get("/ruta?q=zafiro&municipio=54810")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Etapas de la Ruta" in page
    assert "Feria Zafiro Tibú" in page
    assert "Taller Zafiro de Confección" not in page
    assert "Borrador Zafiro" not in page
    assert "Municipio: Tibú" in page  # the active filter, removable
    assert "Tibú (" in page  # facet option with its count


def test_catalog_empty_state(client, offer):
    page = client.get("/ruta?q=nadaqueencontrarxyz").get_data(as_text=True)
    assert "No encontramos programas publicados" in page


def test_paging_keeps_filters(client, db):
    owner = f.actor(slug="t-pager")
    for n in range(23):
        f.program(f"Paginado Ámbar {n:02d}", owner)
    first = client.get("/ruta?q=ambar").get_data(as_text=True)
    assert "Paginado Ámbar 00" in first and "Paginado Ámbar 20" not in first
    assert "page=2" in first and "q=ambar" in first
    second = client.get("/ruta?q=ambar&page=2").get_data(as_text=True)
    assert "Paginado Ámbar 20" in second and "Paginado Ámbar 00" not in second
    assert "23 resultados" in second


def test_bad_filter_values_are_ignored(client, offer):
    assert client.get("/ruta?etapa=abc&municipio=xx&modalidad=<b>").status_code == 200


def test_a_page_number_out_of_range_is_a_spanish_400(client, offer):
    response = client.get("/ruta?etapa=abc&page=-3")
    assert response.status_code == 400
    assert "«page» no es válido" in response.get_data(as_text=True)


def _catalog_queries(client, count_queries, path):
    client.get(path)  # warm-up: first-request work is not part of the page
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200
    return counter.count


def test_catalog_runs_fixed_number_of_queries(client, db, count_queries):
    owner = f.actor(slug="t-queries")
    other = f.actor(slug="t-queries-2")
    women = f.population()
    fin = f.service_type()
    f.program("Conteo Ónix 0", owner, municipalities=("54001",), populations=[women])
    path = "/ruta?actor=t-queries"
    few = _catalog_queries(client, count_queries, path)
    for n in range(1, 27):
        f.program(
            f"Conteo Ónix {n}",
            owner,
            stages=(n % 6,),
            municipalities=("54001", "54810"),
            populations=[women],
            service_types=[fin],
            cooperators=[other],
        )
    many = _catalog_queries(client, count_queries, path)
    assert few == many == 1  # anonymous and seen before: the page cache, after its version


def test_a_new_query_reads_only_the_catalog_version(client, db, count_queries):
    """The search, the facets and the cards come from the in-memory catalog: a query never
    seen before costs the version check, whatever it asks."""
    f.program("Conteo Ágata", f.actor(slug="t-queries-3"), municipalities=("54810",))
    client.get("/ruta?q=agro")  # warm-up: the worker reads the catalog once
    with count_queries() as counter:
        assert client.get("/ruta?q=agata+tibu&etapa=1&costo=gratuito").status_code == 200
    assert counter.count == 1, counter.statements


def test_a_logged_in_new_query_adds_only_who_is_asking(client, login_as, db, count_queries):
    """Logged in, never cached: the session's user, then the catalog's version with the
    navigation's two badges (unread referrals, unread notices) in the same statement. Was 21
    statements before the in-memory catalog (bench/REPORT.md of 03/12/2026, 10:24), 4 with a
    statement per badge."""
    login_as("staff_ccc")
    client.get("/ruta?q=agro")
    with count_queries() as counter:
        assert client.get("/ruta?q=credito+mujeres+tibu").status_code == 200
    assert counter.count == 2, counter.statements


def test_the_catalog_speaks_of_people_not_a_gender(client):
    """Inclusive wording (issue 17): «personas emprendedoras», as the rest of the site says."""
    page = client.get("/ruta").get_data(as_text=True)
    assert "para personas emprendedoras y MIPYMES" in page
    assert "para emprendedores" not in page
