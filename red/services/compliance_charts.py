"""The núcleo's first picture: how many members are green, amber and red, period by period."""

from __future__ import annotations

from red.services.charts import StackedChart, stacked_bars
from red.services.compliance import Scorecard

BANDS = [
    ("verde", "Verde", "verde"),
    ("amarillo", "Amarillo", "amarillo"),
    ("rojo", "Rojo", "rojo"),
    (None, "Sin datos", "sin_datos"),
]


def _count_text(counts: dict, key) -> str:
    return f"{counts[key]} {dict((k, label) for k, label, _ in BANDS)[key].lower()}"


def distribution_chart(cards: list[Scorecard]) -> StackedChart:
    """One bar per period (oldest first), split by traffic light, with the counts as text."""
    rows = []
    for card in cards:
        counts = card.counts()
        label = card.period.label + (" (cerrado)" if card.closed else "")
        rows.append((label, [(str(key), name, counts[key], tone) for key, name, tone in BANDS]))
    last = cards[-1].counts() if cards else {}
    summary = "Sin periodos que mostrar."
    if cards:
        summary = (
            f"{cards[-1].period.label}: "
            + ", ".join(_count_text(last, key) for key, _, _ in BANDS if last[key])
            + f" de {len(cards[-1].rows)} actores miembros."
        )
        if len(cards) > 1:
            first = cards[0].counts()
            change = last["verde"] - first["verde"]
            trend = "más" if change > 0 else "menos" if change < 0 else "los mismos"
            amount = f"{abs(change)} " if change else ""
            summary += (
                f" Frente a {cards[0].period.label}: {amount}{trend} actores en verde"
                f" y {last['rojo']} en rojo (antes {first['rojo']})."
            )
    return stacked_bars("Actores por semáforo, trimestre a trimestre", summary, rows)
