"""`status --years`: the panel analysts ask for — one row per target, one column per year, each cell the
figure recorded for that year with its qualifier, and the goal in the last column (like hledger's
`balance -Y`).

The years run from the earliest baseline year of the targets shown (their earliest figure when none has a
baseline) to the latest year that holds a figure or a goal, never past the as-of year. A baseline counts as
the figure for its year when no actual is recorded for that year; a part-year figure (上半年, 1-9月) is
marked with the months it covers. In the table, when the width is short, the oldest years go first, then
the names; JSON and CSV always carry every year.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from shtarget.fileformat import SCHEMA_VERSION
from shtarget.model import Actual, Kind, Quantity, Series, Target
from shtarget.render import StatusReport
from shtarget.safe import csv_cell

if TYPE_CHECKING:
    from shtarget.render.layout import Cell, Line


@dataclass(frozen=True)
class Figure:
    """What is recorded for one year: a quantity, or a milestone's done / not done."""

    quantity: Quantity | None = None
    done: bool | None = None
    baseline: bool = False  # the baseline stands for the year (no actual recorded for it)
    months: int | None = None  # a part-year figure: the first `months` months of the year
    rate: float | None = None  # a real-growth target's yearly rate
    draft: bool = False  # proposed by `scan`, not yet reviewed: shown, marked


@dataclass(frozen=True)
class Row:
    figure: Target | Series
    values: dict[int, Figure]


@dataclass(frozen=True)
class Panel:
    years: tuple[int, ...]
    rows: tuple[Row, ...]


def build(report: StatusReport) -> Panel:
    figures: list[Target | Series] = [assessment.target for assessment in report.assessments]
    figures += report.series
    rows = tuple(Row(figure, _values(figure, report.as_of)) for figure in figures)
    baselines = [t.baseline.year for t in figures if isinstance(t, Target) and t.baseline is not None]
    recorded = [year for row in rows for year in row.values]
    goals = [t.goal.year for t in figures if isinstance(t, Target) and t.goal.year <= report.as_of]
    if not recorded and not baselines:
        return Panel((), rows)
    first = min(baselines) if baselines else min(recorded)
    last = max([*recorded, *goals, first])
    last = min(last, report.as_of)
    years = tuple(range(first, last + 1))
    shown = tuple(Row(row.figure, {y: v for y, v in row.values.items() if y in years}) for row in rows)
    return Panel(years, shown)


def _values(figure: Target | Series, as_of: int) -> dict[int, Figure]:
    values: dict[int, Figure] = {}
    if isinstance(figure, Target) and figure.baseline is not None and figure.baseline.value is not None:
        values[figure.baseline.year] = Figure(figure.baseline.value, baseline=True)
    for actual in figure.actuals:
        if actual.year <= as_of:
            values[actual.year] = _figure(actual)
    return dict(sorted(values.items()))


def _figure(actual: Actual) -> Figure:
    return Figure(actual.value, actual.done, months=actual.months, rate=actual.rate, draft=actual.draft)


# --- data -----------------------------------------------------------------------------------------------


def _goal(figure: Target | Series) -> dict[str, Any] | None:
    if isinstance(figure, Series):
        return None
    goal = figure.goal
    return {
        "year": goal.year,
        "value": goal.value.value if goal.value is not None else None,
        "op": None if figure.kind is Kind.MILESTONE else goal.op.value,
        "rate": goal.rate,
    }


def _kind(figure: Target | Series) -> str:
    return "series" if isinstance(figure, Series) else figure.kind.value


def render_json(report: StatusReport) -> str:
    from shtarget.render.json_format import dumps_lines

    panel = build(report)
    rows = []
    for row in panel.rows:
        figures: dict[str, Any] = {}
        for year in panel.years:
            value = row.values.get(year)
            figures[str(year)] = (
                None
                if value is None
                else {
                    "value": value.quantity.value if value.quantity is not None else None,
                    "qualifier": value.quantity.qualifier.value if value.quantity is not None else None,
                    "done": value.done,
                    "baseline": value.baseline,
                    "months": value.months,
                    # only where they are: a real-growth rate, a draft not yet reviewed
                    **({"rate": value.rate} if value.rate is not None else {}),
                    **({"draft": True} if value.draft else {}),
                }
            )
        figure = row.figure
        rows.append(
            {
                "id": figure.id,
                "name": figure.name,
                "name_en": figure.name_en,
                "unit": figure.unit,
                "kind": _kind(figure),
                "figures": figures,
                "target": _goal(figure),
            }
        )
    return dumps_lines({"schema": SCHEMA_VERSION, "as_of": report.as_of, "years": list(panel.years), "rows": rows})


