"""`--format csv`: one row per target, the JSON record flattened (`baseline.year` → `baseline_year`).

Text cells pass through `safe.csv_cell`: a name or note starting with = + - @ (which a spreadsheet would run
as a formula) gets a leading `'`, and control characters are shown escaped. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from shtarget.render import StatusReport
from shtarget.render.records import assessment_record
from shtarget.safe import csv_cell


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            flat.update({f"{key}_{inner}": inner_value for inner, inner_value in value.items()})
        else:
            flat[key] = value
    return flat


COLUMNS = (
    "id", "plan", "name", "name_en", "unit", "kind",
    "baseline_year", "baseline_value",
    "target_year", "target_value", "target_op", "target_rate",
    "latest_year", "latest_value", "latest_qualifier",
    "progress", "elapsed", "gap", "required_growth", "actual_growth", "projected", "ratio", "on_pace", "status",
    "trend",
)  # fmt: skip


def render(report: StatusReport) -> str:
    """Targets only: a series has no status, so it has no row here (its figures are in JSON)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for assessment in report.assessments:
        row = flatten(assessment_record(assessment))
        writer.writerow({column: spreadsheet_cell(row.get(column)) for column in COLUMNS})
    return out.getvalue()


def spreadsheet_cell(value: Any) -> Any:
    """None as an empty cell, booleans as true/false, numbers as they are, text guarded (`safe.csv_cell`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return csv_cell(value)
    return value
