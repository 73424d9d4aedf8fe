"""The import of an event's attendance sheet: each row names a registration of that event
by the person's document and says whether they came (and what they got out of it). The
engine is red/jobs/importing.py."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from red.jobs import importing, staging
from red.jobs.people_rows import NOT_AMONG_YOURS, YES, parse_document, repeated_in_file
from red.models import Entrepreneur, Job, Participation, PersonAccess
from red.services.calendar import BOGOTA  # the time written on an attendance sheet is local
from red.text import fold

PARTICIPANT_COLUMNS = (
    "tipo_documento",
    "numero_documento",
    "asistio",
    "hora_ingreso",
    "ventas_cop",
    "contactos",
    "negocios",
)
# sheet column -> staging column
COUNTS = {"ventas_cop": "sales_cop", "contactos": "contacts", "negocios": "deals"}
OPEN_REGISTRATIONS = ("inscrito", "confirmado", "asistio", "no_asistio")
NO_REGISTRATION = "No hay una inscripción con ese documento en este evento."
CLOSED = "Esa inscripción está cancelada o en lista de espera."


class ParticipantsImport(importing.Importer):
    """An event's attendance sheet (see the module docstring)."""

    kind = "participants_import"
    noun = "asistencias"
    table = "participations"
    columns = PARTICIPANT_COLUMNS
    names_people = False  # rows name registrations, checked against the event's own list

    def __init__(self, session: Session, job: Job) -> None:
        super().__init__(session, job)
        self.event_id = int(job.params["event_id"])
        self.documents: set[tuple[str, str]] = set()

    def parse(self, number: int, row: dict[str, str]) -> tuple[dict, list]:
        values, problems = parse_document(row)
        came = fold(row.get("asistio", ""))
        if came not in (*YES, "no", "n", "0"):
            problems.append(("asistio", "Escriba «si» o «no»."))
        values["status"] = "asistio" if came in YES else "no_asistio"
        values["checked_in_at"] = None
        if text := row.get("hora_ingreso"):
            try:
                local = datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=BOGOTA)
                values["checked_in_at"] = local.astimezone(UTC)
            except ValueError:
                problems.append(("hora_ingreso", "Escriba la hora como dd/mm/aaaa hh:mm."))
        for column, target in COUNTS.items():
            values[target] = None
            if text := row.get(column, "").replace(".", "").replace("$", "").strip():
                if text.isdigit():
                    values[target] = int(text)
                else:
                    problems.append((column, "Escriba un número entero, sin decimales."))
        if not problems:
            problems += repeated_in_file(self.documents, values)
        return values, problems

    def check_batch(self, batch: list[tuple[int, dict]]) -> list:
        """Each document must have a registration in this event, of a person the actor
        sees: a row never reaches a person through the import."""
        found = self._registrations({v["doc_number"] for _, v in batch})
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
                errors.append((number, "numero_documento", NO_REGISTRATION))
            elif registration.entrepreneur_id not in visible:
                errors.append((number, "numero_documento", NOT_AMONG_YOURS))
            elif registration.status not in OPEN_REGISTRATIONS:
                errors.append((number, "numero_documento", CLOSED))
            else:
                values["participation_id"] = registration.id
        return errors

    def _registrations(self, numbers: set[str]) -> dict:
        return {
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

    def promote(self, now: datetime) -> int:
        return staging.promote_attendance(self.session, self.job, self.event_id, now)

    def summary(self) -> dict[str, Any]:
        return {"evento": self.event_id}

    def done_message(self, rows: int) -> str:
        return f"Se registró la asistencia de {rows:,} inscripciones.".replace(",", ".")
