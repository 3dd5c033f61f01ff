"""store.py's rules for every write (issue 12, cases 9 and 10): `-o` replaces only regular files, never the
data it reads, follows only expected links, keeps modes; the data file's link and mode are respected; the
lock cannot be redirected and leaves nothing behind."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from test_cli import SHTARGET, assert_no_traceback, run_en

from conftest import FIXTURES
from shtarget.load import load_file

RECORD = ("record", "firms", "2022", "22000", "--source", "bulletin")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "commented.yaml", tmp_path / "targets.yaml")
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    return tmp_path / "targets.yaml"


def unprivileged() -> list[str]:
    """A prefix that runs a command without root's power to ignore permission bits (the sandbox is root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("needs setpriv to run without root's permission override")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-all"]


def run_unprivileged(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "SHTARGET_FILE"} | {"SHTARGET_LANG": "en"}
    return subprocess.run(
        [*unprivileged(), SHTARGET, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=60
    )


def recorded_years(path: Path) -> list[int]:
    loaded = load_file(path)
    assert not loaded.errors
    firms = next(t for t in loaded.dataset.targets if t.id == "firms")  # type: ignore[union-attr]
    return [a.year for a in firms.actuals]


# --- case 9: -o replaces only what it should ----------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_output_refuses_a_character_device(data: Path) -> None:
    device = data.parent / "mynull"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what `mknod mynull c 1 3` makes: a null device
    result = run_en("export", "-o", "mynull", cwd=data.parent)
    assert result.returncode == 2
    assert "shtarget: error: mynull is a character device, not a regular file" in result.stderr
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert_no_traceback(result)


def test_output_refuses_a_fifo(data: Path) -> None:
    fifo = data.parent / "ff"
    os.mkfifo(fifo)
    result = run_en("export", "-o", "ff", cwd=data.parent)
    assert result.returncode == 2
    assert "ff is a FIFO (named pipe), not a regular file" in result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_refuses_a_link_to_its_own_standard_output(data: Path) -> None:
    link = data.parent / "out"
    link.symlink_to("/proc/self/fd/1")
    result = run_en("export", "-o", "out", cwd=data.parent)
    assert result.returncode == 2
    assert "out is a symbolic link" in result.stderr
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"
    assert result.stdout == ""


def test_output_follows_a_link_only_to_a_regular_file_in_the_working_copy(
    data: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    (data.parent / "real.json").write_text("{}", encoding="utf-8")
    (data.parent / "link.json").symlink_to("real.json")
    assert run_en("export", "-o", "link.json", cwd=data.parent).returncode == 0
    assert (data.parent / "link.json").is_symlink()
    assert (data.parent / "real.json").read_text(encoding="utf-8").startswith('{\n  "schema": 1')
    outside = tmp_path_factory.mktemp("elsewhere") / "precious.txt"
    outside.write_text("keep me", encoding="utf-8")
    (data.parent / "away.json").symlink_to(outside)
    refused = run_en("export", "-o", "away.json", cwd=data.parent)
    assert refused.returncode == 2
    assert f"away.json is a symbolic link to {outside}; an output is written through a link only" in refused.stderr
    assert outside.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(
    ("command", "output", "what"),
    [
        (("export", "--format", "toml"), "targets.yaml", "the data file"),
        (("report",), "seeds/plan.txt", "the file of source 'plan-doc'"),
        (("export",), "hard-link.yaml", "the data file"),
        (("export",), "soft-link.yaml", "the data file"),
    ],
)
def test_output_never_replaces_a_file_the_command_reads(
    data: Path, command: tuple[str, ...], output: str, what: str
) -> None:
    os.link(data, data.parent / "hard-link.yaml")
    (data.parent / "soft-link.yaml").symlink_to("targets.yaml")
    before = {path: path.read_bytes() for path in (data, data.parent / "seeds" / "plan.txt")}
    result = run_en(*command, "-o", output, cwd=data.parent)
    assert result.returncode == 2
    assert f"is {what}, which this command reads; write the output to another file" in result.stderr
    assert {path: path.read_bytes() for path in before} == before


def test_output_keeps_modes_and_needs_force_for_a_read_only_file(data: Path) -> None:
    output = data.parent / "out.json"
    output.write_text("old", encoding="utf-8")
    output.chmod(0o640)
    assert run_en("export", "-o", "out.json", cwd=data.parent).returncode == 0
    assert stat.S_IMODE(output.stat().st_mode) == 0o640
    output.chmod(0o444)
    refused = run_en("export", "-o", "out.json", "--format", "csv", cwd=data.parent)
    assert refused.returncode == 2
    assert "out.json is read-only (mode 0444); use --force to replace it anyway" in refused.stderr
    assert output.read_text(encoding="utf-8").startswith("{")
    forced = run_en("export", "-o", "out.json", "--format", "csv", "--force", cwd=data.parent)
    assert forced.returncode == 0
    assert output.read_text(encoding="utf-8").startswith("id,")
    assert stat.S_IMODE(output.stat().st_mode) == 0o444


def test_output_into_a_missing_directory(data: Path) -> None:
    result = run_en("export", "-o", "nowhere/out.json", cwd=data.parent)
    assert result.returncode == 2
    assert "cannot write nowhere/out.json: directory nowhere does not exist" in result.stderr


def test_prepare_and_write_file_directly(tmp_path: Path) -> None:
    from shtarget.store import Refused, prepare, write_file

    assert prepare(tmp_path / "new.txt") == tmp_path / "new.txt"
    assert isinstance(prepare(tmp_path), Refused)
    assert write_file(tmp_path / "new.txt", b"x") is None
    assert (tmp_path / "new.txt").read_bytes() == b"x"
    refusal = write_file(tmp_path / "new.txt", b"y", protected=[(tmp_path / "new.txt", "the input")])
    assert refusal == Refused(
        f"{tmp_path / 'new.txt'} is the input, which this command reads; write the output to another file"
    )


# --- case 10: the data file's links and modes; the lock -----------------------------------------------------


def test_a_linked_data_file_is_edited_through_the_link(data: Path) -> None:
    real = data.parent / "data" / "2025.yaml"
    real.parent.mkdir()
    data.rename(real)
    data.symlink_to("data/2025.yaml")
    (data.parent / "data" / "seeds").symlink_to("../seeds")  # the file's sources are relative to where it is read
    result = run_en(*RECORD, cwd=data.parent)
    assert result.returncode == 0, result.stderr
    assert data.is_symlink() and os.readlink(data) == "data/2025.yaml"
    assert recorded_years(real) == [2021, 2022]


def test_a_read_only_data_file_needs_force_and_keeps_its_mode(data: Path) -> None:
    data.chmod(0o444)
    before = data.read_bytes()
    refused = run_en(*RECORD, cwd=data.parent)
    assert refused.returncode == 2
    assert "targets.yaml is read-only (mode 0444); use --force to replace it anyway; nothing written" in refused.stderr
    assert data.read_bytes() == before
    assert run_en(*RECORD, "--dry-run", cwd=data.parent).returncode == 0  # looking is fine
    forced = run_en(*RECORD, "--force", cwd=data.parent)
    assert forced.returncode == 0, forced.stderr
    assert recorded_years(data) == [2021, 2022]
    assert stat.S_IMODE(data.stat().st_mode) == 0o444


def test_a_hard_linked_data_file_needs_force(data: Path) -> None:
    os.link(data, data.parent / "other-name.yaml")
    refused = run_en(*RECORD, cwd=data.parent)
    assert refused.returncode == 2
    assert "targets.yaml has 2 hard links; the other names would keep the old content" in refused.stderr
    assert run_en(*RECORD, "--force", cwd=data.parent).returncode == 0


@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)])
def test_a_planted_lock_link_is_never_followed(data: Path, dry_run: tuple[str, ...]) -> None:
    planted = data.parent / "created-by-the-link"
    (data.parent / ".targets.yaml.lock").symlink_to(planted)
    result = run_en(*RECORD, *dry_run, cwd=data.parent)
    assert result.returncode == 0, result.stderr
    assert not os.path.lexists(planted)


