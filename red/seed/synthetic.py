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
from decimal import Decimal
from typing import Any

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
from red.text import fold

BATCH = 5000
START = date(2024, 1, 8)
END = date(2025, 11, 28)
POLICY_VERSION = "2026-01"

# (name prefix, CIIU section, CIIU Rev. 4 A.C. class, productive chain code or None)
VENTURE_KINDS = [
    ("Confecciones", "C", "1410", "confecciones"),
    ("Calzado", "C", "1521", "calzado"),
    ("Marroquinería", "C", "1512", "calzado"),
    ("Panadería", "C", "1081", "gastronomia"),
    ("Restaurante", "I", "5611", "gastronomia"),
    ("Café de origen", "A", "0123", "cafe"),
    ("Chocolates", "C", "1082", "cacao"),
    ("Hortalizas", "A", "0113", "agroalimentos"),
    ("Lácteos", "C", "1040", "agroalimentos"),
    ("Tienda", "G", "4711", "comercio"),
    ("Soluciones TIC", "J", "6201", "tecnologias_informacion"),
    ("Construcciones", "F", "4111", "construccion"),
    ("Ladrillera", "C", "2392", "construccion"),
    ("Hostal", "I", "5511", "turismo"),
    ("Artesanías", "C", "3290", "industrias_creativas"),
    ("Diseño", "M", "7410", "industrias_creativas"),
    ("Taller de motos", "G", "4542", "comercio"),
    ("Metalmecánica", "C", "2592", "metalmecanica"),
    ("Peluquería", "S", "9602", None),
    ("Cosmetología", "S", "9602", None),
]
VENTURE_SUFFIXES = [
    "La Esperanza",
    "El Progreso",
    "Del Norte",
    "La Frontera",
    "Los Andes",
    "El Catatumbo",
    "La Ceiba",
    "El Cují",
    "Santa Clara",
    "Nueva Aurora",
    "El Roble",
    "La Sabana",
]
OUTCOMES = [
    "Plan de trabajo acordado.",
    "Diagnóstico empresarial realizado.",
    "Remitido a formación complementaria.",
    "Asistió a la sesión completa.",
    "Se entregó material de apoyo.",
    None,
]
NEEDS = [
    "Acceso a crédito para capital de trabajo.",
    "Formalización del negocio (matrícula mercantil).",
    "Asesoría para participar en ferias comerciales.",
    "Formación en modelo de negocio.",
    "Apoyo para exportar.",
    "Mentoría en mercadeo digital.",
]
REJECTION_REASONS = [
    "No cumple los requisitos de la convocatoria.",
    "Cupos agotados en el programa.",
    "La necesidad no corresponde a la oferta del actor.",
]
# (final status, weight)
REFERRAL_OUTCOMES = [
    ("enviada", 12),
    ("aceptada", 13),
    ("en_atencion", 20),
    ("completada", 35),
    ("rechazada", 10),
    ("cerrada_sin_atencion", 10),
]
PARTICIPATION_STATUSES = [
    ("asistio", 60),
    ("inscrito", 10),
    ("confirmado", 10),
    ("no_asistio", 15),
    ("cancelado", 5),
]
PARTICIPATION_ROLES = [("asistente", 55), ("expositor", 25), ("vendedor", 15), ("comprador", 5)]


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


def _weighted(pairs: list[tuple[Any, int]]) -> tuple[list[Any], list[int]]:
    return [p[0] for p in pairs], [p[1] for p in pairs]


