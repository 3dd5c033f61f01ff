"""Findings for `shtarget check`: plain text for people and editors, JSON for tools, GitHub workflow commands."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from types import MappingProxyType

from shtarget.model import Finding, Severity


def render_text(findings: tuple[Finding, ...]) -> str:
    lines = [str(finding) for finding in findings]
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
        }
        for f in findings
    ]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def render_github(findings: tuple[Finding, ...]) -> str:
    """GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=CODE::message`."""
    lines = []
    for f in findings:
        command = "error" if f.severity is Severity.ERROR else "warning"
        properties = ",".join(
            f"{name}={_escape_property(str(value))}"
            for name, value in (("file", f.span.path), ("line", f.span.line), ("col", f.span.col), ("title", f.code))
        )
        lines.append(f"::{command} {properties}::{_escape_data(f.message)}")
    return "".join(line + "\n" for line in lines)


def summary(findings: tuple[Finding, ...]) -> str:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    if not findings:
        return "no problems found"
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


FINDING_FORMATS: Mapping[str, Callable[[tuple[Finding, ...]], str]] = MappingProxyType(
    {"text": render_text, "json": render_json, "github": render_github}
)
