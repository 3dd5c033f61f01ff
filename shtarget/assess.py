"""Progress, gaps, growth rates, projections and a status for each target: pure arithmetic, no I/O.

B, T and L below are the baseline, target and latest years; README ("How a target is assessed") states the
rules, and each is written once here:

- A goal has a direction: it rises (`>=`, `>`, "about" a level above the base or a positive rate) or falls;
  "about" the base itself is a band around it. A figure meets the goal when it lies within the goal's `_Edge`.
- A goal the base already meets, or sits on the edge of, is one to keep (a floor, a cap, a growth rate the
  path does not have to climb): on track while the latest figure still meets it, never met early. Otherwise
  the path runs from the base towards the goal, and the trend (the method Eurostat uses to monitor the SDGs)
  compares the growth so far with the path's: a figure beyond base × (1 + k × path growth)^(L − B) has a
  ratio of at least k.
- Figures are taken as written (the shortest decimal that reads back as the stored float) and compared in
  `Decimal`, so a figure exactly on a goal, a path or a tolerance edge is on it, not a rounding error away.
- Only full-year figures count as `latest` and for growth; a part-year figure (`months`) can only prove a
  `flow` target met. A bound (超, 多, 近) decides only when the bound settles the question.
- A `break`, or a change of `scope`, starts a new statistical basis. With a `link` (the same year's figure on
  the old basis) the new figures are spliced onto the old basis; without one they form a new segment, which
  growth never spans and which cannot decide a goal set on the old basis.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from shtarget.model import (
    Actual,
    Assessment,
    Dataset,
    Figures,
    Kind,
    Op,
    Plan,
    Qualifier,
    Reason,
    Settings,
    Status,
    Target,
)

_RISING_OPS = (Op.AT_LEAST, Op.ABOVE)
_FALLING_OPS = (Op.AT_MOST, Op.BELOW)
_SHIFT = {Qualifier.OVER: 1, Qualifier.UNDER: -1}  # a bound lies just beyond its number
_ZERO = Decimal(0)
_ONE = Decimal(1)


def _exact(value: float) -> Decimal:
    """A float as the decimal it was written as: the shortest one that reads back as it."""
    return Decimal(repr(value))


@functools.lru_cache(maxsize=64)
def _setting(value: float) -> Decimal:
    """A threshold or tolerance as written; the few a data set has are converted once."""
    return _exact(value)


def _sign(value: Decimal | float) -> int:
    return (value > 0) - (value < 0)


class _Point(NamedTuple):
    """A figure on its segment's basis: a linked break's figures are spliced onto the basis before it."""

    year: int
    value: Decimal
    qualifier: Qualifier
    actual: Actual | None  # None for the baseline
    segment: int  # 0 is the baseline's basis; each break without a link starts the next


class _Entry(NamedTuple):
    """A recorded figure placed on its basis; its exact value is made (`_point`) only where it is used."""

    year: int
    actual: Actual
    segment: int
    scale: tuple[Decimal, Decimal] | None  # a linked break's splice: × numerator / denominator


class _Edge(NamedTuple):
    """The figures that meet a goal in a given year: from `low` up to `high` (None: unbounded)."""

    low: Decimal | None
    high: Decimal | None
    low_strict: bool = False
    high_strict: bool = False


class _Context(NamedTuple):
    target: Target
    settings: Settings
    tolerance: Decimal
    full: tuple[_Entry, ...]  # full-year figures from the baseline year up to as-of
    part: tuple[_Point, ...]  # part-year figures likewise
    latest: _Point | None  # the last full-year figure
    base: _Point | None  # the baseline, or (its value unknown) the earliest full-year figure on its basis
    goal: Decimal | None  # the level to reach by T, measured from `base`
    direction: int  # +1 a rising goal, -1 a falling one, 0 a band ("about" the base itself)
    keep: bool | None  # the base already meets the goal; None without a base
    known_base: bool  # the baseline value is stated (not taken from the earliest figure)
    path: tuple[Decimal | None, Decimal | None] | None  # the path's yearly growth and pace (`_path`)
    level_edge: _Edge | None  # a level goal's edge, the same every year


def assess_dataset(dataset: Dataset, as_of: int) -> tuple[Assessment, ...]:
    plans = dataset.plans
    return tuple(assess(target, as_of, dataset.settings, plans.get(target.plan)) for target in dataset.targets)


def count_statuses(assessments: Iterable[Assessment]) -> dict[str, int]:
    """Counts for every status, in the order of `Status`, zeros included."""
    counts = {status.value: 0 for status in Status}
    for assessment in assessments:
        counts[assessment.status.value] += 1
    return counts


def assess(target: Target, as_of: int, settings: Settings | None = None, plan: Plan | None = None) -> Assessment:
    if any(actual.draft for actual in target.actuals):  # a draft (from `scan`) is shown, never assessed
        reviewed = target._replace(actuals=tuple(actual for actual in target.actuals if not actual.draft))
        return assess(reviewed, as_of, settings, plan)._replace(target=target)
    settings = settings or Settings()
    if plan is not None and plan.period is not None and plan.period[0] > as_of:
        return Assessment(target, as_of, Status.NOT_STARTED, Reason("not-started", year=plan.period[0]))
    if target.kind is Kind.MILESTONE:
        return _assess_milestone(target, as_of)
    if target.kind is Kind.GROWTH and target.basis == "real":
        return _assess_real_growth(target, as_of, settings)
    context = _context(target, as_of, settings)
    latest = context.latest
    trend, judged = _trend(context, latest)
    status, reason = _status(context, as_of, judged)
    figures = _figures(context, latest)
    if reason.code == "trend":  # the trend is judged from the latest figure: the growth it still needs
        reason = reason._replace(required=figures.required_growth)
    newest_part = next(
        (
            point.actual
            for point in reversed(context.part)
            if point.year <= target.goal.year and (latest is None or point.year > latest.year)
        ),
        None,
    )
    shown = latest.actual if latest is not None else None
    return Assessment(target, as_of, status, reason, shown, figures, trend, newest_part)


def growth(start: float, end: float, years: int) -> float | None:
    """Compound annual growth from `start` to `end` over `years`; None where it is undefined."""
    if years <= 0 or start <= 0 or end <= 0:
        return None
    try:
        return finite(float((end / start) ** (1 / years) - 1))
    except (OverflowError, ZeroDivisionError):  # ratios beyond float range: no meaningful rate
        return None


def finite(value: float | None) -> float | None:
    """`value` if it is a finite number; None stands for "cannot be computed" everywhere else too."""
    return value if value is not None and math.isfinite(value) else None


def _float(value: Decimal | None) -> float | None:
    return None if value is None else finite(float(value))


def _compound(value: float, rate: float, years: int) -> float | None:
    """`value` grown by `rate` (a fraction) for `years`, or None where that leaves float range."""
    try:
        return finite(value * (1 + rate) ** years)
    except OverflowError:
        return None


def path_value(assessment: Assessment, year: int) -> float | None:
    """Where the target's path stands in `year`: a straight line from the base to a level target, or the
    compound curve a growth rate implies. None for increase targets and milestones, or without a base."""
    target, figures = assessment.target, assessment.figures
    if figures.base_year is None or figures.base_value is None or figures.target_value is None:
        return None
    start, end = figures.base_year, target.goal.year
    if year < start:
        return None
    if target.kind is Kind.GROWTH and target.goal.rate is not None:
        return _compound(figures.base_value, target.goal.rate / 100, year - start)
    if target.kind is not Kind.LEVEL or end == start:
        return None
    share = (year - start) / (end - start)
    return finite(figures.base_value + (figures.target_value - figures.base_value) * share)


# --- the figures, their bases and the goal ------------------------------------------------------------------


def _context(target: Target, as_of: int, settings: Settings) -> _Context:
    entries = _entries(target, as_of)
    full = tuple(entry for entry in entries if entry.actual.months is None)
    part = tuple(_point(entry) for entry in entries if entry.actual.months is not None)
    latest = _point(full[-1]) if full else None
    baseline = target.baseline
    known_base = baseline is not None and baseline.value is not None
    base = _base(target, full)
    goal = _goal(target, base)
    direction = _direction(target, base, goal)
    tolerance = _setting(settings.tolerance)
    level_edge = None
    if target.kind is Kind.LEVEL and goal is not None:
        strict = target.goal.op in (Op.ABOVE, Op.BELOW)
        level_edge = _Edge(*_bounds(target.goal.op, goal, tolerance, direction), strict, strict)
    context = _Context(
        target, settings, tolerance, full, part, latest, base, goal, direction, None, known_base, None, level_edge
    )
    return context._replace(keep=_keeps(context, base), path=_path(context))


def _point(entry: _Entry) -> _Point:
    quantity = entry.actual.value
    assert quantity is not None
    value = _exact(quantity.value)
    if entry.scale is not None:
        value = value * entry.scale[0] / entry.scale[1]
    return _Point(entry.year, value, quantity.qualifier, entry.actual, entry.segment)


def _entries(target: Target, as_of: int) -> tuple[_Entry, ...]:
    """The figures since the baseline year, in order, each on the basis of its segment. A `break` or a change
    of `scope` starts a new basis; its `link` splices the new figures onto the old one."""
    baseline = target.baseline
    since = baseline.year if baseline is not None else None
    first = since if since is not None else -math.inf
    known = [a for a in target.actuals if a.value is not None and first <= a.year <= as_of]
    known.sort(key=_in_order)
    if not any(a.breaks or a.scope is not None for a in known):  # one basis: the usual case, kept quick
        return tuple([_Entry(a.year, a, 0, None) for a in known])
    earlier = baseline is not None and baseline.value is not None  # a figure the next one could break from
    scope = target.scope
    segment, scale = 0, None
    entries = []
    for actual in known:
        assert actual.value is not None
        rescoped = actual.scope is not None and scope is not None and actual.scope != scope
        scope = actual.scope or scope
        set_before = since is not None and actual.year > since and target.kind is Kind.LEVEL
        if (actual.breaks or rescoped) and (earlier or set_before):
            value = _exact(actual.value.value)
            link = _exact(actual.link.value.value) if actual.link is not None else None
            if link is not None and value != 0 and _sign(link) == _sign(value):
                numerator, denominator = scale or (_ONE, _ONE)
                scale = (numerator * link, denominator * value)
            else:
                segment, scale = segment + 1, None
        earlier = True
        entries.append(_Entry(actual.year, actual, segment, scale))
    return tuple(entries)


def _in_order(actual: Actual) -> tuple[int, int]:
    return actual.year, actual.months or 12


def _base(target: Target, full: Sequence[_Entry]) -> _Point | None:
    """The baseline, or (when its value is unknown) the earliest full-year figure on the baseline's basis."""
    baseline = target.baseline
    if baseline is not None and baseline.value is not None:
        return _Point(baseline.year, _exact(baseline.value.value), Qualifier.EXACT, None, 0)
    if target.kind is Kind.INCREASE:
        return None  # "further increase" is judged against the baseline itself, never a later figure
    first = next((entry for entry in full if entry.segment == 0), None)
    return _point(first) if first is not None else None


