"""The staging table of an import and the ONE final step that promotes it.

While the job checks the file, each batch of clean rows goes into `job_rows` (typed columns,
red/models/jobs.py) in the batch's own short transaction. When every row passed, the
promotion writes them all into the real tables with a handful of set-based statements —
INSERT … SELECT from the staging rows (people, consents, services, the access table, the
per-person audit entries) or UPDATE … FROM (attendance) — in one transaction, then the
staging rows go. Nothing is written row by row in Python, so that transaction is short (a
few seconds for 100,000 rows on SQLite) and the import is all or nothing by the database's
own rollback: there is nothing to undo after a failure or a crash.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    Integer,
    String,
    and_,
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.orm import Session

from red.models import (
    AuditEntry,
    ConsentRecord,
    Entrepreneur,
    Job,
    JobRow,
    Participation,
    PersonAccess,
    ServiceRecord,
)

STAGED = JobRow.__table__
PEOPLE = Entrepreneur.__table__
# The person of each staged row, by document (the unique key): the known person found at
# check time, or the one the promotion just created.
PERSON_OF_ROW = and_(
    PEOPLE.c.doc_type == STAGED.c.doc_type, PEOPLE.c.doc_number == STAGED.c.doc_number
)
# The columns a staged row may carry; an importer's values use these names.
COLUMNS = tuple(c.name for c in STAGED.columns if c.name not in ("job_id", "row_number"))
# What the audit log keeps of a person an import created (as the audit hook would).
AUDITED_PERSON = (
    "doc_type",
    "doc_number",
    "first_names",
    "last_names",
    "email",
    "phone",
    "municipality_code",
    "birth_date",
    "sex",
    "registered_by_actor_id",
)


def _value(value: Any, type_: Any) -> Any:
    return literal(value, type_)


def stage(session: Session, job_id: int, rows: list[tuple[int, dict]]) -> None:
    """Add checked rows to the job's staging rows (the caller commits)."""
    if rows:
        session.execute(
            insert(STAGED),
            [
                {
                    "job_id": job_id,
                    "row_number": number,
                    "creates_person": False,
                    "adds_consent": False,
                    **{k: v for k, v in values.items() if k in COLUMNS},
                }
                for number, values in rows
            ],
        )


def drop_staged(session: Session, job_id: int) -> None:
    session.execute(delete(STAGED).where(STAGED.c.job_id == job_id))
    session.commit()


def staged_count(session: Session, job_id: int) -> int:
    return session.scalar(select(func.count()).select_from(STAGED).where(STAGED.c.job_id == job_id))


def unreachable_people(session: Session, job: Job) -> int:
    """Staged rows naming a known person whom the job's actor no longer sees (access lost
    while the file was checked): the promotion must not write them."""
    return session.scalar(
        select(func.count())
        .select_from(STAGED)
        .where(
            STAGED.c.job_id == job.id,
            STAGED.c.person_id.is_not(None),
            ~exists().where(
                PersonAccess.actor_id == job.actor_id,
                PersonAccess.entrepreneur_id == STAGED.c.person_id,
            ),
        )
    )


# The columns a new person gets from the promotion, in the order of _new_people's SELECT.
NEW_PERSON_COLUMNS = (
    "doc_type",
    "doc_number",
    "first_names",
    "last_names",
    "name_norm",
    "name_sort",
    "email",
    "phone",
    "municipality_code",
    "birth_date",
    "sex",
    "sensitive_consent",
    "claim_in_progress",
    "is_demo",
    "version_id",
    "registered_by_actor_id",
    "import_job_id",
    "created_at",
    "updated_at",
)


def promote_people(session: Session, job: Job, policy_version: str, now: datetime) -> int:
    """Create the new people of the staged rows, their consents, their access rows and one
    audit entry per person created; consents for known people who lacked one. Returns how
    many people were created."""
    stamp = _value(now, DateTime(timezone=True))
    session.execute(
        insert(PEOPLE).from_select(
            list(NEW_PERSON_COLUMNS), _new_people(job, stamp), include_defaults=False
        )
    )
    _consents(session, job, policy_version, stamp)
    _access_of_new_people(session, job)
    _audit_new_people(session, job, stamp)
    # Counted, not the statement's rowcount: some drivers answer -1 for INSERT … SELECT.
    return session.scalar(
        select(func.count()).select_from(PEOPLE).where(PEOPLE.c.import_job_id == job.id)
    )


def _new_people(job: Job, stamp: Any):
    """One row per new person: the staged row that creates them (their first in the file)."""
    return (
        select(
            *(STAGED.c[name] for name in NEW_PERSON_COLUMNS[:11]),
            _value(False, Boolean),
            _value(False, Boolean),
            _value(False, Boolean),
            _value(1, Integer),
            _value(job.actor_id, Integer),
            _value(job.id, Integer),
            stamp,
            stamp,
        )
        .where(STAGED.c.job_id == job.id, STAGED.c.creates_person.is_(True))
        .order_by(STAGED.c.row_number)
    )


