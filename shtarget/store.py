"""The one place shtarget writes files: every `-o` output, the data file `record` and `sources add` edit, and
the files `init` creates.

The rules, in the order they are checked (`prepare`):

- Only a regular file is replaced, or a new one created in an existing directory. A device (`/dev/null`), a
  FIFO, a socket or a directory is refused: shtarget would otherwise replace it with a regular file, and a
  FIFO's reader would get nothing.
- The last component may be a symbolic link only where one is expected. The data file's link is written
  through to its final target when that is a regular file (the link is how the user keeps the file, and it is
  the file just read). An output's link is followed only to a regular file inside `links_within` (the working
  copy); a link to anything else, such as `/proc/self/fd/1` or a file outside, is refused. Links in the
  directories above are the system's business and are followed.
- A file the command reads (the data file, its seed files) is never an output.
- A read-only file (no write permission bit, or not writable by this user) and a file with other hard links
  (which would keep the old content) are refused unless `force`.

The write goes to a temporary file in the same directory, fsync'd, given the old file's permission bits and,
where allowed, its owner, renamed over it, and the directory fsync'd: a reader sees the old file or the new
one, never half. Writers of one directory take turns through `locked`.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from shtarget.safe import visible


@dataclass(frozen=True)
class Refused:
    """Why a path may not be written; `message` names the path as the caller gave it."""

    message: str


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def describe(mode: int) -> str:
    """What a file of this mode is, in words ("a character device")."""
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def prepare(
    path: Path,
    *,
    force: bool = False,
    protected: Sequence[tuple[Path, str]] = (),
    links_within: Path | None = None,
    follow_any_link: bool = False,
    name: str | None = None,
) -> Path | Refused:
    """The regular file a write to `path` will replace (or create), or why it must not be written.

    `protected` pairs each file the command reads with what it is ("the data file"). `follow_any_link` is for
    the data file: its link leads to the file just read. Otherwise a link is followed only to a regular file
    inside `links_within` (no link at all when that is None). `name` is how messages call `path`.
    """
    shown = visible(name if name is not None else str(path))
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return _new_file(path, shown)
    except OSError as exc:
        return Refused(f"cannot write {shown}: {exc.strerror or exc}")
    target = path
    if stat.S_ISLNK(info.st_mode):
        followed = _follow(path, shown, links_within, follow_any_link)
        if isinstance(followed, Refused):
            return followed
        target, info = followed
        shown = f"{shown} (a link to {visible(str(target))})"
    if not stat.S_ISREG(info.st_mode):
        return Refused(f"{shown} is {describe(info.st_mode)}, not a regular file; shtarget writes only regular files")
    for read, what in protected:
        with contextlib.suppress(OSError):
            other = os.stat(read)
            if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
                return Refused(f"{shown} is {what}, which this command reads; write the output to another file")
    if not force:
        if _read_only(target, info):
            mode = stat.S_IMODE(info.st_mode)
            return Refused(f"{shown} is read-only (mode {mode:04o}); use --force to replace it anyway")
        if info.st_nlink > 1:
            return Refused(
                f"{shown} has {info.st_nlink} hard links; the other names would keep the old content"
                " (use --force to replace this one anyway)"
            )
    return target


def _new_file(path: Path, shown: str) -> Path | Refused:
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        return Refused(f"cannot write {shown}: directory {visible(str(directory))} does not exist")
    return path


def _follow(
    path: Path, shown: str, links_within: Path | None, follow_any_link: bool
) -> tuple[Path, os.stat_result] | Refused:
    try:
        target = path.resolve(strict=True)
        info = os.stat(target)
    except (OSError, RuntimeError):
        return Refused(f"{shown} is a symbolic link that leads nowhere (or in a loop); nothing written")
    if not stat.S_ISREG(info.st_mode):
        where = visible(str(target))
        return Refused(f"{shown} is a symbolic link to {where}, which is {describe(info.st_mode)}; nothing written")
    if follow_any_link:
        return target, info
    if links_within is None or not target.is_relative_to(links_within.resolve()):
        within = f" inside {visible(str(links_within))}" if links_within is not None else ""
        return Refused(
            f"{shown} is a symbolic link to {visible(str(target))}; an output is written through a link only"
            f" to a regular file{within or ' (none expected here)'}"
        )
    return target, info


def _read_only(path: Path, info: os.stat_result) -> bool:
    """Read-only by its mode bits (root may write anything, so access() alone would not say), or for this user."""
    return stat.S_IMODE(info.st_mode) & 0o222 == 0 or not os.access(path, os.W_OK)


def write_file(
    path: Path,
    data: bytes,
    *,
    force: bool = False,
    protected: Sequence[tuple[Path, str]] = (),
    links_within: Path | None = None,
) -> Refused | None:
    """Check `path` by the rules above, then write `data` there atomically; None when written."""
    target = prepare(path, force=force, protected=protected, links_within=links_within)
    if isinstance(target, Refused):
        return target
    try:
        write_atomic(target, data)
    except OSError as exc:
        return Refused(f"cannot write {visible(str(path))}: {exc.strerror or exc}")
    return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` (already `prepare`d) through a temporary file in the same directory, fsync'd,
    then renamed over it. An existing file keeps its permission bits and, where allowed, its owner; a new one
    gets the usual 0o666 less the umask."""
    directory = path.parent if str(path.parent) else Path(".")
    old = _stat_or_none(path)
    mode = stat.S_IMODE(old.st_mode) if old is not None else _default_mode()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        if old is not None and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
            with contextlib.suppress(OSError):  # only root may give a file away; others keep their own
                os.chown(temporary, old.st_uid, old.st_gid)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_directory(directory)


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files a killed writer left beside `path`. Call only while holding `locked` on its
    directory: then no other writer can be midway, so every such file is stale."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(directory: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on `directory` itself, so writers of the files in it take turns.

    Locking the directory needs no lock file: nothing to create (a read-only directory is fine), nothing a
    planted symlink could redirect, nothing to show in `git status`. Where fcntl does not exist (Windows)
    this does not lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(directory, flags)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
