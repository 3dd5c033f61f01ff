"""Why a target has its status, in words: `assess` records a `Reason` (a code and the figures behind it) and
this module words it in English or Chinese, so every output explains a status in the reader's language."""

from __future__ import annotations

from shtarget.model import Reason
from shtarget.render.words import OP_SIGNS_BY_TEXT, month_en

TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "no-actual": "no actual recorded",
        "no-actual-after-baseline": "no actual recorded after the {base_year} baseline",
        "no-base": "the baseline value is unknown and there is no earlier actual to measure from",
        "final-met": "{year} actual {value} meets the target",
        "final-missed": "{year} actual {value} falls short of the target",
        "final-inconclusive": "{year} actual {value} is a bound that neither meets nor misses the target",
        "part-year-met": "{year} figure {value} already meets the target (a part-year lower bound)",
        "only-part-year": "only a part-year figure since the baseline: {year} {value}; a full-year figure decides",
        "growth-met": "grew {actual}/yr from {base_year} to {year} ({value}), which meets {op} {rate}%/yr",
        "growth-missed": "grew {actual}/yr from {base_year} to {year} ({value}), which falls short of {op} {rate}%/yr",
        "met-early": "met early: {year} actual {value} meets the target",
        "deadline-passed": "the {end_year} deadline has passed; no {end_year} figure yet (latest: {year})",
        "keep-met": "{year} actual {value} still meets the target, which the {base_year} baseline already met; "
        "it must hold in {end_year}",
        "keep-level": "{year} actual {value} is exactly at the goal the {base_year} baseline already stood at; "
        "the target needs it past that",
        "keep-below-floor": "{year} actual {value} is below the floor the target keeps (the {base_year} baseline "
        "stood at or above it)",
        "keep-above-cap": "{year} actual {value} is above the cap the target keeps (the {base_year} baseline "
        "stood at or below it)",
        "keep-outside": "{year} actual {value} is outside the tolerance around the goal the target keeps (the "
        "{base_year} baseline was within it)",
        "growth-keeps": "growth from {base_year} to {year} ({value}) keeps within {op} {rate}%/yr; it must hold to "
        "{end_year}",
        "growth-level": "growth from {base_year} to {year} ({value}) is exactly {rate}%/yr; the target needs {op} "
        "{rate}%/yr",
        "growth-breaks": "growth from {base_year} to {year} ({value}) breaks {op} {rate}%/yr",
        "unlinked-break": "{year} actual {value} is on a new statistical basis; no link to the old one",
        "not-started": "the plan starts in {year}",
        "no-trend": "not enough figures for a trend (growth from the baseline is undefined)",
        "needs": "needs {required}/yr from {year}",
        "has-grown": "has grown {actual}/yr since {base_year}",
        "ratio": "ratio {ratio}",
        "joiner": "; ",
        "done": "done in {year}",
        "done-late": "not done by {end_year} (recorded for {year})",
        "awaiting-completion": "the {end_year} deadline has passed; no record for {end_year} yet (latest: {year})",
        "not-done": "not done as of {year}; due {end_year}",
        "nothing": "nothing recorded yet",
        "months": "{value} (Jan–{month})",
        "scope": "; scope {scope} differs from the target's",
        "exceeded": "; exceeded by {exceeded}",
    },
    "zh": {
        "no-actual": "尚无实际值",
        "no-actual-after-baseline": "{base_year}年基期之后尚无实际值",
        "no-base": "基期数值未知，也没有更早的实际值可作起点",
        "final-met": "{year}年实际值{value}达到目标",
        "final-missed": "{year}年实际值{value}未达到目标",
        "final-inconclusive": "{year}年实际值{value}是一个界限值，无法判定是否达到目标",
        "part-year-met": "{year}年部分月份数据{value}已达到目标（全年只会更高）",
        "only-part-year": "基期之后只有部分月份数据：{year}年{value}；需全年数据才能判断",
        "growth-met": "{base_year}—{year}年年均增长{actual}（{value}），达到年均{op}{rate}%的目标",
        "growth-missed": "{base_year}—{year}年年均增长{actual}（{value}），未达到年均{op}{rate}%的目标",
        "met-early": "提前实现：{year}年实际值{value}已达到目标",
        "deadline-passed": "{end_year}年期限已过，尚无{end_year}年数据（最新为{year}年）",
        "keep-met": "{year}年实际值{value}仍达到目标（{base_year}年基期已达到），{end_year}年须保持",
        "keep-level": "{year}年实际值{value}恰在目标线上（{base_year}年基期已在此水平），目标要求越过它",
        "keep-below-floor": "{year}年实际值{value}低于目标要保持的底线（{base_year}年基期不低于它）",
        "keep-above-cap": "{year}年实际值{value}高于目标要保持的上限（{base_year}年基期不高于它）",
        "keep-outside": "{year}年实际值{value}超出目标要保持的允差范围（{base_year}年基期在范围内）",
        "growth-keeps": "{base_year}—{year}年增速（{value}）保持在年均{op}{rate}%以内，须保持到{end_year}年",
        "growth-level": "{base_year}—{year}年年均增速（{value}）恰为{rate}%，目标要求年均{op}{rate}%",
        "growth-breaks": "{base_year}—{year}年增速（{value}）突破年均{op}{rate}%的要求",
        "unlinked-break": "{year}年实际值{value}采用新统计口径，与原口径无衔接数据",
        "not-started": "规划自{year}年开始",
        "no-trend": "数据不足，无法判断趋势（自基期起的增速无法计算）",
        "needs": "自{year}年起需年均增长{required}",
        "has-grown": "{base_year}年以来年均增长{actual}",
        "ratio": "增速比{ratio}",
        "joiner": "；",
        "done": "已于{year}年完成",
        "done-late": "未在{end_year}年前完成（{year}年记录）",
        "awaiting-completion": "{end_year}年期限已过，尚无{end_year}年的记录（最新为{year}年）",
        "not-done": "截至{year}年尚未完成，期限为{end_year}年",
        "nothing": "尚无记录",
        "months": "{value}（1—{months}月）",
        "scope": "；统计口径（{scope}）与目标不同",
        "exceeded": "；超出{exceeded}",
    },
}