def _consents(session: Session, job: Job, policy_version: str, stamp: Any) -> None:
    session.execute(
        insert(ConsentRecord.__table__).from_select(
            [
                "entrepreneur_id",
                "policy_version",
                "purpose_attention",
                "purpose_statistics",
                "purpose_communications",
                "sensitive_data",
                "channel",
                "captured_at",
                "captured_by_user_id",
                "actor_id",
                "import_job_id",
            ],
            select(
                PEOPLE.c.id,
                _value(policy_version, String),
                _value(True, Boolean),
                _value(False, Boolean),
                _value(False, Boolean),
                _value(False, Boolean),
                _value("importacion", String),
                stamp,
                _value(job.user_id, Integer),
                _value(job.actor_id, Integer),
                _value(job.id, Integer),
            )
            .select_from(STAGED.join(PEOPLE, PERSON_OF_ROW))
            .where(STAGED.c.job_id == job.id, STAGED.c.adds_consent.is_(True))
            .order_by(STAGED.c.row_number),
            include_defaults=False,
        )
    )


def _access_of_new_people(session: Session, job: Job) -> None:
    """The access rule grants the actor each person it registered (and served, and holds a
    consent for): the one row a new person gets. Known people were checked visible."""
    session.execute(
        insert(PersonAccess.__table__).from_select(
            ["actor_id", "entrepreneur_id"],
            select(_value(job.actor_id, Integer), PEOPLE.c.id).where(
                PEOPLE.c.import_job_id == job.id
            ),
        )
    )


def _json_of_person(dialect: str) -> Any:
    build = func.json_build_object if dialect == "postgresql" else func.json_object
    pairs = []
    for name in AUDITED_PERSON:
        pairs += [literal(name, String), PEOPLE.c[name]]
    return build(*pairs)


def _audit_new_people(session: Session, job: Job, stamp: Any) -> None:
    """Per person created, as the audit hook would for a form (Ley 1581: who handled whose
    data): one statement for all of them."""
    session.execute(
        insert(AuditEntry.__table__).from_select(
            ["at", "user_id", "action", "table_name", "record_id", "new_values", "actor_id"],
            select(
                stamp,
                _value(job.user_id, Integer),
                _value("create", String),
                _value("entrepreneurs", String),
                cast(PEOPLE.c.id, String(60)),
                _json_of_person(session.get_bind().dialect.name),
                _value(job.actor_id, Integer),
            )
            .where(PEOPLE.c.import_job_id == job.id)
            .order_by(PEOPLE.c.id),
            include_defaults=False,
        )
    )


def promote_services(session: Session, job: Job, now: datetime) -> int:
    """One service record per staged row, for the row's person (known or just created)."""
    stamp = _value(now, DateTime(timezone=True))
    session.execute(
        insert(ServiceRecord.__table__).from_select(
            [
                "actor_id",
                "entrepreneur_id",
                "service_type_id",
                "program_id",
                "served_on",
                "hours",
                "outcome",
                "created_by_user_id",
                "import_job_id",
                "version_id",
                "created_at",
                "updated_at",
            ],
            select(
                _value(job.actor_id, Integer),
                PEOPLE.c.id,
                STAGED.c.service_type_id,
                STAGED.c.program_id,
                STAGED.c.served_on,
                STAGED.c.hours,
                STAGED.c.outcome,
                _value(job.user_id, Integer),
                _value(job.id, Integer),
                _value(1, Integer),
                stamp,
                stamp,
            )
            .select_from(STAGED.join(PEOPLE, PERSON_OF_ROW))
            .where(STAGED.c.job_id == job.id)
            .order_by(STAGED.c.row_number),
            include_defaults=False,
        )
    )
    table = ServiceRecord.__table__
    return session.scalar(
        select(func.count()).select_from(table).where(table.c.import_job_id == job.id)
    )


def promote_attendance(session: Session, job: Job, event_id: int, now: datetime) -> int:
    """The staged registrations of one event updated in one UPDATE … FROM."""
    table = Participation.__table__
    stamp = _value(now, DateTime(timezone=True))
    arrived = case(
        (STAGED.c.checked_in_at.is_not(None), STAGED.c.checked_in_at),
        (STAGED.c.status == "asistio", stamp),
        else_=None,
    )
    return session.execute(
        update(table)
        .where(
            table.c.id == STAGED.c.participation_id,
            STAGED.c.job_id == job.id,
            table.c.event_id == event_id,
        )
        .values(
            status=STAGED.c.status,
            checked_in_at=arrived,
            sales_cop=STAGED.c.sales_cop,
            contacts=STAGED.c.contacts,
            deals=STAGED.c.deals,
            updated_at=stamp,
            version_id=table.c.version_id + 1,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
