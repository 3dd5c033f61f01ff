"""The assessment's rules (issues 21 and 22): one rule for every op and kind, exact edges, breaks that are
linked or do not decide, and what `no-data`, `awaiting-data` and `not-started` mean. Model objects are built
directly; the properties come from the rules as README states them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import write
from shtarget.assess import assess, assess_dataset
from shtarget.check import CheckOptions, check_dataset
from shtarget.load import load_file
from shtarget.model import (
    Actual,
    Baseline,
    Citation,
    Dataset,
    Goal,
    Kind,
    Link,
    Op,
    Plan,
    Qualifier,
    Quantity,
    Settings,
    Span,
    Status,
    Target,
)
from shtarget.reasons import explain

HERE = Span("t.yaml", 1, 1)
CITED = Citation("doc", None, HERE)
RANK = (Status.ACHIEVED, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.MOVING_AWAY, Status.MISSED)


def fig(year: int, value: float, qualifier: Qualifier = Qualifier.EXACT, **extra: object) -> Actual:
    return Actual(year, HERE, CITED, Quantity(value, qualifier, f"{value:g}"), **extra)  # type: ignore[arg-type]


def make(
    *actuals: Actual,
    baseline: float | None = 100.0,
    base_year: int = 2020,
    goal: float | None = 200.0,
    op: Op = Op.AT_LEAST,
    year: int = 2025,
    kind: Kind = Kind.LEVEL,
    rate: float | None = None,
    unit: str = "亿元",
    **extra: object,
) -> Target:
    base = Baseline(base_year, None if baseline is None else Quantity(baseline, text=f"{baseline:g}"), CITED, HERE)
    return Target(
        id="t",
        plan="p",
        name="T",
        unit=unit,
        kind=kind,
        goal=Goal(year, op, HERE, None if goal is None else Quantity(goal), rate),
        span=HERE,
        baseline=base,
        actuals=tuple(sorted(actuals, key=lambda a: (a.year, a.months or 12))),
        **extra,  # type: ignore[arg-type]
    )


def growth_target(*actuals: Actual, rate: float, op: Op = Op.AT_LEAST, **extra: object) -> Target:
    return make(*actuals, goal=None, kind=Kind.GROWTH, rate=rate, op=op, **extra)  # type: ignore[arg-type]


# --- 1. direction: one rule for every op and kind ------------------------------------------------------------


def test_a_floor_breached_and_falling_is_moving_away() -> None:
    result = assess(make(fig(2022, 24.0), baseline=26, goal=25, unit="%"), 2023)
    assert result.status is Status.MOVING_AWAY
    assert result.figures.progress != 2.0 and result.trend is Status.MOVING_AWAY


def test_a_cap_overshot_is_moving_away() -> None:
    result = assess(make(fig(2022, 40.0), baseline=30, goal=35, op=Op.AT_MOST, unit="%"), 2023)
    assert result.status is Status.MOVING_AWAY
    assert result.figures.progress != 2.0


def test_a_floor_to_keep_is_on_track_while_it_holds_and_never_met_early() -> None:
    held = assess(make(fig(2022, 25.5), baseline=26, goal=25, unit="%"), 2023)
    assert held.status is Status.ON_TRACK  # not "achieved": a floor must hold at T
    assert held.figures.required_growth is None  # nothing more is needed while the goal is met
    assert assess(make(fig(2025, 25.0), baseline=26, goal=25), 2026).status is Status.ACHIEVED
    assert assess(make(fig(2025, 24.9), baseline=26, goal=25), 2026).status is Status.MISSED


def test_growth_cap() -> None:
    def cap(value: float, year: int = 2022) -> Target:
        return growth_target(fig(year, value), rate=3, op=Op.AT_MOST)

    assert assess(cap(100 * 1.05**2), 2023).status is Status.MOVING_AWAY
    assert assess(cap(100 * 1.01**2), 2023).status is Status.ON_TRACK
    final = assess(cap(100 * 1.02**5, 2025), 2026)
    assert final.status is Status.ACHIEVED and final.trend is Status.ON_TRACK


def test_negative_growth_floor() -> None:
    def floor(value: float) -> Status:
        return assess(growth_target(fig(2022, value), rate=-5, op=Op.AT_LEAST), 2023).status

    assert floor(100 * 1.02**2) is Status.ON_TRACK
    assert floor(100 * 0.90**2) is Status.MOVING_AWAY


def test_decline_of_at_least_a_rate_is_a_path_towards_the_goal() -> None:
    def decline(value: float) -> Status:
        return assess(growth_target(fig(2022, value), rate=-5, op=Op.AT_MOST), 2023).status

    assert decline(100 * 0.90**2) is Status.ON_TRACK
    assert decline(100 * 1.02**2) is Status.MOVING_AWAY


def test_a_goal_equal_to_the_baseline_is_a_keep_target_and_says_so() -> None:
    level = assess(make(fig(2022, 40.0), baseline=40, goal=40, op=Op.ABOVE), 2023)
    assert level.status is Status.AT_RISK
    assert level.reason.code == "keep-level"
    assert "floor" not in explain(level.reason) and "below" not in explain(level.reason)
    capped = assess(make(fig(2022, 45.0), baseline=40, goal=40, op=Op.AT_MOST), 2023)
    assert capped.status is Status.MOVING_AWAY
    assert capped.reason.code == "keep-above-cap" and "above the cap" in explain(capped.reason)
    assert "floor" not in explain(capped.reason)


# --- 2. about -----------------------------------------------------------------------------------------


def test_about_is_met_from_the_tolerance_edge_and_overshooting_is_met() -> None:
    rising = make(fig(2025, 3700.0), baseline=2000, goal=3500, op=Op.ABOUT)
    result = assess(rising, 2026)
    assert result.status is Status.ACHIEVED
    assert result.reason.exceeded is not None and abs(result.reason.exceeded - 200 / 3500) < 1e-12
    assert "exceeded by 5.7%" in explain(result.reason) and "超出5.7%" in explain(result.reason, "zh")
    falling = make(fig(2025, 40.0), baseline=100, goal=50, op=Op.ABOUT)
    assert assess(falling, 2026).status is Status.ACHIEVED
    assert "exceeded by 20.0%" in explain(assess(falling, 2026).reason)
    assert assess(make(fig(2025, 52.5), baseline=100, goal=50, op=Op.ABOUT), 2026).status is Status.ACHIEVED
    assert assess(make(fig(2025, 3324.0), baseline=2000, goal=3500, op=Op.ABOUT), 2026).status is Status.MISSED


# --- 3, 4. breaks on part-year figures, scopes mixed ------------------------------------------------------


def test_a_break_on_a_part_year_figure_starts_a_new_basis() -> None:
    broken = make(fig(2021, 110.0), fig(2023, 60.0, months=6, breaks=True), fig(2023, 130.0), goal=300.0)
    result = assess(broken, 2024)
    assert result.status is Status.INCONCLUSIVE  # 2023 is on the new basis, with no link to the old
    assert result.figures.actual_growth is None or result.figures.base_year == 2023
    assert result.trend is None  # one full-year figure on the new basis


def test_scopes_mixed_without_a_target_scope_are_a_break(tmp_path: Path) -> None:
    mixed = make(fig(2022, 3500.0, scope="全口径"), fig(2023, 2000.0, scope="规模以上"), goal=5000.0, baseline=3000)
    result = assess(mixed, 2024)
    assert result.status is Status.INCONCLUSIVE
    assert "no link to the old one" in explain(result.reason)
    path = write(
        tmp_path,
        """
        schema: 1
        title: t
        sources:
          s: {url: "https://example.org/a", title: a}
        plans:
          p: {name: p, period: [2021, 2025]}
        targets:
          - id: t
            plan: p
            name: t
            unit: 亿元
            baseline: {year: 2020, value: 3000, source: s}
            target: {year: 2025, value: 5000}
            evidence: [{source: s}]
            actuals:
              - {year: 2022, value: 3500, scope: 全口径, source: s}
              - {year: 2023, value: 2000, scope: 规模以上, source: s}
        """,
    )
    loaded = load_file(path)
    assert loaded.dataset is not None
    findings = [f for f in check_dataset(loaded.dataset, CheckOptions(2024)) if f.code == "scope-mixed"]
    assert len(findings) == 1 and findings[0].span.line == 17


# --- 5. exact edges -------------------------------------------------------------------------------------


def test_exact_edges_are_decided_exactly() -> None:
    assert assess(growth_target(fig(2021, 115.0), rate=15, year=2021), 2021).status is Status.ACHIEVED
    assert assess(growth_target(fig(2021, 90.0), rate=-10, op=Op.AT_MOST, year=2021), 2021).status is Status.ACHIEVED
    assert assess(growth_target(fig(2021, 101.0), rate=1, op=Op.ABOVE, year=2021), 2021).status is Status.MISSED
    share = assess(make(fig(2023, 19.56), baseline=18.9, goal=20, unit="%"), 2023)
    assert share.figures.progress == 0.6 and share.figures.elapsed == 0.6 and share.figures.on_pace is True
    tight = make(fig(2025, 1.045), baseline=1.0, goal=1.1, op=Op.ABOUT)
    assert assess(tight, 2026, Settings(tolerance=0.05)).status is Status.ACHIEVED


# --- 6. unknown baselines, zeros, bounds on an edge, full-width % -------------------------------------------


def test_growth_with_unknown_baseline_and_only_the_final_figure_is_no_data() -> None:
    result = assess(growth_target(fig(2025, 150.0), rate=5, baseline=None), 2026)
    assert result.status is Status.NO_DATA


def test_zeros() -> None:
    from_zero = growth_target(fig(2022, 50.0), rate=0, baseline=0)
    assert assess(from_zero, 2023).status is Status.ON_TRACK
    assert assess(growth_target(fig(2025, 50.0), rate=0, baseline=0), 2026).status is Status.ACHIEVED
    to_zero = growth_target(fig(2022, 0.0), rate=0, op=Op.AT_MOST)
    assert assess(to_zero, 2023).status is Status.ON_TRACK
    assert assess(growth_target(fig(2025, 0.0), rate=0, op=Op.AT_MOST), 2026).status is Status.ACHIEVED
    level = make(fig(2022, 0.0), baseline=5, goal=0, op=Op.AT_MOST)
    assert assess(level, 2023).status is Status.ACHIEVED


def test_bounds_on_an_edge_keep_their_strictness() -> None:
    over = growth_target(fig(2025, 100.0, Qualifier.OVER), rate=0, op=Op.ABOVE)
    assert assess(over, 2026).status is Status.ACHIEVED
    near = make(fig(2025, 95.0, Qualifier.UNDER), baseline=50, goal=100, op=Op.ABOUT)
    assert assess(near, 2026).status is Status.MISSED
    increase = make(fig(2022, 40.0, Qualifier.UNDER), baseline=40, goal=None, kind=Kind.INCREASE, op=Op.ABOVE)
    assert assess(increase, 2023).status is Status.MOVING_AWAY


def test_a_full_width_percent_unit_is_percent() -> None:
    result = assess(make(fig(2022, 19.5), baseline=18.9, goal=20, unit="％"), 2023)
    assert result.figures.required_change is not None


# --- 7, 8. only the figures a decision needs; no-data and awaiting-data --------------------------------------


def test_a_part_year_proof_needs_no_baseline_value() -> None:
    nev = make(fig(2023, 3467.9, months=11), baseline=None, goal=3500, op=Op.ABOUT, flow=True)
    result = assess(nev, 2026)
    assert result.status is Status.ACHIEVED and result.reason.code == "part-year-met"


def test_a_bound_that_settles_needs_no_baseline_value() -> None:
    assert assess(make(fig(2025, 250.0, Qualifier.OVER), baseline=None), 2026).status is Status.ACHIEVED


def test_no_data_and_awaiting_data() -> None:
    def milestone(*actuals: Actual) -> Target:
        return make(*actuals, baseline=None, goal=None, kind=Kind.MILESTONE)

    assert assess(milestone(), 2026).status is Status.NO_DATA
    done_late = Actual(2027, HERE, CITED, done=True)
    assert assess(milestone(done_late), 2026).status is Status.NO_DATA  # not known yet as of 2026
    not_yet = Actual(2023, HERE, CITED, done=False)
    assert assess(milestone(not_yet), 2026).status is Status.AWAITING_DATA
    assert assess(make(), 2026).status is Status.NO_DATA
    assert assess(make(fig(2023, 150.0)), 2026).status is Status.AWAITING_DATA


# --- 9. breaks are linked or they don't decide ------------------------------------------------------------


def linked(year: int, value: float, old: float) -> Actual:
    return fig(year, value, breaks=True, link=Link(Quantity(old, text=f"{old:g}"), CITED, HERE))


def test_a_linked_break_chains_growth_progress_and_the_decision() -> None:
    # old basis 100 (2020) → 110 (2021); new basis 220 in 2022, 121 on the old; 242 in 2023 = 133.1 old
    chained = growth_target(fig(2021, 110.0), linked(2022, 220.0, 121.0), fig(2023, 242.0), rate=10, year=2023)
    result = assess(chained, 2023)
    assert result.status is Status.ACHIEVED
    assert result.figures.actual_growth is not None and abs(result.figures.actual_growth - 0.1) < 1e-12
    level = make(fig(2021, 150.0), linked(2022, 300.0, 160.0), fig(2025, 380.0))  # 380 new = 202.67 old
    assert assess(level, 2026).status is Status.ACHIEVED
    short = make(fig(2021, 150.0), linked(2022, 300.0, 160.0), fig(2025, 370.0))  # 197.33 old
    assert assess(short, 2026).status is Status.MISSED


def test_an_unlinked_break_does_not_decide() -> None:
    final = make(fig(2021, 150.0), fig(2022, 300.0, breaks=True), fig(2025, 380.0))
    result = assess(final, 2026)
    assert result.status is Status.INCONCLUSIVE
    assert explain(result.reason).endswith("on a new statistical basis; no link to the old one")
    before = assess(make(fig(2021, 150.0), fig(2022, 300.0, breaks=True)), 2023)
    assert before.status is Status.INCONCLUSIVE
    assert before.trend is None  # one figure on the new basis
    two = assess(make(fig(2021, 150.0), fig(2022, 300.0, breaks=True), fig(2023, 330.0)), 2023)
    assert two.status is Status.INCONCLUSIVE and two.trend is not None
    growth = growth_target(fig(2021, 110.0), fig(2022, 300.0, breaks=True), fig(2025, 400.0), rate=5)
    assert assess(growth, 2026).status is Status.INCONCLUSIVE


def test_link_is_read_from_yaml(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        schema: 1
        title: t
        sources:
          s: {url: "https://example.org/a", title: a}
        plans:
          p: {name: p, period: [2021, 2025]}
        targets:
          - id: t
            plan: p
            name: t
            unit: 亿元
            baseline: {year: 2020, value: 100, source: s}
            target: {year: 2025, value: 200}
            evidence: [{source: s}]
            actuals:
              - {year: 2021, value: 150, source: s}
              - year: 2022
                value: 3万亿元
                source: s
                break: true
                link: {value: 1.6万亿元, source: s, quote: "1.6万亿元", note: old basis}
        """,
    )
    loaded = load_file(path)
    assert loaded.dataset is not None and not loaded.errors, loaded.findings
    actual = loaded.dataset.targets[0].actuals[1]
    assert actual.link is not None and actual.link.value.value == 16000.0
    assert actual.link.citation is not None and actual.link.citation.quote == "1.6万亿元"
    assert actual.link.span.line == 21


