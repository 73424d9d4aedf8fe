"""The route finder: current stage first, then the next stages, each with a «por qué»."""

from __future__ import annotations

from datetime import timedelta

from red.services.calendar import local_today
from red.services.route_finder import Profile, find_route
from tests import factories as f


def _setup(db):
    owner = f.actor("Actor Ruta Coral", slug="t-finder")
    fin = f.service_type()
    women = f.population()
    textile = f.chain()
    other_chain = f.chain("t-calzado", "Calzado de prueba")
    programs = {
        "idea": f.program("Coral Ideas", owner, stages=(1,), municipalities=("54810",)),
        "idea_fin": f.program(
            "Coral Capital", owner, stages=(1,), service_types=[fin], populations=[women]
        ),
        "launch": f.program("Coral Arranque", owner, stages=(2,), municipalities=("54810",)),
        "grow": f.program("Coral Crecer", owner, stages=(3,)),
        "before": f.program("Coral Sensibiliza", owner, stages=(0,)),
        "elsewhere": f.program("Coral Ocaña", owner, stages=(1,), municipalities=("54498",)),
        "shoes": f.program("Coral Calzado", owner, stages=(2,), chains=[other_chain]),
        "closed": f.program(
            "Coral Cerrado",
            owner,
            stages=(1,),
            opens_on=local_today() - timedelta(days=20),
            closes_on=local_today() - timedelta(days=1),
        ),
    }
    return programs, fin, women, textile


def _names(steps):
    return [
        (step.stage.number, [s.program.name for s in step.suggestions if "Coral" in s.program.name])
        for step in steps
    ]


def test_current_stage_first_then_next_stages_in_order(db):
    programs, fin, women, textile = _setup(db)
    steps = find_route(
        db.session,
        Profile(
            stage=1,
            municipio="54810",
            cadena=textile.code,
            necesidad=fin.code,
            poblaciones=[women.code],
        ),
    )
    numbers = [step.stage.number for step in steps]
    assert numbers == sorted(numbers) and numbers[0] == 1 and steps[0].current
    names = dict(_names(steps))
    # Best fit first inside the stage: need and population match.
    assert names[1][:2] == ["Coral Capital", "Coral Ideas"]
    assert "Coral Arranque" in names[2] and "Coral Crecer" in names[3]
    everything = [n for _, group in _names(steps) for n in group]
    assert "Coral Sensibiliza" not in everything  # an earlier stage
    assert "Coral Ocaña" not in everything  # another municipality
    assert "Coral Calzado" not in everything  # aimed at another sector
    assert "Coral Cerrado" not in everything  # call closed


def test_each_suggestion_says_why(db):
    programs, fin, women, textile = _setup(db)
    steps = find_route(
        db.session,
        Profile(stage=1, municipio="54810", necesidad=fin.code, poblaciones=[women.code]),
    )
    why = {s.program.name: s.why for step in steps for s in step.suggestions}
    assert "Es para su etapa actual" in why["Coral Capital"]
    assert "lo que usted busca" in why["Coral Capital"]
    assert "Pensado para mujeres de prueba" in why["Coral Capital"]
    assert "Cubre todo Norte de Santander" in why["Coral Capital"]
    assert "Se ofrece en Tibú" in why["Coral Ideas"]
    assert "Es el paso siguiente: etapa 2" in why["Coral Arranque"]


def test_finder_page(client, db):
    _setup(db)
    page = client.get("/ruta/encuentra").get_data(as_text=True)
    assert "¿En qué punto está su idea o negocio?" in page and "Su ruta" not in page
    page = client.get("/ruta/encuentra?etapa=1&municipio=54810").get_data(as_text=True)
    assert "Su ruta" in page and "Ahora · Etapa 1" in page and "Por qué:" in page
    assert page.index("Coral Ideas") < page.index("Coral Arranque") < page.index("Coral Crecer")


def test_finder_with_the_demo_data_finds_emprendefest_for_tibu(client):
    page = client.get("/ruta/encuentra?etapa=1&municipio=54810").get_data(as_text=True)
    assert "EmprendeFEST" in page


def test_finder_runs_fixed_number_of_queries(client, db, count_queries):
    owner = f.actor(slug="t-finder-q")
    fin = f.service_type()
    f.program("Ámbar ruta 0", owner, stages=(1,), municipalities=("54810",))
    path = "/ruta/encuentra?etapa=1&municipio=54810&necesidad=t-financiacion"
    client.get(path)
    with count_queries() as few:
        client.get(path)
    for n in range(1, 26):
        f.program(
            f"Ámbar ruta {n}",
            owner,
            stages=(1 + n % 5,),
            municipalities=("54810", "54001"),
            service_types=[fin],
            cooperators=[f.actor()],
        )
    with count_queries() as many:
        client.get(path)
    assert few.count == many.count
