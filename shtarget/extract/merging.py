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

# How much of a target's name a past figure's name (with its sentence's subject) must cover, in order, to be
# offered as its baseline: "战略性新兴产业增加值" is covered by "全市战略性新兴产业…产业增加值", while
# "新能源汽车制造业产值" is not by "制造业产值" (of all strategic industries).
MATCH_COVERAGE = 0.8
# Names are compared only when they share a run of 4 characters (or a short name appears whole), found through
# an index of those runs, the rarest runs first; at most COMPARED statements are compared with each target, so a
# document of thousands of like-named figures costs a bounded amount per target (a plan has a few dozen at most).
RUN = 4
COMPARED = 64

# Indicators (or notes) of a change over the period, which starts from nothing rather than from a past level.
_CHANGE_NAME = re.compile(
    r"(?:下降|降低|减少|压减|提高|提升|增长|增加)$|累计|新增|新建|改建|cumulative|yearly|reduction|×"
)


def with_pool_baselines(drafts: Sequence[Draft], facts: Sequence[Fact]) -> list[Draft]:
    """Each target with no baseline takes the latest past figure stated for the same indicator elsewhere (the
    plan's background section), when the names agree closely and the units are the same."""
    pool = _FactPool(facts)
    return [pool.baseline_for(draft) for draft in drafts]


class _FactPool:
    """The past figures, indexed by unit and by the runs of characters in their names."""

    def __init__(self, facts: Sequence[Fact]) -> None:
        self.facts: list[tuple[Fact, str]] = []  # with the name compared: its sentence's subject and its own
        self.runs: dict[tuple[str, str], list[int]] = {}  # (unit, 4 characters of the name) → facts
        self.whole: dict[tuple[str, str], list[int]] = {}  # (unit, a name of 2 or 3 characters) → facts
        seen: set[tuple[str, str, str, int]] = set()
        for fact in facts:
            key = (fact.name, fact.subject, fact.unit, fact.year)
            name = comparable(fact.name)
            if key in seen or len(name) < 2 or _CHANGE_NAME.search(fact.name):
                continue  # a repeated fact can never win over its first statement
            seen.add(key)
            index = len(self.facts)
            self.facts.append((fact, comparable(fact.name if fact.subject in fact.name else fact.subject + fact.name)))
            if len(name) < RUN:
                self.whole.setdefault((fact.unit, name), []).append(index)
            for run in _runs(name):
                self.runs.setdefault((fact.unit, run), []).append(index)

    def _candidates(self, wanted: str, unit: str) -> list[int]:
        """The facts whose name shares a run of 4 characters with `wanted`, or (2 or 3 long) appears in it."""
        lists = [self.runs.get((unit, run), []) for run in _runs(wanted)]
        lists += [
            self.whole.get((unit, wanted[start : start + size]), [])
            for size in range(2, RUN)
            for start in range(len(wanted) - size + 1)
        ]
        return _first_of_rarest(lists)

    def baseline_for(self, draft: Draft) -> Draft:
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
        in_order = _Subsequences(wanted)
        for index in self._candidates(wanted, draft.unit):
            fact, named = self.facts[index]
            if fact.year >= draft.target.year or (base_year is not None and fact.year != base_year):
                continue
            shared = in_order.common_with(named)
            coverage = shared / max(len(wanted), 1)
            if shared < 4 or coverage < MATCH_COVERAGE:
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
            return replace(
                draft, kind=Kind.LEVEL, name=name, target=goal, baseline=baseline, reasons=(*reasons, reason)
            )
        return replace(draft, baseline=baseline, reasons=(*draft.reasons, reason))


def _runs(name: str) -> set[str]:
    return {name[start : start + RUN] for start in range(len(name) - RUN + 1)}


def _first_of_rarest(lists: list[list[int]]) -> list[int]:
    """Up to COMPARED entries of the lists, taken from the shortest lists first, in order."""
    found: set[int] = set()
    for entries in sorted(lists, key=len):
        for entry in entries:
            if len(found) >= COMPARED:
                return sorted(found)
            found.add(entry)
    return sorted(found)