def _goal(target: Target, base: _Point | None) -> Decimal | None:
    """The level to reach by T: the stated value, the level a growth rate implies, or the baseline to beat."""
    goal = target.goal
    if target.kind is Kind.LEVEL:
        return _exact(goal.value.value) if goal.value is not None else None
    if base is None:
        return None
    if target.kind is Kind.GROWTH and goal.rate is not None and goal.year >= base.year:
        return _grown(base.value, _exact(goal.rate) / 100, goal.year - base.year)
    return base.value if target.kind is Kind.INCREASE else None


def _grown(start: Decimal, rate: Decimal, years: int) -> Decimal:
    """`start` grown by `rate` a year for `years`; a fall of 100% or more leaves nothing."""
    factor = max(_ONE + rate, _ZERO)
    return start * factor**years if years else start


def _direction(target: Target, base: _Point | None, goal: Decimal | None) -> int:
    op = target.goal.op
    if op in _RISING_OPS or target.kind is Kind.INCREASE:
        return 1
    if op in _FALLING_OPS:
        return -1
    if target.kind is Kind.GROWTH:
        return _sign(target.goal.rate or 0)
    if base is None or goal is None:
        return 1  # "about" a level with nothing to start from: reached from below, as plans set levels
    return _sign(goal - base.value)


