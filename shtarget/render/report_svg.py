"""A target's chart as inline SVG: recorded figures as bars on a year axis (a year without a figure is an
empty slot, never a zero bar), part-year figures as dashed outlines, the path to the target as a dashed
line, the target as a diamond, a break in the series as a dotted rule, readable axes with the unit, and a
legend. Drawn by shtarget alone: no script, no font or image to fetch.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from shtarget.render.html_tree import Element, el
from shtarget.render.report_doc import Chart, ChartBar
from shtarget.render.report_text import months_label, number, words_for

WIDTH, HEIGHT = 680, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 40, 64
FONT = (
    'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Helvetica Neue", Arial, "Noto Sans CJK SC", '
    '"Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif'
)
INK, MUTED, GRID, BAR, PATH, TARGET = "#1f2328", "#59636e", "#d8dee4", "#3b6ea8", "#c2410c", "#7c2d12"


@dataclass(frozen=True)
class _Frame:
    """Where a year and a value land on the plot."""

    first: int
    slot: float  # the width of one year
    low: float
    high: float

    def x(self, year: float) -> float:
        return LEFT + (year - self.first + 0.5) * self.slot

    def y(self, value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (self.high - value) / (self.high - self.low)


def chart_svg(chart: Chart) -> Element:
    words = words_for(chart.lang)
    years = [bar.year for bar in chart.bars] + [year for year, _ in chart.path]
    if chart.target is not None:
        years.append(chart.target[0])
    first, last = min(years), max(years)
    values = [bar.value for bar in chart.bars] + [value for _, value in chart.path]
    if chart.target is not None:
        values.append(chart.target[1])
    low, high, step = _scale(min(0.0, *values), max(0.0, *values))
    frame = _Frame(first, (WIDTH - LEFT - RIGHT) / (last - first + 1), low, high)
    parts: list[Element | None] = [el("title", None, f"{chart.title} ({chart.unit})")]
    parts += _grid(frame, step, chart.lang)
    parts.append(el("text", {"x": LEFT - 8, "y": TOP - 14, "fill": MUTED}, chart.unit))
    parts += _year_axis(frame, last)
    parts += _bars(chart.bars, frame, chart.lang, words)
    if len(chart.path) > 1:
        points = " ".join(f"{frame.x(year):.1f},{frame.y(value):.1f}" for year, value in chart.path)
        style: dict[str, str | float | None] = {
            "fill": "none",
            "stroke": PATH,
            "stroke-width": 2,
            "stroke-dasharray": "6 4",
        }
        parts.append(el("polyline", {"points": points, **style}))
    if chart.target is not None:
        parts.append(_target(chart, frame))
    parts += _legend(chart, words)
    return el(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "width": WIDTH,
            "height": HEIGHT,
            "role": "img",
            "class": "chart",
            "font-family": FONT,
            "font-size": 12,
        },
        *parts,
    )


def _scale(low: float, high: float) -> tuple[float, float, float]:
    """Round axis ends and a tick step of 1, 2 or 5 × 10ⁿ giving about five ticks."""
    if high == low:
        high = low + 1
    raw = (high - low) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return math.floor(low / step) * step, math.ceil(high * 1.04 / step) * step, step


def _grid(frame: _Frame, step: float, lang: str) -> list[Element | None]:
    lines: list[Element | None] = []
    count = round((frame.high - frame.low) / step)
    for index in range(count + 1):
        value = frame.low + index * step
        at = frame.y(value)
        colour = MUTED if abs(value) < step / 1e6 else GRID
        lines.append(el("line", {"x1": LEFT, "x2": WIDTH - RIGHT, "y1": at, "y2": at, "stroke": colour}))
        label = number(value, lang, 2 if step < 1 else 0 if step >= 10 else 1)
        lines.append(el("text", {"x": LEFT - 8, "y": at + 4, "text-anchor": "end", "fill": MUTED}, label))
    return lines


def _year_axis(frame: _Frame, last: int) -> list[Element | None]:
    every = max(1, math.ceil(38 / frame.slot))
    bottom = HEIGHT - BOTTOM
    labels: list[Element | None] = []
    for year in range(frame.first, last + 1):
        if (year - frame.first) % every and year != last:
            continue
        at = frame.x(year)
        labels.append(el("text", {"x": at, "y": bottom + 18, "text-anchor": "middle", "fill": INK}, str(year)))
        labels.append(el("line", {"x1": at, "x2": at, "y1": bottom, "y2": bottom + 4, "stroke": MUTED}))
    return labels


def _bars(bars: tuple[ChartBar, ...], frame: _Frame, lang: str, words: dict[str, str]) -> list[Element | None]:
    slot, x, y = frame.slot, frame.x, frame.y
    width = min(slot * 0.62, 44)
    zero = y(0.0)
    drawn: list[Element | None] = []
    stacked: dict[int, int] = {}
    for bar in bars:
        top, bottom = sorted((y(bar.value), zero))
        left = x(bar.year) - width / 2
        tooltip = f"{bar.year}: {bar.label}"
        if bar.months is not None:
            tooltip = f"{bar.year} ({months_label(bar.months, lang)}): {bar.label}"
            shape = el(
                "rect",
                {
                    "x": left + 3,
                    "y": top,
                    "width": width - 6,
                    "height": max(bottom - top, 1),
                    "fill": "none",
                    "stroke": BAR,
                    "stroke-width": 1.5,
                    "stroke-dasharray": "4 3",
                },
                el("title", None, tooltip),
            )
        else:
            shape = el(
                "rect",
                {"x": left, "y": top, "width": width, "height": max(bottom - top, 1), "fill": BAR, "opacity": 0.85},
                el("title", None, tooltip),
            )
        if bar.breaks:
            edge = x(bar.year) - slot / 2
            drawn.append(
                el(
                    "line",
                    {"x1": edge, "x2": edge, "y1": TOP - 2, "y2": zero, "stroke": MUTED, "stroke-dasharray": "2 3"},
                )
            )
            # Above the plot, where no bar's value label can be.
            drawn.append(
                el(
                    "text",
                    {"x": edge, "y": TOP - 6, "text-anchor": "middle", "fill": MUTED, "font-size": 10},
                    words["chart_break"],
                )
            )
        drawn.append(shape)
        label = bar.label if bar.months is None else f"{bar.label} ({months_label(bar.months, lang)})"
        if _text_width(label, 11) <= slot * 0.98 + (8 if len(bars) < 6 else 0):
            level = stacked.get(bar.year, 0)
            stacked[bar.year] = level + 1
            above = top - 5 - 13 * level if bar.value >= 0 else bottom + 13 + 13 * level
            drawn.append(
                el("text", {"x": x(bar.year), "y": above, "text-anchor": "middle", "font-size": 11, "fill": INK}, label)
            )
    return drawn


def _target(chart: Chart, frame: _Frame) -> Element:
    assert chart.target is not None
    year, value = chart.target
    cx, cy = frame.x(year), frame.y(value)
    diamond = f"{cx:.1f},{cy - 7:.1f} {cx + 7:.1f},{cy:.1f} {cx:.1f},{cy + 7:.1f} {cx - 7:.1f},{cy:.1f}"
    return el("polygon", {"points": diamond, "fill": TARGET}, el("title", None, chart.goal))


def _legend(chart: Chart, words: dict[str, str]) -> list[Element | None]:
    entries: list[tuple[Element, str]] = [
        (el("rect", {"width": 14, "height": 10, "y": -9, "fill": BAR, "opacity": 0.85}), words["chart_legend_bar"])
    ]
    if any(bar.months is not None for bar in chart.bars):
        part = el(
            "rect", {"width": 14, "height": 10, "y": -9, "fill": "none", "stroke": BAR, "stroke-dasharray": "3 2"}
        )
        entries.append((part, words["chart_legend_part"]))
    if len(chart.path) > 1:
        line = el(
            "line",
            {"x1": 0, "x2": 18, "y1": -4, "y2": -4, "stroke": PATH, "stroke-width": 2, "stroke-dasharray": "6 4"},
        )
        entries.append((line, words["chart_legend_path"]))
    if chart.target is not None:
        diamond = el("polygon", {"points": "7,-11 13,-4 7,3 1,-4", "fill": TARGET})
        entries.append((diamond, f"{words['chart_legend_target']} {chart.goal}"))
    items: list[Element | None] = []
    offset = float(LEFT)
    for symbol, label in entries:
        items.append(
            el(
                "g",
                {"transform": f"translate({offset:.1f},{HEIGHT - 16})"},
                symbol,
                el("text", {"x": 22, "y": 0, "fill": MUTED, "font-size": 11}, label),
            )
        )
        offset += 22 + _text_width(label, 11) + 18
    return items


def _text_width(text: str, size: float) -> float:
    """A rough rendered width: wide (CJK) characters take a full em, others a little over half."""
    return sum(size if unicodedata.east_asian_width(char) in "WF" else size * 0.58 for char in text)