# --- 10. elapsed, progress and growth needed ----------------------------------------------------------------


def test_no_figure_after_the_base_gives_no_progress() -> None:
    after_break = assess(growth_target(fig(2021, 110.0), fig(2022, 300.0, breaks=True), rate=5), 2023)
    figures = after_break.figures
    assert figures.progress is None and figures.elapsed is None and figures.on_pace is None
    at_base = assess(make(fig(2020, 100.0)), 2023).figures
    assert at_base.progress is None and at_base.elapsed is None and at_base.on_pace is None


def test_growth_needed_is_none_once_the_goal_is_met() -> None:
    met = assess(make(fig(2022, 210.0)), 2023)
    assert met.figures.required_growth is None and met.figures.required_change is None
    ahead = assess(growth_target(fig(2022, 1000.0), rate=20), 2023)
    assert ahead.status is Status.ON_TRACK and ahead.figures.required_growth is None


# --- 11. not started ------------------------------------------------------------------------------------


def test_a_plan_that_starts_after_the_as_of_year_is_not_started() -> None:
    plan = Plan("p", "P", HERE, period=(2026, 2030))
    target = make(goal=5.0, year=2030, baseline=None, unit="%")
    dataset = Dataset(Path("t.yaml"), Path("."), 1, "t", Settings(), plans={"p": plan}, targets=(target,))
    assert [a.status for a in assess_dataset(dataset, 2025)] == [Status.NOT_STARTED]
    assert [a.status for a in assess_dataset(dataset, 2026)] == [Status.NO_DATA]
    from shtarget.render.words import status_word

    assert status_word(Status.NOT_STARTED, "zh") == "未开始" and status_word(Status.NOT_STARTED, "en") == "not started"


