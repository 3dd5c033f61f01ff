"""One reading of the file (issue 20): one parser for every command, one identity per figure, (year, months),
in record, diff, relations and export, and a plain command-line app."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path

import pytest
from test_cli import assert_no_traceback, run_en, run_process

from conftest import write
from shtarget.load import load_file

DATA = """
schema: 1
title: t
sources:
  web: {url: "https://example.org/a", title: web}
plans:
  p: {name: p, period: [2021, 2025]}
targets:
  - id: output
    plan: p
    name: 产值
    unit: 亿元
    flow: true
    baseline: {year: 2020, value: 1000, source: web}
    target: {year: 2025, value: 2000}
    evidence: [{source: web}]
    actuals:
      - {year: 2025, months: 6, value: 900, source: web}
  - id: share
    plan: p
    name: 比重
    unit: "%"
    baseline: {year: 2020, value: 10, source: web}
    target: {year: 2025, value: 20}
    evidence: [{source: web}]
    actuals:
      - {year: 2024, months: 6, value: 5, source: web}
      - {year: 2024, value: 10, source: web}
series:
  - id: gdp
    name: GDP
    unit: 亿元
    actuals:
      - {year: 2024, value: 100, source: web}
relations:
  - id: identity
    holds: "share = 10 * output / gdp"
    tolerance: 0.5
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write(tmp_path, DATA)


def actuals_of(path: Path, figure_id: str) -> list[tuple[int, int | None, float | None]]:
    dataset = load_file(path).dataset
    assert dataset is not None
    figure = next(f for f in dataset.figures if f.id == figure_id)
    return [(a.year, a.months, a.value.value if a.value else None) for a in figure.actuals]


# --- record ---------------------------------------------------------------------------------------------------


def test_record_the_full_year_beside_a_half_year_figure(data: Path) -> None:
    result = run_en("record", "output", "2025", "2100", "--source", "web", cwd=data.parent)
    assert result.returncode == 0, result.stderr
    assert actuals_of(data, "output") == [(2025, 6, 900), (2025, None, 2100)]


