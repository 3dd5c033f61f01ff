"""The one vocabulary of every output: status words, marks and names, comparison signs, qualifiers, months,
source kinds, done and draft, in Chinese and English. Renderers, reasons and the figure formatter in
quantity.py take their words from here, so every output says a thing the same way."""

from __future__ import annotations

from shtarget.model import Op, Qualifier, Status

# The dashboard's status words. In English they are the status names `--status` and JSON use (terse, as a
# table column needs); the report's prose uses STATUS_NAMES.
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
        Status.NOT_STARTED: "未开始",
    },
    "en": {status: status.value for status in Status} | {Status.NOT_STARTED: "not started"},
}

# A goal's comparison as a sign: ≥20%, >2.6万家, ≈3500亿元.
OP_SIGNS = {Op.AT_LEAST: "≥", Op.ABOVE: ">", Op.ABOUT: "≈", Op.AT_MOST: "≤", Op.BELOW: "<"}
OP_SIGNS_BY_TEXT = {op.value: sign for op, sign in OP_SIGNS.items()}

# A qualified figure's prefix: signs beside a figure (超2.4万家, >24,000 firms), words in running text.
QUALIFIER_SIGNS = {
    "zh": {Qualifier.EXACT: "", Qualifier.OVER: "超", Qualifier.ABOUT: "约", Qualifier.UNDER: "近"},
    "en": {Qualifier.EXACT: "", Qualifier.OVER: ">", Qualifier.ABOUT: "~", Qualifier.UNDER: "<"},
}
QUALIFIER_WORDS = {
    "en": {Qualifier.EXACT: "", Qualifier.OVER: "over ", Qualifier.ABOUT: "about ", Qualifier.UNDER: "under "},
    "zh": {Qualifier.EXACT: "", Qualifier.OVER: "超", Qualifier.ABOUT: "约", Qualifier.UNDER: "近"},
}

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_en(month: int) -> str:
    return MONTHS_EN[min(max(month, 1), 12) - 1]


# Keyed by status value, so a status added to the model later only needs an entry here.
STATUS_MARKS = {
    "achieved": "✅",
    "on-track": "🟢",
    "at-risk": "🟡",
    "off-track": "🟠",
    "moving-away": "🔴",
    "missed": "❌",
    "inconclusive": "❔",
    "awaiting-data": "⏳",
    "no-data": "⚪",
    "not-started": "🗓️",
}

STATUS_NAMES = {
    "en": {
        "achieved": "achieved",
        "on-track": "on track",
        "at-risk": "at risk",
        "off-track": "off track",
        "moving-away": "moving away",
        "missed": "missed",
        "inconclusive": "inconclusive",
        "awaiting-data": "awaiting final data",
        "no-data": "no data",
        "not-started": "not started",
    },
    "zh": {
        "achieved": "已实现",
        "on-track": "进展顺利",
        "at-risk": "存在风险",
        "off-track": "进度落后",
        "moving-away": "背离目标",
        "missed": "未实现",
        "inconclusive": "无法判定",
        "awaiting-data": "待最终数据",
        "no-data": "无数据",
        "not-started": "未开始",
    },
}

KIND_NAMES = {
    "en": {"official": "official release", "press": "press report", "repost": "repost"},
    "zh": {"official": "官方发布", "press": "媒体报道", "repost": "转载"},
}


def status_word(status: Status, lang: str) -> str:
    return STATUS_WORDS["en" if lang == "en" else "zh"][status]


def draft_word(lang: str) -> str:
    """The mark of a target or figure proposed by a tool and not yet reviewed."""
    return "draft" if lang == "en" else "草稿"


def done_word(done: bool | None, lang: str) -> str:
    if lang == "en":
        return "done" if done else "not done"
    return "已完成" if done else "未完成"


def rate_word(rate: float, lang: str) -> str:
    """A year's published growth rate (a real-growth target's actual): "+5.4%", "增长5.4%" / "下降0.2%"."""
    if lang == "en":
        return f"{rate:+g}%"
    return f"增长{rate:g}%" if rate >= 0 else f"下降{-rate:g}%"


def valueless_word(done: bool | None, rate: float | None, lang: str) -> str:
    """What a figure without a value says: its yearly rate (real growth), or done / not done (milestones)."""
    return rate_word(rate, lang) if rate is not None else done_word(done, lang)