def test_dry_run_works_in_a_read_only_directory(data: Path) -> None:
    directory = data.parent
    directory.chmod(0o555)
    try:
        dry = run_unprivileged(*RECORD, "--dry-run", cwd=directory)
        assert dry.returncode == 0, dry.stderr
        assert dry.stdout.startswith("--- a/targets.yaml\n+++ b/targets.yaml\n")
        write = run_unprivileged(*RECORD, cwd=directory)
        assert write.returncode == 2
        assert "shtarget: error: cannot write targets.yaml: Permission denied; nothing written" in write.stderr
        assert "Traceback" not in write.stderr
    finally:
        directory.chmod(0o755)
    assert sorted(path.name for path in directory.iterdir()) == ["seeds", "targets.yaml"]


def test_an_unreadable_seed_is_named_as_the_problem(data: Path) -> None:
    seed = data.parent / "seeds" / "plan.txt"
    seed.chmod(0o000)
    try:
        result = run_unprivileged(
            "record", "firms", "2022", "22000", "--source", "plan-doc", "--quote", "突破2.6万家", cwd=data.parent
        )
    finally:
        seed.chmod(0o644)
    assert result.returncode == 2
    assert "error[source-unreadable] sources.plan-doc: cannot read seeds/plan.txt: Permission denied" in result.stderr
    assert "cannot update" not in result.stderr and "Traceback" not in result.stderr


def test_a_data_file_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "targets.yaml")
    result = run_en(*RECORD, "--file", "targets.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "targets.yaml is a FIFO (named pipe), not a regular file" in result.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_writing_leaves_nothing_for_git_status(data: Path) -> None:
    def git(*args: str) -> str:
        identity = ("-c", "user.name=shtarget tests", "-c", "user.email=tests@example.org")
        done = subprocess.run(["git", *identity, *args], cwd=data.parent, capture_output=True, text=True, check=True)
        return done.stdout

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "data")
    assert run_en(*RECORD, cwd=data.parent).returncode == 0
    assert (
        run_en("sources", "add", "s", "--url", "https://example.org/s", "--title", "S", cwd=data.parent).returncode == 0
    )
    assert git("status", "--porcelain", "--ignored") == " M targets.yaml\n"


def test_a_directory_that_cannot_be_locked_is_named(data: Path) -> None:
    directory = data.parent
    directory.chmod(0o300)  # writable and searchable, but not readable: it cannot be opened to lock
    try:
        result = run_unprivileged(*RECORD, "--file", f"{directory.name}/targets.yaml", cwd=directory.parent)
    finally:
        directory.chmod(0o755)
    assert result.returncode == 2
    assert f"cannot lock the directory of {directory.name}/targets.yaml: Permission denied; nothing" in result.stderr
    assert recorded_years(data) == [2021]
