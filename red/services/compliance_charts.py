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
            summary += (
                f" Frente a {cards[0].period.label}: {_change(first['verde'], last['verde'])}"
                f" en verde y {_change(first['rojo'], last['rojo'])} en rojo."
            )
    chart = stacked_bars("Actores por semáforo, trimestre a trimestre", summary, rows)
    for row, card in zip(chart.rows, cards, strict=True):
        row.key = card.period.key
    return chart


def _change(before: int, now: int) -> str:
    """«3 más (20 → 23)», «2 menos (11 → 9)», «los mismos (11)»."""
    if now == before:
        return f"los mismos ({now})"
    word = "más" if now > before else "menos"
    return f"{abs(now - before)} {word} ({before} → {now})"