class _Subsequences:
    """The longest common subsequence (characters in order, gaps allowed) of one string with others,
    bit-parallel (Allison and Dix 1986): one big-integer step per character of the other string."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.masks: dict[str, int] = {}
        for position, char in enumerate(text):
            self.masks[char] = self.masks.get(char, 0) | (1 << position)

    def common_with(self, other: str) -> int:
        full = (1 << self.length) - 1
        row = full
        for char in other:
            matched = row & self.masks.get(char, 0)
            row = ((row + matched) | (row - matched)) & full
        return self.length - row.bit_count()


def _shares_run(a: str, b: str, length: int) -> bool:
    """Whether `a` and `b` have a common substring of `length` characters."""
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return any(shorter[start : start + length] in longer for start in range(len(shorter) - length + 1))


def _similar_names(a: str, b: str) -> bool:
    """Names (comparable forms) sharing a run of at least 4 characters and half the shorter one."""
    return min(len(a), len(b)) >= RUN and _shares_run(a, b, max(RUN, -(-min(len(a), len(b)) // 2)))


def _same_goal(a: Draft, b: Draft) -> bool:
    if a.kind is not b.kind or a.target.year != b.target.year:
        return False
    if a.kind is Kind.GROWTH:
        return a.target.rate is not None and a.target.rate == b.target.rate
    if a.kind is Kind.LEVEL:
        return (
            a.unit == b.unit
            and a.target.value is not None
            and b.target.value is not None
            and abs(a.target.value.value - b.target.value.value) < 1e-9
        )
    return True


def _goal_key(draft: Draft) -> tuple[object, ...] | None:
    """What two statements of one goal share (kind, year, figure); None when nothing can match it."""
    goal = draft.target
    if draft.kind is Kind.GROWTH:
        return None if goal.rate is None else (draft.kind, goal.year, goal.rate)
    if draft.kind is Kind.LEVEL:
        return None if goal.value is None else (draft.kind, goal.year, draft.unit, round(goal.value.value, 6))
    return (draft.kind, goal.year)


class _SameGoal:
    """The kept drafts of one goal, indexed by the runs of characters in their names."""

    def __init__(self) -> None:
        self.members: list[tuple[int, Draft, str]] = []  # (index among the kept, draft, comparable name)
        self.runs: dict[str, list[int]] = {}

    def add(self, index: int, draft: Draft) -> None:
        name = comparable(draft.name)
        for run in _runs(name):
            self.runs.setdefault(run, []).append(len(self.members))
        self.members.append((index, draft, name))

    def first_twin(self, draft: Draft) -> int | None:
        name = comparable(draft.name)
        for member in _first_of_rarest([self.runs.get(run, []) for run in _runs(name)]):
            index, earlier, earlier_name = self.members[member]
            if _same_goal(earlier, draft) and _similar_names(earlier_name, name):
                return index
        return None


def drop_duplicates(drafts: list[Draft]) -> list[Draft]:
    """A target stated twice (a summary restating the goals, a table row repeating a sentence) is kept once, at
    its first statement; a baseline only the later statement gives is kept. A twin states the same quote and
    name, or the same goal (kind, year, figure) under a similar name."""
    kept: list[Draft] = []
    by_statement: dict[tuple[str, str], int] = {}
    by_goal: dict[tuple[object, ...], _SameGoal] = {}
    for draft in drafts:
        statement = (comparable(draft.quote), draft.name)
        goal = _goal_key(draft)
        twins = [by_statement.get(statement)]
        if goal is not None and goal in by_goal:
            twins.append(by_goal[goal].first_twin(draft))
        found = [index for index in twins if index is not None]
        if not found:
            by_statement.setdefault(statement, len(kept))
            if goal is not None:
                by_goal.setdefault(goal, _SameGoal()).add(len(kept), draft)
            kept.append(draft)
            continue
        twin_index = min(found)
        twin = kept[twin_index]
        if (twin.baseline is None or twin.baseline.value is None) and draft.baseline is not None:
            kept[twin_index] = replace(twin, baseline=draft.baseline)
    return kept
