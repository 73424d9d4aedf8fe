"""The catalog search understands places, sectors, services and populations (issue 17).

The demo catalog (the report's programs) answers the words a person from Tibú would type;
the expected sets are written out so SQLite and PostgreSQL must return the same programs.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from red.services.calendar import local_today
from red.services.catalog_search import ProgramFilters, search_programs
from red.services.query_understanding import DATA_DIR, understand, word_key
from tests import factories as f

TODAY = local_today()
REPORT = Path(__file__).resolve().parent.parent / "red" / "data"


def slugs(db, q: str, **args) -> list[str]:
    filters = ProgramFilters.from_args({"q": q, **args})
    page = search_programs(db.session, filters, per_page=100, today=TODAY)
    assert page.total <= 100
    return [p.slug for p in page.items]


WHOLE_DEPARTMENT = {
    "agencia-de-empleo-comfanorte",
    "agencia-de-empleo-comfaoriente",
    "agencia-de-empleo-corporacion-minuto-de-dios",
    "apoyo-iniciativas-cluster",
    "asociatividad-solidaria",
    "capital-semilla-activos-productivos",
    "certificacion-empresarios-tecnologias-produccion",
    "compras-publicas-mipymes",
    "credito-ifinorte-coopfuturo",
    "el-norte-por-el-mundo",
    "fortalecimiento-micro-y-pequenas-empresas",
    "inclusion-productiva-jovenes",
    "indice-municipal-de-competitividad",
    "lineas-credito-fng-bancoldex",
    "marca-region-norte-de-santander",
    "metodologias-aumento-productividad",
    "norte-de-santander-vitrina-comercial-internacional",
    "plan-de-internacionalizacion",
    "pop-up-market",
    "servicio-apoyo-acuerdos-comerciales",
}
FINANCING = {
    "capital-semilla-activos-productivos",
    "convenios-municipales-emprendimiento",
    "credito-ifinorte-coopfuturo",
    "el-norte-por-el-mundo",
    "fortalecimiento-micro-y-pequenas-empresas",
    "inclusion-productiva-jovenes",
    "lineas-credito-fng-bancoldex",
    "pequenos-emprendedores",
    "ruta-de-emprendimiento-rural",
}
EXPECTED = {
    # Chains agroalimentos/café/cacao and CIIU section A.
    "agro": {"credito-ifinorte-coopfuturo", "el-norte-por-el-mundo"},
    "crédito": FINANCING,
    "credito": FINANCING,
    # Local programs (EmprendeFEST goes to Tibú) and every department-wide one.
    "tibu": WHOLE_DEPARTMENT | {"emprendefest"},
    "Tibú": WHOLE_DEPARTMENT | {"emprendefest"},
    # Its name, and programs in Tibú, Ocaña and Ábrego (Catatumbo municipalities).
    "catatumbo": WHOLE_DEPARTMENT
    | {
        "emprendefest",
        "festival-catatumbo",
        "pequenos-emprendedores",
        "ruta-de-emprendimiento-rural",
    },
}


@pytest.mark.parametrize("q", sorted(EXPECTED))
def test_demo_words_find_the_programs_that_fit(db, q):
    assert set(slugs(db, q)) == EXPECTED[q]


def test_agro_and_credit_rank_named_programs_first(db):
    assert slugs(db, "crédito")[:2] == [
        "credito-ifinorte-coopfuturo",
        "lineas-credito-fng-bancoldex",
    ]


def test_a_place_lists_local_programs_before_department_wide_ones(db):
    found = slugs(db, "tibu")
    assert found[0] == "emprendefest"
    first = slugs(db, "catatumbo")[:4]
    assert first[0] == "festival-catatumbo"  # the name beats the place
    assert set(first[1:]) == {
        "emprendefest",
        "pequenos-emprendedores",
        "ruta-de-emprendimiento-rural",
    }


@pytest.mark.parametrize("q", ["jóvenes", "joven", "JOVENES"])
def test_a_population_lists_programs_aimed_at_it_first_then_open_ones(db, q):
    found = slugs(db, q)
    assert found[0] == "inclusion-productiva-jovenes"
    # Programs aimed at other groups (niños, rural, economía popular) are left out.
    assert "pequenos-emprendedores" not in found
    assert "ruta-de-emprendimiento-rural" not in found
    assert "el-norte-por-el-mundo" in found  # open to everyone


def test_mujeres_finds_the_programs_open_to_everyone(db):
    # The report names no program aimed at women: open programs answer, none aimed elsewhere.
    found = set(slugs(db, "mujeres"))
    assert found == set(slugs(db, "mujer"))
    assert "emprendefest" in found and "capital-semilla-activos-productivos" in found
    assert not found & {"inclusion-productiva-jovenes", "pequenos-emprendedores"}


def test_one_typo_is_forgiven_in_long_words(db):
    assert slugs(db, "emprendimeinto") == slugs(db, "emprendimiento")
    assert slugs(db, "emprendimeinto")
    understood = understand(db.session, "emprendimeinto")
    assert understood.terms[0].corrected_from == "emprendimeinto"


def test_short_words_are_not_corrected(db):
    # «agor» is four letters: not forgiven (too many words are one letter from it).
    assert slugs(db, "agor") == []


def test_plural_and_singular_are_one_word():
    assert word_key("mujeres") == word_key("mujer")
    assert word_key("jovenes") == word_key("joven")
    assert word_key("creditos") == word_key("credito")
    assert word_key("cafes") == word_key("cafe")


def test_phrases_and_subregions(db):
    understood = understand(db.session, "capital semilla en el Área Metropolitana")
    assert [t.chip_label for t in understood.terms] == [
        "Servicio: Financiación",
        "Lugar: Área Metropolitana de Cúcuta",
    ]
    assert (
        slugs(db, "capital semilla área metropolitana")[0] == "capital-semilla-activos-productivos"
    )


def test_understood_words_combine_with_filters(db):
    found = slugs(db, "crédito", municipio="54810")
    assert found and set(found) <= FINANCING & WHOLE_DEPARTMENT


# --- on the page -----------------------------------------------------------------------------


def test_understood_words_show_as_removable_chips(client):
    page = client.get("/ruta?q=crédito+tibu").get_data(as_text=True)
    assert "Lugar: Tibú" in page
    assert "Servicio: Financiación" in page
    # Removing «Tibú» keeps the rest of what was typed.
    assert 'href="/ruta?q=cr%C3%A9dito"' in page


def test_a_forgiven_typo_is_said(client):
    page = client.get("/ruta?q=emprendimeinto").get_data(as_text=True)
    assert "Buscamos «emprendimiento» en lugar de «emprendimeinto»" in page


def test_zero_results_suggest_a_spelling_and_the_route_finder(client):
    page = client.get("/ruta?q=finanziasion").get_data(as_text=True)
    assert "No encontramos programas" in page
    assert "¿Quiso decir" in page and "«financiación»" in page
    assert 'href="/ruta/encuentra?q=finanziasion"' in page


def test_zero_results_say_how_many_each_filter_hides(client):
    page = client.get("/ruta?q=agro&etapa=0").get_data(as_text=True)
    assert "No encontramos programas" in page
    assert "Sin «Etapa: Sensibilización y cultura»</a>: 2 programas" in page
    assert "Sin «Sector: agro" in page


# --- the APIs answer the same --------------------------------------------------------------


def test_api_v1_search_understands_the_same_words(client, unlimited_api, db):
    body = client.get("/api/v1/programs?q=agro&per_page=100").get_json()
    assert {p["slug"] for p in body["items"]} == EXPECTED["agro"]


def test_hsds_search_understands_the_same_words(client, unlimited_api, db):
    body = client.get("/api/hsds/services?search=tibu&per_page=50").get_json()
    names = {s["name"] for s in body["contents"]}
    assert "EmprendeFEST" in names
    assert body["total_items"] == len(EXPECTED["tibu"])


# --- the synonym files are data a person edits: check them --------------------------------


def test_synonym_files_name_only_existing_catalog_codes_and_places():
    catalogs = yaml.safe_load((REPORT / "report" / "catalogs.yaml").read_text(encoding="utf-8"))
    with (REPORT / "municipios_norte_de_santander.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = {r["municipio"] for r in rows}
    subregions = {r["subregion"] for r in rows}
    places = yaml.safe_load((DATA_DIR / "lugares.yaml").read_text(encoding="utf-8"))
    assert set(places["municipios"]) <= names
    assert set(places["subregiones"]) <= subregions
    for region in places["regiones"].values():
        assert set(region["municipios"]) <= names, region["nombre"]
    chains = {c["code"] for c in catalogs["productive_chains"]}
    sections = {c["code"] for c in catalogs["ciiu_sections"]}
    for entry in yaml.safe_load((DATA_DIR / "sectores.yaml").read_text(encoding="utf-8")):
        assert set(entry.get("cadenas", [])) <= chains, entry
        assert set(entry.get("sectores", [])) <= sections, entry
    services = {c["code"] for c in catalogs["service_types"]}
    populations = {c["code"] for c in catalogs["population_groups"]}
    assert (
        set(yaml.safe_load((DATA_DIR / "servicios.yaml").read_text(encoding="utf-8"))) <= services
    )
    assert (
        set(yaml.safe_load((DATA_DIR / "poblaciones.yaml").read_text(encoding="utf-8")))
        <= populations
    )


def test_a_new_program_is_understood_without_restarting(db):
    owner = f.actor("Asociación Prueba Cacaotera", slug="t-cacao")
    item = f.program("Ruta Prueba del Cacao", owner, chains=[f.chain()])
    # The lexicon is rebuilt when the catalog's version moves: its words are known at once.
    assert item.slug in slugs(db, "cacaotera")


# --- the in-memory catalog answers what the SQL answers ---------------------------------------

PARITY = [
    {"q": "agro"},
    {"q": "crédito tibu"},
    {"q": "mujeres"},
    {"q": "jóvenes formación"},
    {"q": "catatumbo"},
    {"q": "área metropolitana capital semilla"},
    {"q": "emprendimeinto"},
    {"q": "confec"},
    {"etapa": "2", "municipio": "54810"},
    {"q": "feria", "subregion": "Occidental", "costo": "gratuito"},
    {"tipo": "financiacion", "poblacion": "rural"},
    {"actor": "camara-de-comercio-de-cucuta", "abierta": "1"},
    {"cadena": "confecciones", "sector": "C", "modalidad": "presencial"},
]


@pytest.mark.parametrize("args", PARITY, ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items()))
def test_in_memory_search_matches_the_sql_search(db, args):
    from red.services.catalog_search import matching_programs, prepare

    filters = prepare(db.session, ProgramFilters.from_args(args))
    by_sql = db.session.scalars(matching_programs(filters, TODAY)).all()
    in_memory = set(slugs(db, args.pop("q", ""), **args))
    assert {p.slug for p in by_sql} == in_memory


def test_a_logged_in_new_query_runs_a_handful_of_statements(client, login_as, count_queries):
    login_as("gestor.ccc@red.demo")
    client.get("/ruta?q=confeccion")  # the first request builds the in-memory catalog
    with count_queries() as counter:
        page = client.get("/ruta?q=cr%C3%A9dito+tibu&etapa=3")
    assert page.status_code == 200 and "Lugar: Tibú" in page.get_data(as_text=True)
    # The catalog's version (one SELECT) plus what every logged-in page costs; 20 before.
    assert counter.count <= 6, counter.statements


def test_the_route_finder_starts_from_what_was_typed(client):
    page = client.get("/ruta/encuentra?q=cr%C3%A9dito+tibu+mujeres").get_data(as_text=True)
    assert "ya marcamos" in page and "Lugar: Tibú" in page
    assert '<option value="54810" selected>' in page
    assert '<option value="financiacion" selected>' in page
    assert 'value="mujeres" checked' in page
    # Once the form is sent, the answers given win (here: any municipality).
    sent = client.get("/ruta/encuentra?q=tibu&etapa=1&municipio=").get_data(as_text=True)
    assert '<option value="54810" selected>' not in sent and "Su ruta" in sent
