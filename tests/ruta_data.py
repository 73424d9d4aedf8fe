"""Records for the Ruta tests, created beside whatever the demo data holds (get-or-create).

Test catalog entries use codes starting with "t-" and actors "t-…" slugs, so they never
clash with the demo data and the tests can tell their own rows apart.
"""

from __future__ import annotations

import itertools
from datetime import date

from sqlalchemy import select

from red.extensions import db
from red.models import (
    Actor,
    Municipality,
    PopulationGroup,
    ProductiveChain,
    Program,
    RouteStage,
    Sector,
    ServiceType,
    User,
)

MUNICIPALITIES = {
    "54001": ("Cúcuta", "Oriental"),
    "54810": ("Tibú", "Norte"),
    "54498": ("Ocaña", "Occidental"),
    "54518": ("Pamplona", "Suroccidental"),
}
STAGE_NAMES = {
    0: "Sensibilización y cultura",
    1: "Ideación y preincubación",
    2: "Puesta en marcha e incubación",
    3: "Fortalecimiento y crecimiento",
    4: "Aceleración y escalamiento",
    5: "Internacionalización",
}
_counter = itertools.count(1)


def municipality(code: str) -> Municipality:
    found = db.session.get(Municipality, code)
    if found is None:
        name, subregion = MUNICIPALITIES[code]
        found = Municipality(code=code, name=name, name_norm=name.lower(), subregion=subregion)
        db.session.add(found)
        db.session.flush()
    return found


def stage(number: int) -> RouteStage:
    found = db.session.scalar(select(RouteStage).where(RouteStage.number == number))
    if found is None:
        found = RouteStage(
            number=number, code=f"t-etapa-{number}", name=STAGE_NAMES[number], position=number
        )
        db.session.add(found)
        db.session.flush()
    return found


def catalog(model, code: str, name: str, **extra):
    found = db.session.scalar(select(model).where(model.code == code))
    if found is None:
        found = model(code=code, name=name, **extra)
        db.session.add(found)
        db.session.flush()
    return found


def service_type(code: str = "t-financiacion", name: str = "Financiación de prueba"):
    return catalog(ServiceType, code, name)


def sector(code: str = "t-C", name: str = "Industrias de prueba"):
    return catalog(Sector, code, name)


def chain(code: str = "t-confecciones", name: str = "Confecciones de prueba"):
    return catalog(ProductiveChain, code, name)


def population(code: str = "t-mujeres", name: str = "Mujeres de prueba", sensitive=False):
    return catalog(PopulationGroup, code, name, sensitive=sensitive)


def actor(slug: str | None = None, name: str | None = None, **extra) -> Actor:
    slug = slug or f"t-actor-{next(_counter)}"
    found = db.session.scalar(select(Actor).where(Actor.slug == slug))
    if found is None:
        found = Actor(slug=slug, name=name or f"Actor de prueba {slug}", **extra)
        db.session.add(found)
        db.session.flush()
    return found


def program(
    name: str,
    owner: Actor | None = None,
    *,
    stages=(1,),
    municipalities=(),
    status: str = "publicado",
    **extra,
) -> Program:
    extra.setdefault("whole_department", not municipalities)
    item = Program(
        slug=f"t-{next(_counter)}-{abs(hash(name)) % 10_000}",
        name=name,
        owner=owner or actor(),
        status=status,
        stages=[stage(n) for n in stages],
        municipalities=[municipality(c) for c in municipalities],
        last_reviewed_on=extra.pop("last_reviewed_on", date.today()),
        **extra,
    )
    db.session.add(item)
    db.session.flush()
    return item


def staff_of(actor_obj: Actor, role: str = "actor_staff") -> User:
    user = User(
        email=f"{actor_obj.slug}-{next(_counter)}@prueba.red",
        full_name=f"Gestor de {actor_obj.name}",
        password_hash="x",
        role=role,
        actor_id=actor_obj.id,
    )
    db.session.add(user)
    db.session.flush()
    return user


def admin_user() -> User:
    user = User(
        email=f"admin-{next(_counter)}@prueba.red",
        full_name="Administración de prueba",
        password_hash="x",
        role="admin",
    )
    db.session.add(user)
    db.session.flush()
    return user
