"""The bundled data is read-only for shtarget, every command says which data file it reads when that is not
./targets.yaml, and `shtarget init` makes the working copy to edit (issue 12, case 1)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from test_cli import assert_no_traceback, run_en

from conftest import REPO, write
from shtarget.load import load_file
from shtarget.locate import display_path, packaged_data_file


@pytest.fixture
def bundled_guard() -> Iterator[Path]:
    """The bundled targets.yaml, put back as it was whatever a test (or a regression) did to it."""
    bundled = packaged_data_file()
    before = bundled.read_bytes()
    leftovers = {bundled.parent / ".targets.yaml.lock"} - {p for p in bundled.parent.iterdir()}
    yield bundled
    if bundled.read_bytes() != before:
        bundled.write_bytes(before)
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)


@pytest.mark.parametrize(
    "command",
    [
        ("sources", "add", "zz", "--url", "https://example.org/zz", "--title", "t"),
        ("record", "sei-gdp-share", "2024", "25%", "--source", "stats-2022"),
        ("record", "sei-gdp-share", "2024", "25%", "--source", "stats-2022", "--dry-run"),
        ("sources", "pin", "sei-plan"),
    ],
)
def test_record_and_sources_add_never_edit_the_bundled_data(
    tmp_path: Path, bundled_guard: Path, command: tuple[str, ...]
) -> None:
    before = bundled_guard.read_bytes()
    files_before = sorted(p.name for p in bundled_guard.parent.iterdir())
    result = run_en(*command, cwd=tmp_path)  # no data file here: an edit never falls back to the sample
    assert result.returncode == 2, result.stdout
    assert result.stderr == "shtarget: error: no targets.yaml here or above; pass --file or run `shtarget init`\n"
    assert bundled_guard.read_bytes() == before
    assert sorted(p.name for p in bundled_guard.parent.iterdir()) == files_before  # no lock file left there
    assert_no_traceback(result)


def test_commands_say_which_data_file_they_read(tmp_path_factory: pytest.TempPathFactory, workdir: Path) -> None:
    tmp_path = tmp_path_factory.mktemp("empty")
    bundled = run_en("status", "--format", "json", cwd=tmp_path)
    assert bundled.returncode == 0
    assert bundled.stderr == (
        f"shtarget: using the sample data bundled with shtarget ({packaged_data_file()});"
        " `shtarget init` makes a working copy\n"
    )
    for command in (("show", "sei-gdp-share"), ("export",), ("report",)):
        said = run_en(*command, cwd=tmp_path).stderr
        assert said.startswith("shtarget: using the sample data bundled with shtarget"), command
        assert run_en(*command, "--quiet", cwd=tmp_path).stderr == "", command
    (tmp_path / "base.yaml").write_bytes((workdir / "targets.yaml").read_bytes())
    for command in (("check",), ("check", "--strict"), ("diff", "base.yaml"), ("sources", "list")):
        refused = run_en(*command, cwd=tmp_path)  # a check of the sample would pass whatever the user's file says
        assert refused.returncode == 2, command
        assert refused.stderr.endswith("no targets.yaml here or above; pass --file or run `shtarget init`\n"), command
    nested = workdir / "a"
    nested.mkdir()
    assert run_en("status", cwd=nested).stderr == "shtarget: using ../targets.yaml\n"  # as README shows it
    deeper = nested / "b"
    deeper.mkdir()
    assert run_en("status", cwd=deeper).stderr == "shtarget: using ../../targets.yaml\n"
    assert run_en("status", cwd=workdir).stderr == ""  # ./targets.yaml: nothing to say
    assert run_en("status", "--file", "targets.yaml", cwd=workdir).stderr == ""  # named: nothing to say
    from_env = run_en("status", "-q", cwd=tmp_path, env={"SHTARGET_FILE": str(workdir / "targets.yaml")})
    assert from_env.stderr == ""
    loud = run_en("status", cwd=tmp_path, env={"SHTARGET_FILE": str(workdir / "targets.yaml")})
    assert loud.stderr == f"shtarget: using {workdir / 'targets.yaml'} (from $SHTARGET_FILE)\n"


def test_report_from_the_bundled_data_never_links_into_the_package(tmp_path: Path) -> None:
    result = run_en("report", "-o", "report.md", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", report)
    local = [target for target in targets if not target.startswith(("http://", "https://", "#"))]
    assert local and all(target.startswith("seeds/") for target in local), local
    assert "site-packages" not in report and "../" not in report
    assert "`targets.yaml`" in report


def test_init_makes_a_working_copy_that_record_edits(tmp_path: Path) -> None:
    from shtarget.locate import GITIGNORE_LINES

    result = run_en("init", "copy", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    copy = tmp_path / "copy"
    assert result.stdout.startswith("created a working copy in copy: targets.yaml, seeds/ (")
    bundled = packaged_data_file()
    assert (copy / "targets.yaml").read_bytes() == bundled.read_bytes()
    assert sorted(p.name for p in (copy / "seeds").iterdir()) == sorted(
        p.name for p in (bundled.parent / "seeds").iterdir()
    )
    assert (copy / "schema" / "targets.schema.json").read_bytes() == (
        REPO / "schema" / "targets.schema.json"
    ).read_bytes()
    assert (copy / ".gitignore").read_text(encoding="utf-8").splitlines()[1:] == list(GITIGNORE_LINES)
    assert not (copy / ".github").exists()
    assert run_en("check", "--strict", cwd=copy).returncode == 0
    added = run_en("sources", "add", "stats-2025", "--url", "https://example.org/2025", "--title", "2025", cwd=copy)
    assert added.returncode == 0, added.stderr
    recorded = run_en(
        "record", "sei-gdp-share", "2025", "25.3%", "--source", "stats-2025", "--quote", "25.3%", cwd=copy
    )
    assert recorded.returncode == 0, recorded.stderr
    loaded = load_file(copy / "targets.yaml")
    assert not loaded.errors and loaded.dataset is not None
    share = next(t for t in loaded.dataset.targets if t.id == "sei-gdp-share")
    assert [(a.year, a.value.value if a.value else None) for a in share.actuals][-1] == (2025, 25.3)


def test_init_with_ci_writes_the_workflow_of_docs_ci_md(tmp_path: Path) -> None:
    from shtarget.locate import ci_workflow

    result = run_en("init", "--with-ci", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    workflow = (tmp_path / ".github" / "workflows" / "targets.yml").read_text(encoding="utf-8")
    guide = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    assert workflow == ci_workflow() and f"```yaml\n{workflow}```" in guide
    steps = yaml.safe_load(workflow)["jobs"]["check"]["steps"]
    assert any(step.get("run") == 'shtarget check --strict --format github --file "$DATA"' for step in steps)
    assert "replace OWNER" in result.stdout


def test_init_refuses_a_directory_that_is_not_empty(tmp_path: Path) -> None:
    write(tmp_path, "mine\n", "notes.txt")
    write(tmp_path, "schema: 1  # my own data\n")
    write(tmp_path, "*.pyc\n", ".gitignore")
    refused = run_en("init", cwd=tmp_path)
    assert refused.returncode == 2
    assert "is not empty (.gitignore, notes.txt, targets.yaml); use --force" in refused.stderr
    assert not (tmp_path / "seeds").exists()
    forced = run_en("init", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert (tmp_path / "targets.yaml").read_text(encoding="utf-8") == "schema: 1  # my own data\n"  # kept
    assert "kept what was already there: targets.yaml" in forced.stdout
    gitignore = (tmp_path / ".gitignore").read_text(encoding="utf-8")
    assert gitignore.startswith("*.pyc\n\n# shtarget") and gitignore.endswith("/.targets.yaml.lock\n")
    again = run_en("init", "--force", cwd=tmp_path)
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == gitignore  # added once only
    assert again.returncode == 0


def test_init_accepts_a_fresh_git_repository_and_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert run_en("init", "repo", cwd=tmp_path).returncode == 0
    write(tmp_path, "x", "plain")
    refused = run_en("init", "plain", cwd=tmp_path)
    assert refused.returncode == 2 and "plain" in refused.stderr
    assert_no_traceback(refused)


@pytest.mark.parametrize("flag", ["-q", "--quiet"])
def test_init_quiet_says_nothing_but_refusals(tmp_path: Path, flag: str) -> None:
    result = run_en("init", "copy", flag, "--with-ci", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert (tmp_path / "copy" / "targets.yaml").is_file()
    refused = run_en("init", "copy", flag, cwd=tmp_path)
    assert refused.returncode == 2 and "is not empty" in refused.stderr


def test_init_has_help_with_an_example() -> None:
    result = run_en("init", "--help")
    assert result.returncode == 0 and "Example: shtarget init" in result.stdout


def test_gitignore_text_adds_only_what_is_missing() -> None:
    from shtarget.locate import gitignore_text

    assert (
        gitignore_text("a\n/.targets.yaml.*.tmp\n/.targets.yaml.lock\n")
        == "a\n/.targets.yaml.*.tmp\n/.targets.yaml.lock\n"
    )
    assert gitignore_text("a").startswith("a\n\n# shtarget")


def test_the_wheel_bundles_what_init_needs() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    bundled = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert bundled == {
        "targets.yaml": "shtarget/_data/targets.yaml",
        "seeds": "shtarget/_data/seeds",
        "docs/ci.md": "shtarget/_data/ci.md",
    }
    assert json.loads((REPO / "schema" / "targets.schema.json").read_text(encoding="utf-8"))
    assert shutil.which("shtarget")


def test_the_readme_yearly_update_runs_as_written(tmp_path: Path) -> None:
    import shlex

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The yearly update") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    lines = block.group(1).strip().splitlines()
    assert lines[0].startswith("shtarget init ")
    cwd = tmp_path
    for line in lines:
        for command in line.split(" && "):
            words = shlex.split(command)
            if words[0] == "cd":
                cwd = cwd / words[1]
                continue
            assert words[0] == "shtarget"
            result = run_en(*words[1:], cwd=cwd)
            assert result.returncode == 0, (command, result.stderr)
    assert (cwd / "REPORT.md").is_file()


def test_display_path_is_relative_inside_and_above_the_current_directory(tmp_path: Path) -> None:
    here = tmp_path / "a" / "b"
    here.mkdir(parents=True)
    (tmp_path / "other").mkdir()
    assert display_path(here / "targets.yaml", here) == "targets.yaml"
    assert display_path(here / "seeds" / "x.yaml", here) == "seeds/x.yaml"
    assert display_path(tmp_path / "a" / "targets.yaml", here) == "../targets.yaml"
    assert display_path(tmp_path / "targets.yaml", here) == "../../targets.yaml"
    sideways = tmp_path / "other" / "targets.yaml"
    assert display_path(sideways, here) == str(sideways)  # neither inside nor above: as given
    assert display_path(Path("x/targets.yaml"), here) == "x/targets.yaml"
