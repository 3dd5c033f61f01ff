"""`shtarget show`: one target (or context series) in depth — definition, every figure with its source and
quote line, the computed figures, the status and why, and a small text chart of the figures against the
target's path.

Figures are printed exactly as recorded (17,012家), with the rounded reading beside them where it differs
(1.7万家); English shows the units English readers use (1,064.119 bn yuan, 17,012 firms). The text is plain
(it reads the same in a pipe), and every line passes through `safe.visible`, so nothing from the data can
act on the terminal.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any

from shtarget.assess import path_value
from shtarget.model import Actual, Assessment, Citation, Dataset, Kind, Qualifier, Quantity, Series, Status, Target
from shtarget.quantity import format_exact, format_figure, format_number, reading_scale
from shtarget.reasons import explain
from shtarget.render.export_format import series_entry, target_record
from shtarget.render.labels import goal_figure, months_text, plan_name, trend_phrase, word
from shtarget.render.words import status_word, valueless_word
from shtarget.safe import json_safe, visible

CHART_WIDTH = 30
KIND_WORDS = {
    "zh": {
        "level": "水平",
        "growth": "增速",
        "increase": "提升",
        "milestone": "里程碑",
        "series": "背景数据（无目标）",
    },
    "en": {
        "level": "level",
        "growth": "growth",
        "increase": "increase",
        "milestone": "milestone",
        "series": "context series (no target)",
    },
}


@dataclass(frozen=True)
class TargetView:
    """One assessed target with what `show` needs around it."""

    dataset: Dataset
    assessment: Assessment
    quote_lines: dict[tuple[str, str], int]
    lang: str = "zh"


@dataclass(frozen=True)
class SeriesView:
    """One context series (figures with no target of their own)."""

    dataset: Dataset
    series: Series
    quote_lines: dict[tuple[str, str], int]
    lang: str = "zh"


def render_text(view: TargetView | SeriesView) -> str:
    lines = _series_lines(view) if isinstance(view, SeriesView) else _target_lines(view)
    return "".join(visible(line).rstrip() + "\n" for line in lines)


def render_json(view: TargetView | SeriesView) -> str:
    if isinstance(view, SeriesView):
        record: dict[str, Any] = series_entry(view.series)
        figure_id = view.series.id
    else:
        record = target_record(view.assessment)
        figure_id = view.assessment.target.id
    record["quote_lines"] = {field: line for (fid, field), line in view.quote_lines.items() if fid == figure_id}
    return json_safe(json.dumps(record, ensure_ascii=False, indent=2)) + "\n"


def _names(figure_id: str, name: str, name_en: str | None, lang: str) -> list[str]:
    """The id and name in the reader's language first, the other language's name below it."""
    if lang == "en" and name_en:
        return [f"{figure_id} · {name_en}", name]
    return [f"{figure_id} · {name}", *([name_en] if name_en else [])]


def _unit_line(unit: str, lang: str, unit_en: str | None = None) -> list[str]:
    if not unit:
        return []
    label = reading_scale(unit, lang, unit_en)[1]
    shown = unit if label == unit.strip() else f"{label} ({unit})"
    return [f"{word('unit', lang)}: {shown}"]


def _target_lines(view: TargetView) -> list[str]:
    assessment, lang = view.assessment, view.lang
    target = assessment.target
    plan = view.dataset.plans[target.plan]
    lines = _names(target.id, target.name, target.name_en, lang)
    period = f", {plan.period[0]}–{plan.period[1]}" if plan.period else ""
    kind = KIND_WORDS["en" if lang == "en" else "zh"][target.kind.value]
    lines.append(f"{word('plan', lang)}: {plan_name(plan, lang)} ({plan.id}{period}) · {word('kind', lang)}: {kind}")
    lines += _unit_line(target.unit, lang, target.unit_en)
    if target.scope:
        lines.append(f"{word('scope', lang)}: {target.scope}")
    lines += _nature_lines(target, lang)
    if target.note:
        lines.append(f"{word('note', lang)}: {target.note}")
    lines += ["", f"{word('target', lang)}: {goal_figure(target, lang)} ({target.goal.year})"]
    for index, citation in enumerate(target.evidence):
        lines.append("  " + _cited(view, target.id, citation, f"evidence[{index}]"))
    baseline = target.baseline
    if baseline is not None:
        shown = exact_text(baseline.value, target.unit, lang, target.unit_en) if baseline.value is not None else "?"
        lines.append(f"{word('baseline', lang)}: {shown} ({baseline.year})")
        if baseline.citation is not None:
            lines.append("  " + _cited(view, target.id, baseline.citation, "baseline"))
        if baseline.note:
            lines.append(f"  {word('note', lang)}: {baseline.note}")
    lines += _actual_lines(view, target.id, target.actuals, target.unit, lang, target.unit_en)
    lines += ["", f"{word('figures', lang)} ({word('as_of', lang)} {assessment.as_of}):"]
    lines += ["  " + line for line in _figure_lines(assessment, lang)]
    status = status_word(assessment.status, lang)
    if assessment.status is Status.AWAITING_DATA and assessment.trend is not None:
        status += " · " + trend_phrase(assessment.trend, lang)
    lines += ["", f"{word('status', lang)}: {status} — {explain(assessment.reason, lang, assessment.target.unit)}"]
    chart = chart_lines(assessment, lang)
    if chart:
        lines += ["", f"{word('chart', lang)}:"] + ["  " + line for line in chart]
    return lines


def _series_lines(view: SeriesView) -> list[str]:
    series, lang = view.series, view.lang
    lines = _names(series.id, series.name, series.name_en, lang)
    lines.append(f"{word('kind', lang)}: {KIND_WORDS['en' if lang == 'en' else 'zh']['series']}")
    lines += _unit_line(series.unit, lang)
    if series.note:
        lines.append(f"{word('note', lang)}: {series.note}")
    lines += _actual_lines(view, series.id, series.actuals, series.unit, lang)
    values = {a.year: a.value for a in series.actuals if a.value is not None}
    chart = _chart({year: q.value for year, q in values.items()}, {}, series.unit, lang, values)
    if chart:
        lines += ["", f"{word('chart', lang)}:"] + ["  " + line for line in chart]
    return lines


def _actual_lines(
    view: TargetView | SeriesView,
    figure_id: str,
    actuals: tuple[Actual, ...],
    unit: str,
    lang: str,
    unit_en: str | None = None,
) -> list[str]:
    lines = ["", f"{word('actuals', lang)}:" if actuals else f"{word('actuals', lang)}: {word('none', lang)}"]
    for actual in actuals:
        shown = (
            exact_text(actual.value, unit, lang, unit_en)
            if actual.value is not None
            else valueless_word(actual.done, actual.rate, lang)
        )
        marks = [months_text(actual.months, lang)] if actual.months is not None else []
        marks += [actual.scope] if actual.scope else []
        marks += [word("break", lang)] if actual.breaks else []
        marks += [word("draft", lang)] if actual.draft else []
        lines.append(f"  {actual.year}  {' · '.join([shown, *marks])}")
        if actual.citation is not None:
            lines.append("        " + _cited(view, figure_id, actual.citation, f"actual {actual.year}"))
        if actual.note:
            lines.append(f"        {word('note', lang)}: {actual.note}")
    return lines


def exact_text(quantity: Quantity, unit: str, lang: str, unit_en: str | None = None) -> str:
    """The figure to its last recorded digit, and the rounded reading beside it where that differs:
    "17,012家（1.7万家）"; in English "1,064.119 bn yuan (1,064.1 bn yuan)", "17,012 firms"."""
    exact = format_exact(quantity.value, unit, lang, quantity.qualifier, unit_en)
    rounded = format_figure(quantity.value, unit, lang, quantity.qualifier, unit_en)
    if rounded == exact or rounded == exact.replace(",", ""):
        return exact
    return f"{exact} ({rounded})" if lang == "en" else f"{exact}（{rounded}）"


def _cited(view: TargetView | SeriesView, figure_id: str, citation: Citation, field: str) -> str:
    source = view.dataset.sources.get(citation.source or "")
    where = citation.source or "?"
    if source is not None and source.path is not None:
        line = view.quote_lines.get((figure_id, field))
        where = f"{source.path}#L{line}" if line else source.path
    elif source is not None and source.url is not None:
        read = f"; {'retrieved' if view.lang == 'en' else '访问于'} {source.retrieved}" if source.retrieved else ""
        where = source.url + read
    quote = f"«{citation.quote}» " if citation.quote else ""
    return f"{quote}— {citation.source} ({where})"


NATURE_WORDS = {
    "en": {"binding": "binding", "expected": "expected (indicative)", "aspirational": "aspirational (力争)",
           "nature": "Nature", "draft": "Draft: proposed by extract, not yet reviewed",
           "real": "Growth at comparable prices (real), judged on the published yearly rates"},
    "zh": {"binding": "约束性", "expected": "预期性", "aspirational": "力争", "nature": "属性",
           "draft": "草稿：由 extract 提出，尚未审核", "real": "按可比价格计算的增长，依据公布的年度增速判断"},
}  # fmt: skip


def _nature_lines(target: Target, lang: str) -> list[str]:
    """What kind of commitment the goal is, where the data says: binding or expected, aspirational (力争),
    real growth, a draft."""
    words = NATURE_WORDS["en" if lang == "en" else "zh"]
    natures = [words[target.nature]] if target.nature else []
    natures += [words["aspirational"]] if target.aspirational else []
    lines = [f"{words['nature']}: {', '.join(natures)}"] if natures else []
    lines += [words["real"]] if target.basis == "real" else []
    return lines + ([words["draft"]] if target.draft else [])


def _figure_lines(assessment: Assessment, lang: str) -> list[str]:
    figures, target = assessment.figures, assessment.target
    if target.kind is Kind.MILESTONE:
        return [word("none", lang)]

    def percent(value: float | None) -> str:
        return "—" if value is None else f"{value:.1%}"

    def amount(value: float | None) -> str:
        return "—" if value is None else format_figure(value, target.unit, lang, unit_en=target.unit_en)

    def difference(value: float | None) -> str:
        """A gap, in percentage points for a `%` target (a full-width ％ too)."""
        if value is None or unicodedata.normalize("NFKC", target.unit).strip() != "%":
            return amount(value)
        points = format_number(value, lang)
        return f"{points} pp" if lang == "en" else f"{points}个百分点"

    trend = "—" if assessment.trend is None else status_word(assessment.trend, lang)
    rows = [
        (word("progress", lang), percent(figures.progress)),
        (word("elapsed", lang), percent(figures.elapsed)),
        (word("gap", lang), difference(figures.gap)),
        (word("required_growth", lang), percent(figures.required_growth)),
        (word("actual_growth", lang), percent(figures.actual_growth)),
        (word("projected", lang), amount(figures.projected)),
        (word("ratio", lang), "—" if figures.ratio is None else f"{figures.ratio:.2f}"),
        (word("trend", lang), trend),
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
    shown = [  # what the assessment sees: full-year figures, drafts left out until reviewed
        a for a in target.actuals if a.value is not None and a.year <= assessment.as_of and a.full_year and not a.draft
    ]
    quantities = {a.year: a.value for a in shown if a.value is not None}
    values = {year: quantity.value for year, quantity in quantities.items()}
    if figures.base_year is not None and figures.base_value is not None:
        values.setdefault(figures.base_year, figures.base_value)
    if not values:
        return []
    first, last = min(values), max(max(values), target.goal.year)
    path = {year: path_value(assessment, year) for year in range(first, last + 1)}
    return _chart(values, path, target.unit, lang, quantities, last, target.unit_en)


def _chart(
    values: dict[int, float],
    path: dict[int, float | None],
    unit: str,
    lang: str,
    quantities: dict[int, Quantity],
    last: int | None = None,
    unit_en: str | None = None,
) -> list[str]:
    if not values:
        return []
    first, last = min(values), max(max(values), last or 0)
    top = max([*values.values(), *(v for v in path.values() if v is not None), 0.0])
    if top <= 0:
        return []
    lines = []
    for year in range(first, last + 1):
        cells = [" "] * CHART_WIDTH
        value = values.get(year)
        if value is not None and value > 0:
            filled = max(1, min(CHART_WIDTH, round(value / top * CHART_WIDTH)))
            cells[:filled] = ["█"] * filled
        along = path.get(year)
        if along is not None and along > 0:
            mark = min(CHART_WIDTH - 1, max(0, round(along / top * CHART_WIDTH) - 1))
            cells[mark] = "│" if cells[mark] == " " else "┃"
        qualifier = quantities[year].qualifier if year in quantities else Qualifier.EXACT
        label = format_figure(value, unit, lang, qualifier, unit_en) if value is not None else ""
        lines.append(f"{year} {''.join(cells)} {label}".rstrip())
    if path:
        legend = "█ actual  │ path to the target" if lang == "en" else "█ 实际值  │ 达标路径"
    else:
        legend = "█ actual" if lang == "en" else "█ 实际值"
    return [*lines, legend]
