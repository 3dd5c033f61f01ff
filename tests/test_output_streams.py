"""Every command writes all its output or exits non-zero with a message (issue 21, items 13–14)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess

from test_cli import SHTARGET

from conftest import REPO


def test_a_non_blocking_stdout_pipe_gets_the_whole_report() -> None:
    expected = subprocess.run(
        [SHTARGET, "report", "--as-of", "2026", "--format", "html"], cwd=REPO, capture_output=True, check=True
    ).stdout
    assert len(expected) > 2 * 65536  # more than a pipe holds
    reader, writer = os.pipe()
    fcntl.fcntl(writer, fcntl.F_SETFL, fcntl.fcntl(writer, fcntl.F_GETFL) | os.O_NONBLOCK)
    process = subprocess.Popen(
        [SHTARGET, "report", "--as-of", "2026", "--format", "html"], cwd=REPO, stdout=writer, stderr=subprocess.PIPE
    )
    os.close(writer)
    # Nothing is read until the writer has filled the pipe: then it must wait (a non-blocking writer gives
    # up instead and ends, having written 64 KiB).
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=2)
    with os.fdopen(reader, "rb") as pipe:
        received = pipe.read()
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    assert received == expected


def test_a_closed_stdout_is_a_clear_error() -> None:
    result = subprocess.run(
        f"'{SHTARGET}' status >&-", shell=True, cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr == "shtarget: error: standard output is closed; nothing can be written\n"
