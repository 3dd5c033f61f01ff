"""`shtarget export`: the full data and its assessment, machine-readable.

JSON and TOML carry the same structure. TOML has no null, so an absent figure is simply left out there (a
reader treats a missing key as null). CSV is flat: one row per target, or with `--actuals` one row per actual.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from shtarget import __version__
from shtarget.assess import count_statuses
from shtarget.fileformat import SCHEMA_VERSION
from shtarget.model import Actual, Assessment, Baseline, Citation, Dataset, Kind, Quantity, Series
from shtarget.quantity import format_figure
from shtarget.reasons import explain
from shtarget.relations import RelationResult
from shtarget.render.csv_format import spreadsheet_cell
from shtarget.render.records import derived
from shtarget.safe import json_safe


@dataclass(frozen=True)
class Export:
    dataset: Dataset
    as_of: int
    assessments: tuple[Assessment, ...]
    relation_results: tuple[RelationResult, ...]
    actual_rows: bool = False  # CSV only: one row per actual instead of per target
    bom: bool = False  # CSV only: start with a UTF-8 byte order mark, which Excel on Windows needs


def build(export: Export) -> dict[str, Any]:
    dataset = export.dataset
    return {
        "schema": SCHEMA_VERSION,
        "as_of": export.as_of,
        "title": dataset.title,
        "generated_by": f"shtarget {__version__}",
        "settings": {
            "on_track": dataset.settings.on_track,
            "at_risk": dataset.settings.at_risk,
            "tolerance": dataset.settings.tolerance,
        },
        "sources": {
            source.id: {
                "title": source.title,
                "path": source.path,
                "url": source.url,
                "sha256": source.sha256,
                "kind": source.kind,
                "published": source.published,
                "retrieved": source.retrieved,
            }
            for source in dataset.sources.values()
        },
        "plans": {
            plan.id: {
                "name": plan.name,
                "name_en": plan.name_en,
                "period": list(plan.period) if plan.period else None,
                "source": plan.source,
            }
            for plan in dataset.plans.values()
        },
        "targets": [target_record(assessment) for assessment in export.assessments],
        "series": [series_entry(series) for series in dataset.series],
        "relations": [
            {
                "id": relation.id,
                "holds": f"{relation.left} = {relation.right}",
                "tolerance": relation.tolerance,
                "note": relation.note,
                "years": [
                    {
                        "year": r.year,
                        "left": derived(r.left),
                        "right": derived(r.right),
                        "holds": r.holds,
                        "error": r.error,
                    }
                    for r in export.relation_results
                    if r.relation.id == relation.id
                ],
            }
            for relation in dataset.relations
        ],
        "summary": count_statuses(export.assessments),
    }


def target_record(assessment: Assessment) -> dict[str, Any]:
    target, figures = assessment.target, assessment.figures
    unit, unit_en = target.unit, target.unit_en
    latest = assessment.latest.value if assessment.latest else None
    return {
        "id": target.id,
        "plan": target.plan,
        "name": target.name,
        "name_en": target.name_en,
        "unit": target.unit,
        "kind": target.kind.value,
        "flow": target.flow,
        "scope": target.scope,
        "draft": target.draft,
        "note": target.note,
        "unit_en": unit_en,
        "basis": target.basis,
        "nature": target.nature,
        "aspirational": target.aspirational,
        "terms": list(target.terms),
        "baseline": _baseline(target.baseline, unit, unit_en),
        "target": {
            "year": target.goal.year,
            "value": _number(target.goal.value),
            "qualifier": _qualifier(target.goal.value),
            **_readings(target.goal.value, unit, unit_en),
            "op": None if target.kind is Kind.MILESTONE else target.goal.op.value,
            "rate": target.goal.rate,
        },
        "evidence": [_citation(citation) for citation in target.evidence],
        "actuals": [_actual(actual, unit, unit_en) for actual in target.actuals],
        "assessment": {
            "status": assessment.status.value,
            "trend": assessment.trend.value if assessment.trend is not None else None,
            "reason": explain(assessment.reason, "en", assessment.target.unit),
            "latest_year": assessment.latest.year if assessment.latest else None,
            "latest_months": assessment.latest.months if assessment.latest else None,
            "latest_value": _number(assessment.latest.value) if assessment.latest else None,
            "latest_qualifier": _qualifier(assessment.latest.value) if assessment.latest else None,
            **{f"latest_{key}": text for key, text in _readings(latest, unit, unit_en).items()},
            "target_value": derived(figures.target_value),
            "progress": derived(figures.progress),
            "elapsed": derived(figures.elapsed),
            "gap": derived(figures.gap),
            "required_growth": derived(figures.required_growth),
            "required_change": derived(figures.required_change),
            "actual_growth": derived(figures.actual_growth),
            "projected": derived(figures.projected),
            "ratio": derived(figures.ratio),
            "on_pace": figures.on_pace,
        },
    }


def series_entry(series: Series) -> dict[str, Any]:
    return {
        "id": series.id,
        "name": series.name,
        "name_en": series.name_en,
        "unit": series.unit,
        "note": series.note,
        "actuals": [_actual(actual, series.unit) for actual in series.actuals],
    }


def _readings(quantity: Quantity | None, unit: str, unit_en: str | None) -> dict[str, str | None]:
    """The rounded reading beside a recorded figure, as the dashboard writes it: "超1.7万家", ">17,000 firms"."""
    if quantity is None:
        return {"reading": None, "reading_en": None}
    value, qualifier = quantity.value, quantity.qualifier
    return {
        "reading": format_figure(value, unit, "zh", qualifier),
        "reading_en": format_figure(value, unit, "en", qualifier, unit_en),
    }


def _baseline(baseline: Baseline | None, unit: str, unit_en: str | None) -> dict[str, Any] | None:
    if baseline is None:
        return None
    return {
        "year": baseline.year,
        "value": _number(baseline.value),
        "qualifier": _qualifier(baseline.value),
        **_readings(baseline.value, unit, unit_en),
        **(_citation(baseline.citation) if baseline.citation else {"source": None, "quote": None}),
        "note": baseline.note,
    }


def _actual(actual: Actual, unit: str, unit_en: str | None = None) -> dict[str, Any]:
    return {
        "year": actual.year,
        "value": _number(actual.value),
        "qualifier": _qualifier(actual.value),
        **_readings(actual.value, unit, unit_en),
        "done": actual.done,
        "rate": actual.rate,
        "months": actual.months,
        "scope": actual.scope,
        "break": actual.breaks,
        "link": _link(actual, unit),
        **(_citation(actual.citation) if actual.citation else {"source": None, "quote": None}),
        "note": actual.note,
        "draft": actual.draft,
    }


def _link(actual: Actual, unit: str) -> dict[str, Any] | None:
    """A break's link: the same year's figure on the old basis, with its source."""
    link = actual.link
    if link is None:
        return None
    cited = _citation(link.citation) if link.citation else {"source": None, "quote": None}
    return {"value": link.value.value, "qualifier": link.value.qualifier.value, **cited}


def _citation(citation: Citation) -> dict[str, Any]:
    return {"source": citation.source, "quote": citation.quote}


def _number(quantity: Quantity | None) -> float | None:
    return quantity.value if quantity is not None else None


def _qualifier(quantity: Quantity | None) -> str | None:
    return quantity.qualifier.value if quantity is not None else None


# --- formats ------------------------------------------------------------------------------------------


def render_json(export: Export) -> str:
    from shtarget.render.json_format import dumps_lines

    return dumps_lines(build(export))


def render_toml(export: Export) -> str:
    import tomli_w

    # tomli-w escapes C0 controls only; bidi controls and separators become \u escapes (TOML basic strings
    # read them back as the same characters).
    return json_safe(tomli_w.dumps(without_nulls(build(export))))


def without_nulls(value: Any) -> Any:
    """The structure with every None left out (TOML cannot say null)."""
    if isinstance(value, dict):
        return {key: without_nulls(inner) for key, inner in value.items() if inner is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value if item is not None]
    return value


TARGET_COLUMNS = (
    "id", "plan", "name", "name_en", "unit", "kind", "status", "trend", "reason",
    "baseline_year", "baseline_value", "target_year", "target_value", "target_op", "target_rate",
    "latest_year", "latest_months", "latest_value", "latest_qualifier", "latest_reading", "latest_reading_en",
    "progress", "elapsed", "gap", "required_growth", "actual_growth", "projected", "ratio", "on_pace",
)  # fmt: skip
ACTUAL_COLUMNS = (
    "figure", "kind", "year", "months", "value", "qualifier", "reading", "reading_en", "done", "rate", "scope",
    "break", "source", "quote", "note",
)  # fmt: skip


def render_csv(export: Export) -> str:
    """Text cells pass through `safe.csv_cell` (a cell a spreadsheet would run as a formula gets a leading
    `'`); numbers stay numbers."""
    out = io.StringIO()
    if export.bom:
        out.write("\ufeff")
    if export.actual_rows:
        writer = csv.DictWriter(out, fieldnames=ACTUAL_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for figure in export.dataset.figures:
            kind = figure.kind.value if not isinstance(figure, Series) else "series"
            for actual in figure.actuals:
                unit_en = figure.unit_en if not isinstance(figure, Series) else None
                row = {"figure": figure.id, "kind": kind, **_actual(actual, figure.unit, unit_en)}
                writer.writerow({column: spreadsheet_cell(row.get(column)) for column in ACTUAL_COLUMNS})
        return out.getvalue()
    writer = csv.DictWriter(out, fieldnames=TARGET_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in build(export)["targets"]:
        flat = {key: value for key, value in record.items() if not isinstance(value, dict | list)}
        for part in ("baseline", "target"):
            for key, value in (record[part] or {}).items():
                flat[f"{part}_{key}"] = value
        flat.update(record["assessment"])
        writer.writerow({column: spreadsheet_cell(flat.get(column)) for column in TARGET_COLUMNS})
    return out.getvalue()


EXPORT_FORMATS: Mapping[str, Callable[[Export], str]] = MappingProxyType(
    {"json": render_json, "toml": render_toml, "csv": render_csv}
)
