"""Hostile data (issue 13) through the real entry point: no crash, no lie, no injection, bounded cost."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_cli import SHTARGET, assert_no_traceback, run

from conftest import FIXTURES

ESCAPES = "\x1b[2J\x1b]8;;https://evil/\x1b\\x\x1b]8;;\x1b\\\x1b]52;c;ZWNo\x07"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def fixture_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    assert old in text, old
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    path = tmp_path / "targets.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def strict_json(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"not strict JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


# --- item 4 and 5: escapes and forged lines in findings, stderr and echoed arguments ------------------------


def test_escapes_in_data_reach_no_finding_raw(tmp_path: Path) -> None:
    # An unknown plan id carrying terminal escapes: the finding quotes it.
    path = fixture_with(tmp_path, "plan: demo", "plan: " + json.dumps("demo" + ESCAPES))
    for output_format in ("text", "github", "json"):
        result = run("check", "--file", str(path), "--format", output_format)
        assert_no_traceback(result)
        assert result.returncode == 1
        assert not RAW_CONTROL.search(result.stdout + result.stderr), output_format
        assert "\\x1b[2J" in result.stdout or "\\u001b[2J" in result.stdout
    status = run("status", "--file", str(path))
    assert status.returncode == 2 and not RAW_CONTROL.search(status.stderr)


def test_escapes_in_arguments_are_not_echoed_raw(tmp_path: Path) -> None:
    path = fixture_with(tmp_path, "title: Fixture plan", "title: Fixture plan")
    for args in (("show", "\x1b[2J"), ("status", "--plan", "\x1b]52;c;ZWNo\x07")):
        result = run(*args, "--file", str(path))
        assert result.returncode == 2
        assert not RAW_CONTROL.search(result.stderr), result.stderr
        assert "\\x1b" in result.stderr


def test_line_breaks_in_a_source_id_forge_no_workflow_command(tmp_path: Path) -> None:
    hostile = json.dumps("bulletin\n::add-mask::x\n::stop-commands::t")
    path = fixture_with(tmp_path, "source: bulletin, quote:", f"source: {hostile}, quote:")
    for output_format in ("text", "github"):
        result = run("check", "--file", str(path), "--format", output_format)
        assert result.returncode == 1
        lines = result.stdout.splitlines()
        assert not any(line.startswith("::add-mask") or line.startswith("::stop-commands") for line in lines)
        if output_format == "github":
            assert all(line.startswith(("::error ", "::warning ")) for line in lines)


# --- item 7: numbers that are not finite after conversion --------------------------------------------------

HUGE = [
    ("value: 8600亿元", 'value: "1' + "0" * 400 + '"'),
    ("value: 8600亿元", 'value: "1' + "万" * 200 + '"'),
    ("value: 8600亿元", "value: 1" + "0" * 400),
    ("value: 8600亿元", "value: 1" + "0" * 5000),
    ("value: 8600亿元", 'value: "1.0e+308万"'),
]


@pytest.mark.parametrize(("old", "new"), HUGE, ids=["string-400", "wan-200", "int-400", "int-5000", "e308-wan"])
def test_huge_numbers_are_refused_with_a_position(tmp_path: Path, old: str, new: str) -> None:
    path = fixture_with(tmp_path, old, new)
    result = run("check", "--file", str(path))
    assert_no_traceback(result)
    assert result.returncode == 1
    assert re.search(r"targets\.yaml:29:\d+: error\[(non-finite|bad-quantity|wrong-type)\]", result.stdout), (
        result.stdout
    )
    assert len(max(result.stdout.splitlines(), key=len)) < 400  # the message cuts the number short
    for command in (("status", "--format", "json"), ("export",), ("show", "value-added"), ("report",)):
        other = run(*command, "--file", str(path))
        assert other.returncode == 2 and "Traceback" not in other.stderr, command


def test_extreme_but_finite_values_give_strict_json(tmp_path: Path) -> None:
    path = fixture_with(tmp_path, "baseline: {year: 2020, value: 7328亿元", "baseline: {year: 2020, value: 1.0e-320")
    text = path.read_text(encoding="utf-8").replace("value: 8600亿元", "value: 1.0e+308")
    path.write_text(text, encoding="utf-8")
    for args in (("status", "--format", "json"), ("export", "--format", "json")):
        result = run(*args, "--as-of", "2023", "--file", str(path))
        assert result.returncode == 0, result.stderr
        strict_json(result.stdout)
    for args in (("status",), ("show", "value-added"), ("report",), ("export", "--format", "csv")):
        result = run(*args, "--as-of", "2023", "--file", str(path))
        assert result.returncode == 0, (args, result.stderr)


def test_a_huge_growth_rate_gives_strict_json(tmp_path: Path) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    grown = text.replace(
        'target: {year: 2025, value: 1万亿元, op: ">"}', "kind: growth\n    target: {year: 2025, rate: 1.0e+300}"
    )
    assert grown != text
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    path = tmp_path / "targets.yaml"
    path.write_text(grown, encoding="utf-8")
    result = run("status", "--format", "json", "--as-of", "2023", "--file", str(path))
    assert result.returncode == 0, result.stderr
    strict_json(result.stdout)


# --- item 9: relations too long to recurse over -------------------------------------------------------------


@pytest.mark.parametrize("operator", ["+", "*"])
def test_a_very_long_relation_is_refused_not_recursed(tmp_path: Path, operator: str) -> None:
    terms = f" {operator} ".join(["value-added"] * (1000 if operator == "+" else 3000))
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text += f"relations:\n  - {{id: long, holds: 'value-added = {terms}', tolerance: 0}}\n"
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("check", "--file", str(path))
    assert_no_traceback(result)
    assert result.returncode == 1 and "error[bad-relation]" in result.stdout and "too long" in result.stdout
    assert run("status", "--file", str(path)).returncode == 2


# --- item 10: source paths that break path functions --------------------------------------------------------


def test_unusable_source_paths_are_findings(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    (tmp_path / "seeds" / "loop").symlink_to(tmp_path / "seeds" / "loop")
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    for path_text in ("seeds/loop", "seeds/a\\0b.txt", "seeds/" + "x" * 300 + ".txt"):
        data = tmp_path / "targets.yaml"
        data.write_text(text.replace("path: seeds/plan.txt", f'path: "{path_text}"'), encoding="utf-8")
        result = run("check", "--file", str(data))
        assert_no_traceback(result)
        assert result.returncode == 1
        assert re.search(r"error\[(source-unreadable|source-missing)\]", result.stdout), result.stdout


# --- item 11: bounded cost and only regular files -----------------------------------------------------------


def test_findings_are_capped_per_code(tmp_path: Path) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    repeated = "".join("      - {year: 2022, value: 1, source: bulletin}\n" for _ in range(1000))
    text = text.replace('      - {year: 2022, value: 8600亿元, source: bulletin, quote: "8600亿元"}\n', repeated * 1, 1)
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("check", "--file", str(path), "--lang", "en")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert sum("[duplicate-year]" in line for line in lines) == 200
    omitted = "findings-omitted"
    assert any(f"[{omitted}] 799 more 'duplicate-year' findings" in line for line in lines)
    assert lines[-1].startswith("999 errors")


def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "targets.yaml"
    os.mkfifo(fifo)
    for args in (("status", "--file", str(fifo)), ("check", "--file", str(fifo)), ("diff", str(fifo))):
        result = subprocess.run([SHTARGET, *args], capture_output=True, text=True, timeout=30, cwd=tmp_path)
        assert result.returncode == 2, args
        assert "not a regular file" in result.stderr


def test_the_zero_device_is_refused() -> None:
    result = subprocess.run([SHTARGET, "check", "--file", "/dev/zero"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "not a regular file" in result.stderr


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = fixture_with(tmp_path, "title: Fixture plan", "title: Fixture plan")
    result = run("status", "--file", str(path), env={"SHTARGET_MAX_BYTES": "100"})
    assert result.returncode == 2
    assert "over the limit of 100 bytes (SHTARGET_MAX_BYTES)" in result.stderr


def test_the_closest_passage_search_is_bounded(tmp_path: Path) -> None:
    """A 200 KB seed and a 2,000-character quote that is not in it: reported, with the nearest passage."""
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    seed = tmp_path / "seeds" / "plan.txt"
    seed.write_text(
        seed.read_text(encoding="utf-8") + ("产业规模持续扩大，创新能力不断增强。\n" * 11_000), encoding="utf-8"
    )
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = re.sub(r"\n    sha256: [0-9a-f]+", "", text)
    long_quote = "创新" * 1000
    text = text.replace('quote: "增长至2020年的7328亿元"', f'quote: "{long_quote}"')
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([SHTARGET, "check", "--file", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "error[quote-not-found]" in result.stdout


# --- item 12: positions of control characters ---------------------------------------------------------------


def test_a_control_character_is_reported_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text("schema: 1\ntitle: bad\x07title\n", encoding="utf-8")
    result = run("check", "--file", str(path))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{path}:2:11: error[yaml-syntax]"), result.stderr
    assert not RAW_CONTROL.search(result.stderr)
