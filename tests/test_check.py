from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
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
    findings = check_dataset(result.dataset, CheckOptions(2026))
    assert [f for f in findings if f.accepted is None] == []
    # What is accepted is listed here, so a new acceptance is a reviewed change to this test.
    assert [(f.code, f.target) for f in findings] == [("number-not-in-quote", "labour-productivity-2030")]


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
            "accepted": None,
        }
    ]
    assert render_text((finding,)) == "t.yaml:2:3: error[bad-id] x: bad\n1 error, 0 warnings\n"
    assert render_text(()) == "no problems found\n"


def test_check_command_on_the_shipped_file() -> None:
    result = run("check", "--strict", "--lang", "en", cwd=REPO)
    assert result.returncode == 0, result.stdout
    assert result.stdout.endswith("0 errors, 1 warning (1 accepted)\n")
    assert "warning[number-not-in-quote] labour-productivity-2030 evidence" in result.stdout
    assert "(accepted: the quote states the goal in English" in result.stdout


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


# --- issue 23: quotes compared as quantities -----------------------------------------------------------------

QUOTED = """
schema: 1
title: t
sources:
  web: {{url: "https://example.org", title: W}}
plans: {{p: {{name: P, period: [2021, 2025], source: web}}}}
targets:
  - id: a
    plan: p
    name: {name}
    unit: "{unit}"
    target: {{year: 2025, value: {goal}}}
    evidence: [{{source: web, quote: "{evidence}"}}]
    actuals:
      - {{year: 2024, value: "{value}", source: web, quote: "{quote}"{extra}}}
"""


def quoted_findings(
    tmp_path: Path,
    value: str,
    quote: str,
    unit: str = "家",
    extra: str = "",
    goal: str = "30000",
    evidence: str = "",
    name: str = "企业数量",
) -> list[Finding]:
    text = QUOTED.format(
        unit=unit, value=value, quote=quote, extra=extra, goal=goal, evidence=evidence or f"达到{goal}{unit}", name=name
    )
    result = load_file(write(tmp_path, text))
    assert result.dataset is not None and not result.errors, result.findings
    return list(check_dataset(result.dataset, CheckOptions(2026)))


@pytest.mark.parametrize(
    ("value", "quote", "unit", "recorded", "stated"),
    [
        ("2.5", "全市高新技术企业突破2.5万家", "家", "'2.5' (2.5家)", "«突破2.5万家» (25,000家)"),
        ("3.2", "规模达3.2万亿元", "亿元", "'3.2' (3.2亿元)", "«达3.2万亿元» (32,000亿元)"),
        ("1.2", "营收1.2万亿元", "亿元", "'1.2' (1.2亿元)", "«1.2万亿元» (12,000亿元)"),
        ("2.5万", "突破2.5亿家", "家", "'2.5万' (25,000家)", "«突破2.5亿家» (250,000,000家)"),
    ],
)
def test_a_value_a_magnitude_away_from_its_quote_is_an_error(
    tmp_path: Path, value: str, quote: str, unit: str, recorded: str, stated: str
) -> None:
    findings = [f for f in quoted_findings(tmp_path, value, quote, unit) if f.code == "magnitude-mismatch"]
    assert len(findings) == 1
    assert findings[0].severity is Severity.ERROR
    assert recorded in findings[0].message and stated in findings[0].message


@pytest.mark.parametrize(
    ("value", "quote"),
    [
        ("2.7万", "突破2.5万家"),
        ("1万", "2024-01-01"),  # a bare number states no magnitude to be off by
        ("2.5万", "比上年增长2.5"),
        ("11万", "第11届"),
        ("2012万", "2012年"),  # a year is no count
    ],
)
def test_digits_found_nowhere_stay_a_warning(tmp_path: Path, value: str, quote: str) -> None:
    codes = {f.code: f.severity for f in quoted_findings(tmp_path, value, quote)}
    assert codes == {"number-not-in-quote": Severity.WARNING}


@pytest.mark.parametrize(
    ("value", "quote", "unit"),
    [
        ("突破2.5万", "全市高新技术企业突破2.5万家", "家"),
        ("25000", "25,000家", "家"),
        ("3.2万亿元", "规模达3.2万亿元", "亿元"),
        ("32000", "规模达3.2萬億元", "亿元"),
        ("0.32", "3200亿元", "万亿元"),
        ("2.5", "2.5万家", "万家"),
        ("40.6%", "accounted for 40.6 percent", "%"),
        ("4311", "从2012年的4311家增长到2021年的2万多家", "家"),
        ("2.5", "2.5万", "万"),  # a bare magnitude as unit
        ("约1万亿元", "约在1万亿元左右", "亿元"),  # 约 not beside the number; 左右 says the same
        ("1.5万", "近1.5万多家", "家"),  # the quote contradicts itself: its qualifier settles nothing
    ],
)
def test_quotes_stating_the_quantity_pass(tmp_path: Path, value: str, quote: str, unit: str) -> None:
    assert quoted_findings(tmp_path, value, quote, unit) == []


