"""Data and arguments are shown, never obeyed: terminal escapes, line breaks and bidi controls in names,
titles, notes, quotes and arguments reach no terminal raw, and spreadsheet formulas in CSV cells are
defused while numbers stay numbers. Every test runs the real `shtarget`."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from test_cli import assert_no_traceback, run

from conftest import write

# A screen clear, a hyperlink, a clipboard write (OSC 52), a bell, and a right-to-left override.
ATTACK = r"\e[2J\e]8;;https://evil/\e\\x\e]8;;\e\\\e]52;c;ZWNo\a\u202e"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        f"""
        schema: 1
        title: "T{ATTACK}"
        sources:
          web: {{url: "https://example.org/a", title: "=HYPERLINK(1){ATTACK}", kind: official}}
        plans:
          p: {{name: "P{ATTACK}", name_en: "Q{ATTACK}", period: [2021, 2025]}}
        targets:
          - id: evil
            plan: p
            name: "=1+1{ATTACK}名"
            name_en: "@SUM(1){ATTACK}"
            unit: 家
            note: "+cmd\\r\\n::add-mask::x{ATTACK}"
            baseline: {{year: 2020, value: 100, source: web, note: "-note"}}
            target: {{year: 2025, value: 200, op: ">="}}
            evidence: [{{source: web, quote: "-2+3{ATTACK}"}}]
            actuals:
              - {{year: 2022, value: -5, source: web, quote: "=cmd|' /C calc'!A0", note: "@x{ATTACK}"}}
        series:
          - id: s
            name: "S{ATTACK}"
            unit: 家
            actuals: [{{year: 2021, value: 3, source: web, quote: "\\t=tab{ATTACK}"}}]
        """,
    )


COMMANDS = [
    ("status",),
    ("status", "--lang", "en", "--series"),
    ("status", "--years", "--series"),
    ("status", "--format", "csv"),
    ("status", "--years", "--format", "csv"),
    ("show", "evil"),
    ("show", "evil", "--lang", "en"),
    ("show", "s"),
    ("list",),
    ("list", "--lang", "en"),
    ("sources", "list"),
    ("export", "--format", "csv"),
    ("export", "--format", "csv", "--actuals"),
]


@pytest.mark.parametrize("args", COMMANDS)
@pytest.mark.parametrize("colour", [{"NO_COLOR": "1"}, {"FORCE_COLOR": "1"}])
def test_no_raw_control_character_reaches_the_output(
    hostile: Path, args: tuple[str, ...], colour: dict[str, str]
) -> None:
    result = run(*args, "--file", str(hostile), env={**colour, "COLUMNS": "100"})
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)  # our own colours (SGR) are the only escapes
    assert not RAW.search(output), repr(RAW.search(output))
    assert "\\x1b[2J" in output or "\\\\x1b[2J" in output  # shown, visibly
    assert "\x07" not in result.stdout and "\x1b]" not in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--format", "json", "--series"),
        ("status", "--years", "--format", "json"),
        ("show", "evil", "--format", "json"),
        ("list", "--format", "json"),
        ("sources", "list", "--format", "json"),
        ("export",),
    ],
)
def test_json_escapes_controls_and_keeps_the_data(hostile: Path, args: tuple[str, ...]) -> None:
    result = run(*args, "--file", str(hostile))
    assert result.returncode == 0, result.stderr
    assert not RAW.search(result.stdout)
    assert any("\x1b[2J" in text for text in strings(json.loads(result.stdout)))  # the data, unchanged


def strings(value: object) -> list[str]:
    """Every string in a parsed JSON document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def test_diff_shows_hostile_text_visibly(hostile: Path, tmp_path: Path) -> None:
    head = tmp_path / "head.yaml"
    text = hostile.read_text(encoding="utf-8").replace("year: 2022, value: -5", "year: 2022, value: -6")
    head.write_text(text, encoding="utf-8")
    for output_format in ("text", "markdown", "json"):
        result = run("diff", str(hostile), "--file", str(head), "--format", output_format)
        assert result.returncode == 0, result.stderr
        assert "evil" in result.stdout
        assert not RAW.search(result.stdout)


@pytest.mark.parametrize(
    "args",
    [("show", "\x1b[2J\x1b]52;c;ZWNo\x07"), ("status", "--plan", "\x1b[2J"), ("list", "--plan", "\x1b]52;c;eA==\x07")],
)
def test_arguments_echoed_in_errors_are_shown_visibly(hostile: Path, args: tuple[str, ...]) -> None:
    result = run(*args, "--file", str(hostile))
    assert result.returncode == 2
    assert_no_traceback(result)
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b" in result.stderr


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_formulas_are_defused_and_numbers_stay_numbers(hostile: Path) -> None:
    (target,) = rows(run("export", "--format", "csv", "--file", str(hostile)).stdout)
    assert target["name"].startswith("'=1+1") and target["name_en"].startswith("'@SUM(1)")
    assert target["latest_value"] == "-5.0" and target["latest_qualifier"] == "exact"  # a number, not text
    assert target["gap"] == "205.0" and target["baseline_value"] == "100.0"
    actuals = rows(run("export", "--format", "csv", "--actuals", "--file", str(hostile)).stdout)
    evil = next(row for row in actuals if row["figure"] == "evil")
    assert evil["quote"] == "'=cmd|' /C calc'!A0" and evil["note"].startswith("'@x") and evil["value"] == "-5.0"
    series = next(row for row in actuals if row["figure"] == "s")
    assert series["quote"].startswith("\\t=tab")  # the tab is shown escaped, so no formula either
    (status,) = rows(run("status", "--format", "csv", "--file", str(hostile)).stdout)
    assert status["name"].startswith("'=1+1") and status["latest_value"] == "-5.0"
    (panel, _) = rows(run("status", "--years", "--series", "--format", "csv", "--file", str(hostile)).stdout)
    assert panel["name"].startswith("'=1+1") and panel["2022"] == "-5.0"


def test_export_csv_bom(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "excel.csv"
    result = run("export", "--format", "csv", "--bom", "-o", str(out), "--file", str(hostile))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,plan,name")
    plain = run("export", "--format", "csv", "--file", str(hostile)).stdout
    assert plain.startswith("id,plan,name")
    refused = run("export", "--format", "json", "--bom", "--file", str(hostile))
    assert refused.returncode == 2 and "--format csv only" in refused.stderr
