from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, write
from shtarget.load import load_bytes, load_file
from shtarget.model import Kind, Op, Qualifier, Severity

HEAD = """\
schema: 1
title: t
sources:
  doc: {url: "https://example.org/x", title: x}
plans:
  p: {name: plan, period: [2021, 2025]}
targets:
"""


def load_text(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    return load_file(write(tmp_path, text))


def codes_at(result) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    return [(f.code, f.span.line, f.span.col) for f in result.findings]


def test_minimal_fixture_loads_clean() -> None:
    result = load_file(FIXTURES / "minimal.yaml")
    assert result.findings == ()
    dataset = result.dataset
    assert dataset is not None
    assert [t.id for t in dataset.targets] == ["value-added", "high-tech-firms"]
    value_added = dataset.targets[0]
    assert value_added.goal.op is Op.ABOVE
    assert value_added.goal.value is not None and value_added.goal.value.value == 10000
    assert value_added.baseline is not None and value_added.baseline.value is not None
    assert value_added.baseline.value.value == 7328
    firms = dataset.targets[1]
    assert firms.actuals[0].value is not None
    assert firms.actuals[0].value.qualifier is Qualifier.OVER
    assert firms.actuals[0].span.line == 40
    assert dataset.sources["bulletin"].kind == "official"
    assert dataset.plans["demo"].period == (2021, 2025)


TARGET = """\
  - id: a
    plan: p
    name: A
    unit: 家
    baseline: {year: 2020, value: 100, source: doc, quote: q}
    target: {year: 2025, value: 200, op: ">="}
    evidence:
      - {source: doc, quote: q}
"""


@pytest.mark.parametrize(
    ("text", "code", "line", "col"),
    [
        ("schema: 1\ntitle: [unclosed\n", "yaml-syntax", 3, 1),
        ("schema: 1\n\ttitle: x\n", "yaml-syntax", 2, 1),
        ("- just\n- a list\n", "wrong-type", 1, 1),
        (HEAD.replace("title: t", "title: t\ntitle: u") + TARGET, "duplicate-key", 3, 1),
        (HEAD.replace("schema: 1", "schema: 2") + TARGET, "unknown-schema", 1, 9),
        (HEAD.replace("title: t", "titel: t"), "unknown-field", 2, 1),
        (HEAD + TARGET.replace("    name: A\n", ""), "missing-field", 8, 5),
        (HEAD + TARGET.replace("id: a", "id: Bad_Id"), "bad-id", 8, 9),
        (HEAD + TARGET + TARGET, "duplicate-id", 16, 5),
        (HEAD + TARGET.replace("plan: p", "plan: q"), "unknown-plan", 9, 11),
        (
            HEAD + TARGET.replace("source: doc, quote: q}\n    target", "source: dok, quote: q}\n    target"),
            "unknown-source",
            12,
            48,
        ),
        (HEAD + TARGET.replace("year: 2025", "year: 1800"), "year-out-of-range", 13, 20),
        (HEAD + TARGET.replace("year: 2025", "year: 2019"), "target-before-baseline", 13, 13),
        (HEAD + TARGET.replace("year: 2025", "year: 2030"), "period-mismatch", 13, 13),
        (HEAD + TARGET.replace("value: 200", "value: 200亿元"), "unit-mismatch", 13, 33),
        (HEAD + TARGET.replace("value: 200", "value: .inf"), "non-finite", 13, 33),
        (HEAD + TARGET.replace("value: 200", "value: lots"), "bad-quantity", 13, 33),
        (HEAD + TARGET.replace("value: 200", "value: yes"), "wrong-type", 13, 33),
        (HEAD + TARGET.replace('op: ">="', 'op: "=>"'), "bad-enum", 13, 42),
        (HEAD + TARGET.replace("year: 2020", "year: '2020'"), "wrong-type", 12, 22),
        (
            HEAD
            + TARGET.replace("      - {source: doc, quote: q}\n", "      []\n").replace(
                "evidence:\n      []", "evidence: []"
            ),
            "missing-evidence",
            14,
            15,
        ),
        (
            HEAD
            + TARGET
            + "    actuals:\n"
            + "      - {year: 2021, value: 1, source: doc}\n"
            + "      - {year: 2021, value: 2, source: doc}\n",
            "duplicate-year",
            18,
            16,
        ),
        (HEAD + TARGET + "    actuals:\n      - {year: 2021, value: 1}\n", "missing-source", 17, 9),
        (
            HEAD.replace('{url: "https://example.org/x", title: x}', "{path: x.txt}")
            + TARGET
            + "    actuals:\n      - {year: 2021, value: 1, source: doc}\n",
            "missing-quote",
            17,
            9,
        ),
        (HEAD.replace('{url: "https://example.org/x", title: x}', "{title: x}"), "bad-source", 4, 8),
        (HEAD.replace("period: [2021, 2025]", "period: [2025, 2021]"), "bad-period", 6, 27),
        ("settings: {on_track: 2}\n" + HEAD + TARGET, "bad-setting", 1, 22),
        (
            HEAD + TARGET.replace("kind: level", "").replace("unit: 家", "unit: 家\n    kind: growth"),
            "missing-field",
            14,
            13,
        ),
    ],
)
def test_errors_are_located(tmp_path: Path, text: str, code: str, line: int, col: int) -> None:
    result = load_text(tmp_path, text)
    assert result.errors
    assert (code, line, col) in codes_at(result), [str(f) for f in result.findings]
    assert all(str(f).startswith(f"{tmp_path / 'targets.yaml'}:") for f in result.findings)


def test_all_errors_are_collected_in_one_run(tmp_path: Path) -> None:
    text = HEAD + TARGET.replace("plan: p", "plan: q").replace("year: 2025", "year: 1800").replace("name: A", "nmae: A")
    codes = {f.code for f in load_text(tmp_path, text).findings}
    assert {"unknown-plan", "year-out-of-range", "unknown-field", "missing-field"} <= codes


def test_messages_name_target_and_field(tmp_path: Path) -> None:
    result = load_text(tmp_path, HEAD + TARGET.replace("value: 200", "value: 200亿元"))
    (finding,) = result.findings
    assert finding.target == "a"
    assert "a target.value" in finding.message
    assert str(finding).endswith("error[unit-mismatch] " + finding.message)


def test_unknown_field_suggests_the_closest(tmp_path: Path) -> None:
    result = load_text(tmp_path, HEAD + TARGET.replace("evidence:", "evidense:"))
    assert any("did you mean 'evidence'" in f.message for f in result.findings)


@pytest.mark.parametrize(
    ("raw", "code"),
    [(b"", "empty-file"), (b"# only a comment\n", "empty-file"), (b"schema: 1\ntitle: \xff\xfe\n", "not-utf8")],
)
def test_unreadable_content(raw: bytes, code: str, tmp_path: Path) -> None:
    result = load_bytes(raw, tmp_path / "targets.yaml", "targets.yaml")
    assert result.dataset is None
    assert [f.code for f in result.findings] == [code]


def test_not_utf8_is_located() -> None:
    result = load_bytes(b"schema: 1\ntitle: ab\xff\n", Path("t.yaml"), "t.yaml")
    assert str(result.findings[0]).startswith("t.yaml:2:10: error[not-utf8]")
    assert not result.readable


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    result = load_file(tmp_path / "nope.yaml")
    assert not result.readable
    assert result.findings[0].code == "unreadable"


def test_bom_and_crlf_load_the_same(tmp_path: Path) -> None:
    plain = (FIXTURES / "minimal.yaml").read_bytes()
    variants = [plain, b"\xef\xbb\xbf" + plain, plain.replace(b"\n", b"\r\n")]
    loaded = [load_bytes(raw, FIXTURES / "minimal.yaml", "t.yaml") for raw in variants]
    assert all(result.findings == () for result in loaded)
    assert loaded[0].dataset == loaded[1].dataset == loaded[2].dataset


def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path) -> None:
    result = load_bytes(b"[" * 100_000 + b"]" * 100_000, tmp_path / "t.yaml", "t.yaml")
    assert result.dataset is None
    assert result.findings[0].severity is Severity.ERROR


