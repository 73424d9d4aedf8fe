"""What one synthetic person's rows look like: the person, their venture, consent, services,
referral (with its status history) and event participations, drawn from the generator's
random state in a fixed order (the same seed gives the same data set).

PersonRows is the half of red/seed/synthetic.py's generator that invents rows; the other
half loads the reference data and inserts them in batches.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from red.seed.synthetic_words import (
    NEEDS,
    OUTCOMES,
    PARTICIPATION_ROLES,
    PARTICIPATION_STATUSES,
    REFERRAL_OUTCOMES,
    REJECTION_REASONS,
    VENTURE_KINDS,
    VENTURE_SUFFIXES,
)
from red.text import fold

START = date(2024, 1, 8)  # the synthetic activity runs from START to END
END = date(2025, 11, 28)
POLICY_VERSION = "2026-01"


def _weighted(pairs: list[tuple[Any, int]]) -> tuple[list[Any], list[int]]:
    return [p[0] for p in pairs], [p[1] for p in pairs]


class PersonRows:
    """Row builders of the synthetic generator; they use its `rng`, reference data and
    helpers (`_random_day`, `_at`, `_doc`, `_code`)."""

    rng: Any
    sequence: int

    def _consent(self, person_id: int, person: dict, plan: dict) -> dict:
        rng = self.rng
        return {
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

        served, registrar, registrar_user = self._served()
        groups = self._groups(sex, age, doc_type, municipality, sensitive)
        person = self._person_row(first, last, doc_type, doc_number, seq)
        person.update(
            municipality_code=municipality,
            address=rng.choice(self.streets) if rng.random() < 0.6 else None,
            sex=sex,
            birth_date=birth,
            ethnicity=groups["ethnicity"],
            has_disability=groups["has_disability"],
            is_conflict_victim=groups["is_victim"],
            sensitive_consent=sensitive,
            registered_by_actor_id=registrar,
            created_at=created_at,
            updated_at=created_at,
        )
        plan = {
            "registered_on": registered_on,
            "served": served,
            "registrar_user": registrar_user,
            "registrar": registrar,
            "populations": groups["chosen"],
            "subsistence": groups["subsistence"],
            "rural": groups["rural"],
        }
        return person, plan

    def _served(self) -> tuple[list[tuple[int, int, int]], int, int | None]:
        """The services this person will receive (program, actor, type); the first actor
        registered them, through one of its staff when it has any."""
        rng = self.rng
        visits = rng.choices((1, 2, 3, 4, 5), (10, 20, 35, 20, 15))[0]
        served = []
        for _ in range(visits):
            program_id, servers, types = rng.choice(self.programs)
            served.append((program_id, rng.choice(servers), rng.choice(types)))
        registrar = served[0][1]
        staff = self.staff.get(registrar)
        return served, registrar, rng.choice(staff) if staff else None

    def _groups(self, sex: str, age: int, doc_type: str, municipality: str, sensitive: bool):
        """Population groups the person belongs to, and their sensitive data (when consented)."""
        rng = self.rng
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
        return {
            "chosen": chosen,
            "subsistence": subsistence,
            "rural": rural,
            "ethnicity": ethnicity,
            "has_disability": has_disability,
            "is_victim": is_victim,
        }

    def _person_row(self, first: str, last: str, doc_type: str, doc_number: str, seq: int):
        rng = self.rng
        email_user = fold(f"{first.split()[0]}.{last.split()[0]}").replace(" ", "")
        return {
            "doc_type": doc_type,
            "doc_number": doc_number,
            "first_names": first,
            "last_names": last,
            "name_norm": fold(f"{first} {last}"),
            "email": f"{email_user}.{seq}@example.org" if rng.random() < 0.8 else None,
            "phone": f"3{rng.randint(0, 2)}{rng.randint(0, 9)} {rng.randint(1000000, 9999999)}"
            if rng.random() < 0.85
            else None,
            "gender_identity": None,
            "claim_in_progress": False,
            "anonymized_at": None,
            "merged_into_id": None,
            "version_id": 1,
        }

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
        history, at, answered_at = self._history(path, sent_at, from_staff, to_staff)
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

    def _history(self, path: list[str], sent_at, from_staff, to_staff):
        """The referral's status changes along `path`; returns them, the last change's time
        and when it was first answered."""
        rng = self.rng
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
        return history, at, answered_at

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
