"""The service log (atenciones): register, correct, list, export, and import all-or-nothing.

An import either writes every row or none: a half-imported file is worse than none, since
nobody knows which rows to fix and re-importing would duplicate the rest.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload

from red import es_co
from red.models import (
    Entrepreneur,
    Municipality,
    PersonAccess,
    Program,
    ServiceRecord,
    ServiceType,
    Venture,
)
from red.models.base import utcnow
from red.permissions import is_admin
from red.services.calendar import local_today
from red.services.documents import DocumentError, normalise_document
from red.services.people import ConsentError, record_consent
from red.services.xlsx_export import neutralise as safe_cell  # one rule for every export
from red.text import fold

MAX_HOURS = Decimal("24")
IMPORT_COLUMNS = (
    ("tipo_documento", "Tipo de documento (13 CC, 12 TI, 22 CE, 41 pasaporte, 47 PEP, 48 PPT)"),
    ("numero_documento", "Número de documento"),
    ("nombres", "Nombres"),
    ("apellidos", "Apellidos"),
    ("correo", "Correo electrónico"),
    ("telefono", "Teléfono"),
    ("municipio", "Municipio (nombre o código DANE)"),
    ("fecha", "Fecha de la atención (dd/mm/aaaa)"),
    ("tipo_atencion", "Tipo de atención (código o nombre)"),
    ("programa", "Programa (nombre, opcional)"),
    ("horas", "Horas"),
    ("resultado", "Resultado"),
    ("autoriza_datos", "¿Autorizó el tratamiento de datos? (si/no)"),
)


class ServiceError(ValueError):
    """A service record that cannot be saved; the message is for the user."""


def _check_values(
    session: Session, actor_id: int, program_id: int | None, served_on: date, hours: Any
) -> None:
    if served_on > local_today():
        raise ServiceError("La fecha de la atención no puede ser futura.")
    if hours is not None and not (Decimal("0") <= Decimal(str(hours)) <= MAX_HOURS):
        raise ServiceError("Las horas deben estar entre 0 y 24.")
    if program_id is not None:
        owner = session.scalar(select(Program.owner_id).where(Program.id == program_id))
        if owner != actor_id:
            raise ServiceError("El programa no es de su actor.")


def register_service(
    session: Session,
    *,
    actor_id: int,
    person: Entrepreneur,
    service_type_id: int,
    served_on: date,
    program_id: int | None = None,
    venture: Venture | None = None,
    hours: Decimal | None = None,
    outcome: str | None = None,
    notes: str | None = None,
    user_id: int | None = None,
) -> ServiceRecord:
    """Log one atención given by an actor to a person the access layer let it serve."""
    _check_values(session, actor_id, program_id, served_on, hours)
    if venture is not None and venture.entrepreneur_id != person.id:
        raise ServiceError("El emprendimiento no es de esta persona.")
    record = ServiceRecord(
        actor_id=actor_id,
        entrepreneur_id=person.id,
        service_type_id=service_type_id,
        served_on=served_on,
        program_id=program_id,
        venture_id=venture.id if venture is not None else None,
        hours=hours,
        outcome=(outcome or None),
        notes=(notes or None),
        created_by_user_id=user_id,
    )
    session.add(record)
    session.flush()
    return record


def update_service(session: Session, record: ServiceRecord, values: dict) -> None:
    _check_values(
        session,
        record.actor_id,
        values.get("program_id"),
        values["served_on"],
        values.get("hours"),
    )
    for key in ("service_type_id", "served_on", "program_id", "venture_id", "hours"):
        setattr(record, key, values.get(key))
    record.outcome = values.get("outcome") or None
    record.notes = values.get("notes") or None
    session.flush()


def delete_service(session: Session, record: ServiceRecord) -> None:
    """Soft delete: compliance counts of past months must not change behind anyone's back."""
    record.deleted_at = utcnow()
    session.flush()


@dataclass
class ServiceFilters:
    q: str = ""
    service_type: int | None = None
    program: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    actor: int | None = None


