"""The person columns that the service and people imports share: parse them and check a
batch of documents against the access rule (the new people are created by the promotion,
red/jobs/staging.py).

The access rule decides every row (red/permissions/people.py and red/services/person_access.py):
a document of a person already in the Red whom the actor does not see is a row error that
says how to link them — an import never opens somebody else's record. A new person needs the
authorisation (Ley 1581) the row says was given; that consent is what lets the actor see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from red import es_co
from red.models import ConsentRecord, Entrepreneur, Municipality, PersonAccess
from red.models.lengths import EMAIL, NAME
from red.models.people import DOCUMENT_TYPES
from red.services.documents import DocumentError, normalise_document
from red.text import fold

PERSON_COLUMNS = (
    "tipo_documento",
    "numero_documento",
    "nombres",
    "apellidos",
    "correo",
    "telefono",
    "municipio",
    "autoriza_datos",
)
YES = ("si", "s", "x", "1")
NOT_AMONG_YOURS = (
    "La persona de ese documento ya está en la Red, pero no entre las de su organización: "
    "vincúlela primero en «Vincular persona» (con sus nombres y su autorización) y vuelva a "
    "importar, o quite la fila."
)


# A column with few distinct values (municipality, yes/no, service type): folded once each.
fold_few = lru_cache(maxsize=4096)(fold)


def municipality_lookup(session: Session) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, name in session.execute(select(Municipality.code, Municipality.name)):
        lookup[code] = code
        lookup[fold(name)] = code
    return lookup


def too_long(text: str, limit: int) -> str | None:
    if len(text) > limit:
        return f"Escriba como máximo {limit} caracteres (tiene {len(text)})."
    return None


def parse_date(text: str) -> date:
    """dd/mm/aaaa (or aaaa-mm-dd), as every form reads it (red.es_co); ValueError otherwise."""
    return es_co.parse_date(text)


def parse_document(row: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """doc_type and doc_number (as stored) of a sheet's row, for every import that names
    people by document; a problem is reported on the column that holds it (a wrong type on
    tipo_documento, even when the number would be right)."""
    values: dict[str, Any] = {"doc_type": row.get("tipo_documento", "")}
    try:
        values["doc_number"] = normalise_document(
            values["doc_type"], row.get("numero_documento", "")
        )
    except DocumentError as error:
        wrong_type = values["doc_type"] not in DOCUMENT_TYPES
        return values, [("tipo_documento" if wrong_type else "numero_documento", str(error))]
    return values, []


def parse_person(row: dict[str, str], municipalities: dict[str, str]) -> tuple[dict, list]:
    """The person part of a row: clean values and [(column, reason)] problems."""
    values, problems = parse_document(row)
    for key, target in (("nombres", "first_names"), ("apellidos", "last_names")):
        text = row.get(key, "")
        if not text:
            problems.append((key, f"Falta «{key}»."))
        elif problem := too_long(text, NAME):
            problems.append((key, problem))
        values[target] = text
    email = row.get("correo") or None
    if email and ("@" not in email or len(email) > EMAIL):
        problems.append(("correo", "El correo no es válido."))
    values["email"] = email
    phone = row.get("telefono") or None
    if phone and (problem := too_long(phone, 40)):
        problems.append(("telefono", problem))
    values["phone"] = phone
    values["municipality_code"] = None
    if text := row.get("municipio", ""):
        code = municipalities.get(text) or municipalities.get(fold_few(text))
        if code is None:
            problems.append(("municipio", f"Municipio desconocido: «{text}»."))
        values["municipality_code"] = code
    values["consent"] = fold_few(row.get("autoriza_datos", "")) in YES
    values["name_norm"] = fold(f"{values['first_names']} {values['last_names']}")
    values["name_sort"] = es_co.sort_key(f"{values['last_names']} {values['first_names']}")[:260]
    return values, problems


def repeated_in_file(seen: set[tuple[str, str]], values: dict) -> list[tuple[str, str]]:
    """A document already met earlier in the same file is a problem of this row; the
    document is remembered for the rows after it."""
    document = (values["doc_type"], values["doc_number"])
    if document in seen:
        return [("numero_documento", "Documento repetido en el archivo.")]
    seen.add(document)
    return []


def same_names(one: dict, other: dict) -> bool:
    return fold(one["first_names"]) == fold(other["first_names"]) and fold(
        one["last_names"]
    ) == fold(other["last_names"])


@dataclass
class Holder:
    """The person a document already belongs to, as far as the actor's import cares."""

    id: int
    first_names: str
    last_names: str
    visible: bool
    gone: bool  # anonymised or merged into another record
    consented: bool  # an active attention consent on record


