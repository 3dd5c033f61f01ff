"""What shtarget prints or writes for a person to paste is taken as written: commands are shell-quoted, ids
and scalars from file names stay text (issue 21, item 17)."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from test_cli import run

from conftest import FIXTURES


@pytest.mark.parametrize("stem", ["2025", "yes", "on", "null", "1e3"])
def test_a_plan_id_from_a_file_name_stays_text(tmp_path: Path, stem: str) -> None:
    (tmp_path / "plans").mkdir()
    shutil.copy(FIXTURES / "extract" / "city-outline.txt", tmp_path / "plans" / f"{stem}.txt")
    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "targets.yaml")
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    result = run("extract", f"plans/{stem}.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    drafts = yaml.safe_load(result.stdout.split("\ntargets:\n", 1)[1].join(["targets:\n", ""]))
    assert {target["plan"] for target in drafts["targets"]} == {stem}


def test_the_register_it_first_hint_is_shell_quoted(tmp_path: Path) -> None:
    name = "x;$(id).txt"
    shutil.copy(FIXTURES / "extract" / "city-outline.txt", tmp_path / name)
    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "targets.yaml")
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    result = run("extract", name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    hint = next(line for line in result.stdout.splitlines() if "register it first:" in line)
    command = hint.split("register it first: ", 1)[1]
    words = shlex.split(command)
    assert words[:3] == ["shtarget", "sources", "add"] and words[words.index("--path") + 1] == name
    assert f"--path {shlex.quote(name)} " in command  # a shell would otherwise run $(id) and stop at the ;
