"""Synthetic, clearly fictional people and activity for load tests (never loaded by default).

`seed_synthetic(session, entrepreneurs=N)` adds N people (one venture and one consent record
each), about three service records per person by member actors on published programs, about
0.5 referrals per person with their status history, and about one event participation per
person. It needs the demo data (`seed_demo`) first.

Rows go in with Core bulk INSERTs in batches of 5,000 (multi-row VALUES; ids fetched back with
RETURNING where later rows need them), so 100,000 people take a minute or so rather than hours.
On PostgreSQL they go through COPY instead, with the ids later rows need handed out here and
the sequences moved past them at the end: the 1,000,000-person benchmark set (~3 million
atenciones) loads in minutes. Both bypass the ORM audit hook on purpose: this is generated
data, not anybody's change.
"""

from __future__ import annotations

import base64
import random
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from faker import Faker
from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from red.models import (
    Actor,
    ConsentRecord,
    Entrepreneur,
    Event,
    Municipality,
    Participation,
    PopulationGroup,
    ProductiveChain,
    Program,
    Referral,
    ReferralStatusChange,
    RouteStage,
    Sector,
    ServiceRecord,
    ServiceType,
    User,
    Venture,
)
from red.models.events import event_organizers
from red.models.people import entrepreneur_populations
from red.models.programs import program_cooperators, program_service_types
from red.seed import SeedError
from red.seed.synthetic_people import END, START, PersonRows

BATCH = 5000


def seed_synthetic(
    session: Session,
    entrepreneurs: int,
    random_seed: int = 2026,
    programs: int = 0,
    events: int = 0,
) -> dict[str, int]:
    """Add fictional programs, events and `entrepreneurs` people with ventures and activity.

    Programs and events come first so the people's services and participations spread
    over them. Returns row counts.
    """
    if min(entrepreneurs, programs, events) < 0:
        raise SeedError("Las cantidades no pueden ser negativas.")
    from red.seed.synthetic_catalog import add_events, add_programs

    catalog_rng = random.Random(random_seed + 1)
    added_programs = add_programs(session, programs, catalog_rng) if programs else 0
    added_events = add_events(session, events, catalog_rng) if events else 0
    generator = _Generator(session, random_seed)
    generator.counts["programas"] = added_programs
    generator.counts["eventos"] = added_events
    generator.run(entrepreneurs)
    generator.finish()
    # The bulk inserts bypass the flush hook that keeps person_access current.
    from red.services.person_access import rebuild

    rebuild(session.connection())
    return generator.counts


