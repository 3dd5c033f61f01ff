"""`--format json`: the documented structure, one object for the whole run."""

from __future__ import annotations

import json

from shtarget.assess import count_statuses
from shtarget.load import SCHEMA_VERSION
from shtarget.render import StatusReport
from shtarget.render.records import assessment_record, series_record


def render(report: StatusReport) -> str:
    document: dict[str, object] = {
        "schema": SCHEMA_VERSION,
        "as_of": report.as_of,
        "targets": [assessment_record(assessment) for assessment in report.assessments],
        "summary": count_statuses(report.assessments),
    }
    if report.series:
        document["series"] = [series_record(series, report.as_of) for series in report.series]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