def services_query(user: Any, filters: ServiceFilters) -> Select:
    """Services the user may list: staff see their own actor's only; the admin all."""
    query = (
        select(ServiceRecord)
        .join(Entrepreneur, Entrepreneur.id == ServiceRecord.entrepreneur_id)
        .where(ServiceRecord.deleted_at.is_(None))
        .options(
            selectinload(ServiceRecord.entrepreneur),
            selectinload(ServiceRecord.program),
            selectinload(ServiceRecord.service_type),
            selectinload(ServiceRecord.actor),
            selectinload(ServiceRecord.venture),
        )
        .order_by(ServiceRecord.served_on.desc(), ServiceRecord.id.desc())
    )
    if not is_admin(user):
        query = query.where(ServiceRecord.actor_id == user.actor_id)
    elif filters.actor:
        query = query.where(ServiceRecord.actor_id == filters.actor)
    text = fold(filters.q)
    if text:
        digits = "".join(ch for ch in filters.q if ch.isalnum()).upper()
        conditions = [Entrepreneur.name_norm.like(f"%{text}%")]
        if digits:
            conditions.append(Entrepreneur.doc_number.like(f"%{digits}%"))
        query = query.where(or_(*conditions))
    if filters.service_type:
        query = query.where(ServiceRecord.service_type_id == filters.service_type)
    if filters.program:
        query = query.where(ServiceRecord.program_id == filters.program)
    if filters.date_from:
        query = query.where(ServiceRecord.served_on >= filters.date_from)
    if filters.date_to:
        query = query.where(ServiceRecord.served_on <= filters.date_to)
    return query


# --- Excel / CSV ------------------------------------------------------------------


