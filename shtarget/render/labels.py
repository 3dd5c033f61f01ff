"""Words for people, in Chinese and English: status names, comparison signs, target descriptions."""

from __future__ import annotations

from shtarget.model import Actual, Assessment, Kind, Plan, Quantity, Status, Target
from shtarget.quantity import format_figure, format_number, format_quantity
from shtarget.render.words import OP_SIGNS, month_en, status_word

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "plan": "规划",
        "kind": "类型",
        "unit": "单位",
        "target": "目标",
        "baseline": "基期",
        "actuals": "实际值",
        "evidence": "依据",
        "figures": "测算",
        "status": "状态",
        "chart": "走势",
        "path": "路径",
        "progress": "进度",
        "elapsed": "时间进度（至最新值L年）",
        "gap": "差距",
        "required_growth": "所需年增速",
        "required_change": "所需年增幅(百分点)",
        "actual_growth": "实际年增速",
        "projected": "按现速预计",
        "ratio": "增速比",
        "trend": "趋势",
        "scope": "统计口径",
        "break": "新统计口径",
        "draft": "待审核（未计入评估）",
        "on_pace": "时间过半任务过半",
        "yes": "是",
        "no": "否",
        "none": "无",
        "as_of": "截至",
        "note": "注",
        "by": "于",
    },
    "en": {
        "plan": "Plan",
        "kind": "Kind",
        "unit": "Unit",
        "target": "Target",
        "baseline": "Baseline",
        "actuals": "Actuals",
        "evidence": "Evidence",
        "figures": "Figures",
        "status": "Status",
        "chart": "Chart",
        "path": "path",
        "progress": "progress",
        "elapsed": "time elapsed to the latest figure (L)",
        "gap": "gap",
        "required_growth": "growth needed",
        "required_change": "points needed per year",
        "actual_growth": "growth so far",
        "projected": "projected at current pace",
        "ratio": "growth ratio",
        "trend": "trend",
        "scope": "Scope",
        "break": "new statistical basis",
        "draft": "draft (not assessed until reviewed)",
        "on_pace": "on pace",
        "yes": "yes",
        "no": "no",
        "none": "none",
        "as_of": "as of",
        "note": "note",
        "by": "by",
    },
}


def word(key: str, lang: str) -> str:
    return WORDS["en" if lang == "en" else "zh"][key]


def baseline_text(assessment: Assessment, lang: str) -> str:
    """The baseline as "18.9% (2020)", "? (2020)" when its value is unknown, or a dash."""
    baseline, unit = assessment.target.baseline, assessment.target.unit
    if baseline is None:
        return "—"
    if baseline.value is None:
        return f"? ({baseline.year})"
    return f"{format_quantity(baseline.value.value, unit, lang, baseline.value.qualifier)} ({baseline.year})"


def latest_text(assessment: Assessment, lang: str) -> str:
    """The latest figure as "超2.4万家 (2023)", a milestone's done / not done, or a dash."""
    latest, unit = assessment.latest, assessment.target.unit
    if latest is None:
        return "—"
    if latest.value is None:
        done = ("done" if latest.done else "not done") if lang == "en" else ("已完成" if latest.done else "未完成")
        return f"{done} ({latest.year})"
    return f"{format_quantity(latest.value.value, unit, lang, latest.value.qualifier)} ({latest.year})"


# --- the reader's conventions (status, show, list): units spelled out, money in bn/tn yuan in English ------


def figure_text(quantity: Quantity, unit: str, lang: str, unit_en: str | None = None) -> str:
    """A recorded figure with its qualifier and unit: "超2.4万家", ">24,000 firms", "1,064.1 bn yuan"; a count
    in what its target's `unit_en` names (">3 fields")."""
    return format_figure(quantity.value, unit, lang, quantity.qualifier, unit_en)


def goal_figure(target: Target, lang: str) -> str:
    """The goal without its year: "≥20%", ">26,000 firms", "≈20%/yr", "> 2020 level", "done"."""
    goal = target.goal
    sign = OP_SIGNS[goal.op]
    if target.kind is Kind.MILESTONE:
        return "done" if lang == "en" else "完成"
    if target.kind is Kind.GROWTH and goal.rate is not None:
        rate = format_number(goal.rate, lang)
        return f"{sign}{rate}%/yr" if lang == "en" else f"年均{sign}{rate}%"
    if target.kind is Kind.INCREASE:
        year = target.baseline.year if target.baseline is not None else None
        if lang == "en":
            return f"{sign} {year} level" if year is not None else f"{sign} baseline"
        return f"{sign}{year}年水平" if year is not None else f"{sign}基期水平"
    if goal.value is not None:
        return sign + format_figure(goal.value.value, target.unit, lang, unit_en=target.unit_en)
    return "?"


def months_text(months: int, lang: str) -> str:
    """The part of a year a part-year figure covers: "1-9月", "Jan–Sep"."""
    if lang == "en":
        return f"Jan–{month_en(months)}"
    return f"1-{months}月"


def period_text(actual: Actual, lang: str) -> str:
    """The period a figure covers, in brackets: "(2023)", or "(2023年1-11月)" / "(2023 Jan–Nov)" for a
    part-year figure."""
    if actual.months is None:
        return f"({actual.year})"
    if lang == "en":
        return f"({actual.year} {months_text(actual.months, lang)})"
    return f"({actual.year}年{months_text(actual.months, lang)})"


def met_word(progress: float | None, lang: str) -> str:
    """What the progress column says once a target is met: exceeded when the figure went past the goal."""
    exceeded = progress is not None and progress > 1
    if lang == "en":
        return "✓ exceeded" if exceeded else "✓ met"
    return "✓ 超额" if exceeded else "✓ 达成"


def trend_phrase(trend: Status, lang: str) -> str:
    """What the last figures' trend implied, for a target whose deadline passed without a final figure."""
    return f"trend {status_word(trend, 'en')}" if lang == "en" else f"趋势{status_word(trend, 'zh')}"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def plan_name(plan: Plan, lang: str) -> str:
    return plan.name_en if lang == "en" and plan.name_en else plan.name