def holders(session: Session, actor_id: int, documents: set[tuple[str, str]]) -> dict:
    """{(doc_type, doc_number): Holder} for the documents already in the Red — three queries
    per batch (people, the actor's access, consents), never one per row."""
    if not documents:
        return {}
    numbers = {number for _, number in documents}
    people = [
        p
        for p in session.execute(
            select(
                Entrepreneur.id,
                Entrepreneur.doc_type,
                Entrepreneur.doc_number,
                Entrepreneur.first_names,
                Entrepreneur.last_names,
                Entrepreneur.anonymized_at,
                Entrepreneur.merged_into_id,
            ).where(Entrepreneur.doc_number.in_(numbers))
        )
        if (p.doc_type, p.doc_number) in documents
    ]
    ids = [p.id for p in people]
    visible = set(
        session.scalars(
            select(PersonAccess.entrepreneur_id).where(
                PersonAccess.actor_id == actor_id, PersonAccess.entrepreneur_id.in_(ids)
            )
        )
    )
    consented = set(
        session.scalars(
            select(ConsentRecord.entrepreneur_id).where(
                ConsentRecord.entrepreneur_id.in_(ids),
                ConsentRecord.purpose_attention.is_(True),
                ConsentRecord.revoked_at.is_(None),
            )
        )
    )
    return {
        (p.doc_type, p.doc_number): Holder(
            p.id,
            p.first_names,
            p.last_names,
            p.id in visible,
            p.anonymized_at is not None or p.merged_into_id is not None,
            p.id in consented,
        )
        for p in people
    }


class PersonChecks:
    """Across a whole file: each document's holder and first row, checked batch by batch."""

    def __init__(self, session: Session, actor_id: int) -> None:
        self.session = session
        self.actor_id = actor_id
        self.first_row: dict[tuple[str, str], tuple[int, str, str]] = {}
        self.consented: set[tuple[str, str]] = set()  # documents whose consent is staged

    def check(self, batch: list[tuple[int, dict]]) -> list[tuple[int, str, str]]:
        """Row errors of the batch. On the good rows sets values["person_id"] (None: a new
        person), "creates_person" (the new person's first row) and "adds_consent" (the
        row that records the import's consent: a new person's, or a known person's who had
        none; once per person)."""
        documents = {(v["doc_type"], v["doc_number"]) for _, v in batch}
        known = holders(self.session, self.actor_id, documents)
        errors = []
        for number, values in batch:
            problem = self._problem(
                number, values, known.get((values["doc_type"], values["doc_number"]))
            )
            if problem:
                errors.append((number, *problem))
        return errors

    def _problem(self, number: int, values: dict, holder: Holder | None) -> tuple[str, str] | None:
        document = (values["doc_type"], values["doc_number"])
        values["person_id"] = holder.id if holder else None
        if holder is None and not values["consent"]:
            return (
                "autoriza_datos",
                "Persona nueva sin autorización de tratamiento de datos (escriba «si» en autoriza_datos).",
            )
        if holder is not None:
            if not holder.visible:
                return ("numero_documento", NOT_AMONG_YOURS)
            if holder.gone:
                return (
                    "numero_documento",
                    "El registro de ese documento fue anonimizado o fusionado: quite la fila.",
                )
            if not same_names(
                {"first_names": holder.first_names, "last_names": holder.last_names}, values
            ):
                return (
                    "nombres",
                    f"El documento corresponde a {holder.first_names} {holder.last_names} en su "
                    "registro y los nombres de la fila son otros: revise el documento o los nombres.",
                )
        names = (fold(values["first_names"]), fold(values["last_names"]))
        first = self.first_row.setdefault(document, (number, *names))
        if first[0] != number and first[1:] != names:
            return (
                "nombres",
                f"El mismo documento aparece con otros nombres en la fila {first[0]}.",
            )
        values["creates_person"] = holder is None and first[0] == number
        wants = values["consent"] and (holder is None or not holder.consented)
        values["adds_consent"] = wants and document not in self.consented
        if values["adds_consent"]:
            self.consented.add(document)
        return None
