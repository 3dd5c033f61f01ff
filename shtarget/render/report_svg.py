"""A target's chart as inline SVG: recorded figures as bars on a year axis (a year without a figure is an
empty slot, never a zero bar; a single figure is a point), part-year figures as dashed outlines, the path to
the target as a dashed line while the goal lies ahead, the goal's level as a line once it is reached (marked
"reached") or kept, the target as a diamond, a break in the series as a dotted rule, readable axes with the
unit, and a legend. Drawn by shtarget alone: no script, no font or image to fetch.

The axis spans the baseline, the figures, the path and the goal. Labels are placed, not just drawn: each
text's box is measured (`text_width`) and a label that would cover the goal's mark, another label or a bar
moves (above the mark, inside its bar) or, with nowhere to go, is left to the bar's tooltip.
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
LEGEND_ROW = 18
FONT = (
    'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Helvetica Neue", Arial, "Noto Sans CJK SC", '
    '"Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif'
)
INK, MUTED, GRID, BAR, PATH, TARGET, MET = "#1f2328", "#59636e", "#d8dee4", "#3b6ea8", "#c2410c", "#7c2d12", "#1a7f37"
# A narrow character's advance as a share of the font size: DejaVu Sans' digits (0.636 em), the widest in the
# stack a Linux reader falls back to; wide (CJK) characters take a full em.
NARROW_EM = 0.64


def text_width(text: str, size: float) -> float:
    """The width a text takes at `size`, measured generously so that boxes kept apart never touch."""
    return sum(size if unicodedata.east_asian_width(char) in "WF" else size * NARROW_EM for char in text)


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )


def text_box(x: float, y: float, text: str, size: float, anchor: str = "start") -> Box:
    """The box a text drawn at (x, y) — its baseline — covers: from its ascent to its descent."""
    width = text_width(text, size)
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return Box(left, y - size * 0.9, left + width, y + size * 0.25)


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


class _Placer:
    """The boxes already taken; a label goes to the first of its places that is free and on the canvas."""

    def __init__(self, width: float, height: float) -> None:
        self.taken: list[Box] = []
        self.canvas = Box(0, 0, width, height)

    def take(self, box: Box) -> None:
        self.taken.append(box)

    def free(self, box: Box) -> bool:
        inside = (
            box.left >= self.canvas.left
            and box.right <= self.canvas.right
            and box.top >= self.canvas.top
            and box.bottom <= self.canvas.bottom
        )
        return inside and not any(box.overlaps(other) for other in self.taken)

    def place(
        self, candidates: list[tuple[float, float, str]], text: str, size: float
    ) -> tuple[float, float, str] | None:
        for x, y, anchor in candidates:
            box = text_box(x, y, text, size, anchor)
            if self.free(box):
                self.take(box)
                return x, y, anchor
        return None


def chart_svg(chart: Chart) -> Element:
    words = words_for(chart.lang)
    years = [bar.year for bar in chart.bars] + [year for year, _ in chart.path]
    if chart.target is not None:
        years.append(chart.target[0])
    first, last = min(years), max(years)
    values = [bar.value for bar in chart.bars] + [value for _, value in chart.path]
    if chart.target is not None:
        values.append(chart.target[1])
    if chart.goal_line is not None:
        values.append(chart.goal_line)
    low, high, step = _scale(min(0.0, *values), max(0.0, *values))
    frame = _Frame(first, (WIDTH - LEFT - RIGHT) / (last - first + 1), low, high)
    legend, legend_rows = _legend(chart, words)
    height = HEIGHT + LEGEND_ROW * (legend_rows - 1)
    placer = _Placer(WIDTH, height)
    parts: list[Element | None] = [el("title", None, f"{chart.title} ({chart.unit})")]
    parts += _grid(frame, step, chart.lang, placer)
    parts.append(_label(placer, [(LEFT - 8, TOP - 24, "start")], chart.unit, 12, MUTED))
    parts += _year_axis(frame, last, placer)
    full_year = [bar for bar in chart.bars if bar.months is None]
    single = len(full_year) == 1
    shapes, boxes = _shapes(chart.bars, frame, chart.lang, single)
    parts += shapes
    if len(chart.path) > 1:
        points = " ".join(f"{frame.x(year):.1f},{frame.y(value):.1f}" for year, value in chart.path)
        style: dict[str, str | float | None] = {
            "fill": "none",
            "stroke": PATH,
            "stroke-width": 2,
            "stroke-dasharray": "6 4",
            "class": "path",
        }
        parts.append(el("polyline", {"points": points, **style}))
    goal_box = None
    if chart.target is not None:
        diamond, goal_box = _target(chart, frame)
        parts.append(diamond)
        placer.take(goal_box)
    parts += _breaks(chart.bars, frame, words, placer)
    for box in boxes.values():
        placer.take(box)
    if chart.goal_line is not None:
        parts += _goal_line(chart, frame, words, placer)
    parts += _bar_labels(chart.bars, frame, chart.lang, boxes, placer, single)
    parts += legend
    return el(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": WIDTH,
            "height": height,
            "role": "img",
            "class": "chart",
            "font-family": FONT,
            "font-size": 12,
        },
        *parts,
    )


def _label(
    placer: _Placer, candidates: list[tuple[float, float, str]], text: str, size: float, fill: str, **extra: str
) -> Element | None:
    spot = placer.place(candidates, text, size)
    if spot is None:
        return None
    x, y, anchor = spot
    attributes: dict[str, str | float | None] = {"x": round(x, 1), "y": round(y, 1), "fill": fill}
    if anchor != "start":
        attributes["text-anchor"] = anchor
    if size != 12:
        attributes["font-size"] = size
    return el("text", {**attributes, **extra}, text)


def _scale(low: float, high: float) -> tuple[float, float, float]:
    """Round axis ends and a tick step of 1, 2 or 5 × 10ⁿ giving about five ticks, with room above the
    highest value for its label."""
    if high == low:
        high = low + 1
    raw = (high - low) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    top = high + (high - low) * 0.12
    return math.floor(low / step) * step, math.ceil(top / step) * step, step


def _grid(frame: _Frame, step: float, lang: str, placer: _Placer) -> list[Element | None]:
    lines: list[Element | None] = []
    count = round((frame.high - frame.low) / step)
    for index in range(count + 1):
        value = frame.low + index * step
        at = frame.y(value)
        colour = MUTED if abs(value) < step / 1e6 else GRID
        lines.append(
            el("line", {"x1": LEFT, "x2": WIDTH - RIGHT, "y1": at, "y2": at, "stroke": colour, "class": "grid"})
        )
        label = number(value, lang, 2 if step < 1 else 0 if step >= 10 else 1)
        lines.append(_label(placer, [(LEFT - 8, at + 4, "end")], label, 12, MUTED))
    return lines


def _year_axis(frame: _Frame, last: int, placer: _Placer) -> list[Element | None]:
    every = max(1, math.ceil((text_width("2025", 12) + 8) / frame.slot))
    bottom = HEIGHT - BOTTOM
    labels: list[Element | None] = []
    for year in range(frame.first, last + 1):
        if (year - frame.first) % every and year != last:
            continue
        at = frame.x(year)
        labels.append(_label(placer, [(at, bottom + 18, "middle")], str(year), 12, INK))
        labels.append(el("line", {"x1": at, "x2": at, "y1": bottom, "y2": bottom + 4, "stroke": MUTED}))
    return labels


def _shapes(
    bars: tuple[ChartBar, ...], frame: _Frame, lang: str, single: bool
) -> tuple[list[Element | None], dict[int, Box]]:
    """Each figure's bar (or, for a single figure, its point), and the boxes they cover, by index."""
    slot, x, y = frame.slot, frame.x, frame.y
    width = min(slot * 0.62, 44)
    zero = y(0.0)
    drawn: list[Element | None] = []
    boxes: dict[int, Box] = {}
    for index, bar in enumerate(bars):
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
                    "class": "bar",
                },
                el("title", None, tooltip),
            )
            boxes[index] = Box(left + 3, top, left + width - 3, max(bottom, top + 1))
        elif single:
            cy = y(bar.value)
            shape = el(
                "circle",
                {"cx": x(bar.year), "cy": cy, "r": 5, "fill": BAR, "class": "point"},
                el("title", None, tooltip),
            )
            boxes[index] = Box(x(bar.year) - 5, cy - 5, x(bar.year) + 5, cy + 5)
        else:
            shape = el(
                "rect",
                {
                    "x": left,
                    "y": top,
                    "width": width,
                    "height": max(bottom - top, 1),
                    "fill": BAR,
                    "opacity": 0.85,
                    "class": "bar",
                },
                el("title", None, tooltip),
            )
            boxes[index] = Box(left, top, left + width, max(bottom, top + 1))
        drawn.append(shape)
    return drawn, boxes