# --- properties -------------------------------------------------------------------------------------------

YEARS = st.integers(min_value=1, max_value=8)
AMOUNTS = st.integers(min_value=1, max_value=2000).map(lambda n: n / 4)
RATES = st.integers(min_value=-40, max_value=40).map(lambda n: n / 2)
TOLERANCES = st.sampled_from([0.0, 0.02, 0.05, 0.1])


class Case:
    """A target, and where "further from the goal" lies: +1 when a higher figure is further."""

    def __init__(self, target: Target, away: int) -> None:
        self.target, self.away = target, away


@st.composite
def cases(draw: st.DrawFn) -> Case:
    kind = draw(st.sampled_from([Kind.LEVEL, Kind.GROWTH]))
    op = draw(st.sampled_from(list(Op)))
    base = draw(AMOUNTS)
    span = draw(YEARS)
    if kind is Kind.LEVEL:
        goal = draw(AMOUNTS)
        assume(op is not Op.ABOUT or goal != base)
        rising = op in (Op.AT_LEAST, Op.ABOVE) or (op is Op.ABOUT and goal > base)
        target = make(baseline=base, goal=goal, op=op, year=2020 + span)
    else:
        rate = draw(RATES)
        assume(op is not Op.ABOUT or rate != 0)
        rising = op in (Op.AT_LEAST, Op.ABOVE) or (op is Op.ABOUT and rate > 0)
        target = make(baseline=base, goal=None, kind=Kind.GROWTH, rate=rate, op=op, year=2020 + span)
    return Case(target, -1 if rising else 1)