def explain(reason: Reason, lang: str = "en", unit: str | None = None) -> str:
    """The reason in words. With the target's `unit`, an English reason shows the deciding figure as English
    readers write it (超4800亿元 → >480 bn yuan); without it, the figure stays as the source wrote it."""
    words = TEMPLATES["en" if lang == "en" else "zh"]
    if lang == "en" and unit is not None and reason.value is not None:
        reason = reason._replace(value=_in_english(reason.value, unit))
    text = _explain(reason, words)
    if reason.exceeded is not None:
        text += words["exceeded"].format(exceeded=_percent(reason.exceeded))
    if reason.scope:
        text += words["scope"].format(scope=reason.scope)
    return text


def _in_english(value: str, unit: str) -> str:
    from shtarget.quantity import QuantityError, format_exact, parse_quantity

    parsed = parse_quantity(value, unit)
    if isinstance(parsed, QuantityError):
        return value
    return format_exact(parsed.value, unit, "en", parsed.qualifier)


def shown_value(value: str | None, months: int | None, lang: str) -> str:
    """A figure as written, marked when it covers only part of its year: 3467.9亿元（1—11月）."""
    if value is None or months is None:
        return value or ""
    words = TEMPLATES["en" if lang == "en" else "zh"]
    return words["months"].format(value=value, months=months, month=month_en(months))


def _explain(reason: Reason, words: dict[str, str]) -> str:
    lang = "en" if words is TEMPLATES["en"] else "zh"
    if reason.code == "trend":
        parts = []
        if reason.required is not None:
            parts.append(words["needs"].format(required=_percent(reason.required), year=reason.year))
        if reason.actual is not None:
            parts.append(words["has-grown"].format(actual=_percent(reason.actual), base_year=reason.base_year))
        if reason.ratio is not None:
            parts.append(words["ratio"].format(ratio=f"{reason.ratio:.2f}"))
        return words["joiner"].join(parts)
    return words[reason.code].format(
        year=reason.year,
        value=shown_value(reason.value, reason.months, lang),
        base_year=reason.base_year,
        end_year=reason.end_year,
        actual=_percent(reason.actual),
        rate=f"{reason.rate:g}" if reason.rate is not None else "",
        op=OP_SIGNS_BY_TEXT.get(reason.op or "", reason.op or ""),
    )


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"
