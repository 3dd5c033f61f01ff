"""An assessment as plain data: the record `status --format json` prints and CSV flattens."""

from __future__ import annotations

from typing import Any

from shtarget.model import Assessment, Kind, Series


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
        "progress": figures.progress,
        "elapsed": figures.elapsed,
        "gap": figures.gap,
        "required_growth": figures.required_growth,
        "actual_growth": figures.actual_growth,
        "projected": figures.projected,
        "ratio": figures.ratio,
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
