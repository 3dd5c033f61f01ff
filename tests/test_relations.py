from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, write
from shtarget.check import CheckOptions, check_dataset
from shtarget.load import load_file
from shtarget.relations import ExpressionError, Name, evaluate, evaluate_relations, names, parse, render

HEAD = """\
schema: 1
title: t
sources:
  web: {url: "https://example.org", title: web}
plans:
  p: {name: P, period: [2020, 2025]}
targets:
  - id: share
    plan: p
    name: share
    unit: "%"
    baseline: {year: 2020, value: 20, source: web, quote: "20%"}
    target: {year: 2025, value: 25}
    evidence: [{source: web, quote: "25%"}]
    actuals:
      - {year: 2021, value: 21, source: web, quote: "21%"}
      - {year: 2022, value: 22, source: web, quote: "22%"}
  - id: value
    plan: p
    name: value
    unit: 亿元
    baseline: {year: 2020, value: 200, source: web, quote: "200亿元"}
    target: {year: 2025, value: 300}
    evidence: [{source: web, quote: "300亿元"}]
    actuals:
      - {year: 2021, value: 210, source: web, quote: "210亿元"}
      - {year: 2022, value: 240, source: web, quote: "240亿元"}
series:
  - id: gdp
    name: GDP
    unit: 亿元
    actuals:
      - {year: 2020, value: 1000, source: web, quote: "1000亿元"}
      - {year: 2021, value: 1000, source: web, quote: "1000亿元"}
      - {year: 2022, value: 1000, source: web, quote: "1000亿元"}
      - {year: 2023, value: 1000, source: web, quote: "1000亿元"}
relations:
"""


def load_with(tmp_path: Path, relation: str):  # type: ignore[no-untyped-def]
    return load_file(write(tmp_path, HEAD + relation))


def test_parse_and_evaluate() -> None:
    expr = parse("100 * sei-value-added / (gdp - 2) + -1")
    assert not isinstance(expr, ExpressionError)
    assert names(expr) == {"sei-value-added", "gdp"}
    assert evaluate(expr, {"sei-value-added": 10, "gdp": 12}) == pytest.approx(99)
    assert render(expr) == "(((100 * sei-value-added) / (gdp - 2)) + -1)"
    assert parse("a-b") == Name("a-b")  # a hyphen inside an id is part of it


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1 +",
        "(a",
        "a b",
        "__import__('os')",
        "a ** 2",
        "a.b",
        "eval(a)",
        "1e5",
        "a; b",
        "(" * 5000 + "a" + ")" * 5000,
    ],
)
def test_bad_expressions(text: str) -> None:
    assert isinstance(parse(text), ExpressionError)


def test_division_by_zero_is_a_value() -> None:
    expr = parse("a / b")
    assert not isinstance(expr, ExpressionError)
    assert evaluate(expr, {"a": 1, "b": 0}) == ExpressionError("division by zero")


def test_relation_holds(tmp_path: Path) -> None:
    result = load_with(tmp_path, "  - {id: r, holds: 'share = 100 * value / gdp', tolerance: 2.0}\n")
    assert result.findings == ()
    results = evaluate_relations(result.dataset)
    assert [(r.year, r.holds) for r in results] == [(2020, True), (2021, True), (2022, True)]
    assert check_dataset(result.dataset, CheckOptions(2026)) == ()


def test_relation_violation_is_located(tmp_path: Path) -> None:
    result = load_with(tmp_path, "  - {id: r, holds: 'share = 100 * value / gdp', tolerance: 0.5}\n")
    findings = check_dataset(result.dataset, CheckOptions(2026))
    assert [(f.code, f.span.line, f.span.col) for f in findings] == [("relation-violated", 38, 5)]
    assert "r 2022: share = 22 but 100 * value / gdp = 24 (off by 2" in findings[0].message


def test_years_missing_a_figure_are_skipped(tmp_path: Path) -> None:
    result = load_with(tmp_path, "  - {id: r, holds: 'gdp = 10 * share', tolerance: 1000}\n")
    assert [r.year for r in evaluate_relations(result.dataset)] == [2020, 2021, 2022]  # no share for 2023


def test_division_by_zero_in_a_year(tmp_path: Path) -> None:
    result = load_with(tmp_path, "  - {id: r, holds: 'share = value / (gdp - 1000)', tolerance: 1}\n")
    findings = check_dataset(result.dataset, CheckOptions(2026))
    assert {f.code for f in findings} == {"relation-undefined"}
    assert "division by zero" in findings[0].message


@pytest.mark.parametrize(
    ("holds", "message"),
    [
        ("share = 100 * valeu / gdp", "unknown figure 'valeu' (did you mean 'value'?)"),
        ("share = __import__('os')", "unexpected '__import__("),
        ("share == value", "expected one '='"),
        ("share", "expected one '='"),
        ("share = (value", "ends too early"),
        ("share = (value value)", "missing ')'"),
    ],
)
def test_bad_relations_are_load_errors(tmp_path: Path, holds: str, message: str) -> None:
    result = load_with(tmp_path, f'  - {{id: r, holds: "{holds}", tolerance: 1}}\n')
    assert [f.code for f in result.findings] == ["bad-relation"]
    assert message in result.findings[0].message
    assert result.findings[0].span.line == 38


def test_series_share_ids_with_targets(tmp_path: Path) -> None:
    text = HEAD.replace("  - id: gdp\n", "  - id: share\n") + "  - {id: r, holds: 'share = 1', tolerance: 1}\n"
    codes = [f.code for f in load_file(write(tmp_path, text)).findings]
    assert "duplicate-id" in codes


def test_shipped_identity_holds() -> None:
    result = load_file(REPO / "targets.yaml")
    assert result.dataset is not None
    (identity,) = [r for r in evaluate_relations(result.dataset) if r.relation.id == "gdp-share-identity"]
    assert identity.year == 2022
    assert identity.right == pytest.approx(100 * 10641.19 / 44652.80)
    assert identity.holds