def status_rank(status: Status) -> int:
    assert status in RANK, status
    return RANK.index(status)


@settings(max_examples=150, deadline=None)
@given(cases(), st.data(), AMOUNTS, AMOUNTS)
def test_moving_away_from_the_goal_never_improves_the_status(
    case: Case, data: st.DataObject, a: float, b: float
) -> None:
    assume(a != b)
    goal_year = case.target.goal.year
    year = data.draw(st.integers(min_value=2021, max_value=goal_year))
    nearer, further = sorted((a, b), reverse=case.away < 0)
    as_of = data.draw(st.integers(min_value=year, max_value=goal_year))
    first = assess(case.target._replace(actuals=(fig(year, nearer),)), as_of)
    second = assess(case.target._replace(actuals=(fig(year, further),)), as_of)
    assert status_rank(second.status) >= status_rank(first.status), (first.reason, second.reason)


@settings(max_examples=150, deadline=None)
@given(cases(), st.data(), AMOUNTS)
def test_a_met_goal_is_never_off_track_or_moving_away(case: Case, data: st.DataObject, value: float) -> None:
    target = case.target
    year = data.draw(st.integers(min_value=2021, max_value=target.goal.year))
    result = assess(target._replace(actuals=(fig(year, value),)), year)
    base = target.baseline.value.value if target.baseline and target.baseline.value else 0.0
    if target.kind is Kind.LEVEL:
        assert target.goal.value is not None
        met = _meets(value, target.goal.value.value, target.goal.op, base, 0.05)
    else:
        assert target.goal.rate is not None
        reached = Decimal(repr(value)) / Decimal(repr(base))
        path = (1 + Decimal(repr(target.goal.rate)) / 100) ** (year - 2020)
        rising = target.goal.op in (Op.AT_LEAST, Op.ABOVE) or (target.goal.op is Op.ABOUT and target.goal.rate > 0)
        met = reached > path if rising else reached < path  # strictly past the path: no edge question here
    if met:
        assert result.status not in (Status.OFF_TRACK, Status.MOVING_AWAY), result.reason
        assert result.trend not in (Status.OFF_TRACK, Status.MOVING_AWAY), result.reason


