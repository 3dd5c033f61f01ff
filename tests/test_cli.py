"""The command line, mostly through a real `shtarget` process."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import REPO, write

SHTARGET = shutil.which("shtarget") or str(Path(sys.executable).parent / "shtarget")


_RUNNER = CliRunner()
CLEARED = ("SHTARGET_FILE", "SHTARGET_LANG", "SHTARGET_MAX_BYTES", "NO_COLOR", "FORCE_COLOR", "COLUMNS")


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`shtarget ARGS` in this process, in `cwd`, with `env` over the environment, through Typer's test
    isolation (stdin, stdout, stderr and the environment replaced): the result as a finished process, an
    uncaught exception's traceback in its stderr. The Click command is built from the app once per test run
    (Typer builds it anew at each invocation otherwise, 20 ms each)."""
    import contextlib
    import traceback

    environment: dict[str, str | None] = dict.fromkeys(CLEARED)
    environment.update(env or {})
    code, problem = 0, None
    with contextlib.chdir(cwd or Path.cwd()), _RUNNER.isolation(env=environment) as (out, err, _):
        try:
            _command().main(args=list(args), prog_name="shtarget")
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        except Exception as exc:  # what a traceback would show to a user
            code, problem = 1, "".join(traceback.format_exception(exc))
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    return subprocess.CompletedProcess([SHTARGET, *args], code, stdout, stderr + (problem or ""))


@functools.cache
def _command() -> Any:
    import typer.main

    from shtarget.cli import app

    return typer.main.get_command(app)