def _keeps(context: _Context, start: _Point | None) -> bool | None:
    """Whether the goal is one to keep from `start`: the start already meets it or sits on its edge."""
    target = context.target
    if start is None:
        return None
    if target.kind is Kind.INCREASE:
        return True
    if target.kind is Kind.GROWTH:
        return start.value == 0 or context.direction * _sign(target.goal.rate or 0) <= 0
    edge = _edge(context, start, start.year)
    if edge is None:
        return None
    return _within(edge, start.value, 0) or start.value in (edge.low, edge.high)


def _edge(context: _Context, start: _Point | None, year: int) -> _Edge | None:
    """The figures that meet the goal in `year` (for a growth target: growth from `start` to `year`)."""
    target, tolerance, direction = context.target, context.tolerance, context.direction
    op = target.goal.op
    strict = op in (Op.ABOVE, Op.BELOW)
    if target.kind is Kind.LEVEL:
        return context.level_edge
    if target.kind is not Kind.GROWTH:
        goal = start.value if start is not None else None
        if goal is None:
            return None
        low, high = _bounds(op, goal, tolerance, direction)
        return _Edge(low, high, strict, strict)
    rate = target.goal.rate
    if rate is None or start is None or start.value < 0 or year < start.year:
        return None
    low, high = _bounds(op, _exact(rate) / 100, tolerance, direction)
    years = year - start.year
    if start.value == 0:  # growth from nothing: any rise is boundless growth, no change is 0%/yr
        low_strict = low is not None and (low >= 0 if strict else low > 0)
        high_strict = high is not None and (high <= 0 if strict else high < 0)
        return _Edge(None if low is None else _ZERO, None if high is None else _ZERO, low_strict, high_strict)
    return _Edge(
        None if low is None else _grown(start.value, low, years),
        None if high is None else _grown(start.value, high, years),
        strict,
        strict,
    )


