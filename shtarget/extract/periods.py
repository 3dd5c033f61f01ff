"""Years: the five-year period a plan names ("十四五" → 2021–2025) and the target year a clause names
("到2025年", "2025年前", "“十四五”期间", a bare year in a plan), or a past figure's year ("2015年的…")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from shtarget.extract.document import fold
from shtarget.extract.lexicon import (
    BARE_YEAR,
    BRACKETED_YEAR_SPAN,
    CN_DIGITS,
    NAMED_PLAN,
    NEXT_FIVE,
    ORDINAL_PLAN,
    PLAN_SPAN,
    TARGET_YEAR,
    VISION_YEAR,
    YEAR_SPAN,
)


class Period(NamedTuple):
    """The years a plan covers, and whether the text says so (else they are the five to --year-default)."""

    first: int
    last: int
    stated: bool


def plan_period(text: str, year_default: int) -> tuple[int, int]:
    """The years a plan covers (see `read_period`)."""
    period = read_period(text, year_default)
    return period.first, period.last


def read_period(text: str, year_default: int) -> Period:
    """The plan's own period: a span of years ("（2026—2030年）") or a five-year plan ("“十五五”规划") in its title
    (its first three lines, those without a sentence in them), else a bracketed span in its opening, else the
    first five-year plan its opening names whose years hold `year_default`; failing all, the five years to
    `year_default`."""
    head = fold(text[:4000])
    first_lines = [line for line in head.split("\n") if line.strip()][:3]
    title = "\n".join(line for line in first_lines if _TITLE_LIKE.fullmatch(line))
    for found in (_span(title, YEAR_SPAN), _named_plan(title), _span(head, BRACKETED_YEAR_SPAN)):
        if found is not None:
            return Period(*found, stated=True)
    match = ORDINAL_PLAN.search(head)
    if match:
        first, last = five_year_period(match["ordinal"])
        if first <= year_default <= last:
            return Period(first, last, stated=True)
    return Period(year_default - 4, year_default, stated=False)


_TITLE_LIKE = re.compile(r"[^,;，；。]{1,80}")  # a title line: short, and no sentence in it


def _span(text: str, pattern: re.Pattern[str]) -> tuple[int, int] | None:
    for match in pattern.finditer(text):
        first, last = int(match["first"]), int(match["last"])
        if 1 <= last - first <= 15:
            return first, last
    return None


def _named_plan(title: str) -> tuple[int, int] | None:
    match = NAMED_PLAN.search(title)
    return five_year_period(match["ordinal"] or match["bare"] or match["full"]) if match else None


def five_year_period(ordinal: str) -> tuple[int, int]:
    """The n-th five-year plan's years (the 3rd began in 1966 after the 1963-65 adjustment): 十四五 → 2021–2025."""
    number = 10 + CN_DIGITS.get(ordinal[1:], 0) if ordinal.startswith("十") else CN_DIGITS[ordinal]
    first = 1966 + 5 * (number - 3) if number >= 3 else 1953 + 5 * (number - 1)
    return first, first + 4


@dataclass(frozen=True)
class YearCue:
    year: int
    phrase: str
    line: int


def explicit_year(folded: str, line: int, period: tuple[int, int], is_plan: bool) -> YearCue | None:
    """The target year a clause names: 到2025年, 2025年前, "十四五"期间 (→ its last year), or in a plan a bare
    year inside or after its period."""
    match = TARGET_YEAR.search(folded)
    if match:
        year = int(match["year"] or match["before"])
        return YearCue(year, match.group(), line) if year >= period[0] else None
    span = PLAN_SPAN.search(folded)
    if span and span["when"] != "以来":
        first, last = five_year_period(span["ordinal"])
        if first >= period[0]:
            return YearCue(last, span.group(), line)
    vision = VISION_YEAR.search(folded)
    if vision and int(vision["year"]) >= period[0]:
        return YearCue(int(vision["year"]), vision.group(), line)
    if NEXT_FIVE.search(folded):
        return YearCue(period[1], NEXT_FIVE.search(folded).group(), line)  # type: ignore[union-attr]
    if is_plan:
        bare = BARE_YEAR.search(folded)
        if bare and int(bare["year"]) >= period[0] and not folded[bare.end() :].startswith(("的", "为")):
            return YearCue(int(bare["year"]), bare.group(), line)
    return None


def past_year_before(folded: str, start: int) -> int | None:
    """The year a figure is tied to by what is written right before it: "2015年的3746亿元" → 2015."""
    window = folded[max(0, start - 12) : start]
    match = re.search(r"((?:19|20|21)\d{2})年(?:末|底)?(?:的|为|是|达到|达)?$", window)
    return int(match[1]) if match else None