def run_en(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`run` with English messages (SHTARGET_LANG=en), for tests of what a message says: the English text is
    the contract, and Chinese is the default."""
    return run(*args, cwd=cwd, env={"SHTARGET_LANG": "en", **(env or {})})


def run_process(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`shtarget ARGS` through the real entry point, in a process of its own (the smoke tests)."""
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environment.update(env or {})
    return subprocess.run(
        [SHTARGET, *args], cwd=cwd, env=environment, capture_output=True, text=True, encoding="utf-8", timeout=60
    )


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


def test_version() -> None:
    from shtarget import __version__

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"shtarget {__version__}"


def test_python_dash_m(workdir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "shtarget", "status", "--format", "json"], cwd=workdir, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["schema"] == 1


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["status"],
        ["check"],
        ["diff"],
        ["schema"],
        ["show"],
        ["report"],
        ["export"],
        ["record"],
        ["sources", "add"],
        ["sources", "pin"],
        ["list"],
        ["sources", "list"],
    ],
)
def test_help_has_an_example(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "Example: shtarget" in result.stdout


def test_no_arguments_shows_help() -> None:
    result = run()
    assert "status" in result.stdout + result.stderr
    assert result.returncode in (0, 2)


def test_status_table(workdir: Path) -> None:
    result = run("status", "--as-of", "2023", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert "产业增加值" in result.stdout
    assert "[red]" in result.stdout  # names are printed literally, never as markup
    assert "共 2 项目标" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour
    assert result.stderr == ""


def test_status_table_in_english(workdir: Path) -> None:
    result = run("status", "--as-of", "2023", "--lang", "en", cwd=workdir)
    assert result.returncode == 0
    assert "Value added" in result.stdout
    assert "860 bn yuan (2022)" in result.stdout  # 8600亿元, in the unit English readers use
    assert ">20,000 firms (2021)" in result.stdout
    assert "2 targets:" in result.stdout
    assert "on-track" in result.stdout or "at-risk" in result.stdout


def test_colour_is_forced_and_no_color_wins(workdir: Path) -> None:
    coloured = run("status", cwd=workdir, env={"FORCE_COLOR": "1"})
    assert "\x1b[" in coloured.stdout
    plain = run("status", cwd=workdir, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in plain.stdout


def test_status_json_contract(workdir: Path) -> None:
    result = run("status", "--as-of", "2023", "--format", "json", cwd=workdir)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == ["schema", "as_of", "targets", "summary"]
    assert document["as_of"] == 2023
    first = document["targets"][0]
    assert list(first) == [
        "id", "plan", "name", "name_en", "unit", "kind", "baseline", "target", "latest", "progress", "elapsed",
        "gap", "required_growth", "actual_growth", "projected", "ratio", "on_pace", "status", "trend", "draft",
    ]  # fmt: skip
    assert first["baseline"] == {"year": 2020, "value": 7328.0}
    assert first["target"] == {"year": 2025, "value": 10000.0, "op": ">", "rate": None}
    assert first["latest"] == {"year": 2022, "value": 8600.0, "qualifier": "exact"}
    assert first["progress"] == pytest.approx((8600 - 7328) / (10000 - 7328))
    second = document["targets"][1]
    assert second["latest"]["qualifier"] == "over"
    assert sum(document["summary"].values()) == 2


def test_status_csv_carries_the_json_figures(workdir: Path) -> None:
    as_json = json.loads(run("status", "--as-of", "2023", "--format", "json", cwd=workdir).stdout)
    as_csv = list(csv.DictReader(io.StringIO(run("status", "--as-of", "2023", "--format", "csv", cwd=workdir).stdout)))
    assert len(as_csv) == len(as_json["targets"])
    for row, record in zip(as_csv, as_json["targets"], strict=True):
        assert row["id"] == record["id"]
        assert row["status"] == record["status"]
        assert float(row["progress"]) == pytest.approx(record["progress"])
        assert float(row["baseline_value"]) == record["baseline"]["value"]
        assert row["target_op"] == record["target"]["op"]
        assert row["latest_qualifier"] == record["latest"]["qualifier"]


def test_status_filters(workdir: Path) -> None:
    everything = json.loads(run("status", "--as-of", "2023", "--format", "json", cwd=workdir).stdout)
    wanted = everything["targets"][0]["status"]
    filtered = json.loads(run("status", "--as-of", "2023", "--format", "json", "--status", wanted, cwd=workdir).stdout)
    assert {t["status"] for t in filtered["targets"]} == {wanted}
    by_plan = json.loads(run("status", "--format", "json", "--plan", "demo", cwd=workdir).stdout)
    assert len(by_plan["targets"]) == 2


def test_unknown_plan_is_a_usage_error(workdir: Path) -> None:
    result = run("status", "--plan", "nope", cwd=workdir)
    assert result.returncode == 2
    assert "unknown plan 'nope'" in result.stderr
    assert result.stdout == ""


def test_bad_option_values_exit_2() -> None:
    for args in (["status", "--format", "xml"], ["status", "--status", "great"], ["status", "--as-of", "soon"]):
        result = run(*args)
        assert result.returncode == 2, args
        assert_no_traceback(result)


def test_invalid_data_lists_every_error_and_exits_2(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        schema: 1
        title: t
        sources: {}
        plans: {p: {name: P}}
        targets:
          - {id: a, plan: q, name: A, unit: 家, target: {year: 2025, value: x}, evidence: [{source: s}]}
        """,
    )
    result = run("status", "--file", str(path))
    assert result.returncode == 2
    assert_no_traceback(result)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert f"{path}:6:19: error[unknown-plan] a plan: unknown plan 'q'" in lines
    assert any(":6:92: error[unknown-source]" in line for line in lines)
    assert any("error[bad-quantity]" in line for line in lines)
    assert lines[-1].startswith("shtarget: error: 3 errors in")


@pytest.mark.parametrize(
    "content",
    [b"", b"\xff\xfe\x00garbage", b"[[[[[[", b"- a\n- b\n", b"schema: 1\n\ttitle: x\n", b"[" * 5000],
)
def test_garbage_never_shows_a_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "targets.yaml"
    path.write_bytes(content)
    result = run("status", "--file", str(path))
    assert result.returncode == 2
    assert_no_traceback(result)
    assert result.stderr.startswith(f"{path}:")


def test_missing_file(tmp_path: Path) -> None:
    result = run("status", "--file", str(tmp_path / "missing.yaml"))
    assert result.returncode == 2
    assert "error[unreadable] cannot read file" in result.stderr


def test_file_found_from_environment_then_parents(workdir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    nested = workdir / "a" / "b"
    nested.mkdir(parents=True)
    from_parent = run("status", "--format", "json", cwd=nested)
    assert from_parent.returncode == 0, from_parent.stderr
    assert len(json.loads(from_parent.stdout)["targets"]) == 2
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    from_env = run("status", "--format", "json", cwd=elsewhere, env={"SHTARGET_FILE": str(workdir / "targets.yaml")})
    assert len(json.loads(from_env.stdout)["targets"]) == 2


def test_bundled_data_is_the_fallback(tmp_path: Path) -> None:
    result = run("status", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    shipped = json.loads(run("status", "--format", "json", "--file", str(REPO / "targets.yaml")).stdout)
    assert json.loads(result.stdout)["targets"] == shipped["targets"]


def test_broken_pipe_is_quiet(workdir: Path) -> None:
    shell = f"'{SHTARGET}' status --lang en | head -c 10"
    result = subprocess.run(shell, shell=True, cwd=workdir, capture_output=True, text=True)
    assert_no_traceback(result)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [("status",), ("status", "--format", "json"), ("check",), ("report",)])
def test_output_that_cannot_be_written_is_a_clear_error(command: tuple[str, ...]) -> None:
    shell = " ".join([f"'{SHTARGET}'", *command, "--file", f"'{REPO / 'targets.yaml'}'", "> /dev/full"])
    result = subprocess.run(shell, shell=True, cwd=REPO, capture_output=True, text=True)
    assert_no_traceback(result)
    assert result.returncode == 2
    assert result.stderr.strip().endswith("cannot write the output: No space left on device")


def test_a_large_output_is_written_whole_before_the_process_ends(tmp_path: Path) -> None:
    """The process ends without freeing its data (`_exit_at_once`); the output must still be complete."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from run import synthetic

    path = tmp_path / "targets.yaml"
    path.write_text(synthetic(300), encoding="utf-8")
    result = run("status", "--format", "json", "--file", str(path), "--as-of", "2030")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["targets"]) == 300


def test_status_series_are_opt_in() -> None:
    plain = json.loads(run("status", "--format", "json", "--file", str(REPO / "targets.yaml")).stdout)
    assert "series" not in plain
    with_series = run("status", "--format", "json", "--series", "--as-of", "2025", "--file", str(REPO / "targets.yaml"))
    series = {s["id"]: s for s in json.loads(with_series.stdout)["series"]}
    assert series["gdp"]["actuals"][-1] == {"year": 2025, "value": 56708.71, "qualifier": "exact"}
    table = run("status", "--series", "--lang", "en", "--file", str(REPO / "targets.yaml"))
    assert "Context series" in table.stdout and "Shanghai gross domestic product" in table.stdout
