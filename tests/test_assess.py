from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from shtarget.assess import assess, count_statuses, growth
from shtarget.model import (
    Actual,
    Baseline,
    Citation,
    Goal,
    Kind,
    Link,
    Op,
    Qualifier,
    Quantity,
    Settings,
    Span,
    Status,
    Target,
)
from shtarget.reasons import TEMPLATES, explain

HERE = Span("t.yaml", 1, 1)
CITED = Citation("doc", None, HERE)


def target(
    *,
    baseline: float | None = 100.0,
    baseline_year: int | None = 2020,
    goal: float | None = 200.0,
    op: Op = Op.AT_LEAST,
    year: int = 2025,
    kind: Kind = Kind.LEVEL,
    rate: float | None = None,
    unit: str = "亿元",
    actuals: dict[int, float | tuple[float, Qualifier] | bool] | None = None,
) -> Target:
    recorded = []
    for actual_year, value in (actuals or {}).items():
        if isinstance(value, bool):
            recorded.append(Actual(actual_year, HERE, CITED, done=value))
        else:
            number, qualifier = value if isinstance(value, tuple) else (value, Qualifier.EXACT)
            recorded.append(Actual(actual_year, HERE, CITED, Quantity(number, qualifier, str(number))))
    base = None
    if baseline_year is not None:
        base = Baseline(baseline_year, None if baseline is None else Quantity(baseline), CITED, HERE)
    return Target(
        id="t",
        plan="p",
        name="T",
        unit=unit,
        kind=kind,
        goal=Goal(year, op, HERE, None if goal is None else Quantity(goal), rate),
        span=HERE,
        baseline=base,
        actuals=tuple(recorded),
    )


def test_figures_by_hand() -> None:
    # baseline 100 (2020), latest 121 (2022), target 200 (2025)
    result = assess(target(actuals={2022: 121.0}), 2023)
    f = result.figures
    assert f.progress == pytest.approx(21 / 100)
    assert f.elapsed == pytest.approx(2 / 5)
    assert f.gap == pytest.approx(79)
    assert f.actual_growth == pytest.approx(0.10)  # 100 → 121 in two years is 10%/yr
    assert f.required_growth == pytest.approx((200 / 121) ** (1 / 3) - 1)
    assert f.projected == pytest.approx(121 * 1.1**3)
    path = 2 ** (1 / 5) - 1  # 14.87%/yr
    assert f.ratio == pytest.approx(0.10 / path)
    assert f.on_pace is False
    assert f.required_change is None  # only for % targets
    assert result.status is Status.AT_RISK  # ratio 0.672


def test_required_change_in_points_for_percent_targets() -> None:
    result = assess(target(baseline=18.9, goal=20, unit="%", actuals={2022: 19.5}), 2023)
    assert result.figures.required_change == pytest.approx(0.5 / 3)


def test_no_data_without_an_actual_after_the_baseline() -> None:
    result = assess(target(actuals={2015: 50.0, 2020: 100.0}), 2026)
    assert result.status is Status.NO_DATA
    assert result.latest is not None and result.latest.year == 2020
    assert result.figures.progress is None  # no figure after the base: no progress, not "0%"


def test_final_year_actual_decides() -> None:
    assert assess(target(actuals={2025: 200.0}), 2026).status is Status.ACHIEVED
    assert assess(target(actuals={2025: 199.0}), 2026).status is Status.MISSED
    # ... even when a later figure would meet it
    assert assess(target(actuals={2025: 199.0, 2026: 300.0}), 2026).status is Status.MISSED


def test_met_early() -> None:
    result = assess(target(actuals={2023: 210.0}), 2024)
    assert result.status is Status.ACHIEVED
    assert result.reason.code == "met-early"
    assert explain(result.reason) == "met early: 2023 actual 210.0 meets the target"
    assert explain(result.reason, "zh") == "提前实现：2023年实际值210.0已达到目标"


