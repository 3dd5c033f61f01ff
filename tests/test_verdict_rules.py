"""The verdict's rules that need no baseline arithmetic: real growth from published rates, drafts kept apart
(issue 22, rules 5 and 7)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from test_cli import run

from conftest import write
from shtarget.assess import assess
from shtarget.load import load_file
from shtarget.model import Status

HEAD = """
schema: 1
title: t
sources:
  web: {url: "https://example.org/a", title: web}
plans:
  p: {name: p, period: [2026, 2030]}
targets:
"""

REAL = """
  - id: gdp-growth
    plan: p
    name: 地区生产总值年均增长
    unit: 亿元
    kind: growth
    basis: real
    baseline: {year: 2025, value: 56000, source: web}
    target: {year: 2030, rate: 5, op: "~"}
    evidence: [{source: web}]
    actuals:
"""


def real_target(tmp_path: Path, rows: str, op: str = "~") -> Path:
    return write(tmp_path, HEAD + REAL.replace('op: "~"', f'op: "{op}"') + rows)


def assessed(path: Path, as_of: int):  # type: ignore[no-untyped-def]
    dataset = load_file(path).dataset
    assert dataset is not None, load_file(path).findings
    return assess(dataset.targets[0], as_of, dataset.settings)


def test_real_growth_is_the_geometric_mean_of_the_published_rates(tmp_path: Path) -> None:
    rows = "".join(f"      - {{year: {y}, rate: {r}, source: web}}\n" for y, r in ((2026, 5.4), (2027, 4.6)))
    assessment = assessed(real_target(tmp_path, rows), 2027)
    expected = math.sqrt(1.054 * 1.046) - 1
    assert assessment.figures.actual_growth == pytest.approx(expected)
    assert assessment.status is Status.ON_TRACK


def test_real_growth_is_never_judged_from_current_price_levels(tmp_path: Path) -> None:
    """Levels at current prices grow with inflation: a 10% nominal rise says nothing of a 5% real goal."""
    rows = "      - {year: 2026, value: 61600, source: web}\n"
    errors = load_file(real_target(tmp_path, rows)).errors
    assert [f.code for f in errors] == ["unexpected-field"] and "records the published yearly rate" in errors[0].message


def test_real_growth_decides_at_the_goal_year_from_every_year(tmp_path: Path) -> None:
    rates = (5.0, 5.0, 5.0, 5.0, 5.0)
    rows = "".join(f"      - {{year: {2026 + i}, rate: {r}, source: web}}\n" for i, r in enumerate(rates))
    assert assessed(real_target(tmp_path, rows, ">="), 2031).status is Status.ACHIEVED
    low = "".join(f"      - {{year: {2026 + i}, rate: 4, source: web}}\n" for i in range(5))
    missed = assessed(real_target(tmp_path, low, ">="), 2031)
    assert missed.status is Status.MISSED and missed.reason.code == "growth-missed"


def test_a_missing_year_ends_the_average(tmp_path: Path) -> None:
    rows = "".join(f"      - {{year: {y}, rate: 5, source: web}}\n" for y in (2026, 2027, 2029, 2030))
    assessment = assessed(real_target(tmp_path, rows, ">="), 2031)
    assert assessment.latest is not None and assessment.latest.year == 2027
    assert assessment.status is Status.AWAITING_DATA


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (REAL.replace("    basis: real\n", "") + "      - {year: 2026, rate: 5, source: web}\n", "unexpected-field"),
        (REAL.replace("kind: growth", "kind: level").replace("rate: 5", "value: 1"), "bad-enum"),
    ],
)
def test_rates_belong_to_real_growth_targets_only(tmp_path: Path, body: str, code: str) -> None:
    result = load_file(write(tmp_path, HEAD + body))
    assert code in {f.code for f in result.errors}, result.findings


DRAFT = """
  - id: reviewed
    plan: p
    name: 已审核
    unit: 家
    target: {year: 2030, value: 10}
    evidence: [{source: web}]
  - id: unreviewed-idea
    plan: p
    name: 草拟
    unit: 家
    target: {year: 2030, value: 20}
    evidence: [{source: web}]
    draft: true
"""


def test_drafts_are_marked_in_status_and_left_out_of_the_report(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + DRAFT)
    records = {t["id"]: t for t in json.loads(run("status", "--format", "json", cwd=tmp_path).stdout)["targets"]}
    assert records["unreviewed-idea"]["draft"] is True and records["reviewed"]["draft"] is False
    table = run("status", "--lang", "en", "--as-of", "2027", cwd=tmp_path).stdout
    row = next(line for line in table.splitlines() if "unreviewed-idea" in line)
    assert "draft" in table[table.index(row) :].split("\n\n")[0]
    report = run("report", "--as-of", "2027", "--lang", "en", cwd=tmp_path).stdout
    assert "(#reviewed)" in report and "unreviewed-idea" not in report
    included = run("report", "--as-of", "2027", "--lang", "en", "--include-drafts", cwd=tmp_path).stdout
    assert "unreviewed-idea" in included
    assert path.exists()


def test_show_says_the_nature_of_a_goal_and_when_a_page_was_read(tmp_path: Path) -> None:
    body = (
        REAL.replace("    basis: real\n", "    basis: real\n    nature: expected\n    aspirational: true\n")
        + "      - {year: 2026, rate: 5.4, source: web}\n"
    )
    write(tmp_path, HEAD.replace("title: web}", "title: web, retrieved: 2026-11-30}") + body)
    english = run("show", "gdp-growth", "--lang", "en", cwd=tmp_path).stdout
    assert "Nature: expected (indicative), aspirational (力争)" in english
    assert "comparable prices (real)" in english and "retrieved 2026-11-30" in english
    chinese = run("show", "gdp-growth", cwd=tmp_path).stdout
    assert "属性: 预期性, 力争" in chinese


def test_the_dashboard_says_what_a_count_counts(tmp_path: Path) -> None:
    body = DRAFT.replace("    draft: true\n", "").replace("    unit: 家\n", "    unit: 个\n    unit_en: platforms\n")
    goal = "    target: {year: 2030, value: 10}\n"
    body = body.replace(goal, goal + "    actuals: [{year: 2027, value: 4, source: web}]\n", 1)
    write(tmp_path, HEAD + body)
    english = run("status", "--lang", "en", "--as-of", "2027", cwd=tmp_path, env={"COLUMNS": "160"}).stdout
    assert "4 platforms (2027)" in english and "units" not in english
    years = run("status", "--years", "--lang", "en", "--as-of", "2027", cwd=tmp_path, env={"COLUMNS": "160"}).stdout
    assert "4 platforms" in years
