"""The import of a member's list of beneficiaries: new people registered with their
authorisation; people the actor already sees are left as they are (and get the consent if
they had none). The engine is red/jobs/importing.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from red.jobs import importing, staging
from red.jobs.people_rows import (
    PERSON_COLUMNS,
    PersonChecks,
    municipality_lookup,
    parse_date,
    parse_person,
    repeated_in_file,
)
from red.jobs.service_import import policy_version
from red.models import Job
from red.services.calendar import local_today
from red.text import fold

PEOPLE_COLUMNS = (*PERSON_COLUMNS, "fecha_nacimiento", "sexo", "representante_legal")
SEX_VALUES = {"f": "F", "m": "M", "i": "I", "n": "N", "femenino": "F", "masculino": "M"}
MINOR = (
    "La persona es menor de edad: escriba el nombre de su representante legal, quien da la "
    "autorización."
)


class PeopleImport(importing.Importer):
    """A member's list of beneficiaries (see the module docstring)."""

    kind = "people_import"
    noun = "personas"
    table = "entrepreneurs"
    columns = PEOPLE_COLUMNS

    def __init__(self, session: Session, job: Job) -> None:
        super().__init__(session, job)
        self.municipalities = municipality_lookup(session)
        self.people = PersonChecks(session, job.actor_id)
        self.created = 0
        self.today = local_today()
        self.documents: set[tuple[str, str]] = set()

    def parse(self, number: int, row: dict[str, str]) -> tuple[dict, list]:
        values, problems = parse_person(row, self.municipalities)
        values["birth_date"] = None
        if text := row.get("fecha_nacimiento"):
            try:
                born = values["birth_date"] = parse_date(text)
                if born > self.today:
                    problems.append(("fecha_nacimiento", "La fecha de nacimiento es futura."))
                elif _age(born, self.today) < 18 and not row.get("representante_legal"):
                    problems.append(("representante_legal", MINOR))
            except ValueError:
                problems.append(("fecha_nacimiento", "La fecha debe tener el formato dd/mm/aaaa."))
        values["sex"] = None
        if text := fold(row.get("sexo", "")):
            values["sex"] = SEX_VALUES.get(text)
            if values["sex"] is None:
                problems.append(("sexo", "Escriba F, M, I o N (prefiere no decir)."))
        if not problems:
            problems += repeated_in_file(self.documents, values)
        return values, problems

    def check_batch(self, batch: list[tuple[int, dict]]) -> list:
        return self.people.check(batch)

    def promote(self, now: datetime) -> int:
        self.created = staging.promote_people(self.session, self.job, policy_version(), now)
        return staging.staged_count(self.session, self.job.id)

    def summary(self) -> dict[str, Any]:
        return {"personas_nuevas": self.created}

    def done_message(self, rows: int) -> str:
        new = self.created
        text = (
            f"Se importaron {rows:,} personas: {new:,} nuevas y {rows - new:,} que ya estaban "
            "entre las suyas."
        )
        return text.replace(",", ".")


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