def export_workbook(records: list[ServiceRecord]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Atenciones"
    sheet.append(
        [
            "Fecha",
            "Actor",
            "Tipo de documento",
            "Documento",
            "Persona",
            "Emprendimiento",
            "Programa",
            "Tipo de atención",
            "Horas",
            "Resultado",
        ]
    )
    for r in records:
        sheet.append(
            [
                safe_cell(r.served_on.strftime("%d/%m/%Y")),
                safe_cell(str(r.actor)),
                safe_cell(r.entrepreneur.doc_type),
                safe_cell(r.entrepreneur.doc_number),
                safe_cell(r.entrepreneur.full_name),
                safe_cell(r.venture.name if r.venture else ""),
                safe_cell(r.program.name if r.program else ""),
                safe_cell(r.service_type.name),
                float(r.hours) if r.hours is not None else None,
                safe_cell(r.outcome or ""),
            ]
        )
    return _save(book)


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Atenciones"
    sheet.append([key for key, _ in IMPORT_COLUMNS])
    sheet.append(
        [
            "13",
            "1090123456",
            "Ana María",
            "Pérez Rojas",
            "ana@example.com",
            "3001234567",
            "Cúcuta",
            local_today().strftime("%d/%m/%Y"),
            "formacion",
            "",
            "2",
            "Asistió al taller",
            "si",
        ]
    )
    help_sheet = book.create_sheet("Instrucciones")
    for key, label in IMPORT_COLUMNS:
        help_sheet.append([key, label])
    return _save(book)


def template_csv() -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([key for key, _ in IMPORT_COLUMNS])
    return buffer.getvalue()


def read_rows(filename: str, content: bytes) -> list[dict[str, str]]:
    """Rows of an uploaded .xlsx or .csv keyed by header; raises ServiceError if unreadable."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        except Exception as error:  # noqa: BLE001 - any corrupt file is the user's to fix
            raise ServiceError("No se pudo leer el archivo de Excel.") from error
    elif name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("latin-1")
        dialect = csv.excel
        try:
            dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
        except (csv.Error, IndexError):
            pass
        rows = list(csv.reader(io.StringIO(text), dialect))
    else:
        raise ServiceError("Suba un archivo .xlsx o .csv con la plantilla.")
    if not rows:
        raise ServiceError("El archivo está vacío.")
    header = [str(h or "").strip().lower() for h in rows[0]]
    missing = [key for key, _ in IMPORT_COLUMNS if key not in header]
    if missing:
        raise ServiceError("Faltan columnas de la plantilla: " + ", ".join(missing) + ".")
    result = []
    for row in rows[1:]:
        values = {header[i]: _cell_text(v) for i, v in enumerate(row) if i < len(header)}
        if any(values.values()):
            result.append(values)
        else:
            result.append({})
    return result


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class ImportResult:
    errors: list[tuple[int, str]] = field(default_factory=list)
    created: int = 0
    new_people: int = 0
    last_person: Entrepreneur | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Lookups:
    municipalities: dict[str, str]
    service_types: dict[str, int]
    programs: dict[str, int]


def _lookups(session: Session, actor_id: int) -> _Lookups:
    municipalities: dict[str, str] = {}
    for m in session.scalars(select(Municipality)):
        municipalities[m.code] = m.code
        municipalities[fold(m.name)] = m.code
    service_types: dict[str, int] = {}
    for t in session.scalars(select(ServiceType).where(ServiceType.active.is_(True))):
        service_types[fold(t.code)] = t.id
        service_types[fold(t.name)] = t.id
    programs = {
        fold(p.name): p.id
        for p in session.scalars(select(Program).where(Program.owner_id == actor_id))
    }
    return _Lookups(municipalities, service_types, programs)


def _parse_row(row: dict[str, str], lookups: _Lookups) -> dict:
    """One row to clean values; raises ServiceError with every problem of the row joined."""
    problems = []
    values: dict[str, Any] = {}
    try:
        values["doc_number"] = normalise_document(
            row.get("tipo_documento", ""), row.get("numero_documento", "")
        )
        values["doc_type"] = row["tipo_documento"]
    except DocumentError as error:
        problems.append(str(error))
    for key, target in (("nombres", "first_names"), ("apellidos", "last_names")):
        if not row.get(key):
            problems.append(f"Falta «{key}».")
        values[target] = row.get(key, "")
    values["email"] = row.get("correo") or None
    if values["email"] and "@" not in values["email"]:
        problems.append("El correo no es válido.")
    values["phone"] = row.get("telefono") or None
    municipality = row.get("municipio", "")
    values["municipality_code"] = None
    if municipality:
        code = lookups.municipalities.get(municipality) or lookups.municipalities.get(
            fold(municipality)
        )
        if code is None:
            problems.append(f"Municipio desconocido: «{municipality}».")
        values["municipality_code"] = code
    try:
        values["served_on"] = es_co.parse_date(row.get("fecha", ""))
        if values["served_on"] > local_today():
            problems.append("La fecha de la atención no puede ser futura.")
    except ValueError:
        problems.append("La fecha debe tener el formato dd/mm/aaaa.")
    kind = lookups.service_types.get(fold(row.get("tipo_atencion", "")))
    if kind is None:
        problems.append(f"Tipo de atención desconocido: «{row.get('tipo_atencion', '')}».")
    values["service_type_id"] = kind
    values["program_id"] = None
    if row.get("programa"):
        values["program_id"] = lookups.programs.get(fold(row["programa"]))
        if values["program_id"] is None:
            problems.append(f"El programa «{row['programa']}» no es de su actor.")
    values["hours"] = None
    if row.get("horas"):
        try:
            values["hours"] = es_co.parse_number(row["horas"])
            if not Decimal("0") <= values["hours"] <= MAX_HOURS:
                problems.append("Las horas deben estar entre 0 y 24.")
        except es_co.NumberError:
            problems.append("Las horas deben ser un número, como 1,5.")
    values["outcome"] = row.get("resultado") or None
    values["consent"] = fold(row.get("autoriza_datos", "")) in ("si", "s", "x", "1")
    if problems:
        raise ServiceError(" ".join(problems))
    return values


def import_services(
    session: Session,
    rows: list[dict[str, str]],
    *,
    actor_id: int,
    user_id: int | None,
    policy_version: str,
) -> ImportResult:
    """Validate every row, then write all of them in one savepoint — or none.

    A row may create a new person or add a service for a person the actor already sees;
    a row about somebody else's person is a row error that says how to link them (an
    import never opens a record). Row numbers are those of the spreadsheet (header = 1).
    """
    result = ImportResult()
    lookups = _lookups(session, actor_id)
    parsed: list[tuple[int, dict]] = []
    seen: set[tuple[str, str, str, int]] = set()
    for index, row in enumerate(rows, start=2):
        if not row:
            continue
        try:
            values = _parse_row(row, lookups)
        except ServiceError as error:
            result.errors.append((index, str(error)))
            continue
        key = (
            values["doc_type"],
            values["doc_number"],
            str(values["served_on"]),
            values["service_type_id"],
        )
        if key in seen:
            result.errors.append(
                (index, "Fila repetida: la misma persona, fecha y tipo de atención.")
            )
            continue
        seen.add(key)
        parsed.append((index, values))
    known = _people_by_document(session, actor_id, [values for _, values in parsed])
    first_row_of: dict[tuple[str, str], tuple[int, dict]] = {}
    for index, values in parsed:
        document = (values["doc_type"], values["doc_number"])
        problem = _person_problem(values, known.get(document))
        earlier = first_row_of.setdefault(document, (index, values))
        if problem is None and earlier[0] != index and not _same_names(earlier[1], values):
            problem = f"El mismo documento aparece con otros nombres en la fila {earlier[0]}."
        if problem:
            result.errors.append((index, problem))
    result.errors.sort()
    if not parsed and not result.errors:
        result.errors.append((0, "El archivo no tiene filas con datos."))
    if result.errors:
        return result
    nested = session.begin_nested()
    try:
        for index, values in parsed:
            person = known.get((values["doc_type"], values["doc_number"]))
            _write_row(session, index, values, person, actor_id, user_id, policy_version, result)
            if person is None:  # later rows of the same new person attach to it
                known[(values["doc_type"], values["doc_number"])] = _KnownPerson(
                    result.last_person, visible=True
                )
    except ServiceError as error:
        nested.rollback()
        result.errors.append(_split(error))
        result.created = result.new_people = 0
        return result
    nested.commit()
    return result


@dataclass
class _KnownPerson:
    person: Entrepreneur
    visible: bool


def _people_by_document(
    session: Session, actor_id: int, rows: list[dict]
) -> dict[tuple[str, str], _KnownPerson]:
    """The holders of the rows' documents and whether the actor sees them, a few queries per
    thousand rows (never one per row)."""
    documents = sorted({(v["doc_type"], v["doc_number"]) for v in rows})
    known: dict[tuple[str, str], _KnownPerson] = {}
    for start in range(0, len(documents), 500):
        chunk = documents[start : start + 500]
        numbers = {number for _, number in chunk}
        people = session.scalars(
            select(Entrepreneur).where(Entrepreneur.doc_number.in_(numbers))
        ).all()
        visible = set(
            session.scalars(
                select(PersonAccess.entrepreneur_id).where(
                    PersonAccess.actor_id == actor_id,
                    PersonAccess.entrepreneur_id.in_([p.id for p in people]),
                )
            )
        )
        for person in people:
            if (person.doc_type, person.doc_number) in chunk:
                known[(person.doc_type, person.doc_number)] = _KnownPerson(
                    person, person.id in visible
                )
    return known


def _person_problem(values: dict, known: _KnownPerson | None) -> str | None:
    """Why a row cannot be written for the holder of its document, or None."""
    if known is None:
        if not values["consent"]:
            return (
                "Persona nueva sin autorización de tratamiento de datos "
                "(escriba «si» en autoriza_datos)."
            )
        return None
    person = known.person
    if not known.visible:
        return (
            "La persona de ese documento ya está en la Red, pero no entre las de su "
            "organización: vincúlela primero en «Vincular persona» (con sus nombres y su "
            "autorización) y vuelva a importar, o quite la fila."
        )
    if person.anonymized_at is not None or person.merged_into_id is not None:
        return "El registro de ese documento fue anonimizado o fusionado: quite la fila."
    if not _same_names(
        {"first_names": person.first_names, "last_names": person.last_names}, values
    ):
        return (
            f"El documento corresponde a {person.full_name} en su registro y los nombres de "
            "la fila son otros: revise el documento o los nombres."
        )
    return None


def _same_names(one: dict, other: dict) -> bool:
    return fold(one["first_names"]) == fold(other["first_names"]) and fold(
        one["last_names"]
    ) == fold(other["last_names"])


def _split(error: ServiceError) -> tuple[int, str]:
    row, _, message = str(error).partition("|")
    return int(row), message


def _write_row(session, index, values, known, actor_id, user_id, policy_version, result) -> None:
    if known is None:
        person = Entrepreneur(
            doc_type=values["doc_type"],
            doc_number=values["doc_number"],
            registered_by_actor_id=actor_id,
            **{
                k: values[k]
                for k in ("first_names", "last_names", "email", "phone", "municipality_code")
            },
        )
        session.add(person)
        session.flush()
        result.new_people += 1
    else:
        person = known.person
    if values["consent"] and (known is None or not _has_consent(person)):
        try:
            record_consent(
                session,
                person,
                channel="importacion",
                policy_version=policy_version,
                purpose_attention=True,
                captured_by_user_id=user_id,
                actor_id=actor_id,
            )
        except ConsentError as error:
            raise ServiceError(f"{index}|{error}") from error
    register_service(
        session,
        actor_id=actor_id,
        person=person,
        service_type_id=values["service_type_id"],
        served_on=values["served_on"],
        program_id=values["program_id"],
        hours=values["hours"],
        outcome=values["outcome"],
        user_id=user_id,
    )
    result.created += 1
    result.last_person = person


def _has_consent(person: Entrepreneur) -> bool:
    return any(c.purpose_attention and c.revoked_at is None for c in person.consents)