def test_record_a_part_year_figure_with_months_scope_and_break(data: Path) -> None:
    args = ("record", "output", "2024", "700", "--months", "9", "--scope", "规模以上", "--break", "--source", "web")
    result = run_en(*args, cwd=data.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("output 2024 (first 9 months): 700亿元 (web)")
    dataset = load_file(data).dataset
    assert dataset is not None
    added = next(a for a in dataset.targets[0].actuals if a.year == 2024)
    assert (added.months, added.scope, added.breaks) == (9, "规模以上", True)


def test_replace_replaces_only_the_same_slot(data: Path) -> None:
    refused = run_en("record", "output", "2025", "950", "--months", "6", "--source", "web", cwd=data.parent)
    assert refused.returncode == 2
    assert "2025 (first 6 months) is already recorded" in refused.stderr
    run_en("record", "output", "2025", "2100", "--source", "web", cwd=data.parent)
    replaced = run_en("record", "output", "2025", "2200", "--source", "web", "--replace", cwd=data.parent)
    assert replaced.returncode == 0, replaced.stderr
    assert actuals_of(data, "output") == [(2025, 6, 900), (2025, None, 2200)]
    again = run_en("record", "output", "2025", "950", "--months", "6", "--replace", "--source", "web", cwd=data.parent)
    assert again.returncode == 0, again.stderr
    assert actuals_of(data, "output") == [(2025, 6, 950), (2025, None, 2200)]


@pytest.mark.parametrize("months", ["0", "12", "99"])
def test_record_months_outside_one_to_eleven_is_bad_usage(data: Path, months: str) -> None:
    before = data.read_bytes()
    result = run_en("record", "output", "2024", "1", "--months", months, "--source", "web", cwd=data.parent)
    assert result.returncode == 2
    assert data.read_bytes() == before


# --- diff -----------------------------------------------------------------------------------------------------


def test_diff_lists_a_part_year_figure_a_series_and_a_change_of_basis(data: Path) -> None:
    base = data.parent / "base.yaml"
    base.write_text(data.read_text(encoding="utf-8"), encoding="utf-8")
    text = data.read_text(encoding="utf-8")
    text = text.replace(
        "      - {year: 2025, months: 6, value: 900, source: web}\n",
        "      - {year: 2025, months: 6, value: 900, source: web}\n"
        "      - {year: 2025, months: 9, value: 1500, source: web}\n",
    )
    text = text.replace("{year: 2024, value: 10, source: web}", "{year: 2024, value: 10, source: web, break: true}")
    text = text.replace("{year: 2024, value: 100, source: web}", "{year: 2024, value: 110, source: web}")
    data.write_text(text, encoding="utf-8")
    result = run_en("diff", str(base), "--format", "json", cwd=data.parent)
    assert result.returncode == 0, result.stderr
    changes = {(a["target"], a["year"], a["months"], a["change"]) for a in json.loads(result.stdout)["actuals"]}
    assert changes == {
        ("output", 2025, 9, "added"),
        ("share", 2024, None, "changed"),
        ("gdp", 2024, None, "changed"),
    }
    text_output = run_en("diff", str(base), cwd=data.parent).stdout
    assert "output 2025 (first 9 months): added" in text_output
    assert "share 2024: changed 10 (web) → 10 (web; break)" in text_output


def test_diff_of_two_large_files_does_not_crash(tmp_path: Path) -> None:
    """Two files of several hundred KB once crashed the process (a parser first imported in a thread)."""
    rows = "".join(
        f"      - {{year: {2021 + i % 5}, months: {1 + i % 11}, value: {i}, source: web}}\n" for i in range(55)
    )
    targets = "".join(
        f"  - id: t{n}\n    plan: p\n    name: n{n}\n    unit: 亿元\n"
        f"    target: {{year: 2025, value: 2000}}\n    evidence: [{{source: web}}]\n    actuals:\n{rows}"
        for n in range(120)
    )
    head = DATA.split("targets:\n")[0] + "targets:\n"
    base, new = tmp_path / "base.yaml", tmp_path / "new.yaml"
    base.write_text(head + targets, encoding="utf-8")
    new.write_text(head + targets.replace("value: 54,", "value: 55,"), encoding="utf-8")
    assert base.stat().st_size > 256 * 1024
    result = run_process("diff", str(base), "--file", str(new), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["actuals"]) == 120


# --- relations and export -------------------------------------------------------------------------------------


def test_relations_use_full_year_figures_only(data: Path) -> None:
    """share 2024 = 10 (full year) and output has only a half-year 2025 figure: no year has every figure,
    so the identity is undefined, never violated by a part-year value."""
    text = data.read_text(encoding="utf-8").replace(
        "{year: 2025, months: 6, value: 900, source: web}", "{year: 2024, months: 6, value: 400, source: web}"
    )
    data.write_text(text, encoding="utf-8")
    result = run_en("check", "--format", "json", cwd=data.parent)
    codes = {finding["code"] for finding in json.loads(result.stdout)}
    assert "relation-violated" not in codes


def test_export_round_trips_every_field_of_an_actual(data: Path) -> None:
    text = data.read_text(encoding="utf-8").replace(
        "{year: 2024, value: 10, source: web}",
        "{year: 2024, value: 10, source: web, scope: 规模以上, break: true, quote: q, note: n}",
    )
    data.write_text(text, encoding="utf-8")
    exported = json.loads(run_en("export", cwd=data.parent).stdout)
    share = next(t for t in exported["targets"] if t["id"] == "share")
    assert share["actuals"] == [
        {"year": 2024, "value": 5.0, "qualifier": "exact", "reading": "5%", "reading_en": "5%", "done": None,
         "rate": None, "months": 6, "scope": None, "break": False, "link": None, "source": "web", "quote": None,
         "note": None, "draft": False},
        {"year": 2024, "value": 10.0, "qualifier": "exact", "reading": "10%", "reading_en": "10%", "done": None,
         "rate": None, "months": None, "scope": "规模以上", "break": True, "link": None, "source": "web",
         "quote": "q", "note": "n", "draft": False},
    ]  # fmt: skip
    toml = tomllib.loads(run_en("export", "--format", "toml", cwd=data.parent).stdout)
    toml_share = next(t for t in toml["targets"] if t["id"] == "share")
    assert [(a["year"], a.get("months"), a.get("scope"), a["break"]) for a in toml_share["actuals"]] == [
        (2024, 6, None, False),
        (2024, None, "规模以上", True),
    ]
    rows = list(csv.DictReader(io.StringIO(run_en("export", "--format", "csv", "--actuals", cwd=data.parent).stdout)))
    share_rows = [(r["year"], r["months"], r["scope"], r["break"]) for r in rows if r["figure"] == "share"]
    assert share_rows == [("2024", "6", "", "false"), ("2024", "", "规模以上", "true")]
    shown = json.loads(run_en("show", "output", "--format", "json", cwd=data.parent).stdout)
    assert shown["actuals"][0]["months"] == 6 and "latest_months" in shown["assessment"]


# --- the app ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["status", "record", "diff", "sources"])
def test_help_of_a_command_after_the_root_option(command: str) -> None:
    result = run_process("-h", command)
    assert result.returncode == 0, result.stderr
    assert f"Usage: shtarget {command} [OPTIONS]" in result.stdout


@pytest.mark.parametrize("setting", ["²", "-5", "0", "1e9", "lots"])
def test_max_bytes_that_is_not_a_positive_integer_is_refused(data: Path, setting: str) -> None:
    result = run_en("status", cwd=data.parent, env={"SHTARGET_MAX_BYTES": setting})
    assert_no_traceback(result)
    assert result.returncode == 2
    assert "SHTARGET_MAX_BYTES must be a positive whole number of bytes" in result.stderr


@pytest.mark.parametrize("setting", [str(10**12), str(2**63 - 1), str(10**30)])
def test_a_huge_max_bytes_is_a_bound_never_an_allocation(data: Path, setting: str) -> None:
    result = run_en("status", "--format", "json", cwd=data.parent, env={"SHTARGET_MAX_BYTES": setting})
    assert result.returncode == 0, result.stderr


def test_a_folded_block_indicator_inside_a_flow_mapping_is_read_alike_by_every_command(tmp_path: Path) -> None:
    """`>` or `|` ending a line inside `{…}` once passed one parser and failed the other."""
    path = write(
        tmp_path,
        DATA.replace("{year: 2024, value: 10, source: web}", "{year: 2024, value: 10, note: a >\n  b, source: web}"),
    )
    outcomes = {run_en(*command, cwd=tmp_path).returncode for command in (("check",), ("status",), ("export",))}
    record = run_en("record", "share", "2023", "8", "--source", "web", cwd=tmp_path)
    loaded = load_file(path)
    if loaded.readable and not loaded.errors:
        assert outcomes == {0} and record.returncode == 0
    else:
        assert outcomes == {2} and record.returncode == 2


def test_record_of_a_year_after_the_current_one_warns(data: Path) -> None:
    result = run_en("record", "share", "2025", "12", "--source", "web", "--as-of", "2024", cwd=data.parent)
    assert result.returncode == 0, result.stderr
    code = "future-year"
    assert f"warning[{code}] share actual 2025: 2025 is after the current year 2024" in result.stderr
    strict = run_en("record", "share", "2025", "13", "--source", "web", "--as-of", "2024", "--strict", "--replace",
                 cwd=data.parent)  # fmt: skip
    assert strict.returncode == 2 and "--strict: 1 warning about the change" in strict.stderr


def test_check_of_a_file_that_does_not_exist_is_bad_usage(data: Path) -> None:
    for name in ("seeds/gone.txt", "gone.yaml"):
        result = run_en("check", name, cwd=data.parent)
        assert result.returncode == 2
        assert f"{name}: no such file" in result.stderr


def test_a_link_needs_a_break(data: Path) -> None:
    text = data.read_text(encoding="utf-8").replace(
        "{year: 2024, value: 10, source: web}", "{year: 2024, value: 10, source: web, link: {value: 9, source: web}}"
    )
    data.write_text(text, encoding="utf-8")
    result = run_en("check", cwd=data.parent)
    assert result.returncode == 1
    assert "error[unexpected-field]" in result.stdout and "add break: true" in result.stdout
    linked = text.replace("link: {value: 9", "break: true, link: {value: 9")
    data.write_text(linked, encoding="utf-8")
    assert "unexpected-field" not in run_en("check", cwd=data.parent).stdout