def _meets(value: float, goal: float, op: Op, base: float, tolerance: float) -> bool:
    v, g, t = Decimal(repr(value)), Decimal(repr(goal)), Decimal(repr(tolerance))
    if op is Op.AT_LEAST:
        return v >= g
    if op is Op.ABOVE:
        return v > g
    if op is Op.AT_MOST:
        return v <= g
    if op is Op.BELOW:
        return v < g
    return v >= g * (1 - t) if goal > base else v <= g * (1 + t)


def exactly(number: Decimal) -> float:
    """`number` as a figure, when a float written in decimal reads back as exactly that number."""
    value = float(number)
    assume(Decimal(repr(value)) == number)
    return value


@settings(max_examples=150, deadline=None)
@given(cases(), TOLERANCES)
def test_a_figure_exactly_at_the_edge_meets_it(case: Case, tolerance: float) -> None:
    target = case.target
    strict = target.goal.op in (Op.ABOVE, Op.BELOW)
    base = Decimal(repr(target.baseline.value.value))  # type: ignore[union-attr]
    years = target.goal.year - 2020
    tol = Decimal(repr(tolerance))
    if target.kind is Kind.LEVEL:
        goal = Decimal(repr(target.goal.value.value))  # type: ignore[union-attr]
        if target.goal.op is Op.ABOUT:
            goal = goal * (1 - tol) if goal > base else goal * (1 + tol)
        edge = goal
    else:
        rate = Decimal(repr(target.goal.rate)) / 100
        if target.goal.op is Op.ABOUT:
            rate = rate - abs(rate) * tol if rate > 0 else rate + abs(rate) * tol
        edge = base * (1 + rate) ** years
    value = exactly(edge)
    final = assess(
        target._replace(actuals=(fig(target.goal.year, value),)), target.goal.year, Settings(tolerance=tolerance)
    )
    assert final.status is (Status.MISSED if strict else Status.ACHIEVED), final.reason