def _bounds(op: Op, goal: Decimal, tolerance: Decimal, direction: int) -> tuple[Decimal | None, Decimal | None]:
    """The ends of a goal: "about" X is met from X(1 − tolerance) in the goal's direction, and beyond."""
    if op in _RISING_OPS:
        return goal, None
    if op in _FALLING_OPS:
        return None, goal
    margin = abs(goal) * tolerance
    return (goal - margin if direction >= 0 else None), (goal + margin if direction <= 0 else None)


def _within(edge: _Edge, value: Decimal, shift: int) -> bool:
    """Whether `value` (just above it for shift 1, just below for -1) meets the goal."""
    low, high = edge.low, edge.high
    if low is not None and (value < low or (value == low and (shift < 0 or (shift == 0 and edge.low_strict)))):
        return False
    return not (
        high is not None and (value > high or (value == high and (shift > 0 or (shift == 0 and edge.high_strict))))
    )


def _settles(edge: _Edge, value: Decimal, qualifier: Qualifier) -> bool | None:
    """Whether a figure meets the goal (True), misses it (False), or, being a bound whose two ends disagree,
    cannot say (None). "超4800亿元" is any value above 4800: it settles a rising goal it already meets, not one
    above it. Meeting is monotone in the value within each end, so the two ends of the bound decide."""
    shift = _SHIFT.get(qualifier, 0)
    near = _within(edge, value, shift)
    if shift == 0:
        return near
    far = edge.high is None if shift > 0 else edge.low is None  # whether the bound's open end meets the goal
    return near if near == far else None


def _meets(context: _Context, start: _Point | None, point: _Point) -> bool:
    """Whether `point` meets the goal, a bound counting as (just beyond) its number."""
    edge = _edge(context, start, point.year)
    return edge is not None and _within(edge, point.value, _SHIFT.get(point.qualifier, 0))


# --- the status -------------------------------------------------------------------------------------------


def _status(context: _Context, as_of: int, judged: tuple[Status, Reason] | None = None) -> tuple[Status, Reason]:
    """The status; `judged` is what the trend rule already gave for the latest figure from the base."""
    target, base = context.target, context.base
    end_year = target.goal.year
    since = target.baseline.year if target.baseline is not None else None
    counted = [entry for entry in context.full if entry.year <= end_year]
    closing = None
    if counted:
        closing = context.latest if counted[-1] is context.full[-1] else _point(counted[-1])
    if closing is not None and closing.year == end_year and (since is None or end_year > since):
        return _final(context, closing)
    proof = _part_year_proof(context)
    if proof is not None:
        return Status.ACHIEVED, _about(target, proof, base, "part-year-met")
    if closing is None or not any(since is None or entry.year > since for entry in counted):
        later_parts = [point for point in context.part if since is None or point.year > since]
        if later_parts:
            return Status.NO_DATA, _about(target, later_parts[-1], base, "only-part-year")
        code = "no-actual-after-baseline" if since is not None else "no-actual"
        return Status.NO_DATA, Reason(code, base_year=since)
    latest = closing
    if latest.segment == 0 and target.kind is Kind.LEVEL and not (context.keep and context.known_base):
        edge = _edge(context, base, latest.year)
        if edge is not None and _settles(edge, latest.value, latest.qualifier):
            return Status.ACHIEVED, _about(target, latest, base, "met-early", exceeded=_exceeded(context, latest))
    if latest.segment != 0:  # any later figure is on the new basis too: none can decide, before or after T
        return Status.INCONCLUSIVE, _about(target, latest, base, "unlinked-break")
    if as_of > end_year:
        return Status.AWAITING_DATA, _about(target, latest, base, "deadline-passed")
    if base is None or context.goal is None:
        return Status.NO_DATA, Reason("no-base")
    if judged is None or latest is not context.latest:
        judged = _judge(context, base, latest, context.keep)
    if judged is None:
        return Status.NO_DATA, Reason("no-trend")
    return judged