def test_awaiting_data_after_the_deadline() -> None:
    assert assess(target(actuals={2023: 150.0}), 2026).status is Status.AWAITING_DATA


def test_trend_statuses_by_ratio() -> None:
    path = 2 ** (1 / 5) - 1
    # grow at exactly the path rate for 2 years: ratio 1 → on-track
    on_path = 100 * (1 + path) ** 2
    assert assess(target(actuals={2022: on_path}), 2023).status is Status.ON_TRACK
    # 0.7 of the path rate → at-risk; 0.3 → off-track; shrinking → moving-away
    for share, expected in ((0.7, Status.AT_RISK), (0.3, Status.OFF_TRACK), (-0.5, Status.MOVING_AWAY)):
        value = 100 * (1 + share * path) ** 2
        result = assess(target(actuals={2022: value}), 2023)
        assert result.figures.ratio == pytest.approx(share)
        assert result.status is expected


def test_thresholds_come_from_settings() -> None:
    path = 2 ** (1 / 5) - 1
    value = 100 * (1 + 0.7 * path) ** 2
    assert assess(target(actuals={2022: value}), 2023, Settings(on_track=0.5)).status is Status.ON_TRACK


def test_decrease_targets_keep_the_ratio_positive() -> None:
    # 100 → 50 by 2025; 100 → 81 in two years is -10%/yr against a path of -12.9%/yr
    result = assess(target(goal=50, op=Op.AT_MOST, actuals={2022: 81.0}), 2023)
    assert result.figures.ratio == pytest.approx(-0.10 / (0.5 ** (1 / 5) - 1))
    assert result.status is Status.AT_RISK
    assert assess(target(goal=50, op=Op.AT_MOST, actuals={2025: 50.0}), 2026).status is Status.ACHIEVED
    assert assess(target(goal=50, op=Op.BELOW, actuals={2025: 50.0}), 2026).status is Status.MISSED


def test_lower_bounds_count_as_their_number() -> None:
    over = (26000.0, Qualifier.OVER)
    assert assess(target(baseline=17000, goal=26000, op=Op.ABOVE, actuals={2025: over}), 2026).status is Status.ACHIEVED
    exact = 26000.0
    assert assess(target(baseline=17000, goal=26000, op=Op.ABOVE, actuals={2025: exact}), 2026).status is Status.MISSED
    under = (26000.0, Qualifier.UNDER)
    assert assess(target(baseline=17000, goal=26000, actuals={2025: under}), 2026).status is Status.MISSED


def test_about_uses_the_tolerance_from_the_side_of_approach() -> None:
    # about 3500 from below: 3325 (= 95%) is enough, 3324 is not
    assert assess(target(baseline=2000, goal=3500, op=Op.ABOUT, actuals={2025: 3325.0}), 2026).status is Status.ACHIEVED
    assert assess(target(baseline=2000, goal=3500, op=Op.ABOUT, actuals={2025: 3324.0}), 2026).status is Status.MISSED
    # about 50 from above (a decrease): up to 52.5
    assert assess(target(baseline=100, goal=50, op=Op.ABOUT, actuals={2025: 52.5}), 2026).status is Status.ACHIEVED
    assert assess(target(baseline=100, goal=50, op=Op.ABOUT, actuals={2025: 53.0}), 2026).status is Status.MISSED


def test_flat_target_below_the_floor_is_moving_away() -> None:
    result = assess(target(goal=100, actuals={2022: 90.0}), 2023)
    assert result.figures.ratio is None
    assert result.status is Status.MOVING_AWAY
    assert result.figures.progress == 0.0


def test_running_total_from_zero_uses_linear_pace() -> None:
    # 0 → 3200 by 2025; 800 by 2022 is 400/yr against 640/yr
    result = assess(target(baseline=0, goal=3200, actuals={2022: 800.0}), 2022)
    assert result.figures.actual_growth is None
    assert result.figures.ratio == pytest.approx(400 / 640)
    assert result.status is Status.AT_RISK