def test_kinds_and_defaults(tmp_path: Path) -> None:
    text = HEAD + (
        "  - id: g\n    plan: p\n    name: G\n    unit: 亿元\n    kind: growth\n"
        "    baseline: {year: 2020, value: null}\n    target: {year: 2025, rate: 20, op: '~'}\n"
        "    evidence: [{source: doc}]\n"
        "  - id: m\n    plan: p\n    name: M\n    kind: milestone\n    target: {year: 2025}\n"
        "    evidence: [{source: doc}]\n    actuals: [{year: 2024, done: false, source: doc}]\n"
        "  - id: i\n    plan: p\n    name: I\n    unit: '%'\n    kind: increase\n"
        "    baseline: {year: 2020, value: 40, source: doc}\n    target: {year: 2025}\n"
        "    evidence: [{source: doc}]\n"
    )
    result = load_text(tmp_path, text)
    assert result.findings == ()
    assert result.dataset is not None
    growth, milestone, increase = result.dataset.targets
    assert growth.kind is Kind.GROWTH and growth.goal.rate == 20 and growth.goal.op is Op.ABOUT
    assert growth.baseline is not None and growth.baseline.value is None
    assert milestone.actuals[0].done is False
    assert increase.goal.op is Op.ABOVE


def test_milestone_actual_needs_done(tmp_path: Path) -> None:
    text = HEAD + (
        "  - id: m\n    plan: p\n    name: M\n    kind: milestone\n    target: {year: 2025}\n"
        "    evidence: [{source: doc}]\n    actuals: [{year: 2024, value: 3, source: doc}]\n"
    )
    codes = [f.code for f in load_text(tmp_path, text).findings]
    assert codes == ["unexpected-field", "missing-field"]


@pytest.mark.parametrize(
    ("baseline", "col", "said"),
    [
        # in a flow mapping the comma ends the value and YAML reads `9` as a key
        ("{year: 2020, value: 18,9, source: doc, quote: q}", 35, "decimal comma, which is not read"),
        ("{year: 2020, value: 7328,5亿元, source: doc, quote: q}", 35, "write 7328.5亿元"),
        ("{year: 2020, value: 26,000, source: doc, quote: q}", 35, "'26,000' is cut at its comma"),
        # in a block mapping the whole scalar is text that is not a quantity
        ("\n      year: 2020\n      value: 18,9\n      source: doc\n      quote: q", 14, "decimal comma"),
    ],
)
def test_a_decimal_comma_is_one_located_finding(tmp_path: Path, baseline: str, col: int, said: str) -> None:
    text = HEAD + TARGET.replace("{year: 2020, value: 100, source: doc, quote: q}", baseline)
    result = load_text(tmp_path, text)
    line = 12 if baseline.startswith("{") else 14
    assert codes_at(result) == [("bad-quantity", line, col)], [str(f) for f in result.findings]
    assert said in result.findings[0].message
    if "26,000" not in baseline:
        assert "write 18.9" in result.findings[0].message or "7328.5" in result.findings[0].message
