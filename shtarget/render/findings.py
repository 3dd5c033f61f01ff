"""Findings for `shtarget check`: plain text for people and editors, JSON for tools, GitHub workflow commands."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from types import MappingProxyType

from shtarget.model import Finding, Severity
from shtarget.safe import json_safe, visible

FINDINGS_PER_CODE = 200


def cap_findings(findings: tuple[Finding, ...], limit: int = FINDINGS_PER_CODE) -> tuple[Finding, ...]:
    """At most `limit` findings of each code, in order; the rest of a code become one `findings-omitted`
    finding (at the first one left out) carrying their number, so a broken million-line file stays readable."""
    seen: dict[str, int] = {}
    kept: list[Finding] = []
    first_left_out: dict[str, Finding] = {}
    for finding in findings:
        seen[finding.code] = seen.get(finding.code, 0) + 1
        if seen[finding.code] <= limit:
            kept.append(finding)
        else:
            first_left_out.setdefault(finding.code, finding)
    for code, first in first_left_out.items():
        more = seen[code] - limit
        message = f"{more:,} more '{code}' finding{'s' * (more != 1)} not listed (the first {limit} are above)"
        kept.append(Finding("findings-omitted", first.severity, message, first.span, None, more))
    return tuple(kept)


def render_text(findings: tuple[Finding, ...]) -> str:
    """One line per finding; data never starts a line of its own (a line break in a message is shown as \\n)."""
    lines = [visible(str(finding)) for finding in findings]
    lines.append(summary(findings))
    return "\n".join(lines) + "\n"


def render_json(findings: tuple[Finding, ...]) -> str:
    records = [
        {
            "code": f.code,
            "severity": f.severity.value,
            "message": f.message,
            "file": f.span.path,
            "line": f.span.line,
            "col": f.span.col,
            "target": f.target,
            "accepted": f.accepted,
        }
        for f in findings
    ]
    return json_safe(json.dumps(records, ensure_ascii=False, indent=2)) + "\n"


def render_github(findings: tuple[Finding, ...]) -> str:
    """GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=CODE::message`."""
    lines = []
    for f in findings:
        command = "error" if f.severity is Severity.ERROR else "warning"
        properties = ",".join(
            f"{name}={_escape_property(visible(str(value)))}"
            for name, value in (("file", f.span.path), ("line", f.span.line), ("col", f.span.col), ("title", f.code))
        )
        accepted = f" (accepted: {f.accepted})" if f.accepted is not None else ""
        command = "notice" if f.accepted is not None else command
        lines.append(f"::{command} {properties}::{_escape_data(visible(f.message + accepted))}")
    return "".join(line + "\n" for line in lines)


def summary(findings: tuple[Finding, ...]) -> str:
    errors = sum(f.tally for f in findings if f.severity is Severity.ERROR)
    warnings = sum(f.tally for f in findings) - errors
    if not findings:
        return "no problems found"
    accepted = sum(f.tally for f in findings if f.accepted is not None)
    counted = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    return counted + (f" ({accepted} accepted)" if accepted else "")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


FINDING_FORMATS: Mapping[str, Callable[[tuple[Finding, ...]], str]] = MappingProxyType(
    {"text": render_text, "json": render_json, "github": render_github}
)
