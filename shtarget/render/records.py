"""An assessment as plain data: the record `status --format json` prints and CSV flattens."""

from __future__ import annotations

import math
from typing import Any

from shtarget.model import Assessment, Kind, Series

# Computed figures carry binary noise (0.1 + 0.2); 12 significant digits drop it and keep every digit a
# statistic has. Recorded values are written as recorded.
DERIVED_DIGITS = 12


def derived(value: float | None) -> float | None:
    """A computed figure without binary noise: -4.800000000000001 → -4.8."""
    if value is None or not math.isfinite(value):
        return value
    return float(f"{value:.{DERIVED_DIGITS}g}")


def assessment_record(assessment: Assessment) -> dict[str, Any]:
    target, figures, latest = assessment.target, assessment.figures, assessment.latest
    baseline = target.baseline
    goal = target.goal
    return {
        "id": target.id,
        "plan": target.plan,
        "name": target.name,
        "name_en": target.name_en,
        "unit": target.unit,
        "kind": target.kind.value,
        "baseline": None
        if baseline is None
        else {"year": baseline.year, "value": baseline.value.value if baseline.value else None},
        "target": {
            "year": goal.year,
            "value": goal.value.value if goal.value else None,
            "op": None if target.kind is Kind.MILESTONE else goal.op.value,
            "rate": goal.rate,
        },
        "latest": None
        if latest is None
        else {
            "year": latest.year,
            "value": latest.value.value if latest.value else None,
            "qualifier": latest.value.qualifier.value if latest.value else None,
        },
        "progress": derived(figures.progress),
        "elapsed": derived(figures.elapsed),
        "gap": derived(figures.gap),
        "required_growth": derived(figures.required_growth),
        "actual_growth": derived(figures.actual_growth),
        "projected": derived(figures.projected),
        "ratio": derived(figures.ratio),
        "on_pace": figures.on_pace,
        "status": assessment.status.value,
        "trend": assessment.trend.value if assessment.trend is not None else None,
        "draft": target.draft,  # proposed by `extract`, not yet reviewed
    }


def series_record(series: Series, as_of: int) -> dict[str, Any]:
    return {
        "id": series.id,
        "name": series.name,
        "name_en": series.name_en,
        "unit": series.unit,
        "actuals": [
            {"year": a.year, "value": a.value.value, "qualifier": a.value.qualifier.value}
            for a in series.actuals
            if a.value is not None and a.year <= as_of
        ],
    }
