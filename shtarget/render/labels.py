"""Words for people, in Chinese and English: status names, comparison signs, target descriptions."""

from __future__ import annotations

from shtarget.model import Assessment, Kind, Op, Status
from shtarget.quantity import format_number, format_quantity

STATUS_WORDS: dict[str, dict[Status, str]] = {
    "zh": {
        Status.ACHIEVED: "已实现",
        Status.ON_TRACK: "进展顺利",
        Status.AT_RISK: "存在风险",
        Status.OFF_TRACK: "进度落后",
        Status.MOVING_AWAY: "背离目标",
        Status.MISSED: "未实现",
        Status.INCONCLUSIVE: "无法判定",
        Status.AWAITING_DATA: "待最终数据",
        Status.NO_DATA: "无数据",
    },
    "en": {status: status.value for status in Status},
}

OP_SIGNS = {Op.AT_LEAST: "≥", Op.ABOVE: ">", Op.ABOUT: "≈", Op.AT_MOST: "≤", Op.BELOW: "<"}


def status_word(status: Status, lang: str) -> str:
    return STATUS_WORDS["en" if lang == "en" else "zh"][status]


def describe_goal(assessment: Assessment, lang: str) -> str:
    """The target in a few characters: "≥20% (2025)", "≈20%/yr (2025)", "> 2020 level (2025)"."""
    target = assessment.target
    goal = target.goal
    sign = OP_SIGNS[goal.op]
    if target.kind is Kind.MILESTONE:
        text = "done" if lang == "en" else "完成"
    elif target.kind is Kind.GROWTH and goal.rate is not None:
        text = (
            f"{sign}{format_number(goal.rate, lang)}%/yr"
            if lang == "en"
            else f"年均{sign}{format_number(goal.rate, lang)}%"
        )
    elif target.kind is Kind.INCREASE:
        year = target.baseline.year if target.baseline is not None else "baseline"
        text = f"{sign} {year} level" if lang == "en" else f"{sign}{year}年水平"
    elif goal.value is not None:
        text = sign + format_quantity(goal.value.value, target.unit, lang)
    else:
        text = "?"
    return f"{text} ({goal.year})"


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
        "elapsed": "时间进度",
        "gap": "差距",
        "required_growth": "所需年增速",
        "required_change": "所需年增幅(百分点)",
        "actual_growth": "实际年增速",
        "projected": "按现速预计",
        "ratio": "增速比",
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
        "elapsed": "time elapsed",
        "gap": "gap",
        "required_growth": "growth needed",
        "required_change": "points needed per year",
        "actual_growth": "growth so far",
        "projected": "projected at current pace",
        "ratio": "growth ratio",
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


def growth_pair(required: float | None, actual: float | None) -> str:
    """ "needed / so far" annual growth, e.g. "4.1% / 12.2%"; a dash for what cannot be computed."""
    if required is None and actual is None:
        return "—"

    def percent(value: float | None) -> str:
        return "—" if value is None else f"{value:.1%}"

    return f"{percent(required)} / {percent(actual)}"


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
