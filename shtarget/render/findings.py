"""Findings for `shtarget check`: plain text for people and editors, JSON for tools, GitHub workflow commands."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from types import MappingProxyType

from shtarget.model import Finding, Severity
from shtarget.render.messages import finding_text, message
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


def render_text(findings: tuple[Finding, ...], lang: str = "en") -> str:
    """One line per finding; data never starts a line of its own (a line break in a message is shown as \\n)."""
    lines = [visible(finding_line(finding, lang)) for finding in findings]
    lines.append(summary(findings, lang))
    return "\n".join(lines) + "\n"


def finding_line(finding: Finding, lang: str = "en") -> str:
    """`targets.yaml:42:7: error[code] message`, its words in `lang`; an accepted warning says so and why."""
    if lang == "en":
        return str(finding)
    text = finding_text(finding.code, finding.severity.value, finding.message, lang)
    accepted = message("accepted", lang, reason=finding.accepted) if finding.accepted is not None else ""
    return f"{finding.span}: {text}{accepted}"


def render_json(findings: tuple[Finding, ...], lang: str = "en") -> str:
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


def render_github(findings: tuple[Finding, ...], lang: str = "en") -> str:
    """GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=CODE::message`."""
    lines = []
    for f in findings:
        command = "error" if f.severity is Severity.ERROR else "warning"
        properties = ",".join(
            f"{name}={_escape_property(visible(str(value)))}"
            for name, value in (("file", f.span.path), ("line", f.span.line), ("col", f.span.col), ("title", f.code))
        )
        accepted = message("accepted", lang, reason=f.accepted) if f.accepted is not None else ""
        command = "notice" if f.accepted is not None else command
        lines.append(f"::{command} {properties}::{_escape_data(visible(f.message + accepted))}")
    return "".join(line + "\n" for line in lines)


def summary(findings: tuple[Finding, ...], lang: str = "en") -> str:
    errors = sum(f.tally for f in findings if f.severity is Severity.ERROR)
    warnings = sum(f.tally for f in findings) - errors
    if not findings:
        return message("no-problems", lang)
    accepted = sum(f.tally for f in findings if f.accepted is not None)
    plural = {"errors_s": "s" * (errors != 1), "warnings_s": "s" * (warnings != 1)}
    counted = message("counts", lang, errors=errors, warnings=warnings, **plural)
    return counted + (message("accepted-count", lang, accepted=accepted) if accepted else "")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


FINDING_FORMATS: Mapping[str, Callable[[tuple[Finding, ...], str], str]] = MappingProxyType(
    {"text": render_text, "json": render_json, "github": render_github}
)
