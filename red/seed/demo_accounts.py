"""The demo accounts and the fictional entrepreneur (not from the report: demo scaffolding),
and how they are loaded.

Every account uses DEMO_PASSWORD; the entrepreneur and her venture are fictional and say so.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from red.models import ConsentRecord, Entrepreneur, User, Venture
from red.services.accounts import create_user
from red.text import fold

DEMO_PASSWORD = "demo-red-2026"
DEMO_USERS = [
    # (email, full name, role, actor slug or None)
    ("admin@red.demo", "Administrador Demo", "admin", None),
    ("nucleo@red.demo", "Núcleo Demo", "nucleo", None),
    ("gestor.ccc@red.demo", "Gestor Demo CCC", "actor_staff", "camara-de-comercio-de-cucuta"),
    ("admin.ccc@red.demo", "Administrador Demo CCC", "actor_admin", "camara-de-comercio-de-cucuta"),
    ("gestor.sena@red.demo", "Gestor Demo SENA", "actor_staff", "sena"),
]
DEMO_ENTREPRENEUR_EMAIL = "emprendedor@red.demo"
DEMO_ENTREPRENEUR = {
    "doc_type": "13",
    "doc_number": "1090123456",
    "first_names": "Emprendedora",
    "last_names": "Demo",
    "municipality": "Tibú",
    "email": DEMO_ENTREPRENEUR_EMAIL,
    "sex": "F",
}
DEMO_CONSENT = {
    "policy_version": "2026-01",
    "purpose_attention": True,
    "purpose_statistics": True,
    "channel": "web",
}
DEMO_VENTURE = {
    "name": "Chocolates Demo del Catatumbo",
    "sector": "C",
    "ciiu_code": "1082",
    "chain": "cacao",
    "stage": 2,
    "is_formal": False,
    "size": "micro",
    "employees": 2,
    "sales_range": "1",
    "municipality": "Tibú",
    "description": "Emprendimiento ficticio de la cuenta de demostración.",
}


def load_accounts(loader: Any) -> None:
    """Add the demo accounts and the demo entrepreneur that are missing (`loader`: the demo
    loader of red/seed/demo.py, with the actors, catalogs and municipalities it loaded)."""
    emails = set(loader.session.scalars(select(User.email)))
    new_users = 0
    for email, full_name, role, actor_slug in DEMO_USERS:
        if email in emails:
            continue
        create_user(
            loader.session,
            email=email,
            full_name=full_name,
            password=DEMO_PASSWORD,
            role=role,
            actor_id=loader.actor(actor_slug).id if actor_slug else None,
        )
        new_users += 1

    person_spec = DEMO_ENTREPRENEUR
    person = loader.session.scalar(
        select(Entrepreneur).where(
            Entrepreneur.doc_type == person_spec["doc_type"],
            Entrepreneur.doc_number == person_spec["doc_number"],
        )
    )
    new_people = 0
    if person is None:
        person = _new_demo_entrepreneur(loader)
        new_people = 1
    if DEMO_ENTREPRENEUR_EMAIL not in emails:
        create_user(
            loader.session,
            email=DEMO_ENTREPRENEUR_EMAIL,
            full_name=f"{person.first_names} {person.last_names}",
            password=DEMO_PASSWORD,
            role="entrepreneur",
            entrepreneur_id=person.id,
        )
        new_users += 1
    loader._count("usuarios", new_users)
    loader._count("emprendedores", new_people)
    loader._count("emprendimientos", new_people)
    loader._count("consentimientos", new_people)


def _new_demo_entrepreneur(loader: Any) -> Entrepreneur:
    spec = DEMO_ENTREPRENEUR
    person = Entrepreneur(
        doc_type=spec["doc_type"],
        doc_number=spec["doc_number"],
        first_names=spec["first_names"],
        last_names=spec["last_names"],
        name_norm=fold(f"{spec['first_names']} {spec['last_names']}"),
        email=spec["email"],
        sex=spec["sex"],
        municipality_code=loader.muni_code(spec["municipality"]),
        is_demo=True,
    )
    loader.session.add(person)
    loader.session.add(ConsentRecord(entrepreneur=person, **DEMO_CONSENT))
    venture = DEMO_VENTURE
    loader.session.add(
        Venture(
            entrepreneur=person,
            name=venture["name"],
            name_norm=fold(venture["name"]),
            sector=loader.sectors[venture["sector"]],
            ciiu_code=venture["ciiu_code"],
            chain=loader.chains[venture["chain"]],
            stage=loader.stages[venture["stage"]],
            is_formal=venture["is_formal"],
            size=venture["size"],
            employees=venture["employees"],
            sales_range=venture["sales_range"],
            municipality_code=loader.muni_code(venture["municipality"]),
            description=venture["description"],
        )
    )
    loader.session.flush()
    return person
