"""`shtarget diff` as text for a terminal, Markdown for a pull-request comment, or JSON. Text from the data
is shown through `safe.visible` (and escaped for Markdown), so it cannot act on a terminal or a page."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from types import MappingProxyType

from shtarget.diff import DatasetDiff
from shtarget.render.markdown import escape, table
from shtarget.safe import json_safe, visible


def _empty(diff: DatasetDiff) -> bool:
    return not diff.actuals and not diff.statuses and not diff.sources


def render_text(diff: DatasetDiff) -> str:
    if _empty(diff):
        return f"no changes to actuals, sources or statuses (as of {diff.as_of})\n"
    lines = []
    for change in diff.actuals:
        arrow = f"{change.before or '—'} → {change.after or '—'}"
        lines.append(f"{change.target} {change.period}: {change.change} {arrow}")
    for source in diff.sources:
        arrow = f"{source.before or '—'} → {source.after or '—'}"
        lines.append(f"source {source.source}: {source.change} {arrow}")
    for status in diff.statuses:
        flag = "  (regression)" if status.regression else ""
        lines.append(f"{status.target}: {_status(status.before)} → {_status(status.after)}{flag}")
    return "".join(visible(line) + "\n" for line in lines)


def render_markdown(diff: DatasetDiff) -> str:
    parts = [f"### shtarget: what this change does (as of {diff.as_of})\n"]
    if _empty(diff):
        parts.append("No actuals, sources or statuses change.\n")
        return "\n".join(parts)
    if diff.statuses:
        status_rows = [
            (_code(s.target), _status(s.before), _status(s.after), "⚠️ worse" if s.regression else "")
            for s in diff.statuses
        ]
        parts.append(f"**Status changes** ({len(diff.statuses)}, {len(diff.regressions)} worse)\n")
        parts.append(table(("target", "before", "after", "regression"), status_rows))
    if diff.actuals:
        actual_rows = [
            (_code(a.target), a.period, a.change.value, _text(a.before), _text(a.after)) for a in diff.actuals
        ]
        parts.append(f"**Actuals** ({len(diff.actuals)})\n")
        parts.append(table(("target", "year", "change", "before", "after"), actual_rows, "lrl"))
    if diff.sources:
        source_rows = [(_code(s.source), s.change.value, _text(s.before), _text(s.after)) for s in diff.sources]
        parts.append(f"**Sources** ({len(diff.sources)})\n")
        parts.append(table(("source", "change", "before", "after"), source_rows))
    return "\n".join(parts)


def _code(identifier: str) -> str:
    """An id as inline code (ids are [a-z0-9-], validated on load; escaped all the same)."""
    return f"`{escape(visible(identifier)).replace('`', '')}`"


def _text(value: str | None) -> str:
    return escape(visible(value or "—"))


def render_json(diff: DatasetDiff) -> str:
    document = {
        "as_of": diff.as_of,
        "actuals": [
            {
                "target": a.target,
                "year": a.year,
                "months": a.months,
                "change": a.change.value,
                "before": a.before,
                "after": a.after,
            }
            for a in diff.actuals
        ],
        "sources": [
            {"source": s.source, "change": s.change.value, "before": s.before, "after": s.after} for s in diff.sources
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
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def _status(status: object) -> str:
    return "(none)" if status is None else str(status)


DIFF_FORMATS: Mapping[str, Callable[[DatasetDiff], str]] = MappingProxyType(
    {"text": render_text, "markdown": render_markdown, "json": render_json}
)
