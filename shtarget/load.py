"""Read a targets file into the model: bytes → text → PyYAML's node graph (parse.py) → model (build.py).

Nothing here raises on bad input: every problem becomes a `Finding` and loading goes on, so one run reports
all of them. The dataset holds what could be read (a target with errors is left out), so `check` can go on to
verify provenance; commands that compute must refuse a result with errors.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple

from shtarget.build import build
from shtarget.model import Dataset, Finding, Severity, Span

__all__ = ["LoadResult", "load_bytes", "load_file"]

# A data file larger than this is refused rather than read into memory (SHTARGET_MAX_BYTES changes it).
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
READ_CHUNK = 1024 * 1024


class LoadResult(NamedTuple):
    """`dataset` is None when the file could not be read or parsed as YAML (then `readable` is False);
    otherwise it holds everything that loaded, and `errors` says whether it can be trusted."""

    dataset: Dataset | None
    findings: tuple[Finding, ...]
    readable: bool = True

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)


def load_file(path: Path, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Load `path`; positions are reported against `display` (default: the path as given). Only a regular
    file is read (a FIFO would block, a device never end), and only up to `max_bytes`."""
    shown = display if display is not None else str(path)
    raw = read_regular_file(path, max_bytes)
    if isinstance(raw, str):
        return LoadResult(None, (Finding("unreadable", Severity.ERROR, raw, Span(shown, 1, 1)),), False)
    return load_bytes(raw, path, shown)


def read_regular_file(path: Path, max_bytes: int) -> bytes | str:
    """The file's bytes, or why they cannot be read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError) as exc:
        return f"cannot read file: {_reason(exc)}"
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return "cannot read file: not a regular file"
        if info.st_size > max_bytes:
            limit = f"over the limit of {max_bytes:,} bytes (SHTARGET_MAX_BYTES)"
            return f"cannot read file: {info.st_size:,} bytes, {limit}"
        chunks, size = [], 0
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            # In chunks, never a buffer of `max_bytes`: the limit is a bound to check, not a size to allocate.
            while chunk := handle.read(READ_CHUNK):
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:  # the file grew while it was read
                    return f"cannot read file: over the limit of {max_bytes:,} bytes (SHTARGET_MAX_BYTES)"
        return b"".join(chunks)
    except OSError as exc:
        return f"cannot read file: {_reason(exc)}"
    finally:
        os.close(descriptor)


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


def load_bytes(raw: bytes, path: Path, display: str) -> LoadResult:
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        col = exc.start - (body.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"file is not UTF-8 (byte 0x{body[exc.start]:02x})"
        return LoadResult(None, (Finding("not-utf8", Severity.ERROR, message, Span(display, line, col)),), False)
    return load_text(text, path, display)


def load_text(text: str, path: Path, display: str) -> LoadResult:
    """Load through PyYAML, every finding located. A file that is not YAML is unreadable (exit 2)."""
    from shtarget.parse import read_located

    located = read_located(text.removeprefix("\ufeff"), display)
    if isinstance(located, Finding):
        return LoadResult(None, (located,), False)
    dataset, findings = build(located.data, path, display, located)
    return LoadResult(dataset, tuple(findings))
