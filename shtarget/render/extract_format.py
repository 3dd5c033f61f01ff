"""`shtarget extract`: the candidates as a `targets:` fragment in the data file's style (yaml), as JSON, or as
a table to read.

The YAML is what `--into` splices into the data file too, so it is written here once. Text from the document is
escaped where it could act on a terminal: YAML and JSON strings carry such characters as \\u escapes (the same
string once parsed, so a quote still matches its file), the table shows them through `safe.visible`.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from shtarget.extract import Baseline, Candidate, Figure, Goal
from shtarget.model import Kind, Op
from shtarget.provenance import simplified
from shtarget.safe import has_unsafe, visible
from shtarget.scalars import Entry, Style, scalar


@dataclass(frozen=True)
class ExtractReport:
    """What `extract` shows: the candidates from `document`, cited as `source_id`, under `plan_id`."""

    document: str
    source_id: str
    plan_id: str
    candidates: tuple[Candidate, ...]
    registration: str | None = None  # a command registering the document, when it is not a source yet


def render_yaml(report: ExtractReport) -> str:
    count = len(report.candidates)
    lines = [
        f"# shtarget extract: {count} candidate{'s' if count != 1 else ''} from {_comment(report.document)}"
        f" (source {report.source_id}, plan {report.plan_id}).",
        "# Review each: fix the id, name, unit and figures, add name_en; then delete its `draft: true` line.",
        "# `shtarget check --strict` fails while any draft remains.",
    ]
    if report.registration:
        lines.append(f"# The document is not a source yet; register it first: {_comment(report.registration)}")
    lines.append("targets:")
    for candidate in report.candidates:
        lines += ["  " + line for line in target_lines(candidate, report.source_id, report.plan_id)]
    return "\n".join(lines) + "\n"


def target_lines(candidate: Candidate, source_id: str, plan_id: str) -> list[str]:
    """One target as block lines starting at column 0 ("- id: …"), after a comment with its line, confidence
    and the reasons for anything guessed; `draft: true` marks it for review."""
    why = "; ".join(candidate.reasons)
    heading = f"# line {candidate.line} · confidence {candidate.confidence:.2f}"
    lines = [heading + (f" · {_comment(why)}" if why else "")]
    fields: list[tuple[str, str]] = [
        ("id", scalar(candidate.id, Style.WORD)),
        ("plan", scalar(plan_id, Style.WORD)),  # an id from a file name (2025, yes) stays text
        ("name", _yaml(candidate.name)),
    ]
    if candidate.kind is not Kind.MILESTONE:
        fields.append(("unit", _yaml(candidate.unit)))
    fields.append(("kind", candidate.kind.value))
    if candidate.baseline is not None:
        fields.append(("baseline", _flow(_baseline_entries(candidate.baseline, source_id))))
    fields.append(("target", _flow(_goal_entries(candidate.target, candidate.kind))))
    body = [f"  {key}: {value}" for key, value in fields[1:]]
    evidence = _flow([Entry("source", source_id, Style.WORD), Entry("quote", candidate.quote)])
    body += ["  evidence:", f"    - {evidence}"]
    note = _note(candidate)
    if note:
        body.append(f"  note: {_yaml(note)}")
    body.append("  draft: true")
    return [*lines, f"- id: {fields[0][1]}", *body]


def _baseline_entries(baseline: Baseline, source_id: str) -> list[Entry]:
    entries = [Entry("year", baseline.year)]
    if baseline.value is None:
        entries.append(Entry("value", "null", Style.RAW))
        return entries
    entries += [Entry("value", _figure(baseline.value)), Entry("source", source_id, Style.WORD)]
    if baseline.quote:
        entries.append(Entry("quote", baseline.quote))
    return entries


def _goal_entries(goal: Goal, kind: Kind) -> list[Entry]:
    entries = [Entry("year", goal.year)]
    if kind is Kind.GROWTH and goal.rate is not None:
        entries.append(Entry("rate", _number(goal.rate), Style.QUANTITY))
    elif kind is Kind.LEVEL and goal.value is not None:
        entries.append(Entry("value", _figure(goal.value)))
    if kind is not Kind.MILESTONE:
        entries.append(Entry("op", goal.op.value))
    return entries


def _note(candidate: Candidate) -> str | None:
    parts = [candidate.note] if candidate.note else []
    upper = candidate.target.upper
    if upper is not None and candidate.target.value is not None:
        parts.append(f"the plan gives a range, {candidate.target.value.text} to {upper.text}")
    return "; ".join(parts) or None


def _figure(figure: Figure) -> str:
    """The value for targets.yaml: as the text writes it, with its qualifier ("超過1.7萬家", "20%以上")."""
    if figure.qualified:
        return figure.qualified
    text = figure.text
    return _number(figure.value) if text == _number(figure.value) else text


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _flow(entries: Sequence[Entry]) -> str:
    return "{" + ", ".join(f"{entry.key}: {_entry_value(entry)}" for entry in entries) + "}"


def _entry_value(entry: Entry) -> str:
    if entry.style is not Style.TEXT or not isinstance(entry.value, str):
        return scalar(entry.value, entry.style)
    return _yaml(entry.value)


def _yaml(text: str) -> str:
    """A YAML scalar (see scalars.scalar) whose terminal-active characters are written as \\u escapes."""
    written = scalar(text)
    if not has_unsafe(written):
        return written
    if not written.startswith('"'):
        written = json.dumps(text, ensure_ascii=False)
    return "".join(f"\\u{ord(char):04x}" if has_unsafe(char) else char for char in written)


def _comment(text: str) -> str:
    return visible(text)


# --- json ---------------------------------------------------------------------------------------------------


def render_json(report: ExtractReport) -> str:
    document = {
        "document": report.document,
        "source": report.source_id,
        "plan": report.plan_id,
        "registered": report.registration is None,
        "candidates": [candidate_record(candidate) for candidate in report.candidates],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def candidate_record(candidate: Candidate) -> dict[str, object]:
    goal = candidate.target
    baseline = candidate.baseline
    return {
        "id": candidate.id,
        "name": candidate.name,
        "unit": candidate.unit,
        "kind": candidate.kind.value,
        "target": {
            "year": goal.year,
            "op": goal.op.value,
            "value": goal.value.value if goal.value else None,
            "value_text": goal.value.written if goal.value else None,
            "rate": goal.rate,
            "upper": goal.upper.value if goal.upper else None,
            "factor": goal.factor,
        },
        "baseline": None
        if baseline is None
        else {
            "year": baseline.year,
            "value": baseline.value.value if baseline.value else None,
            "value_text": baseline.value.written if baseline.value else None,
            "quote": baseline.quote,
            "line": baseline.line,
        },
        "quote": candidate.quote,
        "line": candidate.line,
        "confidence": candidate.confidence,
        "reasons": list(candidate.reasons),
        "note": _note(candidate),
    }


# --- table --------------------------------------------------------------------------------------------------

_OPS = {Op.AT_LEAST: "≥", Op.ABOVE: ">", Op.ABOUT: "~", Op.AT_MOST: "≤", Op.BELOW: "<"}
_HEADERS = ("line", "id", "kind", "target", "baseline", "conf", "indicator")
QUOTE_WIDTH = 60


def render_table(report: ExtractReport) -> str:
    rows = [_HEADERS] + [_row(candidate) for candidate in report.candidates]
    widths = [max(_width(row[column]) for row in rows) for column in range(len(_HEADERS) - 1)]
    count = len(report.candidates)
    lines = [
        f"{visible(report.document)}: {count} candidate{'s' if count != 1 else ''}"
        f" (source {visible(report.source_id)}, plan {visible(report.plan_id)})",
        "",
    ]
    for index, row in enumerate(rows):
        cells = [_pad(cell, widths[column], right=column in (0, 5)) for column, cell in enumerate(row[:-1])]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
        if index:
            quote = visible(report.candidates[index - 1].quote)
            lines.append(" " * (widths[0] + 2) + "«" + _clip(quote, QUOTE_WIDTH) + "»")
    lines += ["", "Details and reasons: --format yaml; add them to the data as drafts: --into targets.yaml"]
    if report.registration:
        lines.append(f"Not a source yet: {visible(report.registration)}")
    return "\n".join(lines) + "\n"


def _row(candidate: Candidate) -> tuple[str, ...]:
    return (
        str(candidate.line),
        visible(candidate.id),
        candidate.kind.value,
        _goal_text(candidate),
        _baseline_text(candidate),
        f"{candidate.confidence:.2f}",
        visible(candidate.name),
    )


def _goal_text(candidate: Candidate) -> str:
    goal = candidate.target
    by = f" by {goal.year}"
    if candidate.kind is Kind.GROWTH and goal.rate is not None:
        return f"{_OPS[goal.op]}{_number(goal.rate)}%/yr{by}"
    if candidate.kind is Kind.LEVEL and goal.value is not None:
        return f"{_OPS[goal.op]}{visible(_with_unit(goal.value.text, goal.value, candidate.unit))}{by}"
    if candidate.kind is Kind.INCREASE:
        return f"{_OPS[goal.op]} baseline{by}"
    return by.strip()


def _baseline_text(candidate: Candidate) -> str:
    baseline = candidate.baseline
    if baseline is None:
        return "—"
    if baseline.value is None:
        return f"? ({baseline.year})"
    return f"{visible(_with_unit(baseline.value.written, baseline.value, candidate.unit))} ({baseline.year})"


def _with_unit(text: str, figure: Figure, unit: str) -> str:
    """A figure in a table row, in simplified script like the row's indicator name: the quote under the row
    keeps the document's own script."""
    shown = text if text != _number(figure.value) else f"{text}{unit}"
    return simplified(shown)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out = ""
    for char in text:
        if _width(out + char) > width - 1:
            break
        out += char
    return out + "…"


EXTRACT_FORMATS: Mapping[str, Callable[[ExtractReport], str]] = MappingProxyType(
    {"yaml": render_yaml, "json": render_json, "table": render_table}
)