def test_a_qualifier_the_value_drops_is_a_warning(tmp_path: Path) -> None:
    (finding,) = quoted_findings(tmp_path, "2.5万", "全市高新技术企业突破2.5万家")
    assert (finding.code, finding.severity) == ("qualifier-dropped", Severity.WARNING)
    assert "«突破2.5万家» (over)" in finding.message and "'突破2.5万家'" in finding.message


@pytest.mark.parametrize("word", ["突破", "超", "超过", "近", "约", "不到"])
def test_every_prefix_qualifier_is_read_from_the_quote(tmp_path: Path, word: str) -> None:
    codes = [f.code for f in quoted_findings(tmp_path, "2.5万", f"全市{word}2.5万家")]
    assert codes == ["qualifier-dropped"]


@pytest.mark.parametrize("quote", ["2.5万家左右", "2.5万家以上", "2.5万多家", "2.5万余家"])
def test_every_suffix_qualifier_is_read_from_the_quote(tmp_path: Path, quote: str) -> None:
    codes = [f.code for f in quoted_findings(tmp_path, "2.5万", quote)]
    assert codes == ["qualifier-dropped"]


def test_a_qualifier_other_than_the_quotes_is_a_warning(tmp_path: Path) -> None:
    (finding,) = quoted_findings(tmp_path, "约2.5万", "突破2.5万家")
    assert finding.code == "qualifier-mismatch" and finding.severity is Severity.WARNING
    (exact,) = quoted_findings(tmp_path, "超2.5万", "2.5万家")
    assert exact.code == "qualifier-mismatch" and "exactly" in exact.message


@pytest.mark.parametrize(
    ("value", "unit", "fractional"),
    [("2.5", "家", True), ("12.5", "个", True), ("1.5", "项", True), ("1.23456万", "家", True), ("1.7", "万家", False),
     ("2.5", "件/万人", False), ("2.5", "亿元", False), ("17012", "家", False)],
)  # fmt: skip
def test_a_count_that_is_not_whole_is_an_error(tmp_path: Path, value: str, unit: str, fractional: bool) -> None:
    findings = quoted_findings(tmp_path, value, value + unit, unit)
    counts = [f for f in findings if f.code == "fractional-count"]
    assert bool(counts) is fractional, findings
    assert all(f.severity is Severity.ERROR and f"not a whole number of {unit[-1]}" in f.message for f in counts)


@pytest.mark.parametrize(
    ("name", "unit"), [("每万人口高价值发明专利拥有量", "件"), ("每千人口托位数", "个"), ("年均新增企业数", "家")]
)
def test_a_count_per_something_is_a_rate(tmp_path: Path, name: str, unit: str) -> None:
    assert quoted_findings(tmp_path, "6.8", f"6.8{unit}", unit, name=name, goal="12", evidence=f"12{unit}") == []


def test_a_fractional_count_goal_is_an_error(tmp_path: Path) -> None:
    findings = quoted_findings(tmp_path, "20000", "20000家", goal="2.6", evidence="全市高新技术企业数量突破2.6万家")
    assert {f.code for f in findings} == {"fractional-count", "magnitude-mismatch"}
    assert all("target" in f.message or "evidence" in f.message for f in findings)


@pytest.mark.parametrize(
    ("quote", "extra", "message"),
    [
        ("1-11月产值为3467.9亿元", "", "the quote speaks of 1-11月 (11 months); add months: 11"),
        ("1至11月产值3467.9亿元", "", "1至11月 (11 months); add months: 11"),
        ("1—9月产值3467.9亿元", "", "1—9月 (9 months); add months: 9"),
        ("前三季度产值3467.9亿元", "", "前三季度 (9 months); add months: 9"),
        ("上半年产值3467.9亿元", "", "上半年 (6 months); add months: 6"),
        ("一季度产值3467.9亿元", "", "一季度 (3 months); add months: 3"),
        ("前三季度产值3467.9亿元", ", months: 6", "前三季度 (9 months), but months is 6"),
    ],
)
def test_a_part_year_quote_needs_months(tmp_path: Path, quote: str, extra: str, message: str) -> None:
    (finding,) = quoted_findings(tmp_path, "3467.9亿元", quote, "亿元", extra, goal="5000")
    assert (finding.code, finding.severity) == ("part-year-quote", Severity.WARNING)
    assert message in finding.message


@pytest.mark.parametrize(
    ("quote", "extra"),
    [("1-11月产值为3467.9亿元", ", months: 11"), ("全年产值3467.9亿元", ""), ("1-12月产值3467.9亿元", "")],
)
def test_part_year_quotes_that_agree(tmp_path: Path, quote: str, extra: str) -> None:
    assert quoted_findings(tmp_path, "3467.9亿元", quote, "亿元", extra, goal="5000") == []