def _breaks(bars: tuple[ChartBar, ...], frame: _Frame, words: dict[str, str], placer: _Placer) -> list[Element | None]:
    drawn: list[Element | None] = []
    zero = frame.y(0.0)
    for bar in bars:
        if not bar.breaks:
            continue
        edge = frame.x(bar.year) - frame.slot / 2
        drawn.append(
            el("line", {"x1": edge, "x2": edge, "y1": TOP - 2, "y2": zero, "stroke": MUTED, "stroke-dasharray": "2 3"})
        )
        # Above the plot, where no bar's value label can be.
        drawn.append(
            _label(placer, [(edge, TOP - 6, "middle"), (edge + 2, TOP - 6, "start")], words["chart_break"], 10, MUTED)
        )
    return drawn


def _goal_line(chart: Chart, frame: _Frame, words: dict[str, str], placer: _Placer) -> list[Element | None]:
    """The goal's level across the plot, and "✓ reached" on it where a figure has reached it."""
    assert chart.goal_line is not None
    at = frame.y(chart.goal_line)
    colour = MET if chart.met else TARGET
    drawn: list[Element | None] = [
        el(
            "line",
            {
                "x1": LEFT,
                "x2": WIDTH - RIGHT,
                "y1": at,
                "y2": at,
                "stroke": colour,
                "stroke-width": 1.5,
                "stroke-dasharray": "8 3 2 3",
                "class": "goal-line",
            },
            el("title", None, chart.goal),
        )
    ]
    if chart.met:
        mark = words["chart_met"]
        candidates = [
            (LEFT + 6, at - 5, "start"),
            (LEFT + 6, at + 14, "start"),
            (WIDTH - RIGHT - 4, at - 5, "end"),
            (WIDTH - RIGHT - 4, at + 14, "end"),
            ((LEFT + WIDTH - RIGHT) / 2, at - 5, "middle"),
            ((LEFT + WIDTH - RIGHT) / 2, at + 14, "middle"),
        ]
        drawn.append(_label(placer, candidates, mark, 11, MET, **{"font-weight": "600", "class": "met"}))
    return drawn