def _final(context: _Context, final: _Point) -> tuple[Status, Reason]:
    """The figure for year T decides, when it is on the goal's basis and settles the question."""
    target, base = context.target, context.base
    if final.segment != 0:
        return Status.INCONCLUSIVE, _about(target, final, base, "unlinked-break")
    if target.kind is Kind.GROWTH and (base is None or base.year >= final.year):
        return Status.NO_DATA, Reason("no-base")  # no growth can be measured with nothing before the final figure
    edge = _edge(context, base, final.year)
    if edge is None:
        return Status.NO_DATA, Reason("no-base")
    settled = _settles(edge, final.value, final.qualifier)
    if settled is None:
        return Status.INCONCLUSIVE, _about(target, final, base, "final-inconclusive")
    status = Status.ACHIEVED if settled else Status.MISSED
    exceeded = _exceeded(context, final) if settled else None
    if target.kind is Kind.GROWTH and base is not None and target.goal.rate is not None:
        achieved = growth(float(base.value), float(final.value), final.year - base.year)
        if achieved is not None:
            code = "growth-met" if settled else "growth-missed"
            op, rate = target.goal.op.value, target.goal.rate
            return status, _about(target, final, base, code, actual=achieved, rate=rate, op=op, exceeded=exceeded)
    return status, _about(target, final, base, "final-met" if settled else "final-missed", exceeded=exceeded)


def _exceeded(context: _Context, point: _Point) -> float | None:
    """How far past an "about" goal a figure that meets it went in the goal's direction, as a fraction."""
    target, base, direction = context.target, context.base, context.direction
    if target.goal.op is not Op.ABOUT or direction == 0:
        return None
    if target.kind is Kind.GROWTH:
        if base is None or target.goal.rate is None or not target.goal.rate:
            return None
        achieved = growth(float(base.value), float(point.value), point.year - base.year)
        if achieved is None:
            return None
        past = (achieved * 100 - target.goal.rate) * direction
        return finite(past / abs(target.goal.rate)) if past > 0 else None
    goal = context.goal
    if goal is None or goal == 0 or (point.value - goal) * direction <= 0:
        return None
    return _float(abs(point.value - goal) / abs(goal))


def _part_year_proof(context: _Context) -> _Point | None:
    """A part-year figure of a `flow` target is a lower bound for its year: the first one that already meets
    a rising goal proves it met. A goal to keep or a growth rate is judged on year T only."""
    target = context.target
    if not target.flow or context.direction <= 0:
        return None
    end_year = target.goal.year
    early = target.kind is Kind.LEVEL and not (context.keep and context.known_base)
    for point in context.part:
        if point.segment != 0 or point.year > end_year or point.qualifier is Qualifier.UNDER:
            continue
        if point.year != end_year and not early:
            continue
        if target.kind is Kind.GROWTH and (context.base is None or context.base.year >= point.year):
            continue
        edge = _edge(context, context.base, point.year)
        if edge is not None and _settles(edge, point.value, Qualifier.OVER):
            return point
    return None


