"""The development plan's metas (Tablas 1–5 of the report) and their progress entries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from red.models import lengths
from red.models.base import Base, TimestampMixin, in_check, relationship

INDICATOR_KINDS = {"resultado": "Meta de resultado", "producto": "Meta de producto"}
# What the figure is, and so which way is progress (red/services/indicators.py, progress_share).
MEASURES = {
    "acumulado": "Cantidad que se acumula hacia la meta",
    "subir": "Nivel que debe subir",
    "bajar": "Nivel que debe bajar (tasa o posición en un escalafón)",
}


class Indicator(TimestampMixin, Base):
    """A meta with the figures exactly as the report states them (value and original text)."""

    __tablename__ = "indicators"
    __table_args__ = (
        CheckConstraint(in_check("kind", tuple(INDICATOR_KINDS)), name="kind"),
        CheckConstraint(in_check("measure", tuple(MEASURES)), name="measure"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(10), index=True)
    table_number: Mapped[int] = mapped_column(Integer)
    goal_number: Mapped[int | None] = mapped_column(Integer)
    apuesta: Mapped[str | None] = mapped_column(String(200))
    initiative: Mapped[str | None] = mapped_column(String(500))
    name: Mapped[str] = mapped_column(String(500))
    unit: Mapped[str | None] = mapped_column(String(80))
    measure: Mapped[str] = mapped_column(
        String(10), default="acumulado", server_default="acumulado"
    )
    baseline_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    baseline_text: Mapped[str | None] = mapped_column(String(40))
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    target_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    target_text: Mapped[str | None] = mapped_column(String(40))
    target_year: Mapped[int | None] = mapped_column(Integer)
    progress_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    progress_text: Mapped[str | None] = mapped_column(String(40))
    progress_year: Mapped[int | None] = mapped_column(Integer)
    # The year the progress figure measures (an index published in 2025 may measure 2024).
    measured_year: Mapped[int | None] = mapped_column(Integer)
    footnote: Mapped[str | None] = mapped_column(String(1000))
    source_note: Mapped[str | None] = mapped_column(String(2000))
    position: Mapped[int] = mapped_column(Integer, default=0)

    entries: Mapped[list[IndicatorProgress]] = relationship(
        back_populates="indicator", order_by="IndicatorProgress.recorded_on"
    )


class IndicatorProgress(TimestampMixin, Base):
    """A dated progress entry for a meta, with its evidence."""

    __tablename__ = "indicator_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), index=True
    )
    recorded_on: Mapped[date] = mapped_column(Date)
    value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    value_text: Mapped[str | None] = mapped_column(String(40))
    evidence: Mapped[str | None] = mapped_column(String(lengths.NOTE))
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    indicator: Mapped[Indicator] = relationship(back_populates="entries")
