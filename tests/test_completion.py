"""Shell completion (issue 15): Typer's --show-completion works, and ids complete from the data file."""

from __future__ import annotations

from pathlib import Path

from test_cli import run, run_process

from conftest import FIXTURES
from shtarget.fileformat import ID_PATTERN


def complete(words: str, cword: int, cwd: Path) -> list[str]:
    env = {"_SHTARGET_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = run(cwd=cwd, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_commands_complete(workdir: Path) -> None:
    assert complete("shtarget st", 1, workdir) == ["status"]


def test_target_ids_complete_from_the_data_file(workdir: Path) -> None:
    assert complete("shtarget show value", 2, workdir) == ["value-added"]
    assert "high-tech-firms" in complete("shtarget record h", 2, workdir)


def test_source_and_plan_ids_complete(workdir: Path) -> None:
    assert complete("shtarget record value-added 2024 1 --source bul", 6, workdir) == ["bulletin"]
    assert complete("shtarget status --plan d", 3, workdir) == ["demo"]


def test_an_unreadable_data_file_completes_nothing(tmp_path: Path) -> None:
    (tmp_path / "targets.yaml").write_text("schema: [", encoding="utf-8")
    assert complete("shtarget show v", 2, tmp_path) == []


def test_completion_scripts_are_offered(workdir: Path) -> None:
    # Typer detects the user's shell from the process tree; a test run may have none (CI, a detached job),
    # so the shell is named, which Typer takes with detection off.
    result = run_process(
        "--show-completion", "bash", cwd=workdir, env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    )
    assert result.returncode == 0 and "_shtarget_completion" in result.stdout
    assert "--install-completion" in run("--help", cwd=workdir).stdout


def test_only_ids_the_loader_accepts_are_offered(tmp_path: Path) -> None:
    hostile = (
        'sources:\n  "p;rm -rf x": {url: "https://example.org/a", title: a}\n'
        '  "a\\nb": {url: "https://e.org/b", title: b}\n'
    )
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8").replace("sources:\n", hostile, 1)
    (tmp_path / "targets.yaml").write_text(text, encoding="utf-8")
    offered = complete("shtarget record value-added 2024 1 --source ", 6, tmp_path)
    assert "bulletin" in offered and "plan-doc" in offered
    assert all(ID_PATTERN.match(source) for source in offered), offered


def test_completion_reads_the_file_given_with_file(tmp_path: Path, workdir: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "other.yaml").write_text(
        (FIXTURES / "minimal.yaml").read_text(encoding="utf-8").replace("value-added", "other-figure"),
        encoding="utf-8",
    )
    assert complete(f"shtarget show --file {other / 'other.yaml'} oth", 4, workdir) == ["other-figure"]
    assert complete("shtarget show oth", 2, workdir) == []


SCRIPT_OF = {
    "bash": "COMPREPLY=",
    "zsh": "#compdef shtarget",
    "fish": "complete --command shtarget",
    "powershell": "Register-ArgumentCompleter",
    "pwsh": "Register-ArgumentCompleter",
}


def test_show_completion_prints_the_script_of_the_shell_named(tmp_path: Path) -> None:
    # A real process, shell detection on (as for a user): Typer's flag detected the shell and ignored the
    # one named, so `--show-completion zsh` printed bash's script.
    named = run_process("--show-completion", "zsh", cwd=tmp_path)
    assert named.returncode == 0, named.stderr
    assert named.stdout.startswith(SCRIPT_OF["zsh"]) and "COMPREPLY" not in named.stdout
    joined = run_process("--show-completion=fish", cwd=tmp_path)
    assert joined.returncode == 0 and joined.stdout.startswith(SCRIPT_OF["fish"]), joined.stderr
    for shell, script in SCRIPT_OF.items():
        result = run("--show-completion", shell, cwd=tmp_path)
        assert result.returncode == 0 and script in result.stdout, (shell, result.stdout[:80])


def test_a_shell_completion_cannot_handle_is_refused(tmp_path: Path) -> None:
    for args in (("--show-completion", "tcsh"), ("--install-completion=tcsh",)):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2
        assert "unknown shell 'tcsh' (one of bash, zsh, fish, powershell, pwsh)" in result.stderr


def test_install_completion_installs_for_the_shell_named(tmp_path: Path) -> None:
    result = run_process("--install-completion", "zsh", cwd=tmp_path, env={"HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "zsh completion installed in" in result.stdout
    assert (tmp_path / ".zfunc" / "_shtarget").read_text(encoding="utf-8").startswith(SCRIPT_OF["zsh"])
    assert not (tmp_path / ".bashrc").exists()
