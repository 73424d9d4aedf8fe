"""The three imports that run as jobs: services (atenciones), people, event attendance.

Each is an Importer (red/jobs/importing.py): per-row parsing with the column and a Spanish
reason for each problem, batch checks through the access rule, bulk writes on promotion.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from red import es_co
from red.jobs import importing
from red.jobs.people_rows import (
    NOT_AMONG_YOURS,
    PERSON_COLUMNS,
    YES,
    PeopleWriter,
    PersonChecks,
    municipality_lookup,
    parse_date,
    parse_person,
    too_long,
)
from red.jobs.registry import handles
from red.models import (
    Entrepreneur,
    Job,
    Participation,
    PersonAccess,
    Program,
    ServiceRecord,
    ServiceType,
)
from red.models.base import utcnow
from red.models.lengths import NOTE
from red.services.calendar import local_today
from red.text import fold

MAX_HOURS = Decimal("24")
BOGOTA = ZoneInfo("America/Bogota")  # the time written on an attendance sheet is local


def _policy_version() -> str:
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
        self.writer = PeopleWriter(
            session,
            job_id=job.id,
            actor_id=job.actor_id,
            user_id=job.user_id,
            policy_version=_policy_version(),
        )
        self.today = local_today()

    def parse(self, number: int, row: dict[str, str]) -> tuple[dict, list]:
        values, problems = parse_person(row, self.municipalities)
        try:
            served_on = parse_date(row.get("fecha", ""))
            values["served_on"] = served_on.isoformat()
            if served_on > self.today:
                problems.append(("fecha", "La fecha de la atención no puede ser futura."))
        except ValueError:
            problems.append(("fecha", "La fecha debe tener el formato dd/mm/aaaa."))
        kind = self.service_types.get(fold(row.get("tipo_atencion", "")))
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
            values["program_id"] = self.programs.get(fold(program))
            if values["program_id"] is None:
                problems.append(("programa", f"El programa «{program}» no es de su actor."))
        values["hours"] = None
        if hours := row.get("horas"):
            try:
                amount = es_co.parse_number(hours)  # 1,5 as every form reads it
                if not Decimal("0") <= amount <= MAX_HOURS:
                    problems.append(("horas", "Las horas deben estar entre 0 y 24."))
                values["hours"] = str(amount)
            except es_co.NumberError:
                problems.append(("horas", "Las horas deben ser un número, como 1,5."))
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

    def check_batch(self, batch: list[tuple[int, dict]]) -> list:
        return self.people.check(batch)

    def promote(self, batch: list[tuple[int, dict]]) -> None:
        ids = self.writer.resolve(batch)
        now = utcnow()
        self.session.execute(
            insert(ServiceRecord.__table__),
            [
                {
                    "actor_id": self.job.actor_id,
                    "entrepreneur_id": ids[(v["doc_type"], v["doc_number"])],
                    "service_type_id": v["service_type_id"],
                    "program_id": v["program_id"],
                    "served_on": date.fromisoformat(v["served_on"]),
                    "hours": Decimal(v["hours"]) if v["hours"] is not None else None,
                    "outcome": v["outcome"],
                    "created_by_user_id": self.job.user_id,
                    "import_job_id": self.job.id,
                    "created_at": now,
                    "updated_at": now,
                }
                for _, v in batch
            ],
        )
        self.writer.refresh_access(set(ids.values()))

    def summary(self) -> dict[str, Any]:
        return {"personas_nuevas": len(self.writer.created)}

    def done_message(self, rows: int) -> str:
        text = f"Se importaron {rows:,} atenciones ({len(self.writer.created):,} personas nuevas)."
        return text.replace(",", ".")


PEOPLE_COLUMNS = (*PERSON_COLUMNS, "fecha_nacimiento", "sexo", "representante_legal")
SEX_VALUES = {"f": "F", "m": "M", "i": "I", "n": "N", "femenino": "F", "masculino": "M"}


class PeopleImport(importing.Importer):
    """A member's list of beneficiaries: new people registered with their authorisation;
    people the actor already sees are left as they are (and get the consent if missing)."""

    kind = "people_import"
    noun = "personas"
    table = "entrepreneurs"
    columns = PEOPLE_COLUMNS

    def __init__(self, session: Session, job: Job) -> None:
        super().__init__(session, job)
        self.municipalities = municipality_lookup(session)
        self.people = PersonChecks(session, job.actor_id)
        self.writer = PeopleWriter(
            session,
            job_id=job.id,
            actor_id=job.actor_id,
            user_id=job.user_id,
            policy_version=_policy_version(),
        )
        self.today = local_today()
        self.documents: set[tuple[str, str]] = set()

    def parse(self, number: int, row: dict[str, str]) -> tuple[dict, list]:
        values, problems = parse_person(row, self.municipalities)
        values["birth_date"] = None
        if text := row.get("fecha_nacimiento"):
            try:
                born = parse_date(text)
                values["birth_date"] = born.isoformat()
                if born > self.today:
                    problems.append(("fecha_nacimiento", "La fecha de nacimiento es futura."))
                elif _age(born, self.today) < 18 and not row.get("representante_legal"):
                    problems.append(
                        (
                            "representante_legal",
                            "La persona es menor de edad: escriba el nombre de su representante "
                            "legal, quien da la autorización.",
                        )
                    )
            except ValueError:
                problems.append(("fecha_nacimiento", "La fecha debe tener el formato dd/mm/aaaa."))
        values["sex"] = None
        if text := fold(row.get("sexo", "")):
            values["sex"] = SEX_VALUES.get(text)
            if values["sex"] is None:
                problems.append(("sexo", "Escriba F, M, I o N (prefiere no decir)."))
        if not problems:
            document = (values["doc_type"], values["doc_number"])
            if document in self.documents:
                problems.append(("numero_documento", "Documento repetido en el archivo."))
            self.documents.add(document)
        return values, problems

    def check_batch(self, batch: list[tuple[int, dict]]) -> list:
        return self.people.check(batch)

    def promote(self, batch: list[tuple[int, dict]]) -> None:
        for _, v in batch:
            if v.get("birth_date"):
                v["birth_date"] = date.fromisoformat(v["birth_date"])
        ids = self.writer.resolve(batch)
        self.writer.refresh_access(set(ids.values()))

    def summary(self) -> dict[str, Any]:
        return {"personas_nuevas": len(self.writer.created)}

    def done_message(self, rows: int) -> str:
        new = len(self.writer.created)
        text = f"Se importaron {rows:,} personas: {new:,} nuevas y {rows - new:,} que ya estaban entre las suyas."
        return text.replace(",", ".")


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


PARTICIPANT_COLUMNS = (
    "tipo_documento",
    "numero_documento",
    "asistio",
    "hora_ingreso",
    "ventas_cop",
    "contactos",
    "negocios",
)
OPEN_REGISTRATIONS = ("inscrito", "confirmado", "asistio", "no_asistio")


class ParticipantsImport(importing.Importer):
    """An event's attendance sheet: each row names a registration of that event by the
    person's document and says whether they came (and what they got out of it)."""

    kind = "participants_import"
    noun = "asistencias"
    # Updates of one event's registrations (hundreds, a few thousand): promoted in a single
    # transaction, so a failure leaves the old values without an undo step.
    chunked = False
    table = "participations"
    columns = PARTICIPANT_COLUMNS

    def __init__(self, session: Session, job: Job) -> None:
        super().__init__(session, job)
        self.event_id = int(job.params["event_id"])
        self.documents: set[tuple[str, str]] = set()

    def parse(self, number: int, row: dict[str, str]) -> tuple[dict, list]:
        from red.services.documents import DocumentError, normalise_document

        problems: list[tuple[str, str]] = []
        values: dict[str, Any] = {"doc_type": row.get("tipo_documento", "")}
        try:
            values["doc_number"] = normalise_document(
                values["doc_type"], row.get("numero_documento", "")
            )
        except DocumentError as error:
            problems.append(("numero_documento", str(error)))
        came = fold(row.get("asistio", ""))
        if came not in (*YES, "no", "n", "0"):
            problems.append(("asistio", "Escriba «si» o «no»."))
        values["status"] = "asistio" if came in YES else "no_asistio"
        values["checked_in_at"] = None
        if text := row.get("hora_ingreso"):
            try:
                local = datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=BOGOTA)
                values["checked_in_at"] = local.isoformat()
            except ValueError:
                problems.append(("hora_ingreso", "Escriba la hora como dd/mm/aaaa hh:mm."))
        for column in ("ventas_cop", "contactos", "negocios"):
            values[column] = None
            if text := row.get(column, "").replace(".", "").replace("$", "").strip():
                if text.isdigit():
                    values[column] = int(text)
                else:
                    problems.append((column, "Escriba un número entero, sin decimales."))
        if not problems:
            document = (values["doc_type"], values["doc_number"])
            if document in self.documents:
                problems.append(("numero_documento", "Documento repetido en el archivo."))
            self.documents.add(document)
        return values, problems

    def check_batch(self, batch: list[tuple[int, dict]]) -> list:
        """Each document must have a registration in this event, of a person the actor
        sees: a row never reaches a person through the import."""
        numbers = {v["doc_number"] for _, v in batch}
        found = {
            (r.doc_type, r.doc_number): r
            for r in self.session.execute(
                select(
                    Participation.id,
                    Participation.status,
                    Participation.entrepreneur_id,
                    Entrepreneur.doc_type,
                    Entrepreneur.doc_number,
                )
                .join(Entrepreneur, Entrepreneur.id == Participation.entrepreneur_id)
                .where(
                    Participation.event_id == self.event_id, Entrepreneur.doc_number.in_(numbers)
                )
            )
        }
        visible = set(
            self.session.scalars(
                select(PersonAccess.entrepreneur_id).where(
                    PersonAccess.actor_id == self.job.actor_id,
                    PersonAccess.entrepreneur_id.in_([r.entrepreneur_id for r in found.values()]),
                )
            )
        )
        errors = []
        for number, values in batch:
            registration = found.get((values["doc_type"], values["doc_number"]))
            if registration is None:
                errors.append(
                    (
                        number,
                        "numero_documento",
                        "No hay una inscripción con ese documento en este evento.",
                    )
                )
            elif registration.entrepreneur_id not in visible:
                errors.append((number, "numero_documento", NOT_AMONG_YOURS))
            elif registration.status not in OPEN_REGISTRATIONS:
                errors.append(
                    (
                        number,
                        "numero_documento",
                        "Esa inscripción está cancelada o en lista de espera.",
                    )
                )
            else:
                values["participation_id"] = registration.id
        return errors

    def promote(self, batch: list[tuple[int, dict]]) -> None:
        table = Participation.__table__
        now = utcnow()
        self.session.execute(
            update(table)
            .where(table.c.id == bindparam("pid"), table.c.event_id == self.event_id)
            .values(
                status=bindparam("new_status"),
                checked_in_at=bindparam("checkin"),
                sales_cop=bindparam("sales"),
                contacts=bindparam("n_contacts"),
                deals=bindparam("n_deals"),
                updated_at=now,
                version_id=table.c.version_id + 1,
            ),
            [
                {
                    "pid": v["participation_id"],
                    "new_status": v["status"],
                    "checkin": (
                        datetime.fromisoformat(v["checked_in_at"])
                        if v["checked_in_at"]
                        else (now if v["status"] == "asistio" else None)
                    ),
                    "sales": v["ventas_cop"],
                    "n_contacts": v["contactos"],
                    "n_deals": v["negocios"],
                }
                for _, v in batch
            ],
        )

    def summary(self) -> dict[str, Any]:
        return {"evento": self.event_id}

    def done_message(self, rows: int) -> str:
        return f"Se registró la asistencia de {rows:,} inscripciones.".replace(",", ".")


for _importer in (ServiceImport, PeopleImport, ParticipantsImport):

    def _handler(session, job, report, _cls=_importer):
        return importing.run_import(session, job, report, _cls(session, job))

    handles(_importer.kind)(_handler)

__all__ = ["ParticipantsImport", "PeopleImport", "ServiceImport"]