@settings(max_examples=150, deadline=None)
@given(cases(), st.data())
def test_a_figure_exactly_on_the_path_is_on_pace(case: Case, data: st.DataObject) -> None:
    target = case.target
    assume(target.goal.year > 2021)
    year = data.draw(st.integers(min_value=2021, max_value=target.goal.year - 1))
    base = Decimal(repr(target.baseline.value.value))  # type: ignore[union-attr]
    if target.kind is Kind.LEVEL:
        goal = Decimal(repr(target.goal.value.value))  # type: ignore[union-attr]
        assume(goal != base or target.goal.op not in (Op.ABOVE, Op.BELOW))  # a strict edge at the base: not met
        along = base + (goal - base) * (year - 2020) / (target.goal.year - 2020)
        result = assess(target._replace(actuals=(fig(year, exactly(along)),)), year)
        assert result.figures.on_pace is True, result.figures
    else:
        along = base * (1 + Decimal(repr(target.goal.rate)) / 100) ** (year - 2020)
        result = assess(target._replace(actuals=(fig(year, exactly(along)),)), year, Settings(on_track=1.0))
        strict = target.goal.op in (Op.ABOVE, Op.BELOW)
        assert result.status is (Status.AT_RISK if strict and case.away * target.goal.rate >= 0 else Status.ON_TRACK)
