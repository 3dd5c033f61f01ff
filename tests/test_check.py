from __future__ import annotations

import json
import re
from pathlib import Path

from test_cli import run

from conftest import REPO, write
from shtarget.check import CheckOptions, check_dataset, locate_quotes
from shtarget.load import load_file
from shtarget.model import Finding, Severity, Span, Status
from shtarget.render.findings import render_github, render_json, render_text

WORKFLOW_COMMAND = re.compile(r"^::(error|warning) file=[^,:]+,line=\d+,col=\d+,title=[a-z0-9-]+::[^\r\n]*$")


def test_shipped_data_has_no_findings() -> None:
    result = load_file(REPO / "targets.yaml")
    assert result.dataset is not None
    assert check_dataset(result.dataset, CheckOptions(2026)) == ()


def test_quote_lines_of_the_shipped_data() -> None:
    result = load_file(REPO / "targets.yaml")
    assert result.dataset is not None
    lines = locate_quotes(result.dataset)
    assert lines[("sei-gdp-share", "evidence[0]")] == 11
    assert lines[("high-tech-enterprises", "actual 2021")] == 16
    assert lines[("tech-centre-financing", "actual 2022")] == 13
    assert len(lines) >= 30


def test_status_gate(workdir: Path) -> None:
    result = load_file(workdir / "targets.yaml")
    assert result.dataset is not None
    statuses = frozenset({Status.AT_RISK, Status.ON_TRACK})
    findings = check_dataset(result.dataset, CheckOptions(2023, statuses))
    gated = [f for f in findings if f.code == "status-gate"]
    assert gated and all(f.severity is Severity.ERROR for f in gated)
    assert {f.target for f in gated} <= {"value-added", "high-tech-firms"}
    assert gated[0].span.line in (18, 31)


def test_github_format_follows_the_workflow_command_syntax() -> None:
    findings = (
        Finding("quote-not-found", Severity.ERROR, "a: 100% wrong\nsecond line", Span("dir,x/t:a.yaml", 3, 4), "a"),
        Finding("unused-source", Severity.WARNING, "plain", Span("targets.yaml", 1, 1)),
    )
    lines = render_github(findings).splitlines()
    assert all(WORKFLOW_COMMAND.match(line) for line in lines), lines
    assert (
        lines[0] == "::error file=dir%2Cx/t%3Aa.yaml,line=3,col=4,title=quote-not-found::a: 100%25 wrong\\nsecond line"
    )
    assert lines[1].startswith("::warning file=targets.yaml,line=1,col=1,title=unused-source::")


def test_json_and_text_formats() -> None:
    finding = Finding("bad-id", Severity.ERROR, "x: bad", Span("t.yaml", 2, 3), "x")
    assert json.loads(render_json((finding,))) == [
        {
            "code": "bad-id",
            "severity": "error",
            "message": "x: bad",
            "file": "t.yaml",
            "line": 2,
            "col": 3,
            "target": "x",
        }
    ]
    assert render_text((finding,)) == "t.yaml:2:3: error[bad-id] x: bad\n1 error, 0 warnings\n"
    assert render_text(()) == "no problems found\n"


def test_check_command_on_the_shipped_file() -> None:
    result = run("check", "--strict", cwd=REPO)
    assert result.returncode == 0, result.stdout
    assert result.stdout == "no problems found\n"


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        schema: 1
        title: t
        sources:
          web: {url: "https://example.org"}
        plans: {p: {name: P, source: web}}
        targets:
          - {id: a, plan: p, name: A, unit: 家, target: {year: 2025, value: 5}, evidence: [{source: web, quote: "5家"}]}
        """,
    )
    lenient = run("check", "--file", str(path))
    assert lenient.returncode == 0
    assert "warning[source-without-title]" in lenient.stdout
    strict = run("check", "--strict", "--file", str(path))
    assert strict.returncode == 1


def test_check_gate_and_formats_through_the_cli(workdir: Path) -> None:
    gated = run(
        "check", "--fail-on", "on-track", "--fail-on", "at-risk", "--as-of", "2023", "--format", "json", cwd=workdir
    )
    assert gated.returncode == 1
    records = json.loads(gated.stdout)
    assert {r["code"] for r in records} == {"status-gate"}
    github = run("check", "--fail-on", "at-risk", "--as-of", "2023", "--format", "github", cwd=workdir)
    assert all(WORKFLOW_COMMAND.match(line) for line in github.stdout.splitlines())


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    missing = run("check", "--file", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2
    assert "error[unreadable]" in missing.stderr
    assert missing.stdout == ""