def render_csv(report: StatusReport) -> str:
    """One row per target; per year a value column, a qualifier column (empty when exact) and a months
    column (empty for a full-year figure). Text cells are guarded against formula injection
    (`safe.csv_cell`); numbers stay numbers."""
    panel = build(report)
    columns = ["id", "name", "name_en", "unit", "kind"]
    for year in panel.years:
        columns += [str(year), f"{year}_qualifier", f"{year}_months"]
    columns += ["target_year", "target_value", "target_op", "target_rate"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in panel.rows:
        figure = row.figure
        cells: list[object] = [_text(figure.id), _text(figure.name), _text(figure.name_en), _text(figure.unit)]
        cells.append(_kind(figure))
        for year in panel.years:
            value = row.values.get(year)
            if value is None:
                cells += ["", "", ""]
                continue
            if value.rate is not None:
                cells += [value.rate, "rate"]
            elif value.quantity is None:
                cells += ["done" if value.done else "not done", ""]
            else:
                qualifier = value.quantity.qualifier.value
                cells += [value.quantity.value, "" if qualifier == "exact" else qualifier]
            cells.append(_blank(value.months))
        goal = _goal(figure) or {}
        cells += [_blank(goal.get("year")), _blank(goal.get("value")), _text(goal.get("op")), _blank(goal.get("rate"))]
        writer.writerow(cells)
    return out.getvalue()


def _text(value: str | None) -> str:
    return "" if value is None else csv_cell(value)


def _blank(value: object) -> object:
    return "" if value is None else value


# --- the terminal table ---------------------------------------------------------------------------------


def render_table(report: StatusReport) -> str:
    from shtarget.render.layout import to_text
    from shtarget.render.table import legend_lines, title_lines

    lang = "en" if report.lang == "en" else "zh"
    panel = build(report)
    lines: list[Line] = [*title_lines(report.title, report.as_of, lang, report.width), ()]
    lines += _panel_lines(panel, lang, report.width)
    if report.legend and panel.rows:
        lines += [(), *legend_lines(report, lang, report.width, ("signs", "years"))]
    return to_text(lines, report.color)


def _panel_lines(panel: Panel, lang: str, room: int) -> list[Line]:
    from shtarget.render.layout import Column, atom, fit, table_lines

    if not panel.rows:
        return []
    header = {"zh": ("指标", "目标"), "en": ("Target", "Goal")}[lang]
    longest_id = max(len(row.figure.id) for row in panel.rows)
    goal_cells = [_goal_cell(row.figure, lang) for row in panel.rows]
    named = [_first_cell(row.figure, lang) for row in panel.rows]
    bare = [(atom(row.figure.id, "dim"),) for row in panel.rows]
    # The oldest years go first; below three years, the names go; below three years without names, the
    # table gives way to a block per target.
    count = len(panel.years)
    least = min(count, 3)
    attempts = [(True, n) for n in range(count, least - 1, -1)] + [(False, n) for n in range(count, least - 1, -1)]
    for with_names, count in attempts:
        years = panel.years[-count:]
        first = (
            Column(header[0], max_lines=2, flexible=True, least=max(longest_id, 16))
            if with_names
            else Column(header[0])
        )
        columns = [first, *(Column(str(year), align="right") for year in years), Column(header[1], align="right")]
        rows = [
            [lead, *(_year_cell(row, year, lang) for year in years), goal]
            for row, lead, goal in zip(panel.rows, named if with_names else bare, goal_cells, strict=True)
        ]
        fitted = fit(columns, rows, room)
        if fitted is not None:
            return table_lines(columns, rows, fitted.widths)
    return _compact(panel, lang, room)


def _first_cell(figure: Target | Series, lang: str) -> Cell:
    from shtarget.render.layout import atom, words

    name = words(figure.display_name(lang))
    if not name:
        return (atom(figure.id, "dim"),)
    return (atom(figure.id, "dim"), name[0]._replace(glue="  "), *name[1:])


def _goal_cell(figure: Target | Series, lang: str) -> Cell:
    from shtarget.render.labels import goal_figure
    from shtarget.render.layout import cell

    if isinstance(figure, Series):
        return cell("—")
    return cell(goal_figure(figure, lang), f"({figure.goal.year})")


def _year_cell(row: Row, year: int, lang: str) -> Cell:
    from shtarget.render.labels import figure_text, months_text
    from shtarget.render.layout import cell
    from shtarget.render.words import draft_word, valueless_word

    value = row.values.get(year)
    if value is None:
        return ()
    marks = [f"({months_text(value.months, lang)})"] if value.months is not None else []
    marks += [f"({draft_word(lang)})"] if value.draft else []  # shown, never assessed until reviewed
    if value.quantity is None:
        return cell(valueless_word(value.done, value.rate, lang), *marks)
    unit_en = row.figure.unit_en if isinstance(row.figure, Target) else None  # a series names no count
    return cell(figure_text(value.quantity, row.figure.unit, lang, unit_en), *marks)


def _compact(panel: Panel, lang: str, room: int) -> list[Line]:
    """Too narrow for three year columns: per target, its id, name and goal on one line, then its figures,
    newest first, as many as fit on the next."""
    from shtarget.render.layout import Atom, atom, flow, group, line_width, rstrip, words

    lines: list[Line] = []
    for row in panel.rows:
        goal = group(_goal_cell(row.figure, lang), room)
        (goal_line, *_) = flow(goal, room)
        goal_width = line_width(goal_line)
        name = words(row.figure.display_name(lang))
        head = (atom(row.figure.id, "dim"), *(a._replace(glue="  ") if i == 0 else a for i, a in enumerate(name)))
        head_room = room - goal_width - 2
        if head_room >= len(row.figure.id):
            (head_line, *_) = flow(head, head_room, max_lines=1)
            padding = room - line_width(head_line) - goal_width
            lines.append(rstrip((*head_line, (" " * padding, ""), *goal_line)))
        else:
            lines += flow((atom(row.figure.id, "dim"), *(a._replace(glue="  ") for a in goal[:1]), *goal[1:]), room)
        figures: list[Atom] = []
        used = 2
        for year in reversed(panel.years):
            content = _year_cell(row, year, lang)
            if not content:
                continue
            (item,) = group((atom(str(year), "dim"), *content), room)
            needed = item.width + (2 if figures else 0)
            if used + needed > room:
                break
            figures.append(item._replace(glue="  "))
            used += needed
        if figures:
            lines += [rstrip((("  ", ""), *line)) for line in flow(tuple(figures), room - 2, max_lines=1)]
    return lines
