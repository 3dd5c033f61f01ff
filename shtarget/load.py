"""Read a targets file into the model: bytes → text → plain data (parse.py or trust.py) → model (build.py).

Nothing here raises on bad input: every problem becomes a `Finding` and loading goes on, so one run reports
all of them. The dataset holds what could be read (a target with errors is left out), so `check` can go on to
verify provenance; commands that compute must refuse a result with errors.

A file is first read by yaml-rs when it is installed and the file is one both parsers must read alike (see
trust.py); whenever the builder finds anything on that data, the file is read again through PyYAML, which
locates it. PyYAML is imported only then, so a clean file never pays for it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, NamedTuple

from shtarget.build import ID_PATTERN, SCHEMA_VERSION, SOURCE_KINDS, YEAR_RANGE, Untrusted, build
from shtarget.model import Dataset, Finding, Severity, Span
from shtarget.trust import read_yaml_rs, trusted_by_yaml_rs

__all__ = ["ID_PATTERN", "SCHEMA_VERSION", "SOURCE_KINDS", "YEAR_RANGE", "LoadResult", "load_bytes", "load_file"]

# From this size up, yaml-rs parses in a thread of its own while the bytes are checked (on two cores the
# checks are then free); below it, starting the thread would cost more than it saves.
PARALLEL_CHECK_MIN_BYTES = 256 * 1024
# A data file larger than this is refused rather than read into memory (SHTARGET_MAX_BYTES changes it).
DEFAULT_MAX_BYTES = 256 * 1024 * 1024


class LoadResult(NamedTuple):
    """`dataset` is None when the file could not be read or parsed as YAML (then `readable` is False);
    otherwise it holds everything that loaded, and `errors` says whether it can be trusted."""

    dataset: Dataset | None
    findings: tuple[Finding, ...]
    readable: bool = True

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)


def load_file(
    path: Path, display: str | None = None, fast: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> LoadResult:
    """Load `path`; positions are reported against `display` (default: the path as given). Only a regular
    file is read (a FIFO would block, a device never end), and only up to `max_bytes`. With `fast`, a clean
    file may be read by yaml-rs, and its dataset then has no positions (`Dataset.located` is False)."""
    shown = display if display is not None else str(path)
    raw = read_regular_file(path, max_bytes)
    if isinstance(raw, str):
        return LoadResult(None, (Finding("unreadable", Severity.ERROR, raw, Span(shown, 1, 1)),), False)
    return load_bytes(raw, path, shown, fast)


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
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            return f"cannot read file: over the limit of {max_bytes:,} bytes (SHTARGET_MAX_BYTES)"
        return data
    except OSError as exc:
        return f"cannot read file: {_reason(exc)}"
    finally:
        os.close(descriptor)


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


def load_bytes(raw: bytes, path: Path, display: str, fast: bool = False) -> LoadResult:
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    if fast:
        dataset = read_fast(body, path, display)
        if dataset is not None:
            return LoadResult(dataset, ())
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        col = exc.start - (body.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"file is not UTF-8 (byte 0x{body[exc.start]:02x})"
        return LoadResult(None, (Finding("not-utf8", Severity.ERROR, message, Span(display, line, col)),), False)
    return load_text(text, path, display)


def read_fast(body: bytes, path: Path, display: str) -> Dataset | None:
    """The dataset through yaml-rs, or None when that reading cannot be trusted or has anything to report
    (then the caller reads the file through PyYAML, where every finding gets its position). yaml-rs takes
    the bytes and refuses any that are not UTF-8, so the text is decoded only for PyYAML."""
    document = body.removeprefix(b"\xef\xbb\xbf")  # PyYAML skips a second byte order mark too
    if len(body) < PARALLEL_CHECK_MIN_BYTES:
        if not trusted_by_yaml_rs(body):
            return None
        data = read_yaml_rs(document)
    else:
        import threading

        # yaml-rs releases the interpreter's lock while it parses, so the checks run alongside (it expands
        # no alias, so it may see a file before the checks have cleared it).
        parsed: list[Any] = []
        parser = threading.Thread(target=lambda: parsed.append(read_yaml_rs(document)))
        parser.start()
        trusted = trusted_by_yaml_rs(body)
        parser.join()
        data = parsed[0] if parsed and trusted else None
    if data is None:
        return None
    try:
        dataset, _ = build(data, path, display, None)
    except Untrusted:
        return None
    return dataset


def load_text(text: str, path: Path, display: str) -> LoadResult:
    """Load through PyYAML, every finding located. A file that is not YAML is unreadable (exit 2)."""
    from shtarget.parse import read_located

    located = read_located(text.removeprefix("\ufeff"), display)
    if isinstance(located, Finding):
        return LoadResult(None, (located,), False)
    dataset, findings = build(located.data, path, display, located)
    return LoadResult(dataset, tuple(findings))
