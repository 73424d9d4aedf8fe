"""Measure the catalog search at 5,000 programs (test-only script, not collected by pytest).

    .venv/bin/python tests/bench_catalog_search.py                 # SQLite in memory
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/red_bench .venv/bin/python tests/bench_catalog_search.py

It loads the demo data, adds N synthetic published programs with realistic text, then times
the catalog's search page (results + facet counts) for typical queries.
"""

from __future__ import annotations

import os
import random
import time

from sqlalchemy import select

from red import create_app
from red.config import TestConfig
from red.extensions import db
from red.models import Actor, Municipality, PopulationGroup, Program, RouteStage, ServiceType
from red.seed.demo import seed_demo
from red.services.calendar import local_today
from red.services.catalog_facets import facet_counts
from red.services.catalog_search import ProgramFilters, search_programs

N = int(os.environ.get("BENCH_PROGRAMS", "5000"))
WORDS = (
    "emprendimiento confección calzado café cacao turismo formación asesoría capital semilla "
    "crédito feria rueda de negocios mujeres jóvenes rural campesino innovación tecnología "
    "exportación Cúcuta Tibú Ocaña Pamplona mentoría incubadora aceleración tienda panadería"
).split()
QUERIES = [
    {},
    {"q": "confeccion"},
    {"q": "capital semilla"},
    {"q": "cucuta mujeres", "etapa": "2"},
    {"municipio": "54810"},
    {"municipio": "54810", "tipo": "financiacion", "costo": "gratuito", "abierta": "1"},
    {"q": "pequenos emprendedores"},
]


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    config = {"SQLALCHEMY_DATABASE_URI": url} if url else {}
    app = create_app(TestConfig, **config)
    rng = random.Random(7)
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_demo(db.session)
        actors = db.session.scalars(select(Actor)).all()
        stages = db.session.scalars(select(RouteStage)).all()
        munis = db.session.scalars(select(Municipality)).all()
        pops = db.session.scalars(select(PopulationGroup)).all()
        types = db.session.scalars(select(ServiceType)).all()
        start = time.perf_counter()
        for n in range(N):
            text = " ".join(rng.choice(WORDS) for _ in range(60))
            db.session.add(
                Program(
                    slug=f"bench-{n}",
                    name=" ".join(rng.choice(WORDS) for _ in range(4)).capitalize() + f" {n}",
                    summary=text[:200],
                    description=text,
                    owner=rng.choice(actors),
                    status="publicado",
                    whole_department=rng.random() < 0.2,
                    is_free=rng.random() < 0.7,
                    cost_cop=None,
                    stages=rng.sample(stages, 2),
                    municipalities=rng.sample(munis, 3),
                    populations=rng.sample(pops, 2),
                    service_types=rng.sample(types, 2),
                    last_reviewed_on=local_today(),
                )
            )
            if n % 500 == 499:
                db.session.flush()
        db.session.commit()
        print(
            f"{db.engine.dialect.name}: loaded {N} programs in {time.perf_counter() - start:.1f} s"
        )
        for args in QUERIES:
            filters = ProgramFilters.from_args(args)
            timings = []
            for _ in range(5):
                t0 = time.perf_counter()
                page = search_programs(db.session, filters, per_page=20)
                facet_counts(db.session, filters)
                timings.append(time.perf_counter() - t0)
                db.session.expunge_all()
            print(f"  {args!s:70} {page.total:5d} hits  median {sorted(timings)[2] * 1000:6.1f} ms")
        db.session.remove()
        if not os.environ.get("BENCH_KEEP"):
            db.drop_all()


if __name__ == "__main__":
    main()
