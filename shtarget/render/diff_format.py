"""`shtarget diff` as text for a terminal, Markdown for a pull-request comment, or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from types import MappingProxyType

from shtarget.diff import DatasetDiff
from shtarget.render.markdown import escape, table


def render_text(diff: DatasetDiff) -> str:
    if not diff.actuals and not diff.statuses:
        return f"no changes to actuals or statuses (as of {diff.as_of})\n"
    lines = []
    for change in diff.actuals:
        arrow = f"{change.before or '—'} → {change.after or '—'}"
        lines.append(f"{change.target} {change.year}: {change.change} {arrow}")
    for status in diff.statuses:
        flag = "  (regression)" if status.regression else ""
        lines.append(f"{status.target}: {_status(status.before)} → {_status(status.after)}{flag}")
    return "\n".join(lines) + "\n"


def render_markdown(diff: DatasetDiff) -> str:
    parts = [f"### shtarget: what this change does (as of {diff.as_of})\n"]
    if not diff.actuals and not diff.statuses:
        parts.append("No actuals or statuses change.\n")
        return "\n".join(parts)
    if diff.statuses:
        status_rows = [
            (f"`{s.target}`", _status(s.before), _status(s.after), "⚠️ worse" if s.regression else "")
            for s in diff.statuses
        ]
        parts.append(f"**Status changes** ({len(diff.statuses)}, {len(diff.regressions)} worse)\n")
        parts.append(table(("target", "before", "after", ""), status_rows))
    if diff.actuals:
        actual_rows = [
            (f"`{a.target}`", str(a.year), a.change.value, escape(a.before or "—"), escape(a.after or "—"))
            for a in diff.actuals
        ]
        parts.append(f"**Actuals** ({len(diff.actuals)})\n")
        parts.append(table(("target", "year", "change", "before", "after"), actual_rows, "lrl"))
    return "\n".join(parts)


def render_json(diff: DatasetDiff) -> str:
    document = {
        "as_of": diff.as_of,
        "actuals": [
            {"target": a.target, "year": a.year, "change": a.change.value, "before": a.before, "after": a.after}
            for a in diff.actuals
        ],
        "statuses": [
            {
                "target": s.target,
                "before": s.before.value if s.before else None,
                "after": s.after.value if s.after else None,
                "regression": s.regression,
            }
            for s in diff.statuses
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _status(status: object) -> str:
    return "(none)" if status is None else str(status)


DIFF_FORMATS: Mapping[str, Callable[[DatasetDiff], str]] = MappingProxyType(
    {"text": render_text, "markdown": render_markdown, "json": render_json}
)
