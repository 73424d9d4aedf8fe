"""Load the demo data from the report, idempotently.

Every kind of row is looked up by its natural key (municipality code, catalog code, actor
slug, program slug, event slug, indicator code, body slug, user e-mail, document) and only
missing rows are added; existing rows are never modified. The function flushes; the caller
commits. Lookups are one SELECT per table, cached in dicts, so a run takes well under a
second plus the password hashing of the demo accounts.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from red.models import (
    Actor,
    Body,
    BodyMembership,
    Event,
    Indicator,
    Municipality,
    PopulationGroup,
    ProductiveChain,
    Program,
    RouteStage,
    ScorecardVersion,
    Sector,
    ServiceType,
)
from red.models.governance import DEFAULT_SCORECARD
from red.seed import SeedError
from red.seed import demo_accounts as accounts
from red.seed.report_data import ReportData, load
from red.text import fold, slugify

MUNICIPALITIES_CSV = (
    Path(__file__).resolve().parent.parent / "data" / "municipios_norte_de_santander.csv"
)


def seed_demo(session: Session) -> dict[str, int]:
    """Load the report's demo data; returns how many new rows of each kind were added."""
    loader = _Loader(session)
    loader.run()
    session.flush()
    return loader.counts


class _Loader:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.report: ReportData = load()
        self.counts: dict[str, int] = {}
        self.municipalities: dict[str, Municipality] = {}
        self.muni_by_name: dict[str, str] = {}
        self.stages: dict[int, RouteStage] = {}
        self.service_types: dict[str, ServiceType] = {}
        self.sectors: dict[str, Sector] = {}
        self.chains: dict[str, ProductiveChain] = {}
        self.populations: dict[str, PopulationGroup] = {}
        self.actors: dict[str, Actor] = {}
        self.programs: dict[str, Program] = {}

    def run(self) -> None:
        # No autoflush while building: lookups are done up front, one query per table.
        with self.session.no_autoflush:
            self.load_municipalities()
            self.load_catalogs()
            self.load_actors()
            self.load_programs()
            self.load_events()
            self.load_indicators()
            self.load_bodies()
            self.load_scorecard()
        self.session.flush()
        accounts.load_accounts(self)

    # --- helpers -------------------------------------------------------------------------

    def _count(self, kind: str, n: int) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + n

    def muni_code(self, name: str) -> str:
        try:
            return self.muni_by_name[fold(name)]
        except KeyError:
            raise SeedError(
                f"Municipio desconocido en los datos de demostración: {name}."
            ) from None

    def muni(self, name: str) -> Municipality:
        return self.municipalities[self.muni_code(name)]

    def actor(self, slug: str) -> Actor:
        try:
            return self.actors[slug]
        except KeyError:
            raise SeedError(f"Actor desconocido en los datos de demostración: {slug}.") from None

    def _add_missing(self, kind: str, existing: dict, rows: list[tuple[Any, Any]]) -> None:
        """rows: (key, factory) pairs; builds and adds the rows whose key is missing."""
        new = 0
        for key, factory in rows:
            if key not in existing:
                obj = factory()
                self.session.add(obj)
                existing[key] = obj
                new += 1
        self._count(kind, new)

    def _add_rows(self, kind: str, existing: dict, rows: list[dict], build, key: str = "slug"):
        """Build (with `build`) and add the report's rows whose `key` is not stored yet."""
        self._add_missing(kind, existing, [(row[key], lambda row=row: build(row)) for row in rows])

    # --- reference data ------------------------------------------------------------------

    def load_municipalities(self) -> None:
        self.municipalities = {m.code: m for m in self.session.scalars(select(Municipality))}
        with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        self._add_missing(
            "municipios",
            self.municipalities,
            [
                (
                    row["codigo_divipola"],
                    lambda row=row: Municipality(
                        code=row["codigo_divipola"],
                        name=row["municipio"],
                        name_norm=fold(row["municipio"]),
                        subregion=row["subregion"],
                    ),
                )
                for row in rows
            ],
        )
        self.muni_by_name = {fold(m.name): code for code, m in self.municipalities.items()}

    def load_catalogs(self) -> None:
        self.stages = {s.number: s for s in self.session.scalars(select(RouteStage))}
        self._add_missing(
            "etapas",
            self.stages,
            [
                (
                    number,
                    lambda n=number, name=name: RouteStage(
                        number=n, code=slugify(name), name=name, position=n
                    ),
                )
                for number, name in (
                    (row["number"], row["name"]) for row in self.report.route_stages
                )
            ],
        )
        self.service_types = self._catalog(
            "tipos_de_servicio",
            ServiceType,
            self.report.service_types,
        )
        self.sectors = self._catalog(
            "sectores",
            Sector,
            [
                {
                    "code": row["code"],
                    "name": row["short_name"] or row["name"],
                    "description": row["name"] if row["short_name"] else None,
                    "ciiu_version": self.report.ciiu_version,
                }
                for row in self.report.ciiu_sections
            ],
        )
        self.chains = self._catalog(
            "cadenas_productivas",
            ProductiveChain,
            self.report.productive_chains,
        )
        self.populations = self._catalog(
            "grupos_poblacionales",
            PopulationGroup,
            self.report.population_groups,
        )

    def _catalog(self, kind: str, model: type, rows: list[dict]) -> dict[str, Any]:
        existing = {c.code: c for c in self.session.scalars(select(model))}
        self._add_missing(
            kind,
            existing,
            [
                (row["code"], lambda row=row, pos=pos: model(position=pos, **row))
                for pos, row in enumerate(rows, 1)
            ],
        )
        return existing

    # --- actors, programs, events --------------------------------------------------------

    def load_actors(self) -> None:
        self.actors = {a.slug: a for a in self.session.scalars(select(Actor))}
        self._add_rows("actores", self.actors, self.report.actors, self._new_actor)

    def _new_actor(self, row: dict) -> Actor:
        return Actor(
            slug=row["slug"],
            name=row["name"],
            name_norm=fold(f"{row['name']} {row['acronym'] or ''}"),
            acronym=row["acronym"],
            nit=row["nit"],
            kind=row["kind"],
            network_role=row["network_role"],
            status="activo",
            is_member=row["is_member"],
            description=row["description"],
            demo_assumption=row["assumption"],
            municipality_code=self.muni_code(row["municipality"]) if row["municipality"] else None,
            chains=[self.chains[c] for c in row["chains"]],
        )

    def load_programs(self) -> None:
        self.programs = {p.slug: p for p in self.session.scalars(select(Program))}
        self._add_rows("programas", self.programs, self.report.programs, self._new_program)

    def _new_program(self, row: dict) -> Program:
        owner = self.actor(row["owner"])
        text = " ".join(
            part or ""
            for part in (row["name"], row["summary"], row["description"], owner.name, owner.acronym)
        )
        return Program(
            slug=row["slug"],
            name=row["name"],
            summary=row["summary"],
            description=row["description"],
            search_norm=fold(text),
            owner=owner,
            requirements=row["requirements"],
            is_free=row["is_free"],
            cost_cop=None,
            modality="presencial",
            capacity=row["capacity"],
            status=row["status"],
            whole_department=row["whole_department"],
            for_subsistence=row["for_subsistence"],
            period=row["period"],
            reported_results=row["reported_results"],
            demo_assumption=row["assumption"],
            last_reviewed_on=self.report.reviewed_on,
            cooperators=[self.actor(s) for s in row["cooperators"]],
            stages=[self.stages[n] for n in row["stages"]],
            service_types=[self.service_types[c] for c in row["services"]],
            sectors=[self.sectors[c] for c in row["sectors"]],
            populations=[self.populations[c] for c in row["populations"]],
            chains=[self.chains[c] for c in row["chains"]],
            municipalities=[self.muni(n) for n in row["municipalities"]],
        )

    def load_events(self) -> None:
        events = {slug: None for slug in self.session.scalars(select(Event.slug))}
        self._add_rows("eventos", events, self.report.events, self._new_event)

    def _new_event(self, row: dict) -> Event:
        organizers = [self.actor(s) for s in row["organizers"]]
        place = row["city"] or row["municipality"] or row["venue"] or ""
        return Event(
            slug=row["slug"],
            name=row["name"],
            name_norm=fold(f"{row['name']} {place}")[:400],
            kind=row["kind"],
            program=self.programs[row["program"]] if row["program"] else None,
            starts_on=row["starts_on"],
            ends_on=row["ends_on"],
            date_precision=row["date_precision"],
            period_label=row["period_label"],
            venue=row["venue"],
            capacity=row["capacity"],
            municipality_code=self.muni_code(row["municipality"]) if row["municipality"] else None,
            city=row["city"],
            country=row["country"],
            description=row["description"],
            is_reported=True,
            reported_exhibitors=row["reported_exhibitors"],
            reported_buyers=row["reported_buyers"],
            reported_participants=row["reported_participants"],
            reported_sales_cop=row["reported_sales_cop"],
            figures_qualifier=row["figures_qualifier"],
            reported_notes=row["reported_notes"],
            demo_assumption=row["assumption"],
            organizers=organizers,
        )

    # --- indicators, bodies, scorecard ---------------------------------------------------

    def load_indicators(self) -> None:
        existing = {code: None for code in self.session.scalars(select(Indicator.code))}
        rows = self.report.indicators
        self._add_rows("indicadores", existing, rows, lambda row: Indicator(**row), key="code")

    def load_bodies(self) -> None:
        existing = {slug: None for slug in self.session.scalars(select(Body.slug))}
        members = [slug for slug, actor in self.actors.items() if actor.is_member]
        new_bodies = new_memberships = 0
        for spec in self.report.bodies:
            if spec["slug"] in existing:
                continue
            body = Body(
                slug=spec["slug"],
                kind=spec["kind"],
                name=spec["name"],
                description=spec["description"],
                coordinator=self.actor(spec["coordinator"]),
            )
            self.session.add(body)
            for slug in spec["members"] if spec["members"] is not None else members:
                self.session.add(BodyMembership(body=body, actor=self.actor(slug)))
                new_memberships += 1
            new_bodies += 1
        self._count("instancias", new_bodies)
        self._count("miembros_de_instancias", new_memberships)

    def load_scorecard(self) -> None:
        if self.session.scalar(select(ScorecardVersion.id).limit(1)) is None:
            self.session.add(
                ScorecardVersion(
                    settings=DEFAULT_SCORECARD, note="Valores por defecto (datos de demostración)."
                )
            )
            self._count("tableros_de_cumplimiento", 1)
        else:
            self._count("tableros_de_cumplimiento", 0)
