"""Which targets file a command works on, and the copy bundled with shtarget.

The file: --file, else $SHTARGET_FILE, else targets.yaml in the current directory or a parent, else the copy
bundled with the package. The bundled copy (site-packages `shtarget/_data/`, or the repository checkout when
shtarget is installed editable and no other file is found) is sample data: shtarget reads it but never edits
it; `shtarget init` copies it into a working copy that can be edited.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import NamedTuple

DATA_FILE_NAME = "targets.yaml"
# What the working copy's .gitignore covers: the temporary file of a write that was killed midway, and the
# lock file earlier shtarget versions left beside the data (the lock is now the directory itself).
GITIGNORE_LINES = ("/.targets.yaml.*.tmp", "/.targets.yaml.lock")
WORKFLOW_PATH = ".github/workflows/targets.yml"
_WORKFLOW_BLOCK = r"`\.github/workflows/targets\.yml`:\s*\n+```yaml\n(.*?\n)```"  # compiled by `init` alone


class Origin(Enum):
    OPTION = "--file"
    ENVIRONMENT = "$SHTARGET_FILE"
    FOUND = "found"
    BUNDLED = "bundled"


class DataFile(NamedTuple):
    path: Path
    origin: Origin

    @property
    def bundled(self) -> bool:
        """The sample data shipped with shtarget, however it was reached."""
        return self.origin is Origin.BUNDLED or is_inside_package_data(self.path)


def _package_data_dir() -> Path:
    """Where a wheel puts the bundled data: `_data` beside this module (importlib.resources would say the
    same for an installed package, at 3 ms of import on every run)."""
    return Path(__file__).resolve().parent / "_data"


def _checkout_dir() -> Path:
    """The repository an editable install runs from."""
    return Path(__file__).resolve().parent.parent


def packaged_data_file() -> Path:
    """The targets.yaml bundled with the installed package (a source checkout uses the repository's own)."""
    bundled = _package_data_dir() / DATA_FILE_NAME
    if bundled.is_file():
        return bundled
    return _checkout_dir() / DATA_FILE_NAME


def is_inside_package_data(path: Path) -> bool:
    """Whether `path` lies in the installed package's `_data` directory (never a working copy)."""
    data_dir = _package_data_dir()
    try:
        return data_dir.is_dir() and path.resolve().is_relative_to(data_dir.resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def find_data_file(explicit: Path | None, from_environment: str | None, cwd: Path) -> DataFile:
    if explicit is not None:
        return DataFile(explicit, Origin.OPTION)
    if from_environment:
        return DataFile(Path(from_environment), Origin.ENVIRONMENT)
    for directory in (cwd, *cwd.parents):
        candidate = directory / DATA_FILE_NAME
        if candidate.is_file():
            return DataFile(candidate, Origin.FOUND)
    return DataFile(packaged_data_file(), Origin.BUNDLED)


def display_path(path: Path, cwd: Path) -> str:
    """The path as the user gave it; an absolute one relative to the current directory when it lies inside it
    or in a directory above it (`../targets.yaml`, as found in a parent). The directories are resolved (the
    current one may be reached through a link), the name is kept: a targets.yaml that links elsewhere is
    still called targets.yaml."""
    if not path.is_absolute():
        return str(path)
    try:
        here, directory = cwd.resolve(), path.parent.resolve()
        if here.is_relative_to(directory):
            return str(Path(*[".."] * (len(here.parts) - len(directory.parts)), path.name))
        return str((directory / path.name).relative_to(here))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def announcement(data: DataFile, cwd: Path) -> tuple[str, str] | None:
    """Which data file is used, when it is not ./targets.yaml and not named by --file: the message's key (in
    render/messages.py) and the file as shown."""
    if data.origin is Origin.OPTION:
        return None
    if data.bundled:
        return "using-sample", str(data.path)
    try:
        if data.path.resolve() == (cwd / DATA_FILE_NAME).resolve():
            return None
    except (OSError, RuntimeError):
        pass
    shown = display_path(data.path, cwd)
    return ("using-environment" if data.origin is Origin.ENVIRONMENT else "using"), shown


# --- shtarget init ------------------------------------------------------------------------------------------


def working_copy_files(with_ci: bool) -> list[tuple[str, bytes]]:
    """What `shtarget init` writes, as (relative path, content): the bundled targets.yaml and its seeds, the
    JSON Schema its first line points editors at, a .gitignore and, with `with_ci`, the workflow of docs/ci.md."""
    import json

    from shtarget.schema import targets_schema

    data = packaged_data_file()
    files = [(DATA_FILE_NAME, data.read_bytes())]
    seeds = data.parent / "seeds"
    files += [(f"seeds/{seed.name}", seed.read_bytes()) for seed in sorted(seeds.iterdir()) if seed.is_file()]
    schema = json.dumps(targets_schema(), ensure_ascii=False, indent=2) + "\n"
    files.append(("schema/targets.schema.json", schema.encode("utf-8")))
    files.append((".gitignore", gitignore_text("").encode("utf-8")))
    if with_ci:
        files.append((WORKFLOW_PATH, ci_workflow().encode("utf-8")))
    return files


def gitignore_text(existing: str) -> str:
    """`existing` .gitignore text with the lines shtarget needs added (nothing when they are there)."""
    have = {line.strip() for line in existing.splitlines()}
    missing = [line for line in GITIGNORE_LINES if line not in have]
    if not missing:
        return existing
    lead = "" if not existing or existing.endswith("\n") else "\n"
    block = "# shtarget: the temporary file of an interrupted write; the lock file of earlier versions\n"
    return existing + lead + ("\n" if existing else "") + block + "".join(line + "\n" for line in missing)


def ci_workflow() -> str:
    """The GitHub Actions workflow given in docs/ci.md (bundled as _data/ci.md)."""
    bundled = _package_data_dir() / "ci.md"
    guide = bundled if bundled.is_file() else _checkout_dir() / "docs" / "ci.md"
    found = re.search(_WORKFLOW_BLOCK, guide.read_text(encoding="utf-8"), re.DOTALL)
    if found is None:  # pragma: no cover - tests/test_init.py checks the guide has it
        raise LookupError(f"no workflow block in {guide}")
    return found.group(1)