def test_growth_target() -> None:
    # 20%/yr from 100 (2020): implied 2025 level 248.832
    grown = target(goal=None, kind=Kind.GROWTH, rate=20, op=Op.ABOUT, actuals={2022: 144.0})
    result = assess(grown, 2023)
    assert result.figures.target_value == pytest.approx(100 * 1.2**5)
    assert result.figures.actual_growth == pytest.approx(0.2)
    assert result.figures.ratio == pytest.approx(1.0)
    assert result.status is Status.ON_TRACK
    assert result.figures.required_growth == pytest.approx(0.2)


def test_growth_target_is_never_met_early() -> None:
    early = target(goal=None, kind=Kind.GROWTH, rate=20, actuals={2022: 1000.0})
    assert assess(early, 2023).status is Status.ON_TRACK


def test_zero_rate_growth_target_judges_the_actual_growth() -> None:
    # A zero rate has no path for a ratio; growing 22.5%/yr meets it, shrinking does not.
    grown = target(goal=None, kind=Kind.GROWTH, rate=0, actuals={2021: 100.0, 2023: 150.0})
    assert assess(grown, 2024).status is Status.ON_TRACK
    shrunk = target(goal=None, kind=Kind.GROWTH, rate=0, actuals={2021: 100.0, 2023: 90.0})
    assert assess(shrunk, 2024).status is Status.MOVING_AWAY


def test_extreme_values_give_no_infinite_figures() -> None:
    tiny = target(baseline=1e-300, goal=1e300, actuals={2021: 1e300, 2022: 1e-300}, kind=Kind.LEVEL)
    figures = assess(tiny, 2023).figures
    assert all(v is None or isinstance(v, bool | int) or math.isfinite(v) for v in figures._asdict().values())


def test_growth_target_final_year() -> None:
    # about 20%/yr with 5% tolerance: at least 19%/yr over five years
    enough = 100 * 1.19**5 + 0.01
    short = 100 * 1.18**5
    ok = target(goal=None, kind=Kind.GROWTH, rate=20, op=Op.ABOUT, actuals={2025: enough})
    assert assess(ok, 2026).status is Status.ACHIEVED
    missed = target(goal=None, kind=Kind.GROWTH, rate=20, op=Op.ABOUT, actuals={2025: short})
    assert assess(missed, 2026).status is Status.MISSED


def test_growth_with_unknown_baseline_runs_from_the_earliest_actual() -> None:
    unknown = target(baseline=None, goal=None, kind=Kind.GROWTH, rate=10, actuals={2021: 100.0, 2023: 121.0})
    result = assess(unknown, 2024)
    assert result.figures.actual_growth == pytest.approx(0.1)
    assert result.figures.target_value == pytest.approx(100 * 1.1**4)
    assert result.status is Status.ON_TRACK
    single = target(baseline=None, goal=None, kind=Kind.GROWTH, rate=10, actuals={2021: 100.0})
    assert assess(single, 2024).status is Status.NO_DATA


def test_increase_target() -> None:
    def increase(value: float, op: Op = Op.ABOVE) -> Status:
        return assess(target(baseline=40, goal=None, kind=Kind.INCREASE, op=op, actuals={2022: value}), 2023).status

    # A goal the baseline sits on is one to keep: on track while it holds, never met early (it must hold at T).
    assert increase(41) is Status.ON_TRACK
    assert increase(40) is Status.AT_RISK
    assert increase(39) is Status.MOVING_AWAY
    assert increase(40, Op.AT_LEAST) is Status.ON_TRACK
    final = target(baseline=40, goal=None, kind=Kind.INCREASE, op=Op.ABOVE, actuals={2025: 41.0})
    assert assess(final, 2026).status is Status.ACHIEVED
    result = assess(target(baseline=40, goal=None, kind=Kind.INCREASE, actuals={2022: 41.0}), 2023)
    assert result.figures.progress is None and result.figures.actual_growth is None
    final = target(baseline=40, goal=None, kind=Kind.INCREASE, op=Op.ABOVE, actuals={2025: 40.0})
    assert assess(final, 2026).status is Status.MISSED
    unknown = target(baseline=None, goal=None, kind=Kind.INCREASE, actuals={2022: 41.0})
    assert assess(unknown, 2023).status is Status.NO_DATA


