"""Background jobs (imports, big exports): who asked, what, how far it got, what went wrong.

The queue itself lives in Huey's storage (red/jobs); this table is what the user sees on
/trabajos and what survives a restart of the consumer. Counters are updated by the job as it
goes, so the page can show rows checked and written without asking the queue.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from red.models.base import Base, in_check, utcnow
from red.models.lengths import EMAIL, NAME, NOTE

# kind -> Spanish label
JOB_KINDS = {
    "service_import": "Importación de atenciones",
    "people_import": "Importación de personas",
    "participants_import": "Importación de asistencia a un evento",
    "services_export": "Exportación de atenciones",
    "registry_export": "Exportación del registro de personas",
    "participants_export": "Exportación de los participantes de un evento",
    "audit_export": "Exportación de la auditoría",
}
# status -> Spanish label. `queued` waits for the consumer; `checking` and `writing` are
# the two phases of an import; `done` and `failed` are final.
JOB_STATUSES = {
    "queued": "En cola",
    "checking": "Revisando filas",
    "writing": "Escribiendo",
    "done": "Terminado",
    "failed": "Con errores",
}
RUNNING_STATUSES = ("queued", "checking", "writing")


class Job(Base):
    """One piece of long work asked for by one user (on behalf of their actor, if any)."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(in_check("status", tuple(JOB_STATUSES)), name="status"),
        Index("ix_jobs_user_created", "user_id", "created_at"),
        Index("ix_jobs_actor_status", "actor_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="queued")
    check_only: Mapped[bool] = mapped_column(Boolean, default=False)
    # What the job works on: an uploaded file (stored under instance/jobs with a generated
    # name) and its parameters (event id, filters…), already checked by the access layer.
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    input_name: Mapped[str | None] = mapped_column(String(200))
    input_path: Mapped[str | None] = mapped_column(String(500))
    input_sha256: Mapped[str | None] = mapped_column(String(64))
    output_name: Mapped[str | None] = mapped_column(String(200))
    output_path: Mapped[str | None] = mapped_column(String(500))
    errors_path: Mapped[str | None] = mapped_column(String(500))
    rows_total: Mapped[int | None] = mapped_column(Integer)
    rows_checked: Mapped[int] = mapped_column(Integer, default=0)
    rows_written: Mapped[int] = mapped_column(Integer, default=0)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    # The first errors as [[row, column, reason], ...]; all of them go to the errors file.
    errors: Mapped[list] = mapped_column(JSON, default=list)
    message: Mapped[str | None] = mapped_column(String(NOTE))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    @property
    def kind_label(self) -> str:
        return JOB_KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        if self.status == "done" and self.check_only:
            return "Revisado"
        return JOB_STATUSES.get(self.status, self.status)

    @property
    def running(self) -> bool:
        return self.status in RUNNING_STATUSES


class JobRow(Base):
    """An import's checked row, staged while the job validates the file (a batch per short
    transaction), in typed columns so that the final step promotes every row into the real
    tables with INSERT … SELECT (or UPDATE … FROM) in ONE short transaction, then deleted.
    A job that fails or is interrupted before that step wrote nothing else; the sweep removes
    what it staged. No foreign keys but the job's: staging never locks the real tables."""

    __tablename__ = "job_rows"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    row_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The person (service and people imports; the attendance sheet names one by document).
    doc_type: Mapped[str | None] = mapped_column(String(2))
    doc_number: Mapped[str | None] = mapped_column(String(20))
    first_names: Mapped[str | None] = mapped_column(String(NAME))
    last_names: Mapped[str | None] = mapped_column(String(NAME))
    name_norm: Mapped[str | None] = mapped_column(String(260))
    name_sort: Mapped[str | None] = mapped_column(String(260))
    email: Mapped[str | None] = mapped_column(String(EMAIL))
    phone: Mapped[str | None] = mapped_column(String(40))
    municipality_code: Mapped[str | None] = mapped_column(String(5))
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    # Decided at check time: the known person (None: new), whether this row creates the new
    # person (its first row in the file) and whether it records the import's consent.
    person_id: Mapped[int | None] = mapped_column(Integer)
    creates_person: Mapped[bool] = mapped_column(Boolean, default=False)
    adds_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    # A service (atención).
    service_type_id: Mapped[int | None] = mapped_column(Integer)
    program_id: Mapped[int | None] = mapped_column(Integer)
    served_on: Mapped[date | None] = mapped_column(Date)
    hours: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    outcome: Mapped[str | None] = mapped_column(String(NOTE))
    # An attendance sheet's registration.
    participation_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(20))
    checked_in_at: Mapped[datetime | None]
    sales_cop: Mapped[int | None] = mapped_column(BigInteger)
    contacts: Mapped[int | None] = mapped_column(Integer)
    deals: Mapped[int | None] = mapped_column(Integer)