def _bar_labels(
    bars: tuple[ChartBar, ...], frame: _Frame, lang: str, boxes: dict[int, Box], placer: _Placer, single: bool
) -> list[Element | None]:
    """Each figure's value: above its bar (a point: beside it), else higher up (above the goal's mark), else
    inside the bar in white; left to the tooltip when no place is free."""
    drawn: list[Element | None] = []
    for index, bar in enumerate(bars):
        label = bar.label if bar.months is None else f"{bar.label} ({months_label(bar.months, lang)})"
        box = boxes[index]
        cx = frame.x(bar.year)
        placer.taken.remove(box)  # a bar's own label may touch it
        if bar.value >= 0:
            candidates = [(cx, box.top - 5 - 13 * level, "middle") for level in range(6)]
        else:
            candidates = [(cx, box.bottom + 13 + 13 * level, "middle") for level in range(6)]
        if single and bar.months is None:  # a point: above it (the path leaves it to the right), else beside
            candidates[1:1] = [(box.left - 4, box.bottom - 1, "end"), (box.right + 4, box.bottom - 1, "start")]
        outside = len(candidates)
        if not single and bar.months is None and box.bottom - box.top > 18:
            candidates.append((cx, box.top + 14, "middle"))
        spot = placer.place(candidates, label, 11)
        placer.take(box)
        if spot is None:
            continue
        x, y, anchor = spot
        fill = "#ffffff" if candidates.index(spot) >= outside else INK
        drawn.append(
            el(
                "text",
                {"x": round(x, 1), "y": round(y, 1), "text-anchor": anchor, "font-size": 11, "fill": fill},
                label,
            )
        )
    return drawn


def _target(chart: Chart, frame: _Frame) -> tuple[Element, Box]:
    assert chart.target is not None
    year, value = chart.target
    cx, cy = frame.x(year), frame.y(value)
    diamond = f"{cx:.1f},{cy - 7:.1f} {cx + 7:.1f},{cy:.1f} {cx:.1f},{cy + 7:.1f} {cx - 7:.1f},{cy:.1f}"
    mark = el("polygon", {"points": diamond, "fill": TARGET, "class": "goal"}, el("title", None, chart.goal))
    return mark, Box(cx - 8, cy - 8, cx + 8, cy + 8)


def _legend(chart: Chart, words: dict[str, str]) -> tuple[list[Element | None], int]:
    """The legend's entries in rows under the plot (a long goal wraps to a new row), and the number of rows."""
    full_year = [bar for bar in chart.bars if bar.months is None]
    if len(full_year) == 1:
        figure = el("circle", {"cx": 7, "cy": -4, "r": 5, "fill": BAR})
    else:
        figure = el("rect", {"width": 14, "height": 10, "y": -9, "fill": BAR, "opacity": 0.85})
    entries: list[tuple[Element, str]] = [(figure, words["chart_legend_bar"])]
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
    if chart.goal_line is not None:
        colour = MET if chart.met else TARGET
        line = el(
            "line",
            {
                "x1": 0,
                "x2": 18,
                "y1": -4,
                "y2": -4,
                "stroke": colour,
                "stroke-width": 1.5,
                "stroke-dasharray": "8 3 2 3",
            },
        )
        label = words["chart_legend_goal_line"]
        if chart.target is None:
            label += f" {chart.goal}"
        entries.append((line, label))
    if chart.target is not None:
        diamond = el("polygon", {"points": "7,-11 13,-4 7,3 1,-4", "fill": TARGET})
        entries.append((diamond, f"{words['chart_legend_target']} {chart.goal}"))
    items: list[Element | None] = []
    offset, row = float(LEFT), 0
    for symbol, label in entries:
        size = 22 + text_width(label, 11)
        if offset > LEFT and offset + size > WIDTH - RIGHT:
            offset, row = float(LEFT), row + 1
        items.append(
            el(
                "g",
                {"transform": f"translate({offset:.1f},{HEIGHT - 16 + LEGEND_ROW * row})"},
                symbol,
                el("text", {"x": 22, "y": 0, "fill": MUTED, "font-size": 11}, label),
            )
        )
        offset += size + 18
    return items, row + 1