def test_milestones() -> None:
    def milestone(actuals: dict[int, float | tuple[float, Qualifier] | bool], as_of: int) -> Status:
        return assess(target(baseline_year=None, goal=None, kind=Kind.MILESTONE, actuals=actuals), as_of).status

    assert milestone({2023: True}, 2024) is Status.ACHIEVED
    assert milestone({}, 2024) is Status.NO_DATA
    assert milestone({2023: False}, 2024) is Status.AT_RISK
    assert milestone({}, 2026) is Status.NO_DATA  # no record at all: no data, whatever the deadline
    assert milestone({2023: False}, 2026) is Status.AWAITING_DATA
    assert milestone({2025: False}, 2026) is Status.MISSED
    assert milestone({2026: True}, 2026) is Status.MISSED  # done, but late
    assert milestone({2023: True}, 2022) is Status.NO_DATA  # not known yet as of 2022


def test_as_of_hides_later_actuals() -> None:
    later = target(actuals={2022: 121.0, 2024: 300.0})
    assert assess(later, 2023).latest is not None
    assert assess(later, 2023).status is Status.AT_RISK
    assert assess(later, 2024).status is Status.ACHIEVED


def test_count_statuses_lists_every_status() -> None:
    counts = count_statuses([assess(target(), 2023), assess(target(actuals={2025: 300.0}), 2026)])
    assert list(counts) == [status.value for status in Status]
    assert counts["no-data"] == 1 and counts["achieved"] == 1


# --- properties --------------------------------------------------------------------------------------

positive = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False, allow_infinity=False)
finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(positive, positive, st.integers(min_value=2020, max_value=2030), st.integers(min_value=1, max_value=20))
def test_growing_at_the_required_rate_lands_on_the_target(base: float, goal: float, start: int, years: int) -> None:
    assume(1e-3 < goal / base < 1e3)  # beyond that, 1 + rate loses the digits that matter
    rate = growth(base, goal, years)
    assert rate is not None
    assert base * (1 + rate) ** years == pytest.approx(goal, rel=1e-6)


@given(positive, positive)
def test_progress_is_zero_at_the_baseline_and_one_at_the_target(base: float, goal: float) -> None:
    # A goal above the base, so a path to climb: a goal the base already meets is one to keep (progress 1 or 0).
    assume(goal > base and not math.isclose(base, goal, rel_tol=1e-9))
    at_base = assess(target(baseline=base, goal=goal, actuals={2022: base}), 2023)
    at_goal = assess(target(baseline=base, goal=goal, actuals={2022: goal}), 2023)
    assert at_base.figures.progress == pytest.approx(0.0, abs=1e-9)
    assert at_goal.figures.progress == pytest.approx(1.0)


@given(
    st.one_of(st.none(), finite),
    st.one_of(st.none(), finite),
    st.sampled_from(list(Op)),
    st.sampled_from([Kind.LEVEL, Kind.GROWTH, Kind.INCREASE]),
    st.dictionaries(st.integers(min_value=2010, max_value=2030), finite, max_size=4),
    st.integers(min_value=2015, max_value=2035),
    st.floats(min_value=-50, max_value=50),
)
def test_status_never_crashes(
    base: float | None,
    goal: float | None,
    op: Op,
    kind: Kind,
    actuals: dict[int, float],
    as_of: int,
    rate: float,
) -> None:
    recorded: dict[int, float | tuple[float, Qualifier] | bool] = dict(actuals)
    result = assess(target(baseline=base, goal=goal, op=op, kind=kind, rate=rate, actuals=recorded), as_of)
    assert result.status in Status
    # Every computed figure is finite or None: JSON output must stay strict (no Infinity, no NaN).
    for value in result.figures._asdict().values():
        assert value is None or isinstance(value, bool | int) or math.isfinite(value)