class _Generator(PersonRows):
    """Generates and inserts the people in batches; what one person's rows look like is
    PersonRows (red/seed/synthetic_people.py)."""

    def __init__(self, session: Session, random_seed: int) -> None:
        self.session = session
        self.rng = random.Random(random_seed)
        self.fake = Faker("es_CO")
        self.fake.seed_instance(random_seed)
        self.now = datetime.now(UTC)
        self.counts = {
            "emprendedores": 0,
            "emprendimientos": 0,
            "consentimientos": 0,
            "poblaciones": 0,
            "atenciones": 0,
            "remisiones": 0,
            "cambios_de_estado": 0,
            "participaciones": 0,
        }
        self._load_reference()
        self._build_pools()
        self.copy = session.get_bind().dialect.name == "postgresql"
        # Next id per table whose ids later rows need (COPY has no RETURNING).
        self.next_id = {
            table.name: (session.scalar(select(func.max(table.c.id))) or 0) + 1
            for table in (Entrepreneur.__table__, Venture.__table__, Referral.__table__)
        }

    # --- reference data from the demo seed -------------------------------------------------

    def _load_reference(self) -> None:
        s = self.session
        self.municipalities = list(s.execute(select(Municipality.code, Municipality.subregion)))
        self.members = list(s.scalars(select(Actor.id).where(Actor.is_member.is_(True))))
        programs = list(
            s.execute(select(Program.id, Program.owner_id).where(Program.status == "publicado"))
        )
        self.stages = {n: i for n, i in s.execute(select(RouteStage.number, RouteStage.id))}
        self.service_type_ids = list(s.scalars(select(ServiceType.id)))
        if not (
            self.municipalities
            and self.members
            and programs
            and self.stages
            and self.service_type_ids
        ):
            raise SeedError(
                "Faltan los datos de demostración: ejecute primero «flask red seed-demo» "
                "(seed_demo) y luego genere los datos sintéticos."
            )
        self.sectors = dict(s.execute(select(Sector.code, Sector.id)).all())
        self.chains = dict(s.execute(select(ProductiveChain.code, ProductiveChain.id)).all())
        self.populations = dict(s.execute(select(PopulationGroup.code, PopulationGroup.id)).all())
        member_set = set(self.members)
        cooperators = defaultdict(list)
        for program_id, actor_id in s.execute(select(program_cooperators)):
            cooperators[program_id].append(actor_id)
        types = defaultdict(list)
        for program_id, type_id in s.execute(
            select(program_service_types.c.program_id, program_service_types.c.service_type_id)
        ):
            types[program_id].append(type_id)
        # (program id, actors that can serve it, its service types)
        self.programs = []
        self.programs_by_actor: dict[int, list[int]] = defaultdict(list)
        for program_id, owner_id in programs:
            servers = [a for a in [owner_id, *cooperators[program_id]] if a in member_set]
            if not servers:
                continue
            self.programs.append((program_id, servers, types[program_id] or self.service_type_ids))
            for actor_id in servers:
                self.programs_by_actor[actor_id].append(program_id)
        if not self.programs:
            raise SeedError("No hay programas publicados con actores miembros para las atenciones.")
        self.staff: dict[int, list[int]] = defaultdict(list)
        for user_id, actor_id in s.execute(
            select(User.id, User.actor_id).where(User.actor_id.is_not(None))
        ):
            self.staff[actor_id].append(user_id)
        self.events = list(s.execute(select(Event.id, Event.starts_on)))
        self.organizers: dict[int, list[int]] = defaultdict(list)
        for event_id, actor_id in s.execute(
            select(event_organizers.c.event_id, event_organizers.c.actor_id)
        ):
            self.organizers[event_id].append(actor_id)
        self.used_docs = {
            (t, n) for t, n in s.execute(select(Entrepreneur.doc_type, Entrepreneur.doc_number))
        }
        self.used_codes = set(s.scalars(select(Referral.code)))
        self.sequence = (s.scalar(select(func.max(Entrepreneur.id))) or 0) + 1

    def _build_pools(self) -> None:
        fake = self.fake
        self.female_names = sorted({fake.first_name_female() for _ in range(600)})
        self.male_names = sorted({fake.first_name_male() for _ in range(600)})
        self.last_names = sorted({fake.last_name() for _ in range(800)})
        self.streets = [fake.street_address() for _ in range(300)]
        weighted = []
        for code, subregion in self.municipalities:
            if code == "54001":
                weight = 400
            elif code in ("54874", "54405", "54261"):  # Villa del Rosario, Los Patios, El Zulia
                weight = 60
            elif code in ("54498", "54518"):  # Ocaña, Pamplona
                weight = 50
            else:
                weight = 8
            weighted.append((code, subregion, weight))
        self.muni_codes = [w[0] for w in weighted]
        self.muni_weights = [w[2] for w in weighted]
        self.subregion = {w[0]: w[1] for w in weighted}

    # --- generation ------------------------------------------------------------------------

    def run(self, total: int) -> None:
        done = 0
        while done < total:
            size = min(BATCH, total - done)
            self._chunk(size)
            done += size

    def _random_day(self, start: date = START, end: date = END) -> date:
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def _at(self, day: date) -> datetime:
        seconds = self.rng.randint(7 * 3600, 18 * 3600)
        return datetime.combine(day, time(), tzinfo=UTC) + timedelta(seconds=seconds)

    def _doc(self) -> tuple[str, str]:
        rng = self.rng
        while True:
            if rng.random() < 0.12:
                doc = ("48", str(rng.randint(1_000_000, 9_999_999)))
            elif rng.random() < 0.6:
                doc = ("13", str(rng.randint(1_090_000_000, 1_094_999_999)))
            else:
                prefix = rng.choice((13, 27, 37, 60, 88))
                doc = ("13", str(prefix * 1_000_000 + rng.randint(0, 999_999)))
            if doc not in self.used_docs:
                self.used_docs.add(doc)
                return doc

    def _code(self) -> str:
        while True:
            code = "R" + base64.b32encode(self.rng.randbytes(5)).decode()
            if code not in self.used_codes:
                self.used_codes.add(code)
                return code

    def _insert(self, table: Table, rows: list[dict], returning: bool = False) -> list[int]:
        if self.copy:
            return self._copy(table, rows, returning)
        ids: list[int] = []
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            if not batch:
                continue
            if returning:
                stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
                ids.extend(self.session.execute(stmt, batch).scalars().all())
            else:
                self.session.execute(insert(table), batch)
        return ids

    def _copy(self, table: Table, rows: list[dict], with_ids: bool) -> list[int]:
        """COPY the rows in (PostgreSQL); `with_ids` gives them ids from this generator's own
        counter, returned like RETURNING would."""
        if not rows:
            return []
        ids: list[int] = []
        if with_ids:
            first = self.next_id[table.name]
            ids = list(range(first, first + len(rows)))
            self.next_id[table.name] = first + len(rows)
            for row, row_id in zip(rows, ids, strict=True):
                row["id"] = row_id
        columns = list(rows[0])
        cursor = self.session.connection().connection.driver_connection.cursor()
        statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        with cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
        return ids

    def finish(self) -> None:
        """Move the sequences past the ids COPY wrote."""
        if not self.copy:
            return
        for name in self.next_id:
            self.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"
                )
            )

    def _chunk(self, size: int) -> None:
        rng = self.rng
        people, plans = [], []
        for _ in range(size):
            person, plan = self._person()
            people.append(person)
            plans.append(plan)
        person_ids = self._insert(Entrepreneur.__table__, people, returning=True)

        ventures, consents, populations = [], [], []
        for person_id, person, plan in zip(person_ids, people, plans, strict=True):
            ventures.append(self._venture(person_id, person, plan))
            consents.append(self._consent(person_id, person, plan))
            populations.extend(
                {"entrepreneur_id": person_id, "population_id": pid} for pid in plan["populations"]
            )
        venture_ids = self._insert(Venture.__table__, ventures, returning=True)
        self._insert(ConsentRecord.__table__, consents)
        self._insert(entrepreneur_populations, populations)

        services, referrals, histories, participations = [], [], [], []
        for person_id, venture_id, plan in zip(person_ids, venture_ids, plans, strict=True):
            services.extend(self._services(person_id, venture_id, plan))
            if rng.random() < 0.5:
                referral, history = self._referral(person_id, venture_id, plan)
                referrals.append(referral)
                histories.append(history)
            participations.extend(self._participations(person_id, venture_id, plan))
        self._insert(ServiceRecord.__table__, services)
        referral_ids = self._insert(Referral.__table__, referrals, returning=True)
        changes = [
            {**change, "referral_id": referral_id}
            for referral_id, history in zip(referral_ids, histories, strict=True)
            for change in history
        ]
        self._insert(ReferralStatusChange.__table__, changes)
        self._insert(Participation.__table__, participations)

        counts = self.counts
        counts["emprendedores"] += len(person_ids)
        counts["emprendimientos"] += len(venture_ids)
        counts["consentimientos"] += len(consents)
        counts["poblaciones"] += len(populations)
        counts["atenciones"] += len(services)
        counts["remisiones"] += len(referral_ids)
        counts["cambios_de_estado"] += len(changes)
        counts["participaciones"] += len(participations)
