"""Progress, gaps, growth rates, projections and a status for each target: pure arithmetic, no I/O.

B, T and L below are the baseline, target and latest years. The trend rule is the one Eurostat uses to
monitor the SDGs (and Statistics Canada's Open SDG implements): the ratio of the actual compound growth to
the growth the straight path to the target needs.

Only full-year figures count as `latest` and for growth; a part-year figure (`months`) can only prove a
`flow` target met. A figure that is a bound (超, 多, 近) decides only when the bound settles the question;
otherwise the target is `inconclusive`. Growth never spans a `break` in the statistical basis.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from shtarget.model import (
    Actual,
    Assessment,
    Dataset,
    Figures,
    Kind,
    Op,
    Qualifier,
    Quantity,
    Reason,
    Settings,
    Span,
    Status,
    Target,
)

_RISING_OPS = (Op.AT_LEAST, Op.ABOVE)


class _Point(NamedTuple):
    year: int
    value: float


def assess_dataset(dataset: Dataset, as_of: int) -> tuple[Assessment, ...]:
    return tuple(assess(target, as_of, dataset.settings) for target in dataset.targets)


def count_statuses(assessments: Iterable[Assessment]) -> dict[str, int]:
    """Counts for every status, in the order of `Status`, zeros included."""
    counts = {status.value: 0 for status in Status}
    for assessment in assessments:
        counts[assessment.status.value] += 1
    return counts


def assess(target: Target, as_of: int, settings: Settings | None = None) -> Assessment:
    settings = settings or Settings()
    if target.kind is Kind.MILESTONE:
        return _assess_milestone(target, as_of)
    # Figures before the baseline year are history for charts, not progress towards the target.
    since = target.baseline.year if target.baseline is not None else None
    known = [
        actual
        for actual in target.actuals
        if actual.value is not None and actual.year <= as_of and (since is None or actual.year >= since)
    ]
    visible = [actual for actual in known if actual.months is None]
    latest = visible[-1] if visible else None
    base = _base_point(target, visible)
    goal_value = _goal_value(target, base)
    figures = _figures(target, base, latest, goal_value, settings.tolerance)
    status, reason = _status(target, as_of, settings, visible, base, goal_value, figures)
    part_year = [actual for actual in known if actual.months is not None and actual.year <= target.goal.year]
    if status not in (Status.ACHIEVED, Status.MISSED) and base is not None and goal_value is not None:
        proof = _part_year_proof(target, part_year, base, goal_value, settings.tolerance)
        if proof is not None:
            status, reason = Status.ACHIEVED, _about(target, proof, base, "part-year-met")
    if status is Status.NO_DATA and reason.code.startswith("no-actual") and part_year:
        reason = _about(target, part_year[-1], base, "only-part-year")
    trend = _trend(target, settings, base, goal_value, figures, latest)
    newest_part = next((actual for actual in reversed(part_year) if latest is None or actual.year > latest.year), None)
    return Assessment(target, as_of, status, reason, latest, figures, trend, newest_part)


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


def _base_point(target: Target, visible: Sequence[Actual]) -> _Point | None:
    """The baseline, or (when its value is unknown) the earliest actual growth is then measured from; after
    a break in the statistical basis, the first figure on the new basis."""
    breaks = [actual for actual in visible if actual.breaks and actual.value is not None]
    if breaks and target.kind is not Kind.INCREASE:
        first_on_new_basis = breaks[-1]
        assert first_on_new_basis.value is not None
        return _Point(first_on_new_basis.year, first_on_new_basis.value.value)
    baseline = target.baseline
    if baseline is not None and baseline.value is not None:
        return _Point(baseline.year, baseline.value.value)
    if target.kind is Kind.INCREASE:
        return None  # "further increase" is judged against the baseline itself, never a later figure
    if visible and visible[0].value is not None:
        return _Point(visible[0].year, visible[0].value.value)
    return None


def _goal_value(target: Target, base: _Point | None) -> float | None:
    """The level to reach: the stated value, the level a growth rate implies, or the baseline to beat."""
    goal = target.goal
    if target.kind is Kind.LEVEL and goal.value is not None:
        return goal.value.value
    if target.kind is Kind.GROWTH and goal.rate is not None and base is not None:
        return _compound(base.value, goal.rate / 100, goal.year - base.year)
    if target.kind is Kind.INCREASE and base is not None:
        return base.value
    return None


def _figures(
    target: Target, base: _Point | None, latest: Actual | None, goal_value: float | None, tolerance: float
) -> Figures:
    base_year, base_value = (base.year, base.value) if base is not None else (None, None)
    if latest is None or latest.value is None or target.kind is Kind.INCREASE:
        return Figures(target_value=goal_value, base_year=base_year, base_value=base_value)
    last, end_year = latest.value.value, target.goal.year
    years_left = end_year - latest.year
    gap = required_growth = required_change = None
    if goal_value is not None:
        gap = goal_value - last
        if years_left > 0:
            required_growth = growth(last, goal_value, years_left)
            if target.unit.strip() == "%":
                required_change = gap / years_left
    progress = elapsed = actual_growth = projected = ratio = on_pace = None
    if base is not None:
        base_is_break = any(a.breaks and a.year == base.year for a in target.actuals)
        if goal_value is not None and goal_value == base.value:
            progress = 1.0 if _meets(target, latest, base, goal_value, tolerance) else 0.0
        elif goal_value is not None and base_is_break and _meets(target, _as_actual(base), base, goal_value, tolerance):
            progress = None  # a new basis that already meets the target leaves no way to measure progress on
        elif goal_value is not None:
            progress = (last - base.value) / (goal_value - base.value)
        if end_year != base.year:
            elapsed = (latest.year - base.year) / (end_year - base.year)
        actual_growth = growth(base.value, last, latest.year - base.year)
        if actual_growth is not None and years_left >= 0:
            projected = _compound(last, actual_growth, years_left)
        ratio = _ratio(target, base, latest, goal_value, actual_growth)
        if progress is not None and elapsed is not None:
            on_pace = progress >= elapsed
    return Figures(
        target_value=goal_value,
        base_year=base_year,
        base_value=base_value,
        progress=finite(progress),
        elapsed=elapsed,
        gap=finite(gap),
        required_growth=required_growth,
        required_change=finite(required_change),
        actual_growth=actual_growth,
        projected=projected,
        ratio=finite(ratio),
        on_pace=on_pace,
    )


def _ratio(
    target: Target, base: _Point, latest: Actual, goal_value: float | None, actual_growth: float | None
) -> float | None:
    """Actual growth over the growth the path needs. Where compound growth is undefined (a value ≤ 0, as
    for a running total that starts at zero) the yearly linear paces are compared instead."""
    if latest.value is None or goal_value is None or latest.year <= base.year:
        return None
    end_year = target.goal.year
    if target.kind is Kind.GROWTH and target.goal.rate is not None:
        path_growth: float | None = target.goal.rate / 100
    else:
        path_growth = growth(base.value, goal_value, end_year - base.year)
    if path_growth is not None and actual_growth is not None:
        return actual_growth / path_growth if path_growth != 0 else None
    if end_year <= base.year or goal_value == base.value:
        return None
    actual_pace = (latest.value.value - base.value) / (latest.year - base.year)
    path_pace = (goal_value - base.value) / (end_year - base.year)
    return finite(actual_pace / path_pace) if path_pace != 0 else None


def _status(
    target: Target,
    as_of: int,
    settings: Settings,
    visible: Sequence[Actual],
    base: _Point | None,
    goal_value: float | None,
    figures: Figures,
) -> tuple[Status, Reason]:
    end_year = target.goal.year
    counted = [actual for actual in visible if actual.year <= end_year]
    baseline_year = target.baseline.year if target.baseline is not None else None
    if not any(baseline_year is None or actual.year > baseline_year for actual in counted):
        code = "no-actual-after-baseline" if baseline_year is not None else "no-actual"
        return Status.NO_DATA, Reason(code, base_year=baseline_year)
    latest = counted[-1]
    if goal_value is None or base is None:
        return Status.NO_DATA, Reason("no-base")
    settled = _settles(target, latest, base, goal_value, settings.tolerance)
    if latest.year == end_year:
        if settled is None:
            return Status.INCONCLUSIVE, _about(target, latest, base, "final-inconclusive")
        achieved = growth(base.value, latest.value.value, end_year - base.year) if latest.value else None
        status = Status.ACHIEVED if settled else Status.MISSED
        if target.kind is Kind.GROWTH and achieved is not None and target.goal.rate is not None:
            code = "growth-met" if settled else "growth-missed"
            return status, _about(
                target, latest, base, code, actual=achieved, rate=target.goal.rate, op=target.goal.op.value
            )
        return status, _about(target, latest, base, "final-met" if settled else "final-missed")
    if target.kind is not Kind.GROWTH and settled:
        return Status.ACHIEVED, _about(target, latest, base, "met-early")
    if as_of > end_year:
        return Status.AWAITING_DATA, _about(target, latest, base, "deadline-passed")
    trend = _trend_status(target, settings, base, goal_value, figures, latest)
    if trend is None:
        return Status.NO_DATA, Reason("no-trend")
    return trend


def _about(target: Target, figure: Actual, base: _Point | None, code: str, **figures: Any) -> Reason:
    """A reason naming `figure` as the deciding figure, with its part-year and scope marks, and `figures`
    (required, actual, ratio, rate, op) where the code needs them."""
    scope = figure.scope if figure.scope and target.scope and figure.scope != target.scope else None
    return Reason(
        code,
        year=figure.year,
        value=_shown(figure),
        base_year=base.year if base is not None else None,
        end_year=target.goal.year,
        months=figure.months,
        scope=scope,
        **figures,
    )


def _trend_status(
    target: Target, settings: Settings, base: _Point, goal_value: float, figures: Figures, latest: Actual
) -> tuple[Status, Reason] | None:
    """What the trend says (status rule 5), from the latest full-year figure; None where it cannot say."""
    if target.kind is Kind.INCREASE:
        if latest.value is not None and latest.value.value < base.value:
            return Status.MOVING_AWAY, _about(target, latest, base, "below-baseline")
        if _settles(target, latest, base, goal_value, settings.tolerance):
            return Status.ON_TRACK, _about(target, latest, base, "above-baseline")
        return Status.AT_RISK, _about(target, latest, base, "not-above-baseline")
    ratio = figures.ratio
    if ratio is None and target.kind is Kind.GROWTH and figures.actual_growth is not None:
        # A zero rate has no path to compare with: the trend is on track when it already grows at the rate.
        rate = target.goal.rate or 0.0
        meets = _compare(figures.actual_growth * 100, rate, target.goal.op, Qualifier.EXACT, 0.0, rising=rate >= 0)
        status = Status.ON_TRACK if meets else Status.MOVING_AWAY
        return status, _about(target, latest, base, "trend", actual=figures.actual_growth)
    if ratio is None:
        if goal_value == base.value and latest.year > base.year:
            return Status.MOVING_AWAY, _about(target, latest, base, "below-floor")
        return None
    trend = _about(
        target, latest, base, "trend", required=figures.required_growth, actual=figures.actual_growth, ratio=ratio
    )
    if ratio >= settings.on_track:
        return Status.ON_TRACK, trend
    if ratio >= settings.at_risk:
        return Status.AT_RISK, trend
    if ratio >= 0:
        return Status.OFF_TRACK, trend
    return Status.MOVING_AWAY, trend


def _trend(
    target: Target,
    settings: Settings,
    base: _Point | None,
    goal_value: float | None,
    figures: Figures,
    latest: Actual | None,
) -> Status | None:
    if base is None or goal_value is None or latest is None:
        return None
    if target.kind is not Kind.GROWTH and _settles(target, latest, base, goal_value, settings.tolerance):
        return Status.ON_TRACK  # the last figure already meets the target (also after a break)
    if latest.year <= base.year:
        return None
    found = _trend_status(target, settings, base, goal_value, figures, latest)
    return found[0] if found is not None else None


def _part_year_proof(
    target: Target, part_year: Sequence[Actual], base: _Point, goal_value: float, tolerance: float
) -> Actual | None:
    """A part-year figure of a `flow` target is a lower bound for its year: the first one that already meets
    a rising target proves it met. Growth targets are judged on year T only."""
    if not target.flow or target.goal.op not in (*_RISING_OPS, Op.ABOUT):
        return None
    for actual in part_year:
        if target.kind is Kind.GROWTH and actual.year != target.goal.year:
            continue
        if actual.value is None or actual.value.qualifier is Qualifier.UNDER:
            continue
        as_lower_bound = actual._replace(value=actual.value._replace(qualifier=Qualifier.OVER))
        if _settles(target, as_lower_bound, base, goal_value, tolerance):
            return actual
    return None


def _as_actual(point: _Point) -> Actual:
    return Actual(point.year, Span("", 0, 0), None, Quantity(point.value))


def _shown(actual: Actual) -> str:
    return actual.value.text if actual.value is not None else str(actual.done)


def _settles(target: Target, actual: Actual, base: _Point, goal_value: float, tolerance: float) -> bool | None:
    """Whether `actual` meets the target (True), misses it (False), or, being a bound whose two ends
    disagree, cannot say (None). "超4800亿元" is any value above 4800: it settles a target it already
    meets from below, but not one above it. Meeting is monotone in the value, so the two ends decide."""
    near = _meets(target, actual, base, goal_value, tolerance)
    if actual.value is None or actual.value.qualifier not in (Qualifier.OVER, Qualifier.UNDER):
        return near
    goal = target.goal
    if target.kind is Kind.GROWTH:
        rising = goal.op in _RISING_OPS or (goal.op is Op.ABOUT and (goal.rate or 0.0) >= 0)
    else:
        rising = goal.op in _RISING_OPS or (goal.op is Op.ABOUT and goal_value >= base.value)
    far = (actual.value.qualifier is Qualifier.OVER) == rising  # the open end of the bound
    if near == far:
        return near
    return None


def _meets(target: Target, actual: Actual, base: _Point, goal_value: float, tolerance: float) -> bool:
    """Whether `actual` meets the target. A bound ("2万多" = over 20000) counts as its number, so it meets
    `>= 20000` and, being strictly above it, `> 20000` too."""
    if actual.value is None:
        return False
    value, qualifier = actual.value.value, actual.value.qualifier
    goal = target.goal
    if target.kind is Kind.GROWTH:
        rate = goal.rate if goal.rate is not None else 0.0
        achieved = growth(base.value, value, actual.year - base.year)
        if achieved is None:
            return False
        return _compare(achieved * 100, rate, goal.op, Qualifier.EXACT, tolerance, rising=rate >= 0)
    return _compare(value, goal_value, goal.op, qualifier, tolerance, rising=goal_value >= base.value)


def _compare(value: float, goal: float, op: Op, qualifier: Qualifier, tolerance: float, rising: bool) -> bool:
    if op is Op.AT_LEAST:
        return value > goal or (value == goal and qualifier is not Qualifier.UNDER)
    if op is Op.ABOVE:
        return value > goal or (value == goal and qualifier is Qualifier.OVER)
    if op is Op.AT_MOST:
        return value < goal or (value == goal and qualifier is not Qualifier.OVER)
    if op is Op.BELOW:
        return value < goal or (value == goal and qualifier is Qualifier.UNDER)
    # "about": close enough from the side the target is approached from.
    margin = abs(goal) * tolerance
    return value >= goal - margin if rising else value <= goal + margin


def _assess_milestone(target: Target, as_of: int) -> Assessment:
    end_year = target.goal.year
    visible = [actual for actual in target.actuals if actual.year <= as_of and actual.done is not None]
    latest = visible[-1] if visible else None
    done_in_time = [actual for actual in visible if actual.done and actual.year <= end_year]
    if done_in_time:
        status, reason = Status.ACHIEVED, Reason("done", year=done_in_time[0].year)
    elif as_of > end_year:
        late = [actual for actual in visible if actual.year >= end_year]
        if late:
            status, reason = Status.MISSED, Reason("done-late", year=late[0].year, end_year=end_year)
        else:
            status, reason = Status.AWAITING_DATA, Reason("awaiting-completion", end_year=end_year)
    elif latest is not None and latest.done is False:
        status, reason = Status.AT_RISK, Reason("not-done", year=latest.year, end_year=end_year)
    else:
        status, reason = Status.NO_DATA, Reason("nothing")
    return Assessment(target=target, as_of=as_of, status=status, reason=reason, latest=latest)