def test_every_reason_is_worded_in_both_languages() -> None:
    assert TEMPLATES["en"].keys() == TEMPLATES["zh"].keys()
    source = (Path(__file__).parent.parent / "shtarget" / "assess.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'code="([a-z-]+)"|Reason\("([a-z-]+)"', source))
    used = {code for pair in codes for code in pair if code} | {
        "growth-met",
        "growth-missed",
        "final-met",
        "final-missed",
    }
    assert used <= TEMPLATES["en"].keys() | {"trend"}
    trend = assess(target(actuals={2022: 121.0}), 2023).reason
    assert explain(trend, "zh").startswith("自2022年起需年均增长") and "；" in explain(trend, "zh")


# --- issue 11: part-year figures, bounds that don't settle, scope, breaks; issue 10: the trend -------------


def with_actuals(base: Target, *actuals: Actual, **changes: object) -> Target:
    return base._replace(actuals=tuple(sorted(actuals, key=lambda a: (a.year, a.months or 12))), **changes)


def figure(year: int, value: float, qualifier: Qualifier = Qualifier.EXACT, **extra: object) -> Actual:
    return Actual(year, HERE, CITED, Quantity(value, qualifier, f"{value:g}"), **extra)  # type: ignore[arg-type]


def test_part_year_figure_on_a_flow_target_that_meets_proves_it_met() -> None:
    # 11 months already at 210 against >= 200: the full year can only be higher.
    flow = with_actuals(target(), figure(2023, 210.0, months=11), flow=True)
    result = assess(flow, 2024)
    assert result.status is Status.ACHIEVED
    assert result.reason.code == "part-year-met" and result.reason.months == 11
    assert "Jan–Nov" in explain(result.reason, "en") and "1—11月" in explain(result.reason, "zh")


def test_part_year_figure_that_does_not_meet_is_shown_not_assessed() -> None:
    flow = with_actuals(target(), figure(2022, 130.0), figure(2023, 150.0, months=6), flow=True)
    result = assess(flow, 2024)
    assert result.latest is not None and result.latest.year == 2022  # never the latest for growth
    assert result.part_year is not None and result.part_year.months == 6
    assert result.status is not Status.ACHIEVED and result.status is not Status.MISSED


def test_part_year_figure_never_decides_the_final_year() -> None:
    # A 2025 half-year figure below the target on a deadline past: not `missed`, it is no final figure.
    flow = with_actuals(target(), figure(2022, 130.0), figure(2025, 120.0, months=6), flow=True)
    assert assess(flow, 2026).status is Status.AWAITING_DATA


def test_part_year_figure_on_a_non_flow_target_proves_nothing() -> None:
    stock = with_actuals(target(), figure(2023, 250.0, months=9))
    assert assess(stock, 2024).status is Status.NO_DATA
    share = with_actuals(target(unit="%"), figure(2021, 120.0), figure(2023, 250.0, months=9))
    assert assess(share, 2024).status is not Status.ACHIEVED


def test_a_lower_bound_that_meets_settles_a_level_target() -> None:
    met = with_actuals(target(), figure(2025, 210.0, Qualifier.OVER))
    assert assess(met, 2026).status is Status.ACHIEVED


def test_a_lower_bound_below_the_target_is_inconclusive() -> None:
    bound = with_actuals(target(), figure(2025, 180.0, Qualifier.OVER))
    result = assess(bound, 2026)
    assert result.status is Status.INCONCLUSIVE
    assert result.reason.code == "final-inconclusive"


def test_an_upper_bound_below_the_target_is_missed() -> None:
    below = with_actuals(target(), figure(2025, 180.0, Qualifier.UNDER))
    assert assess(below, 2026).status is Status.MISSED
    above = with_actuals(target(), figure(2025, 220.0, Qualifier.UNDER))
    assert assess(above, 2026).status is Status.INCONCLUSIVE


def test_bounds_on_a_growth_target() -> None:
    # About 20%/yr from 100 (2020): at least 19%/yr, i.e. 238.6 by 2025.
    grown = target(goal=None, kind=Kind.GROWTH, rate=20, op=Op.ABOUT)
    settles = with_actuals(grown, figure(2025, 240.0, Qualifier.OVER))
    assert assess(settles, 2026).status is Status.ACHIEVED
    unsettled = with_actuals(grown, figure(2025, 232.0, Qualifier.OVER))  # >= 18.3%/yr: could be either
    assert assess(unsettled, 2026).status is Status.INCONCLUSIVE
    short = with_actuals(grown, figure(2025, 232.0, Qualifier.UNDER))
    assert assess(short, 2026).status is Status.MISSED


def test_bounds_on_a_decrease_target_are_mirrored() -> None:
    decrease = target(baseline=100.0, goal=80.0, op=Op.AT_MOST)
    assert assess(with_actuals(decrease, figure(2025, 75.0, Qualifier.UNDER)), 2026).status is Status.ACHIEVED
    assert assess(with_actuals(decrease, figure(2025, 85.0, Qualifier.UNDER)), 2026).status is Status.INCONCLUSIVE
    assert assess(with_actuals(decrease, figure(2025, 85.0, Qualifier.OVER)), 2026).status is Status.MISSED
    assert assess(with_actuals(decrease, figure(2025, 75.0, Qualifier.OVER)), 2026).status is Status.INCONCLUSIVE


def test_a_break_resets_the_base() -> None:
    # 100 (2020) → 170 (2021, new basis) → 205.7 (2023): growth is 10%/yr from 2021, not 27%/yr from 2020.
    broken = with_actuals(target(goal=300.0), figure(2021, 170.0, breaks=True), figure(2023, 205.7))
    figures = assess(broken, 2024).figures
    assert figures.base_year == 2021
    assert figures.actual_growth == pytest.approx(0.1)


def test_scope_difference_is_named_in_the_reason() -> None:
    scoped = with_actuals(target(), figure(2025, 250.0, scope="规模以上"), scope="全口径")
    reason = assess(scoped, 2026).reason
    assert reason.scope == "规模以上"
    assert "规模以上" in explain(reason, "en") and "口径" in explain(reason, "zh")


def test_trend_after_the_deadline() -> None:
    # On track when last seen (ratio 1.0), deadline passed without a final figure: awaiting data, trend on track.
    late = target(goal=None, kind=Kind.GROWTH, rate=20, op=Op.ABOUT, actuals={2022: 144.0})
    result = assess(late, 2026)
    assert result.status is Status.AWAITING_DATA
    assert result.trend is Status.ON_TRACK


def test_trend_is_none_without_figures() -> None:
    assert assess(target(), 2026).trend is None
    assert assess(target(kind=Kind.MILESTONE, goal=None, actuals={2022: True}), 2026).trend is None


def test_a_new_basis_meets_the_target_only_through_a_link() -> None:
    # 2022 starts a new basis at 240, 210 on the old one: 250 in 2023 is 218.75 on the old basis, >= 200.
    link = Link(Quantity(210.0, text="210"), CITED, HERE)
    met = with_actuals(target(), figure(2022, 240.0, breaks=True, link=link), figure(2023, 250.0))
    assert assess(met, 2024).status is Status.ACHIEVED
    assert assess(met, 2026).trend is Status.ON_TRACK
    # Without the link 240 and 250 say nothing about >= 200 (set on the old basis): the trend is the pace on the
    # new basis (4.2%/yr against the path's 14.9%/yr), and the status cannot come from them.
    unlinked = with_actuals(target(), figure(2022, 240.0, breaks=True), figure(2023, 250.0))
    assert assess(unlinked, 2024).status is Status.INCONCLUSIVE
    assert assess(unlinked, 2026).trend is Status.OFF_TRACK
