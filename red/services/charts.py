"""Geometry for the server-rendered SVG charts (drawn by red/templates/_macros/charts.html).

Why SVG from a Jinja macro and not pygal: the CSP forbids inline styles and scripts
(`style-src 'self'`), and pygal's SVG carries both (a <style> element, style attributes and
a tooltip script); our own markup uses presentation attributes and CSS classes only, takes
the <title>/<desc> and the patterns that keep meaning off colour alone, and needs no new
dependency. The functions here are pure: they turn values into coordinates in a 360-unit
wide viewBox (about 1:1 on a 390 px phone, so 12-unit text stays readable) and the
templates only draw. Every chart has a title, a one-paragraph summary and, on its page,
the data table beside it; every bar carries its value and meaning as text.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from red.formatting import format_number

WIDTH = 360
MARGIN = 8
LINE = 15  # one line of 12-unit text
BAR = 14
LABEL_CHARS = 52  # characters of a label line at 12 units in WIDTH - 2 * MARGIN

# Tones: the CSS class of a mark and, in the legend, what it means. Hatched and dotted
# patterns double the colour for the two bands people must tell apart at a glance.
TONES = {
    "avance": "En avance",
    "logrado": "Meta cumplida o superada",
    "retroceso": "Retroceso",
    "verde": "Verde",
    "amarillo": "Amarillo",
    "rojo": "Rojo",
    "sin_datos": "Sin datos",
    "serie": "",
}
PATTERNED = {"retroceso": "hatch", "rojo": "hatch", "amarillo": "dots"}


def percent_text(value: float | None) -> str:
    return "sin cálculo" if value is None else f"{format_number(value, 1)} %"


def tick_text(value: float) -> str:
    return f"{format_number(value)} %"


def wrap(label: str, width: int = LABEL_CHARS) -> list[str]:
    return textwrap.wrap(label, width) or [""]


@dataclass
class Bar:
    """One horizontal bar: label lines above it, the bar from zero, its value as text."""

    label: str
    value: float | None
    text: str
    tone: str
    lines: list[str] = field(default_factory=list)
    label_y: float = 0
    bar_y: float = 0
    x: float = 0
    width: float = 0
    text_x: float = 0
    text_anchor: str = "start"
    clipped: bool = False

    @property
    def pattern(self) -> str | None:
        return PATTERNED.get(self.tone)


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class BarChart:
    title: str
    summary: str
    bars: list[Bar]
    height: float
    zero_x: float
    ticks: list[Tick]
    reference_x: float | None = None
    reference_label: str = ""
    width: int = WIDTH

    @property
    def patterns(self) -> set[str]:
        return {bar.pattern for bar in self.bars if bar.pattern}


def horizontal_bars(
    title: str,
    summary: str,
    items: list[tuple[str, float | None, str, str]],
    *,
    low: float = 0,
    high: float = 100,
    floor: float = -150,
    ceiling: float = 200,
    reference: float | None = None,
    reference_label: str = "",
    tick_format=tick_text,
) -> BarChart:
    """items: (label, value, text shown beside the bar, tone). The scale covers `low`..`high`
    and the values, but never past `floor`/`ceiling`: a bar beyond is drawn to the edge with
    an arrow, and its text keeps the exact value."""
    values = [v for _, v, _, _ in items if v is not None]
    lo = max(min([low, *values]), floor)
    hi = min(max([high, *values]), ceiling)
    left, right = MARGIN, WIDTH - MARGIN

    def x_of(value: float) -> float:
        return round(left + (min(max(value, lo), hi) - lo) * (right - left) / (hi - lo), 1)

    zero = x_of(0)
    bars, y = [], 18.0  # room for the tick labels on top
    for label, value, text, tone in items:
        bar = Bar(label, value, text, tone, wrap(label))
        bar.label_y = y + 12
        bar.bar_y = y + LINE * len(bar.lines) + 2
        if value is not None:
            end = x_of(value)
            bar.x, bar.width = min(zero, end), round(abs(end - zero), 1)
            bar.clipped = value < lo or value > hi
        far = max(zero, bar.x + bar.width)
        if far + 4 + 7 * len(text) <= right:
            bar.text_x, bar.text_anchor = far + 4, "start"
        else:
            bar.text_x, bar.text_anchor = right, "end"
        y = bar.bar_y + BAR + 18  # the value line sits beside or below the bar
        bars.append(bar)
    ticks = [Tick(x_of(v), tick_format(v)) for v in sorted({lo, 0, high, hi}) if lo <= v <= hi]
    reference_x = x_of(reference) if reference is not None else None
    if reference_x is not None:
        ticks = _label_reference(ticks, reference_x, reference_label)
    return BarChart(title, summary, bars, round(y, 1), zero, ticks, reference_x, reference_label)


REFERENCE_ROOM = 48  # half the width of «Meta (100 %)» and a neighbour tick, in 10-unit text


def _label_reference(ticks: list[Tick], x: float, label: str) -> list[Tick]:
    """The target line is named in the tick row above the bars, where no bar's value text
    can fall on it (at the bottom it collided with the last bar's «100,0 % · Meta
    cumplida»); ticks too close to it to be read beside it make room."""
    kept = [t for t in ticks if t.x == x or abs(t.x - x) >= REFERENCE_ROOM]
    if not any(t.x == x for t in kept):
        kept.append(Tick(x, label))
    return sorted(
        (Tick(t.x, label) if t.x == x else t for t in kept),
        key=lambda t: t.x,
    )


@dataclass
class Segment:
    key: str
    label: str
    count: int
    tone: str
    x: float = 0
    width: float = 0

    @property
    def pattern(self) -> str | None:
        return PATTERNED.get(self.tone)


@dataclass
class StackRow:
    label: str
    segments: list[Segment]
    label_y: float = 0
    bar_y: float = 0
    key: str | None = None  # what the row stands for (a period), for its drill-down link

    @property
    def total(self) -> int:
        return sum(s.count for s in self.segments)

    @property
    def text(self) -> str:
        return " · ".join(f"{s.label} {s.count}" for s in self.segments if s.count)


@dataclass
class StackedChart:
    title: str
    summary: str
    rows: list[StackRow]
    legend: list[Segment]
    height: float
    width: int = WIDTH

    @property
    def patterns(self) -> set[str]:
        return {s.pattern for s in self.legend if s.pattern}


def stacked_bars(
    title: str, summary: str, rows: list[tuple[str, list[tuple[str, str, int, str]]]]
) -> StackedChart:
    """rows: (label, [(key, segment label, count, tone)…]); each row is 100 % wide, so the
    shares compare across rows; a segment's count is written in the row's text line."""
    left, right = MARGIN, WIDTH - MARGIN
    built, y = [], 4.0
    for label, parts in rows:
        row = StackRow(label, [Segment(*part) for part in parts])
        row.label_y, row.bar_y = y + 12, y + LINE + 2
        total, x = row.total, float(left)
        for segment in row.segments:
            segment.x = round(x, 1)
            segment.width = round((right - left) * segment.count / total, 1) if total else 0
            x += segment.width
        y = row.bar_y + BAR + 22
        built.append(row)
    legend = [Segment(k, lab, 0, tone) for k, lab, _, tone in (rows[0][1] if rows else [])]
    return StackedChart(title, summary, built, legend, round(y + 4, 1))


@dataclass
class Column:
    label: str
    value: float
    text: str
    x: float = 0
    y: float = 0
    height: float = 0


@dataclass
class ColumnChart:
    title: str
    summary: str
    columns: list[Column]
    bar_width: float
    height: float
    base_y: float
    step: float
    max_text: str
    width: int = WIDTH


def columns(title: str, summary: str, items: list[tuple[str, float, str]]) -> ColumnChart:
    """Vertical bars (one per month): label under each, value above it."""
    top, base = 18, 150
    count = max(len(items), 1)
    step = (WIDTH - 2 * MARGIN) / count
    peak = max([v for _, v, _ in items] + [1])
    built = []
    for index, (label, value, text) in enumerate(items):
        height = round((base - top) * value / peak, 1)
        built.append(
            Column(
                label,
                value,
                text,
                round(MARGIN + index * step + step * 0.15, 1),
                base - height,
                height,
            )
        )
    return ColumnChart(
        title, summary, built, round(step * 0.7, 1), base + 34, base, round(step, 1),
        format_number(peak),
    )  # fmt: skip


@dataclass
class FunnelStage:
    label: str
    count: int
    width: float = 0
    y: float = 0


@dataclass
class FunnelRow:
    label: str
    stages: list[FunnelStage]
    label_y: float = 0

    @property
    def text(self) -> str:
        return " → ".join(f"{s.label} {s.count}" for s in self.stages)


@dataclass
class FunnelChart:
    title: str
    summary: str
    rows: list[FunnelRow]
    height: float
    width: int = WIDTH


FUNNEL_BAR = 12


def funnel(title: str, summary: str, rows: list[tuple[str, list[tuple[str, int]]]]) -> FunnelChart:
    """One block per row: its stages as bars getting shorter (sent → … → completed), each
    row on its own scale (its first stage is the full bar) so the shapes compare between a
    big and a small actor; every bar has its stage and count written beside it."""
    span = (WIDTH - 2 * MARGIN) * 0.6  # room on the right for «Completadas 42»
    built, y = [], 4.0
    for label, stages in rows:
        row = FunnelRow(label, [FunnelStage(name, count) for name, count in stages])
        first = max(row.stages[0].count if row.stages else 0, 1)
        row.label_y = y + 12
        bar_y = y + LINE + 2
        for stage in row.stages:
            stage.width = round(span * stage.count / first, 1)
            stage.y = bar_y
            bar_y += FUNNEL_BAR + 2
        y = bar_y + 10
        built.append(row)
    return FunnelChart(title, summary, built, round(y, 1))
