"""Data-subject requests under Ley 1581 de 2012 with their legal deadlines.

Consultas are answered within 10 business days (art. 14) and reclamos within 15 (art. 15);
rectificación, supresión and revocatoria are reclamos. While a reclamo is open the record
carries the label "reclamo en trámite". Deadlines are Colombian business days.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from red.models import ConsentRecord, Entrepreneur, RightsRequest
from red.models.base import utcnow
from red.models.people import RIGHTS_REQUEST_KINDS
from red.services.calendar import add_business_days, local_today
from red.services.entrepreneurs import anonymise_person
from red.services.people import PERSON_FIELDS

LEGAL_DAYS = {
    "consulta": 10,
    "reclamo": 15,
    "rectificacion": 15,
    "supresion": 15,
    "revocatoria": 15,
}
CLAIM_KINDS = frozenset(LEGAL_DAYS) - {"consulta"}
OPEN_STATUSES = ("recibida", "en_tramite")


class RightsError(ValueError):
    """A request that cannot be filed or answered; the message is for the user."""


def file_request(
    session: Session,
    person: Entrepreneur,
    *,
    kind: str,
    description: str,
    user_id: int | None,
    filed_on: date | None = None,
) -> RightsRequest:
    """Record a request (from the person or from staff on their behalf) with its deadline."""
    if kind not in RIGHTS_REQUEST_KINDS:
        raise RightsError("Elija el tipo de solicitud.")
    if not (description or "").strip():
        raise RightsError("Describa la solicitud.")
    if person.anonymized_at is not None:
        raise RightsError("Este registro ya fue anonimizado.")
    today = filed_on or local_today()
    request = RightsRequest(
        entrepreneur_id=person.id,
        kind=kind,
        description=description.strip(),
        status="recibida",
        filed_on=today,
        due_on=add_business_days(today, LEGAL_DAYS[kind]),
        filed_by_user_id=user_id,
    )
    session.add(request)
    if kind in CLAIM_KINDS:
        person.claim_in_progress = True
    session.flush()
    return request


def answer_request(
    session: Session,
    request: RightsRequest,
    *,
    response: str,
    apply_deletion: bool = False,
) -> None:
    """Close a request with its answer; a granted supresión anonymises the person."""
    if request.status == "respondida":
        raise RightsError("Esta solicitud ya fue respondida.")
    if not (response or "").strip():
        raise RightsError("Escriba la respuesta que se da a la persona.")
    request.status = "respondida"
    request.response = response.strip()
    request.answered_at = utcnow()
    person = request.entrepreneur
    if request.kind == "revocatoria":
        for consent in session.scalars(
            select(ConsentRecord).where(
                ConsentRecord.entrepreneur_id == person.id, ConsentRecord.revoked_at.is_(None)
            )
        ):
            consent.revoked_at = utcnow()
    session.flush()
    if apply_deletion and request.kind == "supresion":
        anonymise_person(session, person)
    _refresh_claim_label(session, person)
    session.flush()


def _refresh_claim_label(session: Session, person: Entrepreneur) -> None:
    still_open = session.scalar(
        select(RightsRequest.id).where(
            RightsRequest.entrepreneur_id == person.id,
            RightsRequest.kind.in_(CLAIM_KINDS),
            RightsRequest.status.in_(OPEN_STATUSES),
        )
    )
    person.claim_in_progress = still_open is not None


def requests_query(*, overdue_only: bool = False, today: date | None = None) -> Select:
    query = (
        select(RightsRequest)
        .options(selectinload(RightsRequest.entrepreneur))
        .order_by(RightsRequest.due_on, RightsRequest.id)
    )
    if overdue_only:
        query = query.where(
            RightsRequest.status.in_(OPEN_STATUSES),
            RightsRequest.due_on < (today or local_today()),
        )
    return query


def correct_own_data(person: Entrepreneur, values: dict) -> list[str]:
    """An entrepreneur corrects their own contact data; returns the fields that changed."""
    changed = []
    for key, value in values.items():
        if key in PERSON_FIELDS and key not in ("first_names", "last_names"):
            if getattr(person, key) != value:
                setattr(person, key, value)
                changed.append(key)
    return changed


def personal_data_export(person: Entrepreneur) -> dict:
    """Everything the registry holds about the person, for the "download my data" right."""
    return {
        "documento": {"tipo": person.doc_type, "numero": person.doc_number},
        "nombres": person.first_names,
        "apellidos": person.last_names,
        "correo": person.email,
        "telefono": person.phone,
        "municipio": person.municipality_code,
        "direccion": person.address,
        "sexo": person.sex,
        "fecha_nacimiento": person.birth_date.isoformat() if person.birth_date else None,
        "datos_sensibles": {
            "autorizados": person.sensitive_consent,
            "etnia": person.ethnicity,
            "discapacidad": person.has_disability,
            "victima_conflicto": person.is_conflict_victim,
            "grupos_poblacionales": [p.name for p in person.populations],
        },
        "emprendimientos": [
            {"nombre": v.name, "nit": v.nit, "formal": v.is_formal} for v in person.ventures
        ],
        "autorizaciones": [
            {
                "version_politica": c.policy_version,
                "canal": c.channel,
                "fecha": c.captured_at.isoformat(),
                "atencion_y_remision": c.purpose_attention,
                "estadisticas": c.purpose_statistics,
                "comunicaciones": c.purpose_communications,
                "datos_sensibles": c.sensitive_data,
                "revocada": c.revoked_at.isoformat() if c.revoked_at else None,
            }
            for c in person.consents
        ],
    }