def _judge(
    context: _Context, start: _Point, latest: _Point, keep: bool | None, linear: bool = True
) -> tuple[Status, Reason] | None:
    """What the trend from `start` to `latest` says; None where it cannot say. A goal to keep is on track
    while the latest figure meets it; a path towards the goal is judged by the ratio of growth so far to the
    path's growth, decided on the level each threshold ratio implies in year L."""
    target, settings, direction = context.target, context.settings, context.direction
    if latest.year <= start.year or keep is None:
        return None
    shift = _SHIFT.get(latest.qualifier, 0)
    growing = target.kind is Kind.GROWTH
    if keep:
        edge = _edge(context, start, latest.year)
        if edge is None:
            return None
        figures = {"rate": target.goal.rate, "op": target.goal.op.value} if growing else {}
        if _within(edge, latest.value, shift):
            code = "growth-keeps" if growing else "keep-met"
            return Status.ON_TRACK, _about(target, latest, start, code, **figures)
        if shift == 0 and latest.value in (edge.low, edge.high):
            code = "growth-level" if growing else "keep-level"
            return Status.AT_RISK, _about(target, latest, start, code, **figures)
        if growing:
            code = "growth-breaks"
        elif edge.low is not None and edge.high is not None:
            code = "keep-outside"
        else:
            code = "keep-below-floor" if edge.low is not None else "keep-above-cap"
        return Status.MOVING_AWAY, _about(target, latest, start, code, **figures)
    path = context.path
    if path is None:
        return None
    path_growth, path_pace = path
    years = latest.year - start.year
    compound = path_growth is not None and start.value > 0
    if not compound and (not linear or path_pace is None):
        return None
    thresholds = ((settings.on_track, Status.ON_TRACK), (settings.at_risk, Status.AT_RISK), (0.0, Status.OFF_TRACK))
    status = Status.MOVING_AWAY
    for share, reached in thresholds:
        k = _setting(share)
        if compound:
            assert path_growth is not None
            level = _grown(start.value, k * path_growth, years)
        else:
            assert path_pace is not None
            level = start.value + k * path_pace * years
        past = (latest.value - level) * direction
        if past > 0 or (past == 0 and shift * direction >= 0):
            status = reached
            break
    ratio = _ratio(start, latest, path)
    actual = growth(float(start.value), float(latest.value), years)
    return status, _about(target, latest, start, "trend", actual=actual, ratio=ratio)


def _path(context: _Context) -> tuple[Decimal | None, Decimal | None] | None:
    """The path's yearly growth (compound, where base and goal are above zero) and its linear pace."""
    target, base, goal = context.target, context.base, context.goal
    if target.kind is Kind.GROWTH:
        return (_exact(target.goal.rate) / 100, None) if target.goal.rate is not None else None
    if base is None or goal is None or target.goal.year <= base.year:
        return None
    years = target.goal.year - base.year
    pace = (goal - base.value) / years
    if base.value > 0 and goal > 0:
        # A fractional power is irrational wherever it is not a short decimal: float is as exact, and fast.
        try:
            factor = finite(float(goal / base.value) ** (1 / years))
        except OverflowError:
            factor = None
        return (_exact(factor) - 1 if factor is not None else None), pace
    return None, pace


def _ratio(start: _Point, latest: _Point, path: tuple[Decimal | None, Decimal | None]) -> float | None:
    """Growth so far over the path's growth; the yearly linear paces where compound growth is undefined."""
    path_growth, path_pace = path
    years = latest.year - start.year
    actual = growth(float(start.value), float(latest.value), years)
    if path_growth is not None and actual is not None and path_growth != 0:
        return finite(actual / float(path_growth))
    if path_pace is not None and path_pace != 0 and years > 0:
        return _float((latest.value - start.value) / years / path_pace)
    return None


def _goal_met(context: _Context, start: _Point | None, latest: _Point, keep: bool | None) -> bool:
    """Whether nothing more is needed: a goal to keep still holds, or the goal's level is reached."""
    if keep:
        return _meets(context, start, latest)
    goal = context.goal
    if goal is not None and (latest.value - goal) * context.direction >= 0:
        return True
    return context.target.kind is Kind.LEVEL and _meets(context, start, latest)


def _about(target: Target, figure: _Point, base: _Point | None, code: str, **figures: Any) -> Reason:
    """A reason naming `figure` as the deciding figure, with its part-year and scope marks, and `figures`
    (required, actual, ratio, rate, op, exceeded) where the code needs them."""
    actual = figure.actual
    assert actual is not None
    scope = actual.scope if actual.scope and target.scope and actual.scope != target.scope else None
    return Reason(
        code,
        year=figure.year,
        value=_shown(actual),
        base_year=base.year if base is not None else None,
        end_year=target.goal.year,
        months=actual.months,
        scope=scope,
        **figures,
    )


def _shown(actual: Actual) -> str:
    return actual.value.text if actual.value is not None else str(actual.done)


# --- the trend and the figures --------------------------------------------------------------------------


def _segment_start(context: _Context, latest: _Point) -> _Point:
    return _point(next(entry for entry in context.full if entry.segment == latest.segment))


