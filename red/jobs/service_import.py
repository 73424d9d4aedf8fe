"""The import of a member's service log (atenciones): one service per row, the new people
created with the consent the row says was given. The engine is red/jobs/importing.py."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from red import es_co
from red.jobs import importing, staging
from red.jobs.people_rows import (
    PersonChecks,
    fold_few,
    municipality_lookup,
    parse_date,
    parse_person,
    too_long,
)
from red.models import Job, Program, ServiceType
from red.models.lengths import NOTE
from red.services.calendar import local_today
from red.text import fold

MAX_HOURS = Decimal("24")
# Hours as nearly every sheet writes them ("2", "1,5"): read without the locale parser,
# which costs more than the rest of the row (anything else still goes through it).
PLAIN_HOURS = re.compile(r"\d{1,2}(,\d{1,2})?")


def policy_version() -> str:
    return current_app.config["PRIVACY_POLICY_VERSION"]


class ServiceImport(importing.Importer):
    """A member's service log: one atención per row, new people created with their consent."""

    kind = "service_import"
    noun = "atenciones"
    table = "service_records"

    def __init__(self, session: Session, job: Job) -> None:
        from red.services.service_log import IMPORT_COLUMNS

        super().__init__(session, job)
        self.columns = tuple(key for key, _ in IMPORT_COLUMNS)
        self.municipalities = municipality_lookup(session)
        self.service_types: dict[str, int] = {}
        for type_id, code, name in session.execute(
            select(ServiceType.id, ServiceType.code, ServiceType.name).where(
                ServiceType.active.is_(True)
            )
        ):
            self.service_types[fold(code)] = type_id
            self.service_types[fold(name)] = type_id
        self.programs = {
            fold(name): program_id
            for program_id, name in session.execute(
                select(Program.id, Program.name).where(Program.owner_id == job.actor_id)
            )
        }
        self.people = PersonChecks(session, job.actor_id)
        self.seen: set[tuple] = set()
        self.created = 0
        self.today = local_today()

    def parse(self, number: int, row: dict[str, str]) -> tuple[dict, list]:
        values, problems = parse_person(row, self.municipalities)
        try:
            values["served_on"] = parse_date(row.get("fecha", ""))
            if values["served_on"] > self.today:
                problems.append(("fecha", "La fecha de la atención no puede ser futura."))
        except ValueError:
            problems.append(("fecha", "La fecha debe tener el formato dd/mm/aaaa."))
        kind = self.service_types.get(fold_few(row.get("tipo_atencion", "")))
        if kind is None:
            problems.append(
                (
                    "tipo_atencion",
                    f"Tipo de atención desconocido: «{row.get('tipo_atencion', '')}».",
                )
            )
        values["service_type_id"] = kind
        values["program_id"] = None
        if program := row.get("programa"):
            values["program_id"] = self.programs.get(fold_few(program))
            if values["program_id"] is None:
                problems.append(("programa", f"El programa «{program}» no es de su actor."))
        problems += self._hours(row.get("horas"), values)
        values["outcome"] = row.get("resultado") or None
        if values["outcome"] and (problem := too_long(values["outcome"], NOTE)):
            problems.append(("resultado", problem))
        if not problems:
            key = (values["doc_type"], values["doc_number"], values["served_on"], kind)
            if key in self.seen:
                problems.append(
                    ("fecha", "Fila repetida: la misma persona, fecha y tipo de atención.")
                )
            self.seen.add(key)
        return values, problems

    @staticmethod
    def _hours(text: str | None, values: dict) -> list[tuple[str, str]]:
        values["hours"] = None
        if not text:
            return []
        try:
            if PLAIN_HOURS.fullmatch(text):
                amount = Decimal(text.replace(",", "."))
            else:
                amount = es_co.parse_number(text)  # 1,5 as every form reads it
        except es_co.NumberError:
            return [("horas", "Las horas deben ser un número, como 1,5.")]
        values["hours"] = amount
        if not Decimal("0") <= amount <= MAX_HOURS:
            return [("horas", "Las horas deben estar entre 0 y 24.")]
        return []

    def check_batch(self, batch: list[tuple[int, dict]]) -> list:
        return self.people.check(batch)

    def promote(self, now: datetime) -> int:
        self.created = staging.promote_people(self.session, self.job, policy_version(), now)
        return staging.promote_services(self.session, self.job, now)

    def summary(self) -> dict[str, Any]:
        return {"personas_nuevas": self.created}

    def done_message(self, rows: int) -> str:
        text = f"Se importaron {rows:,} atenciones ({self.created:,} personas nuevas)."
        return text.replace(",", ".")
