"""`shtarget show`: one target in depth — definition, every figure with its source and quote line, the
computed figures, the status and why, and a small text chart of the actuals against the target's path.

The text is plain (it reads the same in a pipe); on a terminal the CLI hands it to Rich for colour.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any

from shtarget.assess import path_value
from shtarget.model import Assessment, Citation, Dataset, Kind, Qualifier
from shtarget.quantity import format_quantity
from shtarget.reasons import explain
from shtarget.render.export_format import target_record
from shtarget.render.labels import describe_goal, status_word, word

CHART_WIDTH = 30


@dataclass(frozen=True)
class TargetView:
    """One assessed target with what `show` needs around it."""

    dataset: Dataset
    assessment: Assessment
    quote_lines: dict[tuple[str, str], int]
    lang: str = "zh"


def render_text(view: TargetView) -> str:
    assessment, lang = view.assessment, view.lang
    target = assessment.target
    plan = view.dataset.plans[target.plan]
    lines = [f"{target.id} · {target.name}"]
    if target.name_en:
        lines.append(target.name_en)
    period = f", {plan.period[0]}–{plan.period[1]}" if plan.period else ""
    plan_name = plan.name_en if lang == "en" and plan.name_en else plan.name
    lines.append(f"{word('plan', lang)}: {plan_name} ({plan.id}{period}) · {word('kind', lang)}: {target.kind}")
    if target.unit:
        lines.append(f"{word('unit', lang)}: {target.unit}")
    if target.note:
        lines.append(f"{word('note', lang)}: {target.note}")
    lines += ["", f"{word('target', lang)}: {describe_goal(assessment, lang)}"]
    for index, citation in enumerate(target.evidence):
        lines.append("  " + _cited(view, citation, f"evidence[{index}]"))
    baseline = target.baseline
    if baseline is not None:
        shown = (
            format_quantity(baseline.value.value, target.unit, lang, baseline.value.qualifier)
            if baseline.value is not None
            else "?"
        )
        lines.append(f"{word('baseline', lang)}: {shown} ({baseline.year})")
        if baseline.citation is not None:
            lines.append("  " + _cited(view, baseline.citation, "baseline"))
        if baseline.note:
            lines.append(f"  {word('note', lang)}: {baseline.note}")
    lines += ["", f"{word('actuals', lang)}:" if target.actuals else f"{word('actuals', lang)}: {word('none', lang)}"]
    for actual in target.actuals:
        if actual.value is not None:
            shown = format_quantity(actual.value.value, target.unit, lang, actual.value.qualifier)
        else:
            shown = ("done" if actual.done else "not done") if lang == "en" else ("已完成" if actual.done else "未完成")
        lines.append(f"  {actual.year}  {shown}")
        if actual.citation is not None:
            lines.append("        " + _cited(view, actual.citation, f"actual {actual.year}"))
        if actual.note:
            lines.append(f"        {word('note', lang)}: {actual.note}")
    lines += ["", f"{word('figures', lang)} ({word('as_of', lang)} {assessment.as_of}):"]
    lines += ["  " + line for line in _figure_lines(assessment, lang)]
    reason = explain(assessment.reason, lang)
    lines += ["", f"{word('status', lang)}: {status_word(assessment.status, lang)} — {reason}"]
    chart = chart_lines(assessment, lang)
    if chart:
        lines += ["", f"{word('chart', lang)}:"] + ["  " + line for line in chart]
    return "\n".join(lines) + "\n"


def render_json(view: TargetView) -> str:
    record: dict[str, Any] = target_record(view.assessment)
    record["quote_lines"] = {field: line for (tid, field), line in view.quote_lines.items() if tid == record["id"]}
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def _cited(view: TargetView, citation: Citation, field: str) -> str:
    source = view.dataset.sources.get(citation.source or "")
    where = citation.source or "?"
    if source is not None and source.path is not None:
        line = view.quote_lines.get((view.assessment.target.id, field))
        where = f"{source.path}#L{line}" if line else source.path
    elif source is not None and source.url is not None:
        where = source.url
    quote = f"«{citation.quote}» " if citation.quote else ""
    return f"{quote}— {citation.source} ({where})"


def _figure_lines(assessment: Assessment, lang: str) -> list[str]:
    figures, target = assessment.figures, assessment.target
    if target.kind is Kind.MILESTONE:
        return [word("none", lang)]

    def percent(value: float | None) -> str:
        return "—" if value is None else f"{value:.1%}"

    def amount(value: float | None) -> str:
        return "—" if value is None else format_quantity(value, target.unit, lang)

    rows = [
        (word("progress", lang), percent(figures.progress)),
        (word("elapsed", lang), percent(figures.elapsed)),
        (word("gap", lang), amount(figures.gap)),
        (word("required_growth", lang), percent(figures.required_growth)),
        (word("actual_growth", lang), percent(figures.actual_growth)),
        (word("projected", lang), amount(figures.projected)),
        (word("ratio", lang), "—" if figures.ratio is None else f"{figures.ratio:.2f}"),
        (word("on_pace", lang), "—" if figures.on_pace is None else word("yes" if figures.on_pace else "no", lang)),
    ]
    if figures.required_change is not None:
        rows.insert(4, (word("required_change", lang), f"{figures.required_change:+.2f}"))
    width = max(display_width(label) for label, _ in rows)
    return [f"{label}{' ' * (width - display_width(label))}  {value}" for label, value in rows]


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def chart_lines(assessment: Assessment, lang: str) -> list[str]:
    """A bar per year from the base to the target year: █ the actual, │ where the path stands."""
    target, figures = assessment.target, assessment.figures
    if target.kind is Kind.MILESTONE:
        return []
    shown = [a for a in target.actuals if a.value is not None and a.year <= assessment.as_of]
    values = {a.year: a.value.value for a in shown if a.value is not None}
    qualifiers = {a.year: a.value.qualifier for a in shown if a.value is not None}
    if figures.base_year is not None and figures.base_value is not None:
        values.setdefault(figures.base_year, figures.base_value)
    if not values:
        return []
    first = min(values)
    last = max(max(values), target.goal.year)
    path = {year: path_value(assessment, year) for year in range(first, last + 1)}
    top = max([v for v in values.values()] + [v for v in path.values() if v is not None] + [0.0])
    if top <= 0:
        return []
    lines = []
    for year in range(first, last + 1):
        cells = [" "] * CHART_WIDTH
        value = values.get(year)
        if value is not None and value > 0:
            cells[: max(1, round(value / top * CHART_WIDTH))] = ["█"] * max(1, round(value / top * CHART_WIDTH))
        along = path.get(year)
        if along is not None and along > 0:
            mark = min(CHART_WIDTH - 1, max(0, round(along / top * CHART_WIDTH) - 1))
            cells[mark] = "│" if cells[mark] == " " else "┃"
        label = (
            format_quantity(value, target.unit, lang, qualifiers.get(year, Qualifier.EXACT))
            if value is not None
            else ""
        )
        lines.append(f"{year} {''.join(cells)} {label}".rstrip())
    legend = "█ actual  │ path to the target" if lang == "en" else "█ 实际值  │ 达标路径"
    return [*lines, legend]
