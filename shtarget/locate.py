"""Which targets file a command works on: --file, else $SHTARGET_FILE, else targets.yaml in the current
directory or a parent, else the copy shipped inside the package."""

from __future__ import annotations

from pathlib import Path

DATA_FILE_NAME = "targets.yaml"


def packaged_data_file() -> Path:
    """The targets.yaml bundled with the installed package (a source checkout uses the repository's own)."""
    from importlib import resources  # only when no data file was found (it costs 3 ms to import)

    bundled = Path(str(resources.files("shtarget"))) / "_data" / DATA_FILE_NAME
    if bundled.is_file():
        return bundled
    return Path(__file__).resolve().parent.parent / DATA_FILE_NAME


def find_data_file(explicit: Path | None, from_environment: str | None, cwd: Path) -> Path:
    if explicit is not None:
        return explicit
    if from_environment:
        return Path(from_environment)
    for directory in (cwd, *cwd.parents):
        candidate = directory / DATA_FILE_NAME
        if candidate.is_file():
            return candidate
    return packaged_data_file()


def display_path(path: Path, cwd: Path) -> str:
    """The path as the user gave it; a found path relative to the current directory when it lies inside it."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.resolve().relative_to(cwd.resolve()))
    except ValueError:
        return str(path)