class _Generator:
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
            consents.append(
                {
                    "entrepreneur_id": person_id,
                    "policy_version": POLICY_VERSION,
                    "purpose_attention": True,
                    "purpose_statistics": rng.random() < 0.85,
                    "purpose_communications": rng.random() < 0.5,
                    "sensitive_data": person["sensitive_consent"],
                    "channel": rng.choices(("presencial", "web", "papel"), (6, 3, 1))[0],
                    "captured_at": person["created_at"],
                    "captured_by_user_id": plan["registrar_user"],
                    "actor_id": plan["registrar"] if plan["registrar_user"] else None,
                    "evidence": None,
                    "legal_representative": None,
                    "revoked_at": None,
                }
            )
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

    # --- one person --------------------------------------------------------------------------

    def _person(self) -> tuple[dict, dict]:
        rng = self.rng
        doc_type, doc_number = self._doc()
        sex = rng.choices(("F", "M", "N"), (55, 44, 1))[0]
        names = self.female_names if sex == "F" else self.male_names
        first = rng.choice(names)
        if rng.random() < 0.35:
            first = f"{first} {rng.choice(names)}"
        last = f"{rng.choice(self.last_names)} {rng.choice(self.last_names)}"
        birth = date(2025, 6, 30) - timedelta(days=rng.randint(18 * 365, 68 * 365))
        age = (date(2025, 6, 30) - birth).days // 365
        municipality = rng.choices(self.muni_codes, self.muni_weights)[0]
        registered_on = self._random_day()
        created_at = self._at(registered_on)
        sensitive = rng.random() < 0.3
        seq = self.sequence
        self.sequence += 1

        # The services this person will receive; the first actor registered them.
        visits = rng.choices((1, 2, 3, 4, 5), (10, 20, 35, 20, 15))[0]
        served = []
        for _ in range(visits):
            program_id, servers, types = rng.choice(self.programs)
            served.append((program_id, rng.choice(servers), rng.choice(types)))
        registrar = served[0][1]
        staff = self.staff.get(registrar)
        registrar_user = rng.choice(staff) if staff else None

        pops = self.populations
        chosen = []
        if sex == "F" and "mujeres" in pops:
            chosen.append(pops["mujeres"])
        if 18 <= age <= 28 and "jovenes" in pops:
            chosen.append(pops["jovenes"])
        if doc_type == "48" and "migrantes" in pops:
            chosen.append(pops["migrantes"])
        rural = self.subregion[municipality] != "Oriental" and rng.random() < 0.5
        if rural and "rural" in pops:
            chosen.append(pops["rural"])
        subsistence = rng.random() < 0.2
        if subsistence and "economia_popular" in pops:
            chosen.append(pops["economia_popular"])
        ethnicity = has_disability = is_victim = None
        if sensitive:
            is_victim = rng.random() < 0.3
            has_disability = rng.random() < 0.06
            ethnicity = rng.choices(
                (None, "Indígena", "Negro, afrocolombiano, raizal o palenquero", "Rrom"),
                (90, 4, 5, 1),
            )[0]
            for flag, code in (
                (is_victim, "victimas"),
                (has_disability, "discapacidad"),
                (ethnicity is not None, "etnicos"),
                (rng.random() < 0.01, "reincorporacion"),
                (rng.random() < 0.03, "lgbtiq"),
            ):
                if flag and code in pops:
                    chosen.append(pops[code])

        email_user = fold(f"{first.split()[0]}.{last.split()[0]}").replace(" ", "")
        person = {
            "doc_type": doc_type,
            "doc_number": doc_number,
            "first_names": first,
            "last_names": last,
            "name_norm": fold(f"{first} {last}"),
            "email": f"{email_user}.{seq}@example.org" if rng.random() < 0.8 else None,
            "phone": f"3{rng.randint(0, 2)}{rng.randint(0, 9)} {rng.randint(1000000, 9999999)}"
            if rng.random() < 0.85
            else None,
            "municipality_code": municipality,
            "address": rng.choice(self.streets) if rng.random() < 0.6 else None,
            "sex": sex,
            "gender_identity": None,
            "birth_date": birth,
            "ethnicity": ethnicity,
            "has_disability": has_disability,
            "is_conflict_victim": is_victim,
            "sensitive_consent": sensitive,
            "registered_by_actor_id": registrar,
            "claim_in_progress": False,
            "anonymized_at": None,
            "merged_into_id": None,
            "created_at": created_at,
            "updated_at": created_at,
            "version_id": 1,
        }
        plan = {
            "registered_on": registered_on,
            "served": served,
            "registrar_user": registrar_user,
            "registrar": registrar,
            "populations": chosen,
            "subsistence": subsistence,
            "rural": rural,
        }
        return person, plan

    def _venture(self, person_id: int, person: dict, plan: dict) -> dict:
        rng = self.rng
        prefix, section, ciiu, chain = rng.choice(VENTURE_KINDS)
        if rng.random() < 0.5:
            suffix = person["last_names"].split()[0]
        else:
            suffix = rng.choice(VENTURE_SUFFIXES)
        name = f"{prefix} {suffix}"
        formal = not plan["subsistence"] and rng.random() < 0.45
        stage_number = rng.choices(range(6), (10, 25, 30, 25, 8, 2))[0]
        return {
            "entrepreneur_id": person_id,
            "name": name,
            "name_norm": fold(name),
            "nit": None,
            "sector_id": self.sectors.get(section),
            "ciiu_code": ciiu,
            "chain_id": self.chains.get(chain) if chain else None,
            "stage_id": self.stages.get(stage_number),
            "is_formal": formal,
            "is_subsistence": plan["subsistence"],
            "size": rng.choices(("micro", "pequena", "mediana"), (90, 9, 1))[0],
            "employees": rng.choices(range(0, 11), (20, 30, 15, 10, 8, 5, 4, 3, 2, 2, 1))[0],
            "sales_range": rng.choices(("0", "1", "2", "3", "4"), (15, 40, 30, 13, 2))[0],
            "municipality_code": person["municipality_code"],
            "description": None,
            "created_at": person["created_at"],
            "updated_at": person["created_at"],
            "version_id": 1,
        }

    def _services(self, person_id: int, venture_id: int, plan: dict) -> list[dict]:
        rng = self.rng
        rows = []
        for program_id, actor_id, type_id in plan["served"]:
            day = self._random_day(plan["registered_on"], END)
            at = self._at(day)
            staff = self.staff.get(actor_id)
            rows.append(
                {
                    "actor_id": actor_id,
                    "program_id": program_id,
                    "entrepreneur_id": person_id,
                    "venture_id": venture_id if rng.random() < 0.8 else None,
                    "service_type_id": type_id,
                    "served_on": day,
                    "hours": Decimal(rng.choice((1, 2, 2, 3, 4, 8))),
                    "outcome": rng.choice(OUTCOMES),
                    "notes": None,
                    "created_by_user_id": rng.choice(staff) if staff else None,
                    "deleted_at": None,
                    "created_at": at,
                    "updated_at": at,
                    "version_id": 1,
                }
            )
        return rows

    def _referral(self, person_id: int, venture_id: int, plan: dict) -> tuple[dict, list[dict]]:
        rng = self.rng
        from_self = rng.random() < 0.3
        from_actor = None if from_self else plan["served"][0][1]
        to_actor = rng.choice(self.members)
        while to_actor == from_actor:
            to_actor = rng.choice(self.members)
        own_programs = self.programs_by_actor.get(to_actor)
        program_id = rng.choice(own_programs) if own_programs and rng.random() < 0.8 else None
        sent_at = self._at(self._random_day(plan["registered_on"], END))
        statuses, weights = _weighted(REFERRAL_OUTCOMES)
        final = rng.choices(statuses, weights)[0]
        if final == "rechazada":
            path = ["enviada", "rechazada"]
        elif final == "cerrada_sin_atencion":
            path = ["enviada", "aceptada", "cerrada_sin_atencion"]
        else:
            order = ["enviada", "aceptada", "en_atencion", "completada"]
            path = order[: order.index(final) + 1]
        to_staff = self.staff.get(to_actor)
        from_staff = self.staff.get(from_actor) if from_actor else None
        history, previous, at = [], None, sent_at
        answered_at = None
        for step, status in enumerate(path):
            if step:
                # Most answer within the 5-business-day window; some answer late.
                at = at + timedelta(hours=rng.choice((2, 20, 48, 96, 150, 260, 400)))
                if step == 1:
                    answered_at = at
            user = (
                (rng.choice(from_staff) if from_staff else None)
                if step == 0
                else (rng.choice(to_staff) if to_staff else None)
            )
            history.append(
                {
                    "from_status": previous,
                    "to_status": status,
                    "at": at,
                    "user_id": user,
                    "comment": None,
                }
            )
            previous = status
        referral = {
            "code": self._code(),
            "entrepreneur_id": person_id,
            "venture_id": venture_id,
            "source": "ruta" if from_self else "actor",
            "from_actor_id": from_actor,
            "to_actor_id": to_actor,
            "program_id": program_id,
            "need": rng.choice(NEEDS),
            "status": final,
            "sent_at": sent_at,
            "response_due_on": sent_at.date() + timedelta(days=7),
            "answered_at": answered_at,
            "rejection_reason": rng.choice(REJECTION_REASONS) if final == "rechazada" else None,
            "data_sharing_authorized_at": sent_at,
            "parent_id": None,
            "read_at": answered_at,
            "created_by_user_id": history[0]["user_id"],
            "created_at": sent_at,
            "updated_at": at,
            "version_id": 1,
        }
        return referral, history

    def _participations(self, person_id: int, venture_id: int, plan: dict) -> list[dict]:
        rng = self.rng
        if not self.events:
            return []
        k = min(rng.choices((0, 1, 2), (25, 50, 25))[0], len(self.events))
        statuses, status_weights = _weighted(PARTICIPATION_STATUSES)
        roles, role_weights = _weighted(PARTICIPATION_ROLES)
        rows = []
        for event_id, starts_on in rng.sample(self.events, k):
            status = rng.choices(statuses, status_weights)[0]
            role = rng.choices(roles, role_weights)[0]
            attended = status == "asistio"
            day = starts_on or self._random_day()
            sells = attended and role in ("expositor", "vendedor")
            organizers = self.organizers.get(event_id)
            at = self._at(day)
            rows.append(
                {
                    "event_id": event_id,
                    "entrepreneur_id": person_id,
                    "venture_id": venture_id,
                    "status": status,
                    "role": role,
                    "offer": None,
                    "waitlist_position": None,
                    "checked_in_at": at if attended else None,
                    "sales_cop": rng.randint(2, 400) * 100_000 if sells else None,
                    "contacts": rng.randint(0, 25) if attended else None,
                    "deals": rng.randint(0, 5) if sells else None,
                    "notes": None,
                    "registered_by_actor_id": rng.choice(organizers) if organizers else None,
                    "created_at": at - timedelta(days=rng.randint(1, 30)),
                    "updated_at": at,
                    "version_id": 1,
                }
            )
        return rows
