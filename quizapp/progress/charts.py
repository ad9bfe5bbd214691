"""Geometry for the progress page's small SVG charts: numbers in, shapes out.

The templates (templates/progress/_charts.html) only place what is computed here, and colours
come from CSS classes, so one drawing reads in light and dark. Text sits at a fixed size in each
chart's own units; the charts are drawn narrow enough that, scaled to a phone, labels stay legible.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from quizapp.stats import DayCount, ScorePoint, SectionMastery

CELL = 11
CELL_STEP = 13
HEAT_LEFT = 28
HEAT_TOP = 16


# English names, whatever the server's locale; strftime was the progress page's costliest call.
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_label(day: date) -> str:
    """ "Mon 3 Mar 2026": unambiguous in every locale, unlike 3/3/26."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def short_day(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    level: int
    label: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Heatmap:
    """A calendar of weeks (columns) by weekdays (rows, Monday on top), one cell per study day."""

    width: int
    height: int
    cells: list[Cell]
    months: list[Label]
    weekdays: list[Label]
    total: int
    active_days: int
    busiest: DayCount | None
    rows: list[tuple[str, str]]


def heat_level(count: int, busiest: int) -> int:
    """0 for no answers, else 1-4 by the share of the busiest day, so one big day doesn't wash out
    the rest: anything at all shows at least level 1."""
    if count <= 0 or busiest <= 0:
        return 0
    return max(1, min(4, math.ceil(4 * count / busiest)))


def calendar_heatmap(days: Sequence[DayCount]) -> Heatmap:
    """Lay out consecutive days (oldest first) as a GitHub-style calendar."""
    busiest = max(days, key=lambda d: d.count, default=None)
    top = busiest.count if busiest else 0
    offset = days[0].day.weekday() if days else 0
    cells, months = [], []
    for index, entry in enumerate(days):
        column, row = divmod(index + offset, 7)
        x, y = HEAT_LEFT + column * CELL_STEP, HEAT_TOP + row * CELL_STEP
        cells.append(
            Cell(
                x, y, heat_level(entry.count, top), f"{day_label(entry.day)}: {plural(entry.count, 'answer')}"
            )
        )
        if entry.day.day == 1 or (index == 0 and entry.day.day <= 10):  # no label crowding the next month
            months.append(Label(x, HEAT_TOP - 5, MONTH_NAMES[entry.day.month - 1]))
    columns = (len(days) + offset + 6) // 7
    weekdays = [
        Label(HEAT_LEFT - 4, HEAT_TOP + row * CELL_STEP + CELL - 2, name)
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"))
    ]
    return Heatmap(
        width=HEAT_LEFT + columns * CELL_STEP,
        height=HEAT_TOP + 7 * CELL_STEP,
        cells=cells,
        months=months,
        weekdays=weekdays,
        total=sum(d.count for d in days),
        active_days=sum(1 for d in days if d.count),
        busiest=busiest if top else None,
        rows=[(day_label(d.day), str(d.count)) for d in reversed(days) if d.count],
    )


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... at or above `value`, for a calm y axis."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class BarChart:
    """Vertical bars with a y axis from 0 to `top` and a few labelled days under them."""

    width: int
    height: int
    plot_left: int
    plot_right: int
    bars: list[Bar]
    gridlines: list[Label]
    ticks: list[Label]
    top: int
    total: int
    peak: int
    rows: list[tuple[str, str]]


def forecast_chart(days: Sequence[DayCount], width: int = 400, height: int = 170) -> BarChart:
    """Bars for reviews due per day; today and every 7th day are labelled."""
    left, right, top_pad, bottom = 30, width - 6, 10, height - 22
    top = nice_ceiling(max((d.count for d in days), default=0) or 1)
    slot = (right - left) / max(len(days), 1)
    bars, ticks = [], []
    for index, entry in enumerate(days):
        bar_height = (bottom - top_pad) * entry.count / top
        x = left + index * slot
        bars.append(
            Bar(
                round(x + 1, 2),
                round(bottom - bar_height, 2),
                round(slot - 2, 2),
                round(bar_height, 2),
                f"{day_label(entry.day)}: {plural(entry.count, 'review')} due",
            )
        )
        if index % 7 == 0:
            ticks.append(
                Label(round(x + slot / 2, 2), height - 6, "Today" if index == 0 else short_day(entry.day))
            )
    values = dict.fromkeys((0, top // 2, top))  # top 1 has no distinct middle line
    gridlines = [
        Label(left, round(bottom - (bottom - top_pad) * value / top, 2), str(value)) for value in values
    ]
    rows = [(day_label(d.day), str(d.count)) for d in days]
    total, peak = sum(d.count for d in days), max((d.count for d in days), default=0)
    return BarChart(width, height, left, right, bars, gridlines, ticks, top, total, peak, rows)


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class LineChart:
    """Scores from 0% to 100% against time: dots joined by a line, first and last day labelled."""

    width: int
    height: int
    plot_left: int
    plot_right: int
    points: str
    dots: list[Dot]
    gridlines: list[Label]
    ticks: list[Label]
    rows: list[tuple[str, str, str]]


def score_chart(scores: Sequence[ScorePoint], width: int = 400, height: int = 170) -> LineChart:
    """Dots placed by when each test ended, so a long pause shows as a gap."""
    left, right, top_pad, bottom = 38, width - 12, 10, height - 22
    times = [point.finished_at.timestamp() for point in scores]
    start, span = (min(times), max(times) - min(times)) if times else (0.0, 0.0)

    def x_of(moment: datetime) -> float:
        if span == 0:
            return (left + right) / 2
        return left + (right - left) * (moment.timestamp() - start) / span

    dots = [
        Dot(
            round(x_of(point.finished_at), 2),
            round(bottom - (bottom - top_pad) * point.score, 2),
            f"{day_label(point.day)}: {round(point.score * 100)}% of {plural(point.question_count, 'question')}",
        )
        for point in scores
    ]
    gridlines = [
        Label(left, round(bottom - (bottom - top_pad) * share, 2), f"{round(share * 100)}%")
        for share in (0, 0.5, 1)
    ]
    ticks = []
    if scores:
        ticks.append(Label(dots[0].x, height - 6, short_day(scores[0].day)))
        if len(scores) > 1 and dots[-1].x - dots[0].x > 60:
            ticks.append(Label(dots[-1].x, height - 6, short_day(scores[-1].day)))
    rows = [(day_label(p.day), f"{round(p.score * 100)}%", str(p.question_count)) for p in reversed(scores)]
    points = " ".join(f"{dot.x},{dot.y}" for dot in dots)
    return LineChart(width, height, left, right, points, dots, gridlines, ticks, rows)


@dataclass(frozen=True)
class MasteryBar:
    """One section's stacked bar in percent of its width: mastered, learning, never seen."""

    section_id: str
    title: str
    mastered: float
    learning: float
    never_seen: float
    summary: str


def mastery_bars(sections: Sequence[SectionMastery]) -> list[MasteryBar]:
    """Percent widths that add up to 100 (rounding goes to the "never seen" part)."""
    bars = []
    for section in sections:
        mastered = round(100 * section.mastered_share, 2)
        learning = round(100 * section.learning_share, 2)
        bars.append(
            MasteryBar(
                section.section_id,
                section.title,
                mastered,
                learning,
                round(100 - mastered - learning, 2),
                f"{section.mastered} of {section.facts} mastered, {section.learning} learning, {section.never_seen} not seen yet",
            )
        )
    return bars
