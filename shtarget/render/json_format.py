"""`--format json`: the documented structure, one object for the whole run."""

from __future__ import annotations

import json

from shtarget.assess import count_statuses
from shtarget.fileformat import SCHEMA_VERSION
from shtarget.render import StatusReport
from shtarget.render.records import assessment_record, series_record
from shtarget.safe import json_safe


def render(report: StatusReport) -> str:
    document: dict[str, object] = {
        "schema": SCHEMA_VERSION,
        "as_of": report.as_of,
        "targets": [assessment_record(assessment) for assessment in report.assessments],
        "summary": count_statuses(report.assessments),
    }
    if report.series:
        document["series"] = [series_record(series, report.as_of) for series in report.series]
    return dumps_lines(document)


def dumps_lines(document: dict[str, object]) -> str:
    """JSON with one element of each top-level list per line: readable, diffable, and written by the C
    encoder (an indented dump goes through the pure-Python one, ten times slower on large files). Control
    and bidi characters in strings are written as \\u escapes (`safe.json_safe`): the same data for a
    parser, nothing a terminal acts on."""
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps makes one per call
    parts = []
    for key, value in document.items():
        name = "  " + encode(key)
        if isinstance(value, list) and value:
            items = ",\n".join("    " + encode(item) for item in value)
            parts.append(f"{name}: [\n{items}\n  ]")
        else:
            parts.append(f"{name}: {encode(value)}")
    return json_safe("{\n" + ",\n".join(parts) + "\n}\n")
