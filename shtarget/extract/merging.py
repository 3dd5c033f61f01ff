"""After reading: a target without a stated baseline takes the latest past figure for the same indicator,
and a target stated twice (a summary restating the goals, a table row repeating a sentence) is kept once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from shtarget.extract.naming import comparable, level_form
from shtarget.extract.quantities import plain_number
from shtarget.extract.records import Baseline, Draft, Fact, Figure
from shtarget.model import Kind


def with_pool_baseline(draft: Draft, facts: Sequence[Fact]) -> Draft:
    """A target with no baseline takes the latest past figure stated for the same indicator elsewhere (the
    plan's background section), when the names agree closely and the units are the same."""
    if draft.baseline is not None and draft.baseline.value is not None:
        return draft
    if draft.kind is Kind.GROWTH:
        wanted = comparable(level_form(draft.name))  # the level the rate applies to, in its base year
    elif draft.kind in (Kind.LEVEL, Kind.INCREASE) and not _CHANGE_NAME.search(draft.name + (draft.note or "")):
        wanted = comparable(draft.name)
    else:
        return draft  # a reduction, an addition or a running total over the new period starts afresh
    base_year = draft.baseline.year if draft.kind is Kind.GROWTH and draft.baseline is not None else None
    best: tuple[float, int, Fact] | None = None
    for fact in facts:
        if fact.unit != draft.unit or fact.year >= draft.target.year or _CHANGE_NAME.search(fact.name):
            continue
        if base_year is not None and fact.year != base_year:
            continue
        if _common_length(wanted, comparable(fact.name)) < min(4, len(comparable(fact.name))):
            continue  # the figure's own words must appear in the target's name, not only its sentence's subject
        named = comparable(fact.name if fact.subject in fact.name else fact.subject + fact.name)
        shared = _common_subsequence(wanted, named)
        coverage = shared / max(len(wanted), 1)
        if shared < 4 or coverage < MATCH_COVERAGE or len(comparable(fact.name)) < 2:
            continue
        score = (coverage, fact.year, fact)
        if best is None or score[:2] > best[:2]:
            best = score
    if best is None:
        return draft
    fact = best[2]
    reason = f"baseline from line {fact.line}, matched by indicator name ('{fact.name}')"
    baseline = Baseline(fact.year, fact.value, fact.quote, fact.line)
    factor = draft.target.factor
    if draft.kind is Kind.GROWTH and factor is not None:
        # With the base level known, a multiple of it is a level: 翻一番 of 4860亿元 is 9720亿元 (check reads
        # "翻一番" as twice the baseline).
        level = factor * fact.value.value
        goal = replace(draft.target, value=Figure(level, plain_number(round(level, 6))), rate=None)
        reasons = tuple(r for r in draft.reasons if "% a year over" not in r and "guessed" not in r)
        name = level_form(draft.name)
        return replace(draft, kind=Kind.LEVEL, name=name, target=goal, baseline=baseline, reasons=(*reasons, reason))
    return replace(draft, baseline=baseline, reasons=(*draft.reasons, reason))


# Indicators (or notes) of a change over the period, which starts from nothing rather than from a past level.
_CHANGE_NAME = re.compile(
    r"(?:下降|降低|减少|压减|提高|提升|增长|增加)$|累计|新增|新建|改建|cumulative|yearly|reduction|×"
)


# How much of a target's name a past figure's name (with its sentence's subject) must cover, in order, to be
# offered as its baseline: "战略性新兴产业增加值" is covered by "全市战略性新兴产业…产业增加值", while
# "新能源汽车制造业产值" is not by "制造业产值" (of all strategic industries).
MATCH_COVERAGE = 0.8


def _common_subsequence(a: str, b: str) -> int:
    """The length of the longest common subsequence (characters in order, gaps allowed)."""
    previous = [0] * (len(b) + 1)
    for char_a in a:
        current = [0]
        for j, char_b in enumerate(b, start=1):
            current.append(previous[j - 1] + 1 if char_a == char_b else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def _common_length(a: str, b: str) -> int:
    """The length of the longest common substring."""
    best = 0
    previous = [0] * (len(b) + 1)
    for char_a in a:
        current = [0] * (len(b) + 1)
        for j, char_b in enumerate(b, start=1):
            if char_a == char_b:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def _same_goal(a: Draft, b: Draft) -> bool:
    if a.kind is not b.kind or a.target.year != b.target.year:
        return False
    if a.kind is Kind.GROWTH:
        same_figure = a.target.rate is not None and a.target.rate == b.target.rate
    elif a.kind is Kind.LEVEL:
        same_figure = (
            a.unit == b.unit
            and a.target.value is not None
            and b.target.value is not None
            and abs(a.target.value.value - b.target.value.value) < 1e-9
        )
    else:
        same_figure = True
    return same_figure


def drop_duplicates(drafts: list[Draft]) -> list[Draft]:
    """A target stated twice (a summary restating the goals, a table row repeating a sentence) is kept once, at
    its first statement; a baseline only the later statement gives is kept."""
    kept: list[Draft] = []
    for draft in drafts:
        twin_index = next(
            (
                index
                for index, earlier in enumerate(kept)
                if (comparable(earlier.quote) == comparable(draft.quote) and earlier.name == draft.name)
                or (_same_goal(earlier, draft) and _similar_names(earlier.name, draft.name))
            ),
            None,
        )
        if twin_index is None:
            kept.append(draft)
            continue
        twin = kept[twin_index]
        if (twin.baseline is None or twin.baseline.value is None) and draft.baseline is not None:
            kept[twin_index] = replace(twin, baseline=draft.baseline)
    return kept


def _similar_names(a: str, b: str) -> bool:
    a, b = comparable(a), comparable(b)
    overlap = _common_length(a, b)
    return overlap >= 4 and overlap >= 0.5 * min(len(a), len(b))