def _trend(context: _Context, latest: _Point | None) -> tuple[Status | None, tuple[Status, Reason] | None]:
    """What the trend rule gives from the latest full-year figure, whatever the deadline, and, when it was
    judged from the base, that judgement (the status may need it). After a break with no link, only the
    figures on the latest one's basis count (none with fewer than two)."""
    target = context.target
    if latest is None:
        return None, None
    if latest.segment == 0:
        base = context.base
        if base is None or context.goal is None:
            return None, None
        if target.kind is Kind.LEVEL and not (context.keep and context.known_base):
            edge = _edge(context, base, latest.year)
            if edge is not None and _settles(edge, latest.value, latest.qualifier):
                return Status.ON_TRACK, None  # the goal is met
        judged = _judge(context, base, latest, context.keep)
        return (judged[0] if judged is not None else None), judged
    else:
        start = _segment_start(context, latest)
        if target.kind is Kind.GROWTH:
            judged = _judge(context, start, latest, _keeps(context, start))
        elif context.keep is False:
            judged = _judge(context, start, latest, False, linear=False)  # the path's pace, on the new basis
        else:
            judged = None  # a level to keep cannot be compared across bases
    return (judged[0] if judged is not None else None), None


def _figures(context: _Context, latest: _Point | None) -> Figures:
    target = context.target
    start, goal, keep = context.base, context.goal, context.keep
    comparable = True
    if latest is not None and latest.segment != 0:
        start = _segment_start(context, latest)
        if target.kind is Kind.GROWTH and target.goal.rate is not None:
            goal = _grown(start.value, _exact(target.goal.rate) / 100, target.goal.year - start.year)
            keep = _keeps(context, start)
        else:
            comparable = False  # a level on a new basis, with no link: not comparable with the goal
    base_year, base_value = (start.year, _float(start.value)) if start is not None else (None, None)
    goal_value = _float(goal)
    if latest is None or start is None or base_value is None or target.kind is Kind.INCREASE:
        return Figures(target_value=goal_value, base_year=base_year, base_value=base_value)
    value, end_year = latest.value, target.goal.year
    last = _float(value) or 0.0
    years, years_left = latest.year - start.year, end_year - latest.year
    gap = required_growth = required_change = progress = elapsed = on_pace = None
    if comparable and goal is not None:
        gap = goal - value
        met = _goal_met(context if goal is context.goal else context._replace(goal=goal), start, latest, keep)
        if years_left > 0 and not met and goal_value is not None:
            required_growth = growth(last, goal_value, years_left)
            if unicodedata.normalize("NFKC", target.unit).strip() == "%":  # a full-width ％ is a percent too
                required_change = gap / years_left
        if years > 0 and end_year > start.year:
            if keep:
                progress = _ONE if _meets(context, start, latest) else _ZERO
            elif goal != start.value:
                progress = (value - start.value) / (goal - start.value)
            if progress is not None:
                elapsed = Decimal(years) / (end_year - start.year)
                on_pace = progress >= elapsed
    actual_growth = growth(base_value, last, years)
    projected = None
    if actual_growth is not None and years_left >= 0:
        projected = _compound(last, actual_growth, years_left)
    ratio = None
    if not keep and years > 0:
        path = context.path
        if path is not None and (comparable or (path[0] is not None and start.value > 0)):
            ratio = _ratio(start, latest, path if comparable else (path[0], None))
    return Figures(
        target_value=goal_value,
        base_year=base_year,
        base_value=base_value,
        progress=_float(progress),
        elapsed=_float(elapsed),
        gap=_float(gap),
        required_growth=required_growth,
        required_change=_float(required_change),
        actual_growth=actual_growth,
        projected=projected,
        ratio=ratio,
        on_pace=on_pace,
    )


# --- growth at comparable prices ---------------------------------------------------------------------------


def _assess_real_growth(target: Target, as_of: int, settings: Settings) -> Assessment:
    """A growth target at comparable prices (`basis: real`) is judged on the yearly rates statistics offices
    publish ("按可比价格计算，比上年增长5.4%"), never on current-price levels: its average growth is the
    geometric mean of those rates, over the consecutive years from the baseline year on."""
    goal = target.goal
    assert goal.rate is not None  # the loader requires a growth target's rate
    rates = {a.year: a for a in target.actuals if a.rate is not None and a.full_year and not a.draft}
    first = target.baseline.year if target.baseline is not None else min(rates, default=goal.year) - 1
    run: list[Actual] = []
    year = first + 1
    while year in rates and year <= min(as_of, goal.year):  # a missing year ends what can be averaged
        run.append(rates[year])
        year += 1
    if not run:
        return Assessment(target, as_of, Status.NO_DATA, Reason("no-actual-after-baseline", base_year=first))
    latest = run[-1]
    compound = math.prod(1 + (actual.rate or 0) / 100 for actual in run)
    average = compound ** (1 / len(run)) - 1
    rate = goal.rate / 100
    met = _rate_meets(average, rate, goal.op, settings.tolerance)
    facts: dict[str, Any] = {
        "year": latest.year, "value": f"{latest.rate:g}%", "base_year": first, "actual": average,
        "rate": goal.rate, "op": goal.op.value,
    }  # fmt: skip
    remaining = goal.year - latest.year
    needed = (1 + rate) ** (goal.year - first) / compound
    required = needed ** (1 / remaining) - 1 if remaining > 0 and needed > 0 else None
    ratio = _real_ratio(average, rate, goal.op)
    if latest.year == goal.year:
        status, reason = (Status.ACHIEVED, "growth-met") if met else (Status.MISSED, "growth-missed")
        trend = None
        decided = Reason(reason, **facts)
    else:
        trend = _real_trend(ratio, met, goal.op, settings)
        decided = Reason("trend", year=latest.year + 1, base_year=first, actual=average, required=required, ratio=ratio)
        if as_of > goal.year:
            status, decided = Status.AWAITING_DATA, Reason("deadline-passed", year=latest.year, end_year=goal.year)
        else:
            status = trend
    figures = Figures(
        base_year=first,
        progress=min(max((compound - 1) / ((1 + rate) ** (goal.year - first) - 1), 0.0), 1.0) if rate else None,
        elapsed=(latest.year - first) / (goal.year - first),
        required_growth=None if met or latest.year == goal.year else required,
        actual_growth=average,
        ratio=ratio,
    )
    return Assessment(target, as_of, status, decided, latest, figures, trend if status is not trend else None)


def _rate_meets(average: float, rate: float, op: Op, tolerance: float) -> bool:
    """Whether an average growth meets a rate goal; rounded to 12 significant digits, so that an average
    exactly at the goal meets it whatever binary noise the mean carries."""
    average, rate = float(f"{average:.12g}"), float(f"{rate:.12g}")
    if op is Op.ABOUT:
        return average >= rate * (1 - tolerance) if rate >= 0 else average <= rate * (1 - tolerance)
    return {
        Op.AT_LEAST: average >= rate,
        Op.ABOVE: average > rate,
        Op.AT_MOST: average <= rate,
        Op.BELOW: average < rate,
    }[op]


def _real_ratio(average: float, rate: float, op: Op) -> float | None:
    """The average growth against the goal's, signed by the goal's direction (a cap's ratio is the rate's
    over the average's)."""
    if op in (Op.AT_MOST, Op.BELOW):
        return rate / average if average > 0 and rate > 0 else None
    return average / rate if rate > 0 else None


def _real_trend(ratio: float | None, met: bool, op: Op, settings: Settings) -> Status:
    if met:
        return Status.ON_TRACK
    if op in (Op.AT_MOST, Op.BELOW) or ratio is None:
        return Status.MOVING_AWAY
    if ratio >= settings.on_track:
        return Status.ON_TRACK
    if ratio >= settings.at_risk:
        return Status.AT_RISK
    return Status.OFF_TRACK if ratio >= 0 else Status.MOVING_AWAY


# --- milestones -------------------------------------------------------------------------------------------


def _assess_milestone(target: Target, as_of: int) -> Assessment:
    end_year = target.goal.year
    visible = [actual for actual in target.actuals if actual.year <= as_of and actual.done is not None]
    latest = visible[-1] if visible else None
    done_in_time = [actual for actual in visible if actual.done and actual.year <= end_year]
    if done_in_time:
        status, reason = Status.ACHIEVED, Reason("done", year=done_in_time[0].year)
    elif latest is None:
        status, reason = Status.NO_DATA, Reason("nothing")
    elif as_of > end_year:
        late = [actual for actual in visible if actual.year >= end_year]
        if late:
            status, reason = Status.MISSED, Reason("done-late", year=late[0].year, end_year=end_year)
        else:
            status, reason = Status.AWAITING_DATA, Reason("awaiting-completion", year=latest.year, end_year=end_year)
    elif latest.done is False:
        status, reason = Status.AT_RISK, Reason("not-done", year=latest.year, end_year=end_year)
    else:
        status, reason = Status.NO_DATA, Reason("nothing")
    return Assessment(target=target, as_of=as_of, status=status, reason=reason, latest=latest)
